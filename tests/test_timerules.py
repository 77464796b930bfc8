"""Time rules: the day-by-day arithmetic with part-time, leave and leap years, BT, overlaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write_tree

from stfolio.context import build_context
from stfolio.figures.service import compute_service, months_between
from stfolio.loader import load_portfolio
from stfolio.rules import check_portfolio

PROFILE = "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"


def placement(
    start: str,
    end: str,
    extent: int = 100,
    bt: str | None = None,
    status: str = "done",
    kind: str = "klinisk tjänstgöring",
) -> str:
    lines = [
        f"unit: Enhet {start}",
        f"start: {start}",
        f"end: {end}",
        f"extent: {extent}",
        f"kind: {kind}",
        f"status: {status}",
    ]
    if bt:
        lines.append(f"bt: {bt}")
    return "\n".join(lines) + "\n"


def leave(start: str, end: str, extent: int = 100) -> str:
    return f"kind: föräldraledighet\nstart: {start}\nend: {end}\nextent: {extent}\n"


def service(tmp_path: Path, files: dict[str, str], as_of: str = "2030-01-01"):  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path, {"stfolio.yaml": PROFILE, **files})
    portfolio, findings = load_portfolio(root)
    assert findings == []
    return compute_service(portfolio, dt.date(2024, 1, 1), dt.date.fromisoformat(as_of))


def test_a_calendar_month_is_one_month_in_february_of_a_leap_year() -> None:
    assert months_between(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == pytest.approx(1.0)
    assert months_between(dt.date(2023, 2, 1), dt.date(2023, 2, 28)) == pytest.approx(1.0)
    assert months_between(dt.date(2024, 2, 29), dt.date(2024, 2, 29)) == pytest.approx(1 / 29)
    assert months_between(dt.date(2024, 1, 16), dt.date(2024, 3, 15)) == pytest.approx(16 / 31 + 1 + 15 / 31)


def test_full_time_and_part_time(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-06-30"),
            "placements/b.yaml": placement("2024-07-01", "2024-12-31", 75),
        },
    )
    assert s.served == pytest.approx(6 + 6 * 0.75)
    assert s.planned == 0 and s.leave == 0


def test_leave_inside_a_placement_is_deducted_at_its_extent(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-12-31"),
            "leave/l.yaml": leave("2024-02-01", "2024-02-29", 50),
        },
    )
    assert s.served == pytest.approx(11.5)
    assert s.leave == pytest.approx(0.5)


def test_leave_across_two_placements_and_outside_them(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-03-31", 80),
            "placements/b.yaml": placement("2024-05-01", "2024-06-30"),
            # March (in a), April (no placement: nothing to deduct), May (in b)
            "leave/l.yaml": leave("2024-03-01", "2024-05-31"),
        },
    )
    assert s.served == pytest.approx(2 * 0.8 + 1.0)
    assert s.leave == pytest.approx(0.8 + 1.0)


def test_leave_on_a_part_time_day_never_goes_below_zero(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-01-31", 50),
            "leave/l.yaml": leave("2024-01-01", "2024-01-31"),
        },
    )
    assert s.served == 0 and s.leave == pytest.approx(0.5)


def test_only_done_records_up_to_the_as_of_date_are_served(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-12-31"),
            "placements/b.yaml": placement("2025-01-01", "2025-06-30", status="planned"),
        },
        as_of="2024-03-31",
    )
    assert s.served == pytest.approx(3.0)
    assert s.planned == pytest.approx(9.0 + 6.0)


def test_projected_completion_follows_the_plan_then_full_time(tmp_path: Path) -> None:
    s = service(tmp_path, {"placements/a.yaml": placement("2024-01-01", "2025-12-31", 50)}, as_of="2024-06-30")
    # 24 months at 50 % = 12 months; then 54 more months at full time from 2026-01-01 -> 2030-06-30
    assert s.projected_completion(66) == dt.date(2030, 6, 30)


def test_auskultation_adds_no_time_and_no_overlap(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-01-31"),
            "placements/b.yaml": placement("2024-01-10", "2024-01-12", kind="auskultation"),
        },
    )
    assert s.served == pytest.approx(1.0) and s.overlaps == []


def test_bt_composition(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-03-31", bt="akut"),
            "placements/b.yaml": placement("2024-04-01", "2024-06-15", bt="primärvård"),
            "placements/c.yaml": placement("2024-06-16", "2024-07-31", bt="annan"),
        },
    )
    assert s.bt_served["akut"] == pytest.approx(3.0)
    assert s.bt_served["primärvård"] == pytest.approx(2 + 15 / 30)
    assert s.bt_total == pytest.approx(7.0)


def messages(root: Path, as_of: str, codes: tuple[str, ...]) -> list[str]:
    result = check_portfolio(root, as_of=dt.date.fromisoformat(as_of))
    return [f"{f.location} {f.severity} {f.code} {f.message}" for f in result.findings if f.code in codes]


def test_bt_findings_say_what_is_short_and_what_is_advised(english: None, tmp_path: Path) -> None:
    files = {
        "placements/a.yaml": placement("2024-01-01", "2024-03-31", bt="akut"),
        "placements/b.yaml": placement("2024-04-01", "2024-05-31", bt="primärvård"),
        "placements/c.yaml": placement("2024-06-01", "2024-06-30", bt="annan"),
        "placements/d.yaml": placement("2024-07-01", "2024-07-31", bt="annan"),
        "placements/e.yaml": placement("2024-08-01", "2024-08-31", bt="annan"),
    }
    root = write_tree(tmp_path, {"stfolio.yaml": PROFILE, **files})
    assert messages(root, "2026-02-01", ("STF602", "STF604", "STF605")) == [
        "stfolio.yaml:5:11 info STF602 BT: 8.0 months served (akut 3.0, primärvård 2.0, other 3.0); at least 6 are "
        "needed: met; 3 akut and 3 primärvård" + UNVERIFIED + ": not yet met",
        "stfolio.yaml:5:11 warning STF604 BT is not finished within 24 months of its start 1 January 2024 (by "
        "31 December 2025), as Socialstyrelsen advises" + UNVERIFIED,
        "stfolio.yaml:5:11 warning STF605 BT has 5 workplaces; Socialstyrelsen advises at most 4" + UNVERIFIED,
    ]


# Each BT figure says whether it is verified: the 3 + 3 split and the workplace limit rest on
# secondary sources only (goals/hslf-fs-2021-8/regulation.yaml, bt.verified_parts).
UNVERIFIED = " (rule not verified against an official source)"


def test_overlapping_placements_over_100_percent(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "placements/a.yaml": placement("2024-01-01", "2024-06-30", 80),
            "placements/b.yaml": placement("2024-06-01", "2024-08-31", 50),
            "placements/c.yaml": placement("2024-09-01", "2024-09-30", 50),
            "placements/d.yaml": placement("2024-09-01", "2024-09-30", 50),
        },
    )
    assert messages(root, "2025-01-01", ("STF603",)) == [
        "placements/a.yaml:2:8 error STF603 placements add up to 130 % on 2024-06-01–2024-06-30: placements/a.yaml, "
        "placements/b.yaml",
    ]


def test_placement_before_st_start_and_bt_under_2015(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE.replace("HSLF-FS 2021:8", "SOSFS 2015:8"),
            "placements/a.yaml": placement("2023-12-01", "2024-02-29", bt="akut"),
        },
    )
    assert messages(root, "2025-01-01", ("STF601", "STF607", "STF608")) == [
        "placements/a.yaml:2:8 warning STF607 placement starts 1 December 2023, before ST start 1 January 2024; time before ST "
        "start is not counted",
        "placements/a.yaml:7:1 error STF608 a BT placement in a portfolio under SOSFS 2015:8, which has no BT",
        "stfolio.yaml:5:11 info STF601 ST time: 2.0 of 60 months full-time equivalent served by 1 January 2025; "
        "earliest completion 1 November 2029 (full time after the plan)",
    ]


def test_context_as_of_defaults_to_today(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": PROFILE})
    portfolio, _ = load_portfolio(root)
    context, _ = build_context(portfolio)
    assert context.as_of == dt.date.today()


def test_exactly_the_minimum_is_met(tmp_path: Path) -> None:
    s = service(
        tmp_path,
        {
            "placements/a.yaml": placement("2024-01-01", "2024-03-31", bt="akut"),
            "placements/b.yaml": placement("2024-04-01", "2024-06-30", bt="primärvård"),
        },
    )
    assert (s.bt_total, s.bt_served["akut"], s.bt_served["primärvård"]) == (6.0, 3.0, 3.0)
    five_years = service(tmp_path / "b", {"placements/a.yaml": placement("2024-01-01", "2028-12-31")})
    assert five_years.served == 60.0
    assert five_years.projected_completion(60) == dt.date(2028, 12, 31)


def test_a_planned_placement_in_the_past_is_neither_served_nor_plan(english: None, tmp_path: Path) -> None:
    files = {"placements/a.yaml": placement("2024-01-01", "2024-06-30", status="planned")}
    s = service(tmp_path, files, as_of="2024-03-31")
    assert (s.served, s.planned) == (0.0, 3.0)
    root = write_tree(tmp_path / "b", {"stfolio.yaml": PROFILE, **files})
    assert messages(root, "2024-12-31", ("STF609",)) == [
        "placements/a.yaml:6:9 warning STF609 planned, but its last day 30 June 2024 has passed"
    ]


def test_profile_dates_that_disagree(english: None, tmp_path: Path) -> None:
    profile = PROFILE + "bt: {start: 2023-12-01}\nlegitimation: {date: 2024-02-01}\n"
    root = write_tree(tmp_path, {"stfolio.yaml": profile})
    assert messages(root, "2025-01-01", ("STF610",)) == [
        "stfolio.yaml:6:13 warning STF610 BT starts 1 December 2023, before ST start 1 January 2024; ST opens with BT, so BT "
        "days before st_start are not counted",
        "stfolio.yaml:7:22 warning STF610 legitimation 1 February 2024 is after ST start 1 January 2024; ST is done as a "
        "legitimerad läkare",
    ]


BT_PROFILE = PROFILE + "bt:\n  start: 2024-01-01\n  end: 2024-06-30\n"


def test_a_bt_that_has_ended_short_is_judged_not_awaited(english: None, tmp_path: Path) -> None:
    """Once BT has ended, time that is short can no longer be made up: an error, not 'not yet met'."""
    files = {
        "placements/a.yaml": placement("2024-01-01", "2024-03-31", bt="akut"),
        "placements/b.yaml": placement("2024-04-01", "2024-05-31", bt="annan"),
    }
    root = write_tree(tmp_path, {"stfolio.yaml": BT_PROFILE, **files})
    codes = ("STF611", "STF612", "STF613")
    assert messages(root, "2024-06-30", codes) == []  # BT ends that day: still time
    assert messages(root, "2024-07-01", codes) == [
        "stfolio.yaml:7:3 error STF611 BT ended 30 June 2024 with 5.0 months served; at least 6 are needed",
        "stfolio.yaml:7:3 warning STF612 BT ended 30 June 2024 without the akut and primärvård parts: "
        "primärvård 0.0 of 3" + UNVERIFIED,
        "stfolio.yaml:7:3 warning STF613 BT ended 30 June 2024, and 18 BT-delmål are not attested: BT1, BT2, BT3, "
        "BT4, BT5, BT6, BT7, BT8, BT9, BT10, BT11, BT12, BT13, BT14, BT15, BT16, BT17, BT18 (rests on catalogue "
        "entries not verified against the målbeskrivning)",
    ]


def test_a_bt_recorded_as_approved_has_ended(english: None, tmp_path: Path) -> None:
    profile = PROFILE + "bt:\n  start: 2024-01-01\n  approved: 2024-09-15\n"
    files = {"placements/a.yaml": placement("2024-01-01", "2024-03-31", bt="akut")}
    root = write_tree(tmp_path, {"stfolio.yaml": profile, **files})
    [finding] = messages(root, "2024-09-20", ("STF611",))
    assert finding.startswith("stfolio.yaml:7:3 error STF611 BT ended 15 September 2024 with 3.0 months served")


def test_done_records_and_intyg_in_the_future_are_findings(english: None, tmp_path: Path) -> None:
    files = {
        "meetings/m.yaml": "date: 2024-03-05\nkind: handledarsamtal\n",
        "courses/k.yaml": (
            "title: Ledarskap\nstart: 2024-02-01\nintyg: [{issued_by: K, role: kursledare, date: 2024-03-05}]\n"
        ),
    }
    root = write_tree(tmp_path, {"stfolio.yaml": PROFILE, **files})
    assert messages(root, "2024-03-05", ("STF614", "STF615")) == []  # on the day itself: fine
    assert messages(root, "2024-03-04", ("STF614", "STF615")) == [
        "courses/k.yaml:3:48 warning STF615 intyg dated 5 March 2024, after 4 March 2024",
        "meetings/m.yaml:1:1 warning STF614 marked done, but it begins 5 March 2024, after 4 March 2024",
    ]
