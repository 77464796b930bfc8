"""CSV: placements and courses kept in a spreadsheet, one row each, read into items.

The first row names the columns, in Swedish or English (``COLUMNS``; case, accents, ``-`` and
``_`` do not matter); unknown columns are named as ignored. Excel in Sweden saves CSV with ``;``
between the cells and in Windows-1252 unless told otherwise, so the separator (``;``, ``,`` or a
tab) is taken from the header row and the encoding from the bytes: UTF-8 with or without a
byte-order mark, UTF-16 (Excel's "Unicode text"), else Windows-1252. Dates are ``YYYY-MM-DD``,
``ååmmdd`` or ``ååååmmdd``; the extent is a percentage; delmål ids are separated by commas.

The cells are split by a small reader of its own (RFC 4180, as the ``csv`` module reads it) so
that every cell keeps its line and column, and a finding can point at it. A row is imported
whole or not at all. The columns are documented in ``docs/import.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stfolio.i18n import _
from stfolio.importers.source import (
    Item,
    Problems,
    SourceRead,
    Where,
    clean_text,
    date_problem,
    read_amount,
    read_date,
    read_percent,
    read_source_bytes,
    safe,
    split_delmal,
)
from stfolio.text import did_you_mean, fold
from stfolio.vocabulary import BtCategory, choices

# field -> the column headers that name it, folded (see stfolio.text.fold).
COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("typ", "kind", "type", "slag"),
    "unit": ("enhet", "unit", "klinik", "clinic", "tjanstgoringsstalle", "arbetsplats", "workplace"),
    "title": ("titel", "title", "kursnamn", "namn", "name", "benamning"),
    "start": ("start", "startdatum", "start date", "fran", "from", "fom", "fran och med"),
    "end": ("slut", "end", "slutdatum", "end date", "till", "to", "tom", "till och med"),
    "extent": ("omfattning", "extent", "sysselsattningsgrad", "tjanstgoringsgrad", "procent", "percent"),
    "delmal": ("delmal", "goals", "goal ids"),
    "bt": ("bt", "bt kategori", "bt category"),
    "supervisor": ("handledare", "supervisor"),
    "provider": ("arrangor", "kursarrangor", "kursgivare", "provider", "organiser", "organizer"),
    "cost": ("kostnad", "avgift", "kursavgift", "cost", "fee"),
    "status": ("status",),
    "notes": ("anteckningar", "anteckning", "kommentar", "kommentarer", "notes", "note", "comment", "comments"),
}
_HEADER_FIELD = {header: name for name, headers in COLUMNS.items() for header in headers}

# What a `typ` cell may say (folded) -> (record kind, placement kind).
KIND_VALUES: dict[str, tuple[str, str | None]] = {
    "placering": ("placement", "klinisk tjänstgöring"),
    "placement": ("placement", "klinisk tjänstgöring"),
    "randning": ("placement", "klinisk tjänstgöring"),
    "tjanstgoring": ("placement", "klinisk tjänstgöring"),
    "klinisk tjanstgoring": ("placement", "klinisk tjänstgöring"),
    "sidotjanstgoring": ("placement", "sidotjänstgöring"),
    "auskultation": ("placement", "auskultation"),
    "kurs": ("course", None),
    "course": ("course", None),
}
STATUS_VALUES = {
    "genomford": "done",
    "genomfort": "done",
    "klar": "done",
    "gjord": "done",
    "done": "done",
    "planerad": "planned",
    "planerat": "planned",
    "plan": "planned",
    "planned": "planned",
}
PLACEMENT_ONLY = ("unit", "extent", "bt", "supervisor")
COURSE_ONLY = ("provider", "cost")
SEPARATORS = (";", ",", "\t")  # in this order when the header row has as many of each


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    column: int


class UnclosedQuote(ValueError):
    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"unclosed quote at {line}:{column}")
        self.line, self.column = line, column


def split_cells(text: str, separator: str) -> list[list[Cell]]:
    """The rows of a CSV text, each cell with the line and column where it starts.

    Reads as Python's ``csv`` module does with its default dialect: a cell in double quotes may
    hold the separator, line breaks and doubled quotes (``""``). Raises UnclosedQuote.
    """
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    buffer: list[str] = []
    line, column = 1, 1
    start = (1, 1)
    quoted_from: tuple[int, int] | None = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if quoted_from is not None:
            if char == '"' and text[i + 1 : i + 2] == '"':
                buffer.append('"')
                i, column = i + 2, column + 2
                continue
            if char == '"':
                quoted_from = None
            else:
                buffer.append(char)
            line, column = (line + 1, 1) if char == "\n" else (line, column + 1)
            i += 1
            continue
        if char == '"' and not buffer and (line, column) == start:
            quoted_from = (line, column)
        elif char == separator:
            row.append(Cell("".join(buffer), *start))
            buffer, start = [], (line, column + 1)
        elif char in "\r\n":
            row.append(Cell("".join(buffer), *start))
            rows.append(row)
            row, buffer = [], []
            if char == "\r" and text[i + 1 : i + 2] == "\n":
                i += 1
            line, column = line + 1, 0
            start = (line, 1)
        else:
            buffer.append(char)
        i, column = i + 1, column + 1
    if quoted_from is not None:
        raise UnclosedQuote(*quoted_from)
    if buffer or row or (line, column) != start:
        row.append(Cell("".join(buffer), *start))
        rows.append(row)
    return rows


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a spreadsheet's CSV and the encoding it was read in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "windows-1252"


def separator_of(text: str) -> str:
    """The separator the header row uses most (outside quotes): ``;``, ``,`` or a tab."""
    header, quoted = [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif not quoted:
            header.append(char)
    counts = {separator: header.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheet(path: Path, display: str, today: dt.date) -> SourceRead:
    """Read a CSV of placements and courses into items; every problem is a finding at its cell."""
    problems = Problems(display)
    read = SourceRead(path, problems, "csv")
    raw = read_source_bytes(path, problems)
    if raw is None:
        read.readable = False
        return read
    text, encoding = decode(raw)
    if encoding == "windows-1252":
        problems.add(
            "STF945",
            Where("", 1, 1),
            _("the file is not UTF-8; read as Windows-1252, as Excel saves CSV in Sweden"),
            _("if å, ä and ö look wrong, save the sheet as 'CSV UTF-8' and import that"),
        )
    try:
        rows = [row for row in split_cells(text, separator_of(text)) if any(cell.text.strip() for cell in row)]
    except UnclosedQuote as exc:
        problems.add(
            "STF931",
            Where("", exc.line, exc.column),
            _("a quote opened here is never closed, so the rest of the file is one cell"),
            _("close the quote, or save the sheet again from the spreadsheet program"),
        )
        read.readable = False
        return read
    if not rows:
        problems.add("STF930", Where("", 1, 1), _("the file has no rows"))
        read.readable = False
        return read
    sheet = _Sheet(read, rows[0], today)
    if not sheet.readable:
        read.readable = False
        return read
    for number, row in enumerate(rows[1:], start=2):
        sheet.row(number, row)
    return read


class _Sheet:
    """The header of a sheet (which column is which field), and the reading of its rows."""

    def __init__(self, read: SourceRead, header: list[Cell], today: dt.date) -> None:
        self.read = read
        self.problems = read.problems
        self.today = today
        self.columns: dict[str, int] = {}
        self.headers = [cell.text.strip() for cell in header]
        ignored = []
        for index, cell in enumerate(header):
            name = _HEADER_FIELD.get(fold(cell.text))
            if name is None or name in self.columns:
                ignored.append(f"{column_letter(index)} '{safe(cell.text.strip())}'")
            else:
                self.columns[name] = index
        if ignored:
            self.problems.add(
                "STF942",
                Where("", header[0].line, header[0].column),
                _("columns stfolio does not read, ignored: {columns}").format(columns=", ".join(ignored)),
                _("the columns stfolio reads are listed in docs/import.md"),
            )
        self.readable = "start" in self.columns and bool({"unit", "title"} & set(self.columns))
        if not self.readable:
            self.problems.add(
                "STF934",
                Where("", header[0].line, header[0].column),
                _("the first row must name the columns, with at least start and enhet (or titel for courses)"),
                _("for example: typ;enhet;titel;start;slut;omfattning;delmål"),
            )

    def _where(self, number: int, row: list[Cell], name: str) -> Where:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            first = row[0]
            return Where(_("row {row}").format(row=number), first.line, first.column)
        cell = row[index]
        label = _("row {row}, column {letter} ({header})").format(
            row=number, letter=column_letter(index), header=safe(self.headers[index])
        )
        return Where(label, cell.line, cell.column)

    def row(self, number: int, row: list[Cell]) -> None:
        cells = {name: row[index].text.strip() if index < len(row) else "" for name, index in self.columns.items()}
        here = self._where(number, row, "kind")
        kind, placement_kind = self._kind(cells.get("kind", ""), cells, here)
        label = safe(cells.get("unit") or cells.get("title") or _("row {row}").format(row=number))
        item = Item(Where(_("row {row}").format(row=number), row[0].line, row[0].column), kind or "placement", label)
        self.read.items.append(item)
        if kind is None:
            item.reasons.append(_("{where}: neither a placement nor a course").format(where=here.path))
            return
        values = _RowValues(self, number, row, cells, item)
        if kind == "placement":
            values.placement(placement_kind)
        else:
            values.course()
        values.common()

    def _kind(self, text: str, cells: dict[str, str], where: Where) -> tuple[str | None, str | None]:
        if not text:
            if cells.get("unit"):
                return "placement", "klinisk tjänstgöring"
            if cells.get("title"):
                return "course", None
            self.problems.add(
                "STF934",
                where,
                _("{where}: neither enhet nor titel is given, so the row is neither a placement nor a course").format(
                    where=where.path
                ),
            )
            return None, None
        found = KIND_VALUES.get(fold(text))
        if found is None:
            self.problems.add(
                "STF937",
                where,
                _("{where}: '{value}' is not a kind stfolio imports").format(where=where.path, value=safe(text)),
                did_you_mean(text, ["placering", "sidotjänstgöring", "auskultation", "kurs"])
                or _("write placering, sidotjänstgöring, auskultation or kurs"),
            )
            return None, None
        return found


class _RowValues:
    """One row's cells read into the fields of its item; each problem an error at its cell."""

    def __init__(self, sheet: _Sheet, number: int, row: list[Cell], cells: dict[str, str], item: Item) -> None:
        self.sheet, self.number, self.row, self.cells, self.item = sheet, number, row, cells, item
        self.problems = sheet.problems

    def where(self, name: str) -> Where:
        return self.sheet._where(self.number, self.row, name)

    def fail(self, code: str, name: str, message: str, hint: str = "") -> None:
        self.item.reasons.append(self.problems.add(code, self.where(name), message, hint))

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.cells.get(name, "")
        if not value:
            if required:
                self.missing(name)
            return None
        text = clean_text(value, self.where(name), self.problems)
        if text is None:
            self.item.reasons.append(_("{where}: holds a personnummer").format(where=self.where(name).path))
        return text

    def date(self, name: str, required: bool) -> dt.date | None:
        value = self.cells.get(name, "")
        if not value:
            if required:
                self.missing(name)
            return None
        day = read_date(value, self.sheet.today)
        problem = date_problem(value, day, self.where(name), self.problems)
        if problem is not None:
            self.item.reasons.append(problem)
            return None
        return day

    def missing(self, name: str) -> None:
        where = self.where(name).path
        if name in self.sheet.columns:
            message = _("{where}: empty; the row cannot be imported without it")
        elif name == "unit":
            message = _("{where}: a placement needs an enhet (unit) column, and the sheet has none")
        elif name == "title":
            message = _("{where}: a course needs a titel (title) column, and the sheet has none")
        else:
            message = _("{where}: a placement needs a slut (end) column, and the sheet has none")
        self.fail("STF934", name, message.format(where=where))

    def placement(self, placement_kind: str | None) -> None:
        self.ignore(COURSE_ONLY, "course")
        supervisor = self.text("supervisor")
        self.item.fields.update(
            unit=self.text("unit", required=True),
            title=self.text("title"),
            kind=placement_kind,
            start=self.date("start", True),
            end=self.date("end", True),
            extent=self.extent(),
            bt=self.bt(),
            supervisor={"name": supervisor} if supervisor else None,
        )
        if supervisor:
            self.item.signer = (supervisor, "handledare")

    def course(self) -> None:
        self.ignore(PLACEMENT_ONLY, "placement")
        self.item.fields.update(
            title=self.text("title", required=True),
            start=self.date("start", True),
            end=self.date("end", False),
            provider=self.text("provider"),
            cost=self.cost(),
        )

    def common(self) -> None:
        start, end = self.item.fields.get("start"), self.item.fields.get("end")
        if start is not None and end is not None and end < start:
            where = self.where("end")
            self.fail(
                "STF937",
                "end",
                _("{where}: {end} is before the start {start}").format(where=where.path, end=end, start=start),
            )
        self.item.fields["notes"] = self.text("notes")
        self.item.fields["status"] = self.status()
        if self.cells.get("delmal"):
            self.item.delmal = [(goal, self.where("delmal")) for goal in split_delmal(self.cells["delmal"])]

    def ignore(self, names: tuple[str, ...], other: str) -> None:
        for name in names:
            if self.cells.get(name):
                where = self.where(name)
                message = (
                    _("{where}: only a placement has this; ignored for a course")
                    if other == "placement"
                    else _("{where}: only a course has this; ignored for a placement")
                )
                self.problems.add("STF942", where, message.format(where=where.path))

    def extent(self) -> int | None:
        value = self.cells.get("extent", "")
        if not value:
            return None  # the model's default: full time
        percent, rounded = read_percent(value)
        where = self.where("extent")
        if percent is None or not 1 <= percent <= 100:
            self.fail(
                "STF937",
                "extent",
                _("{where}: '{value}' is not a percentage of full time between 1 and 100").format(
                    where=where.path, value=safe(value)
                ),
                _("write the extent in percent, e.g. 75"),
            )
            return None
        if rounded:
            self.problems.add(
                "STF944",
                where,
                _("{where}: {value} % imported as {rounded} %: stfolio counts whole percent").format(
                    where=where.path, value=safe(value), rounded=int(percent)
                ),
            )
        return int(percent)

    def bt(self) -> str | None:
        value = self.cells.get("bt", "")
        if not value:
            return None
        allowed = choices(BtCategory)
        for candidate in allowed:
            if fold(candidate) == fold(value):
                return candidate
        where = self.where("bt")
        self.fail(
            "STF937",
            "bt",
            _("{where}: '{value}' is not a BT category").format(where=where.path, value=safe(value)),
            did_you_mean(value, allowed) or _("write akut, primärvård or annan, or leave it empty for ST"),
        )
        return None

    def cost(self) -> float | None:
        value = self.cells.get("cost", "")
        if not value:
            return None
        amount = read_amount(value)
        if amount is None:
            where = self.where("cost")
            self.fail(
                "STF937",
                "cost",
                _("{where}: '{value}' is not an amount in kronor").format(where=where.path, value=safe(value)),
                _("write the amount in digits, e.g. 4500 or 4 500"),
            )
        return amount

    def status(self) -> str | None:
        value = self.cells.get("status", "")
        if not value:
            start = self.item.fields.get("start")
            return "planned" if isinstance(start, dt.date) and start > self.sheet.today else None
        status = STATUS_VALUES.get(fold(value))
        if status is None:
            where = self.where("status")
            self.fail(
                "STF937",
                "status",
                _("{where}: '{value}' is neither done nor planned").format(where=where.path, value=safe(value)),
                _("write genomförd or planerad (done or planned)"),
            )
        return status
