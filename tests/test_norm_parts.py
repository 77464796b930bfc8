"""A norm over part of its period expects a whole number, rounded down from the exact share.

Months are sums of day fractions, so six months come out as 5.999…: without care, "2 a year"
over half a year expected 0 and a half year with no IUP revision passed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stfolio.figures.service import expected_count, months_between


@pytest.mark.parametrize(
    ("minimum", "first", "last", "expected"),
    [
        (2, dt.date(2026, 1, 1), dt.date(2026, 6, 30), 1),
        (2, dt.date(2026, 7, 1), dt.date(2026, 12, 31), 1),
        (9, dt.date(2026, 1, 1), dt.date(2026, 6, 30), 4),
        (4, dt.date(2026, 1, 1), dt.date(2026, 3, 31), 1),
        (4, dt.date(2026, 1, 1), dt.date(2026, 3, 30), 0),
        (12, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 12),
    ],
)
def test_part_of_a_year(minimum: int, first: dt.date, last: dt.date, expected: int) -> None:
    assert expected_count(minimum * months_between(first, last) / 12) == expected


def test_half_a_year_without_an_iup_revision_is_behind_a_norm_of_two_a_year(tmp_path: Path) -> None:
    from conftest import PROFILE_2021, write_tree

    from stfolio.rules import check_portfolio

    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE_2021 + "policies: [se-sus]\n"})
    found = check_portfolio(root, as_of=dt.date(2026, 2, 28)).findings  # six months into ST year 1
    behind = [f for f in found if f.code == "STF702" and "iup-revision" in f.message_en]
    assert len(behind) == 1 and "(1 expected by 28 February 2026)" in behind[0].message_en
