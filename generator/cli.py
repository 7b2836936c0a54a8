"""Command-line interface: `check`, `export`, `publish`, `new-year`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .loader import load_archive
from .problems import PolicyError, Problem

DEFAULT_POLICIES = Path("policies")


@click.group()
def main() -> None:
    """Caresq-beleidsgenerator."""


def _archive_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / "organisatie.yaml").exists():
            return candidate
    return None


def _print_problems(problems: list[Problem], stream=sys.stdout) -> None:
    for problem in sorted(problems):
        click.echo(str(problem), file=stream)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--streng", "strict", is_flag=True, help="Transparantiewaarschuwingen gelden als fout.")
@click.option("--github", is_flag=True, help="Schrijf fouten ook als GitHub-annotaties en in de job-samenvatting.")
def check(paths: tuple[Path, ...], strict: bool, github: bool) -> None:
    """Controleer de beleidsbestanden en meld elke fout als bestand:regel:kolom."""
    try:
        problems, counted = _check(paths or (DEFAULT_POLICIES,), strict)
    except Exception as error:  # never show a traceback to a policy officer
        click.echo(f"interne fout in de controle: {type(error).__name__}: {error}", err=True)
        click.echo("meld dit aan het ontwikkelteam, met het bestand dat u wijzigde", err=True)
        sys.exit(3)
    _print_problems(problems)
    if github:
        from .annotations import write_github_report

        write_github_report(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(f"check: {errors} fout(en), {warnings} waarschuwing(en) in {counted} bestand(en); niets gepubliceerd", err=True)
        sys.exit(2)
    click.echo(f"check: {counted} bestand(en) in orde, {warnings} waarschuwing(en)")


def _check(paths: tuple[Path, ...], strict: bool) -> tuple[list[Problem], int]:
    from .loader import policy_files

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
    from .schema import write_schemas

    for path in write_schemas(out):
        click.echo(f"bijgewerkt: {path}")
