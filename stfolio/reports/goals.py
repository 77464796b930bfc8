"""The one place where reports read the delmål verdicts (``Verdict``, ``Requirement``).

Everything a report shows about a delmål comes through :func:`goal_facts`: its state (a
machine word, a label and a CSS class), the records behind it, and what remains in words a
supervisor reads once ("intyg från handledare saknas", "pågår: placering till 2027-08-31").
If the verdicts change shape, this module is what adapts.

What remains is worded from the verdict's unmet requirements, matched to the catalogue goal
they come from: the prescribed activities, the "one of" alternatives and a required course
first, then the follow-up intyg. An intyg for an activity that is itself still missing is
implied and not repeated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stfolio.catalogue import Catalogue, Goal
from stfolio.figures.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED, Requirement, Verdict
from stfolio.i18n import _
from stfolio.loader import Entry
from stfolio.model import Activity, Course, Placement, Record
from stfolio.reports.labels import roles, value

STATES = (ATTESTED, MET, IN_PROGRESS, NOT_STARTED)  # in the order the legend shows them
_STATE_CLASSES = {NOT_STARTED: "not-started", IN_PROGRESS: "in-progress", MET: "met", ATTESTED: "attested"}


def state_class(state: str) -> str:
    return _STATE_CLASSES.get(state, "in-progress")


@dataclass(frozen=True)
class GoalFacts:
    id: str
    title: str
    group: str
    state: str  # the verdict's machine word: 'attested', 'in progress', ...
    done: list[str]  # record paths
    planned: list[str]
    remains: list[str]  # worded, in the user's language
    verified: bool

    @property
    def attested(self) -> bool:
        return self.state == ATTESTED

    @property
    def started(self) -> bool:
        return self.state != NOT_STARTED


def goal_facts(verdict: Verdict, catalogue: Catalogue, entries: dict[str, Entry[Record]], as_of: dt.date) -> GoalFacts:
    goal = verdict.goal
    remains = [] if verdict.status == ATTESTED else _remains(verdict, catalogue, entries, as_of)
    return GoalFacts(
        goal.id, goal.title, goal.group, verdict.status, verdict.done, verdict.planned, remains, goal.verified
    )


@dataclass(frozen=True)
class _Piece:
    requirement: Requirement
    intyg: bool
    kinds: tuple[str, ...]  # the catalogue activity kinds it is about ('kompetenskrav' for that intyg)
    roles: tuple[str, ...] = ()


def _pieces(verdict: Verdict) -> list[_Piece]:
    """The verdict's requirements, each with the catalogue activity (and signers) it stands for."""
    goal = verdict.goal
    activities = [(k,) for k in goal.activities.prescribed] + [tuple(g) for g in goal.activities.alternatives]
    if goal.course == "required" and "kurs" not in goal.activities.prescribed:
        activities.append(("kurs",))
    intyg = _intyg_kinds(goal)
    expected = len(activities) + len(intyg)
    if len(verdict.requirements) != expected:  # the verdicts changed: fall back on their own words
        return [_Piece(r, r.short.startswith("intyg"), ()) for r in verdict.requirements]
    pieces = [_Piece(r, False, kinds) for r, kinds in zip(verdict.requirements, activities, strict=False)]
    rest = verdict.requirements[len(activities) :]
    pieces += [_Piece(r, True, kinds, who) for r, (kinds, who) in zip(rest, intyg, strict=True)]
    return pieces


def _intyg_kinds(goal: Goal) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The follow-up intyg as the verdict lists them: one per activity, one per "one of" group."""
    single: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    grouped: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for followup in goal.followup:
        group = next((i for i, g in enumerate(goal.activities.alternatives) if followup.intyg in g), None)
        if group is None:
            single.append(((followup.intyg,), tuple(followup.issued_by)))
        else:
            grouped.setdefault(group, []).append((followup.intyg, tuple(followup.issued_by)))
    for rows in grouped.values():
        kinds = tuple(kind for kind, _who in rows)
        who = tuple(dict.fromkeys(role for _kind, signers in rows for role in signers))
        single.append((kinds, who))
    return single


def _remains(verdict: Verdict, catalogue: Catalogue, entries: dict[str, Entry[Record]], as_of: dt.date) -> list[str]:
    pieces = [p for p in _pieces(verdict) if not p.requirement.met]
    labels = catalogue.meta.activity_kinds
    open_kinds = {k for p in pieces if not p.intyg for k in p.kinds}
    words = [_activity_remains(p, labels, entries, as_of) for p in pieces if not p.intyg]
    intyg = [p for p in pieces if p.intyg and not open_kinds.intersection(p.kinds)]
    for piece in intyg:
        words.append(_intyg_remains(piece, labels, len(intyg) > 1))
    return words


def kind_label(kind: str, labels: dict[str, str]) -> str:
    """A catalogue activity kind, short: 'klinisk tjänstgöring', 'kurs', 'utvecklingsarbete'."""
    return labels.get(kind, kind).lower().replace(" under handledning", "").replace("deltagande i ", "")


def _either(kinds: tuple[str, ...], labels: dict[str, str], fallback: str) -> str:
    names = [kind_label(k, labels) for k in kinds]
    if not names:
        return fallback
    if len(names) == 1:
        return names[0]
    return _("{first} or {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _activity_remains(piece: _Piece, labels: dict[str, str], entries: dict[str, Entry[Record]], as_of: dt.date) -> str:
    waiting = [entries[p] for p in piece.requirement.planned if p in entries]
    waiting.sort(key=lambda e: (e.record.first_day(), e.path))
    ongoing = [e for e in waiting if not e.record.is_planned() and e.record.last_day() > as_of]
    if ongoing:
        entry = ongoing[0]
        return _("in progress: {what} until {end}").format(what=noun(entry), end=entry.record.last_day().isoformat())
    if waiting:
        entry = waiting[0]
        return _("planned: {what} from {start}").format(what=noun(entry), start=entry.record.first_day().isoformat())
    return _("{what} missing").format(what=_either(piece.kinds, labels, piece.requirement.short))


def _intyg_remains(piece: _Piece, labels: dict[str, str], several: bool) -> str:
    who = roles(piece.roles) or _("the signer")
    if piece.kinds == ("kompetenskrav",):
        return _("intyg on the kompetenskrav from {who} missing").format(who=who)
    if several:
        what = _either(piece.kinds, labels, piece.requirement.short)
        return _("intyg for {what} from {who} missing").format(what=what, who=who)
    return _("intyg from {who} missing").format(who=who)


def noun(entry: Entry[Record]) -> str:
    """What a record is, in a word: 'placering', 'kurs', 'seminarium'..."""
    record = entry.record
    if isinstance(record, Placement):
        return _("placement") if record.kind != "auskultation" else "auskultation"
    if isinstance(record, Course):
        return _("course")
    if isinstance(record, Activity):
        return value(record.kind)
    return _("record")


def compact_ids(chosen: list[str], order: list[str]) -> str:
    """'BT1–BT5, BT8, BT9': runs of three or more goals in catalogue order shown as a range."""
    picked = set(chosen)
    runs: list[list[str]] = []
    previous = False
    for goal in order:
        if goal in picked:
            if previous and _prefix(runs[-1][-1]) == _prefix(goal):  # a range stays within its group
                runs[-1].append(goal)
            else:
                runs.append([goal])
        previous = goal in picked
    parts = [f"{run[0]}–{run[-1]}" if len(run) >= 3 else ", ".join(run) for run in runs]
    return ", ".join(parts)


def _prefix(goal: str) -> str:
    """'STc' of 'STc14', 'BT' of 'BT3', 'a' of 'a5'."""
    return goal.rstrip("0123456789")
