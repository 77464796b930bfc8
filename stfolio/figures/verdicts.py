"""Per-delmål verdicts: what the records show for each goal, and what is still missing.

For every goal that applies to the trainee's specialty:

- the records that name it (in ``delmal``, or in an intyg's ``delmal``), done and planned;
- each prescribed learning activity: present when a *done* record of that kind, over by the
  as-of date, names the goal (an ongoing placement counts toward the plan until it ends);
- the course requirement: a done course naming the goal (``unknown`` is reported as such);
- each follow-up intyg: a done record of the attested activity with an intyg covering the goal,
  signed by one of the roles the catalogue names (handledare, kursledare, ...);
- a status: ``not started`` (no done record), ``in progress``, ``requirements met`` (every
  prescribed activity and course present) or ``attested`` (and every intyg present).

Planned records count toward the plan, never toward fulfilment. The mapping from record kinds
to the catalogue's activity kinds is the one table below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from stfolio.catalogue import Catalogue, Goal, role_label
from stfolio.i18n import N_, T, _, listing
from stfolio.loader import Entry, Portfolio
from stfolio.model import Activity, Assessment, Course, Placement, Record
from stfolio.text import fold

# One name per verdict state, everywhere: the id (JSON, CSS classes) and its words, the same in
# check, status, the reports and the application checklist (see docs/glossary.md).
NOT_STARTED = "not-started"
IN_PROGRESS = "in-progress"
MET = "done-not-attested"
ATTESTED = "attested"
STATUSES = (NOT_STARTED, IN_PROGRESS, MET, ATTESTED)
STATE_WORDS = {
    NOT_STARTED: N_("not started"),
    IN_PROGRESS: N_("in progress"),
    MET: N_("done, not attested"),
    ATTESTED: N_("attested"),
}


def state_label(state: str) -> str:
    """The words of a verdict state in the user's language: 'klart, ej intygat'."""
    words = STATE_WORDS.get(state)
    return _(words) if words else state


# Which catalogue activity kinds a record is evidence of. Kinds a regulation does not define
# are simply ignored (e.g. 'kvalitetsarbete' exists under SOSFS 2015:8, 'utvecklingsarbete'
# under HSLF-FS 2021:8: a kvalitetsarbete record serves both).
_ACTIVITY_KINDS = {
    "vetenskapligt arbete": ("skriftligt-arbete",),
    "kvalitetsarbete": ("kvalitetsarbete", "utvecklingsarbete"),
    "seminarium": ("seminarium",),
    "undervisning": ("undervisa",),
    "handledning": ("handleda",),
    "konferens": ("sammankomst",),
    "teoretiska studier": ("teoretiska-studier",),
}


def activity_kinds(entry: Entry[Record]) -> tuple[str, ...]:
    """The catalogue activity kinds this record is evidence of."""
    record = entry.record
    if isinstance(record, Placement):
        if record.kind == "auskultation":
            return ("auskultation",)
        primary = record.bt == "primärvård" or "vardcentral" in fold(record.unit).replace(" ", "")
        return ("klinisk-tjanstgoring", "klinisk-tjanstgoring-primarvard") if primary else ("klinisk-tjanstgoring",)
    if isinstance(record, Course):
        return ("kurs",)
    if isinstance(record, Activity):
        return _ACTIVITY_KINDS.get(record.kind, ())
    if isinstance(record, Assessment) and record.instrument == "medsittning":
        return ("medsittning",)
    return ()


def goals_named(entry: Entry[Record]) -> set[str]:
    """Every delmål id a record names, in ``delmal`` or in an intyg's ``delmal``."""
    record = entry.record
    named = set(record.named_delmal())
    for intyg in record.intyg_list():
        named.update(intyg.delmal)
    return named


def intyg_covers(
    entry: Entry[Record], goal_id: str, roles: list[str], broken: frozenset[tuple[str, int]] = frozenset()
) -> bool:
    """A signed intyg on this record covers the goal, from one of ``roles`` (catalogue slugs).

    An intyg in ``broken`` (its scan missing, outside the portfolio or changed) attests nothing.
    """
    record = entry.record
    for index, intyg in enumerate(record.intyg_list()):
        if (entry.path, index) in broken:
            continue
        covered = goal_id in intyg.delmal or (not intyg.delmal and goal_id in record.named_delmal())
        if covered and fold(intyg.role).replace(" ", "-") in roles + _ALSO.get(tuple(roles), []):
            return True
    return False


# The huvudhandledare is a handledare; catalogue rows that name him or her accept any handledare.
_ALSO: dict[tuple[str, ...], list[str]] = {("huvudhandledare",): ["handledare"]}


@dataclass
class Requirement:
    what: str  # e.g. "kurs", "intyg (kurs) from kursledare or handledare"
    met: bool
    records: list[str] = field(default_factory=list)  # files that meet it
    planned: list[str] = field(default_factory=list)  # planned files that would
    short: str = ""  # for tables: "kurs", "intyg: kurs"

    def __post_init__(self) -> None:
        self.short = self.short or self.what


@dataclass
class Verdict:
    goal: Goal
    status: str
    done: list[str]  # files of done records naming the goal
    planned: list[str]  # files of planned records naming the goal
    requirements: list[Requirement]
    notes: list[str] = field(default_factory=list)  # what could not be judged, and why

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]

    def as_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal.id,
            "title": self.goal.title,
            "group": self.goal.group,
            "status": self.status,
            "verified": self.goal.verified,
            "records": self.done,
            "planned": self.planned,
            "requirements": [
                {"what": r.what, "met": r.met, "records": r.records, "planned": r.planned} for r in self.requirements
            ],
            "notes": self.notes,
        }


def finished(entry: Entry[Record], as_of: dt.date) -> bool:
    """Done, and over by ``as_of``: an ongoing placement counts toward the plan until it ends."""
    return not entry.record.is_planned() and entry.record.last_day() <= as_of


def judge(
    goal: Goal,
    catalogue: Catalogue,
    naming: list[Entry[Record]],
    as_of: dt.date,
    broken: frozenset[tuple[str, int]] = frozenset(),
) -> Verdict:
    """The verdict on one goal from the records that name it."""
    done = [e for e in naming if finished(e, as_of)]
    done_paths = {e.path for e in done}
    planned = [e for e in naming if e.path not in done_paths]
    labels = catalogue.meta.activity_kinds

    def by_kind(kind: str, among: list[Entry[Record]]) -> list[str]:
        return [e.path for e in among if kind in activity_kinds(e)]

    requirements = []

    def short(kind: str) -> str:
        return labels.get(kind, kind).lower().replace(" under handledning", "").replace("deltagande i ", "")

    for kind in goal.activities.prescribed:
        found = by_kind(kind, done)
        requirements.append(
            Requirement(labels.get(kind, kind).lower(), bool(found), found, by_kind(kind, planned), short(kind))
        )
    for group in goal.activities.alternatives:
        found = [p for kind in group for p in by_kind(kind, done)]
        wanted = [p for kind in group for p in by_kind(kind, planned)]
        what = str(listing([labels.get(kind, kind).lower() for kind in group], T(" or ")))
        requirements.append(Requirement(what, bool(found), found, wanted, " or ".join(short(k) for k in group)))
    notes = []
    if goal.course == "required" and "kurs" not in goal.activities.prescribed:
        found = by_kind("kurs", done)
        requirements.append(Requirement("kurs", bool(found), found, by_kind("kurs", planned)))
    if goal.course == "unknown":
        notes.append(_("the catalogue does not know whether a course is required; check the målbeskrivning"))
    activities_met = all(r.met for r in requirements)

    intyg_requirements = []
    for followup in goal.followup:
        roles = list(followup.issued_by)
        if followup.intyg == "kompetenskrav":
            source = done
            subject = "uppfyllda kompetenskrav"
        else:
            source = [e for e in done if followup.intyg in activity_kinds(e)]
            subject = labels.get(followup.intyg, followup.intyg).lower()
        found = [e.path for e in source if intyg_covers(e, goal.id, roles, broken)]
        who = listing([role_label(r) for r in roles], T(" or "))
        brief = "kompetenskrav" if followup.intyg == "kompetenskrav" else short(followup.intyg)
        intyg_requirements.append(
            Requirement(
                str(T("intyg ({subject}) from {signers}", subject=subject, signers=who)),
                bool(found),
                found,
                [],
                f"intyg: {brief}",
            )
        )
    intyg_requirements = _merge_alternatives(goal, intyg_requirements)
    requirements += intyg_requirements

    if not done:
        status = NOT_STARTED
    elif not activities_met:
        status = IN_PROGRESS
    elif all(r.met for r in intyg_requirements) and intyg_requirements:
        status = ATTESTED
    else:
        status = MET
    if not goal.verified:
        notes.append(_("catalogue entry not verified against Socialstyrelsen's målbeskrivning"))
    return Verdict(goal, status, [e.path for e in done], [e.path for e in planned], requirements, notes)


def _merge_alternatives(goal: Goal, intyg_requirements: list[Requirement]) -> list[Requirement]:
    """For "A or B" activities, one intyg for whichever was done suffices: merge their intyg rows."""
    if not goal.activities.alternatives:
        return intyg_requirements
    merged: list[Requirement] = []
    by_group: dict[int, list[Requirement]] = {}
    for followup, requirement in zip(goal.followup, intyg_requirements, strict=True):
        group = next((i for i, g in enumerate(goal.activities.alternatives) if followup.intyg in g), None)
        if group is None:
            merged.append(requirement)
        else:
            by_group.setdefault(group, []).append(requirement)
    for rows in by_group.values():
        if len(rows) == 1:
            merged.append(rows[0])
            continue
        met = [r for r in rows if r.met]
        merged.append(
            Requirement(
                str(listing([r.what for r in rows], T(" or "))),
                bool(met),
                [p for r in met for p in r.records],
                [],
                " or ".join(r.short for r in rows),
            )
        )
    return merged


def all_verdicts(
    portfolio: Portfolio, catalogue: Catalogue, as_of: dt.date, broken: frozenset[tuple[str, int]] = frozenset()
) -> list[Verdict]:
    assert portfolio.profile is not None
    by_goal: dict[str, list[Entry[Record]]] = {}
    for entry in portfolio.entries:  # one pass over the records, not one per goal
        for goal_id in goals_named(entry):
            by_goal.setdefault(goal_id, []).append(entry)
    goals = catalogue.goals_for(portfolio.profile.specialty)
    return [judge(goal, catalogue, by_goal.get(goal.id, []), as_of, broken) for goal in goals]
