"""Command-line interface: `check`, `export`, `publish`, `new-year`, `new-care-type` (`nieuwe-zorgsoort`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..check import load_archive
from ..load.layout import display_path, policy_files
from ..model.errors import PolicyError, Problem, PublishError, ScaffoldError, collapse
from .annotations import commands_paused, write_github_report
from .gitref import GitRefError

if TYPE_CHECKING:
    from .against import Comparison

# The other commands import what they need when they run: `check` is run on every save and in CI,
# and the outputs, publishing and scaffolding (Jinja, Markdown, iCalendar) would double its start.

DEFAULT_POLICIES = Path("policies")


@click.group()
def main() -> None:
    """Caresq-beleidsgenerator."""


def _archive_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / "organisatie.yaml").exists():
            return candidate
    return None


def _print_problems(problems: list[Problem], stream=None) -> None:
    # sys.stdout looked up per call, not bound at import: a caller (click's test runner) may swap it.
    for problem in collapse(problems):
        click.echo(str(problem), file=stream or sys.stdout)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--streng", "--strict", "strict", is_flag=True,
              help="Transparantiewaarschuwingen gelden als fout (--strict is dezelfde optie, voor CI-scripts).")
@click.option("--github", is_flag=True, help="Schrijf fouten ook als GitHub-annotaties en in de job-samenvatting.")
@click.option("--against", "against", metavar="REF", default=None,
              help="Vergelijk met git-versie REF (bijvoorbeeld origin/main): verschoven of verwijderde mijlpalen "
                   "moeten 'eerder' of 'vervallen' hebben; waarschuwingen alleen voor bestanden die sinds REF veranderden.")
@click.option("--summary", is_flag=True,
              help="Met --against: schrijf in Markdown wat er voor zorgaanbieders verandert (met --github in de job-samenvatting).")
@click.option("--preview-url", default=None, metavar="URL", help="Met --summary: adres van het voorbeeld, voor links naar de pagina's.")
def check(paths: tuple[Path, ...], strict: bool, github: bool, against: str | None, summary: bool,
          preview_url: str | None) -> None:
    """Controleer de beleidsbestanden en meld elke fout als bestand:regel:kolom."""
    if summary and not against:
        raise click.UsageError("--summary werkt alleen samen met --against REF")
    paths = paths or (DEFAULT_POLICIES,)
    comparison = None
    try:
        problems, counted = _check(paths, strict)
        if against:
            comparison = _compare(paths, against, summary, preview_url)
    except GitRefError as error:
        click.echo(f"check --against: {error}", err=True)
        sys.exit(2)
    except Exception as error:  # never show a traceback to a policy officer
        click.echo(f"interne fout in de controle: {type(error).__name__}: {error}", err=True)
        click.echo("meld dit aan het ontwikkelteam, met het bestand dat u wijzigde", err=True)
        sys.exit(3)
    hidden = 0
    if comparison is not None:
        from .against import changed_only

        problems, hidden = changed_only(problems + comparison.problems, comparison.changed)
    if github:
        with commands_paused():  # YAML text in a message must not act as a workflow command
            _print_problems(problems)
        write_github_report(problems)
    else:
        _print_problems(problems)
    if hidden:
        click.echo(f"check: nog {hidden} waarschuwing(en) in bestanden die sinds {against} niet veranderd zijn "
                   "(zie ze met: python -m generator check policies)")
    if comparison is not None and comparison.summary is not None:
        from .against import write_summary

        write_summary(comparison.summary, github)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors + hidden
    if errors:
        click.echo(f"check: {errors} fout(en), {warnings} waarschuwing(en) in {counted} bestand(en); niets gepubliceerd", err=True)
        sys.exit(2)
    click.echo(f"check: {counted} bestand(en) in orde, {warnings} waarschuwing(en)")


def _compare(paths: tuple[Path, ...], ref: str, summary: bool, preview_url: str | None) -> Comparison:
    """`--against`: every policy folder named in `paths` compared with REF."""
    from .against import Comparison, compare

    result = Comparison([], set())
    roots = []
    for path in paths:
        root = path if path.is_dir() and (path / "organisatie.yaml").exists() else _archive_root(path.resolve())
        if root is not None and root.resolve() not in [r.resolve() for r in roots]:
            roots.append(root)
    for root in roots:
        found = compare(root, ref, summary=summary, preview_url=preview_url)
        result.problems += found.problems
        result.changed |= found.changed
        if found.summary is not None:
            result.summary = found.summary if result.summary is None else result.summary + "\n" + found.summary
    return result


def _check(paths: tuple[Path, ...], strict: bool) -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    counted = 0
    roots: dict[Path, set[Path] | None] = {}
    for path in paths:
        if not path.exists():
            problems.append(Problem(str(path), 1, 1, "dit bestand of deze map bestaat niet", "controleer het pad"))
            continue
        root = path if path.is_dir() and (path / "organisatie.yaml").exists() else _archive_root(path.resolve())
        if root is None:
            problems.append(Problem(str(path), 1, 1, "geen map met organisatie.yaml gevonden boven dit bestand",
                                    "geef de map 'policies' op"))
            continue
        wanted = None if path.is_dir() else {path.resolve()}
        if root in roots and roots[root] is not None and wanted is not None:
            roots[root] |= wanted
        else:
            roots[root] = wanted if root not in roots else None
    for root, wanted in roots.items():
        counted += len(policy_files(root)) if wanted is None else len(wanted)
        try:
            archive = load_archive(root, strict=strict)
            found = archive.problems
        except PolicyError as error:
            found = error.problems
        if wanted is not None:
            shown = {str(w) for w in wanted}
            found = [p for p in found if str(Path(p.path).resolve()) in shown]
        problems += found
    return problems, counted



@main.command()
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("schema"), show_default=True)
def schema(out: Path) -> None:
    """Schrijf de JSON-schema's voor editors opnieuw."""
    from ..outputs.schema import write_schemas

    for path in write_schemas(out):
        click.echo(f"bijgewerkt: {path}")


@main.command()
@click.option("--to", "target", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Map waar de site komt te staan, bijvoorbeeld /var/www/beleid.")
@click.option("--config-file", "-f", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True)
def publish(target: Path, config_file: Path) -> None:
    """Bouw en controleer de site en zet hem daarna in één keer op zijn plek.

    De doelmap wordt een koppeling naar de nieuwste versie in DOELMAP.releases/;
    een map met andere inhoud, het project zelf en docs_dir worden geweigerd."""
    from .publishing import publish as publish_site

    try:
        published = publish_site(target, config_file)
    except PublishError as error:
        click.echo(f"niet gepubliceerd: {error}", err=True)
        click.echo(f"{target} is niet veranderd", err=True)
        sys.exit(1)
    click.echo(f"gepubliceerd: {published.target} ({published.files} bestanden), "
               f"een koppeling naar {published.release}")
    if published.previous is not None:
        click.echo(f"de vorige versie staat nog in {published.previous}; terugzetten: "
                   f"ln -sfn {published.previous.parent.name}/{published.previous.name} {published.target}")


@main.command("new-year")
@click.argument("care_type", metavar="ZORGSOORT")
@click.argument("year", metavar="JAAR", type=int)
@click.option("--policies", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_POLICIES, show_default=True)
def new_year(care_type: str, year: int, policies: Path) -> None:
    """Begin het beleid voor een nieuw contractjaar als concept-kopie van het laatste jaar."""
    from .scaffold import new_year as make_new_year

    try:
        result = make_new_year(policies, care_type, year)
    except ScaffoldError as error:
        click.echo(f"new-year: {error}", err=True)
        sys.exit(1)
    shown = display_path(result.target)
    click.echo(f"aangemaakt: {shown}, een concept op basis van {result.source.name}")
    click.echo(f"  - jaar {result.source.stem} is {year} geworden, ook in de titel en de bron")
    click.echo("  - status: concept — zichtbaar met scripts/serve, niet op de gepubliceerde site")
    click.echo(f"  - {result.shifted_dates} datum(s) {year - int(result.source.stem)} jaar later gezet, met de jaartallen in 'wanneer'")
    click.echo("  - alle sleutels (id) zijn gelijk gebleven")
    for name, count in sorted(result.removed.items()):
        click.echo(f"  - weggelaten: '{name}' ({count}x), want dat hoort bij {result.source.stem}")
    if result.review:
        click.echo(f"Controleer vóór publicatie ({len(result.review)} punten):")
        for item in result.review:
            click.echo(f"{shown}:{item.line}: {item.message}")
    click.echo("Zet daarna 'status: gepubliceerd' en controleer met: python -m generator check policies")


@main.command("new-care-type")
@click.argument("care_type", metavar="[ZORGSOORT]", required=False)
@click.option("--naam", "name", prompt="Naam van de zorgsoort, zoals in het beleid (bijvoorbeeld Mondzorg)",
              help="Naam van de zorgsoort, bijvoorbeeld 'Mondzorg'.")
@click.option("--jaar", "year", type=int, prompt="Eerste contractjaar", help="Het eerste contractjaar, bijvoorbeeld 2027.")
@click.option("--policies", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_POLICIES, show_default=True)
def new_care_type(care_type: str | None, name: str, year: int, policies: Path) -> None:
    """Begin het beleid voor een zorgsoort die Caresq voor het eerst inkoopt, als concept.

    ZORGSOORT is de sleutel en de mapnaam (bijvoorbeeld mondzorg); zonder wordt hij gevraagd,
    met een voorstel uit de naam."""
    from .care_type import new_care_type as make_new_care_type, slug_for

    if care_type is None:
        proposed = slug_for(name)
        if sys.stdin.isatty() or not proposed:
            care_type = click.prompt("Sleutel (mapnaam) van de zorgsoort", default=proposed or None)
        else:
            care_type = proposed
            click.echo(f"sleutel (mapnaam): {care_type}")
    try:
        result = make_new_care_type(policies, care_type, name, year)
    except ScaffoldError as error:
        click.echo(f"new-care-type: {error}", err=True)
        sys.exit(1)
    shown = display_path(result.target)
    click.echo(f"aangemaakt: {shown}, het eerste beleid voor {result.name} ({result.year}), als concept")
    click.echo("  - vul in wat met 'VUL IN' in het bestand staat; de opmerkingen zeggen wat er hoort")
    click.echo("  - eerste contractjaar: er is geen vorig jaar, dus geen wijzigingen nodig")
    try:
        found = load_archive(policies).problems
    except PolicyError as error:
        found = error.problems
    problems = [p for p in found if p.path == display_path(result.target, policies)]
    if problems:
        click.echo(f"Nog te doen volgens de controle ({len(problems)} punten):")
        _print_problems(problems)
    click.echo("Zet daarna 'status: gepubliceerd' en controleer met: python -m generator check policies")


main.add_command(new_care_type, "nieuwe-zorgsoort")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Lege map voor de Markdown-pagina's, feeds en JSON, met een eigen mkdocs.yml.")
@click.option("--policies", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_POLICIES, show_default=True)
@click.option("--site-url", default=None, help="Adres van de site; standaard site_url uit mkdocs.yml.")
def export(out: Path, policies: Path, site_url: str | None) -> None:
    """Schrijf de gegenereerde bestanden als gewone bestanden, te bouwen zonder de caresq-plugin."""
    from .publishing import export as export_site

    if site_url is None:
        site_url = _configured_site_url()
    try:
        count = export_site(out, policies, site_url)
    except PolicyError as error:
        _print_problems(error.problems)
        click.echo("export: niets geschreven; los eerst de fouten op", err=True)
        sys.exit(2)
    except PublishError as error:
        click.echo(f"export: {error}", err=True)
        sys.exit(1)
    click.echo(f"geëxporteerd: {count} bestanden in {out}; bouw met: mkdocs build -f {out / 'mkdocs.yml'}")


def _configured_site_url(config_file: Path = Path("mkdocs.yml")) -> str:
    """site_url as MkDocs reads it (mkdocs.yml uses !ENV, so plain YAML will not do)."""
    from mkdocs.config import load_config

    if not config_file.exists():
        raise click.UsageError("geen mkdocs.yml in deze map: geef --site-url op")
    return load_config(str(config_file)).site_url
