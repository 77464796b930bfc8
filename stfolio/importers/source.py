"""What every import source shares: the file read safely, its problems as located findings, the
items it holds, and the values each source writes its own way (dates, percentages, delmål, text).

A source is never trusted: every value is checked for its type and form, and every text that
would go into the portfolio is scanned for personnummer and samordningsnummer with the privacy
rule's own scanner, so that an identifier in a backup can never reach a portfolio. Values are
quoted in messages only masked (``safe``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stfolio.findings import Finding, Location, make
from stfolio.i18n import _
from stfolio.model import EARLIEST_DATE, LATEST_DATE
from stfolio.rules.privacy import find_identifiers

MAX_SOURCE_BYTES = 20 * 1024 * 1024
SHOWN_CHARS = 60


@dataclass(frozen=True)
class Where:
    """A place in the source: a JSON path (``placements[3].startDate``) or a CSV row and column.

    ``line`` and ``column`` are 1-based when the source knows them (CSV), else 0 (JSON).
    """

    path: str
    line: int = 0
    column: int = 0

    def child(self, name: str) -> Where:
        """A key inside a JSON object: ``placements[3]`` -> ``placements[3].startDate``."""
        return Where(f"{self.path}.{name}" if self.path else name, self.line, self.column)

    def order(self) -> tuple[int, int, int, tuple[str | int, ...]]:
        """Sorts as the source reads: by line and column (CSV), else by the backup's parts in their
        order and then by path, counting (placements[2] before placements[10])."""
        top = re.match(r"[A-Za-z]*", self.path)
        rank = _PARTS.index(top.group()) if top and top.group() in _PARTS else len(_PARTS)
        parts = re.split(r"(\d+)", self.path)
        return (self.line, self.column, rank, tuple(int(p) if p.isdigit() else p for p in parts))


# The parts of an ST-ARK backup, in the order findings about them are listed.
_PARTS = ("", "schemaVersion", "app", "exportedAt", "profile", "placements", "courses", "achievements")


@dataclass
class Problems:
    """The findings about one source file, each at its place in it."""

    source: str  # the file as the user named it, shown before each finding
    _found: list[tuple[tuple[int, int, int, tuple[str | int, ...]], int, Finding]] = field(default_factory=list)

    def add(self, code: str, where: Where, message: str, hint: str = "") -> str:
        """Record a finding; returns its message, which doubles as the reason an item is left out."""
        finding = make(code, Location(self.source, where.line, where.column), message, hint)
        self._found.append((where.order(), len(self._found), finding))
        return message

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in the order of the places in the source they point at."""
        return [finding for _order, _n, finding in sorted(self._found, key=lambda found: found[:2])]


@dataclass
class Item:
    """One record an import would write: its fields for the model, and where they came from."""

    where: Where  # the item itself: placements[3], or a row
    kind: str  # the record kind: 'placement' or 'course'
    label: str  # what a person knows it by: the clinic, the course title
    fields: dict[str, Any] = field(default_factory=dict)
    delmal: list[tuple[str, Where]] = field(default_factory=list)  # ids to check against the catalogue
    signer: tuple[str, str] | None = None  # (name, role) of who should sign its intyg, if the source says
    reasons: list[str] = field(default_factory=list)  # why it cannot be imported; empty when it can
    key: str | None = None  # the source's own id (ST-ARK links achievements by it)


@dataclass(frozen=True)
class Skipped:
    """Something in the source that is not imported, and why."""

    where: Where
    label: str
    reasons: tuple[str, ...]


@dataclass
class ProfileHints:
    """What the source says about the trainee, for a new portfolio's profile."""

    name: str | None = None
    specialty: str | None = None
    st_start: dt.date | None = None
    regulation: str | None = None
    clinic: str | None = None


@dataclass
class SourceRead:
    """A source as read: its items, what was left out, its problems, and the profile it suggests."""

    path: Path
    problems: Problems
    format: str  # 'st-ark' or 'csv'
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    profile: ProfileHints = field(default_factory=ProfileHints)
    readable: bool = True  # False: the file could not be read at all, so nothing is imported

    @property
    def findings(self) -> list[Finding]:
        return self.problems.findings


def read_source_bytes(path: Path, problems: Problems) -> bytes | None:
    """The file's bytes, or None with a finding saying why they could not be read."""
    where = Where("")
    try:
        if not path.is_file():
            problems.add("STF930", where, _("no such file"), _("give the path of the file to import"))
            return None
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        problems.add("STF930", where, _("cannot read the file: {reason}").format(reason=exc.strerror or exc))
        return None
    if len(raw) > MAX_SOURCE_BYTES:
        problems.add("STF930", where, _("the file is larger than 20 MiB; an import source is far smaller"))
        return None
    if not raw.strip():
        problems.add("STF930", where, _("the file is empty"))
        return None
    return raw


def literal(value: object) -> str:
    """A value as JSON writes it (``"100"``, ``100``, ``[1, 2]``), masked and cut short."""
    return safe(json.dumps(value, ensure_ascii=False, default=str))


def safe(value: object) -> str:
    """A value as a message may quote it: personnummer masked, long text cut short."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    for match in reversed(find_identifiers(text)):
        text = text[: match.start] + match.masked + text[match.end :]
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def clean_text(value: str, where: Where, problems: Problems) -> str | None:
    """``value`` if it holds no personnummer or samordningsnummer; else None, with an error."""
    found = find_identifiers(value)
    if not found:
        return value
    match = found[0]
    problems.add(
        "STF940",
        where,
        _("{where}: holds the {kind} {masked}, which must never be in a portfolio").format(
            where=where.path, kind=match.kind, masked=match.masked
        ),
        _(
            "remove it from the source (and from the app it came from) and import again; "
            "describe patients without identifiers"
        ),
    )
    return None


_TIME_PART = re.compile(r"[T ]\d{2}:\d{2}")


def read_date(text: str, today: dt.date) -> dt.date | None:
    """A date written ``YYYY-MM-DD``, ``ååmmdd``, ``ååååmmdd`` or as an ISO date and time; else None.

    A date and time with a UTC offset (``2024-01-14T23:00:00Z``, as browsers write midnight in
    Sweden) is read as the day it was in Sweden. Six digits (``ååmmdd``) belong to this century
    unless that would lie more than ten years ahead.
    """
    text = text.strip()
    if re.fullmatch(r"\d{6}", text):
        year = 2000 + int(text[:2])
        if year > today.year + 10:
            year -= 100
        text = f"{year}-{text[2:4]}-{text[4:]}"
    elif re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        if _TIME_PART.search(text):
            moment = dt.datetime.fromisoformat(text)
            if moment.tzinfo is not None:
                moment = moment.astimezone(_swedish_time())
            return moment.date()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return None
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _swedish_time() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Stockholm")
    except Exception:  # no time-zone database (Windows without tzdata): Swedish winter time
        return dt.timezone(dt.timedelta(hours=1))


def date_problem(text: str, day: dt.date | None, where: Where, problems: Problems) -> str | None:
    """An error for a value that is not a date or lies outside the years records may have."""
    if day is None:
        return problems.add(
            "STF936",
            where,
            _("{where}: '{value}' is not a date").format(where=where.path, value=safe(text)),
            _("write dates as YYYY-MM-DD (2024-03-04) or ååmmdd (240304)"),
        )
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return problems.add(
            "STF936",
            where,
            _("{where}: {value} is outside the years {earliest}–{latest}").format(
                where=where.path, value=day.isoformat(), earliest=EARLIEST_DATE.year, latest=LATEST_DATE.year
            ),
            _("check the year"),
        )
    return None


def read_percent(value: object) -> tuple[float | None, bool]:
    """A percentage from a number or text (``75``, ``75 %``, ``62,5``); (None, False) if it is none.

    The second value says whether it was rounded to a whole percent.
    """
    if isinstance(value, bool):
        return None, False
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None, False
    if not isinstance(value, int | float) or value != value:  # NaN is not a number here
        return None, False
    whole = math.floor(value + 0.5)  # half up, as people round: 62.5 % is 63 %
    return float(whole), whole != value


def read_amount(text: str) -> float | None:
    """An amount in kronor as Swedish spreadsheets write it: ``14 500``, ``1 200,50 kr``, ``4500``."""
    cleaned = text.strip().lower().removesuffix("kr").removesuffix("sek").strip()
    cleaned = cleaned.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return None
    return float(cleaned)


def split_delmal(text: str) -> list[str]:
    """``'STa1, STc3;BT4'`` -> ``['STa1', 'STc3', 'BT4']``: commas, semicolons or spaces between ids."""
    return [part for part in re.split(r"[,;\s]+", text.strip()) if part]
