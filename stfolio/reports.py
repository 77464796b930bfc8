"""Reports: the typed context behind the årlig rapport, the IUP and the application underlag.

All arithmetic, grouping, sorting and picture geometry happen here; the jinja2 templates in
``templates/`` only lay the context out (Markdown and HTML share it; JSON is the context
itself). Everything is computed as of one date, so the same portfolio gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from stfolio.application import FormItem, FormStatus, readiness
from stfolio.catalogue import role_label
from stfolio.check import CheckResult
from stfolio.context import Context
from stfolio.loader import Entry
from stfolio.model import value_of
from stfolio.policies import Norm, load_pack, selected, when
from stfolio.text import kronor
from stfolio.timerules import COUNTED_KINDS, Service, add_months, compute_service, months_between
from stfolio.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED, Verdict, all_verdicts, finished

STATUS_SV = {
    NOT_STARTED: "ej påbörjat",
    IN_PROGRESS: "pågår",
    MET: "aktiviteter klara, intyg saknas",
    ATTESTED: "intygat",
}
STATUS_CLASS = {NOT_STARTED: "not-started", IN_PROGRESS: "in-progress", MET: "met", ATTESTED: "attested"}
KIND_SV = {
    "placements": "Placeringar",
    "courses": "Kurser",
    "assessments": "Bedömningar",
    "meetings": "Handledning och möten",
    "activities": "Övriga aktiviteter",
    "leave": "Ledighet",
}
MONTHS_SV = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def sv_number(value: float, decimals: int = 1) -> str:
    """Swedish decimal comma: 13,6."""
    return f"{value:.{decimals}f}".replace(".", ",")


def sv_date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str
    trainee: str
    specialty: str
    regulation: str
    clinic: str
    employer: str
    supervisor: str
    studierektor: str
    st_start: str
    bt: str
    as_of: str
    unverified_note: str


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    needed: str
    ok: bool


@dataclass(frozen=True)
class TimeSummary:
    served: str
    planned: str
    minimum: str
    percent: int
    leave: str
    projected: str
    figures: list[Figure]
    bar_width: int  # of 100, for the HTML progress bar


@dataclass(frozen=True)
class Row:
    """One record in a table: already formatted for reading."""

    path: str
    when: str
    what: str
    kind: str
    details: str
    delmal: str
    intyg: str
    status: str


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]
    counts: list[Count] = field(default_factory=list)
    has_delmal: bool = True  # leave and expenses have no delmål
    has_intyg: bool = True  # only placements, courses and activities carry intyg


@dataclass(frozen=True)
class GoalRow:
    id: str
    title: str
    group: str
    status: str
    status_class: str
    done: int
    planned: int
    missing: str
    records: list[str]
    planned_records: list[str]
    assessed_by: str
    verified: bool
    done_summary: str  # "Placeringar: BT akut; Kurser: ...; 3 bedömningar" for people
    planned_summary: str


@dataclass(frozen=True)
class GoalGroup:
    id: str
    title: str
    attested: int
    rows: list[GoalRow]


@dataclass(frozen=True)
class NormRow:
    pack: str
    title: str
    figure: str
    observed: str
    ok: bool
    verdict: str  # "✓", "under normen", "över budget", "saknas"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str
    title: str
    label_css: str = "bar-label"  # dark text on pale (planned) bars


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float
    today_label: str


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    width: int
    height: int
    id: str
    css: str
    title: str


@dataclass(frozen=True)
class Grid:
    width: int
    height: int
    cells: list[Cell]
    legend: list[Cell]
    counts: list[Count]


@dataclass(frozen=True)
class FormRow:
    source: str
    description: str
    delmal: str
    intyg: str
    ok: bool


@dataclass(frozen=True)
class FormBlock:
    id: str
    title: str
    issued_by: str
    purpose: str
    status: str
    verified: bool
    rows: list[FormRow]


@dataclass(frozen=True)
class Blocker:
    what: str
    status: str
    missing: str


@dataclass(frozen=True)
class Report:
    """Everything a template may show. ``kind`` is annual, iup or application."""

    kind: str
    year: int | None
    header: Header
    time: TimeSummary
    sections: list[Section]
    goals: list[GoalGroup]
    advanced: list[GoalRow]  # delmål advanced by the year's records (annual)
    norms: list[NormRow]
    deviations: list[str]
    plan: list[Row]
    plan_title: str
    timeline: Timeline
    grid: Grid
    forms: list[FormBlock]
    blocking: list[Blocker]
    revisions: list[Row]
    research: list[Row]  # vetenskapligt arbete and kvalitetsarbete (IUP)
    ready: bool | None


# --- building blocks -------------------------------------------------------------------


def _record_row(entry: Entry, as_of: dt.date) -> Row:
    record: Any = entry.record
    if value_of(record, "status", "done") == "planned":
        status = "planerad"
    else:
        status = "genomförd" if finished(entry, as_of) else "pågående"
    intyg = "; ".join(
        f"{i.issued_by} ({i.role}, {i.date})" + (" – inskannat" if i.file else "") for i in getattr(record, "intyg", ())
    )
    if entry.kind == "placements":
        period = f"{record.start} – {record.end}"
        what = record.title or record.unit
        details = ", ".join(
            p
            for p in (
                record.unit if record.title else "",
                record.kind,
                f"BT {record.bt}" if record.bt else "",
                f"{record.extent} %",
                f"handledare {record.supervisor.name}" if record.supervisor else "",
            )
            if p
        )
        kind = "BT" if record.bt else record.kind
    elif entry.kind == "courses":
        period = f"{record.start}" + (f" – {record.end}" if record.end and record.end != record.start else "")
        what, kind = record.title, "kurs"
        details = ", ".join(p for p in (record.provider or "", kronor(record.cost) if record.cost else "") if p)
    elif entry.kind == "assessments":
        period, what, kind = f"{record.date}", record.title or record.instrument, record.instrument
        details = "; ".join(
            p
            for p in (
                f"bedömare {record.assessor.name}" if record.assessor else "",
                record.setting or "",
                record.feedback or "",
            )
            if p
        )
    elif entry.kind == "meetings":
        period, kind = f"{record.date}", record.kind
        what = record.kind + (f" ({record.duration_minutes} min)" if record.duration_minutes else "")
        details = "; ".join(
            p
            for p in (
                ", ".join(record.participants),
                "ämnen: " + ", ".join(record.topics) if record.topics else "",
                "överenskommet: " + ", ".join(record.actions) if record.actions else "",
            )
            if p
        )
    elif entry.kind == "activities":
        period = f"{record.start}" + (f" – {record.end}" if record.end and record.end != record.start else "")
        what, kind = record.title, record.kind
        details = ", ".join(
            p
            for p in (
                f"{record.hours:g} h" if record.hours else "",
                f"handledare {record.supervisor.name}" if record.supervisor else "",
            )
            if p
        )
    elif entry.kind == "leave":
        period, what, kind = f"{record.start} – {record.end}", record.kind, record.kind
        details = f"{record.extent} %"
    else:
        period, what, kind = f"{record.date}", record.description or record.category, record.category
        details = kronor(record.amount)
    return Row(entry.path, period, what, kind, details, ", ".join(getattr(record, "delmal", ())), intyg, status)


def _in_year(entry: Entry, year: int) -> bool:
    record: Any = entry.record
    first = when(entry)
    last = getattr(record, "end", None) or first
    return first.year <= year <= last.year


def _sorted(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (when(e), e.path))


def _header(ctx: Context, title: str, subtitle: str, names: dict[str, str]) -> Header:
    profile = ctx.portfolio.profile
    assert profile is not None
    supervisor = profile.supervisor
    bt = ""
    if profile.bt:
        bt = f"{profile.bt.start} – {profile.bt.end}" if profile.bt.end else f"från {profile.bt.start}"
    return Header(
        title=title,
        subtitle=subtitle,
        trainee=profile.trainee.name,
        specialty=names.get(profile.specialty, profile.specialty),
        regulation=profile.regulation,
        clinic=profile.clinic or "",
        employer=profile.employer or "",
        supervisor=(supervisor.name + (f" ({supervisor.specialty})" if supervisor.specialty else ""))
        if supervisor
        else "",
        studierektor=profile.studierektor.name if profile.studierektor else "",
        st_start=profile.st_start.isoformat(),
        bt=bt,
        as_of=ctx.as_of.isoformat(),
        unverified_note=(
            "Delmålens krav kommer från stfolios målkatalog, som ännu inte är verifierad mot Socialstyrelsens "
            "målbeskrivning. Kontrollera kraven i målbeskrivningen."
        ),
    )


def _time(ctx: Context, service: Service) -> TimeSummary:
    assert ctx.catalogue is not None
    rules = ctx.catalogue.meta.time_rules
    end = service.projected_completion(rules.minimum_months)
    figures = [
        Figure(
            "ST-tid (heltidsekvivalenter)",
            sv_number(service.served),
            f"{rules.minimum_months} mån",
            service.served >= rules.minimum_months,
        )
    ]
    if rules.bt is not None:
        bt = rules.bt
        akut, primar = service.bt_served.get("akut", 0.0), service.bt_served.get("primärvård", 0.0)
        figures += [
            Figure(
                "BT totalt",
                sv_number(service.bt_total),
                f"{bt.minimum_months} mån",
                service.bt_total >= bt.minimum_months,
            ),
            Figure("BT akut sjukvård", sv_number(akut), f"{bt.akut_months} mån", akut >= bt.akut_months),
            Figure("BT primärvård", sv_number(primar), f"{bt.primarvard_months} mån", primar >= bt.primarvard_months),
        ]
    percent = round(100 * min(1.0, service.served / rules.minimum_months))
    return TimeSummary(
        served=sv_number(service.served),
        planned=sv_number(service.planned),
        minimum=str(rules.minimum_months),
        percent=percent,
        leave=sv_number(service.leave),
        projected=sv_date(end),
        figures=figures,
        bar_width=percent,
    )


def _summary(paths: list[str], ctx: Context) -> str:
    """Records named for people: placements, courses and activities by title, the rest counted."""
    by_path = {e.path: e for e in ctx.portfolio.entries}
    named: dict[str, list[str]] = {}
    counted: dict[str, int] = {}
    for path in paths:
        entry = by_path.get(path)
        if entry is None:
            continue
        record: Any = entry.record
        if entry.kind == "placements":
            named.setdefault("Placering", []).append(record.title or record.unit)
        elif entry.kind == "courses":
            named.setdefault("Kurs", []).append(record.title)
        elif entry.kind == "activities":
            named.setdefault(record.kind.capitalize(), []).append(record.title)
        else:
            counted[entry.kind] = counted.get(entry.kind, 0) + 1
    parts = [f"{label}: {', '.join(titles)}" for label, titles in named.items()]
    nouns = {"assessments": ("bedömning", "bedömningar"), "meetings": ("samtal", "samtal")}
    parts += [f"{n} {nouns[k][0] if n == 1 else nouns[k][1]}" for k, n in counted.items() if k in nouns]
    return "; ".join(parts)


def _goal_row(verdict: Verdict, ctx: Context) -> GoalRow:
    assessed = sorted(
        {
            e.record.instrument  # type: ignore[attr-defined]
            for e in ctx.portfolio.of_kind("assessments")
            if verdict.goal.id in e.record.delmal and finished(e, ctx.as_of)  # type: ignore[attr-defined]
        }
    )
    return GoalRow(
        id=verdict.goal.id,
        title=verdict.goal.title,
        group=verdict.goal.group,
        status=STATUS_SV[verdict.status],
        status_class=STATUS_CLASS[verdict.status],
        done=len(verdict.done),
        planned=len(verdict.planned),
        missing="; ".join(r.short for r in verdict.missing),
        records=verdict.done,
        planned_records=verdict.planned,
        assessed_by=", ".join(assessed),
        verified=verdict.goal.verified,
        done_summary=_summary(verdict.done, ctx),
        planned_summary=_summary(verdict.planned, ctx),
    )


def _goal_groups(ctx: Context, verdicts: list[Verdict]) -> list[GoalGroup]:
    assert ctx.catalogue is not None
    groups = []
    for group in ctx.catalogue.meta.groups:
        rows = [_goal_row(v, ctx) for v in verdicts if v.goal.group == group.id]
        if rows:
            groups.append(GoalGroup(group.id, group.title, sum(1 for r in rows if r.status_class == "attested"), rows))
    return groups


def _timeline(ctx: Context, service: Service) -> Timeline:
    """Placements as bars on lanes, leave as bands, BT/ST phases, years as ticks."""
    profile = ctx.portfolio.profile
    assert profile is not None
    placements = _sorted([e for e in ctx.portfolio.of_kind("placements")])
    leaves = _sorted(ctx.portfolio.of_kind("leave"))
    first = min([profile.st_start] + [e.record.start for e in placements])  # type: ignore[attr-defined]
    last = max([ctx.as_of] + [e.record.end for e in placements + leaves])  # type: ignore[attr-defined]
    start = dt.date(first.year, 1, 1)
    stop = dt.date(last.year + 1, 1, 1)
    width, left, lane_height, top = 960, 10, 26, 44  # rows: date label, phases (y 18), then placements
    span = (stop - start).days

    def x(day: dt.date) -> float:
        return round(left + (width - 2 * left) * (day - start).days / span, 1)

    lanes: list[dt.date] = []
    bars = []
    for entry in placements:
        record: Any = entry.record
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
    for entry in leaves:
        record = entry.record
        bars.append(
            Bar(
                x(record.start),
                leave_y,
                max(2.0, round(x(record.end + dt.timedelta(days=1)) - x(record.start), 1)),
                10,
                "leave",
                record.kind,
                f"{record.kind}: {record.start} – {record.end}, {record.extent} %",
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


def _grid(verdicts: list[Verdict]) -> Grid:
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


def _norms(ctx: Context, year: int | None) -> list[NormRow]:
    """Each local norm against what the year (or, without a year, the whole ST) shows."""
    profile = ctx.portfolio.profile
    assert profile is not None
    rows = []
    for name in profile.policies:
        pack, _ = load_pack(ctx.portfolio.root, name)
        if pack is None:
            continue
        for norm in pack.norms:
            row = _norm_row(ctx, pack.id, norm, year)
            if row is not None:
                rows.append(row)
    return rows


def _norm_row(ctx: Context, pack: str, norm: Norm, year: int | None) -> NormRow | None:
    """One norm against the year (or the whole ST): the figure, what was recorded, a verdict.

    Judged like `check` judges it: counts against the minimum pro-rated to the part of the
    period that has passed, rounded down; year-limited norms only over the ST years they cover.
    """
    assert ctx.portfolio.profile is not None
    st_start = ctx.portfolio.profile.st_start
    first = max(st_start, dt.date(year, 1, 1)) if year else st_start
    last = min(ctx.as_of, dt.date(year, 12, 31)) if year else ctx.as_of
    if norm.years:
        first = max(first, add_months(st_start, 12 * (min(norm.years) - 1)))
        last = min(last, add_months(st_start, 12 * max(norm.years)) - dt.timedelta(days=1))
    if norm.from_year:
        first = max(first, add_months(st_start, 12 * (norm.from_year - 1)))
    if last < first:
        return None
    if norm.deliverable is not None:
        done = [e for e in selected(ctx, norm.deliverable) if finished(e, ctx.as_of)]
        planned = selected(ctx, norm.deliverable, done_only=False)
        observed = "klart" if done else ("planerat" if planned else "saknas")
        return NormRow(pack, norm.title, "krävs", observed, bool(planned), "✓" if planned else "saknas")
    if norm.budget is not None:
        spent = sum(
            value_of(e.record, "amount", 0.0)
            for e in ctx.portfolio.of_kind("expenses")
            if value_of(e.record, "status") == "done"
        )
        ok = spent <= norm.budget.total
        return NormRow(
            pack, norm.title, kronor(norm.budget.total), f"{kronor(spent)} använt", ok, "✓" if ok else "över budget"
        )
    selection = norm.count or norm.hours
    if selection is None or norm.minimum is None:
        return None
    entries = [e for e in selected(ctx, selection) if first <= when(e) <= last]
    if norm.per == "placement":
        ended = [
            p
            for p in ctx.portfolio.of_kind("placements")
            if value_of(p.record, "kind") in COUNTED_KINDS
            and finished(p, ctx.as_of)
            and first <= value_of(p.record, "end") <= last
        ]
        short = [
            p
            for p in ended
            if sum(1 for e in entries if when(p) <= when(e) <= value_of(p.record, "end")) < norm.minimum
        ]
        observed = f"{len(ended) - len(short)} av {len(ended)} avslutade placeringar"
        return NormRow(
            pack,
            norm.title,
            f"{norm.minimum:g} per placering",
            observed,
            not short,
            "✓" if not short else "under normen",
        )
    if norm.hours is not None:
        hours = sum(value_of(e.record, "hours") or 0.0 for e in entries)
        expected = norm.minimum * months_between(first, last)
        ok = hours >= int(expected)
        return NormRow(
            pack,
            norm.title,
            f"{norm.minimum:g} h/mån",
            f"{sv_number(hours)} h (minst {int(expected)} h väntat)",
            ok,
            "✓" if ok else "under normen",
        )
    expected = int(norm.minimum * months_between(first, last) / 12)
    label = "per 12 mån klinisk tjänstgöring" if norm.per == "service-year" else "per år"
    ok = len(entries) >= expected
    return NormRow(
        pack,
        norm.title,
        f"{norm.minimum:g} {label}",
        f"{len(entries)} (minst {expected} väntat)",
        ok,
        "✓" if ok else "under normen",
    )


def _st_year(st_start: dt.date, day: dt.date) -> int:
    years = day.year - st_start.year - ((day.month, day.day) < (st_start.month, st_start.day))
    return years + 1


FORM_STATES_SV = {
    "separate": "skickas med ansökan om intyg om godkänd BT",
    "empty": "inget registrerat ännu",
    "ok": "klart",
    "incomplete": "ofullständigt",
}


def _signers_sv(form: FormStatus) -> str:
    """Jointly signed forms take 'och'; an activity intyg is signed by one of the roles: 'eller'."""
    joint = form.form.covers in ("specialistkompetens", "baskompetens")
    return (" och " if joint else " eller ").join(role_label(r) for r in form.form.issued_by)


def _purpose_sv(form: FormStatus, ctx: Context) -> str:
    assert ctx.catalogue is not None
    covers = form.form.covers
    labels = ctx.catalogue.meta.activity_kinds
    if form.separate:
        return "Hör till ansökan om intyg om godkänd BT; ST-ansökan anger bara dess datum."
    if covers == "fullgjord-tjanstgoring":
        minimum = ctx.catalogue.meta.time_rules.minimum_months
        return f"Alla placeringar med period, sysselsättningsgrad och månader; minst {minimum} månader heltid."
    if covers == "specialistkompetens":
        return "Utfärdas när alla delmål är uppnådda, med huvudhandledarens uppgifter."
    if covers in ctx.catalogue.goals:
        return f"Aktiviteterna bakom {covers} och hur kompetensen har kontrollerats."
    return f"Ett intyg per {labels.get(covers, covers).lower()}, med de delmål det gäller."


def _form_row(item: FormItem, ctx: Context) -> FormRow:
    profile = ctx.portfolio.profile
    assert profile is not None
    if item.months is not None:
        text = f"{sv_number(item.months)} mån"
    elif item.source == "stfolio.yaml":
        supervisor = profile.supervisor
        if supervisor is None:
            return FormRow(item.source, "Huvudhandledare", "", "ingen huvudhandledare i stfolio.yaml", False)
        trained = {True: "ja", False: "nej", None: "ej angivet"}[supervisor.handledarutbildning]
        specialty = supervisor.specialty or "specialitet ej angiven"
        return FormRow(
            item.source,
            "Huvudhandledare",
            "",
            f"{supervisor.name} ({specialty}; handledarutbildning: {trained})",
            item.ok,
        )
    elif item.source == "delmål":
        return FormRow("", "Alla delmål intygade", "", item.intyg.replace(" of ", " av "), item.ok)
    elif item.signer:
        text = f"intyg: {item.signer}"
    else:
        text = "intyg saknas"
    description = item.description if item.source != "total" else "Summa heltidsekvivalenta månader efter ledighet"
    return FormRow(item.source, description, ", ".join(item.delmal), text, item.ok)


def _forms(ctx: Context) -> tuple[list[FormBlock], list[Blocker], bool]:
    ready = readiness(ctx)
    blocks = []
    for form in ready.forms:
        status = FORM_STATES_SV[form.state]
        blocks.append(
            FormBlock(
                form.form.id,
                form.form.title,
                _signers_sv(form),
                _purpose_sv(form, ctx),
                status,
                form.form.verified,
                [_form_row(item, ctx) for item in form.items],
            )
        )
    assert ctx.catalogue is not None
    rules = ctx.catalogue.meta.time_rules
    blockers = []
    if ready.service.served < rules.minimum_months:
        blockers.append(
            Blocker(
                "ST-tid",
                f"{sv_number(ready.service.served)} av {rules.minimum_months} månader",
                f"{sv_number(rules.minimum_months - ready.service.served)} månader kvar",
            )
        )
    if any(f.code == "STF802" for f in ready.findings) and rules.bt is not None:
        blockers.append(
            Blocker("BT", f"{sv_number(ready.service.bt_total)} månader", "längd eller sammansättning ej uppfylld")
        )
    for verdict in ready.verdicts:
        if verdict.status != ATTESTED:
            blockers.append(
                Blocker(
                    f"{verdict.goal.id} {verdict.goal.title}",
                    STATUS_SV[verdict.status],
                    "; ".join(r.short for r in verdict.missing),
                )
            )
    return blocks, blockers, ready.ready


# --- the three reports ---------------------------------------------------------------------


def _base(result: CheckResult) -> tuple[Context, Service, list[Verdict], dict[str, str]]:
    ctx = result.context
    assert ctx is not None and ctx.catalogue is not None and ctx.portfolio.profile is not None
    service = compute_service(ctx.portfolio, ctx.portfolio.profile.st_start, ctx.as_of)
    verdicts = all_verdicts(ctx.portfolio, ctx.catalogue, ctx.as_of)
    names = {spec.id: spec.name for spec in ctx.goals.specialties.values()}
    return ctx, service, verdicts, names


def _empty_report(
    kind: str, year: int | None, header: Header, time: TimeSummary, timeline: Timeline, grid: Grid
) -> dict[str, Any]:
    return {
        "kind": kind,
        "year": year,
        "header": header,
        "time": time,
        "sections": [],
        "goals": [],
        "advanced": [],
        "norms": [],
        "deviations": [],
        "plan": [],
        "plan_title": "",
        "timeline": timeline,
        "grid": grid,
        "forms": [],
        "blocking": [],
        "revisions": [],
        "research": [],
        "ready": None,
    }


def annual_report(result: CheckResult, year: int) -> Report:
    """Årlig rapport: the year's records and the delmål they advanced, norms, progress, plan."""
    ctx, service, verdicts, names = _base(result)
    header = _header(ctx, f"Årlig rapport {year}", f"ST-läkarens årliga rapport, {year}-01-01 – {year}-12-31", names)
    fields = _empty_report("annual", year, header, _time(ctx, service), _timeline(ctx, service), _grid(verdicts))
    sections = []
    year_entries: list[Entry] = []
    for kind, title in KIND_SV.items():
        entries = [
            e
            for e in _sorted(ctx.portfolio.of_kind(kind))
            if _in_year(e, year) and getattr(e.record, "status", "done") == "done"
        ]
        year_entries += entries
        counts: list[Count] = []
        if kind == "assessments":
            counts = _counts(entries, "instrument")
        elif kind == "meetings":
            counts = _counts(entries, "kind")
        sections.append(
            Section(
                kind,
                title,
                [_record_row(e, ctx.as_of) for e in entries],
                counts,
                has_delmal=kind not in ("leave", "expenses"),
                has_intyg=kind in ("placements", "courses", "activities"),
            )
        )
    named = {g for e in year_entries for g in getattr(e.record, "delmal", ())}
    fields["sections"] = sections
    fields["advanced"] = [_goal_row(v, ctx) for v in verdicts if v.goal.id in named]
    fields["goals"] = _goal_groups(ctx, verdicts)
    fields["norms"] = _norms(ctx, year)
    fields["deviations"] = [f.message for f in result.findings if f.code == "STF702"]
    upcoming = [
        e
        for kind in ("placements", "courses", "activities")
        for e in ctx.portfolio.of_kind(kind)
        if getattr(e.record, "status", "done") == "planned"
        and when(e).year <= year + 1
        and (getattr(e.record, "end", None) or when(e)) > ctx.as_of
    ]
    fields["plan"] = [_record_row(e, ctx.as_of) for e in _sorted(upcoming)]
    fields["plan_title"] = f"Plan för {year + 1}"
    return Report(**fields)


def _counts(entries: list[Entry], attribute: str) -> list[Count]:
    values: dict[str, int] = {}
    for entry in entries:
        value = str(getattr(entry.record, attribute))
        values[value] = values.get(value, 0) + 1
    return [Count(label, n) for label, n in sorted(values.items())]


def iup_report(result: CheckResult) -> Report:
    """IUP: planned and done placements and courses goal by goal, assessment, research, revisions."""
    ctx, service, verdicts, names = _base(result)
    header = _header(ctx, "Individuellt utbildningsprogram (IUP)", f"Utbildningsplan per {ctx.as_of}", names)
    fields = _empty_report("iup", None, header, _time(ctx, service), _timeline(ctx, service), _grid(verdicts))
    fields["goals"] = _goal_groups(ctx, verdicts)
    fields["sections"] = [
        Section(kind, title, [_record_row(e, ctx.as_of) for e in _sorted(ctx.portfolio.of_kind(kind))])
        for kind, title in (
            ("placements", "Placeringar, genomförda och planerade"),
            ("courses", "Kurser, genomförda och planerade"),
        )
    ]
    research = [
        e
        for e in ctx.portfolio.of_kind("activities")
        if getattr(e.record, "kind", None) in ("vetenskapligt arbete", "kvalitetsarbete")
    ]
    fields["research"] = [_record_row(e, ctx.as_of) for e in _sorted(research)]
    revisions = [e for e in ctx.portfolio.of_kind("meetings") if getattr(e.record, "kind", None) == "IUP-revision"]
    fields["revisions"] = [_record_row(e, ctx.as_of) for e in _sorted(revisions)]
    fields["norms"] = _norms(ctx, None)
    fields["deviations"] = [f.message for f in result.findings if f.code == "STF702"]
    return Report(**fields)


def application_report(result: CheckResult) -> Report:
    """Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; blockers."""
    ctx, service, verdicts, names = _base(result)
    header = _header(
        ctx,
        "Underlag för ansökan om bevis om specialistkompetens",
        f"Enligt {ctx.portfolio.profile.regulation if ctx.portfolio.profile else ''}, per {ctx.as_of}",
        names,
    )
    fields = _empty_report("application", None, header, _time(ctx, service), _timeline(ctx, service), _grid(verdicts))
    forms, blocking, ready = _forms(ctx)
    fields["forms"] = forms
    fields["blocking"] = blocking
    fields["ready"] = ready
    fields["goals"] = _goal_groups(ctx, verdicts)
    return Report(**fields)
