"""The cache between builds: a build whose inputs did not change skips loading, checking
and generating, and takes the generated files of the last build with the same inputs.

The key is a SHA-256 over every input of what the plugin generates:

- every entry of the policies folder as it is on disk (relative path, kind and bytes; any
  file, not only YAML, because the loader reports unexpected files; links not followed, as
  the loader does not follow them), and where the folder is (page sources are shown
  relative to it, problem paths relative to the working directory);
- the generator itself: every file of the `generator` package (code, templates, assets);
- Python's version and every installed distribution with its version (the libraries that
  shape the output, and theirs);
- the options: the site's address, `use_directory_urls`, the build date that "today" is
  computed for (`SOURCE_DATE_EPOCH` when set), drafts shown or not, strict transparency.

An entry is a folder named by its key under `cache_dir`: `files/` holds the generated files
byte for byte, `manifest.json` what the build needs besides them (each file's size and
kind, the pages' YAML sources, the navigation, the glossary for `abbr`, the messages the
load printed). It is written into a temporary folder and renamed into place, so an entry
is whole or absent; one that does not read back whole is a miss, never an error. The
newest few entries are kept.

The generator's files are fingerprinted when this module is imported, right after the
generator itself: that is the code this process runs. When the files on disk no longer
match it (code edited under `mkdocs serve`, which does not re-import it), the cache is
neither read nor written for the rest of the process: an entry would otherwise be filed
under code that did not make it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, Files

from ..render.options import SiteOptions

if TYPE_CHECKING:  # only named in annotations: a build served from the cache imports neither
    from ..model.archive import Archive
    from ..outputs import GeneratedSite

log = logging.getLogger("mkdocs.plugins.caresq.cache")

FORMAT = 1  # raise when the entry layout or the key's recipe changes
KEEP = 3  # entries kept in the cache folder, the most recently used first
MANIFEST = "manifest.json"
_TEMP_PREFIX = ".tmp-"
_STALE_TEMP_SECONDS = 3600  # a temporary folder this old belongs to a build that died
_BOM = b"\xef\xbb\xbf"

GENERATOR_ROOT = Path(__file__).resolve().parents[1]
_DERIVED = ("__pycache__",)  # bytecode Python writes itself, not an input


def tree_digest(root: Path, skip: tuple[str, ...] = ()) -> str:
    """SHA-256 of a folder as it is on disk: every folder, file and link by relative path,
    files with their bytes, links with their target (never followed). Folders named in
    `skip` are left out. Raises OSError when anything in it cannot be read."""
    digest = hashlib.sha256()

    def add(kind: bytes, path: Path, data: bytes = b"") -> None:
        name = path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
        for part in (kind, name, data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)

    def refuse(error: OSError) -> None:
        raise error

    for folder, dirs, names in os.walk(root, onerror=refuse, followlinks=False):
        here = Path(folder)
        add(b"folder", here)
        links = sorted(name for name in dirs if (here / name).is_symlink())
        dirs[:] = sorted(name for name in dirs if name not in links and name not in skip)
        for name in sorted([*names, *links]):
            path = here / name
            if path.is_symlink():
                add(b"link", path, os.fsencode(os.readlink(path)))
            else:
                add(b"file", path, path.read_bytes())
    return digest.hexdigest()


def generator_digest() -> str:
    """The generator's files as they are on disk now."""
    return tree_digest(GENERATOR_ROOT, skip=_DERIVED)


def _running_generator() -> str | None:
    try:
        return generator_digest()
    except OSError:
        return None  # unreadable: the cache stays off (BuildCache.open), the build goes on


RUNNING_GENERATOR = _running_generator()  # the code this process imported, see the module's docstring


@functools.cache
def _environment() -> str:
    """Python's version and every installed distribution: `name-version.dist-info` folders
    name both (the wheel and metadata specifications require it). Once per process, like
    the imports it stands for."""
    installed: set[str] = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                installed.update(item.name for item in found if item.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue  # a zip file or a folder that is not there
    return "\n".join([sys.version, *sorted(installed)])


@dataclass(frozen=True)
class Inputs:
    """What the plugin's generated files are made from, besides the generator and libraries."""

    policies: Path
    options: SiteOptions
    drafts: bool
    strict_transparency: bool


def key(inputs: Inputs, generator: str) -> str:
    """The entry's name: SHA-256 over every input (see the module's docstring)."""
    options = {field: str(value) for field, value in dataclasses.asdict(inputs.options).items()}
    recipe = {
        "format": FORMAT,
        "environment": _environment(),
        "generator": generator,
        "policies": tree_digest(inputs.policies),
        "policies_folder": os.path.abspath(inputs.policies),
        "working_directory": os.getcwd(),
        "options": options,
        "drafts": inputs.drafts,
        "strict_transparency": inputs.strict_transparency,
    }
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Notes:
    """What a build takes from the archive besides its files: the messages the load
    printed (transparency warnings) and the glossary the `abbr` extension gets."""

    messages: list[str]
    glossary: dict[str, str]

    @classmethod
    def of(cls, archive: Archive) -> Notes:
        return cls([str(problem) for problem in archive.problems],
                   {term.term: term.meaning for term in archive.glossary.terms})


@dataclass(frozen=True)
class _Stored:
    kind: str  # "str" or "bytes": what the generator made, as MkDocs would have got it
    size: int
    text_safe: bool  # read as text from disk (universal newlines, BOM dropped) it is the same text


@dataclass(frozen=True)
class Entry:
    """A cache hit: the generated files on disk and what the build needs besides them."""

    folder: Path
    files: dict[str, _Stored]
    sources: dict[str, str]  # page uri -> YAML file it is edited in
    nav: list
    hand_written: list[str]  # the documentation pages before the generated ones: `nav` was made for them
    notes: Notes

    def mkdocs_files(self, config) -> list[File]:
        """The generated files for MkDocs, sorted by uri, read from the cache as MkDocs needs them.

        A file MkDocs copies is copied from the cache, byte for byte. A page is read from it
        as text, unless that would change the text (a carriage return, a leading byte order
        mark): such a page is handed over as it was generated."""
        result = []
        for uri, stored in self.files.items():
            path = self.folder / "files" / uri
            file = File.generated(config, uri, abs_src_path=str(path))
            if not stored.text_safe and (file.is_documentation_page() or file.is_static_page()):
                data = path.read_bytes()
                file = File.generated(config, uri, content=data.decode("utf-8") if stored.kind == "str" else data)
            result.append(file)
        return result


def from_entry(files: Files, generated: list[File], entry: Entry, config) -> Files:
    """`files` with each of the `generated` files replaced by the entry's copy (same place,
    same edit link): a cold build that stored its entry then renders as a warm one would."""
    stored = {file.src_uri: file for file in entry.mkdocs_files(config)}
    ours = {id(file) for file in generated}
    result = []
    for file in files:
        if id(file) in ours:
            copy = stored[file.src_uri]
            copy.edit_uri = file.edit_uri
            file = copy
        result.append(file)
    return Files(result)


def _safe_uri(uri: str) -> bool:
    path = PurePosixPath(uri)
    return bool(uri) and not path.is_absolute() and ".." not in path.parts and "\\" not in uri


class BuildCache:
    """The cache as one build sees it: where it is, and the key of this build's inputs."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key

    @classmethod
    def open(cls, folder: Path, inputs: Inputs) -> BuildCache | None:
        """None when this build cannot use the cache: the generator's files changed since
        this process imported them, or an input cannot be read (the load reports that)."""
        try:
            generator = generator_digest()
            if generator != RUNNING_GENERATOR:
                log.debug("caresq: de generator is gewijzigd sinds de start; geen cache")
                return None
            return cls(folder, key(inputs, generator))
        except OSError as error:
            log.debug(f"caresq: geen cache, een invoerbestand is niet te lezen: {error}")
            return None

    def page_policies(self) -> PagePolicies:
        return PagePolicies(self.folder, RUNNING_GENERATOR or "")

    @property
    def entry_folder(self) -> Path:
        return self.folder / self.key

    def read(self) -> Entry | None:
        """The entry for this key, or None (absent, incomplete, or not of this format)."""
        entry = self._entry()
        if entry is None:
            return None
        try:
            os.utime(entry.folder / MANIFEST)  # recently used: kept longest
        except OSError:
            pass  # a cache folder we may not write to still serves
        log.info(f"caresq: beleidsbestanden, generator en instellingen ongewijzigd; gegenereerde bestanden uit de "
                 f"cache ({self.folder})")
        return entry

    def _entry(self) -> Entry | None:
        folder = self.entry_folder
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT or manifest.get("key") != self.key:
                return None
            files = {uri: _Stored(kind, size, text_safe) for uri, kind, size, text_safe in manifest["files"]}
            for uri, stored in files.items():
                if not _safe_uri(uri) or stored.kind not in ("str", "bytes"):
                    return None
                if (folder / "files" / uri).stat().st_size != stored.size:
                    return None
            return Entry(folder, files, dict(manifest["sources"]), list(manifest["nav"]),
                         list(manifest["hand_written"]),
                         Notes(list(manifest["messages"]), dict(manifest["glossary"])))
        except (OSError, ValueError, KeyError, TypeError) as error:
            if not isinstance(error, FileNotFoundError):
                log.debug(f"caresq: cache-item {folder} is onbruikbaar: {error}")
            return None

    def store(self, site: GeneratedSite, notes: Notes, nav: list, hand_written: list[str]) -> Entry | None:
        """Keep this build's generated files under its key, and give back the entry (None when
        that failed: a failure only costs the next build its speed, it is reported, never raised)."""
        temp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=self.folder))
            listed = []
            for uri, content in sorted(site.files.items()):
                if not _safe_uri(uri):
                    raise ValueError(f"onverwacht bestandsadres {uri!r}")
                data = content.encode("utf-8") if isinstance(content, str) else content
                target = temp / "files" / uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                text_safe = b"\r" not in data and not (isinstance(content, str) and data.startswith(_BOM))
                listed.append([uri, "str" if isinstance(content, str) else "bytes", len(data), text_safe])
            manifest = {"format": FORMAT, "key": self.key, "files": listed, "sources": site.sources, "nav": nav,
                        "hand_written": hand_written, "messages": notes.messages, "glossary": notes.glossary}
            (temp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
            self._put(temp)
            temp = None
            self._prune()
            return self._entry()
        except (OSError, ValueError, TypeError) as error:
            log.info(f"caresq: de cache kon niet worden bijgewerkt ({error}); de volgende build genereert alles opnieuw")
            return None
        finally:
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)

    def _put(self, temp: Path) -> None:
        """Rename the finished entry into place; an older one under the same key (made for
        other hand-written pages) is moved aside first and then removed."""
        target = self.entry_folder
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=self.folder))
            os.replace(target, old / "entry")
            shutil.rmtree(old, ignore_errors=True)
        os.replace(temp, target)

    def _prune(self) -> None:
        """Keep the KEEP most recently used entries; remove temporary folders of builds that died."""
        entries, now = [], time.time()
        for item in self.folder.iterdir():
            try:
                if item.name.startswith(_TEMP_PREFIX):
                    if now - item.stat().st_mtime > _STALE_TEMP_SECONDS:
                        shutil.rmtree(item, ignore_errors=True)
                elif len(item.name) == 64 and item.is_dir():
                    entries.append(((item / MANIFEST).stat().st_mtime, item))
            except OSError:
                continue  # taken away meanwhile, or no manifest: left alone, never served
        entries.sort(reverse=True)
        for _, item in entries[KEEP:]:
            shutil.rmtree(item, ignore_errors=True)


class PagePolicies:
    """The Content-Security-Policy of each finished page, by the SHA-256 of the page's HTML.

    The policy is a function of the page alone (csp.py), so a page MkDocs renders exactly
    as in an earlier build gets that build's policy without being parsed again; any other
    page is parsed. Kept in one file beside the entries, valid only for the generator that
    wrote it (csp.py is part of the generator's fingerprint). A page that was refused is
    never kept. Holds what the last build used and found: it does not grow without end."""

    FILE = "page-policies.json"

    def __init__(self, folder: Path, generator: str):
        self.path = folder / self.FILE
        self.generator = generator
        self._known: dict[str, str] = {}
        self._used: dict[str, str] = {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("format") == FORMAT and stored.get("generator") == generator:
                self._known = {str(k): str(v) for k, v in dict(stored["pages"]).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # none yet, or unusable: every page is parsed

    @staticmethod
    def _digest(html: str) -> str:
        return hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()

    def policy(self, html: str, compute) -> str:
        """The page's policy: the one kept for this exact page, or `compute(html)` (which may raise)."""
        digest = self._digest(html)
        found = self._known.get(digest)
        if found is None:
            found = compute(html)
        self._used[digest] = found
        return found

    def save(self) -> None:
        """Keep this build's policies for the next build; a failure is reported, never raised."""
        if self._used == self._known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "generator": self.generator, "pages": self._used}, out)
            os.replace(temp, self.path)
        except OSError as error:
            log.info(f"caresq: de cache kon niet worden bijgewerkt ({error})")
