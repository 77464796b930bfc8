"""`stfolio goals list|show|specialties`: what each delmål requires, its source, whether verified."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from stfolio.cli.application import app, sub_app
from stfolio.cli.common import REGULATIONS, DirOption, ExampleOption, choice, example_root, fail
from stfolio.cli.completion import complete_delmal
from stfolio.i18n import N_, _, n_
from stfolio.text import as_id, fold

if TYPE_CHECKING:
    from stfolio.catalogue import Catalogue, Goal, GoalData

goals_app = sub_app(N_("The goal catalogues: delmål with their required activities, course, intyg and source."))
app.add_typer(goals_app, name="goals")

RegulationOption = Annotated[
    str | None, typer.Option("--regulation", help=N_("2015 or 2021; default: the portfolio's, else 2021."))
]
SpecialtyOption = Annotated[str | None, typer.Option("--specialty", help=N_("Specialty id; default: the portfolio's."))]


FormatOption = Annotated[str, typer.Option("--format", help=N_("human or json."))]


def _goal_scope(
    regulation: str | None, specialty: str | None, directory: Path | None = None, example: bool = False
) -> tuple[str, str | None]:
    """Regulation and specialty from the options, else from the portfolio (-C, --example, or here)."""
    from stfolio.loader import find_root, load_file
    from stfolio.model import PROFILE_FILE, Profile

    chosen = choice(regulation, "--regulation", REGULATIONS)
    if chosen is None or specialty is None:
        root = find_root(example_root() if example else (directory or Path.cwd()))
        if root is not None:
            from stfolio import i18n

            i18n.adopt_profile_language(i18n.profile_language(root))  # as every command inside a portfolio
            _source, profile, _findings = load_file(root, PROFILE_FILE, Profile)
            if profile is not None:
                chosen = chosen or profile.regulation
                specialty = specialty or profile.specialty
    return chosen or "HSLF-FS 2021:8", as_id(specialty) if specialty else None


def _catalogue(regulation: str, specialty: str | None) -> tuple[GoalData, Catalogue]:
    from stfolio.catalogue import shipped_goal_data

    data = shipped_goal_data()
    if specialty is not None and specialty not in data.specialties:
        from stfolio.text import did_you_mean

        hint = did_you_mean(specialty, data.specialties)
        message = _("unknown specialty '{specialty}'").format(specialty=specialty)
        fail(f"{message}; {hint}" if hint else message)
    catalogue = data.catalogue(regulation, specialty)
    assert catalogue is not None
    return data, catalogue


@goals_app.command(
    "list", help=N_("List the delmål of a regulation (and specialty), with course flag and verification.")
)
def goals_list(
    regulation: RegulationOption = None,
    specialty: SpecialtyOption = None,
    group: Annotated[str | None, typer.Option(help=N_("Only this group, e.g. BT, STa, STc, a, c."))] = None,
    directory: DirOption = None,
    example: ExampleOption = False,
    output_format: FormatOption = "human",
) -> None:
    """List the delmål of a regulation (and specialty), with course flag and verification."""
    _check_format(output_format)
    reg, spec = _goal_scope(regulation, specialty, directory, example)
    data, catalogue = _catalogue(reg, spec)
    goals = catalogue.goals_for(spec)
    if spec is None:  # without a specialty, no specialty's own goals (they would mix several)
        goals = [g for g in goals if catalogue.specialty_of.get(g.id) is None]
    if group is not None:
        groups = {g.id.casefold(): g.id for g in catalogue.meta.groups}
        if group.casefold() not in groups:
            known = ", ".join(g.id for g in catalogue.meta.groups)
            fail(
                _("no group '{group}' in {regulation}; groups: {groups}").format(
                    group=group, regulation=reg, groups=known
                )
            )
        goals = [g for g in goals if g.group == groups[group.casefold()]]
    if output_format == "json":
        typer.echo(
            _json({"format": GOALS_FORMAT, "regulation": reg, "specialty": spec, "goals": [_goal(g) for g in goals]})
        )
        return
    _print_list(data, catalogue, reg, spec, goals)


def _print_list(data: GoalData, catalogue: Catalogue, reg: str, spec: str | None, goals: list[Goal]) -> None:
    """`goals list` for people: the table, how many are not verified, whether c-goals are missing."""
    from rich.console import Console

    from stfolio.cli.views.goals import goals_table

    name = data.specialties[spec].name if spec else _("all specialties (give --specialty for c-goals)")
    console = Console(highlight=False)
    heading = _("{regulation} – {name}: {n} delmål").format(regulation=reg, name=name, n=len(goals))
    console.print(goals_table(catalogue, goals, heading))
    unverified = sum(1 for g in goals if not g.verified)
    if unverified:
        words = n_(
            "{n} of {total} is not verified against Socialstyrelsen's målbeskrivning; see `stfolio goals show ID`.",
            "{n} of {total} are not verified against Socialstyrelsen's målbeskrivning; see `stfolio goals show ID`.",
            unverified,
        )
        console.print(words.format(n=unverified, total=len(goals)))
    if spec and spec not in catalogue.specialties_shipped:
        words = _("The c-goals of {specialty} are not shipped yet (see docs/catalogues.md).")
        console.print(words.format(specialty=data.specialties[spec].name))


@goals_app.command(
    "show", help=N_("Explain one delmål: what it requires (activities, course, intyg), its source, whether verified.")
)
def goals_show(
    goal_id: Annotated[
        str, typer.Argument(metavar="ID", help=N_("A delmål id, e.g. STa3, BT7, c12."), autocompletion=complete_delmal)
    ],
    regulation: RegulationOption = None,
    specialty: SpecialtyOption = None,
    directory: DirOption = None,
    example: ExampleOption = False,
    output_format: FormatOption = "human",
) -> None:
    """Explain one delmål: what it requires (activities, course, intyg), its source, whether verified."""
    from stfolio.cli.views.goals import explain_goal
    from stfolio.vocabulary import canonical_delmal

    _check_format(output_format)
    goal_id = canonical_delmal(goal_id)
    reg, spec = _goal_scope(regulation, specialty, directory, example)
    data, catalogue = _catalogue(reg, spec)
    goal = catalogue.goals.get(goal_id)
    if goal is not None and spec is None and catalogue.specialty_of.get(goal_id) is not None:
        shipped = ", ".join(sorted(catalogue.specialties_shipped))
        fail(
            _(
                "{goal} is a specialty's own delmål: give --specialty (c-goals are shipped for {shipped}), "
                "or run this inside a portfolio"
            ).format(goal=goal_id, shipped=shipped)
        )
    if goal is None:
        _not_found(goal_id, reg, spec, data, catalogue)
    if output_format == "json":
        typer.echo(_json({"format": GOALS_FORMAT, "regulation": reg, "specialty": spec, **_goal(goal)}))
        return
    typer.echo(explain_goal(goal, catalogue, data, spec), nl=False)


GOALS_FORMAT = "stfolio-goals/1"


def _check_format(output_format: str) -> None:
    if output_format not in ("human", "json"):
        fail(_("--format takes human or json, not {value!r}").format(value=output_format))


def _json(payload: object) -> str:
    """JSON through the same escaping and masking as `check`'s: a file name is data from the portfolio."""
    import json

    from stfolio.cli.output import shown_json

    return json.dumps(shown_json(payload), ensure_ascii=False, indent=2)


def _goal(goal: Goal) -> dict[str, object]:
    """A catalogue entry as data, without the maintainers' note (its citation is kept)."""
    from stfolio.cli.views.goals import note_facts

    data = goal.model_dump(mode="json", by_alias=True, exclude={"note"})
    data["citation"], data["title_is_a_label"] = note_facts(goal.note)
    return data


def _not_found(goal_id: str, reg: str, spec: str | None, data: GoalData, catalogue: Catalogue) -> NoReturn:
    from stfolio.text import did_you_mean

    for other in data.regulations:
        other_catalogue = data.catalogue(other, spec)
        if other != reg and other_catalogue is not None and goal_id in other_catalogue.goals:
            year = other.split()[-1].split(":")[0]
            fail(
                _("{goal} belongs to {regulation}; add --regulation {year}").format(
                    goal=goal_id, regulation=other, year=year
                )
            )
    hint = did_you_mean(goal_id, list(catalogue.goals))
    if spec:
        message = _("no delmål '{goal}' in {regulation} for {specialty}").format(
            goal=goal_id, regulation=reg, specialty=spec
        )
    else:
        message = _("no delmål '{goal}' in {regulation}").format(goal=goal_id, regulation=reg)
    fail(f"{message}; {hint}" if hint else message)


@goals_app.command(
    "standing",
    help=N_("How much of each shipped catalogue is verified against Socialstyrelsen's own texts, and against what."),
)
def goals_standing(output_format: FormatOption = "human") -> None:
    """How much of each shipped catalogue is verified against Socialstyrelsen's own texts, and against what."""
    from rich.console import Console

    from stfolio.catalogue import shipped_goal_data
    from stfolio.cli.views.goals import standing, standing_table

    _check_format(output_format)
    rows = standing(shipped_goal_data())
    if output_format == "json":
        typer.echo(_json({"format": GOALS_FORMAT, "standing": rows}))
        return
    Console(highlight=False).print(standing_table(rows))


@goals_app.command("specialties", help=N_("List every specialty stfolio knows, and whose c-goals are shipped."))
def goals_specialties(
    kind: Annotated[str | None, typer.Option(help=N_("Only bas, gren or tillagg."))] = None,
) -> None:
    """List every specialty stfolio knows, and whose c-goals are shipped."""
    from rich.console import Console

    from stfolio.catalogue import shipped_goal_data
    from stfolio.cli.views.goals import specialties_table

    data = shipped_goal_data()
    specs = sorted(data.specialties.values(), key=lambda s: s.name)
    if kind is not None:
        specs = [s for s in specs if s.kind == fold(kind)]
    shipped = {}
    for reg in data.regulations:
        catalogue = data.catalogue(reg)
        shipped[reg] = catalogue.specialties_shipped if catalogue else []
    Console(highlight=False).print(specialties_table(specs, shipped))
