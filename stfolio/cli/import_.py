"""`stfolio import st-ark|csv FILE`: what a trainee already has, into an existing or a new portfolio.

The options say where (``-C``/``--dir``) and, for a new portfolio, what the source does not say about
the trainee (the same flags as ``init``; on a terminal, what is missing is asked for). The work
is in ``stfolio.importers``; this module prints its findings, the files (``--dry-run``) or what
was written, then what ``check`` says and what to complete.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stfolio.cli.application import app, sub_app
from stfolio.cli.common import REGULATIONS, ROUTES, ask, choice, interactive, parse_as_of, parse_date
from stfolio.cli.init import (
    GitOption,
    InteractiveOption,
    NameOption,
    PolicyOption,
    PreCommitOption,
    RegulationOption,
    RouteOption,
    SpecialtyOption,
    StStartOption,
    SupervisorOption,
)
from stfolio.cli.log import CommitOption
from stfolio.i18n import N_, _

if TYPE_CHECKING:
    from stfolio.importers.plan import Imported, ImportPlan, ProfileChoices
    from stfolio.importers.source import ProfileHints

import_app = sub_app(N_("Take in what you already have: an ST-ARK backup, or a spreadsheet of placements and courses."))
app.add_typer(import_app, name="import")

# The portfolio as every command takes it (-C/--dir), but not stfolio.cli.common's DirOption: an
# import also creates a new portfolio in a folder that has none, where the others refuse.
DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        "-C",
        help=N_(
            "The portfolio to import into, or a folder inside it (default: found upward from here); "
            "a new one is created there if it has none."
        ),
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help=N_("Print every file the import would write; write nothing."))
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help=N_("Today, for the import and the check after it (YYYY-MM-DD)."))
]


@import_app.command(
    "st-ark",
    help=N_(
        "Import an ST-ARK backup: each placement and course becomes a record, with the delmål of its achievements."
    ),
)
def import_st_ark(
    backup: Annotated[Path, typer.Argument(help=N_("The backup ST-ARK saved (JSON)."))],
    directory: DirOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    name: NameOption = None,
    specialty: SpecialtyOption = None,
    st_start: StStartOption = None,
    route: RouteOption = None,
    regulation: RegulationOption = None,
    supervisor: SupervisorOption = None,
    policy: PolicyOption = None,
    git: GitOption = True,
    pre_commit: PreCommitOption = False,
    as_of: AsOfOption = None,
    interactive_: InteractiveOption = None,
) -> None:
    """Import an ST-ARK backup: each placement and course becomes a record, with the delmål of its achievements."""
    run_import("st-ark", backup, dict(locals()))


@import_app.command(
    "csv", help=N_("Import placements and courses from a spreadsheet saved as CSV (columns: see docs/import.md).")
)
def import_csv(
    sheet: Annotated[Path, typer.Argument(help=N_("The spreadsheet saved as CSV: one row per placement or course."))],
    directory: DirOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    name: NameOption = None,
    specialty: SpecialtyOption = None,
    st_start: StStartOption = None,
    route: RouteOption = None,
    regulation: RegulationOption = None,
    supervisor: SupervisorOption = None,
    policy: PolicyOption = None,
    git: GitOption = True,
    pre_commit: PreCommitOption = False,
    as_of: AsOfOption = None,
    interactive_: InteractiveOption = None,
) -> None:
    """Import placements and courses from a spreadsheet saved as CSV (columns: see docs/import.md)."""
    run_import("csv", sheet, dict(locals()))


def run_import(kind: str, source: Path, options: dict[str, Any]) -> None:
    """The shared path of both imports: read, plan, show or write, check."""
    from stfolio.importers.plan import open_target, plan_import, read_source, write_plan

    today = parse_as_of(options["as_of"])
    read = read_source(kind, source, today)
    choices = _choices(options, read.profile)
    plan = plan_import(read, open_target(options["directory"], read.profile, choices), today)
    if options["dry_run"]:
        _show_dry_run(plan)
        raise typer.Exit(0 if plan.ok else 1)
    ok = _show_imported(write_plan(plan, options["commit"]), today)
    raise typer.Exit(0 if plan.ok and ok else 1)


def _choices(options: dict[str, Any], hints: ProfileHints) -> ProfileChoices:
    """The flags for a new portfolio; on a terminal, ask for what neither they nor the source give."""
    from stfolio.importers.plan import ProfileChoices
    from stfolio.loader import find_root

    choices = ProfileChoices(
        name=options["name"],
        specialty=options["specialty"],
        st_start=parse_date(options["st_start"], "--st-start"),
        route=choice(options["route"], "--route", ROUTES),
        regulation=choice(options["regulation"], "--regulation", REGULATIONS),
        supervisor=options["supervisor"],
        policies=tuple(options["policy"] or ()),
        git=options["git"],
        pre_commit=options["pre_commit"],
    )
    directory = options["directory"]
    creating = directory is not None and (not directory.exists() or find_root(directory) is None)
    wanted = interactive() if options["interactive_"] is None else options["interactive_"]
    if creating and wanted:
        return _ask(choices, hints)
    return choices


def _ask(choices: ProfileChoices, hints: ProfileHints) -> ProfileChoices:
    from dataclasses import replace

    from stfolio.importers.plan import missing_profile

    missing = missing_profile(hints, choices)
    if "--name" in missing:
        choices = replace(choices, name=typer.prompt(_("Your name")))
    if "--specialty" in missing:
        choices = replace(choices, specialty=typer.prompt(_("Specialty (e.g. psykiatri, allmanmedicin)")))
    first_day = _("First day of ST (YYYY-MM-DD)")
    while "--st-start" in missing and choices.st_start is None:
        choices = replace(choices, st_start=ask(lambda: parse_date(typer.prompt(first_day), "--st-start")))
    question = _("Route to legitimation (svensk-at, sexarig-lakarexamen, utlandsk-examen)")
    while "--route" in missing_profile(hints, choices):
        choices = replace(choices, route=ask(lambda: choice(typer.prompt(question), "--route", ROUTES)))
    return choices


def _findings(plan: ImportPlan) -> None:
    from stfolio.cli.output import format_finding

    for finding in plan.findings:
        typer.echo(format_finding(finding, plan.root, Path.cwd()))


def _show_dry_run(plan: ImportPlan) -> None:
    from stfolio.importers.report import dry_run_files, dry_run_summary, not_imported

    files = dry_run_files(plan, Path.cwd())
    if files:
        typer.echo(files)
    _findings(plan)
    for line in not_imported(plan) + dry_run_summary(plan, Path.cwd()):
        typer.echo(line)


def _show_imported(done: Imported, today: dt.date | None) -> bool:
    """What was written, then `check` on the portfolio and what to complete; whether check found no errors."""
    from stfolio.cli.output import render_human
    from stfolio.importers.report import imported_summary, not_imported, shown, to_complete
    from stfolio.rules import check_portfolio

    _findings(done.plan)
    for line in not_imported(done.plan) + imported_summary(done, Path.cwd()):
        typer.echo(line)
    result = check_portfolio(done.plan.root, as_of=today)
    typer.echo("")
    typer.echo(f"$ stfolio check {shown(done.plan.root, Path.cwd())}")
    typer.echo(render_human(result, Path.cwd()), nl=False)
    for line in to_complete(done.plan, result, Path.cwd()):
        typer.echo(line)
    return result.ok
