"""The Content-Security-Policy allows the scripts the site ships, and no script written into a page.

The theme's inline scripts are allowed by their hash. A `<script>` in a docs/*.md
page would be hashed along with them if the policy hashed every script of the
finished page; instead the build stops and names the page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site_into, project_copy
from generator.plugin import csp

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def build_with_page(tmp_path: Path, text: str) -> Path:
    project = project_copy(tmp_path)
    (project / "docs" / "beleid-aanpassen.md").write_text(text, encoding="utf-8")
    return build_site_into(tmp_path / "site", project / "mkdocs.yml")


@pytest.mark.parametrize("page", [
    "# Aanpassen\n\n<script>alert('hallo')</script>\n",
    "# Aanpassen\n\n<div markdown>\n<script src=\"https://example.org/x.js\"></script>\n</div>\n",
    # Closing the theme's containers in the page does not move a script out of the content.
    "# Aanpassen\n\n</article></div>\n<script>alert('hallo')</script>\n",
    # Any ASCII case, with attributes, in an md_in_html block that Markdown renders.
    "# Aanpassen\n\n<div markdown=\"1\">\n**Let op**\n\n<SCRIPT type=\"module\" defer>alert(1)</SCRIPT>\n</div>\n",
])
def test_a_script_in_a_hand_written_page_fails_the_build(tmp_path, caplog, page):
    with pytest.raises(Abort):
        build_with_page(tmp_path, page)
    message = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert "docs/beleid-aanpassen.md bevat een <script>" in message
    assert "Haal het script uit de pagina" in message


def test_a_script_shown_as_code_is_fine(tmp_path):
    site = build_with_page(tmp_path, "# Aanpassen\n\nNiet doen:\n\n```html\n<script>alert('hallo')</script>\n```\n")
    html = (site / "beleid-aanpassen" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html
    assert not [s for s in csp.scripts(html) if s.in_content]


def test_the_bundled_pages_keep_their_policy(built_site):
    """Every inline script of a bundled page is the theme's, outside the content, and is hashed."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = csp.scripts(html)
        assert found and not [s for s in found if s.in_content], path
        (policy,) = CSP_META.findall(html)
        assert policy == csp.policy(found), path
        assert policy.count("'sha256-") == len({s.body for s in found if s.inline and s.executable}), path


def test_scripts_in_the_content_are_refused_and_not_hashed():
    theme = '<script>__md_scope=1</script>'
    page = ('<html><head><meta charset="utf-8">' + theme + '</head><body>'
            '<div class="md-content" data-md-component="content"><article class="md-content__inner">'
            '<div><p>tekst</p></div>{content}</article></div>'
            '<script id="__config" type="application/json">{{"a": 1}}</script>'
            '<script src="assets/bundle.js"></script></body></html>')
    clean = page.format(content="")
    hashes = csp.inline_script_hashes(csp.scripts(clean))
    assert hashes == csp.inline_script_hashes(csp.scripts(page.format(content="<script>evil()</script>")))
    assert len(hashes) == 1
    assert "Content-Security-Policy" in csp.add_policy(clean)
    for content in ("<script>evil()</script>", '<script src="evil.js"></script>', "<div><script>evil()</script></div>",
                    "<template><script>evil()</script></template>"):
        with pytest.raises(csp.ScriptInContent):
            csp.add_policy(page.format(content=content))
    csp.add_policy(page.format(content='<script type="application/json">{"data": 1}</script>'))  # never run


@pytest.mark.parametrize("content", [
    "<script>evil()</script>",
    "<SCRIPT>evil()</SCRIPT>",
    "<ScRiPt\ttype='module' async>evil()</ScRiPt>",
    "<script/src=evil.js></script>",
    '<p>tekst</p><script type="application/json">{"a": 1}</script>',  # not run, still not the page's to add
    "<div markdown><p>tekst</p><script>evil()</script></div>",
    "</article></div></body></html><script>evil()</script>",
    "<table><tr><td>a</td></tr><script>evil()</script></table>",
    "<svg><script>evil()</script></svg>",
    # A <frameset> is ignored in the theme's <article>; at a document's start it would swallow the script.
    "<frameset><script>evil()</script>",
    # With scripting on, as in the browser, <noscript> is text: its "</noscript>" ends it inside the attribute.
    '<noscript><p title="</noscript><script>evil()</script>"></p></noscript>',
    "<template><template><script>evil()</script></template></template>",
])
def test_a_script_in_the_markdown_html_is_found(content):
    assert csp.content_has_script(content)


@pytest.mark.parametrize("content", [
    "",
    "<p>Niet doen: <code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>",
    "<!-- <script>evil()</script> -->",
    "<textarea><script>evil()</script></textarea>",
    "<p><scripts>geen script</scripts> <scriptje/></p>",
])
def test_text_that_only_looks_like_a_script_is_not_one(content):
    assert not csp.content_has_script("<h1>Titel</h1>\n" + content)


def test_script_text_is_hashed_as_the_browser_reads_it():
    """Line ends normalised, the first of two type attributes counts (the HTML parsing rules)."""
    page = ('<html><head><meta charset="utf-8"><script>a()\r\nb()</script>'
            '<script type="application/json" type="">{"c": 1}</script></head><body></body></html>')
    found = csp.scripts(page)
    assert [(s.body, s.executable) for s in found] == [("a()\nb()", True), ('{"c": 1}', False)]
    assert csp.inline_script_hashes(found) == ["'sha256-" + base64.b64encode(hashlib.sha256(b"a()\nb()").digest()).decode() + "'"]
