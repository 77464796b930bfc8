"""Boundary days of the time rules: a deadline on its exact day, a record ending on the as-of date.

Each rule is pinned on both sides of its boundary: on the day itself nothing is said, on the
next day (or the one before) the finding appears, at its place, with its severity.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check, figures, of_code

from stfolio.findings import Location, Severity

pytestmark = pytest.mark.usefixtures("english")


def profile(bt: str = "  start: 2024-01-01\n", extra: str = "") -> str:
    return (
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\n"
        f"st_start: 2024-01-01\nbt:\n{bt}{extra}"
    )


def placement(start: str, end: str, bt: str | None = None, status: str = "done", unit: str = "Enhet") -> str:
    return f"unit: {unit}\nstart: {start}\nend: {end}\nstatus: {status}\n" + (f"bt: {bt}\n" if bt else "")


def found(root: Path, as_of: str, code: str) -> list[tuple[Severity, Location]]:
    return [(f.severity, f.location) for f in of_code(check(root, as_of), code)]


BT_AT = Location("stfolio.yaml", 7, 3)  # the first line under bt:


# BT started 2024-01-01: Socialstyrelsen advises finishing it within 24 months, by 2025-12-31.


def test_an_unfinished_bt_is_late_from_the_day_after_its_deadline(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile()})
    assert found(root, "2025-12-31", "STF604") == []
    assert found(root, "2026-01-01", "STF604") == [(Severity.WARNING, BT_AT)]


@pytest.mark.parametrize(("end", "late"), [("2025-12-31", False), ("2026-01-01", True)])
def test_a_bt_recorded_as_ended_on_its_deadline_is_in_time(tmp_path: Path, end: str, late: bool) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(f"  start: 2024-01-01\n  end: {end}\n")})
    assert found(root, "2026-06-01", "STF604") == ([(Severity.WARNING, BT_AT)] if late else [])


@pytest.mark.parametrize(("last", "late"), [("2025-12-31", False), ("2026-01-01", True)])
def test_a_bt_served_in_full_by_its_deadline_is_in_time(tmp_path: Path, last: str, late: bool) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(),
            "placements/a.yaml": placement("2025-07-01", "2025-09-30", bt="akut", unit="Akuten"),
            "placements/b.yaml": placement("2025-10-01", last, bt="primärvård", unit="Vårdcentralen"),
        },
    )
    assert found(root, "2026-06-01", "STF604") == ([(Severity.WARNING, BT_AT)] if late else [])


def test_a_bt_ending_on_the_as_of_date_has_not_ended_yet(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile("  start: 2024-01-01\n  end: 2024-06-30\n")})
    for code in ("STF611", "STF612", "STF613"):
        assert found(root, "2024-06-30", code) == []
    assert found(root, "2024-07-01", "STF611") == [(Severity.ERROR, BT_AT)]  # minimum_months is verified
    assert found(root, "2024-07-01", "STF612") == [(Severity.WARNING, BT_AT)]  # the split is not
    assert found(root, "2024-07-01", "STF613") == [(Severity.WARNING, BT_AT)]


def test_an_approved_bt_has_ended_on_its_end_or_else_its_approval(tmp_path: Path) -> None:
    approved = write_tree(tmp_path / "a", {"stfolio.yaml": profile("  start: 2024-01-01\n  approved: 2024-09-01\n")})
    [bt_short] = of_code(check(approved, "2024-08-01"), "STF611")
    assert "2024-09-01" in figures(bt_short.message)
    both = write_tree(
        tmp_path / "b", {"stfolio.yaml": profile("  start: 2024-01-01\n  end: 2024-08-31\n  approved: 2024-09-15\n")}
    )
    [bt_short] = of_code(check(both, "2024-08-01"), "STF611")  # end after the as-of date: approval says it ended
    assert "2024-08-31" in figures(bt_short.message)


def test_a_planned_record_ending_on_the_as_of_date_is_not_yet_past(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"stfolio.yaml": profile(), "placements/a.yaml": placement("2024-01-01", "2024-03-31", status="planned")},
    )
    assert found(root, "2024-03-31", "STF609") == []
    assert found(root, "2024-04-01", "STF609") == [(Severity.WARNING, Location("placements/a.yaml", 4, 9))]


def test_a_planned_record_without_status_line_is_reported_at_the_record(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"stfolio.yaml": profile(), "meetings/m.yaml": "date: 2024-03-01\nkind: handledarsamtal\n"}
    )
    # a meeting is done unless it says otherwise
    assert found(root, "2024-03-02", "STF609") == []
    assert found(root, "2024-02-29", "STF614") == [(Severity.WARNING, Location("meetings/m.yaml", 1, 1))]
    assert found(root, "2024-03-01", "STF614") == []


def test_a_done_record_beginning_on_the_as_of_date_has_begun(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), "placements/a.yaml": placement("2024-03-01", "2024-03-31")})
    assert found(root, "2024-03-01", "STF614") == []
    assert found(root, "2024-02-29", "STF614") == [(Severity.WARNING, Location("placements/a.yaml", 4, 9))]


def test_an_intyg_dated_on_the_as_of_date_is_not_in_the_future(tmp_path: Path) -> None:
    course = (
        "title: Kurs\nstart: 2024-02-01\nintyg:\n"
        "  - {issued_by: Eva Kursledare, role: kursledare, date: 2024-02-02}\n"
        "  - {issued_by: Per Holm, role: handledare, date: 2024-02-03}\n"
    )
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), "courses/k.yaml": course})
    assert found(root, "2024-02-03", "STF615") == []
    assert found(root, "2024-02-02", "STF615") == [(Severity.WARNING, Location("courses/k.yaml", 5, 51))]


def test_a_placement_starting_on_st_start_is_counted_the_day_before_is_not(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), "placements/a.yaml": placement("2024-01-01", "2024-01-31")})
    assert found(root, "2024-06-01", "STF607") == []
    (root / "placements/a.yaml").write_text(placement("2023-12-31", "2024-01-31"))
    assert found(root, "2024-06-01", "STF607") == [(Severity.WARNING, Location("placements/a.yaml", 2, 8))]


def test_bt_and_legitimation_on_the_st_start_day_agree_with_it(tmp_path: Path) -> None:
    same_day = profile(extra="legitimation: {date: 2024-01-01}\n")
    root = write_tree(tmp_path, {"stfolio.yaml": same_day})
    assert found(root, "2024-06-01", "STF610") == []
    (root / "stfolio.yaml").write_text(
        profile("  start: 2023-12-31\n", extra="legitimation: {date: 2024-01-02}\n"), encoding="utf-8"
    )
    assert found(root, "2024-06-01", "STF610") == [
        (Severity.WARNING, Location("stfolio.yaml", 7, 10)),
        (Severity.WARNING, Location("stfolio.yaml", 8, 22)),
    ]


def test_four_bt_workplaces_are_advised_five_are_too_many(tmp_path: Path) -> None:
    units = {
        f"placements/{i}.yaml": placement(f"2024-0{i}-01", f"2024-0{i}-28", bt="akut", unit=f"Enhet {i}")
        for i in range(1, 5)
    }
    # the same unit twice, in other letters, is one workplace
    units["placements/6.yaml"] = placement("2024-06-01", "2024-06-28", bt="akut", unit="ENHET 1")
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), **units})
    assert found(root, "2024-12-01", "STF605") == []
    (root / "placements/5.yaml").write_text(placement("2024-05-01", "2024-05-28", bt="akut", unit="Enhet 5"))
    [(severity, where)] = found(root, "2024-12-01", "STF605")
    assert (severity, where) == (Severity.WARNING, BT_AT)
    [advice] = of_code(check(root, "2024-12-01"), "STF605")
    assert figures(advice.message) == ["5", "4"]


def test_the_bt_deadline_runs_from_bt_start_not_st_start(tmp_path: Path) -> None:
    # BT from 2024-03-01: 24 months later is 2026-02-28, two months after ST start's 2025-12-31
    root = write_tree(tmp_path, {"stfolio.yaml": profile("  start: 2024-03-01\n")})
    assert found(root, "2026-02-28", "STF604") == []
    assert found(root, "2026-03-01", "STF604") == [(Severity.WARNING, BT_AT)]


def _words(text: str) -> str:
    """A message without its figures: what it says, whatever the numbers."""
    return re.sub(r"\d+(?:\.\d+)?", "#", text)


@pytest.mark.parametrize(
    ("akut_end", "primarvard_end"),
    [("2024-03-31", "2024-06-30"), ("2024-04-30", "2024-07-31")],  # exactly 3 + 3 = 6, and well over
)
def test_bt_exactly_at_its_minimum_is_said_to_be_met_like_bt_well_over_it(
    tmp_path: Path, akut_end: str, primarvard_end: str
) -> None:
    def bt_note(akut: str, primarvard: str, folder: str) -> str:
        start = (dt.date.fromisoformat(akut) + dt.timedelta(days=1)).isoformat()
        root = write_tree(
            tmp_path / folder,
            {
                "stfolio.yaml": profile(),
                "placements/a.yaml": placement("2024-01-01", akut, bt="akut", unit="Akuten"),
                "placements/b.yaml": placement(start, primarvard, bt="primärvård", unit="VC"),
            },
        )
        [note] = of_code(check(root, "2024-12-31"), "STF602")
        return _words(note.message)

    clearly_met = bt_note("2024-05-31", "2024-09-30", "over")
    short = bt_note("2024-03-30", "2024-06-29", "short")
    assert bt_note(akut_end, primarvard_end, "case") == clearly_met != short


def test_a_bt_that_ended_with_exactly_its_minimum_is_not_short(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile("  start: 2024-01-01\n  end: 2024-06-30\n"),
            "placements/a.yaml": placement("2024-01-01", "2024-03-31", bt="akut", unit="Akuten"),
            "placements/b.yaml": placement("2024-04-01", "2024-06-30", bt="primärvård", unit="VC"),
        },
    )
    assert found(root, "2024-12-31", "STF611") == []
    assert found(root, "2024-12-31", "STF612") == []


def test_every_bt_finding_says_what_to_do(tmp_path: Path) -> None:
    units = {
        f"placements/{i}.yaml": placement(f"2024-0{i}-01", f"2024-0{i}-10", bt="akut", unit=f"Enhet {i}")
        for i in range(1, 6)
    }
    root = write_tree(tmp_path, {"stfolio.yaml": profile("  start: 2024-01-01\n  end: 2024-06-30\n"), **units})
    result = check(root, "2026-06-01")
    bt = [f for f in result.findings if f.code in ("STF604", "STF605", "STF611", "STF612", "STF613")]
    assert sorted(f.code for f in bt) == ["STF605", "STF611", "STF612", "STF613"]  # ended in time: no STF604
    assert all(f.hint for f in bt)
    late = write_tree(tmp_path / "late", {"stfolio.yaml": profile()})
    [advice] = of_code(check(late, "2026-06-01"), "STF604")
    assert advice.hint
