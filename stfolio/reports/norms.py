"""The local norms (policy packs) in a report: each norm against the year, or the whole ST.

Judged as `check` judges them: counts against the minimum pro-rated to the part of the period
that has passed, rounded down; year-limited norms only over the ST years they cover.
"""

from __future__ import annotations

import datetime as dt

from stfolio.context import Context
from stfolio.figures.service import COUNTED_KINDS, add_months, expected_count, months_between
from stfolio.figures.verdicts import finished
from stfolio.i18n import _, decimal, kronor
from stfolio.packs import Norm, load_pack
from stfolio.reports.model import NormRow
from stfolio.rules.policies import norm_months, selected, when

OK = "✓"


def number(value: float) -> str:
    """9 as '9', 0.5 as '0,5' (Swedish) or '0.5' (English)."""
    return str(int(value)) if value == int(value) else decimal(value)


def norm_rows(ctx: Context, year: int | None) -> list[NormRow]:
    """Each local norm against what the year (or, without a year, the whole ST) shows."""
    profile = ctx.portfolio.profile
    assert profile is not None
    rows = []
    for name in profile.policies:
        pack, _found = load_pack(ctx.portfolio.root, name)
        if pack is None:
            continue
        for norm in pack.norms:
            row = _norm_row(ctx, pack.id, norm, year)
            if row is not None:
                rows.append(row)
    return rows


def _period(ctx: Context, norm: Norm, year: int | None) -> tuple[dt.date, dt.date]:
    assert ctx.portfolio.profile is not None
    st_start = ctx.portfolio.profile.st_start
    first = max(st_start, dt.date(year, 1, 1)) if year else st_start
    last = min(ctx.as_of, dt.date(year, 12, 31)) if year else ctx.as_of
    if norm.years:
        first = max(first, add_months(st_start, 12 * (min(norm.years) - 1)))
        last = min(last, add_months(st_start, 12 * max(norm.years)) - dt.timedelta(days=1))
    if norm.from_year:
        first = max(first, add_months(st_start, 12 * (norm.from_year - 1)))
    return first, last


def _norm_row(ctx: Context, pack: str, norm: Norm, year: int | None) -> NormRow | None:
    """One norm against the year (or the whole ST): the figure, what was recorded, a verdict."""
    first, last = _period(ctx, norm, year)
    if last < first:
        return None
    if norm.deliverable is not None:
        done = [e for e in selected(ctx, norm.deliverable) if finished(e, ctx.as_of)]
        planned = selected(ctx, norm.deliverable, done_only=False)
        observed = _("completed") if done else (_("scheduled") if planned else _("missing"))
        # Planned work never meets a norm; it only shows that it is on its way.
        return NormRow(pack, norm.title, _("required"), observed, bool(done), OK if done else observed, bool(planned))
    if norm.budget is not None:
        spent = sum(e.record.amount for e in ctx.portfolio.expenses if e.record.status == "done")
        ok = spent <= norm.budget.total
        observed = _("{amount} spent").format(amount=kronor(spent))
        return NormRow(pack, norm.title, kronor(norm.budget.total), observed, ok, OK if ok else _("over budget"))
    selection = norm.count or norm.hours
    if selection is None or norm.minimum is None:
        return None
    entries = [e for e in selected(ctx, selection) if first <= when(e) <= last]
    below = _("below the norm")
    minimum = number(norm.minimum)
    if norm.per == "placement":
        ended = [
            p
            for p in ctx.portfolio.placements
            if p.record.kind in COUNTED_KINDS and finished(p, ctx.as_of) and first <= p.record.end <= last
        ]
        short = [
            p for p in ended if sum(1 for e in entries if p.record.start <= when(e) <= p.record.end) < norm.minimum
        ]
        observed = _("{ok} of {n} finished placements").format(ok=len(ended) - len(short), n=len(ended))
        figure = _("{minimum} per placement").format(minimum=minimum)
        return NormRow(pack, norm.title, figure, observed, not short, OK if not short else below)
    if norm.per == "month" and norm.count is not None:
        # Month by month: two empty months are two shortfalls, whatever the year's total.
        judged = [m for m in norm_months(ctx, norm) if first <= m.start and m.end <= last]
        behind = [m for m in judged if sum(1 for e in entries if m.start <= when(e) <= m.end) < norm.minimum]
        observed = _("{ok} of {n} months").format(ok=len(judged) - len(behind), n=len(judged))
        figure = _("{minimum} a month").format(minimum=minimum)
        return NormRow(pack, norm.title, figure, observed, not behind, OK if not behind else below)
    if norm.hours is not None:
        hours = sum(e.record.hours_spent() for e in entries)
        expected = expected_count(norm.minimum * months_between(first, last))
        ok = hours >= expected
        observed = _("{hours} h (at least {expected} h expected)").format(hours=decimal(hours), expected=expected)
        figure = _("{minimum} h a month").format(minimum=minimum)
        return NormRow(pack, norm.title, figure, observed, ok, OK if ok else below)
    expected = expected_count(norm.minimum * months_between(first, last) / 12)
    if norm.per == "service-year":
        figure = _("{minimum} per 12 months of clinical service").format(minimum=minimum)
    else:
        figure = _("{minimum} a year").format(minimum=minimum)
    ok = len(entries) >= expected
    observed = _("{n} (at least {expected} expected)").format(n=len(entries), expected=expected)
    return NormRow(pack, norm.title, figure, observed, ok, OK if ok else below)
