"""The cache between builds (generator/plugin/cache.py): a warm build is the cold build,
byte for byte, and no edit of an input serves stale output.

Most tests run the plugin's `on_config` and `on_files` on a real MkDocs configuration of the
synthetic archive and compare everything the plugin hands MkDocs: each generated file (its
bytes, and its text where MkDocs reads it as a page), its edit link, the hand-written pages'
edit links, the navigation, the `abbr` glossary, the extra CSS and JS, and the messages the
plugin logs. The rest of the build only renders that. Two full builds check the whole site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs.structure.files import File

from conftest import BASE_URL, FIXED_EPOCH, build_site_into, synthetic_project
from generator.outputs import SiteOptions
from generator.plugin import cache

OTHER_DAY = "1800000000"  # 2027-01-15: another "today" for the pages' "what comes next"
TEXT_FILE = "policies/zorgsoorten/wijkzorg/2026.yaml"
EDIT_OLD, EDIT_NEW = "Passende zorg in de wijk", "Passende zorg dichtbij huis"


@pytest.fixture
def project(tmp_path) -> Path:
    return synthetic_project(tmp_path)


def plugins(cache_dir: Path | None, **options) -> list:
    """The plugin list of a build: the cache in `cache_dir`, or off when None."""
    settings = {"policies": "policies", "cache": cache_dir is not None, "cache_dir": str(cache_dir or "unused"), **options}
    return [{"caresq": settings}]


def generate(project: Path, cache_dir: Path | None, *, site_url: str = BASE_URL, directory_urls: bool = True,
             **options) -> dict:
    """What the plugin hands MkDocs for one build (its `on_config` and `on_files`), and
    whether it came from the cache. A build the plugin stops is its error message."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import get_files

    watch = {"watch": [options["policies"]]} if "policies" in options else {}  # the policies folder must exist
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), site_url=site_url,
                         use_directory_urls=directory_urls, plugins=plugins(cache_dir, **options), **watch)
    plugin = config.plugins["caresq"]
    config.plugins.on_startup(command="build", dirty=False)
    messages: list[str] = []
    handler = logging.Handler()
    logger = logging.getLogger("mkdocs.plugins.caresq")
    # The plugin's own lines; the cache's (a child logger) say hit or miss, which "hit" tells.
    handler.emit = lambda record: messages.append(record.getMessage()) if record.name == logger.name else None
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
    except PluginError as error:
        return {"error": str(error), "messages": messages}
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    generated = {f.src_uri: (f.content_bytes, f.content_string if f.is_documentation_page() else None, f.edit_uri)
                 for f in files if f.generated_by}
    return {
        "hit": plugin.found is not None,
        "files": generated,
        "hand_written": {f.src_uri: f.edit_uri for f in files if not f.generated_by},
        "nav": config.nav,
        "abbr": config.mdx_configs.get("abbr"),
        "extra": ([str(s) for s in config.extra_css], [str(s) for s in config.extra_javascript]),
        "messages": messages,
    }


def differences(one: dict, other: dict) -> list[str]:
    """Where two builds differ (besides being a cache hit): a short list for the failure message."""
    found = [name for name in (one.keys() | other.keys()) - {"files", "hit"} if one.get(name) != other.get(name)]
    files, other_files = one.get("files", {}), other.get("files", {})
    found += sorted(uri for uri in files.keys() | other_files.keys() if files.get(uri) != other_files.get(uri))
    return found


def same(one: dict, other: dict) -> bool:
    return not differences(one, other)


def entries(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.iterdir() if len(p.name) == 64) if cache_dir.exists() else []


@pytest.fixture(autouse=True)
def fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


# --------------------------------------------------------------------------- warm = cold


def test_a_warm_build_hands_mkdocs_what_a_cold_build_does(project, tmp_path):
    cold = generate(project, None)
    first = generate(project, tmp_path / "cache")
    warm = generate(project, tmp_path / "cache")
    assert "error" not in cold and not first["hit"] and warm["hit"]
    assert differences(first, cold) == [] and differences(warm, cold) == []
    assert len(entries(tmp_path / "cache")) == 1
    # Pages come from the cache's files; what MkDocs gets is the same text.
    assert any(text is not None for _, text, _ in warm["files"].values())


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "no-directory-urls"])
def test_a_warm_build_writes_the_same_site_byte_for_byte(project, tmp_path, directory_urls):
    def site(name: str, cache_dir: Path | None) -> dict[str, bytes]:
        built = build_site_into(tmp_path / name, project / "mkdocs.yml", site_url=BASE_URL,
                                use_directory_urls=directory_urls, plugins=plugins(cache_dir))
        return {p.relative_to(built).as_posix(): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}

    cold = site("cold", tmp_path / "cache")  # generates, and stores
    warm = site("warm", tmp_path / "cache")
    assert len(entries(tmp_path / "cache")) == 1
    assert warm.keys() == cold.keys()
    assert [uri for uri in cold if warm[uri] != cold[uri]] == []


# --------------------------------------------------------------------------- no edit serves stale output


def _text(project: Path) -> None:
    path = project / TEXT_FILE
    text = path.read_text(encoding="utf-8")
    assert EDIT_OLD in text
    path.write_text(text.replace(EDIT_OLD, EDIT_NEW), encoding="utf-8")


def _add(project: Path) -> None:
    folder = project / "policies/gedeeld/disclaimer"
    text = (folder / "2026.yaml").read_text(encoding="utf-8")
    text = text.replace('versie: "2026"', 'versie: "2027"').replace("periode: 2026 en later", "periode: 2027 en later")
    (folder / "2027.yaml").write_text(text.replace("sinds: 2025-03-28", "sinds: 2026-03-28"), encoding="utf-8")


def _remove(project: Path) -> None:
    (project / "policies/zorgsoorten/wijkzorg/2025.yaml").unlink()


def _remove_referenced(project: Path) -> None:
    (project / "policies/gedeeld/zn-digitaal/2025.yaml").unlink()  # gedeeld/themas/2025.yaml embeds it


def _rename(project: Path) -> None:
    folder = project / "policies/zorgsoorten/wijkzorg"
    (folder / "2025.yaml").rename(folder / "2025.yml")  # check refuses .yml: the build must stop


def _rename_folder(project: Path) -> None:
    (project / "policies").rename(project / "beleid")  # the pages' edit links name the folder


def _add_other_file(project: Path) -> None:
    (project / "policies/notities.txt").write_text("Aantekening.\n", encoding="utf-8")


def _change_other_file(project: Path) -> None:
    (project / "policies/notities.txt").write_text("Een andere aantekening.\n", encoding="utf-8")


def _hand_written_page(project: Path) -> None:
    (project / "docs/over-de-proef.md").write_text("# Over de proef\n\nTekst.\n", encoding="utf-8")


@dataclasses.dataclass
class Edit:
    change: object = None  # project -> None, applied to the files
    after: dict = dataclasses.field(default_factory=dict)  # `generate` options of the build after it
    before: dict = dataclasses.field(default_factory=dict)  # ... and of the build before it
    setup: object = None  # project -> None, before the first build
    epoch: str | None = None  # SOURCE_DATE_EPOCH after it
    changes_output: bool = True


EDITS = {
    "policy text": Edit(_text),
    "add a policy file": Edit(_add),
    "remove a policy file": Edit(_remove),
    "remove a file another refers to": Edit(_remove_referenced),
    "rename a policy file": Edit(_rename),
    "rename the policies folder": Edit(_rename_folder, after={"policies": "beleid"}),
    "add a non-YAML file": Edit(_add_other_file),
    "change a non-YAML file": Edit(_change_other_file, setup=_add_other_file, changes_output=False),
    "add a hand-written page": Edit(_hand_written_page),
    "site_url": Edit(after={"site_url": "https://elders.example.test/"}),
    "use_directory_urls": Edit(after={"directory_urls": False}),
    "build date": Edit(epoch=OTHER_DAY),
    "drafts": Edit(after={"drafts": "always"}),
    # Drafts carry transparency warnings; strict makes them errors.
    "strict_transparency": Edit(before={"drafts": "always"}, after={"drafts": "always", "strict_transparency": True}),
}


@pytest.mark.parametrize("name", EDITS)
def test_no_edit_serves_stale_output(name, project, tmp_path, monkeypatch):
    edit = EDITS[name]
    store = tmp_path / "cache"
    if edit.setup:
        edit.setup(project)
    before = generate(project, store, **edit.before)
    assert "error" not in before and len(entries(store)) == 1
    if edit.change:
        edit.change(project)
    if edit.epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", edit.epoch)
    cold = generate(project, None, **edit.after)
    warm = generate(project, store, **edit.after)
    assert not warm.get("hit"), "an edited input was served from the cache"
    assert differences(warm, cold) == []
    if edit.changes_output:
        assert not same(warm, before)
    if "error" not in cold:  # the entry stored after the edit serves the edited input
        again = generate(project, store, **edit.after)
        assert again["hit"] and differences(again, cold) == []


def test_a_hand_written_page_gets_its_menu_entry_from_a_warm_build(project, tmp_path):
    """docs/ is no input of the key: the entry's menu is checked against the pages instead."""
    store = tmp_path / "cache"
    generate(project, store)
    _hand_written_page(project)
    warm = generate(project, store)
    [about] = [item["Over deze site"] for item in warm["nav"] if "Over deze site" in item]
    assert "over-de-proef.md" in about
    assert differences(warm, generate(project, None)) == []
    assert len(entries(store)) == 1  # the entry was replaced by one for the new pages
    assert generate(project, store)["hit"]


# --------------------------------------------------------------------------- the generator as an input


def _generator_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "generator"
    shutil.copytree(cache.GENERATOR_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("part", ["outputs/ical.py", "render/templates", "render/assets"])
def test_one_changed_byte_of_the_generator_is_another_key(part, tmp_path):
    copy = _generator_copy(tmp_path)
    target = copy / part if (copy / part).is_file() else sorted(p for p in (copy / part).iterdir() if p.is_file())[0]
    inputs = cache.Inputs(Path("tests/archive"), SiteOptions(base_url=BASE_URL), drafts=False, strict_transparency=False)
    before = cache.key(inputs, cache.tree_digest(copy, skip=("__pycache__",)))
    _flip_one_byte(target)
    assert cache.key(inputs, cache.tree_digest(copy, skip=("__pycache__",))) != before


def test_a_build_with_other_generator_code_is_a_miss(project, tmp_path, monkeypatch):
    store = tmp_path / "cache"
    generate(project, store)
    copy = _generator_copy(tmp_path)
    _flip_one_byte(copy / "outputs/pages.py")
    # A process that imported the edited code: its fingerprint and the files agree.
    monkeypatch.setattr(cache, "GENERATOR_ROOT", copy)
    monkeypatch.setattr(cache, "RUNNING_GENERATOR", cache.generator_digest())
    warm = generate(project, store)
    assert not warm["hit"] and len(entries(store)) == 2
    assert differences(warm, generate(project, None)) == []


def test_code_edited_after_the_start_turns_the_cache_off(project, tmp_path, monkeypatch):
    """Under `mkdocs serve` the process keeps the code it imported: an entry filed under
    the edited files would hold the old code's output. Neither read nor written."""
    store = tmp_path / "cache"
    generate(project, store)
    copy = _generator_copy(tmp_path)
    _flip_one_byte(copy / "render/templates" / sorted(p.name for p in (copy / "render/templates").iterdir())[0])
    monkeypatch.setattr(cache, "GENERATOR_ROOT", copy)  # the files changed, RUNNING_GENERATOR did not
    after = generate(project, store)
    assert not after["hit"] and len(entries(store)) == 1
    _text(project)
    assert not generate(project, store)["hit"] and len(entries(store)) == 1


def test_installed_libraries_are_part_of_the_key(monkeypatch):
    inputs = cache.Inputs(Path("tests/archive"), SiteOptions(base_url=BASE_URL), drafts=False, strict_transparency=False)
    before = cache.key(inputs, "g")
    assert any(name.startswith("jinja2-") for name in cache._environment().splitlines())
    monkeypatch.setattr(cache, "_environment", lambda: "Python 3.11\njinja2-9.9.dist-info")
    assert cache.key(inputs, "g") != before


def test_every_site_option_is_part_of_the_key():
    """A new SiteOptions field cannot be forgotten: the key takes them all."""
    base = cache.Inputs(Path("tests/archive"), SiteOptions(base_url=BASE_URL, today=dt.date(2026, 1, 1)),
                        drafts=False, strict_transparency=False)
    other = {"base_url": "https://elders.example.test/", "directory_urls": False, "today": dt.date(2026, 1, 2)}
    assert other.keys() == {f.name for f in dataclasses.fields(SiteOptions)}
    for name, value in other.items():
        changed = dataclasses.replace(base, options=dataclasses.replace(base.options, **{name: value}))
        assert cache.key(changed, "g") != cache.key(base, "g"), name


def test_what_mkdocs_reads_from_the_cache_is_what_was_generated(synthetic_project_dir, tmp_path):
    """MkDocs reads a page from disk as text (universal newlines, a byte order mark dropped)
    and copies other files: each generated file reaches MkDocs as it was made."""
    from mkdocs.config import load_config

    from generator.outputs import GeneratedSite

    contents = {"a.md": "# A\r\n\r\nregel\rregel\n", "b.md": "\ufeff# B\n", "c.md": "# C\n\nÉén regel.\n",
                "d.md": b"\xef\xbb\xbf# D\r\n", "feed.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                "data/e.json": '{"tekst": "regel\\r\\n"}\r\n', "assets/f.css": "a { }\n"}
    store = cache.BuildCache(tmp_path / "cache", "0" * 64)
    store.store(GeneratedSite(files=contents, sources={"a.md": "policies/a.yaml"}), cache.Notes(["bericht"], {"A": "a"}),
                [{"A": "a.md"}], ["index.md"])
    entry = store.read()
    assert entry is not None and entry.sources == {"a.md": "policies/a.yaml"} and entry.nav == [{"A": "a.md"}]
    assert entry.notes == cache.Notes(["bericht"], {"A": "a"}) and entry.hand_written == ["index.md"]
    config = load_config(str(synthetic_project_dir / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "caresq"  # as during the plugin's on_files
    served = {file.src_uri: file for file in entry.mkdocs_files(config)}
    assert list(served) == sorted(contents)
    for uri, content in contents.items():
        expected = File.generated(config, uri, content=content)
        if expected.is_documentation_page():
            assert served[uri].content_string == expected.content_string, uri
        assert served[uri].content_bytes == expected.content_bytes, uri
    assert served["c.md"].abs_src_path and served["feed.ics"].abs_src_path  # read from disk, not held in memory
    assert not served["a.md"].abs_src_path  # text read from disk would lose its carriage returns


# --------------------------------------------------------------------------- a broken cache is a miss


def _truncate_a_file(entry: Path) -> None:
    page = next(p for p in sorted((entry / "files").rglob("*.md")))
    page.write_bytes(page.read_bytes()[:-1])


def _drop_a_file(entry: Path) -> None:
    next(p for p in sorted((entry / "files").rglob("*.ics"))).unlink()


def _garble_the_manifest(entry: Path) -> None:
    (entry / cache.MANIFEST).write_text('{"format": 1, "key": ', encoding="utf-8")


def _old_format(entry: Path) -> None:
    manifest = json.loads((entry / cache.MANIFEST).read_text(encoding="utf-8"))
    manifest["format"] = cache.FORMAT - 1
    (entry / cache.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _no_manifest(entry: Path) -> None:
    (entry / cache.MANIFEST).unlink()


@pytest.mark.parametrize("damage", [_truncate_a_file, _drop_a_file, _garble_the_manifest, _old_format, _no_manifest])
def test_a_damaged_entry_is_a_miss_and_is_replaced(damage, project, tmp_path):
    store = tmp_path / "cache"
    generate(project, store)
    [entry] = entries(store)
    damage(entry)
    warm = generate(project, store)
    assert not warm["hit"] and differences(warm, generate(project, None)) == []
    assert generate(project, store)["hit"]


def test_only_the_most_recently_used_entries_are_kept(project, tmp_path, monkeypatch):
    store = tmp_path / "cache"
    urls = [f"https://site-{n}.example.test/" for n in range(cache.KEEP + 2)]
    for url in urls[:cache.KEEP]:
        generate(project, store, site_url=url)
    assert generate(project, store, site_url=urls[0])["hit"]  # used again: now the newest
    for url in urls[cache.KEEP:]:
        generate(project, store, site_url=url)
    assert len(entries(store)) == cache.KEEP
    assert generate(project, store, site_url=urls[0])["hit"]
    assert not generate(project, store, site_url=urls[1])["hit"]


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(project, tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    built = generate(project, blocked)
    assert "error" not in built and differences(built, generate(project, None)) == []


def test_the_preview_state_is_never_stored(project, tmp_path):
    """Under `mkdocs serve`, bad data shows the error page: that build is not cached."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    _remove_referenced(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "serve"), site_url=BASE_URL,
                         plugins=plugins(tmp_path / "cache"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)
    assert config.plugins["caresq"].problems
    assert entries(tmp_path / "cache") == []


# --------------------------------------------------------------------------- series of edits


_SERIES_EDITS = [_text, _add, _remove, _add_other_file, _hand_written_page]


def _undo(project: Path, pristine: Path) -> None:
    for name in ("policies", "docs"):
        shutil.rmtree(project / name)
        shutil.copytree(pristine / name, project / name)


@settings(max_examples=4, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sets(st.sampled_from(range(len(_SERIES_EDITS)))),
                                st.sampled_from([FIXED_EPOCH, OTHER_DAY]), st.booleans()),
                      min_size=2, max_size=3))
def test_a_series_of_edits_and_undos_never_serves_stale_output(steps, tmp_path_factory, monkeypatch):
    """Each step sets the inputs to some edits of the pristine archive (undoing the others),
    a build date and a directory mode; with one cache throughout, every build is the
    cold build of its inputs, and a return to earlier inputs may be served from the cache."""
    base = tmp_path_factory.mktemp("series")
    project = synthetic_project(base)
    pristine = base / "pristine"
    for name in ("policies", "docs"):
        shutil.copytree(project / name, pristine / name)
    store = base / "cache"
    seen = set()
    for chosen, epoch, directory_urls in steps:
        _undo(project, pristine)
        for index in sorted(chosen):
            _SERIES_EDITS[index](project)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        warm = generate(project, store, directory_urls=directory_urls)
        assert differences(warm, generate(project, None, directory_urls=directory_urls)) == []
        state = (frozenset(chosen), epoch, directory_urls)
        if state not in seen:  # inputs never built before (a seen one may have been pruned)
            assert not warm["hit"]
        seen.add(state)


# --------------------------------------------------------------------------- page policies (CSP)


def test_a_page_policy_is_reused_only_for_the_same_page_and_generator(tmp_path):
    from generator.plugin import csp

    page = '<html><head><meta charset="utf-8"><script>var a = 1;</script></head><body></body></html>'
    computed: list[str] = []

    def compute(html: str) -> str:
        computed.append(html)
        return csp.page_policy(html)

    first = cache.PagePolicies(tmp_path, "generator-a")
    policy = first.policy(page, compute)
    first.save()
    assert computed == [page] and "'sha256-" in policy

    again = cache.PagePolicies(tmp_path, "generator-a")
    assert again.policy(page, compute) == policy and computed == [page]  # kept: not parsed again
    other_page = page.replace("a = 1", "a = 2")
    assert again.policy(other_page, compute) != policy and computed[-1] == other_page  # one byte: parsed

    other_code = cache.PagePolicies(tmp_path, "generator-b")
    other_code.policy(page, compute)
    assert computed[-1] == page and len(computed) == 3  # written by other code: parsed


def test_a_refused_page_is_never_kept(tmp_path):
    from generator.plugin import csp

    page = ('<html><head><meta charset="utf-8"></head><body><div class="md-content"><article>'
            '<script>alert(1)</script></article></div></body></html>')
    kept = cache.PagePolicies(tmp_path, "generator")
    for _ in range(2):
        with pytest.raises(csp.ScriptInContent):
            kept.policy(page, csp.page_policy)
        kept.save()
        kept = cache.PagePolicies(tmp_path, "generator")


def test_after_an_edit_the_pages_get_their_own_policies(project, tmp_path):
    def site(name: str, cache_dir: Path | None) -> dict[str, bytes]:
        built = build_site_into(tmp_path / name, project / "mkdocs.yml", site_url=BASE_URL, plugins=plugins(cache_dir))
        return {p.relative_to(built).as_posix(): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}

    before = site("before", tmp_path / "cache")
    assert (tmp_path / "cache" / cache.PagePolicies.FILE).is_file()
    path = project / TEXT_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(EDIT_OLD, EDIT_NEW), encoding="utf-8")
    warm, cold = site("warm", tmp_path / "cache"), site("cold", None)
    assert [uri for uri in cold if warm.get(uri) != cold[uri]] == [] and warm.keys() == cold.keys()
    assert any(before[uri] != cold[uri] for uri in cold if uri.endswith(".html") and uri in before)


def test_a_cold_build_that_stored_its_entry_renders_from_it(project, tmp_path):
    """The generated text is not kept in memory while MkDocs renders: after storing, MkDocs
    reads the pages from the entry, as in a warm build (bench/RESULTS.md: peak memory)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), site_url=BASE_URL,
                         plugins=plugins(tmp_path / "cache"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    plugin = config.plugins["caresq"]
    assert plugin.found is None and plugin.archive is None  # generated, stored, and let go
    generated = [f for f in files if f.generated_by]
    assert generated and all(f.abs_src_path and Path(f.abs_src_path).is_relative_to(tmp_path / "cache")
                             for f in generated if f.is_documentation_page())


def test_a_build_from_the_cache_imports_none_of_the_core(project, tmp_path):
    """What makes a warm build nearly free (bench/RESULTS.md): the plugin imports the core
    (documents, rules, templates, feeds) only when it has to generate."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from mkdocs.commands.build import build; from mkdocs.config import load_config\n"
        f"build(load_config({str(project / 'mkdocs.yml')!r}, site_dir={str(tmp_path / 'site')!r}))\n"
        "core = ('generator.model.documents', 'generator.check', 'generator.outputs', 'generator.render.context',"
        " 'icalendar', 'pydantic', 'jinja2.sandbox')\n"
        "print(sorted(name for name in core if name in sys.modules))\n"
    )
    env = {**os.environ, "CARESQ_CACHE": "true", "CARESQ_CACHE_DIR": str(tmp_path / "cache"),
           "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parents[1]).stdout.strip().splitlines()[-1] for _ in range(2)]
    assert "generator.outputs" in runs[0]  # the first build generates
    assert runs[1] == "[]"
