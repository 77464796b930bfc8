"""What one trainee's portfolio comes to in the overview: a small row of plain values.

Rows are built in worker processes and sent back to the parent, so they hold only strings,
numbers, ISO dates and small tuples: they pickle in microseconds and a cohort of thousands
stays a few megabytes. Nothing in a row is record free text: names and ids from the profile,
figures, dates, counts, the ids and titles of policy norms, and (for a broken portfolio) the
finding that says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A row's state: the portfolio was read, could not be read, or holds a personnummer (only that is shown).
OK = "ok"
BROKEN = "broken"
IDENTIFIER = "identifier"


@dataclass(frozen=True)
class NormRef:
    """A norm of a policy pack: ``se-sus`` / ``handledning`` / its title."""

    pack: str
    norm: str
    title: str

    @property
    def key(self) -> str:
        return f"{self.pack}/{self.norm}"


@dataclass(frozen=True)
class YearFigures:
    """What a trainee's portfolio shows for one calendar year (the yearly compilation)."""

    year: int
    served_months: float  # full-time-equivalent months served in the year
    handledarsamtal: int
    assessments: int  # structured assessments: mini-CEX, CBD, DOPS, medsittning, 360, ...
    iup_revisions: int
    courses: int  # done courses that began in the year
    placements: int  # done placements (any kind) that overlap the year
    norms_met: int
    norms_not_met: int


@dataclass(frozen=True)
class Flag:
    """A risk flag: a stable code (docs/cohort.md), its weight in the ordering, the figures behind it."""

    code: str
    weight: int
    values: tuple[tuple[str, object], ...] = ()

    def value(self, key: str) -> object:
        return dict(self.values).get(key)


@dataclass(frozen=True)
class TraineeRow:
    """One portfolio of the cohort. Figures are None where the portfolio does not allow them."""

    path: str  # absolute path of the portfolio folder
    state: str = OK
    problem: str = ""  # why a portfolio is broken: the finding (or error) that stops it, in the user's language
    identifiers: int = 0  # personnummer and samordningsnummer found (the row then shows only that)
    name: str = ""
    specialty: str = ""
    regulation: str = ""
    clinic: str = ""
    clinic_from_placement: bool = False  # no clinic in the profile: the current placement's unit
    employer: str = ""
    supervisor: str = ""  # huvudhandledare
    st_start: str | None = None
    as_of: str = ""
    served: float | None = None  # FTE months served by the as-of date
    planned: float | None = None  # FTE months still to come from the plan (done-but-ongoing and planned placements)
    leave: float | None = None
    needed: float | None = None  # the regulation's minimum
    expected: float | None = None  # what full-time service since ST start would have given by now (the plan's pace)
    planned_completion: str | None = None  # ST start plus the minimum at full time
    earliest_completion: str | None = None  # records and plan, then full time
    months_late: float | None = None  # earliest minus planned completion, in months (0 if not later)
    bt_state: str = ""  # "" (no BT: SOSFS 2015:8), approved, done, in-progress
    bt_start: str | None = None
    bt_served: float | None = None
    bt_needed: float | None = None
    bt_months: float | None = None  # calendar months since BT start
    delmal_attested: int = 0
    delmal_met: int = 0  # requirements met, intyg missing
    delmal_in_progress: int = 0
    delmal_not_started: int = 0
    norms_behind: tuple[NormRef, ...] = ()
    last_handledarsamtal: str | None = None
    days_since_handledarsamtal: int | None = None
    last_iup: str | None = None
    days_since_iup: int | None = None
    intyg_missing: tuple[tuple[str, int], ...] = ()  # (placements|courses|activities, count) in the window
    errors: int = 0
    warnings: int = 0
    year: YearFigures | None = None
    flags: tuple[Flag, ...] = field(default=())

    @property
    def delmal_total(self) -> int:
        return self.delmal_attested + self.delmal_met + self.delmal_in_progress + self.delmal_not_started

    @property
    def risk(self) -> int:
        return sum(flag.weight for flag in self.flags)

    @property
    def readable(self) -> bool:
        return self.state == OK
