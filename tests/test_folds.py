"""render/folds.py: a heading marked .cq-fold becomes the summary of its section's <details>."""

from __future__ import annotations

import markdown

from generator.render.folds import FoldExtension

SOURCE = """## Chapter { #chapter }

<div class="cq-text"><p>&lt;p onclick=&#x27;x&#x27;&gt; intro</p></div>

### Section { #section .cq-fold }

<div class="cq-text"><p>body</p></div>

#### Deeper { #deeper }

text

### Next { #next .cq-fold }

more

## Other { #other }
"""


def convert(source: str) -> tuple[str, str]:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", FoldExtension()],
                           extension_configs={"toc": {"permalink": ""}})
    return md.convert(source), md.toc


def test_a_marked_heading_folds_its_section_up_to_the_next_heading_of_its_level():
    html, _ = convert(SOURCE)
    first = html.index('<details class="cq-fold">')
    second = html.index('<details class="cq-fold">', first + 1)
    assert html.count('<details class="cq-fold">') == 2
    assert html.index('<h3 id="section">') > first and html.index('<h4 id="deeper">') < second
    assert html.index("</details>") < html.index('<h3 id="next">') < html.rindex("</details>") < html.index('<h2 id="other">')
    assert 'class="cq-fold"' not in html.replace('<details class="cq-fold">', "")


def test_the_summary_holds_only_the_heading_and_its_permalink_follows_it():
    html, _ = convert(SOURCE)
    summary = html[html.index("<summary>"):html.index("</summary>")]
    assert '<h3 id="section">Section</h3>' in summary and "headerlink" not in summary
    assert html.index('<a class="headerlink" href="#section"') > html.index("</summary>")


def test_folded_headings_stay_in_the_table_of_contents_and_text_stays_escaped():
    html, toc = convert(SOURCE)
    assert 'href="#section"' in toc and 'href="#next"' in toc
    assert "<p onclick" not in html and "&lt;p onclick" in html


def test_a_page_without_marked_headings_is_unchanged():
    plain = SOURCE.replace(" .cq-fold", "")
    assert convert(plain)[0] == markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"],
                                                  extension_configs={"toc": {"permalink": ""}}).convert(plain)
