"""The reports' pictures: placements on an SVG timeline, the delmål as a grid coloured by status.

Only geometry is computed here (positions, sizes, labels that fit); the templates draw it.
Colours are given as SVG attributes, not only CSS classes, so that a PDF engine that does not
style inline SVG from the page's stylesheet (WeasyPrint) still draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from stfolio.context import Context
from stfolio.figures.service import Service
from stfolio.figures.verdicts import Verdict, state_label
from stfolio.i18n import _
from stfolio.reports.goals import STATES, state_class
from stfolio.reports.labels import value
from stfolio.reports.model import Bar, Cell, Count, Grid, GridLabel, Tick, Timeline

FILLS = {
    "st": "#4c6ef5",
    "bt-akut": "#e8590c",
    "bt-primarvard": "#2f9e44",
    "bt-annan": "#ae3ec9",
    "auskultation": "#868e96",
    "leave": "#c92a2a",
    "phase-bt": "#ffd8a8",
    "phase-st": "#d0ebff",
}
STATE_FILLS = {"attested": "#2b8a3e", "met": "#1c7ed6", "in-progress": "#f59f00", "not-started": "#ced4da"}
_CHAR = 6.1  # px per character of a 10 px DejaVu Sans label, on average
_LANE = 36  # px per placement lane: room for a label on two lines


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
    width, left, top = 960, 10, 44  # rows: date label, phases (y 18), then placements
    span = (stop - start).days

    def x(day: dt.date) -> float:
        return round(left + (width - 2 * left) * (day - start).days / span, 1)

    lanes: list[dt.date] = []
    bars = []
    key: list[str] = []
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
        planned = record.status == "planned"
        bar_width = max(2.0, round(x(record.end + dt.timedelta(days=1)) - x(record.start), 1))
        name = record.title or record.unit
        lines = wrap(name, bar_width)
        outside = False
        if not lines:  # too narrow for its name: a number here, the name in the key below
            key.append(f"{len(key) + 1} {name}")
            lines = [str(len(key))]
            outside = bar_width < 14
        title = f"{name}: {record.start} – {record.end}, {record.extent} %"
        bars.append(
            Bar(
                x(record.start),
                top + lane * _LANE,
                bar_width,
                _LANE - 6,
                css + (" planned" if planned else ""),
                " ".join(lines),
                title + (" ({})".format(_("planned")) if planned else ""),
                "bar-label dark" if planned else "bar-label",
                FILLS[css],
                lines,
                planned,
                outside,
            )
        )
    leave_y = top + max(1, len(lanes)) * _LANE + 4
    for leave_entry in leaves:
        absence = leave_entry.record
        bars.append(
            Bar(
                x(absence.start),
                leave_y,
                max(2.0, round(x(absence.end + dt.timedelta(days=1)) - x(absence.start), 1)),
                10,
                "leave",
                value(absence.kind),
                f"{value(absence.kind)}: {absence.start} – {absence.end}, {absence.extent} %",
                fill=FILLS["leave"],
            )
        )
    bars += _phases(ctx, service, x, stop)
    # The last tick is the right edge: drawn, not labelled (its label would fall outside).
    ticks = [
        Tick(x(dt.date(year, 1, 1)), str(year) if year < stop.year else "") for year in range(start.year, stop.year + 1)
    ]
    return Timeline(width, leave_y + 32, bars, ticks, x(ctx.as_of), f"{ctx.as_of}", key)


def _phases(ctx: Context, service: Service, x: Callable[[dt.date], float], stop: dt.date) -> list[Bar]:
    """BT from its start to its end (or the last BT day), ST from then to the projected end."""
    profile = ctx.portfolio.profile
    assert profile is not None
    bars = []
    bt_start = profile.bt.start if profile.bt else None
    bt_end = (profile.bt.end if profile.bt and profile.bt.end else service.bt_last_day) if bt_start else None
    if bt_start and bt_end:
        width = round(x(bt_end) - x(bt_start), 1)
        bars.append(
            Bar(x(bt_start), 8, width, 14, "phase-bt", "BT", f"BT {bt_start} – {bt_end}", fill=FILLS["phase-bt"])
        )
    st_from = bt_end + dt.timedelta(days=1) if bt_end else profile.st_start
    projected = service.projected_completion(ctx.catalogue.meta.time_rules.minimum_months) if ctx.catalogue else None
    st_to = min(stop, projected or stop)
    if st_from < st_to:
        bars.append(
            Bar(
                x(st_from),
                8,
                round(x(st_to) - x(st_from), 1),
                14,
                "phase-st",
                "ST",
                f"ST {st_from} – {st_to}",
                fill=FILLS["phase-st"],
            )
        )
    return bars


def wrap(text: str, width: float, max_lines: int = 2) -> list[str]:
    """A bar label on at most two lines of whole words that fit ``width``; [] if it cannot fit."""
    room = int((width - 8) / _CHAR)
    if room < 3:
        return []
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        elif len(word) <= room and len(lines) < max_lines:
            lines.append(word)
        else:
            return []
    return lines


def grid(verdicts: list[Verdict]) -> Grid:
    """The delmål as a grid of cells coloured by status: one band per group, labelled, sized to its rows."""
    cell_w, cell_h, gap, label_w, per_row = 48, 26, 3, 40, 18
    cells = []
    labels = []
    groups: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        groups.setdefault(verdict.goal.group, []).append(verdict)
    y = 0
    for group, members in groups.items():
        labels.append(GridLabel(0, y + 18, group))
        for i, verdict in enumerate(members):
            css = state_class(verdict.status)
            cells.append(
                Cell(
                    label_w + (i % per_row) * (cell_w + gap),
                    y + (i // per_row) * (cell_h + gap),
                    cell_w,
                    cell_h,
                    verdict.goal.id,
                    css,
                    f"{verdict.goal.id} {verdict.goal.title}: {state_label(verdict.status)}",
                    STATE_FILLS[css],
                    "#ffffff" if css in ("attested", "met") else "#1d2430",
                )
            )
        y += ((len(members) - 1) // per_row + 1) * (cell_h + gap) + 4
    height = max(cell_h, y - gap - 4)
    width = max((c.x + c.width for c in cells), default=cell_w)
    legend = [
        Cell(i * 190, 0, 18, 18, state_label(s), state_class(s), state_label(s), STATE_FILLS[state_class(s)])
        for i, s in enumerate(STATES)
    ]
    counts = [Count(state_label(s), sum(1 for v in verdicts if v.status == s)) for s in STATES]
    return Grid(width, height, cells, legend, counts, labels)
