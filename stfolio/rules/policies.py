"""Policy packs: judging the portfolio against the local norms it opts into.

The packs themselves (format, where they are found) are ``stfolio.packs``. Each norm has one
of four shapes:

- ``count``: records of a kind (optionally filtered) per period, at least ``minimum``;
- ``hours``: the ``hours`` of such records per period, at least ``minimum``;
- ``budget``: expenses within a total, with caps per category;
- ``deliverable``: at least one such record done (planned counts as a plan).

Periods: ``st-year`` (years from ST start), ``service-year`` (the same, with the minimum
pro-rated by the months of service in the year, so leave lowers it), ``month`` (calendar
months) and ``placement`` (each finished clinical placement). Complete periods are judged
strictly; the current ST year is judged by pace, once three months have passed. Norms are
local, not law: every deviation is a warning naming the norm, its figure, what the portfolio
shows, and the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from stfolio.context import Context
from stfolio.figures.service import COUNTED_KINDS, PRECISION, add_months, days, expected_count, month_share
from stfolio.findings import Finding, Location, Severity, make
from stfolio.i18n import N_, T, Text, Tn, iso, listing, number, sek
from stfolio.loader import Entry
from stfolio.model import Expense, Record
from stfolio.packs import Budget, Norm, Pack, Selection, available_packs, load_pack
from stfolio.text import suggestion


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date
    complete: bool
    year: int = 0


def check_policies(ctx: Context) -> list[Finding]:
    profile = ctx.portfolio.profile
    if profile is None:
        return []
    findings: list[Finding] = []
    for i, name in enumerate(profile.policies):
        where = ctx.profile_location("policies", i)
        pack, pack_findings = load_pack(ctx.portfolio.root, name)
        findings += pack_findings
        if pack is None:
            if not pack_findings:
                known = available_packs(ctx.portfolio.root)
                findings.append(
                    make(
                        "STF701",
                        where,
                        T("unknown policy pack '{name}'", name=name),
                        suggestion(name, known) or T("shipped packs: {packs}", packs=listing(list(known))),
                    )
                )
            continue
        for norm in pack.norms:
            findings += [_finding(pack, norm, where, text, norm.severity) for text in evaluate(norm, ctx)]
    return findings


def _finding(pack: Pack, norm: Norm, where: Location, text: str | Text, severity: str) -> Finding:
    finding = make(
        "STF702",
        where,
        T("{pack} {norm}: {deviation}", pack=pack.id, norm=norm.id, deviation=text),
        T("local norm '{title}' ({pack})", title=norm.title, pack=pack.title),
    )
    if severity == "info":
        finding = replace(finding, severity=Severity.INFO)
    return finding


def selected(ctx: Context, selection: Selection, done_only: bool = True) -> list[Entry[Record]]:
    result = []
    for entry in ctx.portfolio.of_kind(selection.records):
        record = entry.record
        if done_only and record.is_planned():
            continue
        if all(str(record.field_value(key)) in values for key, values in selection.where.items()):
            result.append(entry)
    return result


def when(entry: Entry[Record]) -> dt.date:
    """The day a record happened, or started."""
    return entry.record.first_day()


def st_years(ctx: Context) -> list[Period]:
    profile = ctx.portfolio.profile
    assert profile is not None
    periods = []
    year = 1
    start = profile.st_start
    while start <= ctx.as_of:
        end = add_months(profile.st_start, 12 * year) - dt.timedelta(days=1)
        periods.append(Period(f"{iso(start)}–{iso(end)}", start, end, end <= ctx.as_of, year))
        start = end + dt.timedelta(days=1)
        year += 1
    return periods


def evaluate(norm: Norm, ctx: Context) -> list[str | Text]:
    """The deviations from one norm, as sentences with the figures."""
    if norm.budget is not None:
        return _budget(norm, norm.budget, ctx)
    if norm.deliverable is not None:
        planned = selected(ctx, norm.deliverable, done_only=False)
        profile = ctx.portfolio.profile
        assert profile is not None
        due = add_months(profile.st_start, norm.plan_within_months or 0)
        if not planned and ctx.as_of >= due:
            if norm.plan_within_months:
                return [
                    T(
                        "{title}: none done or planned {months} months into ST",
                        title=norm.title,
                        months=norm.plan_within_months,
                    )
                ]
            return [T("{title}: none done or planned", title=norm.title)]
        return []
    selection = norm.count or norm.hours
    assert selection is not None and norm.minimum is not None and norm.per is not None
    entries = selected(ctx, selection)
    if norm.only_when_recorded and not entries:
        return []

    def amount(among: list[Entry[Record]]) -> float:
        if norm.hours is not None:
            return sum(e.record.hours_spent() for e in among)
        return float(len(among))

    unit = " h" if norm.hours is not None else ""
    if norm.per == "placement":
        return _per_placement(norm, ctx, entries)
    if norm.per == "month":
        short: list[tuple[Period, float]] = []
        for period in norm_months(ctx, norm):
            got = (
                _spread_hours(entries, period)
                if norm.hours is not None
                else amount([e for e in entries if period.start <= when(e) <= period.end])
            )
            if got < norm.minimum:
                short.append((period, got))
        if short:
            return [
                Tn(
                    "{count} month below {minimum}{unit} a month: {months}",
                    "{count} months below {minimum}{unit} a month: {months}",
                    len(short),
                    count=len(short),
                    minimum=number(norm.minimum),
                    unit=unit,
                    months=_month_runs(short, unit),
                )
            ]
        return []
    out: list[str | Text] = []
    service = ctx.service if norm.per == "service-year" else None
    for period in st_years(ctx):
        if (norm.years and period.year not in norm.years) or (norm.from_year and period.year < norm.from_year):
            continue
        got = amount([e for e in entries if period.start <= when(e) <= min(period.end, ctx.as_of)])
        expected = norm.minimum
        if service is not None:
            # Rounded as the service figures are: sums of 1/30 and 1/31 drift below whole months.
            served = round(
                sum(
                    level * month_share(day)
                    for day in days(period.start, min(period.end, ctx.as_of))
                    if (level := service.daily.get(day, 0.0))
                ),
                PRECISION,
            )
            expected = norm.minimum * served / 12
        if period.complete:
            if got < expected - 1e-9:
                out.append(
                    T(
                        "{got} in ST year {year} ({period}); the norm is {figure}{prorated}",
                        got=number(got),
                        year=period.year,
                        period=period.label,
                        figure=_figure(norm, unit),
                        prorated=_prorated(norm, expected),
                    )
                )
        else:
            elapsed = round(sum(month_share(d) for d in days(period.start, ctx.as_of)), PRECISION)
            if elapsed >= 3 and service is None:
                expected = norm.minimum * elapsed / 12
            if elapsed >= 3 and got < expected_count(expected):
                out.append(
                    T(
                        "{got} so far in ST year {year} ({period}), behind the pace of {figure} "
                        "({expected} expected by {date})",
                        got=number(got),
                        year=period.year,
                        period=period.label,
                        figure=_figure(norm, unit),
                        expected=expected_count(expected),
                        date=ctx.as_of,
                    )
                )
    return out


def _spread_hours(entries: list[Entry[Record]], period: Period) -> float:
    """Hours of records falling in ``period``, a multi-day record's hours spread evenly over its days."""
    total = 0.0
    for entry in entries:
        record = entry.record
        first = when(entry)
        last = record.last_day()
        overlap = (min(last, period.end) - max(first, period.start)).days + 1
        if overlap > 0:
            total += record.hours_spent() * overlap / ((last - first).days + 1)
    return total


def _month_runs(short: list[tuple[Period, float]], unit: str) -> Text:
    """'2025-09–2026-08 0 h, 2026-10 2 h': consecutive months with the same figure as one run."""
    runs: list[tuple[Period, Period, float]] = []
    for period, got in short:
        last = runs[-1] if runs else None
        if last and last[2] == got and last[1].end + dt.timedelta(days=1) == period.start:
            runs[-1] = (last[0], period, got)
        else:
            runs.append((period, period, got))
    return listing(
        [
            T(
                "{months} {figure}{unit}",
                months=a.label if a is b else "–".join((a.label, b.label)),
                figure=number(round(got, 1)) if unit else number(got),
                unit=unit,
            )
            for a, b, got in runs
        ]
    )


_PER = {
    "st-year": N_("{minimum}{unit} a year"),
    "service-year": N_("{minimum}{unit} per 12 months of clinical service"),
    "month": N_("{minimum}{unit} a month"),
}


def _figure(norm: Norm, unit: str) -> Text:
    assert norm.minimum is not None
    return T(_PER.get(norm.per or "", "{minimum}{unit}"), minimum=number(norm.minimum), unit=unit)


def _prorated(norm: Norm, expected: float) -> Text | str:
    if norm.per == "service-year" and norm.minimum is not None and abs(expected - norm.minimum) > 0.05:
        return T(" ({expected} for the service in that year)", expected=expected)
    return ""


def norm_months(ctx: Context, norm: Norm | None = None) -> list[Period]:
    """The calendar months of ST that have ended by the as-of date, each judged on its own.

    With a norm limited to some ST years (``years``, ``from_year``), only the months that begin
    in those years: "monthly after the first year" starts with the first month of year 2.
    """
    profile = ctx.portfolio.profile
    assert profile is not None
    periods: list[Period] = []
    start = profile.st_start.replace(day=1)
    while True:
        end = add_months(start, 1) - dt.timedelta(days=1)
        if end > ctx.as_of:
            return periods
        year = _st_year_of(profile.st_start, max(start, profile.st_start))
        wanted = norm is None or (
            (not norm.years or year in norm.years) and (not norm.from_year or year >= norm.from_year)
        )
        if end >= profile.st_start and wanted:
            periods.append(Period(start.strftime("%Y-%m"), start, end, True, year))
        start = end + dt.timedelta(days=1)


def _st_year_of(st_start: dt.date, day: dt.date) -> int:
    """1 for the first twelve months of ST, 2 for the next twelve, ..."""
    year = 1
    while add_months(st_start, 12 * year) <= day:
        year += 1
    return year


def _per_placement(norm: Norm, ctx: Context, entries: list[Entry[Record]]) -> list[str | Text]:
    out: list[str | Text] = []
    assert norm.minimum is not None
    for placement in ctx.portfolio.placements:
        record = placement.record
        if record.status != "done" or record.kind not in COUNTED_KINDS or record.end > ctx.as_of:
            continue
        got = [e for e in entries if record.start <= when(e) <= record.end]
        if len(got) < norm.minimum:
            out.append(
                T(
                    "{got} during the placement {path} ({period}); the norm is {minimum} per placement",
                    got=len(got),
                    path=placement.path,
                    period="–".join((iso(record.start), iso(record.end))),
                    minimum=number(norm.minimum),
                )
            )
    return out


def _budget(norm: Norm, budget: Budget, ctx: Context) -> list[str | Text]:
    courses = {e.path: e for e in ctx.portfolio.courses}
    catalogue = ctx.catalogue

    def funded_elsewhere(entry: Entry[Expense]) -> bool:
        course = courses.get((entry.record.course or "").replace("\\", "/"))  # as check_expense_courses reads it
        if course is None or catalogue is None:
            return False
        groups = {catalogue.goals[g].group for g in course.record.delmal if g in catalogue.goals}
        return bool(groups) and groups <= set(budget.not_for_groups)

    spent = planned = 0.0
    by_category: dict[str, float] = {}
    for entry in ctx.portfolio.expenses:
        record = entry.record
        if funded_elsewhere(entry):
            continue
        if record.status == "done":
            spent += record.amount
            by_category[record.category] = by_category.get(record.category, 0.0) + record.amount
        else:
            planned += record.amount
    out: list[str | Text] = []
    if spent > budget.total:
        out.append(T("{spent} spent, over the budget of {budget}", spent=sek(spent), budget=sek(budget.total)))
    elif spent + planned > budget.total:
        out.append(
            T(
                "{spent} spent and {planned} planned would exceed the budget of {budget}",
                spent=sek(spent),
                planned=sek(planned),
                budget=sek(budget.total),
            )
        )
    for category, cap in budget.caps.items():
        if by_category.get(category, 0.0) > cap:
            out.append(
                T(
                    "{spent} on {category}, over its cap of {cap}",
                    spent=sek(by_category[category]),
                    category=category,
                    cap=sek(cap),
                )
            )
    return out
