"""Per-delmål verdicts, `check --application` and `status`: records, missing pieces, status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree

from stfolio.figures.verdicts import all_verdicts
from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "psykiatri-2021"
PROFILE = "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"


def verdict(root: Path, goal: str, as_of: str = "2025-06-01"):  # type: ignore[no-untyped-def]
    result = check_portfolio(root, as_of=dt.date.fromisoformat(as_of))
    assert result.context is not None and result.context.catalogue is not None
    return {v.goal.id: v for v in all_verdicts(result.portfolio, result.context.catalogue, result.context.as_of)}[goal]


def test_a_goal_goes_from_not_started_to_attested(english: None, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": PROFILE})
    v = verdict(root, "STb3")
    assert (v.status, v.done, [r.what for r in v.missing]) == (
        "not-started",
        [],
        [
            "klinisk tjänstgöring under handledning",
            "kurs",
            "intyg (klinisk tjänstgöring under handledning) from handledare",
            "intyg (kurs) from kursledare or handledare",
        ],
    )
    (root / "courses").mkdir()
    (root / "courses/fm.yaml").write_text(
        "title: Försäkringsmedicin\nstart: 2024-03-01\ndelmal: [STb3]\nstatus: planned\n"
    )
    v = verdict(root, "STb3")
    assert (v.status, v.planned, v.requirements[1].planned) == ("not-started", ["courses/fm.yaml"], ["courses/fm.yaml"])
    (root / "courses/fm.yaml").write_text(
        "title: Försäkringsmedicin\nstart: 2024-03-01\ndelmal: [STb3]\n"
        "intyg: [{issued_by: K, role: kursledare, date: 2024-03-02}]\n"
    )
    (root / "placements").mkdir()
    (root / "placements/p.yaml").write_text("unit: Psykiatri\nstart: 2024-01-01\nend: 2024-12-31\ndelmal: [STb3]\n")
    v = verdict(root, "STb3")
    assert (v.status, [r.what for r in v.missing]) == (
        "done-not-attested",
        ["intyg (klinisk tjänstgöring under handledning) from handledare"],
    )
    assert v.done == ["courses/fm.yaml", "placements/p.yaml"]
    (root / "placements/p.yaml").write_text(
        "unit: Psykiatri\nstart: 2024-01-01\nend: 2024-12-31\ndelmal: [STb3]\n"
        "intyg: [{issued_by: H, role: handledare, date: 2024-12-31}]\n"
    )
    assert verdict(root, "STb3").status == "attested"


def test_an_ongoing_placement_counts_toward_the_plan_only(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "placements/p.yaml": "unit: Psykiatri\nstart: 2024-01-01\nend: 2025-12-31\ndelmal: [STc12]\n",
        },
    )
    assert verdict(root, "STc12", as_of="2025-06-01").status == "not-started"
    assert verdict(root, "STc12", as_of="2026-01-01").status == "done-not-attested"


def test_an_intyg_from_the_wrong_role_does_not_attest(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "placements/p.yaml": "unit: P\nstart: 2024-01-01\nend: 2024-06-30\ndelmal: [STc12]\n"
            "intyg: [{issued_by: S, role: studierektor, date: 2024-06-30}]\n",
        },
    )
    assert verdict(root, "STc12").status == "done-not-attested"


def test_an_intyg_listing_its_own_delmal_covers_only_those(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "placements/p.yaml": "unit: P\nstart: 2024-01-01\nend: 2024-06-30\ndelmal: [STc12, STc9]\n"
            "intyg: [{issued_by: H, role: handledare, date: 2024-06-30, delmal: [STc12]}]\n",
        },
    )
    assert (verdict(root, "STc12").status, verdict(root, "STc9").status) == ("attested", "in-progress")


def test_an_unknown_course_requirement_is_said_not_passed(english: None, tmp_path: Path) -> None:
    # No shipped goal has course 'unknown' since psykiatri c1–c13 were checked against the
    # målbeskrivning; a local catalogue file still may.
    local = """\
        regulation: SOSFS 2015:8
        specialty: radiologi
        sources: [{key: L, title: Lokal, url: null, reliability: inferred}]
        goals:
          - id: c3
            group: c
            title: Exempel
            description: Ett delmål vars kurskrav inte är känt.
            activities: {prescribed: [klinisk-tjanstgoring]}
            course: unknown
            verified: false
            source: L
        """
    profile = PROFILE.replace("HSLF-FS 2021:8", "SOSFS 2015:8").replace("psykiatri", "radiologi")
    root = write_tree(tmp_path, {"stfolio.yaml": profile, "goals/radiologi.yaml": local})
    v = verdict(root, "c3")
    assert "the catalogue does not know whether a course is required; check the målbeskrivning" in v.notes


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["check", "--application", "--as-of", "2026-11-23"], "check-application-bt-psykiatri-2021.txt"),
        (["check", "--application", "st", "--as-of", "2026-11-23"], "check-application-st-psykiatri-2021.txt"),
        (["status", "--as-of", "2026-11-23"], "status-psykiatri-2021.txt"),
        (["status", "--goal", "STc4", "--as-of", "2026-11-23"], "status-goal-STc4-psykiatri-2021.txt"),
    ],
)
def test_whole_output_on_the_example(cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str], golden: str) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    _code, out = cli(*args, cwd=EXAMPLE)
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_one_intyg_suffices_for_an_either_or_activity(tmp_path: Path) -> None:
    profile_2015 = PROFILE.replace("HSLF-FS 2021:8", "SOSFS 2015:8").replace("psykiatri", "kirurgi")
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile_2015,
            "placements/p.yaml": "unit: Kirurgen\nstart: 2024-01-01\nend: 2024-06-30\ndelmal: [b5]\n"
            "intyg: [{issued_by: H, role: handledare, date: 2024-06-30}]\n",
            "courses/k.yaml": "title: Palliativ vård\nstart: 2024-03-01\ndelmal: [b5]\n"
            "intyg: [{issued_by: K, role: kursledare, date: 2024-03-01}]\n",
        },
    )
    v = verdict(root, "b5")
    assert (v.status, [r.what for r in v.missing]) == ("attested", [])


@pytest.mark.parametrize("damage", ["missing", "changed", "outside"])
def test_an_intyg_whose_scan_is_missing_changed_or_outside_does_not_attest(
    english: None, cli: Cli, tmp_path: Path, damage: str
) -> None:
    import hashlib

    scan = b"%PDF-1.4 kursintyg"
    digest = hashlib.sha256(scan).hexdigest()
    course = (
        "title: Psykiatrisk juridik\nstart: 2024-03-01\ndelmal: [STc13]\n"
        f"intyg:\n  - file: {{file}}\n    issued_by: K\n    role: kursledare\n    date: 2024-03-02\n"
        f"    sha256: {digest}\n"
    )
    placement = (
        "unit: Psykiatri\nstart: 2024-01-01\nend: 2024-12-31\ndelmal: [STc13]\n"
        "intyg: [{issued_by: H, role: handledare, date: 2024-12-31}]\n"
    )
    files = {
        "stfolio.yaml": PROFILE,
        "placements/p.yaml": placement,
        "courses/k.yaml": course.format(file="evidence/k.pdf"),
    }
    root = write_tree(tmp_path / "p", files)
    (root / "evidence").mkdir()
    (root / "evidence/k.pdf").write_bytes(scan)

    def judged(goal: str):  # type: ignore[no-untyped-def]
        context = check_portfolio(root, as_of=dt.date(2025, 6, 1)).context
        assert context is not None
        return context.verdict(goal)

    assert judged("STc13").status == "attested"
    if damage == "missing":
        (root / "evidence/k.pdf").unlink()
    elif damage == "changed":
        (root / "evidence/k.pdf").write_bytes(b"%PDF-1.4 another scan")
    else:
        (tmp_path / "k.pdf").write_bytes(scan)
        (root / "courses/k.yaml").write_text(course.format(file="../k.pdf"))
    v = judged("STc13")
    assert v.status == "done-not-attested"
    assert [r.what for r in v.missing] == ["intyg (kurs) from kursledare or handledare"]
    _code, out = cli("check", "--application", "st", "--as-of", "2025-06-01", "--format", "json", cwd=root)
    import json

    forms = {form["form"]: form for form in json.loads(out)["application"]["forms"]}
    [item] = [i for i in forms["bilaga-10"]["items"] if i["source"] == "courses/k.yaml"]
    assert item["ok"] is False and "missing, outside the portfolio or changed" in item["intyg"]
