"""Regression guard for build cost, without timing: during one real `mkdocs build`
(of the synthetic archive, tests/archive/) every policy YAML file is parsed once and every page is
rendered once. A change that re-reads the archive per page, or renders a page
twice, makes the build grow quadratically with the archive; these counts catch
it on any machine, however fast. (Timings are for bench/run.py, by hand.)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import build_site_into


@pytest.fixture(scope="module")
def counted(synthetic_project_dir, tmp_path_factory):
    """Build once with counting wrappers around the YAML reader and the renderers."""
    from mkdocs.structure.pages import Page

    from generator.load import reader as loader, yamlsource
    from generator.render.context import SiteContext

    parsed: Counter[Path] = Counter()
    generated: Counter[str] = Counter()
    mkdocs_rendered: Counter[str] = Counter()
    read_yaml, render, page_render = yamlsource.read_yaml, SiteContext.render, Page.render

    def counting_read_yaml(path, shown):
        parsed[Path(path).resolve()] += 1
        return read_yaml(path, shown)

    def counting_render(self, template, page_uri, *args, **kwargs):
        generated[page_uri] += 1
        return render(self, template, page_uri, *args, **kwargs)

    def counting_page_render(self, config, files):
        mkdocs_rendered[self.file.src_uri] += 1
        return page_render(self, config, files)

    with pytest.MonkeyPatch.context() as patch:
        # Both names: the loader's own reference and the module's, whichever a caller uses.
        patch.setattr(yamlsource, "read_yaml", counting_read_yaml)
        patch.setattr(loader, "read_yaml", counting_read_yaml)
        patch.setattr(SiteContext, "render", counting_render)
        patch.setattr(Page, "render", counting_page_render)
        site = build_site_into(tmp_path_factory.mktemp("counted") / "site", synthetic_project_dir / "mkdocs.yml")
    return {"parsed": parsed, "generated": generated, "mkdocs": mkdocs_rendered, "site": site,
            "policies": synthetic_project_dir / "policies"}


def test_each_policy_file_is_parsed_exactly_once(counted):
    policies = counted["policies"].resolve()
    files = {path.resolve() for path in policies.rglob("*.yaml")}
    assert len(files) > 10, "the synthetic archive is there"
    assert set(counted["parsed"]) == files
    twice = {path.relative_to(policies).as_posix(): n for path, n in counted["parsed"].items() if n != 1}
    assert twice == {}, "parsed more than once in one build"


def test_each_generated_page_is_rendered_exactly_once(counted):
    site: Path = counted["site"]
    generated = counted["generated"]
    # Every generated Markdown page reached the site, and each came from one render.
    for uri in generated:
        assert uri.endswith(".md")
        built = uri[: -len(".md")]
        built = built[: -len("index")] if built.endswith("index") else built + "/"
        assert (site / built / "index.html").is_file(), uri
    assert any(uri.startswith("zorgsoorten/") for uri in generated)
    assert {uri: n for uri, n in generated.items() if n != 1} == {}, "generated more than once in one build"


def test_mkdocs_renders_each_page_once(counted):
    rendered = counted["mkdocs"]
    assert set(counted["generated"]) <= set(rendered), "every generated page is a page MkDocs renders"
    assert {uri: n for uri, n in rendered.items() if n != 1} == {}, "MkDocs rendered a page more than once"
