"""The ``stfolio`` command line: a thin shell over the library.

Each command turns options into arguments, calls one library function, prints the result
and exits with a code: 0 clean (warnings allowed), 1 problems found, 2 usage error,
3 a bug in stfolio. Library modules (pydantic, PyYAML) are imported inside the commands so
that ``stfolio --help`` and ``--version`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from stfolio import __version__
from stfolio.cli_util import fail as _fail
from stfolio.cli_util import parse_as_of
from stfolio.cli_util import parse_date as _date
from stfolio.text import fold

T = TypeVar("T")

app = typer.Typer(
    name="stfolio",
    help="A portfolio for Swedish ST-läkare: plain YAML records checked against Socialstyrelsen's målbeskrivningar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stfolio {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """stfolio keeps an ST portfolio as a folder of YAML records and checks it."""


def _choice(value: str | None, option: str, choices: dict[str, str]) -> str | None:
    """Match ``value`` loosely against ``choices`` (folded alias -> canonical value)."""
    if value is None:
        return None
    canonical = choices.get(fold(value))
    if canonical is None:
        allowed = sorted(set(choices.values()))
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}", param_hint=option)
    return canonical


def _ask(question: Callable[[], T]) -> T | None:
    """Ask once; on a bad answer say why and return None so the caller asks again."""
    try:
        return question()
    except typer.BadParameter as exc:
        typer.echo(f"  {exc.message}", err=True)
        return None


def _slug(text: str) -> str:
    return "-".join(fold(text).replace("&", " ").replace(",", " ").split())


REGULATIONS = {
    "2015": "SOSFS 2015:8",
    "sosfs 2015:8": "SOSFS 2015:8",
    "sosfs 2015 8": "SOSFS 2015:8",
    "2021": "HSLF-FS 2021:8",
    "hslf fs 2021:8": "HSLF-FS 2021:8",
    "hslf fs 2021 8": "HSLF-FS 2021:8",
}
ROUTES = {
    "svensk at": "svensk AT",
    "at": "svensk AT",
    "swedish at": "svensk AT",
    "sexarig lakarexamen": "sexårig läkarexamen",
    "sexarig": "sexårig läkarexamen",
    "six year degree": "sexårig läkarexamen",
    "utlandsk examen": "utländsk examen",
    "utlandsk": "utländsk examen",
    "foreign degree": "utländsk examen",
}


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new portfolio (created if missing).")] = Path("."),
    name: Annotated[str | None, typer.Option(help="Your full name.")] = None,
    specialty: Annotated[str | None, typer.Option(help="Specialty, e.g. psykiatri, allmanmedicin.")] = None,
    st_start: Annotated[str | None, typer.Option(help="First day of ST (BT included), YYYY-MM-DD.")] = None,
    route: Annotated[
        str | None, typer.Option(help="Route to legitimation: svensk-at, sexarig-lakarexamen or utlandsk-examen.")
    ] = None,
    legitimation_date: Annotated[str | None, typer.Option(help="Date of legitimation, YYYY-MM-DD.")] = None,
    regulation: Annotated[
        str | None, typer.Option(help="Override the regulation chosen from route and dates: 2015 or 2021.")
    ] = None,
    bt_start: Annotated[
        str | None, typer.Option(help="First day of BT (HSLF-FS 2021:8); defaults to --st-start.")
    ] = None,
    bt_end: Annotated[str | None, typer.Option(help="Last day of BT, if known.")] = None,
    employer: Annotated[str | None, typer.Option(help="Employer, e.g. Region Skåne.")] = None,
    clinic: Annotated[str | None, typer.Option(help="Home clinic.")] = None,
    supervisor: Annotated[str | None, typer.Option(help="Huvudhandledare's name.")] = None,
    supervisor_specialty: Annotated[str | None, typer.Option(help="Huvudhandledare's specialty.")] = None,
    handledarutbildning: Annotated[
        bool | None,
        typer.Option(
            "--handledarutbildning/--no-handledarutbildning",
            help="Whether the huvudhandledare has handledarutbildning.",
        ),
    ] = None,
    studierektor: Annotated[str | None, typer.Option(help="Studierektor's name.")] = None,
    policy: Annotated[
        list[str] | None, typer.Option(help="A local policy pack to follow (repeatable), e.g. se-sus.")
    ] = None,
    language: Annotated[str, typer.Option(help="Language of reports: sv or en.")] = "sv",
    git: Annotated[bool, typer.Option("--git/--no-git", help="Create a git repository with a first commit.")] = True,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive", help="Ask for missing fields (default: when run in a terminal)."
        ),
    ] = None,
) -> None:
    """Start a new portfolio: profile, folders, README, .gitignore and a git repository."""
    from pydantic import ValidationError

    from stfolio.create import PortfolioExists, create_portfolio
    from stfolio.model import Legitimation, Person, Profile
    from stfolio.regulation import RegulationUnknown, choose_regulation

    ask = sys.stdin.isatty() if interactive is None else interactive
    start = _date(st_start, "--st-start")
    route_value = _choice(route, "--route", ROUTES)
    regulation_value = _choice(regulation, "--regulation", REGULATIONS)

    if ask:
        name = name or typer.prompt("Your name")
        specialty = specialty or typer.prompt("Specialty (e.g. psykiatri, allmanmedicin)")
        while start is None:
            start = _ask(lambda: _date(typer.prompt("First day of ST, BT included (YYYY-MM-DD)"), "--st-start"))
        while route_value is None and regulation_value is None:
            route_value = _ask(
                lambda: _choice(
                    typer.prompt("Route to legitimation (svensk-at, sexarig-lakarexamen, utlandsk-examen)"),
                    "--route",
                    ROUTES,
                )
            )
        supervisor = (
            supervisor or typer.prompt("Huvudhandledare's name (empty to skip)", default="", show_default=False) or None
        )
        if supervisor and handledarutbildning is None:
            handledarutbildning = typer.confirm("Has the huvudhandledare done a handledarutbildning?", default=True)
    missing = [opt for opt, val in (("--name", name), ("--specialty", specialty), ("--st-start", start)) if not val]
    if missing:
        _fail(f"init needs {', '.join(missing)} (or run it in a terminal to be asked)")
    assert start is not None and name is not None and specialty is not None

    specialty = _known_specialty(specialty)
    _known_policies(policy or [])
    try:
        choice = choose_regulation(start, route_value, regulation_value)
    except RegulationUnknown as exc:
        _fail(str(exc))
    bt = None
    if choice.regulation == "HSLF-FS 2021:8":
        bt = {"start": _date(bt_start, "--bt-start") or start, "end": _date(bt_end, "--bt-end")}
    elif bt_start or bt_end:
        _fail(f"{choice.regulation} has no BT; drop --bt-start/--bt-end or choose --regulation 2021")

    legitimation = None
    if route_value or legitimation_date:
        legitimation = Legitimation(date=_date(legitimation_date, "--legitimation-date"), route=route_value)
    try:
        profile = Profile.model_validate(
            {
                "trainee": {"name": name},
                "regulation": choice.regulation,
                "specialty": specialty,
                "st_start": start,
                "bt": bt,
                "legitimation": legitimation,
                "employer": employer,
                "clinic": clinic,
                "supervisor": Person(
                    name=supervisor, specialty=supervisor_specialty, handledarutbildning=handledarutbildning
                )
                if supervisor
                else None,
                "studierektor": Person(name=studierektor) if studierektor else None,
                "policies": policy or [],
                "language": language,
            }
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        _fail(f"invalid profile: {problems}")

    try:
        created = create_portfolio(directory, profile, git=git)
    except PortfolioExists as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot create the portfolio in {directory}: {exc.strerror or exc}", code=1)

    shown = os.path.relpath(created.root.resolve(), Path.cwd())
    typer.echo(f"Created a portfolio for {profile.trainee.name} ({profile.specialty}) in {shown}/")
    typer.echo(f"  regulation: {choice.reason}")
    if choice.warning:
        typer.echo(f"  warning: {choice.warning}")
    typer.echo(f"  wrote: {', '.join(created.written)}")
    for note in created.notes:
        typer.echo(f"  {note}")
    typer.echo("Next: record what you do with `stfolio log`, and run `stfolio check` inside the folder.")


def _known_policies(names: list[str]) -> None:
    from stfolio.policies import shipped_packs_dir
    from stfolio.text import did_you_mean

    known = sorted(p.stem for p in shipped_packs_dir().glob("*.yaml"))
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known) or "shipped packs: " + ", ".join(known)
            _fail(f"unknown policy pack '{name}'; {hint} (a pack of your own can be added to goals/policies/ later)")


def _known_specialty(text: str) -> str:
    """The specialty id for ``text`` (an id or a name), or a usage error with suggestions."""
    from stfolio.catalogue import shipped_goal_data
    from stfolio.text import did_you_mean

    specialties = shipped_goal_data().specialties
    slug = _slug(text)
    if slug in specialties:
        return slug
    hint = did_you_mean(slug, specialties) or "see `stfolio goals specialties` for the list"
    _fail(f"unknown specialty '{text}'; {hint}")


@app.command()
def check(
    directory: Annotated[
        Path | None, typer.Argument(help="The portfolio (or a folder inside it); default: the current folder.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="human or json.")] = OutputFormat.human,
    example: Annotated[bool, typer.Option("--example", help="Check the bundled example portfolio instead.")] = False,
    application: Annotated[
        bool,
        typer.Option("--application", help="Judge readiness for the specialist application; list the intyg to send."),
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge as of this date (YYYY-MM-DD) instead of today.")
    ] = None,
) -> None:
    """Check the portfolio and report every problem with file:line:column. Never writes."""
    from stfolio.check import check_portfolio
    from stfolio.loader import find_root
    from stfolio.output import render_human, render_json

    if example:
        from stfolio.resources import example_portfolio

        directory = example_portfolio()
        typer.echo(f"stfolio: checking the bundled example portfolio in {os.path.relpath(directory)}", err=True)
    start = directory if directory is not None else Path.cwd()
    if not start.exists():
        _fail(f"{start} does not exist")
    root = find_root(start)
    if root is None:
        _fail(f"no portfolio at or above {start} (no stfolio.yaml); create one with `stfolio init`")
    result = check_portfolio(root, as_of=parse_as_of(as_of), application=application)
    if output_format is OutputFormat.json:
        typer.echo(render_json(result), nl=False)
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        typer.echo(render_human(result, Path.cwd(), colour), nl=False)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def status(
    directory: Annotated[Path | None, typer.Argument(help="The portfolio; default: the current folder.")] = None,
    goal: Annotated[
        str | None, typer.Option("--goal", help="Show one delmål in full: its records and what is missing.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As of this date (YYYY-MM-DD) instead of today.")] = None,
) -> None:
    """The portfolio at a glance: time, delmål coverage per group, and local norms not met."""
    from rich.console import Console

    from stfolio.check import check_portfolio
    from stfolio.loader import find_root
    from stfolio.status_view import goal_detail, status_view
    from stfolio.verdicts import all_verdicts

    root = find_root(directory or Path.cwd())
    if root is None:
        _fail("no portfolio here (no stfolio.yaml found upward); create one with `stfolio init`")
    result = check_portfolio(root, as_of=parse_as_of(as_of))
    if result.context is None or result.context.catalogue is None or result.portfolio.profile is None:
        _fail("stfolio.yaml has problems; run `stfolio check`", 1)
    if goal is not None:
        verdicts = {
            v.goal.id: v for v in all_verdicts(result.portfolio, result.context.catalogue, result.context.as_of)
        }
        if goal not in verdicts:
            from stfolio.text import did_you_mean

            _fail(f"no delmål '{goal}' for this portfolio; {did_you_mean(goal, verdicts) or 'see stfolio goals list'}")
        typer.echo(goal_detail(verdicts[goal]), nl=False)
        return
    Console(highlight=False).print(status_view(result))


report_app = typer.Typer(
    help="Render the årlig rapport, the IUP or the application underlag as Markdown, HTML or JSON.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


FormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="md (default), html or json.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.")
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="As of this date (YYYY-MM-DD) instead of today.")]
DirArgument = Annotated[Path | None, typer.Option("--dir", help="The portfolio; default: found upward from here.")]


def _report(
    kind: str,
    fmt: ReportFormat,
    output: Path | None,
    as_of: str | None,
    directory: Path | None,
    year: int | None = None,
) -> None:
    from stfolio.check import check_portfolio
    from stfolio.loader import find_root
    from stfolio.render import UnsafeOutput, render, write_output
    from stfolio.reports import annual_report, application_report, iup_report

    root = find_root(directory or Path.cwd())
    if root is None:
        _fail("no portfolio here (no stfolio.yaml found upward); use --dir or `stfolio init`")
    day = parse_as_of(as_of)
    result = check_portfolio(root, as_of=day)
    if result.context is None or result.context.catalogue is None or result.portfolio.profile is None:
        _fail("stfolio.yaml has problems; run `stfolio check` and fix it first", 1)
    identifiers = [f for f in result.findings if f.code in ("STF501", "STF502")]
    if identifiers:
        _fail(
            f"the portfolio holds {len(identifiers)} personnummer or samordningsnummer (run `stfolio check`); "
            "a report is read by others, so none is rendered until they are removed",
            1,
        )
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        typer.echo(
            f"stfolio: note: the portfolio has {len(errors)} errors (see `stfolio check`); records with errors are left out",
            err=True,
        )
    if kind == "annual":
        report = annual_report(result, year if year is not None else result.context.as_of.year)
    elif kind == "iup":
        report = iup_report(result)
    else:
        report = application_report(result)
    import jinja2

    try:
        text = render(report, fmt.value, root)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        _fail(f"the report template failed{where}: {exc}", 1)
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    try:
        write_output(output, text, root)
    except UnsafeOutput as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", 1)
    typer.echo(f"wrote {output}", err=True)


@report_app.command("annual")
def report_annual(
    year: Annotated[
        int | None, typer.Option(min=1950, max=2100, help="The calendar year (default: the as-of year).")
    ] = None,
    fmt: FormatOption = ReportFormat.md,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirArgument = None,
) -> None:
    """Årlig rapport: the year's placements, courses, assessments, meetings, the delmål they advanced, norms, plan."""
    _report("annual", fmt, output, as_of, directory, year)


@report_app.command("iup")
def report_iup(
    fmt: FormatOption = ReportFormat.md,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirArgument = None,
) -> None:
    """IUP: planned and done placements and courses goal by goal, assessment, research, revision history."""
    _report("iup", fmt, output, as_of, directory)


@report_app.command("application")
def report_application(
    fmt: FormatOption = ReportFormat.md,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirArgument = None,
) -> None:
    """Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; what still blocks."""
    _report("application", fmt, output, as_of, directory)


goals_app = typer.Typer(
    help="The goal catalogues: delmål with their required activities, course, intyg and source.",
    no_args_is_help=True,
)
app.add_typer(goals_app, name="goals")

RegulationOption = Annotated[
    str | None, typer.Option("--regulation", help="2015 or 2021; default: the portfolio's, else 2021.")
]
SpecialtyOption = Annotated[str | None, typer.Option("--specialty", help="Specialty id; default: the portfolio's.")]


def _goal_scope(regulation: str | None, specialty: str | None) -> tuple[str, str | None]:
    """Regulation and specialty from the options, else from the portfolio we stand in."""
    from stfolio.loader import find_root, load_file
    from stfolio.model import PROFILE_FILE, Profile

    chosen = _choice(regulation, "--regulation", REGULATIONS)
    if chosen is None or specialty is None:
        root = find_root(Path.cwd())
        if root is not None:
            _source, profile, _findings = load_file(root, PROFILE_FILE, Profile)
            if isinstance(profile, Profile):
                chosen = chosen or profile.regulation
                specialty = specialty or profile.specialty
    return chosen or "HSLF-FS 2021:8", _slug(specialty) if specialty else None


def _catalogue(regulation: str, specialty: str | None):  # type: ignore[no-untyped-def]
    from stfolio.catalogue import shipped_goal_data

    data = shipped_goal_data()
    if specialty is not None and specialty not in data.specialties:
        from stfolio.text import did_you_mean

        _fail(f"unknown specialty '{specialty}'. {did_you_mean(specialty, data.specialties)}".rstrip(". "))
    catalogue = data.catalogue(regulation, specialty)
    assert catalogue is not None
    return data, catalogue


@goals_app.command("list")
def goals_list(
    regulation: RegulationOption = None,
    specialty: SpecialtyOption = None,
    group: Annotated[str | None, typer.Option(help="Only this group, e.g. BT, STa, STc, a, c.")] = None,
) -> None:
    """List the delmål of a regulation (and specialty), with course flag and verification."""
    from rich.console import Console

    from stfolio.goals_view import UNVERIFIED, goals_table

    reg, spec = _goal_scope(regulation, specialty)
    data, catalogue = _catalogue(reg, spec)
    goals = catalogue.goals_for(spec)
    if group is not None:
        groups = {g.id.casefold(): g.id for g in catalogue.meta.groups}
        if group.casefold() not in groups:
            _fail(f"no group '{group}' in {reg}; groups: {', '.join(g.id for g in catalogue.meta.groups)}")
        goals = [g for g in goals if g.group == groups[group.casefold()]]
    name = data.specialties[spec].name if spec else "all specialties (give --specialty for c-goals)"
    heading = f"{reg} – {name}: {len(goals)} delmål"
    console = Console(highlight=False)
    console.print(goals_table(catalogue, goals, heading))
    unverified = sum(1 for g in goals if not g.verified)
    if unverified:
        console.print(f"{unverified} of {len(goals)} are {UNVERIFIED}; see `stfolio goals show ID`.")
    if spec and spec not in catalogue.specialties_shipped:
        console.print(f"The c-goals of {data.specialties[spec].name} are not shipped yet (see docs/catalogues.md).")


@goals_app.command("show")
def goals_show(
    goal_id: Annotated[str, typer.Argument(metavar="ID", help="A delmål id, e.g. STa3, BT7, c12.")],
    regulation: RegulationOption = None,
    specialty: SpecialtyOption = None,
) -> None:
    """Explain one delmål: what it requires (activities, course, intyg), its source, whether verified."""
    from stfolio.goals_view import explain_goal
    from stfolio.text import did_you_mean

    reg, spec = _goal_scope(regulation, specialty)
    data, catalogue = _catalogue(reg, spec)
    goal = catalogue.goals.get(goal_id)
    if goal is None:
        for other in data.regulations:
            other_catalogue = data.catalogue(other, spec)
            if other != reg and other_catalogue is not None and goal_id in other_catalogue.goals:
                _fail(f"{goal_id} belongs to {other}; add --regulation {other.split()[-1].split(':')[0]}")
        hint = did_you_mean(goal_id, list(catalogue.goals))
        where = f"{reg}" + (f" for {spec}" if spec else "")
        _fail(f"no delmål '{goal_id}' in {where}" + (f"; {hint}" if hint else ""))
    typer.echo(explain_goal(goal, catalogue, data, spec), nl=False)


@goals_app.command("specialties")
def goals_specialties(
    kind: Annotated[str | None, typer.Option(help="Only bas, gren or tillagg.")] = None,
) -> None:
    """List every specialty stfolio knows, and whose c-goals are shipped."""
    from rich.console import Console

    from stfolio.catalogue import shipped_goal_data
    from stfolio.goals_view import specialties_table

    data = shipped_goal_data()
    specs = sorted(data.specialties.values(), key=lambda s: s.name)
    if kind is not None:
        specs = [s for s in specs if s.kind == fold(kind).replace("a", "a")]
    shipped = {}
    for reg in data.regulations:
        catalogue = data.catalogue(reg)
        shipped[reg] = catalogue.specialties_shipped if catalogue else []
    Console(highlight=False).print(specialties_table(specs, shipped))


from stfolio.cli_log import attach, log_app, schema  # noqa: E402 - after app, to register on it

app.add_typer(log_app, name="log")
app.command()(attach)
app.command()(schema)


def run() -> None:
    """Console-script entry point: a bug in stfolio exits 3 with a short report."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:
        typer.echo(
            f"stfolio: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in stfolio; please report it with the command you ran.",
            err=True,
        )
        sys.exit(3)
