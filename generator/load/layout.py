"""Where each document lives in the data folder, and how paths are shown to editors.

    policies/organisatie.yaml                      Organisation
    policies/begrippen.yaml                        Glossary
    policies/gedeeld/<sectie>/<versie>.yaml        SharedSection
    policies/zorgsoorten/<zorgsoort>/<jaar>.yaml   Policy
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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


POLICY_SUFFIXES = (".yaml", ".yml")
_NOT_POLICIES = ("README.md",)  # a note about the folder itself, at its top


@dataclass(frozen=True)
class Unread:
    """Something in the data folder that is not read as a policy file, and why."""

    path: Path
    message: str
    hint: str
    error: bool = True


def scan(root: Path) -> tuple[list[Path], list[Unread]]:
    """The policy files under `root` (sorted), and everything found there that is not read.

    Symbolic links are never followed: a link could show a file from outside the
    repository on the site (and its path and values in `check`'s messages)."""
    files: list[Path] = []
    unread: list[Unread] = []

    def unreadable(error: OSError) -> None:
        unread.append(Unread(Path(error.filename or root), "deze map is niet te lezen (geen toegang)",
                             "geef leesrechten op de map (chmod) of verwijder hem uit policies/"))

    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                unread.append(Unread(here / name, "deze map is een koppeling (symlink) en wordt niet gelezen",
                                     "zet de bestanden zelf in policies/ in plaats van een koppeling"))
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in names:
            path = here / name
            if path.is_symlink():
                unread.append(Unread(path, "dit bestand is een koppeling (symlink) en wordt niet gelezen",
                                     "zet het bestand zelf in policies/ in plaats van een koppeling"))
            elif path.suffix in POLICY_SUFFIXES:
                files.append(path)
            elif path.suffix.lower() in POLICY_SUFFIXES:
                unread.append(Unread(path, f"beleidsbestanden eindigen op .yaml in kleine letters, niet op {path.suffix}",
                                     f"hernoem naar {path.stem}.yaml"))
            elif not name.startswith(".") and not (here == root and name in _NOT_POLICIES):
                unread.append(Unread(path, "dit bestand wordt niet gelezen: in policies/ horen alleen .yaml-bestanden",
                                     "verplaats het bestand naar een andere map, of sla het op als .yaml als het beleid is",
                                     error=False))
    return sorted(files), sorted(unread, key=lambda u: u.path)


def policy_files(root: Path) -> list[Path]:
    return scan(root)[0]


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor sees it: relative to the working directory when possible.

    Not resolved: a symbolic link is shown as the link, never as where it points."""
    path = Path(os.path.abspath(path))
    for base in (Path.cwd(), Path(os.path.abspath(root)).parent if root else None):
        if base is None:
            continue
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
