"""The reports' pictures: placements on an SVG timeline, the delmål as a grid coloured by status.

Only geometry is computed here (positions, sizes, labels that fit); the templates draw it.
"""

from __future__ import annotations

import datetime as dt

from stfolio.context import Context
from stfolio.figures.service import Service
from stfolio.figures.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED, Verdict
from stfolio.reports.labels import STATUS_CLASS, STATUS_SV
from stfolio.reports.model import Bar, Cell, Count, Grid, Tick, Timeline


def timeline(ctx: Context, service: Service) -> Timeline:
    """Placements as bars on lanes, leave as bands, BT/ST phases, years as ticks."""
    profile = ctx.portfolio.profile
    assert profile is not None
    placements = sorted(ctx.portfolio.placements, key=lambda e: (e.record.start, e.path))
    leaves = sorted(ctx.portfolio.leave, key=lambda e: (e.record.start, e.path))
    first = min([profile.st_start] + [e.record.start for e in placements])
    last = max([ctx.as_of] + [e.record.end for e in placements] + [e.record.end for e in leaves])
    start = dt.date(first.year, 1, 1)
    stop = dt.date(last.year + 1, 1, 1)
    width, left, lane_height, top = 960, 10, 26, 44  # rows: date label, phases (y 18), then placements
    span = (stop - start).days

    def x(day: dt.date) -> float:
        return round(left + (width - 2 * left) * (day - start).days / span, 1)

    lanes: list[dt.date] = []
    bars = []
    for entry in placements:
        record = entry.record
        lane = next((i for i, free in enumerate(lanes) if free < record.start), len(lanes))
        if lane == len(lanes):
            lanes.append(record.end)
        else:
            lanes[lane] = record.end
        css = "bt-" + {"akut": "akut", "primärvård": "primarvard", "annan": "annan"}[record.bt] if record.bt else "st"
        if record.kind == "auskultation":
            css = "auskultation"
        if record.status == "planned":
            css += " planned"
        label_css = "bar-label dark" if record.status == "planned" else "bar-label"
        bar_width = x(record.end + dt.timedelta(days=1)) - x(record.start)
        label = _fit(record.title or record.unit, bar_width)
        bars.append(
            Bar(
                x(record.start),
                top + lane * lane_height,
                max(2.0, round(x(record.end + dt.timedelta(days=1)) - x(record.start), 1)),
                lane_height - 6,
                css,
                label,
                f"{label}: {record.start} – {record.end}, {record.extent} %"
                + (" (planerad)" if record.status == "planned" else ""),
                label_css,
            )
        )
    height_lanes = max(1, len(lanes)) * lane_height
    leave_y = top + height_lanes + 4
    for leave_entry in leaves:
        absence = leave_entry.record
        bars.append(
            Bar(
                x(absence.start),
                leave_y,
                max(2.0, round(x(absence.end + dt.timedelta(days=1)) - x(absence.start), 1)),
                10,
                "leave",
                absence.kind,
                f"{absence.kind}: {absence.start} – {absence.end}, {absence.extent} %",
            )
        )
    # Phases: BT from its start to its end (or the last BT day), ST from start to the projection.
    bt_start = profile.bt.start if profile.bt else None
    bt_end = (profile.bt.end if profile.bt and profile.bt.end else service.bt_last_day) if bt_start else None
    if bt_start and bt_end:
        bars.append(
            Bar(x(bt_start), 8, round(x(bt_end) - x(bt_start), 1), 14, "phase-bt", "BT", f"BT {bt_start} – {bt_end}")
        )
    st_from = bt_end + dt.timedelta(days=1) if bt_end else profile.st_start
    st_to = (
        min(stop, service.projected_completion(ctx.catalogue.meta.time_rules.minimum_months) or stop)
        if ctx.catalogue
        else stop
    )
    if st_from < st_to:
        bars.append(
            Bar(x(st_from), 8, round(x(st_to) - x(st_from), 1), 14, "phase-st", "ST", f"ST {st_from} – {st_to}")
        )
    # The last tick is the right edge: drawn, not labelled (its label would fall outside).
    ticks = [
        Tick(x(dt.date(year, 1, 1)), str(year) if year < stop.year else "") for year in range(start.year, stop.year + 1)
    ]
    return Timeline(width, leave_y + 32, bars, ticks, x(ctx.as_of), f"{ctx.as_of}")


def _fit(text: str, width: float) -> str:
    """Shorten a bar label to what fits: about 6.5 px a character at 11 px."""
    room = int((width - 8) / 6.5)
    if room < 4:
        return ""
    return text if len(text) <= room else text[: room - 1] + "…"


def grid(verdicts: list[Verdict]) -> Grid:
    """The delmål as a grid of cells coloured by status, one row per group."""
    cell_w, cell_h, gap, label_w = 58, 30, 4, 0
    cells = []
    rows: dict[str, int] = {}
    column: dict[str, int] = {}
    for verdict in verdicts:
        group = verdict.goal.group
        row = rows.setdefault(group, len(rows))
        col = column.get(group, 0)
        column[group] = col + 1
        per_row = 16
        cells.append(
            Cell(
                label_w + (col % per_row) * (cell_w + gap),
                (row + col // per_row) * (cell_h + gap),
                cell_w,
                cell_h,
                verdict.goal.id,
                STATUS_CLASS[verdict.status],
                f"{verdict.goal.id} {verdict.goal.title}: {STATUS_SV[verdict.status]}",
            )
        )
    height = (max((c.y for c in cells), default=0) + cell_h) if cells else cell_h
    width = max((c.x + c.width for c in cells), default=cell_w)
    legend = [
        Cell(i * 190, 0, 18, 18, STATUS_SV[status], STATUS_CLASS[status], STATUS_SV[status])
        for i, status in enumerate((ATTESTED, MET, IN_PROGRESS, NOT_STARTED))
    ]
    counts = [
        Count(STATUS_SV[s], sum(1 for v in verdicts if v.status == s))
        for s in (ATTESTED, MET, IN_PROGRESS, NOT_STARTED)
    ]
    return Grid(width, height, cells, legend, counts)
