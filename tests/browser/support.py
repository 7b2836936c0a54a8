"""Helpers for the browser gates: axe, the allow-lists, focus and screenshots."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
A11Y_ALLOWLIST = ROOT / "tests" / "a11y_allowlist.yaml"
VNU_ALLOWLIST = ROOT / "tests" / "vnu_allowlist.yaml"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 375  # the `phone` fixture's viewport, as the issues measure phones
BLOCKING_IMPACTS = {"serious", "critical"}
# Only the theme's own defects may be allow-listed, each with its upstream issue.
UPSTREAM_ISSUE = re.compile(r"^https://github\.com/squidfunk/mkdocs-material/(issues|discussions)/\d+$")


@dataclass(frozen=True)
class AllowEntry:
    rule: str  # axe rule id, or a fragment of the vnu message
    selector: str  # CSS selector (axe) or a fragment of the offending markup (vnu)
    reason: str
    upstream: str


def load_allowlist(path: Path) -> list[AllowEntry]:
    """Read and check an allow-list: every entry names rule, selector, reason and the theme's issue."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: expected a list of entries")
    entries = []
    for number, item in enumerate(data, 1):
        missing = [key for key in ("rule", "selector", "reason", "upstream") if not str((item or {}).get(key, "")).strip()]
        if missing:
            raise ValueError(f"{path.name}: entry {number} lacks {', '.join(missing)}")
        if not UPSTREAM_ISSUE.match(item["upstream"]):
            raise ValueError(f"{path.name}: entry {number}: upstream must link to an issue of squidfunk/mkdocs-material")
        if re.search(r"\bcq-|md-content|md-typeset", item["selector"]):
            raise ValueError(f"{path.name}: entry {number}: our own content and templates are never allow-listed")
        entries.append(AllowEntry(item["rule"], item["selector"], item["reason"], item["upstream"]))
    return entries


# Reported to the console by the page itself, so CSP violations cannot slip by unnoticed.
REPORT_VIOLATIONS = ("document.addEventListener('securitypolicyviolation', e => "
                     "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")

# axe-core runs in the page; for every violating node it also reports whether the node
# sits in the page content (ours) or in the theme's frame, and which allow-list entry
# covers it (an entry never covers a node in the content).
AXE_RUN = """async ([tags, allow]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const found = [];
  for (const violation of result.violations) {
    for (const node of violation.nodes) {
      const element = document.querySelector(node.target.join(' '));
      const inContent = !element || Boolean(element.closest('.md-content'));
      const covered = !inContent && allow.some(entry => entry.rule === violation.id && element.closest(entry.selector));
      found.push({rule: violation.id, impact: violation.impact || node.impact, target: node.target.join(' '),
                  summary: node.failureSummary, html: node.html.slice(0, 200), inContent, covered});
    }
  }
  return found;
}"""


def run_axe(page, allowlist: list[AllowEntry]) -> list[dict]:
    """Every WCAG 2.0/2.1 A/AA violation on the page as it is now (axe-core injected when missing).
    For one page in a state of its own (an open dialog, say); the page sweep covers the pages as loaded."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    allow = [{"rule": entry.rule, "selector": entry.selector} for entry in allowlist]
    return page.evaluate(AXE_RUN, [WCAG_TAGS, allow])


# What the keyboard user sees on the focused element: an outline or a shadow, on the
# element itself or, for the theme's visually hidden radio buttons, on their label.
ELEMENT_KEY = "el => el.id || el.dataset.filter || el.className.replace(/\\s*focus-visible/, '')"

FOCUS_STATE = """() => {
  const key = """ + ELEMENT_KEY + """;
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shown = el => {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    return ring && box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
  };
  const label = element.matches('input.md-option') ? element.nextElementSibling : null;
  return {
    tag: element.tagName.toLowerCase(),
    key: key(element),
    name: (element.getAttribute('aria-label') || element.textContent || '').trim().slice(0, 60),
    inNav: Boolean(element.closest('nav')),
    isSkip: element.matches('a.md-skip'),
    isSearch: element.matches('input.md-search__input'),
    visible: shown(element) || Boolean(label && shown(label)),
  };
}"""


def page_height(context, url: str) -> int:
    """How tall a page is, in CSS pixels, opened fresh in `context` (e.g. the `phone` fixture)."""
    page = context.new_page()
    page.goto(url)
    return page.evaluate("document.documentElement.scrollHeight")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG image, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")
