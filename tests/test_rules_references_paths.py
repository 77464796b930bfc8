"""References written the Windows way, and references the portfolio can only half check.

An expense's ``course:`` may be written with backslashes (``courses\\k.yaml``, as Windows
Explorer copies a path): it names the same course for the reference check and for the
ryggsäck alike. A c-goal of the portfolio's own regulation cannot be checked while its
specialty's c-goals are not shipped; one of the other regulation still can. ``explain_unknown``
(what ``log`` and the importers say) gives the very words of the check.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check, figures, of_code

from stfolio.context import build_context
from stfolio.findings import Location, Severity
from stfolio.loader import load_portfolio
from stfolio.rules.references import explain_unknown


def profile(regulation: str = "HSLF-FS 2021:8", specialty: str = "psykiatri", policies: str = "") -> str:
    return (
        f"format: 1\ntrainee: {{name: A}}\nregulation: {regulation}\nspecialty: {specialty}\nst_start: 2024-01-01\n"
        + (f"policies: [{policies}]\n" if policies else "")
    )


COURSE = "title: Kurs\nstart: 2024-02-01\ndelmal: [STa1]\n"


def expense(course: str, amount: str = "500", status: str = "done") -> str:
    return f"date: 2024-02-01\namount: {amount}\ncategory: kursavgift\ncourse: '{course}'\nstatus: {status}\n"


@pytest.mark.parametrize("course", ["courses/k.yaml", "courses\\k.yaml"])
def test_a_course_path_with_either_slash_names_the_course(tmp_path: Path, course: str) -> None:
    root = write_tree(
        tmp_path, {"stfolio.yaml": profile(), "courses/k.yaml": COURSE, "expenses/e.yaml": expense(course)}
    )
    assert of_code(check(root, "2024-06-01"), "STF415") == []


@pytest.mark.parametrize("course", ["courses/nej.yaml", "courses\\nej.yaml", "k.yaml"])
def test_a_course_path_that_names_no_course_is_an_error_at_the_course_line(tmp_path: Path, course: str) -> None:
    root = write_tree(
        tmp_path, {"stfolio.yaml": profile(), "courses/k.yaml": COURSE, "expenses/e.yaml": expense(course)}
    )
    [wrong] = of_code(check(root, "2024-06-01"), "STF415")
    assert (wrong.severity, wrong.location) == (Severity.ERROR, Location("expenses/e.yaml", 4, 9))
    assert course in wrong.message


def test_an_expense_that_fails_validation_still_has_its_course_checked(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(),
            "courses/k.yaml": COURSE,
            "expenses/e.yaml": expense("courses/nej.yaml", status="kanske"),
        },
    )
    [wrong] = of_code(check(root, "2024-06-01"), "STF415")
    assert wrong.location == Location("expenses/e.yaml", 4, 9)


@pytest.mark.usefixtures("english")
def test_the_ryggsack_reads_a_windows_course_path_like_the_reference_check(tmp_path: Path) -> None:
    # The course is an STa course, which the region pays for: not from the ryggsäck, however
    # its path is written.
    files = {"stfolio.yaml": profile(policies="se-kronoberg-ryggsack"), "courses/k.yaml": COURSE}
    forward = write_tree(tmp_path / "f", {**files, "expenses/e.yaml": expense("courses/k.yaml", "120000")})
    backward = write_tree(tmp_path / "b", {**files, "expenses/e.yaml": expense("courses\\k.yaml", "120000")})
    assert of_code(check(forward, "2024-06-01"), "STF702") == []
    assert of_code(check(backward, "2024-06-01"), "STF702") == []
    unpaid = write_tree(tmp_path / "u", {**files, "expenses/e.yaml": expense("courses\\x.yaml", "120000")})
    [over] = of_code(check(unpaid, "2024-06-01"), "STF702")
    assert figures(over.message) == ["120\u00a0000", "110\u00a0000"]


def meeting(goals: str) -> str:
    return f"date: 2024-03-01\nkind: handledarsamtal\ndelmal: [{goals}]\n"


@pytest.mark.parametrize(
    ("regulation", "unchecked", "checked", "column"),
    [("HSLF-FS 2021:8", "STc3", "c3", 16), ("SOSFS 2015:8", "c3", "STc3", 14)],
)
def test_own_c_goals_go_unchecked_without_a_catalogue_those_of_the_other_regulation_do_not(
    tmp_path: Path, regulation: str, unchecked: str, checked: str, column: int
) -> None:
    root = write_tree(
        tmp_path,
        {"stfolio.yaml": profile(regulation, "radiologi"), "meetings/m.yaml": meeting(f"{unchecked}, {checked}")},
    )
    result = check(root, "2024-06-01")
    assert [f.code for f in of_code(result, "STF406")] == ["STF406"]
    [other] = of_code(result, "STF401", "STF402")
    assert (other.severity, other.location) == (Severity.ERROR, Location("meetings/m.yaml", 3, column))
    assert checked in other.message


def test_a_goal_of_the_other_regulation_without_an_equivalent_is_still_named(tmp_path: Path) -> None:
    # c14 of psykiatri under SOSFS 2015:8 has no row in the mapping to HSLF-FS 2021:8
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), "meetings/m.yaml": meeting("c14")})
    [other] = of_code(check(root, "2024-06-01"), "STF402")
    assert (other.severity, other.location) == (Severity.ERROR, Location("meetings/m.yaml", 3, 10))
    assert "c14" in other.message
    assert "SOSFS 2015:8" in other.message


@pytest.mark.parametrize(
    ("regulation", "goal"),
    [
        ("HSLF-FS 2021:8", "STa99"),  # unknown, close to STa9
        ("HSLF-FS 2021:8", "STc99"),  # unknown, close to a c-goal of the specialty
        ("HSLF-FS 2021:8", "a5"),  # the other regulation, with an equivalent
        ("HSLF-FS 2021:8", "c14"),  # the other regulation, without one
        ("SOSFS 2015:8", "BT1"),  # BT, which 2015 does not have
        ("SOSFS 2015:8", "STa4"),
    ],
)
def test_explain_unknown_says_what_check_says(tmp_path: Path, regulation: str, goal: str) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(regulation), "meetings/m.yaml": meeting(goal)})
    [finding] = of_code(check(root, "2024-06-01"), "STF401", "STF402", "STF403")
    portfolio, _ = load_portfolio(root)
    context, _ = build_context(portfolio)
    assert explain_unknown(goal, context) == (finding.message, finding.hint)
    assert finding.hint  # every one of them says what to write instead
