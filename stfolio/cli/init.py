"""`stfolio init`: start a portfolio, asking on a terminal for what the flags did not give."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from stfolio import i18n
from stfolio.cli.application import app
from stfolio.cli.common import REGULATIONS, ROUTES, ask, choice, fail, interactive, parse_date
from stfolio.cli.completion import complete_policy
from stfolio.i18n import N_, _

DirectoryArgument = Annotated[Path, typer.Argument(help=N_("Folder for the new portfolio (created if missing)."))]
NameOption = Annotated[str | None, typer.Option(help=N_("Your full name."))]
SpecialtyOption = Annotated[str | None, typer.Option(help=N_("Specialty, e.g. psykiatri, allmanmedicin."))]
StStartOption = Annotated[str | None, typer.Option(help=N_("First day of ST (BT included), YYYY-MM-DD."))]
RouteOption = Annotated[
    str | None, typer.Option(help=N_("Route to legitimation: svensk-at, sexarig-lakarexamen or utlandsk-examen."))
]
LegitimationOption = Annotated[str | None, typer.Option(help=N_("Date of legitimation, YYYY-MM-DD."))]
RegulationOption = Annotated[
    str | None, typer.Option(help=N_("Override the regulation chosen from route and dates: 2015 or 2021."))
]
BtStartOption = Annotated[
    str | None, typer.Option(help=N_("First day of BT (HSLF-FS 2021:8); defaults to --st-start."))
]
BtEndOption = Annotated[str | None, typer.Option(help=N_("Last day of BT, if known."))]
EmployerOption = Annotated[str | None, typer.Option(help=N_("Employer, e.g. Region Skåne."))]
ClinicOption = Annotated[str | None, typer.Option(help=N_("Home clinic."))]
SupervisorOption = Annotated[str | None, typer.Option(help=N_("Huvudhandledare's name."))]
SupervisorSpecialtyOption = Annotated[str | None, typer.Option(help=N_("Huvudhandledare's specialty."))]
TrainedOption = Annotated[
    bool | None,
    typer.Option(
        "--handledarutbildning/--no-handledarutbildning",
        help=N_("Whether the huvudhandledare has handledarutbildning."),
    ),
]
StudierektorOption = Annotated[str | None, typer.Option(help=N_("Studierektor's name."))]
PolicyOption = Annotated[
    list[str] | None,
    typer.Option(help=N_("A local policy pack to follow (repeatable), e.g. se-sus."), autocompletion=complete_policy),
]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        help=N_("Language of the portfolio's output and reports: sv or en; default: the language stfolio speaks now.")
    ),
]
GitOption = Annotated[bool, typer.Option("--git/--no-git", help=N_("Create a git repository with a first commit."))]
PreCommitOption = Annotated[
    bool,
    typer.Option("--pre-commit", help=N_("Also write a .pre-commit-config.yaml that runs `stfolio check` on commit.")),
]
InteractiveOption = Annotated[
    bool | None,
    typer.Option(
        "--interactive/--no-interactive", help=N_("Ask for missing fields (default: when run in a terminal).")
    ),
]


@dataclass
class _Answers:
    """What init must know before it can start, from the flags and then from prompts."""

    name: str | None
    specialty: str | None
    start: dt.date | None
    route: str | None
    regulation: str | None
    supervisor: str | None
    handledarutbildning: bool | None
    policies: tuple[str, ...] = ()


def _answers(options: dict[str, Any]) -> _Answers:
    return _Answers(
        name=options["name"],
        specialty=options["specialty"],
        start=parse_date(options["st_start"], "--st-start"),
        route=choice(options["route"], "--route", ROUTES),
        regulation=choice(options["regulation"], "--regulation", REGULATIONS),
        supervisor=options["supervisor"],
        handledarutbildning=options["handledarutbildning"],
        policies=tuple(options["policy"] or ()),
    )


def _prompt(answers: _Answers) -> None:
    """Ask for each missing answer on the terminal, checking it before moving on."""
    answers.name = answers.name or typer.prompt(_("Your name"))
    answers.specialty = answers.specialty or typer.prompt(_("Specialty (e.g. psykiatri, allmanmedicin)"))
    first_day = _("First day of ST, BT included (YYYY-MM-DD)")
    while answers.start is None:
        answers.start = ask(lambda: parse_date(typer.prompt(first_day), "--st-start"))
    question = _("Route to legitimation (svensk-at, sexarig-lakarexamen, utlandsk-examen)")
    while answers.route is None and answers.regulation is None:
        answers.route = ask(lambda: choice(typer.prompt(question), "--route", ROUTES))
    if answers.route == "svensk AT" and answers.regulation is None and answers.start >= dt.date(2021, 7, 1):
        typer.echo(_("With a Swedish AT you may follow either regulation:"))
        typer.echo("  " + _("2015: SOSFS 2015:8, at least 60 months of ST, no BT"))
        typer.echo("  " + _("2021: HSLF-FS 2021:8, at least 66 months, opening with BT (your AT may count toward it)"))
        which = _("Which regulation? (2015 or 2021)")
        while answers.regulation is None:
            answers.regulation = ask(lambda: choice(typer.prompt(which), "--regulation", REGULATIONS))
    if not answers.policies:
        answers.policies = _ask_policies()
    if not answers.supervisor:
        question = _("Huvudhandledare's name (empty to skip)")
        answers.supervisor = typer.prompt(question, default="", show_default=False)
    if answers.supervisor and answers.handledarutbildning is None:
        question = _("Has the huvudhandledare done a handledarutbildning?")
        answers.handledarutbildning = typer.confirm(question, default=True)


def _ask_policies() -> tuple[str, ...]:
    """Which local policy packs the clinic follows, checked as typed; empty for none."""
    from stfolio.errors import StfolioError
    from stfolio.packs import shipped_packs_dir
    from stfolio.write.scaffold import known_policies

    shipped = ", ".join(sorted(p.stem for p in shipped_packs_dir().glob("*.yaml")))
    while True:
        question = _("Local policy packs your clinic follows [{packs}] (empty for none)").format(packs=shipped)
        answer = typer.prompt(question, default="", show_default=False)
        names = tuple(name.strip() for name in answer.split(",") if name.strip())
        try:
            known_policies(names)
        except StfolioError as exc:
            typer.echo(f"  {exc.message}", err=True)
            continue
        return names


def _request(options: dict[str, Any], answers: _Answers) -> Any:
    from stfolio.write.scaffold import InitRequest

    needed = (("--name", answers.name), ("--specialty", answers.specialty), ("--st-start", answers.start))
    missing = [flag for flag, value in needed if not value]
    if missing or answers.name is None or answers.specialty is None or answers.start is None:
        fail(_("init needs {flags} (or run it in a terminal to be asked)").format(flags=", ".join(missing)))
    return InitRequest(
        directory=options["directory"],
        name=answers.name,
        specialty=answers.specialty,
        st_start=answers.start,
        route=answers.route,
        legitimation_date=parse_date(options["legitimation_date"], "--legitimation-date"),
        regulation=answers.regulation,
        bt_start=parse_date(options["bt_start"], "--bt-start"),
        bt_end=parse_date(options["bt_end"], "--bt-end"),
        employer=options["employer"],
        clinic=options["clinic"],
        supervisor=answers.supervisor or None,
        supervisor_specialty=options["supervisor_specialty"],
        handledarutbildning=answers.handledarutbildning,
        studierektor=options["studierektor"],
        policies=answers.policies,
        language=options["language"] or i18n.current(),
        git=options["git"],
        pre_commit=options["pre_commit"],
    )


@app.command(help=N_("Start a new portfolio: profile, folders, README, .gitignore and a git repository."))
def init(
    directory: DirectoryArgument = Path("."),
    name: NameOption = None,
    specialty: SpecialtyOption = None,
    st_start: StStartOption = None,
    route: RouteOption = None,
    legitimation_date: LegitimationOption = None,
    regulation: RegulationOption = None,
    bt_start: BtStartOption = None,
    bt_end: BtEndOption = None,
    employer: EmployerOption = None,
    clinic: ClinicOption = None,
    supervisor: SupervisorOption = None,
    supervisor_specialty: SupervisorSpecialtyOption = None,
    handledarutbildning: TrainedOption = None,
    studierektor: StudierektorOption = None,
    policy: PolicyOption = None,
    language: LanguageOption = None,
    git: GitOption = True,
    pre_commit: PreCommitOption = False,
    interactive_: InteractiveOption = None,
) -> None:
    """Start a new portfolio: profile, folders, README, .gitignore and a git repository."""
    from stfolio.write.scaffold import init_portfolio

    options = dict(locals())
    answers = _answers(options)
    if interactive() if interactive_ is None else interactive_:
        _prompt(answers)
    done = init_portfolio(_request(options, answers))
    shown = os.path.relpath(done.created.root.resolve(), Path.cwd())
    created = _("Created a portfolio for {name} ({specialty}) in {folder}/")
    typer.echo(created.format(name=done.profile.trainee.name, specialty=done.profile.specialty, folder=shown))
    typer.echo("  " + _("regulation: {reason}").format(reason=done.choice.reason))
    if done.choice.warning:
        typer.echo("  " + _("warning: {warning}").format(warning=done.choice.warning))
    typer.echo("  " + _("wrote: {files}").format(files=", ".join(done.created.written)))
    for note in done.created.notes:
        typer.echo(f"  {note}")
    typer.echo(_("Next: record what you do with `stfolio log`, and run `stfolio check` inside the folder."))
