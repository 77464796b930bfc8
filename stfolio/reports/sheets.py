"""The IUP as a spreadsheet: one workbook with the sheets a studierektor knows from the Excel
IUPs clinics use (seed 001: "byggs i Excel med flikar"), or one of its sheets as CSV.

The workbook is built as plain data first (``Book``: sheets of typed columns and rows of real
dates and numbers), then written by XlsxWriter (``to_xlsx``: frozen header row, a filter on
it, widths that fit, long text wrapped) or as CSV (``to_csv``: ISO dates, a decimal point, for
tools). Sheet names and headers are in the user's language; the sheet keys (``--sheet``) are
not. The same portfolio gives the same bytes: the workbook's creation date is the as-of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from stfolio.errors import USAGE, StfolioError
from stfolio.figures.service import months_between
from stfolio.i18n import N_, _
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Meeting, Placement, Record
from stfolio.reports.attention import attention
from stfolio.reports.build import _Goals
from stfolio.reports.labels import row_status, value
from stfolio.reports.norms import norm_rows
from stfolio.reports.rows import by_date, intyg_text, status_word
from stfolio.rules import CheckResult

Value = str | int | float | dt.date | None
TEXT, DATE, NUMBER, INTEGER = "text", "date", "number", "integer"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT


@dataclass
class Sheet:
    key: str  # for --sheet and machines: never translated
    title: str  # the tab's name, at most 31 characters (Excel's limit)
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)


@dataclass
class Book:
    title: str
    author: str
    created: dt.date
    sheets: list[Sheet]


# The sheets in tab order: key, English name (translated where shown).
SHEETS = (
    ("oversikt", N_("Overview")),
    ("tjanstgoringar", N_("Service periods")),
    ("delmal", N_("Delmål")),
    ("kurser", N_("Courses")),
    ("bedomningar", N_("Assessments")),
    ("handledning", N_("Supervision")),
    ("forskning", N_("Research and quality")),
    ("revisioner", N_("Revisions")),
)


def _list(items: list[str]) -> str:
    return "; ".join(items)


def _goals(record: Record) -> str:
    return ", ".join(record.named_delmal())


def _notes(record: Record) -> str:
    return " ".join((getattr(record, "notes", None) or "").split())


def _columns(*specs: tuple[str, str]) -> list[Column]:
    return [Column(_(header), kind) for header, kind in specs]


def _placements(entries: list[Entry[Placement]], as_of: dt.date) -> Sheet:
    columns = _columns(
        (N_("From"), DATE),
        (N_("To"), DATE),
        (N_("Placement"), TEXT),
        (N_("Unit"), TEXT),
        (N_("Kind"), TEXT),
        (N_("BT part"), TEXT),
        (N_("Extent (%)"), INTEGER),
        (N_("Full-time months"), NUMBER),
        (N_("Handledare"), TEXT),
        (N_("Status"), TEXT),
        (N_("Delmål"), TEXT),
        (N_("Intyg"), TEXT),
        (N_("Notes"), TEXT),
    )
    sheet = Sheet("tjanstgoringar", "", columns)
    for entry in by_date(list(entries)):
        r = entry.record
        assert isinstance(r, Placement)
        months = round(months_between(r.start, r.end) * r.extent / 100, 1)
        sheet.rows.append(
            [
                r.start,
                r.end,
                r.title or r.unit,
                r.unit,
                r.kind,
                value(r.bt) if r.bt else "",
                r.extent,
                months,
                r.supervisor.name if r.supervisor else "",
                row_status(status_word(entry, as_of)),
                _goals(r),
                intyg_text(r),
                _notes(r),
            ]
        )
    return sheet


def _courses(entries: list[Entry[Course]], as_of: dt.date) -> Sheet:
    columns = _columns(
        (N_("From"), DATE),
        (N_("To"), DATE),
        (N_("Course"), TEXT),
        (N_("Provider"), TEXT),
        (N_("Cost (kr)"), INTEGER),
        (N_("Status"), TEXT),
        (N_("Delmål"), TEXT),
        (N_("Intyg"), TEXT),
        (N_("Notes"), TEXT),
    )
    sheet = Sheet("kurser", "", columns)
    for entry in by_date(list(entries)):
        r = entry.record
        assert isinstance(r, Course)
        cost = int(r.cost) if r.cost is not None and r.cost == int(r.cost) else r.cost
        status = row_status(status_word(entry, as_of))
        sheet.rows.append([r.start, r.end or r.start, r.title, r.provider or "", cost, status, _goals(r)])
        sheet.rows[-1] += [intyg_text(r), _notes(r)]
    return sheet


def _assessments(entries: list[Entry[Assessment]], as_of: dt.date) -> Sheet:
    columns = _columns(
        (N_("Date"), DATE),
        (N_("Instrument"), TEXT),
        (N_("What"), TEXT),
        (N_("Assessor"), TEXT),
        (N_("Setting"), TEXT),
        (N_("Feedback"), TEXT),
        (N_("Delmål"), TEXT),
        (N_("Status"), TEXT),
    )
    sheet = Sheet("bedomningar", "", columns)
    for entry in by_date(list(entries)):
        r = entry.record
        assert isinstance(r, Assessment)
        assessor = r.assessor.name if r.assessor else ""
        sheet.rows.append([r.date, value(r.instrument), r.title or "", assessor, r.setting or "", r.feedback or ""])
        sheet.rows[-1] += [_goals(r), row_status(status_word(entry, as_of))]
    return sheet


def _meetings(key: str, entries: list[Entry[Meeting]], kind: bool) -> Sheet:
    specs = [(N_("Date"), DATE)] + ([(N_("Kind"), TEXT), (N_("Minutes"), INTEGER)] if kind else [])
    specs += [(N_("Participants"), TEXT), (N_("Topics"), TEXT), (N_("Agreed"), TEXT)]
    specs += [(N_("Delmål"), TEXT)] if kind else []
    sheet = Sheet(key, "", _columns(*specs, (N_("Notes"), TEXT)))
    for entry in by_date(list(entries)):
        r = entry.record
        assert isinstance(r, Meeting)
        row: list[Value] = [r.date] + ([r.kind, r.duration_minutes] if kind else [])
        row += [", ".join(r.participants), _list(r.topics), _list(r.actions)]
        row += [_goals(r)] if kind else []
        sheet.rows.append([*row, _notes(r)])
    return sheet


def _research(entries: list[Entry[Activity]], as_of: dt.date) -> Sheet:
    columns = _columns(
        (N_("From"), DATE),
        (N_("To"), DATE),
        (N_("Kind"), TEXT),
        (N_("Title"), TEXT),
        (N_("Hours"), NUMBER),
        (N_("Handledare"), TEXT),
        (N_("Status"), TEXT),
        (N_("Delmål"), TEXT),
        (N_("Intyg"), TEXT),
        (N_("Notes"), TEXT),
    )
    sheet = Sheet("forskning", "", columns)
    for entry in by_date(list(entries)):
        r = entry.record
        assert isinstance(r, Activity)
        who = r.supervisor.name if r.supervisor else ""
        sheet.rows.append([r.start, r.end or r.start, value(r.kind), r.title, r.hours, who])
        sheet.rows[-1] += [row_status(status_word(entry, as_of)), _goals(r), intyg_text(r), _notes(r)]
    return sheet


def _delmal(goals: _Goals) -> Sheet:
    columns = _columns(
        (N_("Delmål"), TEXT),
        (N_("Title"), TEXT),
        (N_("Group"), TEXT),
        (N_("Status"), TEXT),
        (N_("Done records"), INTEGER),
        (N_("Planned records"), INTEGER),
        (N_("Done"), TEXT),
        (N_("Planned or ongoing"), TEXT),
        (N_("What remains"), TEXT),
        (N_("Verified"), TEXT),
    )
    sheet = Sheet("delmal", "", columns)
    for facts in goals.facts:
        row = goals.row(facts)
        verified = _("yes") if row.verified else _("no")
        sheet.rows.append([row.id, row.title, row.group, row.status, row.done, row.planned, row.done_summary])
        sheet.rows[-1] += [row.planned_summary, row.missing, verified]
    return sheet


def _overview(result: CheckResult, goals: _Goals) -> Sheet:
    ctx = goals.ctx
    profile = ctx.portfolio.profile
    assert profile is not None and ctx.service is not None and ctx.catalogue is not None
    minimum = ctx.catalogue.meta.time_rules.minimum_months
    names = {spec.id: spec.name for spec in ctx.goals.specialties.values()}
    rows: list[list[Value]] = [
        [_("ST-läkare"), profile.trainee.name],
        [_("Specialty"), names.get(profile.specialty, profile.specialty)],
        [_("Regulation"), profile.regulation],
        [_("ST start"), profile.st_start],
        [_("BT start"), profile.bt.start if profile.bt else None],
        [_("BT end"), profile.bt.end if profile.bt else None],
        [_("Clinic"), profile.clinic or ""],
        [_("Huvudhandledare"), profile.supervisor.name if profile.supervisor else ""],
        [_("Studierektor"), profile.studierektor.name if profile.studierektor else ""],
        [_("As of"), ctx.as_of],
        [_("ST time served (months)"), round(ctx.service.served, 1)],
        [_("ST time required (months)"), minimum],
        [_("Earliest possible end"), ctx.service.projected_completion(minimum)],
    ]
    box = attention(result.findings, ctx, goals.facts, norm_rows(ctx, None))
    items = box.items or [_("Nothing to follow up.")]
    rows += [[_("To follow up") if i == 0 else "", item] for i, item in enumerate(items)]
    columns = [Column(_("Field")), Column(_("Value"))]
    return Sheet("oversikt", "", columns, [r for r in rows if r[1] is not None])


def iup_workbook(result: CheckResult) -> Book:
    """The IUP's workbook: overview, service periods, delmål, courses, assessments, supervision,
    research and quality work, revisions."""
    ctx = result.context
    assert ctx is not None and ctx.portfolio.profile is not None
    goals = _Goals(ctx)
    meetings = ctx.portfolio.meetings
    research = [e for e in ctx.portfolio.activities if e.record.kind in ("vetenskapligt arbete", "kvalitetsarbete")]
    sheets = [
        _overview(result, goals),
        _placements(ctx.portfolio.placements, ctx.as_of),
        _delmal(goals),
        _courses(ctx.portfolio.courses, ctx.as_of),
        _assessments(ctx.portfolio.assessments, ctx.as_of),
        _meetings("handledning", [m for m in meetings if m.record.kind != "IUP-revision"], kind=True),
        _research(research, ctx.as_of),
        _meetings("revisioner", [m for m in meetings if m.record.kind == "IUP-revision"], kind=False),
    ]
    titles = dict(SHEETS)
    for sheet in sheets:
        sheet.title = _(titles[sheet.key])[:31]
    title = _("Individuellt utbildningsprogram (IUP)")
    return Book(title, ctx.portfolio.profile.trainee.name, ctx.as_of, sheets)


# --- writing ---------------------------------------------------------------------------------


def _text(cell: Value) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def widths(sheet: Sheet) -> list[int]:
    """Column widths in characters: the longest cell or header, between 6 and 60 (then wrapped)."""
    found = []
    for i, column in enumerate(sheet.columns):
        longest = max([len(column.header)] + [len(_text(row[i])) for row in sheet.rows])
        found.append(max(6, min(60, longest + 2)) if column.kind == TEXT else max(10, len(column.header) + 2))
    return found


def to_xlsx(book: Book) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    created = dt.datetime(book.created.year, book.created.month, book.created.day)
    workbook.set_properties({"title": book.title, "author": book.author, "created": created})
    header = workbook.add_format({"bold": True, "bg_color": "#F2F5F9", "bottom": 1, "text_wrap": True})
    formats = {
        DATE: workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"}),
        NUMBER: workbook.add_format({"num_format": "0.0", "valign": "top"}),
        INTEGER: workbook.add_format({"num_format": "0", "valign": "top"}),
        TEXT: workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    for sheet in book.sheets:
        worksheet = workbook.add_worksheet(sheet.title)
        for col, (column, width) in enumerate(zip(sheet.columns, widths(sheet), strict=True)):
            worksheet.set_column(col, col, width, formats[column.kind])
            worksheet.write_string(0, col, column.header, header)
        for row_number, row in enumerate(sheet.rows, start=1):
            for col, cell in enumerate(row):
                kind = sheet.columns[col].kind
                if kind == TEXT and isinstance(cell, dt.date):  # a date in a column of mixed values
                    kind = DATE
                _write(worksheet, row_number, col, cell, formats[kind])
        worksheet.freeze_panes(1, 0)
        if sheet.rows:
            worksheet.autofilter(0, 0, len(sheet.rows), len(sheet.columns) - 1)
    workbook.close()
    return buffer.getvalue()


def _write(worksheet: Any, row: int, col: int, cell: Value, fmt: Any) -> None:
    """A real date, a real number, or text: never a number stored as text."""
    if cell is None or cell == "":
        worksheet.write_blank(row, col, None, fmt)
    elif isinstance(cell, dt.date):
        worksheet.write_datetime(row, col, dt.datetime(cell.year, cell.month, cell.day), fmt)
    elif isinstance(cell, int | float):
        worksheet.write_number(row, col, cell, fmt)
    else:
        worksheet.write_string(row, col, cell, fmt)


def to_csv(book: Book, key: str | None) -> str:
    """One sheet as CSV (default: the delmål); a key that is no sheet lists the sheets."""
    chosen = key or "delmal"
    sheet = next((s for s in book.sheets if s.key == chosen), None)
    if sheet is None:
        raise StfolioError(
            _("{key!r} is not a sheet of the IUP").format(key=chosen),
            hint=_("use --sheet with one of: {keys}").format(keys=", ".join(k for k, _name in SHEETS)),
            exit_code=USAGE,
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in sheet.columns])
    writer.writerows([[_text(cell) for cell in row] for row in sheet.rows])
    return buffer.getvalue()
