"""What blocks an application, and the notes about the huvudhandledare: code, severity, place.

Time short by a verified rule blocks (an error); exactly the minimum does not. What only an
unverified rule says is a warning among the likely problems. The notes on the huvudhandledare
point at the line to change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check

from stfolio.findings import Finding, Location, Severity
from stfolio.rules.application import Readiness


def profile(supervisor: str = "supervisor: {name: H, specialty: psykiatri, handledarutbildning: true}\n") -> str:
    return (
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"
        f"bt: {{start: 2024-01-01, approved: 2030-01-01}}\n{supervisor}"
    )


def readiness(root: Path, which: str, as_of: str) -> Readiness:
    result = check(root, as_of, application=which)
    assert result.readiness is not None
    return result.readiness


def placed(start: str, end: str, bt: str | None = None) -> str:
    return f"unit: Enhet {start}\nstart: {start}\nend: {end}\n" + (f"bt: {bt}\n" if bt else "")


def coded(findings: list[Finding], *codes: str) -> list[tuple[str, Severity, Location]]:
    return [(f.code, f.severity, f.location) for f in findings if f.code in codes]


ST_START = Location("stfolio.yaml", 5, 11)


def test_st_time_short_by_a_day_blocks_exactly_the_minimum_does_not(tmp_path: Path) -> None:
    # 66 months from 2024-01-01 end on 2029-06-30
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), "placements/a.yaml": placed("2024-01-01", "2029-06-29")})
    ready = readiness(root, "st", "2029-12-31")
    assert coded(ready.blockers, "STF801") == [("STF801", Severity.ERROR, ST_START)]
    (root / "placements/a.yaml").write_text(placed("2024-01-01", "2029-06-30"))
    assert coded(readiness(root, "st", "2029-12-31").findings, "STF801") == []
    assert coded(readiness(root, "bt", "2029-12-31").findings, "STF801") == []  # BT does not ask for ST time


def test_bt_exactly_six_months_three_and_three_is_complete(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(),
            "placements/a.yaml": placed("2024-01-01", "2024-03-31", "akut"),
            "placements/b.yaml": placed("2024-04-01", "2024-06-30", "primärvård"),
        },
    )
    assert coded(readiness(root, "bt", "2024-12-31").findings, "STF802", "STF806") == []


def test_bt_short_blocks_by_the_verified_minimum_and_warns_by_the_unverified_split(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(),
            "placements/a.yaml": placed("2024-01-01", "2024-03-30", "akut"),  # a day short of 3 months
            "placements/b.yaml": placed("2024-04-01", "2024-06-30", "primärvård"),
        },
    )
    ready = readiness(root, "bt", "2024-12-31")
    assert coded(ready.blockers, "STF802", "STF806") == [("STF802", Severity.ERROR, ST_START)]
    assert coded(ready.likely, "STF802", "STF806") == [("STF806", Severity.WARNING, ST_START)]
    assert ready.state == "not-ready"
    assert coded(readiness(root, "st", "2024-12-31").findings, "STF802", "STF806") == []


GOALS = "[STa1, STa2, STa3, STa4, STa5, STa6, STa7, STb1, STb2, STb3, STc1, STc2]"


def test_every_delmal_not_attested_is_listed_whatever_comes_before_it(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(),
            "placements/p.yaml": placed("2024-01-01", "2024-06-30")
            + f"delmal: {GOALS}\nintyg:\n  - {{issued_by: P, role: handledare, date: 2024-06-30}}\n",
            "courses/k.yaml": f"title: Kurs\nstart: 2024-02-01\ndelmal: {GOALS}\nintyg:\n"
            "  - {issued_by: E, role: kursledare, date: 2024-02-01}\n",
        },
    )
    ready = readiness(root, "st", "2024-12-31")
    assert ready.verdicts[0].status == "attested"  # an attested delmål first, then open ones
    open_goals = [v.goal for v in ready.verdicts if v.status != "attested"]
    assert 0 < len(open_goals) < len(ready.verdicts)
    assert coded(ready.blockers, "STF803") == [
        ("STF803", Severity.ERROR, Location("stfolio.yaml", 4, 12)) for goal in open_goals if goal.verified
    ]
    assert coded(ready.likely, "STF807") == [
        ("STF807", Severity.WARNING, Location("stfolio.yaml", 4, 12)) for goal in open_goals if not goal.verified
    ]
    assert [f.hint for f in ready.findings if f.code in ("STF803", "STF807")] == [
        f.hint for f in ready.findings if f.code in ("STF803", "STF807") and f.hint
    ]


SUPERVISOR_AT = Location("stfolio.yaml", 7, 13)


@pytest.mark.parametrize(
    ("supervisor", "notes"),
    [
        ("supervisor: {name: H, specialty: psykiatri, handledarutbildning: true}\n", []),
        ("supervisor: {name: H, specialty: Psykiatri, handledarutbildning: true}\n", []),  # the specialty's name
        ("", [Location("stfolio.yaml", 1, 1)]),
        ("supervisor: {name: H, specialty: psykiatri}\n", [SUPERVISOR_AT]),
        ("supervisor: {name: H, specialty: psykiatri, handledarutbildning: false}\n", [SUPERVISOR_AT]),
        ("supervisor: {name: H, handledarutbildning: true}\n", [SUPERVISOR_AT]),
        (
            "supervisor: {name: H, specialty: Allmänmedicin, handledarutbildning: true}\n",
            [Location("stfolio.yaml", 7, 34)],
        ),
        ("supervisor: {name: H}\n", [SUPERVISOR_AT, SUPERVISOR_AT]),  # untrained, and no specialty
    ],
)
def test_notes_on_the_huvudhandledare_point_at_what_to_change(
    tmp_path: Path, supervisor: str, notes: list[Location]
) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(supervisor)})
    found = [f for f in readiness(root, "st", "2024-12-31").notes if f.code == "STF804"]
    assert [(f.severity, f.location) for f in found] == [(Severity.WARNING, where) for where in notes]
    assert all(f.hint for f in found)


def test_readiness_carries_the_run_s_service_figures(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(), "placements/a.yaml": placed("2024-01-01", "2024-06-30")})
    result = check(root, "2024-12-31", application="st")
    assert result.readiness is not None and result.context is not None
    assert result.readiness.service is result.context.service
    assert result.readiness.service.served == pytest.approx(6.0)
