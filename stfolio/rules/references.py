"""Reference rules: every delmål id and the specialty resolve against the portfolio's catalogue.

A delmål id that does not exist is an error with close matches; an id from the *other*
regulation gets a message naming its equivalent ("a5 belongs to SOSFS 2015:8; under
HSLF-FS 2021:8 the matching goal is STa3"), because intyg must be written on the forms of
one regulation only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stfolio.context import Context
from stfolio.findings import Finding, Location, make
from stfolio.i18n import T, Tn, listing
from stfolio.loader import Entry
from stfolio.model import Course, Expense, Record
from stfolio.text import suggestion
from stfolio.vocabulary import REGULATION_2015

_BT_ID = re.compile(r"^BT\d+$")


def delmal_references(entry: Entry[Record]) -> Iterator[tuple[str, Location]]:
    """Every delmål id an entry names, with where it is written."""
    for i, goal_id in enumerate(entry.record.named_delmal()):
        yield goal_id, entry.location("delmal", i)
    for j, intyg in enumerate(entry.record.intyg_list()):
        for k, goal_id in enumerate(intyg.delmal):
            yield goal_id, entry.location("intyg", j, "delmal", k)


def check_specialty(ctx: Context) -> list[Finding]:
    profile = ctx.portfolio.profile
    if profile is None or ctx.catalogue is None:
        return []
    where = ctx.profile_location("specialty")
    spec = ctx.goals.specialties.get(profile.specialty)
    if spec is None:
        return [
            make(
                "STF405",
                where,
                T("unknown specialty '{specialty}'", specialty=profile.specialty),
                suggestion(profile.specialty, ctx.goals.specialties) or T("see `stfolio goals specialties`"),
            )
        ]
    if profile.regulation not in spec.regulations:
        return [
            make(
                "STF405",
                where,
                T(
                    "{specialty} is not a specialty under {regulation}",
                    specialty=spec.name,
                    regulation=profile.regulation,
                ),
            )
        ]
    if profile.specialty not in ctx.catalogue.specialties_shipped:
        return [
            make(
                "STF406",
                where,
                T(
                    "the c-goals of {specialty} under {regulation} are not shipped with stfolio yet, "
                    "so c-goal references cannot be checked",
                    specialty=spec.name,
                    regulation=profile.regulation,
                ),
                T(
                    "add them as goals/{file}.yaml in the portfolio (see docs/catalogues.md and "
                    "`stfolio goals show STc1 --specialty allmanmedicin` for an example)",
                    file=profile.specialty,
                ),
            )
        ]
    return []


def check_delmal(ctx: Context) -> list[Finding]:
    profile = ctx.portfolio.profile
    catalogue = ctx.catalogue
    if profile is None or catalogue is None:
        return []
    specialty = profile.specialty
    ordered = [g.id for g in catalogue.goals_for(specialty)]  # catalogue order, for stable suggestions
    applicable = set(ordered)
    c_goals_known = specialty in catalogue.specialties_shipped
    others = [reg for reg in ctx.goals.regulations if reg != profile.regulation]  # read only when needed
    findings = []
    for entry in ctx.portfolio.readable:
        for goal_id, where in delmal_references(entry):
            if goal_id in applicable:
                continue
            if goal_id in catalogue.goals:
                findings.append(
                    make(
                        "STF404",
                        where,
                        T(
                            "delmål {goal} does not apply to {specialty} under {regulation}",
                            goal=goal_id,
                            specialty=specialty,
                            regulation=profile.regulation,
                        ),
                        T("remove it; this specialty's målbeskrivning leaves the goal out"),
                    )
                )
                continue
            if not c_goals_known and re.fullmatch(r"STc\d+|c\d+", goal_id) and _c_prefix(profile.regulation, goal_id):
                continue  # cannot be checked; check_specialty says so once
            findings.append(_unknown(goal_id, where, ctx, others, ordered))
    return findings


def _c_prefix(regulation: str, goal_id: str) -> bool:
    return bool(goal_id.startswith("STc") != (regulation == REGULATION_2015))


def explain_unknown(goal_id: str, ctx: Context) -> tuple[str, str]:  # in the user's language
    """Why ``goal_id`` is not a delmål of this portfolio, and what to write instead."""
    profile = ctx.portfolio.profile
    assert profile is not None and ctx.catalogue is not None
    applicable = [g.id for g in ctx.catalogue.goals_for(profile.specialty)]
    others = [reg for reg in ctx.goals.regulations if reg != profile.regulation]
    finding = _unknown(goal_id, Location(""), ctx, others, applicable)
    return finding.message, finding.hint


def _unknown(goal_id: str, where: Location, ctx: Context, others: list[str], applicable: list[str]) -> Finding:
    profile = ctx.portfolio.profile
    assert profile is not None
    regulation = profile.regulation
    if _BT_ID.match(goal_id) and regulation == REGULATION_2015:
        return make(
            "STF403",
            where,
            T("{goal} is a BT goal, and {regulation} has no BT", goal=goal_id, regulation=REGULATION_2015),
            T("remove it; or, if your ST follows HSLF-FS 2021:8, change regulation in stfolio.yaml"),
        )
    for other in others:
        catalogue = ctx.goals.catalogue(other)
        if catalogue is not None and goal_id in catalogue.goals:
            equivalents = ctx.goals.equivalent(goal_id, other, regulation, profile.specialty)
            if equivalents:
                names = listing(list(equivalents), T(" and "))
                message = Tn(
                    "{goal} belongs to {other}; under {regulation} the matching goal is {names}",
                    "{goal} belongs to {other}; under {regulation} the matching goals are {names}",
                    len(equivalents),
                    goal=goal_id,
                    other=other,
                    regulation=regulation,
                    names=names,
                )
                hint = T(
                    "write {names}: an application uses the delmål and intyg forms of one regulation only", names=names
                )
            else:
                message = T(
                    "{goal} belongs to {other}, not to {regulation}, and no matching goal is known",
                    goal=goal_id,
                    other=other,
                    regulation=regulation,
                )
                hint = T("pick the goal in `stfolio goals list` that covers the same competence")
            return make("STF402", where, message, hint)
    return make(
        "STF401",
        where,
        T("delmål '{goal}' does not exist in {regulation}", goal=goal_id, regulation=regulation),
        suggestion(goal_id, applicable) or T("see `stfolio goals list` for the goals of your specialty"),
    )


def check_expense_courses(ctx: Context) -> list[Finding]:
    """An expense's ``course:`` must name a course record of this portfolio."""
    # A course with a bad field is still a course record: the link is right, its own finding says what is wrong.
    courses = [e.path for e in ctx.portfolio.readable if isinstance(e.record, Course)]
    findings = []
    for entry in [*ctx.portfolio.expenses, *(e for e in ctx.portfolio.salvaged if isinstance(e.record, Expense))]:
        assert isinstance(entry.record, Expense)
        course = entry.record.course
        if course is not None and course.replace("\\", "/") not in courses:
            findings.append(
                make(
                    "STF415",
                    entry.location("course"),
                    T("course '{course}' is not a course record of this portfolio", course=course),
                    suggestion(course, courses)
                    or T("give the path of a file in courses/, e.g. courses/2025-05-12-ledarskap.yaml"),
                )
            )
    return findings


def check_duplicates(ctx: Context) -> list[Finding]:
    """Two records with the same text: usually one `log` too many, and it would count twice."""
    seen: dict[tuple[str, str], str] = {}
    findings = []
    texts = ctx.portfolio.texts
    for entry in ctx.portfolio.entries:
        key = (entry.kind, texts.get(entry.path, entry.path))
        if key in seen:
            findings.append(
                make(
                    "STF414",
                    entry.location(),
                    T("same content as {record}", record=seen[key]),
                    T("delete one of them; a record counted twice inflates the norms and the verdicts"),
                )
            )
        else:
            seen[key] = entry.path
    return findings
