"""A record with a refused value is still judged for everything else it says.

An octal-looking number, a yes/no where a number belongs or a duplicate key make the record
unfit for the figures, but its intyg scans and the links to it are judged all the same: one
bad value must not hide a swapped scan, nor make the records that name it look broken.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio.rules import check_portfolio

Make = Callable[[dict[str, str | bytes]], Path]
SCAN = b"%PDF-1.4 the scan that was attached"
ATTACHED = hashlib.sha256(SCAN).hexdigest()
COURSE = (
    "title: Psykiatrisk diagnostik\nstart: 2025-10-05\nend: 2025-10-09\n{bad}\n"
    "intyg:\n  - {{file: evidence/kursintyg.pdf, issued_by: Anders Nyström, role: kursledare, "
    "date: 2025-10-09, sha256: {sha}}}\n"
)
EXPENSE = "date: 2025-10-01\namount: 4500\ncategory: kursavgift\ncourse: courses/2025-10-05-diagnostik.yaml\n"


def codes(root: Path) -> list[str]:
    return sorted(f.code for f in check_portfolio(root).findings if f.severity != "info")


@pytest.mark.parametrize(
    ("bad", "code"),
    [("cost: 014500", "STF209"), ("cost: yes", "STF210"), ("cost: 100\ncost: 200", "STF105")],
)
def test_a_refused_value_does_not_hide_a_swapped_scan_in_the_same_record(portfolio: Make, bad: str, code: str) -> None:
    root = portfolio(
        {
            "courses/2025-10-05-diagnostik.yaml": COURSE.format(bad=bad, sha=ATTACHED),
            "evidence/kursintyg.pdf": SCAN + b" and then changed",
            "expenses/2025-10-01-kursavgift.yaml": EXPENSE,
        }
    )
    found = codes(root)
    assert code in found and "STF412" in found, found
    assert "STF415" not in found  # the expense names a course record that exists


def test_the_same_record_without_the_bad_value_is_clean(portfolio: Make) -> None:
    root = portfolio(
        {
            "courses/2025-10-05-diagnostik.yaml": COURSE.format(bad="cost: 14500", sha=ATTACHED),
            "evidence/kursintyg.pdf": SCAN,
            "expenses/2025-10-01-kursavgift.yaml": EXPENSE,
        }
    )
    assert not {"STF209", "STF412", "STF415"} & set(codes(root))
