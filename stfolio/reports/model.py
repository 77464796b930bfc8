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
    as_of: str  # ISO, for tables and machines
    as_of_long: str  # "23 november 2026", for prose
    unverified_note: str
    lang: str  # 'sv' or 'en': the language the report is written in


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
    notes: str = ""  # the record's own notes, where a report shows them


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
    has_delmal: bool = True  # a column only when some row has something in it
    has_intyg: bool = True
    has_status: bool = False


@dataclass(frozen=True)
class GoalRow:
    id: str
    title: str
    group: str
    status: str
    status_class: str
    done: int
    planned: int
    missing: str  # what remains, in words: "intyg från handledare saknas; kurs saknas"
    this_year: int  # records of the report's year naming it (annual), else 0
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
    attested_ids: str = ""  # "BT1–BT5, BT8–BT18": the attested goals in a line
    open_rows: list[GoalRow] = field(default_factory=list)  # the goals not yet attested


@dataclass(frozen=True)
class Attention:
    """What needs attention first, as of the report's date; nothing means nothing to follow up."""

    items: list[str]
    errors: int  # errors in the portfolio
    left_out: int  # record files left out of the report because of their errors


@dataclass(frozen=True)
class NormRow:
    pack: str
    title: str
    figure: str
    observed: str
    ok: bool
    verdict: str  # "✓", "under normen", "över budget", "saknas"
    on_its_way: bool = False  # not met, but not behind either: a planned deliverable


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
    fill: str = "#4c6ef5"  # colours as attributes: PDF engines do not all apply CSS to SVG
    lines: list[str] = field(default_factory=list)  # the label wrapped to fit the bar
    dashed: bool = False  # planned
    outside: bool = False  # too narrow even for its number: the number stands just after the bar


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
    key: list[str] = field(default_factory=list)  # "1 BT akutsjukvård": bars too narrow for their name


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    width: int
    height: int
    id: str
    css: str
    title: str
    fill: str = "#ced4da"
    text_fill: str = "#1d2430"


@dataclass(frozen=True)
class GridLabel:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Grid:
    width: int
    height: int
    cells: list[Cell]
    legend: list[Cell]
    counts: list[Count]
    labels: list[GridLabel] = field(default_factory=list)  # the group of each row: BT, STa...


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
    attention: Attention
    detail: str  # 'summary' (meetings one line each) or 'full' (every note)
    time: TimeSummary
    sections: list[Section]
    goals: list[GoalGroup]
    norms: list[NormRow]
    plan: list[Row]
    plan_title: str
    timeline: Timeline
    grid: Grid
    forms: list[FormBlock]
    blocking: list[Blocker]
    revisions: list[Row]
    research: list[Row]  # vetenskapligt arbete and kvalitetsarbete (IUP)
    ready: bool | None
