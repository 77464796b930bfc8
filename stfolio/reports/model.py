"""The typed context of a report: everything a template may show, already formatted.

Templates only lay these out; JSON output is this context itself (``dataclasses.asdict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
