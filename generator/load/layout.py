"""Where each document lives in the data folder, and how paths are shown to editors.

    policies/organisatie.yaml                      Organisation
    policies/begrippen.yaml                        Glossary
    policies/gedeeld/<sectie>/<versie>.yaml        SharedSection
    policies/zorgsoorten/<zorgsoort>/<jaar>.yaml   Policy
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ..model.documents import Glossary, Organisation, Policy, SharedSection

ORGANISATION_FILE = "organisatie.yaml"
GLOSSARY_FILE = "begrippen.yaml"
SHARED_DIR = "gedeeld"
POLICY_DIR = "zorgsoorten"


def model_for(relative: Path) -> type[BaseModel] | None:
    parts = relative.parts
    if parts == (ORGANISATION_FILE,):
        return Organisation
    if parts == (GLOSSARY_FILE,):
        return Glossary
    if len(parts) == 3 and parts[0] == SHARED_DIR:
        return SharedSection
    if len(parts) == 3 and parts[0] == POLICY_DIR:
        return Policy
    return None


def policy_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor sees it: relative to the working directory when possible."""
    path = path.resolve()
    for base in (Path.cwd(), root.resolve().parent if root else None):
        if base is None:
            continue
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
