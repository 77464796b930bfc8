"""Service time: how much ST (and BT) service the records show, computed once per run.

The arithmetic, documented in ``docs/rules.md``:

- Every day from ST start gets a service level: the sum of the sysselsättningsgrad
  (``extent``/100) of the clinical placements (klinisk tjänstgöring, sidotjänstgöring) covering
  it; auskultationer take place within employment and add no time. Days where placements sum
  to more than 100 % are an error (the day still counts as 100 %).
- Leave reduces the day's level by its own extent (``extent``/100), never below zero; leave
  on a day with no placement changes nothing.
- A day counts as its level divided by the number of days in its calendar month, so a full
  calendar month at 100 % is exactly 1.0 month, in February and in leap years alike.
- Only ``done`` records up to the as-of date count as served; ``done`` placements that run past
  the as-of date and ``planned`` ones count toward the plan and the projected completion.
- The projection assumes full-time service after the last known day and the as-of date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from stfolio.catalogue import BtRules
from stfolio.loader import Entry, Portfolio
from stfolio.model import Placement

ONE_DAY = dt.timedelta(days=1)
PRECISION = 6  # decimals of a month kept in totals (a day is at least 1/31 = 0.032)
COUNTED_KINDS = ("klinisk tjänstgöring", "sidotjänstgöring")


def month_share(day: dt.date) -> float:
    return 1.0 / calendar.monthrange(day.year, day.month)[1]


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` inclusive, by the month-share rule."""
    return sum(month_share(day) for day in days(start, end))


def expected_count(expected: float) -> int:
    """The whole number a norm expects for a part of its period, rounded down.

    A part of a period is a sum of day fractions (six months come out as 5.999…), so the figure
    is rounded to the millionth first: 2 a year over six months expects 1, not 0.
    """
    return math.floor(round(expected, 6))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Overlap:
    day: dt.date
    last_day: dt.date
    level: float
    entries: tuple[Entry[Placement], ...]


@dataclass
class Service:
    """Service months computed from the records, for one as-of date."""

    as_of: dt.date
    start: dt.date
    served: float = 0.0  # FTE months served up to as_of (done records only)
    planned: float = 0.0  # FTE months still to come from done-but-ongoing and planned placements
    leave: float = 0.0  # FTE months of leave deducted up to as_of
    bt_served: dict[str, float] = field(default_factory=dict)  # BT category -> months served
    bt_units: set[str] = field(default_factory=set)
    bt_first_day: dt.date | None = None
    bt_last_day: dt.date | None = None  # last served BT day
    last_known_day: dt.date | None = None
    daily: dict[dt.date, float] = field(default_factory=dict)  # served and planned level per day
    overlaps: list[Overlap] = field(default_factory=list)

    @property
    def bt_total(self) -> float:
        return round(sum(self.bt_served.values()), PRECISION)

    def projected_completion(self, minimum_months: float) -> dt.date | None:
        """The earliest day the minimum is reached: records and plan first, then full time."""
        total = 0.0
        day = self.start
        horizon = self.start + dt.timedelta(days=366 * 40)
        # Past days without a record were not served; full time is assumed only from the day
        # after both the last record and the as-of date.
        assumed_from = max(self.last_known_day or self.as_of, self.as_of)
        while day < horizon:
            level = self.daily.get(day)
            if level is None:
                level = 1.0 if day > assumed_from else 0.0
            total += level * month_share(day)
            if round(total, PRECISION) >= minimum_months:
                return day
            day += ONE_DAY
        return None


def counted_placements(portfolio: Portfolio) -> list[Entry[Placement]]:
    """The placements that count as service (auskultationer add no time)."""
    return [e for e in portfolio.placements if e.record.kind in COUNTED_KINDS]


def compute_service(portfolio: Portfolio, st_start: dt.date, as_of: dt.date) -> Service:
    """Walk the days of every placement and leave once; all figures come from that walk."""
    service = Service(as_of=as_of, start=st_start)
    level: dict[dt.date, float] = {}
    who: dict[dt.date, list[Entry[Placement]]] = {}
    bt_category: dict[dt.date, str] = {}
    counted = counted_placements(portfolio)
    for entry in counted:
        record = entry.record
        # A planned placement's past days did not happen: they count neither as served nor as plan.
        first = max(record.start, st_start)
        if record.status == "planned":
            first = max(first, as_of + ONE_DAY)
        for day in days(first, record.end):
            level[day] = level.get(day, 0.0) + record.extent / 100
            who.setdefault(day, []).append(entry)
            if record.bt is not None:
                bt_category[day] = record.bt
        if record.bt is not None and record.status == "done" and record.start <= as_of:
            service.bt_units.add(record.unit.casefold())
    done_days = {
        day
        for entry in counted
        if entry.record.status == "done"
        for day in days(max(entry.record.start, st_start), min(entry.record.end, as_of))
    }
    leave: dict[dt.date, float] = {}
    for leave_entry in portfolio.leave:
        absence = leave_entry.record
        for day in days(max(absence.start, st_start), absence.end):
            leave[day] = min(1.0, leave.get(day, 0.0) + absence.extent / 100)

    service.overlaps = _overlaps(level, who)
    for day in sorted(level):
        raw = min(level[day], 1.0)
        net = max(0.0, raw - leave.get(day, 0.0))
        service.daily[day] = net
        share = month_share(day)
        if day in done_days:
            service.served += net * share
            service.leave += (raw - net) * share
            if day in bt_category:
                category = bt_category[day]
                service.bt_served[category] = service.bt_served.get(category, 0.0) + net * share
                service.bt_first_day = service.bt_first_day or day
                service.bt_last_day = day
        else:
            service.planned += net * share
    service.last_known_day = max(level) if level else None
    # Sums of 1/30 and 1/31 drift (3 months come to 5.999999999999997 of 6): round far below
    # a day's share, so exactly the minimum compares as the minimum everywhere downstream.
    service.served = round(service.served, PRECISION)
    service.planned = round(service.planned, PRECISION)
    service.leave = round(service.leave, PRECISION)
    service.bt_served = {k: round(v, PRECISION) for k, v in service.bt_served.items()}
    return service


def _overlaps(level: dict[dt.date, float], who: dict[dt.date, list[Entry[Placement]]]) -> list[Overlap]:
    """Runs of days on which placements add up to more than 100 %."""
    runs: list[Overlap] = []
    for day in sorted(d for d, v in level.items() if v > 1.0 + 1e-9):
        entries = tuple(sorted({e.path: e for e in who[day]}.values(), key=lambda e: e.path))
        last = runs[-1] if runs else None
        if last and last.last_day + ONE_DAY == day and last.entries == entries:
            runs[-1] = Overlap(last.day, day, max(last.level, level[day]), entries)
        else:
            runs.append(Overlap(day, day, level[day], entries))
    return runs


@dataclass(frozen=True)
class BtFigures:
    """BT's composition as served, against the regulation's rules: computed once, read everywhere."""

    rules: BtRules
    total: float
    akut: float
    primarvard: float

    @property
    def other(self) -> float:
        return self.total - self.akut - self.primarvard

    @property
    def met(self) -> bool:
        return (
            self.total >= self.rules.minimum_months
            and self.akut >= self.rules.akut_months
            and self.primarvard >= self.rules.primarvard_months
        )


def bt_figures(service: Service, rules: BtRules) -> BtFigures:
    return BtFigures(
        rules, service.bt_total, service.bt_served.get("akut", 0.0), service.bt_served.get("primärvård", 0.0)
    )
