"""The repairs of Material's own markup (generator/plugin/theme_fixes.py), each and together in one page.

tests/browser/test_html_validity.py checks that the built pages validate; these
tests pin what each repair does to the theme's markup, and what it leaves alone.
"""

from __future__ import annotations

from generator.plugin.theme_fixes import fix_theme_html

TOGGLES = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
           '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">')
SKIP = '<div data-md-component="skip">\n  \n</div>'


def section(title: str, tabindex: str) -> str:
    return ('<div class="md-nav__link md-nav__container">\n'
            '  <a href="../zorgsoorten/" class="md-nav__link ">\n'
            f'    <span class="md-ellipsis">\n      {title}\n    </span>\n  </a>\n'
            f'  <label class="md-nav__link " for="__nav_2_3" id="__nav_2_3_label"{tabindex}>'
            '<span class="md-nav__icon md-icon"></span></label>\n</div>')


def test_the_checkbox_toggles_lose_autocomplete():
    other = '<input type="text" autocomplete="off">'
    assert fix_theme_html(TOGGLES + other) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">' + other)


def test_an_empty_tabindex_on_a_section_label_goes():
    label = '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="{}">Zorg</label>'
    assert fix_theme_html(label.format("")) == '<label class="md-nav__link" for="__nav_4" id="__nav_4_label">Zorg</label>'
    assert fix_theme_html(label.format("0")) == label.format("0")


def test_a_section_toggle_gets_its_title_as_hidden_text():
    hidden = '><span class="cq-visually-hidden">Wijk &amp; thuis &#x27;24</span><span class="md-nav__icon'
    # The empty tabindex goes as on any section label; a real one stays.
    fixed = fix_theme_html(section("Wijk &amp; thuis '24", ' tabindex=""'))
    assert 'id="__nav_2_3_label"' + hidden in fixed and "tabindex" not in fixed
    fixed = fix_theme_html(section("Wijk &amp; thuis '24", ' tabindex="0"'))
    assert 'id="__nav_2_3_label" tabindex="0"' + hidden in fixed


def test_the_skip_link_goes_to_the_first_heading():
    page = SKIP + '<article><h1 id="wijkverpleging">Wijkverpleging</h1><h1 id="later">x</h1></article>' + SKIP
    link = '<div data-md-component="skip"><a href="#wijkverpleging" class="md-skip">Ga naar inhoud</a>\n  \n</div>'
    assert fix_theme_html(page) == link + page[len(SKIP):]  # only the first container
    assert fix_theme_html(SKIP + "<h1>Zonder id</h1>") == SKIP + "<h1>Zonder id</h1>"


def test_the_toc_title_is_a_label_only_with_its_toggle():
    toc = '<label class="md-nav__title" for="__toc"><span class="md-nav__icon md-icon"></span>\n  Inhoud\n</label>'
    assert fix_theme_html(toc) == '<div class="md-nav__title"><span class="md-nav__icon md-icon"></span>\n  Inhoud\n</div>'
    with_toggle = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">' + toc
    assert fix_theme_html(with_toggle) == with_toggle


def test_all_repairs_in_one_page():
    page = (TOGGLES + SKIP + section("Zorgsoorten", ' tabindex=""')
            + '<label class="md-nav__title" for="__toc">Inhoud</label><h1 id="t">T</h1>')
    fixed = fix_theme_html(page)
    assert 'autocomplete' not in fixed and 'tabindex' not in fixed
    assert '<a href="#t" class="md-skip">' in fixed
    assert '<span class="cq-visually-hidden">Zorgsoorten</span>' in fixed
    assert '<div class="md-nav__title">Inhoud</div>' in fixed
    unrelated = '<p>Geen thema-opmaak: <label for="x" tabindex="">x</label></p>'
    assert fix_theme_html(unrelated) == unrelated
