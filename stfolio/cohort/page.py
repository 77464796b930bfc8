"""The overview as one self-contained HTML page: the table, a chart of each trainee's time
served against the plan, the flags and (with ``--year``) the compilation.

All arithmetic (the chart's geometry included) happens here, in :func:`page`; the template
``templates/cohort/overview.html.j2`` only lays out. The page has inline CSS and SVG, no
scripts and no external requests, and prints on A4 landscape. Every value is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stfolio import i18n
from stfolio.cohort.flags import flag_label, flag_text
from stfolio.cohort.model import TraineeRow
from stfolio.cohort.output import (
    bt_text,
    figure_word,
    group_name,
    number,
    summary_line,
    who,
)
from stfolio.cohort.run import Cohort
from stfolio.cohort.yearly import FIGURES, value
from stfolio.i18n import _, n_

CHART_WIDTH = 420  # pixels for the longest needed time
BAR_HEIGHT = 12


@dataclass(frozen=True)
class ChartBar:
    """One trainee's time as a bar: served, then planned, against the needed time, and the plan's mark."""

    label: str
    y: int
    served: float  # widths in pixels
    planned: float
    needed: float
    expected: float  # x of where full time since ST start would be
    text: str
    figure: str  # served / needed, beside the bar
    behind: bool


@dataclass(frozen=True)
class PageFlag:
    code: str
    label: str
    text: str
    high: bool


@dataclass(frozen=True)
class PageRow:
    name: str
    readable: bool
    detail: str  # specialty · regulation
    supervisor: str
    clinic: str
    employer: str
    st_start: str
    months: str
    plan: str
    completion: str
    late: str
    bt: str
    delmal: str
    handledarsamtal: str
    iup: str
    errors: str
    flags: list[PageFlag] = field(default_factory=list)
    risk: int = 0


@dataclass(frozen=True)
class YearRow:
    name: str
    clinic: str
    cells: list[str]
    level: str = ""


@dataclass(frozen=True)
class Page:
    lang: str
    title: str
    summary: str
    as_of: str
    rows: list[PageRow]
    chart: list[ChartBar]
    chart_height: int
    chart_width: int
    year: int | None = None
    year_headers: list[str] = field(default_factory=list)
    year_rows: list[YearRow] = field(default_factory=list)
    group_rows: list[YearRow] = field(default_factory=list)
    left_out: str = ""


def _since(day: str | None, days: int | None) -> str:
    return _("{date} ({days} d)").format(date=day, days=days) if day else _("none")


def _row(row: TraineeRow) -> PageRow:
    flags = [PageFlag(f.code, flag_label(f.code), flag_text(f), f.weight >= 3) for f in row.flags]
    if not row.readable:
        return PageRow(who(row), False, "", "", "", "", "", "", "", "", "", "", "", "", "", "", flags, row.risk)
    return PageRow(
        name=row.name,
        readable=True,
        detail=f"{row.specialty} · {row.regulation}",
        supervisor=row.supervisor,
        clinic=(row.clinic or "–") + (" *" if row.clinic_from_placement else ""),
        employer=row.employer,
        st_start=row.st_start or "–",
        months=f"{number(row.served)} / {number(row.needed)}",
        plan=_("plan {expected}").format(expected=number(row.expected)),
        completion=row.earliest_completion or "–",
        late=_("+{months} mo").format(months=number(row.months_late)) if row.months_late else "",
        bt=bt_text(row) or "–",
        delmal=f"{row.delmal_attested} / {row.delmal_met + row.delmal_in_progress} / {row.delmal_not_started}",
        handledarsamtal=_since(row.last_handledarsamtal, row.days_since_handledarsamtal),
        iup=_since(row.last_iup, row.days_since_iup),
        errors=f"{row.errors} / {row.warnings}",
        flags=flags,
        risk=row.risk,
    )


def _chart(rows: list[TraineeRow]) -> list[ChartBar]:
    timed = [r for r in rows if r.readable and r.needed]
    if not timed:
        return []
    longest = max(float(r.needed or 0) for r in timed)
    scale = CHART_WIDTH / longest
    bars = []
    for i, row in enumerate(timed):
        needed = float(row.needed or 0)
        served = min(float(row.served or 0), needed)
        planned = min(float(row.planned or 0), needed - served)
        text = _("{served} of {needed} months served, {planned} planned; full time since ST start: {expected}").format(
            served=number(row.served),
            needed=number(row.needed),
            planned=number(row.planned),
            expected=number(row.expected),
        )
        bars.append(
            ChartBar(
                label=row.name,
                y=i * (BAR_HEIGHT + 8),
                served=round(served * scale, 1),
                planned=round(planned * scale, 1),
                needed=round(needed * scale, 1),
                expected=round(min(float(row.expected or 0), needed) * scale, 1),
                text=text,
                figure=f"{number(row.served)} / {number(row.needed)}",
                behind=any(f.code == "behind" for f in row.flags),
            )
        )
    return bars


def page(cohort: Cohort) -> Page:
    rows = list(cohort.rows)
    chart = _chart(rows)
    result = Page(
        lang=i18n.current(),
        title=_("Cohort overview"),
        summary=summary_line(cohort),
        as_of=cohort.as_of.isoformat(),
        rows=[_row(r) for r in rows],
        chart=chart,
        chart_height=len(chart) * (BAR_HEIGHT + 8) + 8,
        chart_width=CHART_WIDTH,
    )
    compilation = cohort.compilation
    if compilation is None:
        return result
    year_rows = [
        YearRow(r.name, r.clinic or "–", [number(value(r.year, k)) for k in FIGURES])
        for r in rows
        if r.readable and r.year is not None
    ]
    group_rows = [
        YearRow(
            group_name(g),
            str(g.trainees),
            [f"{number(f.total)} ({number(f.median)})" for _key, f in g.figures],
            g.level,
        )
        for g in compilation.groups
    ]
    left = n_(
        "Left out: {n} portfolio that cannot be read or holds a personnummer",
        "Left out: {n} portfolios that cannot be read or hold a personnummer",
        compilation.left_out,
    ).format(n=compilation.left_out)
    return Page(
        **{
            **result.__dict__,
            "year": compilation.year,
            "year_headers": [figure_word(k) for k in FIGURES],
            "year_rows": year_rows,
            "group_rows": group_rows,
            "left_out": left,
        }
    )


def to_html(cohort: Cohort) -> str:
    """The page, rendered by the shipped template (trusted: no sandbox needed, and fast at any size)."""
    import jinja2

    from stfolio.reports.render import css
    from stfolio.reports.sandbox import shown_value
    from stfolio.resources import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "cohort"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=shown_value,
    )
    env.filters["css"] = css
    env.globals["_"] = _
    env.globals["n_"] = n_
    return env.get_template("overview.html.j2").render(p=page(cohort))
