"""The serve preview's error page: every problem as `check` prints it, as text, at the
home page and at every page address it is given (the plugin side: tests/browser/test_preview_errors.py)."""

from __future__ import annotations

import markdown

from generator.model.errors import Problem, Severity
from generator.outputs.preview import error_files
from generator.render.preview import problems_page

PROBLEMS = [
    Problem("policies/zorgsoorten/wijkzorg/2026.yaml", 8, 18, "'2025-02-31' is geen bestaande datum", "schrijf JJJJ-MM-DD"),
    Problem("policies/organisatie.yaml", 3, 1, "tekst <script>alert(1)</script> met *sterren* en [link](javascript:x)"),
    Problem("policies/zorgsoorten/a/2026.yaml", 2, 1, "transparantie: datum ontbreekt", severity=Severity.warning),
]


def test_the_page_lists_every_problem_as_check_prints_it_and_as_text():
    html = markdown.markdown(problems_page(PROBLEMS), extensions=["meta"])
    for problem in PROBLEMS[::2]:
        assert f"<li><code>{str(problem).replace(chr(39), '&#39;')}</code></li>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; met *sterren* en [link](javascript:x)" in html
    assert "<script>" not in html and "<em>" not in html and "<a " not in html
    assert "Dit is alleen de voorbeeldweergave; er wordt niets gepubliceerd" in html
    assert "2 fouten in de beleidsbestanden" in html  # the warning is listed but not counted


def test_the_page_stands_at_home_and_at_every_address_given():
    files = error_files(PROBLEMS, ["zorgsoorten/wijkzorg/2026/beleid.md", "beleid-aanpassen.md"])
    pages = {uri for uri in files if uri.endswith(".md")}
    assert pages == {"index.md", "zorgsoorten/wijkzorg/2026/beleid.md", "beleid-aanpassen.md"}
    assert len({files[uri] for uri in pages}) == 1
    assert {"assets/caresq.css", "assets/caresq.js"} <= files.keys()
