"""From a portfolio to the forms of one application: which forms, how many, numbered, with what in them.

``plan_application(ctx, which)`` turns the readiness of an application (``rules.application``:
its forms and, per form, the records behind it) into one ``FormJob`` per PDF to fill: the
ansökan and every intyg, each with its Bilaga nr (numbered in the order of the ansökan's
förteckning över bifogade intyg, which gets the same numbers), the values of its fields as the
mapping files' keys (docs/forms.md), its table rows, who signs it, and what the portfolio still
lacks for it. Nothing here reads a blank or writes a file; ``stfolio.forms.apply`` does that.

The trainee's own personnummer, address, phone and e-mail are never read from the portfolio:
they are typed in when the forms are filled (``personal``), or left for the trainee to write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from stfolio.catalogue import IntygForm, role_label
from stfolio.context import Context
from stfolio.figures.service import counted_placements, months_between
from stfolio.figures.verdicts import finished
from stfolio.i18n import _
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Intyg, Person, Placement, Record
from stfolio.rules.application import FormStatus, Which, readiness
from stfolio.text import slug


@dataclass
class FormJob:
    """One PDF to fill: a form, its Bilaga nr, its field values and rows, its signer, what is missing."""

    form: IntygForm
    label: str  # the Bilaga nr ('' for the ansökan itself)
    stem: str  # the output file's name without .pdf
    values: dict[str, str]
    rows: list[dict[str, str]] = field(default_factory=list)
    source: str = ""  # the record it is about, or stfolio.yaml
    signers: str = ""  # who must sign it, as the form says
    missing: list[str] = field(default_factory=list)  # what the portfolio still lacks for it

    @property
    def application_form(self) -> bool:
        return self.form.covers.startswith("ansokan-")


def yymmdd(day: dt.date) -> str:
    """The forms' date style: 2025-09-01 -> 250901."""
    return day.strftime("%y%m%d")


def period(first: dt.date, last: dt.date) -> str:
    return f"{yymmdd(first)}–{yymmdd(last)}"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _names(full: str) -> tuple[str, str]:
    """('Amira', 'Nasser'): the last word is taken as the surname; the fields stay editable."""
    parts = full.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", full)


def _trainee(ctx: Context) -> dict[str, str]:
    profile = ctx.portfolio.profile
    assert profile is not None
    first, last = _names(profile.trainee.name)
    specialty = ctx.goals.specialties.get(profile.specialty)
    workplace = ", ".join(p for p in (profile.clinic or "", profile.employer or "") if p)
    return {
        "trainee.first_name": first,
        "trainee.last_name": last,
        "trainee.workplace": workplace,
        "specialty.name": specialty.name if specialty else profile.specialty,
    }


def _person(ctx: Context, name: str) -> Person | None:
    """What the portfolio knows of a person named on an intyg: a record's supervisor or the profile's."""
    profile = ctx.portfolio.profile
    assert profile is not None
    known = [profile.supervisor, profile.studierektor]
    for entry in ctx.portfolio.entries:
        record = entry.record
        if isinstance(record, Placement | Activity) and record.supervisor is not None:
            known.append(record.supervisor)
        if isinstance(record, Assessment) and record.assessor is not None:
            known.append(record.assessor)
    return next((p for p in known if p is not None and p.name == name), None)


def _signer(ctx: Context, intyg: Intyg | None, prefix: str = "signer") -> dict[str, str]:
    if intyg is None:
        return {}
    person = _person(ctx, intyg.issued_by)
    values = {f"{prefix}.name": intyg.issued_by}
    if person is not None:
        values[f"{prefix}.specialty"] = person.specialty or ""
        values[f"{prefix}.workplace"] = person.workplace or ""
    if prefix == "signer" and intyg.role in ("handledare", "kursledare"):
        values["signer.role"] = intyg.role
    return {k: v for k, v in values.items() if v}


def _intyg_for(entry: Entry[Record], roles: list[str], ctx: Context) -> Intyg | None:
    """The record's intyg from one of ``roles`` whose scan (if any) is in order."""
    for index, intyg in enumerate(entry.record.intyg_list()):
        role = intyg.role.replace(" ", "-")
        accepted = role in roles or (role == "handledare" and "huvudhandledare" in roles)
        if accepted and ctx.intyg_attests(entry.path, index):
            return intyg
    return None


def _assessments_during(ctx: Context, first: dt.date, last: dt.date, goals: list[str]) -> list[Entry[Assessment]]:
    return [
        a
        for a in ctx.portfolio.assessments
        if first <= a.record.date <= last and finished(a, ctx.as_of) and set(a.record.delmal) & set(goals)
    ]


def _checked(ctx: Context, entry: Entry[Record], goals: list[str]) -> str:
    """How the competence was checked: the structured assessments during the activity, and the intyg."""
    record = entry.record
    found = _assessments_during(ctx, record.first_day(), record.last_day(), goals)
    if not found:
        return ""
    shown = [
        f"{a.record.instrument} {a.record.date}" + (f" ({a.record.title})" if a.record.title else "") for a in found
    ]
    return _("Structured assessments: {assessments}.").format(assessments="; ".join(shown))


def _describe(ctx: Context, entry: Entry[Record], goals: list[str], with_checks: bool = True) -> str:
    """The form's description of the activity, from the record's own text and its assessments."""
    record = entry.record
    parts: list[str] = []
    if isinstance(record, Placement):
        parts.append(
            _("{kind} at {unit}, {extent} % of full time.").format(
                kind=record.kind, unit=record.unit, extent=record.extent
            )
        )
    elif isinstance(record, Course):
        parts.append(record.title + (f" ({record.provider})" if record.provider else "") + ".")
    elif isinstance(record, Activity):
        hours = _(" {hours} hours.").format(hours=f"{record.hours:g}") if record.hours else ""
        parts.append(f"{record.title}.{hours}")
    notes = record.field_value("notes")
    if isinstance(notes, str) and notes.strip():
        parts.append(" ".join(notes.split()))
    checked = _checked(ctx, entry, goals) if with_checks else ""
    if checked:
        parts.append(checked)
    return " ".join(parts)


def _subject(record: Record) -> dict[str, str]:
    if isinstance(record, Placement):
        return {"placement.unit": record.unit, "placement.period": period(record.start, record.end)}
    if isinstance(record, Course):
        return {"course.subject": record.title, "course.period": period(record.first_day(), record.last_day())}
    if isinstance(record, Activity):
        return {"activity.subject": record.title}
    return {}


def _stem(form: IntygForm, label: str, source: str) -> str:
    number = form.id.removeprefix("bilaga-")
    tail = slug(source.rsplit("/", 1)[-1].removesuffix(".yaml"), 40) if "/" in source else ""
    head = f"bilaga-{label}" if label else "ansokan"
    return "-".join(p for p in (head, f"blankett-{number}", tail) if p)


def _record_jobs(ctx: Context, status: FormStatus, which: Which) -> list[FormJob]:
    """One job per record the form is about (an activity intyg, a BT-delmål intyg)."""
    entries = {e.path: e for e in ctx.portfolio.entries}
    jobs = []
    for item in status.items:
        entry = entries.get(item.source)
        if entry is None:
            continue
        intyg = _intyg_for(entry, [*status.form.issued_by, "kursledare"], ctx)
        values = {**_subject(entry.record), **_signer(ctx, intyg), "intyg.delmal": ", ".join(item.delmal)}
        separate = status.form.covers == "BT"  # bilaga 2 asks for the checks in a box of their own
        description = _describe(ctx, entry, item.delmal, with_checks=not separate)
        if separate:
            values["intyg.description_activities"] = description
            values["intyg.description_checked"] = _checked(ctx, entry, item.delmal) or _(
                "Assessed by the handledare during the placement."
            )
        else:
            values["intyg.description"] = description
        missing = [] if item.ok else [item.intyg]  # e.g. 'no intyg yet'
        jobs.append(FormJob(status.form, "", "", values, source=entry.path, missing=missing))
    return jobs


def _service_rows(ctx: Context, bt_only: bool) -> tuple[list[dict[str, str]], float]:
    profile = ctx.portfolio.profile
    assert profile is not None and ctx.service is not None
    rows = []
    for entry in sorted(counted_placements(ctx.portfolio), key=lambda e: e.record.start):
        record = entry.record
        if record.status != "done" or (bt_only and record.bt is None) or record.start > ctx.as_of:
            continue
        last = min(record.end, ctx.as_of)
        fte = months_between(max(record.start, profile.st_start), last) * record.extent / 100
        rows.append(
            {
                "unit": record.unit,
                "period": period(record.start, last),
                "extent_percent": str(record.extent),
                "fte_months": _decimal(fte),
            }
        )
    total = ctx.bt.total if bt_only and ctx.bt is not None else ctx.service.served
    return rows, total


def _bt_parts(ctx: Context) -> dict[str, str]:
    """Bilaga 3's questions: which parts of BT were in primärvård and in akut sjukvård."""
    parts: dict[str, list[str]] = {"primärvård": [], "akut": []}
    for entry in counted_placements(ctx.portfolio):
        record = entry.record
        if record.bt in parts and record.status == "done" and record.start <= ctx.as_of:
            parts[record.bt].append(f"{record.unit}, {period(record.start, min(record.end, ctx.as_of))}")
    return {"bt.primary_care": "; ".join(parts["primärvård"]), "bt.emergency_care": "; ".join(parts["akut"])}


def _supervisors(ctx: Context) -> dict[str, str]:
    """The huvudhandledare (and an extern bedömare, if an intyg names one) for bilaga 4 and 7."""
    profile = ctx.portfolio.profile
    assert profile is not None
    values: dict[str, str] = {}
    if profile.supervisor is not None:
        supervisor = profile.supervisor
        values["handledare.name"] = supervisor.name
        values["handledare.specialty"] = supervisor.specialty or ""
        values["handledare.workplace"] = supervisor.workplace or ""
    for entry in ctx.portfolio.entries:
        for intyg in entry.record.intyg_list():
            if intyg.role == "extern bedömare":
                values.update(_signer(ctx, intyg, "assessor"))
    studierektor = profile.studierektor
    if studierektor is not None:
        first, last = _names(studierektor.name)
        values["studierektor.first_name"], values["studierektor.last_name"] = first, last
        values["studierektor.workplace"] = studierektor.workplace or ""
    return {k: v for k, v in values.items() if v}


def _jobs_of(ctx: Context, status: FormStatus, which: Which) -> list[FormJob]:
    """The PDFs of one form: none while nothing in the portfolio is behind an intyg form."""
    covers = status.form.covers
    missing = [f"{item.description}: {item.intyg}" for item in status.items if not item.ok]
    if covers in ("fullgjord-bastjanstgoring", "fullgjord-tjanstgoring"):
        rows, total = _service_rows(ctx, covers == "fullgjord-bastjanstgoring")
        values = {"rows.total_fte_months": _decimal(total)}
        if covers == "fullgjord-bastjanstgoring":
            values.update(_bt_parts(ctx))
        return [FormJob(status.form, "", "", values, rows, "stfolio.yaml", missing=missing)]
    if covers in ("baskompetens", "specialistkompetens", "tredjeland-specialistkompetens"):
        return [FormJob(status.form, "", "", _supervisors(ctx), source="stfolio.yaml", missing=missing)]
    if covers.startswith("ansokan-"):
        profile = ctx.portfolio.profile
        assert profile is not None
        dates: dict[str, str] = {}
        if which == "st" and profile.bt is not None and profile.bt.approved is not None:
            dates["application.bt_approved_date"] = yymmdd(profile.bt.approved)
        listed: list[dict[str, str]] = []
        if ctx.catalogue is not None and ctx.catalogue.meta.time_rules.bt is None:
            listed, _total = _service_rows(ctx, False)  # SOSFS 2015:8: the tjänsteförteckning is on the ansökan
        return [FormJob(status.form, "", "", dates, listed, "stfolio.yaml", missing=missing)]
    if covers in ("tredjeland",) or (ctx.catalogue is not None and covers in ctx.catalogue.goals):
        # One intyg for the delmål (STa3) or per delmål (tredjeland): the records behind it, described.
        entries = {e.path: e for e in ctx.portfolio.entries}
        behind = [entries[i.source] for i in status.items if i.source in entries]
        if not behind:
            return []
        activities = " ".join(_describe(ctx, e, [covers], with_checks=False) for e in behind)
        checked = " ".join(c for c in (_checked(ctx, e, [covers]) for e in behind) if c)
        signer = next((i for e in behind if (i := _intyg_for(e, list(status.form.issued_by), ctx))), None)
        values = {
            "intyg.description_activities": activities,
            "intyg.description_checked": checked,
            **_signer(ctx, signer),
        }
        return [FormJob(status.form, "", "", values, source=behind[0].path if behind else "", missing=missing)]
    return _record_jobs(ctx, status, which)


# The ansökan's förteckning över bifogade intyg: which attachments key lists which forms.
_ATTACHMENT_KEYS = {
    "BT": "attachments.bt_delmal",
    "fullgjord-bastjanstgoring": "attachments.bt_fullgjord",
    "baskompetens": "attachments.bt_baskompetens",
    "fullgjord-tjanstgoring": "attachments.st_fullgjord",
    "specialistkompetens": "attachments.st_uppnadd",
    "auskultation": "attachments.auskultation",
    "klinisk-tjanstgoring": "attachments.klinisk",
    "kurs": "attachments.kurs",
    "utvecklingsarbete": "attachments.utveckling",
    "kvalitetsarbete": "attachments.utveckling",
    "skriftligt-arbete": "attachments.skriftligt",
    "STa3": "attachments.sta3",
    "tredjeland": "attachments.tredjeland",
    "tredjeland-specialistkompetens": "attachments.tredjeland",
}


# The rows of the ansökan's förteckning, as printed on the blanks.
PRINTED_LABELS = {
    "attachments.bt_delmal": "Delmål i bastjänstgöringen",
    "attachments.bt_fullgjord": "Fullgjord bastjänstgöring",
    "attachments.bt_baskompetens": "Uppnådd baskompetens",
    "attachments.st_fullgjord": "Fullgjord specialiseringstjänstgöring",
    "attachments.st_uppnadd": "Uppnådd specialistkompetens",
    "attachments.auskultation": "Auskultationer",
    "attachments.klinisk": "Kliniska tjänstgöringar under handledning",
    "attachments.kurs": "Kurser",
    "attachments.utveckling": "Deltagande i utvecklingsarbeten",
    "attachments.skriftligt": "Självständigt skriftligt arbete",
    "attachments.sta3": "Delmål STa3. Medicinsk vetenskap",
    "attachments.tredjeland": "Delmål för specialistläkare från tredjeland",
}


def _numbers(labels: list[str]) -> str:
    """'1, 2, 3, 5' as '1–3, 5': the way the förteckning lists bilagor."""
    numbers = sorted(int(label) for label in labels)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def plan_application(ctx: Context, which: Which | None = None) -> list[FormJob]:
    """Every PDF of the application: the ansökan first, then the intyg numbered 1, 2, 3, ..."""
    ready = readiness(ctx, which)
    trainee = _trainee(ctx)
    jobs = [job for status in ready.forms for job in _jobs_of(ctx, status, ready.application)]
    number = 0
    by_key: dict[str, list[str]] = {}
    for job in jobs:
        job.values = {**trainee, **job.values}
        joiner = " and " if job.form.joint else " or "
        job.signers = joiner.join(role_label(r) for r in job.form.issued_by)
        if job.application_form:
            job.stem = _stem(job.form, "", job.source)
            continue
        number += 1
        job.label = str(number)
        job.values["attachment.number"] = job.label
        job.stem = _stem(job.form, job.label, job.source)
        key = _ATTACHMENT_KEYS.get(job.form.covers)
        if key:
            by_key.setdefault(key, []).append(job.label)
    for job in jobs:
        if job.application_form:
            job.values.update({key: _numbers(labels) for key, labels in by_key.items()})
    return jobs
