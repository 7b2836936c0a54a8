"""Reading the policy folder as it was at a git revision (`check --against REF`).

`policies_at(folder, ref)` extracts the folder's files at REF into a temporary
directory with `git archive`, so the reference can be read like the working
files. Every way this can fail (no git, not a repository, an unknown revision)
is a `GitRefError` with a Dutch message, never a traceback.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..model.errors import GeneratorError

TIMEOUT = 120


class GitRefError(GeneratorError):
    """The reference version could not be read from git."""


def _git(folder: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    git = shutil.which("git")
    if git is None:
        raise GitRefError("git is niet geïnstalleerd, dus er valt niets te vergelijken; installeer git of laat --against weg")
    try:
        return subprocess.run([git, "-C", str(folder), *args], capture_output=True, timeout=TIMEOUT, text=not binary)
    except subprocess.TimeoutExpired as error:
        raise GitRefError(f"git reageerde niet binnen {TIMEOUT} seconden") from error


def _out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip() if isinstance(result.stdout, str) else result.stdout.decode("utf-8", "replace").strip()


@contextmanager
def policies_at(folder: Path, ref: str) -> Iterator[Path | None]:
    """The policy folder `folder` as it was at `ref`, in a temporary copy that is removed
    afterwards; None when the folder did not exist at `ref` (everything in it is new)."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise GitRefError(f"de map {folder} bestaat niet")
    if ref.startswith("-"):
        raise GitRefError(f"'{ref}' is geen git-versie: een versie begint niet met een streepje")
    inside = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
    if inside.returncode != 0:
        raise GitRefError(f"{folder} staat niet in een git-repository, dus er valt niets te vergelijken met '{ref}'")
    top, _, prefix = _out(inside).partition("\n")
    repo, prefix = Path(top), prefix.strip().rstrip("/")
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise GitRefError(f"'{ref}' is geen bekende git-versie in deze repository; geef een tak, tag of commit op, "
                          "bijvoorbeeld origin/main (haal die eerst op met git fetch)")
    sha = _out(commit)
    if prefix and not _out(_git(repo, "ls-tree", "-d", "--name-only", sha, "--", prefix)):
        yield None
        return
    archive = _git(repo, "archive", "--format=tar", sha, "--", prefix or ".", binary=True)
    if archive.returncode != 0:
        raise GitRefError(f"git kon de beleidsbestanden van '{ref}' niet lezen: "
                          + archive.stderr.decode("utf-8", "replace").strip())
    with tempfile.TemporaryDirectory(prefix="caresq-ref-") as temporary:
        target = Path(temporary) / "ref"
        target.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(target, filter="data")
        root = target.joinpath(*PurePosixPath(prefix).parts) if prefix else target
        yield root
