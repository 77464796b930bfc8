"""The yearly compilation (``--year``): the year's figures per clinic, per employer and in all.

Seed 001: every ST-läkare hands in an årlig rapport, and "the results shall be compiled at
clinic and hospital level for comparison and discussion". Each trainee's year is
:class:`~stfolio.cohort.model.YearFigures`; here they are summed and their medians taken per
clinic (within its employer), per employer (hospital or region) and over the whole cohort.
Portfolios that cannot be read, or that hold a personnummer, are counted as left out, never
guessed at.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from stfolio.cohort.model import TraineeRow, YearFigures

# The figures compiled, in the order every format shows them.
FIGURES = (
    "served_months",
    "handledarsamtal",
    "assessments",
    "iup_revisions",
    "courses",
    "placements",
    "norms_met",
    "norms_not_met",
)

CLINIC, EMPLOYER, ALL = "clinic", "employer", "all"


@dataclass(frozen=True)
class Figure:
    total: float
    median: float


@dataclass(frozen=True)
class Group:
    level: str  # clinic, employer or all
    employer: str  # "" when the profiles name none
    clinic: str  # "" for an employer's or the cohort's line
    trainees: int
    figures: tuple[tuple[str, Figure], ...]

    def figure(self, key: str) -> Figure:
        return dict(self.figures)[key]


@dataclass(frozen=True)
class Compilation:
    year: int
    groups: tuple[Group, ...]  # each employer's clinics, then the employer; the whole cohort last
    left_out: int  # portfolios not compiled: unreadable or holding a personnummer
    not_in_st: int  # readable portfolios whose ST had not begun that year


def value(figures: YearFigures, key: str) -> float:
    number = getattr(figures, key)
    assert isinstance(number, int | float)
    return float(number)


def _group(level: str, employer: str, clinic: str, years: list[YearFigures]) -> Group:
    figures = []
    for key in FIGURES:
        values = [value(y, key) for y in years]
        total = round(sum(values), 2)
        median = round(statistics.median(values), 2) if values else 0.0
        figures.append((key, Figure(total, median)))
    return Group(level, employer, clinic, len(years), tuple(figures))


def compile_year(rows: list[TraineeRow], year: int) -> Compilation:
    """The compilation of ``year`` over the cohort's rows (clinics sorted by name within employers)."""
    compiled = [r for r in rows if r.readable and r.year is not None]
    left_out = sum(1 for r in rows if not r.readable)
    not_in_st = sum(1 for r in rows if r.readable and r.year is None)
    by_employer: dict[str, dict[str, list[YearFigures]]] = {}
    for row in compiled:
        assert row.year is not None
        by_employer.setdefault(row.employer, {}).setdefault(row.clinic, []).append(row.year)
    groups = []
    for employer in sorted(by_employer, key=lambda e: (e == "", e.casefold())):
        clinics = by_employer[employer]
        for clinic in sorted(clinics, key=lambda c: (c == "", c.casefold())):
            groups.append(_group(CLINIC, employer, clinic, clinics[clinic]))
        groups.append(_group(EMPLOYER, employer, "", [y for ys in clinics.values() for y in ys]))
    every = [r.year for r in compiled if r.year is not None]
    groups.append(_group(ALL, "", "", every))
    return Compilation(year, tuple(groups), left_out, not_in_st)
