"""The ryggsäck (an expense budget norm): what is spent, what is planned, caps, courses paid elsewhere.

Pinned by code, severity, place and the amounts in the finding, never by its wording.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rule_helpers import check, figures, of_code

from stfolio.findings import Location, Severity

pytestmark = pytest.mark.usefixtures("english")

Make = Callable[[dict[str, str]], Path]

PROFILE = """\
format: 1
trainee: {name: A}
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2024-01-01
policies: [budget]
"""

# A budget of 1 000 kr; literature capped at 100 kr, travel not paid at all; courses whose
# delmål are all STa-goals are paid by the region, not from the ryggsäck.
PACK = """\
id: test
title: Test
source: {title: a test pack}
norms:
  - id: ryggsack
    title: Ryggsäck
    budget:
      total: 1000
      caps: {litteratur: 100, resa: 0}
      not_for_groups: [STa]
"""


@pytest.fixture
def budget(tmp_path: Path) -> Make:
    def make(files: dict[str, str]) -> Path:
        from conftest import write_tree

        return write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE, "goals/policies/budget.yaml": PACK, **files})

    return make


def expense(amount: float, category: str = "kursavgift", status: str = "done", course: str | None = None) -> str:
    text = f"date: 2024-03-01\namount: {amount}\ncategory: {category}\nstatus: {status}\n"
    return text + (f"course: {course}\n" if course else "")


def deviations(root: Path) -> list[list[str]]:
    """The figures of each budget finding (a warning at the profile's policies entry)."""
    found = of_code(check(root, "2024-06-01"), "STF702")
    for f in found:
        assert f.severity is Severity.WARNING
        assert f.location == Location("stfolio.yaml", 6, 12)
    return [figures(f.message) for f in found]


def test_planned_expenses_that_would_overspend_are_a_warning_with_both_sums(budget: Make) -> None:
    root = budget(
        {
            "expenses/a.yaml": expense(600),
            "expenses/b.yaml": expense(300, status="planned"),
            "expenses/c.yaml": expense(200, status="planned"),
        }
    )
    # 600 spent and 300 + 200 planned: 1 100 would exceed 1 000.
    assert deviations(root) == [["600", "500", "1\u00a0000"]]


def test_planned_expenses_that_exactly_use_up_the_budget_are_fine(budget: Make) -> None:
    root = budget({"expenses/a.yaml": expense(600), "expenses/b.yaml": expense(400, status="planned")})
    assert deviations(root) == []


def test_planned_expenses_alone_can_overspend(budget: Make) -> None:
    root = budget(
        {"expenses/a.yaml": expense(700, status="planned"), "expenses/b.yaml": expense(400, status="planned")}
    )
    assert deviations(root) == [["0", "1\u00a0100", "1\u00a0000"]]


def test_spending_over_the_budget_is_said_once_whatever_is_planned(budget: Make) -> None:
    root = budget({"expenses/a.yaml": expense(1001), "expenses/b.yaml": expense(400, status="planned")})
    assert deviations(root) == [["1\u00a0001", "1\u00a0000"]]


def test_spending_exactly_the_budget_is_fine(budget: Make) -> None:
    assert deviations(budget({"expenses/a.yaml": expense(1000)})) == []


def test_a_cap_adds_up_the_category_and_is_met_on_the_exact_amount(budget: Make) -> None:
    at_cap = budget({"expenses/a.yaml": expense(60, "litteratur"), "expenses/b.yaml": expense(40, "litteratur")})
    assert deviations(at_cap) == []
    (at_cap / "expenses/c.yaml").write_text(expense(1, "litteratur"))
    assert deviations(at_cap) == [["101", "100"]]


def test_a_planned_expense_does_not_count_against_a_cap(budget: Make) -> None:
    root = budget(
        {"expenses/a.yaml": expense(100, "litteratur"), "expenses/b.yaml": expense(50, "litteratur", "planned")}
    )
    assert deviations(root) == []


def test_a_zero_cap_on_a_category_nothing_was_spent_on_is_met(budget: Make) -> None:
    assert deviations(budget({"expenses/a.yaml": expense(10, "logi")})) == []
    assert deviations(budget({"expenses/a.yaml": expense(10, "resa")})) == [["10", "0"]]


COURSE = "title: Kurs\nstart: 2024-02-01\ndelmal: [{goals}]\n"


@pytest.mark.parametrize(
    ("goals", "paid_elsewhere"),
    [
        ("STa1", True),  # every delmål in a group the region pays for
        ("STa1, STa2", True),
        ("STa1, STc1", False),  # partly a c-goal course: the ryggsäck pays
        ("STc1", False),
        ("", False),  # no delmål at all: nothing says someone else pays
    ],
)
def test_a_course_is_paid_elsewhere_only_when_all_its_delmal_are_in_the_excluded_groups(
    budget: Make, goals: str, paid_elsewhere: bool
) -> None:
    root = budget(
        {
            "courses/k.yaml": COURSE.format(goals=goals),
            "expenses/a.yaml": expense(1500, course="courses/k.yaml"),
        }
    )
    assert deviations(root) == ([] if paid_elsewhere else [["1\u00a0500", "1\u00a0000"]])
