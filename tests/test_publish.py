"""`python -m generator publish --to DIR`: a new site appears whole, or not at all.

TARGET is a symlink into TARGET.releases/ (see generator/tools/publishing.py).
A failed build, a failed check, a failed switch and a kill at any moment must
leave the site that is being served as it was, and the next run must clean up
whatever a killed run left. Folders that are not an earlier publish are refused.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXED_EPOCH, ROOT, project_copy, synthetic_project
from generator.tools import publishing
from generator.tools.cli import main


def manifest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def tiny_build(text: str):
    """A stand-in for the MkDocs build: a two-page site that says `text`."""
    def build(site_dir: Path, config_file: Path) -> str:
        for name in ("index.html", "404.html"):
            (site_dir / name).write_text(f"<h1>{text}</h1>", encoding="utf-8")
        return "https://example.org/beleid/"
    return build


def old_site(target: Path, monkeypatch) -> dict[str, str]:
    """A site published before the test: it must survive every failure."""
    with monkeypatch.context() as patch:
        patch.setattr(publishing, "build_into", tiny_build("de oude site"))
        publishing.publish(target, ROOT / "mkdocs.yml")
    return manifest(target)


def leftovers(target: Path) -> list[str]:
    """What lies beside the live site other than the live release and the one before it: must be nothing."""
    releases = publishing.releases_of(target)
    beside = [p.name for p in target.parent.iterdir() if p not in (target, releases)]
    kept = {publishing.PUBLISH_MARKER, publishing.LOCK, publishing.live_release(target)}
    inside = sorted(p.name for p in releases.iterdir() if p.name not in kept) if releases.exists() else []
    assert len(inside) <= 1, f"more than one earlier release kept: {inside}"
    assert not any(name.endswith(publishing.STAGING_SUFFIX) for name in inside), inside
    return sorted(beside)


@pytest.fixture(autouse=True)
def fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", FIXED_EPOCH))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def test_publish_switches_to_a_checked_site(tmp_path, monkeypatch, synthetic_project_dir):
    target = tmp_path / "www" / "beleid"
    before = old_site(target, monkeypatch)
    old_release = publishing.live_release(target)
    result = CliRunner().invoke(main, ["publish", "--to", str(target), "-f", str(synthetic_project_dir / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "gepubliceerd:" in result.output and "terugzetten: ln -sfn beleid.releases/" in result.output
    assert target.is_symlink() and publishing.live_release(target) != old_release
    assert (target / "zorgsoorten" / "wijkzorg" / "2026" / "index.html").is_file()
    assert (target / "sitemap.xml").is_file()
    assert "de oude site" not in (target / "index.html").read_text(encoding="utf-8")  # a switch, not a merge
    assert manifest(publishing.releases_of(target) / old_release) == before  # kept for a rollback
    assert leftovers(target) == []


def test_republishing_keeps_only_the_previous_release(tmp_path, monkeypatch):
    target = tmp_path / "www" / "beleid"
    names = []
    for text in ("een", "twee", "drie"):
        monkeypatch.setattr(publishing, "build_into", tiny_build(text))
        published = publishing.publish(target, ROOT / "mkdocs.yml")
        names.append(published.release.name)
        assert (target / "index.html").read_text(encoding="utf-8") == f"<h1>{text}</h1>"
    assert published.previous is not None and published.previous.name == names[1]
    assert sorted(p.name for p in publishing.releases_of(target).iterdir()) == sorted(
        [publishing.LOCK, publishing.PUBLISH_MARKER, *names[1:]])
    assert leftovers(target) == []


def test_failing_build_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    project = synthetic_project(tmp_path)
    policy = project / "policies" / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("jaar: 2026", "jaar: twintig-zesentwintig"), encoding="utf-8")
    target = tmp_path / "www" / "beleid"
    before = old_site(target, monkeypatch)
    result = CliRunner().invoke(main, ["publish", "--to", str(target), "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "niet gepubliceerd" in result.output and "is niet veranderd" in result.output
    assert "2026.yaml:4:" in result.output  # the editor sees which line to fix
    assert manifest(target) == before
    assert leftovers(target) == []


def test_failing_check_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    def build_with_a_broken_link(site_dir: Path, config_file: Path) -> str:
        for name in ("index.html", "404.html"):
            (site_dir / name).write_text('<a href="bestaat-niet/">kapot</a>', encoding="utf-8")
        return "https://example.org/beleid/"

    target = tmp_path / "www" / "beleid"
    before = old_site(target, monkeypatch)
    monkeypatch.setattr(publishing, "build_into", build_with_a_broken_link)
    with pytest.raises(publishing.PublishError, match="bestaat-niet"):
        publishing.publish(target, ROOT / "mkdocs.yml")
    assert manifest(target) == before
    assert leftovers(target) == []


def test_failing_switch_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    target = tmp_path / "www" / "beleid"
    before = old_site(target, monkeypatch)
    real_replace = os.replace

    def replace(source, destination):
        if Path(destination) == target:
            raise OSError("schijf vol")
        return real_replace(source, destination)

    monkeypatch.setattr(publishing, "build_into", tiny_build("nieuw"))
    monkeypatch.setattr(publishing.os, "replace", replace)
    with pytest.raises(publishing.PublishError, match="schijf vol"):
        publishing.publish(target, ROOT / "mkdocs.yml")
    assert manifest(target) == before
    assert leftovers(target) == []


def test_first_publish_into_a_new_or_empty_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(publishing, "build_into", tiny_build("nieuw"))
    for target in (tmp_path / "nieuw" / "beleid", tmp_path / "leeg" / "beleid"):
        if target.parent.name == "leeg":
            target.mkdir(parents=True)
        published = publishing.publish(target, ROOT / "mkdocs.yml")
        assert published.files == 2 and published.previous is None
        assert target.is_symlink() and (target / "index.html").read_text(encoding="utf-8") == "<h1>nieuw</h1>"
        assert leftovers(target) == []


# --------------------------------------------------------------------------- refusals


def refused(args: list[str], cwd: Path, monkeypatch) -> str:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["publish", *args])
    assert result.exit_code == 1, result.output
    assert "niet gepubliceerd" in result.output and "is niet veranderd" in result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize(("to", "reason"), [
    (".", "de projectmap zelf"),
    ("..", "bevat het project"),
    ("docs", "docs_dir"),
    ("docs/nieuw", "ligt in docs_dir"),
    ("policies", "is niet leeg en is geen eerdere publicatie"),
])
def test_the_project_and_its_pages_are_refused(tmp_path, monkeypatch, to, reason):
    project = project_copy(tmp_path)
    (project / ".git").mkdir()
    before = manifest(tmp_path)
    output = refused(["--to", to], project, monkeypatch)
    assert reason in output and "kies" in output.lower()
    assert manifest(tmp_path) == before  # nothing replaced, nothing created
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_a_foreign_folder_file_or_symlink_is_refused(tmp_path, monkeypatch):
    foreign = tmp_path / "www" / "beleid"
    foreign.mkdir(parents=True)
    (foreign / "index.html").write_text("iemand anders", encoding="utf-8")
    (tmp_path / "link").symlink_to(foreign)
    releases = tmp_path / "ander.releases"
    releases.mkdir()
    (releases / "iets").write_text("van iemand anders", encoding="utf-8")
    before = manifest(tmp_path)
    for target, reason in ((foreign, "is niet leeg en is geen eerdere publicatie"),
                           (tmp_path / "link", "niet door publish is gemaakt"),
                           (tmp_path / "ander", "ander.releases bestaat al")):
        output = refused(["--to", str(target), "-f", str(ROOT / "mkdocs.yml")], tmp_path, monkeypatch)
        assert reason in output
    assert manifest(tmp_path) == before
    assert not (tmp_path / "www" / "beleid.releases").exists()


def test_a_second_publish_is_refused_while_one_runs(tmp_path, monkeypatch):
    target = tmp_path / "www" / "beleid"
    before = old_site(target, monkeypatch)
    with open(publishing.releases_of(target) / publishing.LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running publish holds it
        output = refused(["--to", str(target), "-f", str(ROOT / "mkdocs.yml")], tmp_path, monkeypatch)
    assert "er loopt al een publicatie" in output
    assert manifest(target) == before
    monkeypatch.setattr(publishing, "build_into", tiny_build("nieuw"))
    publishing.publish(target, ROOT / "mkdocs.yml")  # the lock is gone with its holder
    assert (target / "index.html").read_text(encoding="utf-8") == "<h1>nieuw</h1>"


# --------------------------------------------------------------------------- killed at every step

# Runs one publish with a tiny build, and SIGKILLs itself just before the n-th
# change to the file system (mkdir, rename, symlink, replace, unlink, rmdir),
# so every step of the sequence, also inside shutil.rmtree, is a place to die.
KILLED_RUN = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from generator.tools import publishing

    target, text, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    calls = 0

    def counted(real):
        def change(*args, **kwargs):
            global calls
            calls += 1
            if calls == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return change

    def build(site_dir, config_file):
        for name in ("index.html", "404.html"):
            (Path(site_dir) / name).write_text(f"<h1>{text}</h1>", encoding="utf-8")
        return "https://example.org/beleid/"

    publishing.build_into = build
    for name in ("mkdir", "rename", "symlink", "replace", "unlink", "rmdir"):
        setattr(os, name, counted(getattr(os, name)))
    publishing.publish(target, Path(sys.argv[4]))
    print(calls)
""")


def killed_run(target: Path, text: str, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLED_RUN, str(target), text, str(kill_at), str(ROOT / "mkdocs.yml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("earlier", [[], ["ouder", "oud"]], ids=["first publish", "over two earlier ones"])
def test_a_kill_at_any_step_leaves_a_whole_site(tmp_path, monkeypatch, earlier):
    """TARGET is always the old site or the new one, and the next publish cleans up."""
    def publish(target: Path, text: str) -> None:
        with monkeypatch.context() as patch:
            patch.setattr(publishing, "build_into", tiny_build(text))
            publishing.publish(target, ROOT / "mkdocs.yml")

    def prepare(step: int | str) -> tuple[Path, dict[str, str] | None]:
        target = tmp_path / f"stap-{step}" / "beleid"
        for text in earlier:
            publish(target, text)
        return target, (manifest(target) if earlier else None)

    target, _ = prepare("compleet")
    complete = killed_run(target, "nieuw", 0)
    assert complete.returncode == 0, complete.stderr
    steps = int(complete.stdout)  # changes to the file system in one whole run
    assert steps >= 5
    new_site = manifest(target)
    for step in range(1, steps + 1):
        target, old = prepare(step)
        run = killed_run(target, "nieuw", step)
        assert run.returncode == -9, f"step {step}: {run.returncode} {run.stderr}"
        if os.path.lexists(target):
            assert manifest(target) in (old, new_site), f"killed at step {step}: a mixed or broken site"
            assert (target / "index.html").is_file()
        else:
            assert old is None, f"killed at step {step}: the old site is gone"
        publish(target, "daarna")  # the next publish succeeds
        assert (target / "index.html").read_text(encoding="utf-8") == "<h1>daarna</h1>"
        assert leftovers(target) == []
