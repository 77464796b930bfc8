"""One record as a table row a person reads: when, what, details, delmål, intyg, status.

Each kind has its own words (a placement's unit and extent, a meeting's topics...). A kind with
no row of its own here still gets a plain row from the fields every record has, so adding a
record kind never breaks a report.
"""

from __future__ import annotations

import datetime as dt

from stfolio.figures.verdicts import finished
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Expense, Leave, Meeting, Placement, Record
from stfolio.reports.model import Row
from stfolio.text import escape_untrusted, kronor


def _joined(separator: str, *parts: str) -> str:
    return separator.join(p for p in parts if p)


def _span(first: dt.date, last: dt.date | None) -> str:
    return f"{first}" + (f" – {last}" if last and last != first else "")


def _described(record: Record) -> tuple[str, str, str, str]:
    """(period, what, kind, details) for a record."""
    match record:
        case Placement():
            details = _joined(
                ", ",
                record.unit if record.title else "",
                record.kind,
                f"BT {record.bt}" if record.bt else "",
                f"{record.extent} %",
                f"handledare {record.supervisor.name}" if record.supervisor else "",
            )
            return (
                f"{record.start} – {record.end}",
                record.title or record.unit,
                "BT" if record.bt else record.kind,
                details,
            )
        case Course():
            details = _joined(", ", record.provider or "", kronor(record.cost) if record.cost else "")
            return _span(record.start, record.end), record.title, "kurs", details
        case Assessment():
            details = _joined(
                "; ",
                f"bedömare {record.assessor.name}" if record.assessor else "",
                record.setting or "",
                record.feedback or "",
            )
            return f"{record.date}", record.title or record.instrument, record.instrument, details
        case Meeting():
            what = record.kind + (f" ({record.duration_minutes} min)" if record.duration_minutes else "")
            details = _joined(
                "; ",
                ", ".join(record.participants),
                "ämnen: " + ", ".join(record.topics) if record.topics else "",
                "överenskommet: " + ", ".join(record.actions) if record.actions else "",
            )
            return f"{record.date}", what, record.kind, details
        case Activity():
            details = _joined(
                ", ",
                f"{record.hours:g} h" if record.hours else "",
                f"handledare {record.supervisor.name}" if record.supervisor else "",
            )
            return _span(record.start, record.end), record.title, record.kind, details
        case Leave():
            return f"{record.start} – {record.end}", record.kind, record.kind, f"{record.extent} %"
        case Expense():
            return f"{record.date}", record.description or record.category, record.category, kronor(record.amount)
    words = " ".join(record.name_words())
    return _span(record.first_day(), record.last_day()), words, words, ""


def record_row(entry: Entry[Record], as_of: dt.date) -> Row:
    record = entry.record
    status = "planerad" if record.is_planned() else ("genomförd" if finished(entry, as_of) else "pågående")
    intyg = "; ".join(
        f"{i.issued_by} ({i.role}, {i.date})" + (" – inskannat" if i.file else "") for i in record.intyg_list()
    )
    period, what, kind, details = _described(record)
    path = escape_untrusted(entry.path)  # a file name is untrusted: no line break or control character in a report
    return Row(path, period, what, kind, details, ", ".join(record.named_delmal()), intyg, status)


def in_year(entry: Entry[Record], year: int) -> bool:
    return entry.record.first_day().year <= year <= entry.record.last_day().year


def by_date(entries: list[Entry[Record]]) -> list[Entry[Record]]:
    return sorted(entries, key=lambda e: (e.record.first_day(), e.path))
