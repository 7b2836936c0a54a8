"""`check` is the contract: for any input it exits 0 or 2 without a traceback, and when it
exits 0 the build succeeds and every output is well-formed.

The property test runs Hypothesis over mutated copies of the synthetic archive (strategies
in tests/contract_support.py; a long run is bench/property_run.py). The other tests here
are the cases of the issue that one planted file in tests/malformed/ cannot hold: two files
that collide, links, unreadable files and folders, many identical mistakes, big texts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import synthetic_copy
from contract_support import SYNTHETIC_DATA, archive_files, check_then_build, mutated_archive, write_archive
from test_check import MALFORMED, problems_in, run_check

BASIS = (MALFORMED / "basis" / "beleid.yaml").read_text(encoding="utf-8")


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    return synthetic_copy(tmp_path / "policies")


def _plant(policies: Path, place: str, text: str | bytes) -> Path:
    target = policies / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return target


def _errors(stdout: str) -> list:
    return [m for m in problems_in(stdout) if m["severity"] == "fout"]


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(files=mutated_archive())
def test_check_is_the_contract(files, tmp_path_factory):
    root = write_archive(tmp_path_factory.mktemp("contract") / "policies", files)
    outcome = check_then_build(root)
    assert outcome.exit_code in (0, 2)
    if outcome.exit_code == 0:
        assert outcome.built > 40  # pages, feeds and data files


def test_the_unchanged_archive_passes_and_builds(tmp_path: Path):
    outcome = check_then_build(write_archive(tmp_path / "policies", archive_files(SYNTHETIC_DATA)))
    assert outcome.exit_code == 0, outcome.output
    assert outcome.built > 40


def test_event_names_are_unique_across_care_types(policies: Path):
    """`proef` 2026 with milestone `a-2026-b` and `proef-2026-a` 2026 with milestone `b`: both
    events would be proef-2026-a-2026-b (one UID, one file)."""
    _plant(policies, "zorgsoorten/proef/2026.yaml", BASIS.replace("- id: reactie-aanbod", "- id: a-2026-b"))
    _plant(policies, "zorgsoorten/proef-2026-a/2026.yaml",
           BASIS.replace("zorgsoort: proef\n", "zorgsoort: proef-2026-a\n").replace("- id: reactie-aanbod", "- id: b"))

    result = run_check("policies", cwd=policies.parent)

    assert result.returncode == 2, result.stdout
    errors = _errors(result.stdout)
    assert len(errors) == 1, result.stdout
    assert "de agenda-naam 'proef-2026-a-2026-b'" in errors[0]["message"]
    assert "policies/zorgsoorten/proef/2026.yaml (regel 104)" in errors[0]["message"]
    assert errors[0]["path"] == "policies/zorgsoorten/proef-2026-a/2026.yaml"
    assert errors[0]["line"] == "104"


def test_an_unreadable_file_is_reported(policies: Path, monkeypatch):
    locked = policies / "begrippen.yaml"
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if Path(os.path.abspath(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run_check("policies", cwd=policies.parent)

    assert result.returncode == 2, result.stdout + result.stderr
    errors = _errors(result.stdout)
    assert [(m["path"], m["message"]) for m in errors] == [
        ("policies/begrippen.yaml", "het bestand is niet te lezen (geen toegang)")]


def test_an_unreadable_folder_is_reported(policies: Path, monkeypatch):
    locked = policies / "gedeeld" / "themas"
    real = os.scandir

    def scandir(path=".", *args):
        if Path(os.path.abspath(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_check("policies", cwd=policies.parent)

    assert result.returncode == 2, result.stdout + result.stderr
    messages = [(m["path"], m["message"]) for m in _errors(result.stdout)]
    assert ("policies/gedeeld/themas", "deze map is niet te lezen (geen toegang)") in messages


def test_symlinks_are_reported_and_not_followed(policies: Path, tmp_path: Path):
    outside = tmp_path / "buiten"
    (outside / "map").mkdir(parents=True)
    (outside / "2026.yaml").write_text("geheim: waarde-van-buiten\n", encoding="utf-8")
    (outside / "map" / "2026.yaml").write_text("geheim: ook-van-buiten\n", encoding="utf-8")
    (policies / "zorgsoorten" / "kraamzorg" / "2030.yaml").symlink_to(outside / "2026.yaml")
    (policies / "gedeeld" / "elders").symlink_to(outside / "map")

    result = run_check("policies", cwd=policies.parent)

    assert result.returncode == 2
    assert "buiten" not in result.stdout + result.stderr and "geheim" not in result.stdout + result.stderr
    errors = {m["path"]: m["message"] for m in _errors(result.stdout)}
    assert errors == {
        "policies/gedeeld/elders": "deze map is een koppeling (symlink) en wordt niet gelezen",
        "policies/zorgsoorten/kraamzorg/2030.yaml": "dit bestand is een koppeling (symlink) en wordt niet gelezen",
    }


def test_files_that_are_not_policies_are_named(policies: Path):
    _plant(policies, "zorgsoorten/wijkzorg/2027.json", "{}")
    _plant(policies, "gedeeld/themas/2027.YAML", "id: themas\n")
    result = run_check("policies", cwd=policies.parent)
    assert result.returncode == 2
    found = {(m["path"], m["severity"]) for m in problems_in(result.stdout.rsplit("\n", 1)[0])}
    assert ("policies/zorgsoorten/wijkzorg/2027.json", "waarschuwing") in found
    assert ("policies/gedeeld/themas/2027.YAML", "fout") in found


def test_identical_problems_are_reported_once_with_a_count(policies: Path):
    links = "".join(f"  - titel: Link {i}\n    url: ftp://bestanden.example/{i % 1}\n" for i in range(10_000))
    _plant(policies, "zorgsoorten/proef/2026.yaml", BASIS.replace("links:\n  - titel: Caresq\n    url: https://www.caresq.nl\n",
                                                                 "links:\n" + links))
    result = run_check("policies", cwd=policies.parent)

    assert result.returncode == 2
    errors = _errors(result.stdout)
    assert len(errors) == 1, result.stdout[:2000]
    assert "(en nog 9999 keer, op regel 123, 125, 127, 129, 131, …)" in errors[0]["message"]
    assert "check: 10000 fout(en)" in result.stderr


def test_separators_do_not_shift_line_numbers(policies: Path):
    """U+2028 and NEL are line ends to YAML, not to editors: each is reported at the editor's line."""
    lines = BASIS.split("\n")
    lines[9] += " \u2028 "  # line 10
    lines[20] += "\x85"  # line 21
    lines[40] = lines[40].replace("id:", "id:\x07", 1)  # line 41
    _plant(policies, "zorgsoorten/proef/2026.yaml", "\n".join(lines))

    result = run_check("policies", cwd=policies.parent)

    assert result.returncode == 2
    found = [(int(m["line"]), m["message"].split(" is ")[0]) for m in _errors(result.stdout)]
    assert found == [(10, "het teken U+2028 (regelscheiding (line separator))"), (21, "het teken U+0085 (NEL (volgende regel))"),
                     (41, "het teken U+0007 (BEL)")]


@pytest.mark.parametrize("text, fragment", [
    ("[\n" * 20_000, "40057 tekens lang; het maximum is 10000"),
    ("[ " * 4_000, "4001 keer '['; het maximum is 30"),
    ("*a_" * 80_000, "tekens lang; het maximum is 10000"),
    ("> " * 2_000 + "citaat", "niveaus diep"),
], ids=["brackets-240kB", "brackets-8kB", "star-a-underscore", "quotes"])
def test_texts_that_would_make_the_build_slow_are_refused_quickly(policies: Path, text: str, fragment: str):
    block = "".join(f"          {line}\n" for line in text.split("\n"))
    _plant(policies, "zorgsoorten/proef/2026.yaml",
           BASIS.replace("      - tekst: Dit is het inkoopbeleid Proefzorg 2026.", "      - tekst: |\n" + block + "          Dit is"))
    started = time.monotonic()
    result = run_check("policies", cwd=policies.parent)
    elapsed = time.monotonic() - started

    assert result.returncode == 2
    errors = _errors(result.stdout)
    assert len(errors) == 1 and fragment in errors[0]["message"], result.stdout[:2000]
    assert elapsed < 10, f"check took {elapsed:.1f} s"
