"""References between chapters: "hoofdstuk 4" links to the chapter the policy numbers 4.

On the synthetic archive (which numbers no chapter) and on a copy of it whose Wijkzorg 2026
numbers two chapters and refers to them; one `policies` test on the real data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BASE_URL, synthetic_copy
from generator.check import check_archive, load_archive
from generator.load import read_archive
from generator.model.errors import PolicyError
from generator.outputs import SiteOptions, build_site
from generator.render import urls
from generator.render.markup import Renderer

WIJKZORG = Path("zorgsoorten/wijkzorg/2026.yaml")


def _numbered_copy(tmp_path: Path, reference: str) -> Path:
    """A copy of the synthetic archive whose Wijkzorg 2026 numbers 'inleiding' 1 and
    'voorwaarden' 2 and says `reference` in its introduction."""
    root = synthetic_copy(tmp_path / "policies")
    path = root / WIJKZORG
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: inleiding\n    titel: Inleiding\n", "  - id: inleiding\n    titel: Inleiding\n    nummer: \"1\"\n", 1)
    text = text.replace("  - id: voorwaarden\n    titel: ", "  - id: voorwaarden\n    nummer: \"2\"\n    titel: ", 1)
    text = text.replace("Dit is het inkoopbeleid Wijkzorg 2026.", f"Dit is het inkoopbeleid Wijkzorg 2026. {reference}", 1)
    assert text.count("nummer:") == 2 and reference in text
    path.write_text(text, encoding="utf-8")
    return root


def _full_page(archive, care_type: str, year: int) -> str:
    policy = next(p for p in archive.policies if p.care_type == care_type and p.year == year)
    return build_site(archive, SiteOptions(base_url=BASE_URL)).files[urls.full_policy(policy)]


def test_renderer_links_only_numbers_it_knows(synthetic):
    renderer = Renderer({}).linking({"4": "#inkoopprocedure", "2.2": "#visie"})
    html = str(renderer.block("Zie hoofdstuk 4, artikel 2.2 en paragraaf 2.3. Lees [hoofdstuk 4](https://example.org) en `hoofdstuk 4`."))
    assert html.count('href="#inkoopprocedure"') == 1  # not inside a link or code
    assert '<a href="#inkoopprocedure" rel="noopener noreferrer">hoofdstuk 4</a>, ' in html
    assert '<a href="#visie" rel="noopener noreferrer">artikel 2.2</a>' in html
    assert "paragraaf 2.3." in html and "#2.3" not in html
    assert "<code>hoofdstuk 4</code>" in html
    plain = Renderer({})
    assert "<a" not in str(plain.block("Zie hoofdstuk 4."))  # the renderer without targets links nothing


def test_unnumbered_synthetic_policies_link_no_reference(synthetic_site):
    pages = [content for uri, content in synthetic_site.files.items() if isinstance(content, str) and uri.endswith(".md")]
    assert pages and not any(re.search(r'<a href="#[^"]*"[^>]*>(hoofdstuk|paragraaf|artikel|punt) ', page) for page in pages)


def test_numbered_chapter_heading_and_link(tmp_path):
    archive = load_archive(_numbered_copy(tmp_path, "De voorwaarden staan in hoofdstuk 2; zie ook punt 9."))
    page = _full_page(archive, "wijkzorg", 2026)
    assert re.search(r"^## 1 Inleiding \{ #inleiding \}$", page, re.MULTILINE)
    assert re.search(r"^## 2 .+ \{ #voorwaarden \}$", page, re.MULTILINE)  # anchor unchanged
    assert '<a href="#voorwaarden" rel="noopener noreferrer">hoofdstuk 2</a>' in page
    assert "zie ook punt 9." in page  # no section 9: left as text


def test_unresolvable_reference_is_an_error_at_its_line(tmp_path):
    root = _numbered_copy(tmp_path, "De planning staat in hoofdstuk 7.")
    problems = [p for p in check_archive(read_archive(root)) if "hoofdstuk 7" in p.message]
    assert len(problems) == 1 and problems[0].is_error
    line = (root / WIJKZORG).read_text(encoding="utf-8").splitlines()
    assert "hoofdstuk 7" in "\n".join(line[problems[0].line - 1:problems[0].line + 1])
    assert problems[0].path.endswith("wijkzorg/2026.yaml") and "1, 2" in problems[0].hint
    with pytest.raises(PolicyError):
        load_archive(root)


def test_unnumbered_policy_is_not_checked(tmp_path):
    root = synthetic_copy(tmp_path / "policies")
    path = root / WIJKZORG
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Dit is het inkoopbeleid Wijkzorg 2026.", "Dit is het inkoopbeleid Wijkzorg 2026. Zie hoofdstuk 7.", 1), encoding="utf-8")
    assert not [p for p in check_archive(read_archive(root)) if "hoofdstuk 7" in p.message]


@pytest.mark.policies
def test_real_policy_links_hoofdstuk_4_to_its_chapter(archive):
    page = _full_page(archive, "verpleging-en-verzorging", 2024)
    assert "## 4 Inkoopprocedure { #inkoopprocedure }" in page
    assert '<a href="#inkoopprocedure" rel="noopener noreferrer">hoofdstuk 4</a>' in page
