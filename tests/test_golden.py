"""Golden snapshots: a few generated files of the synthetic archive, compared byte for byte.

Where a whole file is the clearest statement of what the generator makes (the
navigation, the open-data index, one calendar event, one landing page), the file
is kept in tests/golden/ and compared with what `build_site` makes of
tests/archive/ now. A difference shows as a unified diff.

To accept an intended change: run

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

which rewrites the files and still fails (so an update never passes by
accident); review the diff with `git diff tests/golden`, then run the tests
again without UPDATE_GOLDEN. In CI (`CI` set) UPDATE_GOLDEN is refused.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from generator.outputs.nav import navigation

GOLDEN = Path(__file__).parent / "golden"
HAND_WRITTEN = ("index.md", "beleid-aanpassen.md", "open-data.md")  # as docs/ would add them

# golden file name -> generated file (uri in the generated site), or a special source
FILES = {
    "nav.json": None,  # navigation(archive) as JSON
    "index.json": "data/index.json",
    "wijkzorg-2026-uiterste-tekendatum.ics": "agenda/mijlpalen/wijkzorg-2026-uiterste-tekendatum.ics",
    "wijkzorg-2026-index.md": "zorgsoorten/wijkzorg/2026/index.md",
}


def as_bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def compare_golden(name: str, actual: bytes, folder: Path = GOLDEN, update: bool | None = None) -> None:
    """Fail with a diff when `actual` differs from the golden file; in update mode rewrite it and fail."""
    if update is None:
        update = os.environ.get("UPDATE_GOLDEN") == "1"
    path = folder / name
    if update:
        if os.environ.get("CI"):
            pytest.fail("UPDATE_GOLDEN is refused in CI: update the golden files locally and commit them")
        if path.exists() and path.read_bytes() == actual:
            pytest.fail(f"{name} is up to date; run again without UPDATE_GOLDEN")
        path.write_bytes(actual)
        pytest.fail(f"{name} rewritten: review `git diff {path.relative_to(folder.parent.parent) if folder == GOLDEN else path}` "
                    "and run again without UPDATE_GOLDEN")
    if not path.exists():
        pytest.fail(f"tests/golden/{name} is missing: create it with UPDATE_GOLDEN=1 and review it")
    expected = path.read_bytes()
    if expected != actual:
        diff = difflib.unified_diff(expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines(),
                                    f"golden/{name}", "generated", lineterm="")
        pytest.fail(f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n" + "\n".join(list(diff)[:80]))


def generated(name: str, synthetic, synthetic_site) -> bytes:
    uri = FILES[name]
    if uri is None:
        return (json.dumps(navigation(synthetic, HAND_WRITTEN), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    content = as_bytes(synthetic_site.files[uri])
    # Kept with LF so Git cannot alter it; the CRLF line ends are test_feeds' lint's business.
    return content.replace(b"\r\n", b"\n") if name.endswith(".ics") else content


@pytest.mark.parametrize("name", sorted(FILES))
def test_generated_file_matches_its_golden_file(name, synthetic, synthetic_site):
    compare_golden(name, generated(name, synthetic, synthetic_site))


def test_every_golden_file_is_compared():
    assert {p.name for p in GOLDEN.iterdir()} == set(FILES), "a golden file no test reads, or one that is missing"


# --------------------------------------------------------------------------- the update path itself


def test_a_difference_fails_with_a_diff(tmp_path, monkeypatch):
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    (tmp_path / "x.txt").write_bytes(b"een\ntwee\n")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs.*-twee.*\+drie"):
        compare_golden("x.txt", b"een\ndrie\n", tmp_path)
    compare_golden("x.txt", b"een\ntwee\n", tmp_path)  # equal: passes


def test_updating_rewrites_the_file_and_still_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "x.txt").write_bytes(b"oud\n")
    with pytest.raises(pytest.fail.Exception, match="rewritten"):
        compare_golden("x.txt", b"nieuw\n", tmp_path, update=True)
    assert (tmp_path / "x.txt").read_bytes() == b"nieuw\n"
    with pytest.raises(pytest.fail.Exception, match="up to date"):
        compare_golden("x.txt", b"nieuw\n", tmp_path, update=True)


def test_updating_is_refused_in_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    (tmp_path / "x.txt").write_bytes(b"oud\n")
    with pytest.raises(pytest.fail.Exception, match="refused in CI"):
        compare_golden("x.txt", b"nieuw\n", tmp_path, update=True)
    assert (tmp_path / "x.txt").read_bytes() == b"oud\n"
