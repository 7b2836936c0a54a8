"""Bad data never publishes: `mkdocs build` stops with the checker's message and
leaves the previously published site exactly as it was.

For a sample of the malformed-YAML corpus in tests/malformed/ (each file names
its place with `# plek:` and the expected message with `# verwacht: LINE: text`),
a project around the synthetic archive (tests/archive/) gets the file planted in
its policies/, and MkDocs builds into a site folder that already holds a good
build: in-process through MkDocs' own `build()`, and for one case through the
real `mkdocs build` command in its own process.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXED_EPOCH, ROOT, build_site_into, synthetic_copy

MALFORMED = Path(__file__).with_name("malformed")
MKDOCS = Path(sys.executable).with_name("mkdocs")

# One of each kind of mistake: YAML syntax, model shape, date, unsafe text, link,
# reference, archive-wide rule, encoding, file naming.
SAMPLE = ("yaml-inspringing", "onbekend-veld-organisatie", "datum-31-februari", "html-script", "link-javascript",
          "verwijzing-route", "gedeeld-kring", "geen-utf8", "yml-extensie")
IN_A_PROCESS = "yaml-inspringing"  # the one case that runs the `mkdocs` command itself


def corpus_sample() -> list[Path]:
    files = sorted(MALFORMED.glob("*.yaml")) if MALFORMED.is_dir() else []
    chosen = [f for f in files if f.stem in SAMPLE]
    # Names change as the corpus grows: top up so the sample never shrinks below six.
    chosen += [f for f in files if f not in chosen][: max(0, 6 - len(chosen))]
    return chosen


def header(case: Path) -> tuple[str, list[tuple[int, str]]]:
    """The file's place inside policies/ and its expected (line, message) pairs."""
    text = case.read_bytes().decode("latin-1")  # the header is ASCII; one case is Latin-1 on purpose
    place = re.search(r"^# plek: *(\S+)", text, re.M).group(1)
    expected = [(int(line), message.strip()) for line, message in re.findall(r"^# verwacht: *(\d+): *(.+)$", text, re.M)]
    return place, expected


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project next to which a broken policies/ is planted per case."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "generator").mkdir()  # named under `watch:`, which must exist
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def previous_site(synthetic_built, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("published") / "site"
    shutil.copytree(synthetic_built, site)
    return site


def run_mkdocs(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    # The console script, not `python -m`: cwd on sys.path could shadow the generator package.
    return subprocess.run([str(MKDOCS), "build", "-f", "mkdocs.yml", "-d", str(site)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_sample_covers_the_corpus():
    sample = corpus_sample()
    assert IN_A_PROCESS in {case.stem for case in sample}
    assert len(sample) >= 6, f"tests/malformed/ holds too few cases: {[c.name for c in sample]}"
    for case in sample:
        place, expected = header(case)
        assert place and expected, f"{case.name}: no '# plek:' or '# verwacht:' line"


@pytest.mark.parametrize("case", corpus_sample(), ids=lambda case: case.stem)
def test_a_malformed_file_stops_the_build_and_keeps_the_previous_site(case, project, previous_site, caplog):
    from mkdocs.exceptions import Abort

    place, expected = header(case)
    policies = project / "policies"
    shutil.rmtree(policies, ignore_errors=True)
    synthetic_copy(policies)
    target = policies / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.read_bytes())
    before = snapshot(previous_site)

    if case.stem == IN_A_PROCESS:
        result = run_mkdocs(project, previous_site)
        output = result.stdout + result.stderr
        assert result.returncode != 0, f"mkdocs build published {case.name}:\n{output[-2000:]}"
    else:
        with caplog.at_level("ERROR", logger="mkdocs"), pytest.raises(Abort):
            build_site_into(previous_site, project / "mkdocs.yml")
        output = "\n".join(record.getMessage() for record in caplog.records)
    for line, message in expected:
        pattern = rf"policies/{re.escape(place)}:{line}:\d+: fout: [^\n]*{re.escape(message)}"
        assert re.search(pattern, output), f"expected '{place}:{line}:…: {message}' in:\n{output[-3000:]}"
    assert snapshot(previous_site) == before, "the previous site was changed or cleaned"
