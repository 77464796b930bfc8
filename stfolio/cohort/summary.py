"""One portfolio, checked exactly as ``stfolio check`` checks it, summed up in a row.

:func:`summarise` is what every worker process runs: it takes a folder (and the date, the year
and the thresholds), reads the portfolio, never writes, and returns a :class:`TraineeRow` of
plain values. Whatever goes wrong in one portfolio becomes that portfolio's row.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path

from stfolio.cohort.config import CohortConfig
from stfolio.cohort.model import BROKEN, IDENTIFIER, NormRef, TraineeRow, YearFigures
from stfolio.context import Context
from stfolio.figures.service import ONE_DAY, add_months, days, month_share, months_between
from stfolio.figures.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED
from stfolio.findings import Finding, Severity
from stfolio.i18n import _
from stfolio.identifiers import mask_identifiers
from stfolio.model import PROFILE_FILE, Activity, Course, Placement
from stfolio.text import escape_untrusted

# Written works whose delmål are attested by an intyg, as placements and courses are.
INTYG_ACTIVITIES = ("vetenskapligt arbete", "kvalitetsarbete")


@dataclass(frozen=True)
class Task:
    """What a worker needs for one portfolio: all of it pickles cheaply."""

    path: str
    as_of: dt.date
    config: CohortConfig
    year: int | None = None


def summarise(task: Task) -> TraineeRow:
    """The row of the portfolio at ``task.path``; never raises for anything in the portfolio."""
    root = Path(task.path)
    try:
        if not root.is_dir():
            return TraineeRow(task.path, BROKEN, _("not a folder, or not readable"), as_of=task.as_of.isoformat())
        if not (root / PROFILE_FILE).is_file():
            return TraineeRow(task.path, BROKEN, _("no stfolio.yaml: not a portfolio"), as_of=task.as_of.isoformat())
        return _summarise(root, task)
    except Exception as exc:  # a bug in stfolio: this portfolio's row says so, the others go on
        where = traceback.extract_tb(exc.__traceback__)[-1]
        problem = _("internal error ({error}, {where}); please report it").format(
            error=type(exc).__name__, where=f"{Path(where.filename).name}:{where.lineno}"
        )
        return TraineeRow(task.path, BROKEN, problem, as_of=task.as_of.isoformat())


def _summarise(root: Path, task: Task) -> TraineeRow:
    from stfolio.rules import check_portfolio
    from stfolio.rules.privacy import IDENTIFIER_CODES

    result = check_portfolio(root, as_of=task.as_of)
    findings = result.findings
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    profile = result.portfolio.profile
    ctx = result.context
    identifiers = sum(1 for f in findings if f.code in IDENTIFIER_CODES)
    name = _safe(profile.trainee.name) if profile is not None else ""
    if identifiers:
        # Only the flag: no figure of a portfolio that must first be cleaned is compiled.
        return TraineeRow(task.path, IDENTIFIER, identifiers=identifiers, name=name, as_of=task.as_of.isoformat())
    if profile is None or ctx is None:
        return TraineeRow(
            task.path,
            BROKEN,
            _why_broken(findings),
            name=name,
            errors=errors,
            warnings=warnings,
            as_of=task.as_of.isoformat(),
        )
    clinic, from_placement = _clinic(ctx)
    row = {
        "name": name,
        "specialty": profile.specialty,
        "regulation": profile.regulation,
        "clinic": _safe(clinic),
        "clinic_from_placement": from_placement,
        "employer": _safe(profile.employer or ""),
        "supervisor": _safe(profile.supervisor.name) if profile.supervisor else "",
        "st_start": profile.st_start.isoformat(),
        "as_of": task.as_of.isoformat(),
        "errors": errors,
        "warnings": warnings,
    }
    row |= _time(ctx)
    row |= _bt(ctx)
    row |= _delmal(ctx)
    row |= _meetings(ctx)
    row["norms_behind"] = _norms_behind(ctx, findings)
    row["intyg_missing"] = _intyg_missing(ctx, task.config)
    if task.year is not None and profile.st_start <= dt.date(task.year, 12, 31):
        row["year"] = year_figures(ctx, task.year)
    return TraineeRow(task.path, **row)  # type: ignore[arg-type]


def _safe(text: str) -> str:
    """A name from the profile as every output may show it: one line, escaped, identifiers masked."""
    return escape_untrusted(" ".join(mask_identifiers(text).split()))


def _why_broken(findings: list[Finding]) -> str:
    """The first error, in the profile if it has one: what the trainee must fix first."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    first = next((f for f in errors if f.location.path == PROFILE_FILE), errors[0] if errors else None)
    if first is None:
        return _("stfolio.yaml could not be read")
    return _safe(f"{first.location}: {first.code} {first.message}")


def _clinic(ctx: Context) -> tuple[str, bool]:
    """The profile's clinic; without one, the unit of the placement the trainee is in (or was in last)."""
    profile = ctx.portfolio.profile
    assert profile is not None
    if profile.clinic:
        return profile.clinic, False
    placements = [e.record for e in ctx.portfolio.placements if not e.record.is_planned()]
    current = [p for p in placements if p.start <= ctx.as_of <= p.end]
    past = sorted((p for p in placements if p.start <= ctx.as_of), key=lambda p: (p.end, p.start))
    chosen = current[0] if current else (past[-1] if past else None)
    return (chosen.unit, True) if chosen is not None else ("", False)


def _time(ctx: Context) -> dict[str, object]:
    if ctx.catalogue is None or ctx.service is None or ctx.profile is None:
        return {}
    service = ctx.service
    needed = ctx.catalogue.meta.time_rules.minimum_months
    whole = int(needed)
    planned_end = add_months(ctx.profile.st_start, whole) - ONE_DAY
    earliest = service.projected_completion(needed)
    late = 0.0
    if earliest is not None and earliest > planned_end:
        late = months_between(planned_end + ONE_DAY, earliest)
    elapsed = months_between(ctx.profile.st_start, ctx.as_of) if ctx.as_of >= ctx.profile.st_start else 0.0
    return {
        "served": round(service.served, 2),
        "planned": round(service.planned, 2),
        "leave": round(service.leave, 2),
        "needed": needed,
        "expected": round(min(needed, elapsed), 2),
        "planned_completion": planned_end.isoformat(),
        "earliest_completion": earliest.isoformat() if earliest else None,
        "months_late": round(late, 1) if earliest is not None else None,
    }


def _bt(ctx: Context) -> dict[str, object]:
    bt, profile = ctx.bt, ctx.profile
    if bt is None or profile is None:
        return {}
    start = profile.bt.start if profile.bt else profile.st_start
    if profile.bt is not None and profile.bt.approved is not None:
        state = "approved"
    elif bt.met:
        state = "done"
    else:
        state = "in-progress"
    return {
        "bt_state": state,
        "bt_start": start.isoformat(),
        "bt_served": round(bt.total, 2),
        "bt_needed": bt.rules.minimum_months,
        "bt_months": round(months_between(start, ctx.as_of), 1) if ctx.as_of >= start else 0.0,
    }


def _delmal(ctx: Context) -> dict[str, int]:
    counts = {ATTESTED: 0, MET: 0, IN_PROGRESS: 0, NOT_STARTED: 0}
    for verdict in ctx.verdicts:
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    return {
        "delmal_attested": counts[ATTESTED],
        "delmal_met": counts[MET],
        "delmal_in_progress": counts[IN_PROGRESS],
        "delmal_not_started": counts[NOT_STARTED],
    }


def _meetings(ctx: Context) -> dict[str, object]:
    out: dict[str, object] = {}
    for kind, key in (("handledarsamtal", "handledarsamtal"), ("IUP-revision", "iup")):
        held = [
            e.record.date
            for e in ctx.portfolio.meetings
            if e.record.kind == kind and not e.record.is_planned() and e.record.date <= ctx.as_of
        ]
        last = max(held) if held else None
        out[f"last_{key}"] = last.isoformat() if last else None
        out[f"days_since_{key}"] = (ctx.as_of - last).days if last else None
    return out


def _norms_behind(ctx: Context, findings: list[Finding]) -> tuple[NormRef, ...]:
    """The norms of the trainee's own packs that `check` reports as not met (STF702 warnings)."""
    from stfolio.packs import load_pack

    profile = ctx.profile
    assert profile is not None
    # STF702 says "<pack> <norm>: ..." in English (message_en) whatever the user's language.
    said = [f.message_en for f in findings if f.code == "STF702" and f.severity is Severity.WARNING]
    behind = []
    for name in profile.policies:
        pack, _found = load_pack(ctx.portfolio.root, name)
        if pack is None:
            continue
        for norm in pack.norms:
            prefix = f"{pack.id} {norm.id}:"
            if any(text.startswith(prefix) for text in said):
                behind.append(NormRef(pack.id, norm.id, _safe(norm.title)))
    return tuple(behind)


def _intyg_missing(ctx: Context, config: CohortConfig) -> tuple[tuple[str, int], ...]:
    """Placements, courses and written works finished in the window, naming delmål, without an intyg that attests."""
    if config.intyg_months is None:
        return ()
    first = add_months(ctx.as_of, -config.intyg_months)
    last = ctx.as_of - dt.timedelta(days=config.intyg_grace_days)
    counts = {"placements": 0, "courses": 0, "activities": 0}
    for entry in ctx.portfolio.readable:
        record = entry.record
        if isinstance(record, Placement):
            kind = "placements"
        elif isinstance(record, Course):
            kind = "courses"
        elif isinstance(record, Activity) and record.kind in INTYG_ACTIVITIES:
            kind = "activities"
        else:
            continue
        if record.is_planned() or not record.named_delmal() or not first <= record.last_day() <= last:
            continue
        if not any(ctx.intyg_attests(entry.path, i) for i, _intyg in enumerate(record.intyg_list())):
            counts[kind] += 1
    return tuple((kind, n) for kind, n in counts.items() if n)


def year_figures(ctx: Context, year: int) -> YearFigures:
    """The year's handledarsamtal, assessments, IUP revisions, courses, placements, norms, service."""
    from stfolio.reports.norms import norm_rows

    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), ctx.as_of)

    def in_year(day: dt.date) -> bool:
        return start <= day <= end

    portfolio = ctx.portfolio
    meetings = [e.record for e in portfolio.meetings if not e.record.is_planned() and in_year(e.record.date)]
    served = 0.0
    if ctx.service is not None and end >= start:
        daily = ctx.service.daily
        served = sum(level * month_share(day) for day in days(start, end) if (level := daily.get(day, 0.0)))
    norms = norm_rows(ctx, year) if ctx.catalogue is not None else []
    return YearFigures(
        year=year,
        served_months=round(served, 2),
        handledarsamtal=sum(1 for m in meetings if m.kind == "handledarsamtal"),
        assessments=sum(1 for e in portfolio.assessments if not e.record.is_planned() and in_year(e.record.date)),
        iup_revisions=sum(1 for m in meetings if m.kind == "IUP-revision"),
        courses=sum(1 for e in portfolio.courses if not e.record.is_planned() and in_year(e.record.start)),
        placements=sum(
            1
            for e in portfolio.placements
            if not e.record.is_planned() and e.record.start <= end and e.record.end >= start
        ),
        norms_met=sum(1 for n in norms if n.ok),
        norms_not_met=sum(1 for n in norms if not n.ok),
    )
