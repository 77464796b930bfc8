"""Policy norms by ST year and by month: which periods are judged, strictly or by pace, and how.

Each norm shape is pinned on its boundaries with a local pack: a year ending on the as-of date
is complete, pace is judged from exactly three months in, a month ending on the as-of date is
judged, planned records never meet a count norm but do plan a deliverable, ``years`` and
``from_year`` pick the periods. Read by code, severity and figures, never by wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check, figures, of_code

from stfolio.findings import Severity

pytestmark = pytest.mark.usefixtures("english")


def profile(st_start: str = "2024-01-01") -> str:
    return (
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\n"
        f"st_start: {st_start}\npolicies: [local]\n"
    )


def pack(norm: str) -> str:
    return "id: test\ntitle: Test\nsource: {title: a test pack}\nnorms:\n  - id: n\n    title: N\n" + norm


YEARLY = "    count: {records: meetings}\n    minimum: 4\n    per: st-year\n"
MONTHLY = "    count: {records: meetings}\n    minimum: 1\n    per: month\n"


def meeting(date: str, status: str = "done") -> str:
    return f"date: {date}\nkind: handledarsamtal\nstatus: {status}\n"


def make(tmp_path: Path, norm: str, files: dict[str, str], st_start: str = "2024-01-01") -> Path:
    return write_tree(
        tmp_path / "p", {"stfolio.yaml": profile(st_start), "goals/policies/local.yaml": pack(norm), **files}
    )


def judged(root: Path, as_of: str, severity: Severity = Severity.WARNING) -> list[list[str]]:
    found = of_code(check(root, as_of), "STF702")
    assert all(f.severity is severity for f in found)
    return [figures(f.message) for f in found]


def test_a_norm_marked_info_is_a_note_not_a_warning(tmp_path: Path) -> None:
    root = make(tmp_path, YEARLY + "    severity: info\n", {})
    assert judged(root, "2025-01-01", Severity.INFO) == [["0", "1", "2024-01-01", "2024-12-31", "4"]]


def test_a_year_ending_on_the_as_of_date_is_judged_as_complete(tmp_path: Path) -> None:
    root = make(tmp_path, YEARLY, {"meetings/a.yaml": meeting("2024-01-01"), "meetings/b.yaml": meeting("2024-12-31")})
    # both meetings, on the first and the last day of the year, count: 2 of 4
    assert judged(root, "2024-12-31") == [["2", "1", "2024-01-01", "2024-12-31", "4"]]


def test_the_second_year_starts_the_day_after_the_first_ends(tmp_path: Path) -> None:
    files = {f"meetings/{m}.yaml": meeting(f"2024-{m:02d}-15") for m in range(1, 5)}
    files["meetings/y2.yaml"] = meeting("2025-01-01")
    root = make(tmp_path, YEARLY, files)
    assert judged(root, "2025-12-31") == [["1", "2", "2025-01-01", "2025-12-31", "4"]]


def test_planned_records_never_meet_a_count_norm_and_never_hide_a_done_one(tmp_path: Path) -> None:
    files = {
        "meetings/a.yaml": meeting("2024-02-01", "planned"),  # listed first
        "meetings/b.yaml": meeting("2024-03-01"),
        "meetings/c.yaml": meeting("2024-04-01", "planned"),
    }
    assert judged(make(tmp_path, YEARLY, files), "2025-01-01") == [["1", "1", "2024-01-01", "2024-12-31", "4"]]


def test_an_hours_norm_per_year_adds_the_hours(tmp_path: Path) -> None:
    norm = "    hours: {records: activities}\n    minimum: 10\n    per: st-year\n"
    activity = "kind: teoretiska studier\ntitle: Läsning\nstart: {day}\nhours: {hours}\n"
    files = {
        "activities/a.yaml": activity.format(day="2024-02-01", hours=4),
        "activities/b.yaml": activity.format(day="2024-03-01", hours=5.5),
    }
    assert judged(make(tmp_path, norm, files), "2025-01-01") == [["9.5", "1", "2024-01-01", "2024-12-31", "10"]]


@pytest.mark.parametrize(
    ("norm", "judged_years"),
    [("    from_year: 2\n", ["2", "3"]), ("    years: [2]\n", ["2"]), ("    years: [1, 3]\n", ["1", "3"])],
)
def test_years_and_from_year_pick_the_st_years_judged(tmp_path: Path, norm: str, judged_years: list[str]) -> None:
    root = make(tmp_path, YEARLY + norm, {})
    assert [found[1] for found in judged(root, "2026-12-31")] == judged_years


# Pace: the current ST year is judged once three months have passed, against its share of the norm.


@pytest.mark.parametrize("st_start", ["2024-01-01", "2023-09-01", "2023-02-01"])
def test_pace_is_judged_from_the_day_three_months_have_passed(tmp_path: Path, st_start: str) -> None:
    import datetime as dt

    from stfolio.figures.service import ONE_DAY, add_months

    start = dt.date.fromisoformat(st_start)
    three = add_months(start, 3) - ONE_DAY  # the last day of the third month
    root = make(tmp_path, YEARLY, {}, st_start=st_start)
    assert judged(root, str(three - ONE_DAY)) == []
    # 0 so far, 1 of 4 expected after a quarter of the year
    [[got, *_, expected, by]] = judged(root, str(three))
    assert (got, expected, by) == ("0", "1", str(three))


def test_pace_is_met_by_exactly_the_expected_number(tmp_path: Path) -> None:
    root = make(tmp_path, YEARLY, {"meetings/a.yaml": meeting("2024-02-01")})
    assert judged(root, "2024-03-31") == []
    assert judged(root, "2024-06-30") == [["1", "1", "2024-01-01", "2024-12-31", "4", "2", "2024-06-30"]]


SERVICE_YEARLY = "    count: {records: meetings}\n    minimum: 12\n    per: service-year\n"
PLACEMENT = "unit: Psykiatri\nstart: 2024-01-01\nend: 2025-12-31\n"


def test_a_service_year_norm_is_prorated_by_the_service_in_it(tmp_path: Path) -> None:
    # placed from March: 10 months of service in year 1, so 10 of the 12 are expected
    files = {"placements/p.yaml": PLACEMENT.replace("2024-01-01", "2024-03-01")}
    files.update({f"meetings/{m}.yaml": meeting(f"2024-{m:02d}-10") for m in range(3, 12)})
    assert judged(make(tmp_path, SERVICE_YEARLY, files), "2025-01-01") == [
        ["9", "1", "2024-01-01", "2024-12-31", "12", "12", "10.0"]
    ]


def test_a_service_year_norm_shows_a_small_prorating_too(tmp_path: Path) -> None:
    # a week of leave: 11.8 months of service, so 11.8 expected, and 11 is short of it
    files = {"placements/p.yaml": PLACEMENT, "leave/l.yaml": "kind: annan\nstart: 2024-03-04\nend: 2024-03-09\n"}
    files.update({f"meetings/{m}.yaml": meeting(f"2024-{m:02d}-10") for m in range(1, 12)})
    assert judged(make(tmp_path, SERVICE_YEARLY, files), "2025-01-01") == [
        ["11", "1", "2024-01-01", "2024-12-31", "12", "12", "11.8"]
    ]


def test_the_pace_of_a_service_year_norm_follows_the_service_not_the_calendar(tmp_path: Path) -> None:
    # six months in, but placed only from April: three months of service, 3 of 12 expected
    files = {"placements/p.yaml": PLACEMENT.replace("2024-01-01", "2024-04-01")}
    files.update({f"meetings/{m}.yaml": meeting(f"2024-0{m}-10") for m in (4, 5)})
    [[got, *_, expected, by]] = judged(make(tmp_path, SERVICE_YEARLY, files), "2024-06-30")
    assert (got, expected, by) == ("2", "3", "2024-06-30")


# Months


def test_a_month_ending_on_the_as_of_date_is_judged_and_its_first_and_last_day_count(tmp_path: Path) -> None:
    files = {"meetings/a.yaml": meeting("2024-01-01"), "meetings/b.yaml": meeting("2024-02-29")}
    root = make(tmp_path, MONTHLY, files)
    assert judged(root, "2024-02-28") == []  # February not over yet
    assert judged(root, "2024-02-29") == []
    assert judged(root, "2024-03-31") == [["1", "1", "2024", "03", "0"]]


def test_an_st_starting_on_a_month_s_last_day_has_that_month_judged(tmp_path: Path) -> None:
    root = make(tmp_path, MONTHLY, {"meetings/a.yaml": meeting("2024-02-10")}, st_start="2024-01-31")
    assert judged(root, "2024-02-29") == [["1", "1", "2024", "01", "0"]]


@pytest.mark.parametrize(
    ("norm", "months"),
    [
        ("    from_year: 2\n", [["1", "1", "2025", "01", "0"]]),
        ("    years: [2]\n", [["1", "1", "2025", "01", "0"]]),
        ("    years: [1]\n", [["1", "1", "2024", "12", "0"]]),
    ],
)
def test_years_pick_the_months_judged_a_month_belongs_to_the_st_year_it_begins_in(
    tmp_path: Path, norm: str, months: list[list[str]]
) -> None:
    files = {f"meetings/{m}.yaml": meeting(f"2024-{m:02d}-10") for m in range(1, 12)}
    root = make(tmp_path, MONTHLY + norm, files)
    assert judged(root, "2025-01-31") == months


# Deliverables

DELIVERABLE = "    deliverable: {records: activities, where: {kind: [vetenskapligt arbete]}}\n"
WORK = "kind: vetenskapligt arbete\ntitle: Studie\nstart: 2026-01-01\nstatus: {status}\n"


def test_a_deliverable_is_due_on_the_day_its_months_have_passed(tmp_path: Path) -> None:
    root = make(tmp_path, DELIVERABLE + "    plan_within_months: 12\n", {})
    assert judged(root, "2024-12-31") == []
    assert judged(root, "2025-01-01") == [["12"]]


def test_a_deliverable_without_a_plan_date_is_due_from_st_start(tmp_path: Path) -> None:
    root = make(tmp_path, DELIVERABLE, {})
    assert judged(root, "2024-01-01") == [[]]


@pytest.mark.parametrize("status", ["planned", "done"])
def test_a_deliverable_planned_or_done_is_met(tmp_path: Path, status: str) -> None:
    root = make(
        tmp_path, DELIVERABLE + "    plan_within_months: 12\n", {"activities/a.yaml": WORK.format(status=status)}
    )
    assert judged(root, "2026-06-01") == []
    other = root / "activities/a.yaml"
    other.write_text(WORK.format(status=status).replace("vetenskapligt arbete", "kvalitetsarbete"))
    assert judged(root, "2026-06-01") == [["12"]]
