""" "Att följa upp": what needs attention first, as of the report's date.

Each report opens with this short list, most urgent first: errors in the portfolio (and how
many records the report therefore leaves out), scanned intyg that are missing or changed, BT
that ended with BT-delmål or BT time still open, local norms behind (with the figures),
finished placements and courses without an intyg, delmål done but not attested, and delmål
with nothing done or planned. Every item is a whole sentence in the user's language.
"""

from __future__ import annotations

from stfolio.context import Context
from stfolio.findings import Finding, Severity
from stfolio.i18n import _, decimal, long_date, n_
from stfolio.kinds import FOLDERS
from stfolio.loader import Entry
from stfolio.model import Course, Placement, Record
from stfolio.reports.goals import GoalFacts, compact_ids, noun
from stfolio.reports.model import Attention, NormRow

EVIDENCE_CODES = ("STF410", "STF411", "STF412")


def left_out(findings: list[Finding], ctx: Context) -> tuple[int, int]:
    """(errors, record files left out of the report because they could not be loaded)."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    loaded = {e.path for e in ctx.portfolio.entries}
    broken = {
        f.location.path for f in errors if f.location.path.split("/")[0] in FOLDERS and f.location.path not in loaded
    }
    return len(errors), len(broken)


def name(entry: Entry[Record]) -> str:
    record = entry.record
    title = getattr(record, "title", None) or getattr(record, "unit", None) or " ".join(record.name_words())
    return f"{noun(entry)} {title}"


def attention(findings: list[Finding], ctx: Context, facts: list[GoalFacts], norms: list[NormRow]) -> Attention:
    errors, dropped = left_out(findings, ctx)
    items = []
    if errors:
        text = n_(
            "The portfolio has {n} error (see `stfolio check`).",
            "The portfolio has {n} errors (see `stfolio check`).",
            errors,
        ).format(n=errors)
        if dropped:
            text += " " + n_(
                "{n} record with errors is left out of this report.",
                "{n} records with errors are left out of this report.",
                dropped,
            ).format(n=dropped)
        items.append(text)
    items += _evidence(findings, ctx)
    items += _bt(ctx, facts)
    items += [
        _("{norm} ({pack}): {observed}; the norm is {figure}.").format(
            norm=n.title, pack=n.pack, observed=n.observed, figure=n.figure
        )
        for n in norms
        if not n.ok and not n.on_its_way
    ]
    items += _missing_intyg(ctx)
    order = [f.id for f in facts]
    met = [f.id for f in facts if f.state == "requirements met"]
    if met:
        items.append(_("Done but not attested (intyg missing): {ids}.").format(ids=compact_ids(met, order)))
    idle = [f.id for f in facts if not f.started and not f.planned]
    if idle:
        items.append(_("Delmål with nothing done or planned: {ids}.").format(ids=compact_ids(idle, order)))
    return Attention(items, errors, dropped)


def _evidence(findings: list[Finding], ctx: Context) -> list[str]:
    by_path = {e.path: e for e in ctx.portfolio.entries}
    broken = sorted({f.location.path for f in findings if f.code in EVIDENCE_CODES})
    if not broken:
        return []
    names = ", ".join(name(by_path[p]) if p in by_path else p for p in broken)
    return [
        n_(
            "A scanned intyg is missing, outside the portfolio or changed since it was attached: {records}.",
            "Scanned intyg are missing, outside the portfolio or changed since they were attached: {records}.",
            len(broken),
        ).format(records=names)
    ]


def _bt(ctx: Context, facts: list[GoalFacts]) -> list[str]:
    profile = ctx.portfolio.profile
    if profile is None or profile.bt is None or profile.bt.end is None or profile.bt.end >= ctx.as_of:
        return []
    ended = long_date(profile.bt.end)
    items = []
    bt = ctx.bt
    if bt is not None and not bt.met:
        need = bt.rules
        items.append(
            _(
                "BT ended on {date} with {total} months ({akut} akut, {primarvard} primärvård); "
                "at least {minimum} are needed, with {akut_min} akut and {primarvard_min} primärvård."
            ).format(
                date=ended,
                total=decimal(bt.total),
                akut=decimal(bt.akut),
                primarvard=decimal(bt.primarvard),
                minimum=need.minimum_months,
                akut_min=need.akut_months,
                primarvard_min=need.primarvard_months,
            )
        )
    still_open = [f.id for f in facts if f.group == "BT" and not f.attested]
    if still_open:
        items.append(
            n_(
                "BT ended on {date}, but {n} BT-delmål is not attested: {ids}.",
                "BT ended on {date}, but {n} BT-delmål are not attested: {ids}.",
                len(still_open),
            ).format(date=ended, n=len(still_open), ids=compact_ids(still_open, [f.id for f in facts]))
        )
    return items


def _missing_intyg(ctx: Context) -> list[str]:
    """Finished placements and courses that name delmål but carry no intyg."""
    lacking = [
        e
        for e in ctx.portfolio.entries
        if isinstance(e.record, Placement | Course)
        and not e.record.is_planned()
        and e.record.last_day() <= ctx.as_of
        and e.record.named_delmal()
        and not e.record.intyg_list()
    ]
    if not lacking:
        return []
    lacking.sort(key=lambda e: (e.record.last_day(), e.path))
    names = ", ".join(
        _("{record} (ended {date})").format(record=name(e), date=e.record.last_day().isoformat()) for e in lacking
    )
    return [_("Finished without an intyg: {records}.").format(records=names)]
