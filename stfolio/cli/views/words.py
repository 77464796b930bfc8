"""Words the views share: "a, b or c", activity kinds, and a delmål's requirements in words.

The verdicts (``stfolio.figures.verdicts``) keep each requirement's description for JSON and
for the findings; the views word them again from the catalogue goal they come from, in the
user's language ("intyg (kurs) från kursledare eller handledare"), as the reports do. Should
the verdicts change shape, the requirement's own words are shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from stfolio.catalogue import Catalogue, Goal, role_label
from stfolio.figures.verdicts import Requirement, Verdict
from stfolio.i18n import _, shown

KOMPETENSKRAV = "kompetenskrav"


def either(names: list[str]) -> str:
    """'a', 'a or b', 'a, b or c' in the user's language ('a, b eller c')."""
    if len(names) < 2:
        return "".join(names)
    return _("{first} or {last}").format(first=", ".join(names[:-1]), last=names[-1])


def activity_label(catalogue: Catalogue, kind: str) -> str:
    """A catalogue activity kind as the målbeskrivning names it: 'klinisk tjänstgöring under handledning'."""
    return catalogue.meta.activity_kinds.get(kind, kind).lower()


def short_label(catalogue: Catalogue, kind: str) -> str:
    """The same, short, for tables: 'klinisk tjänstgöring', 'seminarium'."""
    return activity_label(catalogue, kind).replace(" under handledning", "").replace("deltagande i ", "")


def followup_subject(catalogue: Catalogue, subject: str) -> str:
    """What a follow-up intyg attests: an activity, or 'uppfyllda kompetenskrav' (the intyg's name)."""
    return "uppfyllda kompetenskrav" if subject == KOMPETENSKRAV else activity_label(catalogue, subject)


def signers(roles: list[str] | tuple[str, ...]) -> str:
    """'handledare', 'kursledare or handledare': whoever of them may sign."""
    return either([role_label(r) for r in roles])


@dataclass(frozen=True)
class Worded:
    """One requirement of a verdict, with its words in the user's language."""

    requirement: Requirement
    what: str  # in full: 'intyg (kurs) from kursledare or handledare'
    short: str  # for tables: 'intyg: kurs'


def requirement_words(verdict: Verdict, catalogue: Catalogue) -> list[Worded]:
    """The verdict's requirements in the user's words, matched to the goal's activities and intyg."""
    goal = verdict.goal
    activities = [[k] for k in goal.activities.prescribed] + [list(g) for g in goal.activities.alternatives]
    if goal.course == "required" and "kurs" not in goal.activities.prescribed:
        activities.append(["kurs"])
    intyg = _intyg_rows(goal)
    if len(verdict.requirements) != len(activities) + len(intyg):  # the verdicts changed: their own words
        return [Worded(r, shown(r.what), shown(r.short)) for r in verdict.requirements]
    worded = [
        Worded(
            r, either([activity_label(catalogue, k) for k in kinds]), either([short_label(catalogue, k) for k in kinds])
        )
        for r, kinds in zip(verdict.requirements, activities, strict=False)
    ]
    for requirement, rows in zip(verdict.requirements[len(activities) :], intyg, strict=True):
        what = either(
            [
                _("intyg ({subject}) from {who}").format(subject=followup_subject(catalogue, kind), who=signers(roles))
                for kind, roles in rows
            ]
        )
        short = either(
            [
                _("intyg: {what}").format(what=KOMPETENSKRAV if kind == KOMPETENSKRAV else short_label(catalogue, kind))
                for kind, _roles in rows
            ]
        )
        worded.append(Worded(requirement, what, short))
    return worded


def _intyg_rows(goal: Goal) -> list[list[tuple[str, list[str]]]]:
    """The follow-up intyg as the verdict lists them: one per activity, then one per "or" group."""
    single: list[list[tuple[str, list[str]]]] = []
    grouped: dict[int, list[tuple[str, list[str]]]] = {}
    for followup in goal.followup:
        group = next((i for i, g in enumerate(goal.activities.alternatives) if followup.intyg in g), None)
        row = (followup.intyg, list(followup.issued_by))
        if group is None:
            single.append([row])
        else:
            grouped.setdefault(group, []).append(row)
    return single + list(grouped.values())
