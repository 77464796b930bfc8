"""Policy norms per placement and per month: which records and which days fall in a period.

A period includes its first and last day; a placement that ends on the as-of date is over and
judged; planned and non-clinical placements are not judged; a multi-day activity's hours are
spread over its days. Pinned by code and the figures in the finding, never by its wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check, figures, of_code

from stfolio.findings import Severity

pytestmark = pytest.mark.usefixtures("english")

PROFILE = """\
format: 1
trainee: {name: A}
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2024-01-01
policies: [local]
"""

PER_PLACEMENT = """\
id: test
title: Test
source: {title: a test pack}
norms:
  - id: samtal
    title: Samtal
    count: {records: meetings}
    minimum: 1
    per: placement
"""

HOURS_A_MONTH = """\
id: test
title: Test
source: {title: a test pack}
norms:
  - id: timmar
    title: Timmar
    hours: {records: activities}
    minimum: 5
    per: month
"""


def portfolio(tmp_path: Path, pack: str, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE, "goals/policies/local.yaml": pack, **files})


def placement(start: str, end: str, status: str = "done", kind: str = "klinisk tjänstgöring") -> str:
    return f"unit: Enhet\nstart: {start}\nend: {end}\nkind: {kind}\nstatus: {status}\n"


def meeting(date: str) -> str:
    return f"date: {date}\nkind: handledarsamtal\n"


def norm_figures(root: Path, as_of: str) -> list[list[str]]:
    found = of_code(check(root, as_of), "STF702")
    assert all(f.severity is Severity.WARNING for f in found)
    return [figures(f.message) for f in found]


def test_a_placement_ending_on_the_as_of_date_is_judged(tmp_path: Path) -> None:
    root = portfolio(tmp_path, PER_PLACEMENT, {"placements/a.yaml": placement("2024-01-01", "2024-03-31")})
    assert norm_figures(root, "2024-03-30") == []  # not over yet
    assert norm_figures(root, "2024-03-31") == [["0", "2024-01-01", "2024-03-31", "1"]]


@pytest.mark.parametrize("day", ["2024-01-01", "2024-02-15", "2024-03-31"])
def test_a_meeting_on_any_day_of_the_placement_counts_for_it_first_and_last_included(tmp_path: Path, day: str) -> None:
    root = portfolio(
        tmp_path,
        PER_PLACEMENT,
        {"placements/a.yaml": placement("2024-01-01", "2024-03-31"), "meetings/m.yaml": meeting(day)},
    )
    assert norm_figures(root, "2024-06-01") == []


def test_a_meeting_outside_the_placement_does_not_count(tmp_path: Path) -> None:
    root = portfolio(
        tmp_path,
        PER_PLACEMENT,
        {"placements/a.yaml": placement("2024-01-02", "2024-03-30"), "meetings/m.yaml": meeting("2024-01-01")},
    )
    (root / "meetings/n.yaml").write_text(meeting("2024-03-31"))
    assert norm_figures(root, "2024-06-01") == [["0", "2024-01-02", "2024-03-30", "1"]]


def test_planned_and_non_clinical_placements_are_not_judged_and_do_not_stop_the_others(tmp_path: Path) -> None:
    root = portfolio(
        tmp_path,
        PER_PLACEMENT,
        {
            # a planned placement whose dates have passed (STF609 says so), and an auskultation: skipped
            "placements/a-planned.yaml": placement("2024-01-01", "2024-01-31", status="planned"),
            "placements/b-auskultation.yaml": placement("2024-02-01", "2024-02-07", kind="auskultation"),
            # a finished clinical placement after them, without a meeting: judged
            "placements/c.yaml": placement("2024-03-01", "2024-03-31"),
        },
    )
    assert norm_figures(root, "2024-06-01") == [["0", "2024-03-01", "2024-03-31", "1"]]


def activity(start: str, end: str, hours: float) -> str:
    return f"kind: teoretiska studier\ntitle: Läsning\nstart: {start}\nend: {end}\nhours: {hours}\n"


def test_a_multi_day_activity_s_hours_are_spread_over_its_days_across_months(tmp_path: Path) -> None:
    # 10 hours on 31 January and 1 February: 5 in each month, exactly the norm.
    root = portfolio(tmp_path, HOURS_A_MONTH, {"activities/a.yaml": activity("2024-01-31", "2024-02-01", 10)})
    assert norm_figures(root, "2024-02-29") == []
    # 9 hours over three days: 3 in January, 6 in February.
    (root / "activities/a.yaml").write_text(activity("2024-01-31", "2024-02-02", 9))
    assert norm_figures(root, "2024-02-29") == [["1", "5", "2024", "01", "3"]]


def test_the_hours_of_several_activities_in_a_month_add_up(tmp_path: Path) -> None:
    root = portfolio(
        tmp_path,
        HOURS_A_MONTH,
        {
            "activities/a.yaml": activity("2024-01-10", "2024-01-10", 3),
            "activities/b.yaml": activity("2024-01-20", "2024-01-21", 2),
        },
    )
    assert norm_figures(root, "2024-01-31") == []
