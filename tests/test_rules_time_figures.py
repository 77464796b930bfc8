"""The figures the time rules report: what each finding says in numbers and dates.

A finding's words are being translated; its figures are what a trainee acts on, so each is
pinned here (read in English, where numbers are written with a decimal point).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check, figures, of_code

from stfolio.findings import Location, Severity
from stfolio.rules import CheckResult

pytestmark = pytest.mark.usefixtures("english")

PROFILE = (
    "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"
    "bt:\n  start: 2024-01-01\n  end: 2024-08-31\n"
)
FILES = {
    "placements/a.yaml": "unit: Akuten\nstart: 2024-01-01\nend: 2024-02-29\nbt: akut\n",
    "placements/b.yaml": "unit: VC\nstart: 2024-03-01\nend: 2024-05-31\nbt: primärvård\nextent: 50\n",
    "placements/c.yaml": "unit: Psyk\nstart: 2024-05-15\nend: 2024-08-31\nbt: annan\n",
    "placements/d.yaml": "unit: Psyk2\nstart: 2024-09-01\nend: 2025-12-31\n",
    "leave/l.yaml": "kind: föräldraledighet\nstart: 2024-07-01\nend: 2024-07-31\n",
}
BT_AT = Location("stfolio.yaml", 7, 3)


@pytest.fixture
def result(tmp_path: Path) -> CheckResult:
    return check(write_tree(tmp_path, {"stfolio.yaml": PROFILE, **FILES}), "2024-12-31")


def test_st_time_with_plan_leave_and_projection(result: CheckResult) -> None:
    [st] = of_code(result, "STF601")
    assert (st.severity, st.location) == (Severity.INFO, Location("stfolio.yaml", 5, 11))
    assert figures(st.message) == ["9.8", "66", "2024-12-31", "12.0", "1.0", "2029-09-07"]


def test_bt_time_with_each_part_and_the_rest(result: CheckResult) -> None:
    [bt] = of_code(result, "STF602")
    assert (bt.severity, bt.location) == (Severity.INFO, BT_AT)
    assert figures(bt.message) == ["5.8", "2.0", "1.2", "2.5", "6", "3", "3"]


def test_an_overlap_over_days_names_the_run_its_level_and_the_placements(result: CheckResult) -> None:
    [overlap] = of_code(result, "STF603")
    assert (overlap.severity, overlap.location) == (Severity.ERROR, Location("placements/b.yaml", 2, 8))
    assert figures(overlap.message) == ["150", "2024-05-15", "2024-05-31"]
    assert overlap.message.endswith("placements/b.yaml, placements/c.yaml")


def test_a_bt_that_ended_short_says_by_how_much(result: CheckResult) -> None:
    [short] = of_code(result, "STF611")
    assert figures(short.message) == ["2024-08-31", "5.8", "6"]
    [split] = of_code(result, "STF612")
    assert figures(split.message) == ["2024-08-31", "2.0", "3", "1.2", "3"]
    [goals] = of_code(result, "STF613")
    assert figures(goals.message) == ["2024-08-31", "18", *(str(n) for n in range(1, 19))]


def test_plain_figures_leave_out_what_is_zero(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE.replace("  end: 2024-08-31\n", ""),
            "placements/a.yaml": "unit: Akuten\nstart: 2024-01-01\nend: 2024-03-31\nbt: akut\n",
            "placements/b.yaml": "unit: IVA\nstart: 2024-03-31\nend: 2024-03-31\nextent: 50\n",
        },
    )
    result = check(root, "2024-06-30")
    [st] = of_code(result, "STF601")
    assert figures(st.message) == ["3.0", "66", "2024-06-30", "2029-09-30"]  # nothing planned, no leave
    [bt] = of_code(result, "STF602")
    assert figures(bt.message) == ["3.0", "3.0", "0.0", "6", "3", "3"]  # no other part
    [overlap] = of_code(result, "STF603")
    assert figures(overlap.message) == ["150", "2024-03-31"]  # one day: one date
    [late] = of_code(check(root, "2026-01-01"), "STF604")
    assert figures(late.message) == ["24", "2024-01-01", "2025-12-31"]


def test_a_small_other_part_of_bt_is_still_shown(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE.replace("  end: 2024-08-31\n", ""),
            "placements/a.yaml": "unit: Akuten\nstart: 2024-01-01\nend: 2024-03-31\nbt: akut\n",
            "placements/b.yaml": "unit: Psyk\nstart: 2024-04-01\nend: 2024-04-15\nbt: annan\n",
        },
    )
    [bt] = of_code(check(root, "2024-06-30"), "STF602")
    assert figures(bt.message) == ["3.5", "3.0", "0.0", "0.5", "6", "3", "3"]
