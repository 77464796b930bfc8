"""Time rules: how much ST (and BT) service the records show, and what the regulation asks.

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
from collections.abc import Iterator
from dataclasses import dataclass, field

from stfolio.context import Context
from stfolio.findings import Finding, make
from stfolio.loader import Entry, Portfolio
from stfolio.model import REGULATION_2015, value_of

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
    entries: tuple[Entry, ...]


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


def placements(portfolio: Portfolio) -> list[Entry]:
    return [e for e in portfolio.of_kind("placements") if e.record.kind in COUNTED_KINDS]  # type: ignore[attr-defined]


def compute_service(portfolio: Portfolio, st_start: dt.date, as_of: dt.date) -> Service:
    """Walk the days of every placement and leave once; all figures come from that walk."""
    service = Service(as_of=as_of, start=st_start)
    level: dict[dt.date, float] = {}
    who: dict[dt.date, list[Entry]] = {}
    bt_category: dict[dt.date, str] = {}
    for entry in placements(portfolio):
        record = entry.record
        # A planned placement's past days did not happen: they count neither as served nor as plan.
        first = max(record.start, st_start)  # type: ignore[attr-defined]
        if record.status == "planned":  # type: ignore[attr-defined]
            first = max(first, as_of + ONE_DAY)
        for day in days(first, record.end):  # type: ignore[attr-defined]
            level[day] = level.get(day, 0.0) + record.extent / 100  # type: ignore[attr-defined]
            who.setdefault(day, []).append(entry)
            if record.bt is not None:  # type: ignore[attr-defined]
                bt_category[day] = record.bt  # type: ignore[attr-defined]
        if record.bt is not None and record.status == "done" and record.start <= as_of:  # type: ignore[attr-defined]
            service.bt_units.add(record.unit.casefold())  # type: ignore[attr-defined]
    done_days = {
        day
        for entry in placements(portfolio)
        if entry.record.status == "done"  # type: ignore[attr-defined]
        for day in days(max(entry.record.start, st_start), min(entry.record.end, as_of))  # type: ignore[attr-defined]
    }
    leave: dict[dt.date, float] = {}
    for entry in portfolio.of_kind("leave"):
        record = entry.record
        for day in days(max(record.start, st_start), record.end):  # type: ignore[attr-defined]
            leave[day] = min(1.0, leave.get(day, 0.0) + record.extent / 100)  # type: ignore[attr-defined]

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


def _overlaps(level: dict[dt.date, float], who: dict[dt.date, list[Entry]]) -> list[Overlap]:
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


def months(value: float) -> str:
    return f"{value:.1f}"


def unverified(verified: bool) -> str:
    return "" if verified else " (rule not verified against an official source)"


def check_time(ctx: Context) -> list[Finding]:
    """ST length, BT length and composition, BT advice, overlaps: each with its figures."""
    profile = ctx.portfolio.profile
    if profile is None or ctx.catalogue is None:
        return []
    rules = ctx.catalogue.meta.time_rules
    service = compute_service(ctx.portfolio, profile.st_start, ctx.as_of)
    findings = []
    for overlap in service.overlaps:
        first = overlap.entries[0]
        period = f"{overlap.day}" + (f"–{overlap.last_day}" if overlap.last_day != overlap.day else "")
        findings.append(
            make(
                "STF603",
                first.location("start"),
                f"placements add up to {overlap.level * 100:.0f} % on {period}: "
                + ", ".join(e.path for e in overlap.entries),
                "sysselsättningsgrad can total at most 100 %; correct the dates or the extent",
            )
        )
    for entry in placements(ctx.portfolio):
        if entry.record.start < profile.st_start:  # type: ignore[attr-defined]
            findings.append(
                make(
                    "STF607",
                    entry.location("start"),
                    f"placement starts {entry.record.start}, before ST start {profile.st_start}; "  # type: ignore[attr-defined]
                    "time before ST start is not counted",
                    "credit for earlier service (tillgodoräknande) is decided by Socialstyrelsen; "
                    "check st_start in stfolio.yaml",
                )
            )
        if entry.record.bt is not None and profile.regulation == REGULATION_2015:  # type: ignore[attr-defined]
            findings.append(
                make(
                    "STF608",
                    entry.location("bt", key=True),
                    "a BT placement in a portfolio under SOSFS 2015:8, which has no BT",
                    "remove the bt: line; or, if your ST follows HSLF-FS 2021:8, change regulation in stfolio.yaml",
                )
            )
    for entry in ctx.portfolio.entries:
        record = entry.record
        if value_of(record, "status") != "planned":
            continue
        last = value_of(record, "end") or value_of(record, "date") or value_of(record, "start")
        if last is not None and last < ctx.as_of:
            findings.append(
                make(
                    "STF609",
                    entry.location("status") if "status" in entry.source.data else entry.location(),
                    f"planned, but its last day {last} has passed",
                    "if it happened, set status: done (add its intyg); if not, move it to new dates or delete it",
                )
            )
    findings += _profile_dates(ctx)
    where = ctx.profile_location("st_start")
    end = service.projected_completion(rules.minimum_months)
    findings.append(
        make(
            "STF601",
            where,
            f"ST time: {months(service.served)} of {rules.minimum_months} months full-time equivalent served "
            f"by {ctx.as_of}"
            + (f", {months(service.planned)} more planned" if service.planned else "")
            + (f", {months(service.leave)} months of leave deducted" if service.leave else "")
            + (f"; earliest completion {end} (full time after the plan)" if end else "")
            + unverified(rules.verified),
        )
    )
    if rules.bt is not None:
        findings += _bt_findings(ctx, service, where)
    return findings


def _profile_dates(ctx: Context) -> list[Finding]:
    """Dates in the profile that contradict each other."""
    profile = ctx.portfolio.profile
    assert profile is not None
    findings = []
    if profile.bt is not None and profile.bt.start < profile.st_start:
        findings.append(
            make(
                "STF610",
                ctx.profile_location("bt", "start"),
                f"BT starts {profile.bt.start}, before ST start {profile.st_start}; ST opens with BT, "
                "so BT days before st_start are not counted",
                "set st_start to the first day of BT",
            )
        )
    legitimation = profile.legitimation.date if profile.legitimation else None
    if legitimation is not None and legitimation > profile.st_start:
        findings.append(
            make(
                "STF610",
                ctx.profile_location("legitimation", "date"),
                f"legitimation {legitimation} is after ST start {profile.st_start}; ST is done as a legitimerad läkare",
                "check both dates in stfolio.yaml",
            )
        )
    return findings


def _bt_findings(ctx: Context, service: Service, where: object) -> list[Finding]:
    profile = ctx.portfolio.profile
    assert profile is not None and ctx.catalogue is not None
    bt = ctx.catalogue.meta.time_rules.bt
    assert bt is not None
    akut = service.bt_served.get("akut", 0.0)
    primar = service.bt_served.get("primärvård", 0.0)
    met = service.bt_total >= bt.minimum_months and akut >= bt.akut_months and primar >= bt.primarvard_months
    bt_start = profile.bt.start if profile.bt else profile.st_start
    location = ctx.profile_location("bt") if profile.bt else ctx.profile_location("st_start")
    findings = [
        make(
            "STF602",
            location,
            f"BT: {months(service.bt_total)} months served (akut {months(akut)}, primärvård {months(primar)}"
            + (f", other {months(other)}" if (other := service.bt_total - akut - primar) > 0.05 else "")
            + f"); at least {bt.minimum_months} are needed, "
            f"with {bt.akut_months} akut and {bt.primarvard_months} primärvård: "
            + ("met" if met else "not yet met")
            + unverified(bt.verified),
        )
    ]
    if bt.finish_within_months:
        deadline = add_months(bt_start, bt.finish_within_months) - ONE_DAY
        finished = profile.bt.end if profile.bt and profile.bt.end else (service.bt_last_day if met else None)
        late = (finished is not None and finished > deadline) or (finished is None and ctx.as_of > deadline)
        if late:
            findings.append(
                make(
                    "STF604",
                    location,
                    f"BT is not finished within {bt.finish_within_months} months of its start {bt_start} "
                    f"(by {deadline}), as Socialstyrelsen advises" + unverified(bt.verified),
                    "plan the remaining BT placements first; talk to your BT studierektor",
                )
            )
    if bt.max_workplaces and len(service.bt_units) > bt.max_workplaces:
        findings.append(
            make(
                "STF605",
                location,
                f"BT has {len(service.bt_units)} workplaces; Socialstyrelsen advises at most {bt.max_workplaces}"
                + unverified(bt.verified),
                "fewer, longer placements are preferred",
            )
        )
    return findings
