"""What `stfolio goals` shows: goal lists as tables, one goal explained in full."""

from __future__ import annotations

import re
import textwrap

from rich.table import Table

from stfolio.catalogue import Catalogue, Goal, GoalData, Specialty
from stfolio.cli.views.words import activity_label, either, followup_subject, signers
from stfolio.i18n import N_, _

COURSE_LABELS = {
    "required": N_("required"),
    "advised": N_("advised"),
    "clinical-or-course": N_("clinical or course"),
    "none": "–",
    "unknown": N_("unknown"),
}
RELIABILITY = {
    "official": N_("official"),
    "secondary": N_("secondary source"),
    "third-party-transcription": N_("third-party transcription"),
    "inferred": N_("inferred"),
}
COMMON = N_("common ({groups})")  # a part of a catalogue in `goals standing` (English in JSON)
FORMS = "intyg_forms"


def course_label(course: str) -> str:
    return _(COURSE_LABELS[course])


def _activity_labels(catalogue: Catalogue, kinds: list[str]) -> str:
    return ", ".join(activity_label(catalogue, k) for k in kinds) or "–"


def _required_activities(catalogue: Catalogue, goal: Goal) -> str:
    parts = [_activity_labels(catalogue, goal.activities.prescribed)] if goal.activities.prescribed else []
    parts += [either([activity_label(catalogue, k) for k in group]) for group in goal.activities.alternatives]
    return "; ".join(parts) or _("none specified")


def goals_table(catalogue: Catalogue, goals: list[Goal], heading: str) -> Table:
    table = Table(title=heading, title_justify="left", show_lines=False, expand=False)
    table.add_column(_("Delmål"), no_wrap=True)
    table.add_column(_("Title"))
    table.add_column(_("Required activities"))
    table.add_column(_("Course"), no_wrap=True)
    table.add_column(_("Verified"))  # the reports' long Swedish header may wrap
    for goal in goals:
        table.add_row(
            goal.id,
            goal.title,
            _required_activities(catalogue, goal),
            course_label(goal.course),
            _("yes") if goal.verified else _("no"),
        )
    return table


def explain_goal(goal: Goal, catalogue: Catalogue, data: GoalData, specialty: str | None, width: int = 88) -> str:
    """Everything a trainee needs to know about one goal, as plain text."""
    meta = catalogue.meta
    group = next((g.title for g in meta.groups if g.id == goal.group), goal.group)
    owner = catalogue.specialty_of.get(goal.id)
    owner_name = data.specialties[owner].name if owner in data.specialties else owner
    lines = [f"{goal.id} – {goal.title}"]
    lines.append(f"{meta.id} · {goal.group}: {group}" + (f" · {owner_name}" if owner_name else ""))
    lines.append(
        _("Verified against an official source.")
        if goal.verified
        else _("NOT VERIFIED against Socialstyrelsen's målbeskrivning: check it before relying on it.")
    )
    lines.append("")
    lines += textwrap.wrap(goal.description, width, break_on_hyphens=False)
    lines.append("")
    fields = _fields(goal, catalogue, data, specialty or owner, owner_name)
    indent = max(22, *(len(label) + 2 for label, _value in fields))  # 22 in English; wider if a label is
    for label, value in fields:
        wrapped = textwrap.wrap(value, width - indent, break_on_hyphens=False, break_long_words=False) or ["–"]
        lines.append(f"{label + ':' if label else '':<{indent}}{wrapped[0]}")
        lines.extend(" " * indent + rest for rest in wrapped[1:])
    return "\n".join(lines) + "\n"


def _fields(
    goal: Goal, catalogue: Catalogue, data: GoalData, specialty: str | None, owner_name: str | None
) -> list[tuple[str, str]]:
    """The labelled facts about a goal, in reading order (a label '' continues the one above)."""
    meta = catalogue.meta
    course = {
        "none": _("not required"),
        "unknown": _("unknown: not found in the sources; check the målbeskrivning"),
    }
    followups = [
        _("intyg ({subject}) issued by {who}").format(
            subject=followup_subject(catalogue, f.intyg), who=signers(f.issued_by)
        )
        for f in goal.followup
    ]
    fields = [
        (_("Required activities"), _required_activities(catalogue, goal)),
        (_("Advised activities"), _activity_labels(catalogue, goal.activities.advised)),
        (_("Course"), course.get(goal.course) or course_label(goal.course)),
        (_("Follow-up"), "; ".join(followups) or "–"),
        (_("Applies to"), _applies(goal, data, owner_name)),
    ]
    sources = {s.key: s for s in meta.sources}
    for i, key in enumerate(goal.sources):
        source = sources.get(key)
        text = f"{key}: {source.title} ({_(RELIABILITY[source.reliability])})" if source else key
        if source and source.url:
            text += f" {source.url}"
        fields.append((_("Source") if i == 0 else "", text))
    for other in data.regulations:
        matches = data.equivalent(goal.id, meta.id, other, specialty) if other != meta.id else []
        if matches:
            fields.append((_("In {regulation}").format(regulation=other), ", ".join(matches)))
    citation, labelled = note_facts(goal.note)
    if citation:
        fields.append((_("Checked in"), _citation(citation)))
    if labelled:
        fields.append((_("Title"), _("stfolio's own label: the målbeskrivning numbers these delmål without titles")))
    return fields


def note_facts(note: str | None) -> tuple[str, bool]:
    """What a reader needs from a catalogue note: where it was verified, and whether the title is ours.

    The rest of a note is for the catalogue's maintainers (how an entry was read, what is open)
    and is not shown; it stays in the catalogue file.
    """
    text = " ".join((note or "").split())
    citation = ""
    if text.startswith("Verified: "):
        citation = re.split(r"\.\s+(?=[A-ZÅÄÖ])", text[len("Verified: ") :], maxsplit=1)[0].rstrip(".")
    return citation, "Title is our label" in text


_PAGE = re.compile(r"(?P<source>\S+) (?:p\.|page) (?P<page>\d+)")
_PAGES = re.compile(r"(?P<source>\S+) p\. (?P<page>\d+) \(PDF p\. (?P<pdf>\d+)\)")
_PAGE_IMAGE = re.compile(r"(?P<source>\S+) page image (?P<page>\d+)")


def _citation(citation: str) -> str:
    """'SoS-MB2015-psykiatri p. 931' in the user's words ('… s. 931'); other citations as written."""
    if found := _PAGE_IMAGE.fullmatch(citation):
        return _("{source} page image {page}").format(**found.groupdict())
    if found := _PAGES.fullmatch(citation):
        return _("{source} p. {page} (PDF p. {pdf})").format(**found.groupdict())
    if found := _PAGE.fullmatch(citation):
        return _("{source} p. {page}").format(**found.groupdict())
    return citation


def _applies(goal: Goal, data: GoalData, owner_name: str | None) -> str:
    if owner_name:
        return _("{specialty} only").format(specialty=owner_name)
    if goal.applies_to is None:
        return _("all specialties")

    def names(ids: list[str]) -> str:
        return ", ".join(data.specialties[i].name if i in data.specialties else i for i in ids)

    if goal.applies_to.only:
        return _("only {specialties}").format(specialties=names(goal.applies_to.only))
    return _("all specialties except {specialties}").format(specialties=names(goal.applies_to.except_))


def specialties_table(specialties: list[Specialty], shipped: dict[str, list[str]]) -> Table:
    table = Table(title=_("Specialties"), title_justify="left")
    table.add_column(_("Name"), min_width=16, ratio=1)
    table.add_column(_("Id (for --specialty)"), no_wrap=True)
    table.add_column(_("c-goals"), no_wrap=True)
    kinds = {"bas": "", "gren": " (gren)", "tillagg": " (tillägg)"}
    for spec in specialties:
        years = sorted(reg.split()[-1].split(":")[0] for reg, ids in shipped.items() if spec.id in ids)
        table.add_row(spec.name + kinds[spec.kind], spec.id, ", ".join(years) or "–")
    return table


def standing(data: GoalData) -> list[dict[str, object]]:
    """Per regulation, for the common goals and for each shipped specialty: entries, verified, against what."""
    rows: list[dict[str, object]] = []
    for regulation in sorted(data.regulations):
        catalogue = data.catalogue(regulation)
        if catalogue is None:
            continue
        groups = ", ".join(g.id for g in catalogue.meta.groups if not g.per_specialty)
        common = [g for g in catalogue.goals.values() if catalogue.specialty_of.get(g.id) is None]
        rows.append(_standing_row(regulation, COMMON.format(groups=groups), None, common))
        for specialty in sorted(catalogue.specialties_shipped):
            scoped = data.catalogue(regulation, specialty)
            if scoped is not None:
                own = [g for g in scoped.goals.values() if scoped.specialty_of.get(g.id) == specialty]
                rows.append(_standing_row(regulation, specialty, specialty, own))
        rows.append(_forms_standing(catalogue))
    return rows


def _standing_row(regulation: str, part: str, specialty: str | None, goals: list[Goal]) -> dict[str, object]:
    verified = [g for g in goals if g.verified]
    # What each was verified against: the source its citation names ("Verified: KEY p. 931").
    against = sorted({note_facts(g.note)[0].split()[0] for g in verified if note_facts(g.note)[0]})
    return {
        "regulation": regulation,
        "part": part,
        "specialty": specialty,
        "entries": len(goals),
        "verified": len(verified),
        "against": against,
    }


def _forms_standing(catalogue: Catalogue) -> dict[str, object]:
    meta = catalogue.meta
    official = {s.key for s in meta.sources if s.reliability == "official"}
    forms = meta.intyg_forms
    keys = {k for f in forms if f.verified for k in ([f.source] if isinstance(f.source, str) else f.source)}
    return {
        "regulation": meta.id,
        "part": FORMS,
        "specialty": None,
        "entries": len(forms),
        "verified": sum(1 for f in forms if f.verified),
        "against": sorted(keys & official),
    }


def standing_table(rows: list[dict[str, object]]) -> Table:
    table = Table(title=_("How much of each catalogue is verified"), title_justify="left")
    table.add_column(_("Regulation"), no_wrap=True)
    table.add_column(_("Part"))
    table.add_column(_("Entries"), justify="right")
    table.add_column(_("Verified"), justify="right")
    table.add_column(_("Against"))
    for row in rows:
        shown = _part(str(row["part"]))
        against = row["against"]
        table.add_row(
            str(row["regulation"]),
            shown,
            str(row["entries"]),
            str(row["verified"]),
            ", ".join(against) if isinstance(against, list) and against else "–",
        )
    return table


def _part(part: str) -> str:
    """A part of `goals standing` in the user's words (the JSON keeps the English)."""
    if part == FORMS:
        return _("forms (intyg and ansökan)")
    prefix = COMMON.split("{", 1)[0]
    if part.startswith(prefix) and part.endswith(")"):
        return _(COMMON).format(groups=part[len(prefix) : -1])
    return part
