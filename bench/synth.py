"""Synthetic policy archives: the bundled `policies/` grown by a factor.

The archive grows the way the real one will: more care types and more contract
years. Scale N gives 5·N policies. For N > 1 every care type gets a following
year (its file copied with `jaar:` raised by one) and the care types are cloned
as `<zorgsoort>-kloon-<i>` until there are N policies per bundled care type.
Shared sections, glossary and organisation stay as they are: they do not grow
with the number of care types.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
CARE_TYPES = "zorgsoorten"

_CARE_TYPE = re.compile(r"^zorgsoort: .*$", re.M)
_NAME = re.compile(r"^naam: (.*)$", re.M)
_YEAR = re.compile(r"^jaar: (\d{4})$", re.M)


def make_archive(target: Path, scale: int, source: Path = POLICIES) -> Path:
    """Write a copy of `source` grown `scale` times into `target` (replaced if present)."""
    if scale != 1 and (scale < 2 or scale % 2):
        raise ValueError("scale is 1 or an even number: every grown care type has two years")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    if scale == 1:
        return target
    years = 2  # each care type: its bundled year and the next one
    clones = scale // years  # care-type folders per bundled care type, the original included
    base = target / CARE_TYPES
    originals = sorted(p for p in base.iterdir() if p.is_dir())
    for folder in originals:
        _add_next_year(folder)
        for index in range(1, clones):
            _clone(folder, index)
    return target


def policy_count(archive: Path) -> int:
    return sum(1 for _ in (archive / CARE_TYPES).glob("*/*.yaml"))


def _add_next_year(folder: Path) -> None:
    latest = max(folder.glob("*.yaml"), key=lambda p: int(p.stem))
    year = int(latest.stem) + 1
    text = _YEAR.sub(f"jaar: {year}", latest.read_text(encoding="utf-8"), count=1)
    (folder / f"{year}.yaml").write_text(text, encoding="utf-8")


def _clone(folder: Path, index: int) -> None:
    care_type = f"{folder.name}-kloon-{index}"
    clone = folder.parent / care_type
    clone.mkdir()
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = _CARE_TYPE.sub(f"zorgsoort: {care_type}", text, count=1)
        # A distinct name: the navigation and the overview sort and label by it.
        text = _NAME.sub(lambda m: f"naam: {m.group(1)} (kloon {index})", text, count=1)
        (clone / path.name).write_text(text, encoding="utf-8")
