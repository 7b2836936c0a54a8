"""Check every internal link and anchor in a built site directory.

A link is internal when it is relative, absolute-path, or an absolute URL under
the site's own address (`site_url`; `webcal://` counts too, since the subscribe
links use it). An internal link must reach an existing file, with directory URLs
as the server resolves them (`x/` and `x` mean `x/index.html`), and a fragment
must name an `id` (or an `<a name>`) in the target page. External links
(http, https, mailto, webcal and tel elsewhere) are only listed: CI has no
network. Any other scheme (`javascript:`, `data:`) is reported as broken.

Besides the HTML pages, absolute URLs under `site_url` inside the feeds, the
open data and the sitemap (.ics, .atom, .xml, .json) are checked as well, so a
feed that points at a page or an anchor that does not exist is caught.

    python -m generator.linkcheck SITE_DIR [--site-url URL]

prints the report and exits with 1 when a link is broken.
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

EXTERNAL_SCHEMES = {"http", "https", "mailto", "webcal", "tel"}
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "xlink:href"}
DATA_SUFFIXES = (".ics", ".atom", ".xml", ".json")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # path inside the site directory, e.g. zorgsoorten/geboortezorg/2026/index.html
    line: int
    element: str  # e.g. <a href="beleid/#hkz">
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.element}: {self.reason}"


@dataclass
class LinkReport:
    broken: list[BrokenLink] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)  # url -> pages that link to it
    targets: set[tuple[str, str]] = field(default_factory=set)  # (file, fragment) every good internal link reached
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.broken

    def text(self) -> str:
        lines = [f"{self.checked} interne links gecontroleerd, {len(self.broken)} kapot."]
        lines += [f"KAPOT {b}" for b in sorted(self.broken)]
        lines.append(f"{len(self.external)} externe links (niet gecontroleerd; CI heeft geen netwerk):")
        lines += [f"  {url}  ({len(pages)} pagina's)" for url, pages in sorted(self.external.items())]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Link:
    line: int
    tag: str
    attribute: str
    value: str


class _PageParser(HTMLParser):
    """Collects the anchors a page offers and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[_Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)
            elif name in LINK_ATTRIBUTES and not (tag == "link" and name == "href" and _is_hint(attrs)):
                self.links.append(_Link(self.getpos()[0], tag, name, value))
            elif "://" in value and value.split("://", 1)[0] in ("http", "https", "webcal"):
                # e.g. the feed address in a copy button: checked only when it is our own.
                self.links.append(_Link(self.getpos()[0], tag, name, value))

    handle_startendtag = handle_starttag


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    """<link rel="preconnect"> and friends name an origin, not a document."""
    rel = dict(attrs).get("rel") or ""
    return bool({"preconnect", "dns-prefetch"} & set(rel.split()))


class LinkChecker:
    def __init__(self, site_dir: Path, site_url: str | None = None):
        self.site_dir = Path(site_dir)
        self.site_url = _with_slash(site_url) if site_url else None
        self.report = LinkReport()
        self._anchors: dict[str, set[str]] = {}

    # ---------------------------------------------------------------- driving

    def run(self) -> LinkReport:
        files = sorted(p for p in self.site_dir.rglob("*") if p.is_file())
        pages: dict[str, _PageParser] = {}
        for path in files:
            if path.suffix == ".html":
                parser = _PageParser()
                parser.feed(path.read_text(encoding="utf-8"))
                parser.close()
                page = path.relative_to(self.site_dir).as_posix()
                pages[page] = parser
                self._anchors[page] = parser.anchors
        for page, parser in pages.items():
            for link in parser.links:
                self._check(page, link, f'<{link.tag} {link.attribute}="{link.value}">')
        if self.site_url:
            for path in files:
                if path.name.endswith(DATA_SUFFIXES):
                    self._check_data_file(path)
        return self.report

    def _check_data_file(self, path: Path) -> None:
        page = path.relative_to(self.site_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ics":
            text = re.sub(r"\r?\n[ \t]", "", text)  # unfold RFC 5545 content lines
        if path.suffix in (".atom", ".xml"):
            text = html.unescape(text)
        own = re.escape(self.site_url.split("://", 1)[1])
        for match in re.finditer(rf"(?:https?|webcal)://{own}[^\s\"'<>\\]*", text):
            line = text.count("\n", 0, match.start()) + 1
            self._check(page, _Link(line, "url", "", match.group(0)), match.group(0))

    # ---------------------------------------------------------------- one link

    def _check(self, page: str, link: _Link, element: str) -> None:
        value = link.value.strip()
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        own_path = self._own_path(value)
        if own_path is not None:
            self._check_internal(page, element, link.line, own_path, parts.fragment, from_root=True)
        elif scheme in EXTERNAL_SCHEMES or value.startswith("//"):
            if link.attribute in LINK_ATTRIBUTES or not link.attribute:
                self.report.external.setdefault(value, set()).add(page)
                self._check_wrapped(page, link, element, parts.query)
        elif not link.attribute or link.attribute not in LINK_ATTRIBUTES:
            return  # a plain attribute that merely contains a foreign URL
        elif scheme:
            self._broken(page, link.line, element, f"schema '{scheme}:' is niet toegestaan")
        elif value.startswith("/"):
            path = parts.path
            base = urlsplit(self.site_url).path if self.site_url else "/"
            if not path.startswith(base):
                self._broken(page, link.line, element, f"absoluut pad buiten de site ({base})")
                return
            self._check_internal(page, element, link.line, path[len(base):], parts.fragment, from_root=True)
        else:
            self._check_internal(page, element, link.line, parts.path, parts.fragment, from_root=False)

    def _check_wrapped(self, page: str, link: _Link, element: str, query: str) -> None:
        """Outlook and Google subscribe links carry our feed address in their query."""
        for _, value in parse_qsl(query):
            if self._own_path(value) is not None:
                self._check(page, _Link(link.line, link.tag, link.attribute, value), element)

    def _own_path(self, value: str) -> str | None:
        """The path inside the site of an absolute URL under site_url, else None."""
        if not self.site_url:
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https", "webcal"):
            return None
        own = urlsplit(self.site_url)
        if parts.netloc.lower() != own.netloc.lower() or not (parts.path + "/").startswith(own.path):
            return None
        return parts.path[len(own.path):]

    def _check_internal(self, page: str, element: str, line: int, path: str, fragment: str, *, from_root: bool) -> None:
        self.report.checked += 1
        page_dir = posixpath.dirname(page)
        if path:
            joined = posixpath.join("" if from_root else page_dir, unquote(path))
            target = posixpath.normpath(joined)
            if target == ".":
                target = ""
            if target.startswith(".."):
                self._broken(page, line, element, "de link wijst buiten de site")
                return
            target_file = self._existing(target, directory=path.endswith("/"))
            if target_file is None:
                self._broken(page, line, element, f"'{target or '/'}' bestaat niet in de site")
                return
        else:
            target_file = page if not from_root else self._existing("", directory=True)
            if target_file is None:
                self._broken(page, line, element, "de site heeft geen index.html")
                return
        fragment = unquote(fragment)
        if fragment and target_file.endswith(".html"):
            # Browsers scroll to the top for "#top" even without such an id.
            if fragment not in self._anchors.get(target_file, set()) and fragment != "top":
                self._broken(page, line, element, f"'{target_file}' heeft geen anker '#{fragment}'")
                return
        self.report.targets.add((target_file, fragment))

    def _existing(self, target: str, *, directory: bool) -> str | None:
        """The file a server returns for `target` (a path inside the site), or None."""
        candidate = self.site_dir / target if target else self.site_dir
        if not directory and target and candidate.is_file():
            return target
        if candidate.is_dir() and (candidate / "index.html").is_file():
            return posixpath.join(target, "index.html") if target else "index.html"
        return None

    def _broken(self, page: str, line: int, element: str, reason: str) -> None:
        self.report.broken.append(BrokenLink(page, line, element, reason))


def check_site(site_dir: Path, site_url: str | None = None) -> LinkReport:
    """Every link in the built site in `site_dir`; `site_url` makes its own absolute URLs internal."""
    return LinkChecker(site_dir, site_url).run()


def guess_site_url(site_dir: Path) -> str | None:
    """The address the site was built for, from the home page's canonical link."""
    index = Path(site_dir) / "index.html"
    if not index.is_file():
        return None
    match = re.search(r'<link rel="canonical" href="([^"]+)"', index.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="de gebouwde site (de map 'site')")
    parser.add_argument("--site-url", help="het adres van de site; standaard de canonical link van index.html")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}: geen gebouwde site (index.html ontbreekt)", file=sys.stderr)
        return 2
    report = check_site(args.site_dir, args.site_url or guess_site_url(args.site_dir))
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
