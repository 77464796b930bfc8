"""One record as a table row a person reads: when, what, details, delmål, intyg, status, notes.

Each kind has its own words (a placement's unit and extent, a meeting's topics...). With the
``summary`` detail a meeting is one line (kind, topics, what was agreed) and an assessment
names its instrument and assessor; ``full`` adds the participants, the length, the feedback and
the notes. A kind with no row of its own here still gets a plain row from the fields every
record has, so adding a record kind never breaks a report.
"""

from __future__ import annotations

import datetime as dt

from stfolio.figures.verdicts import finished
from stfolio.i18n import _, decimal, kronor
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Expense, Leave, Meeting, Placement, Record
from stfolio.reports.goals import compact_ids
from stfolio.reports.labels import row_status, value
from stfolio.reports.model import Row
from stfolio.text import escape_untrusted

SUMMARY, FULL = "summary", "full"


def _joined(separator: str, *parts: str) -> str:
    return separator.join(p for p in parts if p)


def _span(first: dt.date, last: dt.date | None) -> str:
    return f"{first}" + (f" – {last}" if last and last != first else "")


def _hours(hours: float) -> str:
    return _("{hours} h").format(hours=decimal(hours, 0) if hours == int(hours) else decimal(hours))


def _placement(record: Placement) -> tuple[str, str, str, str]:
    details = _joined(
        ", ",
        record.unit if record.title else "",
        record.kind if record.kind != "klinisk tjänstgöring" else "",  # the usual kind goes without saying
        _("BT {part}").format(part=value(record.bt)) if record.bt else "",
        f"{record.extent} %",
        _("handledare {name}").format(name=record.supervisor.name) if record.supervisor else "",
    )
    return f"{record.start} – {record.end}", record.title or record.unit, "BT" if record.bt else record.kind, details


def _assessment(record: Assessment, detail: str) -> tuple[str, str, str, str]:
    details = _joined(
        "; ",
        value(record.instrument),
        _("assessor {name}").format(name=record.assessor.name) if record.assessor else "",
        record.setting or "",
    )
    return f"{record.date}", record.title or value(record.instrument), record.instrument, details


def _meeting(record: Meeting, detail: str) -> tuple[str, str, str, str]:
    what: str = record.kind
    if detail == FULL and record.duration_minutes:
        what = _("{kind} ({minutes} min)").format(kind=record.kind, minutes=record.duration_minutes)
    details = _joined(
        "; ",
        ", ".join(record.participants) if detail == FULL else "",
        _("topics: {topics}").format(topics=", ".join(record.topics)) if record.topics else "",
        _("agreed: {actions}").format(actions=", ".join(record.actions)) if record.actions else "",
    )
    return f"{record.date}", what, record.kind, details


def _described(record: Record, detail: str) -> tuple[str, str, str, str]:
    """(period, what, kind, details) for a record."""
    match record:
        case Placement():
            return _placement(record)
        case Course():
            details = _joined(", ", record.provider or "", kronor(record.cost) if record.cost else "")
            return _span(record.start, record.end), record.title, "kurs", details
        case Assessment():
            return _assessment(record, detail)
        case Meeting():
            return _meeting(record, detail)
        case Activity():
            details = _joined(
                ", ",
                value(record.kind),
                _hours(record.hours) if record.hours else "",
                _("handledare {name}").format(name=record.supervisor.name) if record.supervisor else "",
            )
            return _span(record.start, record.end), record.title, record.kind, details
        case Leave():
            return f"{record.start} – {record.end}", value(record.kind), record.kind, f"{record.extent} %"
        case Expense():
            what = record.description or value(record.category)
            return f"{record.date}", what, record.category, kronor(record.amount)
    words = " ".join(record.name_words())
    return _span(record.first_day(), record.last_day()), words, words, ""


def _notes(record: Record, detail: str) -> str:
    """Notes where they belong: always for placements, courses, activities and leave (they are
    few and say what a table cannot); a meeting's or an assessment's only in full."""
    notes = getattr(record, "notes", None) or ""
    if isinstance(record, Assessment):
        return _joined(" ", record.feedback or "", notes) if detail == FULL else ""
    if isinstance(record, Meeting):
        return notes if detail == FULL else ""
    return notes


def status_word(entry: Entry[Record], as_of: dt.date) -> str:
    if entry.record.is_planned():
        return "planned"
    return "done" if finished(entry, as_of) else "ongoing"


def intyg_text(record: Record, detail: str = FULL) -> str:
    """Who signed each intyg; in full also when, and whether the signed paper is scanned in."""
    parts = []
    for intyg in record.intyg_list():
        if detail != FULL:
            parts.append(_("{name} ({role})").format(name=intyg.issued_by, role=intyg.role))
            continue
        text = _("{name} ({role}, {date})").format(name=intyg.issued_by, role=intyg.role, date=intyg.date)
        parts.append(_("{intyg} – scanned").format(intyg=text) if intyg.file else text)
    return "; ".join(parts)


def record_row(entry: Entry[Record], as_of: dt.date, detail: str = SUMMARY, order: list[str] | None = None) -> Row:
    """The row of one record; ``order`` (the catalogue's goal ids) shows its delmål as ranges."""
    record = entry.record
    period, what, kind, details = _described(record, detail)
    named = list(record.named_delmal())
    delmal = ", ".join(named)
    if order and all(goal in order for goal in named):
        delmal = compact_ids(named, order)
    return Row(
        escape_untrusted(entry.path),  # a file name is untrusted: no line break or control character in a report
        period,
        what,
        kind,
        details,
        delmal,
        intyg_text(record, detail),
        row_status(status_word(entry, as_of)),
        " ".join(_notes(record, detail).split()),
    )


def in_year(entry: Entry[Record], year: int) -> bool:
    return entry.record.first_day().year <= year <= entry.record.last_day().year


def by_date(entries: list[Entry[Record]]) -> list[Entry[Record]]:
    return sorted(entries, key=lambda e: (e.record.first_day(), e.path))
