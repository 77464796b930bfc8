"""`stfolio cohort`: the rows, the flags and the yearly compilation, checked by hand-computed values."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio.cohort import CohortConfig, run_cohort
from stfolio.cohort.model import BROKEN, IDENTIFIER, OK, TraineeRow
from stfolio.cohort.yearly import ALL, CLINIC, EMPLOYER
from tests.cohort.conftest import AS_OF, TRAINEES
from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str]]
DAY = dt.date.fromisoformat(AS_OF)


def rows_by_folder(root: Path, **options: object) -> dict[str, TraineeRow]:
    cohort = run_cohort([root], as_of=DAY, jobs=1, **options)  # type: ignore[arg-type]
    return {Path(row.path).name: row for row in cohort.rows}


def codes(row: TraineeRow) -> list[str]:
    return [flag.code for flag in row.flags]


def test_one_row_per_trainee_sorted_by_risk(cohort_dir: Path) -> None:
    cohort = run_cohort([cohort_dir], as_of=DAY, jobs=1)
    assert [Path(r.path).name for r in cohort.rows] == ["dan", "eva", "bo", "cilla", "anna"]
    assert [r.risk for r in cohort.rows] == [100, 90, 11, 2, 0]
    assert [r.state for r in cohort.rows] == [BROKEN, IDENTIFIER, OK, OK, OK]


def test_the_trainee_on_track_has_no_flag(cohort_dir: Path) -> None:
    anna = rows_by_folder(cohort_dir)["anna"]
    assert (anna.name, anna.specialty, anna.regulation) == ("Anna Ek", "psykiatri", "HSLF-FS 2021:8")
    assert (anna.clinic, anna.employer, anna.supervisor, anna.st_start) == (
        "Vuxenpsykiatri Lund",
        "Region Skåne",
        "Per Holm",
        "2025-09-01",
    )
    # Sep 2025 – Jun 2026 in full: 10 months; 66 needed; full time since ST start is also 10.
    assert (anna.served, anna.needed, anna.expected) == (10.0, 66, 10.0)
    # 2025-09-01 + 66 months − 1 day; the records and the plan run to 2027-02-28, then full time.
    assert (anna.planned_completion, anna.earliest_completion, anna.months_late) == ("2031-02-28", "2031-02-28", 0)
    assert (anna.bt_state, anna.bt_served, anna.bt_needed) == ("done", 6.0, 6)
    assert (anna.last_handledarsamtal, anna.days_since_handledarsamtal) == ("2026-05-20", 41)
    assert (anna.last_iup, anna.days_since_iup) == ("2026-02-01", 149)
    assert (anna.delmal_attested, anna.delmal_met, anna.delmal_in_progress) == (2, 0, 1)
    assert (anna.errors, anna.warnings, anna.norms_behind, anna.intyg_missing) == (0, 0, (), ())
    assert anna.flags == ()


def test_the_trainee_behind_is_flagged_with_the_reasons(cohort_dir: Path, english: None) -> None:
    from stfolio.cohort.flags import flag_text

    bo = rows_by_folder(cohort_dir)["bo"]
    # BT akut Mar–May 2024 (3 months) and psykiatri from Sep 2025 (10 months by the end of June 2026).
    assert (bo.served, bo.expected) == (13.0, 28.0)
    # Planned: 2024-03-01 + 66 months − 1 day. Earliest: 19 months by 2026-12-31, then 47 at full time.
    assert (bo.planned_completion, bo.earliest_completion, bo.months_late) == ("2029-08-31", "2030-11-30", 15.0)
    assert (bo.bt_state, bo.bt_served, bo.bt_months) == ("in-progress", 3.0, 28.0)
    assert codes(bo) == ["behind", "bt-late", "no-handledarsamtal", "iup-stale", "norms"]
    assert [flag_text(f) for f in bo.flags] == [
        "earliest completion 2030-11-30, 15.0 months after the planned 2029-08-31 (13.0 of 66 months served)",
        "BT not done 24 months after its start (3.0 of 6 months)",
        "no handledarsamtal for 211 days (last 2025-12-01; the limit is 90)",
        "the IUP has never been revised",
        "2 local norms not met: lokal/handledning, lokal/bedomningar",
    ]


def test_a_placement_without_its_intyg_in_the_last_year_is_flagged(cohort_dir: Path) -> None:
    cilla = rows_by_folder(cohort_dir)["cilla"]
    assert (cilla.regulation, cilla.bt_state, cilla.served, cilla.needed) == ("SOSFS 2015:8", "", 63.0, 60)
    # The placement ended 2026-03-31: within the last 12 months, more than 30 days ago, no intyg.
    assert cilla.intyg_missing == (("placements", 1),)
    assert codes(cilla) == ["intyg-missing"]


def test_the_thresholds_come_from_the_config(cohort_dir: Path) -> None:
    strict = CohortConfig(handledarsamtal_days=30, iup_months=3)
    anna = rows_by_folder(cohort_dir, config=strict)["anna"]
    assert codes(anna) == ["no-handledarsamtal", "iup-stale"]  # 41 days; 149 days is more than 3 months
    lenient = CohortConfig(behind_months=None, bt_months=None, handledarsamtal_days=None, iup_months=None, norms=3)
    assert codes(rows_by_folder(cohort_dir, config=lenient)["bo"]) == []
    assert codes(rows_by_folder(cohort_dir, config=CohortConfig(intyg_grace_days=120))["cilla"]) == []


def test_a_portfolio_that_cannot_be_read_is_one_row(cohort_dir: Path) -> None:
    write_tree(
        cohort_dir / "fia", {"stfolio.yaml": "format: 1\ntrainee: {}\n", "meetings/x.yaml": "date: 2026-01-01\n"}
    )
    rows = rows_by_folder(cohort_dir)
    assert rows["dan"].problem == "ingen stfolio.yaml: inte en portfölj"
    fia = rows["fia"]
    assert fia.state == BROKEN and fia.problem.startswith("stfolio.yaml:") and codes(fia) == ["broken"]
    assert rows["anna"].state == OK and len(rows) == 6


def test_a_crash_on_one_portfolio_is_its_row_and_the_others_go_on(
    cohort_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stfolio.rules

    real = stfolio.rules.check_portfolio

    def crashing(root: Path, **kwargs: object) -> object:
        if root.name == "cilla":
            raise RuntimeError("boom")
        return real(root, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stfolio.rules, "check_portfolio", crashing)
    rows = rows_by_folder(cohort_dir)
    assert rows["cilla"].state == BROKEN and "RuntimeError" in rows["cilla"].problem
    assert rows["anna"].state == OK


def test_a_personnummer_shows_only_its_flag(cohort_dir: Path) -> None:
    eva = rows_by_folder(cohort_dir)["eva"]
    assert (eva.state, eva.identifiers, eva.name, codes(eva)) == (IDENTIFIER, 1, "Eva Ek", ["identifier"])
    assert (eva.served, eva.clinic, eva.last_handledarsamtal, eva.year) == (None, "", None, None)


def test_the_yearly_compilation_by_hand(cohort_dir: Path) -> None:
    cohort = run_cohort([cohort_dir], as_of=DAY, year=2025, jobs=1)
    rows = {Path(r.path).name: r for r in cohort.rows}
    anna, bo, cilla = rows["anna"].year, rows["bo"].year, rows["cilla"].year
    assert anna is not None and bo is not None and cilla is not None
    # Anna: Sep–Dec served; one handledarsamtal (Oct), one mini-CEX (Nov); BT akut and primärvård overlap
    # 2025. Her norms are judged over Sep–Dec: 2·4/12 → 0 and 4·4/12 → 1 expected, both met.
    assert (anna.served_months, anna.handledarsamtal, anna.assessments, anna.iup_revisions) == (4.0, 1, 1, 0)
    assert (anna.courses, anna.placements, anna.norms_met, anna.norms_not_met) == (0, 2, 2, 0)
    # Bo: Sep–Dec served, one handledarsamtal (Dec) of the 2 a year, no assessment of the 4.
    assert (bo.served_months, bo.handledarsamtal, bo.assessments, bo.placements) == (4.0, 1, 0, 1)
    assert (bo.norms_met, bo.norms_not_met) == (0, 2)
    assert (cilla.served_months, cilla.handledarsamtal, cilla.placements, cilla.norms_met) == (12.0, 0, 1, 0)
    compilation = cohort.compilation
    assert compilation is not None
    assert (compilation.year, compilation.left_out, compilation.not_in_st) == (2025, 2, 0)
    lines = [(g.level, g.employer, g.clinic, g.trainees) for g in compilation.groups]
    assert lines == [
        (CLINIC, "Region Kronoberg", "Psykiatri Växjö", 1),
        (EMPLOYER, "Region Kronoberg", "", 1),
        (CLINIC, "Region Skåne", "Vuxenpsykiatri Lund", 2),
        (EMPLOYER, "Region Skåne", "", 2),
        (ALL, "", "", 3),
    ]
    lund, everyone = compilation.groups[2], compilation.groups[4]

    def figures(group: object, key: str) -> tuple[float, float]:
        f = group.figure(key)  # type: ignore[attr-defined]
        return (f.total, f.median)

    assert figures(lund, "served_months") == (8.0, 4.0)
    assert figures(lund, "handledarsamtal") == (2, 1)
    assert figures(lund, "assessments") == (1, 0.5)
    assert figures(lund, "placements") == (3, 1.5)
    assert figures(lund, "norms_met") == (2, 1) and figures(lund, "norms_not_met") == (2, 1)
    assert figures(everyone, "served_months") == (20.0, 4.0)
    assert figures(everyone, "placements") == (4, 1)
    assert figures(everyone, "norms_not_met") == (2, 0)


def test_a_trainee_whose_st_had_not_begun_is_not_compiled(cohort_dir: Path) -> None:
    compilation = run_cohort([cohort_dir], as_of=DAY, year=2022, jobs=1).compilation
    assert compilation is not None
    assert (compilation.not_in_st, compilation.groups[-1].trainees) == (2, 1)  # only Cilla had begun


def test_workers_give_what_one_process_gives(cohort_dir: Path) -> None:
    one = run_cohort([cohort_dir], as_of=DAY, year=2025, jobs=1)
    two = run_cohort([cohort_dir], as_of=DAY, year=2025, jobs=2)
    assert one == two


def test_portfolios_are_found_one_level_down_or_at_any_depth(cohort_dir: Path, tmp_path: Path) -> None:
    nested = tmp_path / "region"
    (nested / "lund").mkdir(parents=True)
    (cohort_dir / "anna").rename(nested / "lund" / "anna")
    assert "anna" not in rows_by_folder(nested)
    assert [Path(r.path).name for r in run_cohort([nested], as_of=DAY, jobs=1, recursive=True).rows] == ["anna"]
    assert [Path(r.path).name for r in run_cohort([nested / "lund" / "anna"], as_of=DAY, jobs=1).rows] == ["anna"]
    empty = tmp_path / "empty"
    empty.mkdir()
    (row,) = run_cohort([empty, empty], as_of=DAY, jobs=1).rows
    assert row.state == BROKEN


def test_every_trainee_folder_of_the_fixture_is_there(cohort_dir: Path) -> None:
    assert sorted(p.name for p in cohort_dir.iterdir()) == sorted(TRAINEES)


def test_a_message_shared_with_another_part_keeps_its_translation() -> None:
    """All catalogs are chained, so a cohort msgid that another part also uses must not reword it there."""
    from babel.messages.pofile import read_po

    folder = Path(__file__).resolve().parents[2] / "stfolio" / "locale" / "sv" / "LC_MESSAGES"

    def strings(domain: str) -> dict[str, object]:
        with (folder / f"{domain}.po").open("rb") as handle:
            return {str(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(handle) if m.id}

    mine = strings("cohort")
    clashes = [
        (domain, msgid)
        for domain in sorted(p.stem for p in folder.glob("*.po") if p.stem != "cohort")
        for msgid, text in strings(domain).items()
        if msgid in mine and mine[msgid] != text
    ]
    assert clashes == []


def _dying(task: object) -> object:
    """A worker that dies on Cilla's portfolio, as one killed or out of memory would."""
    from stfolio.cohort.summary import summarise

    if str(getattr(task, "path", "")).endswith("cilla"):
        os._exit(1)
    return summarise(task)  # type: ignore[arg-type]


def test_a_worker_that_dies_costs_only_its_own_row(cohort_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stfolio.cohort.run

    monkeypatch.setattr(stfolio.cohort.run, "summarise", _dying)
    rows = {Path(r.path).name: r for r in run_cohort([cohort_dir], as_of=DAY, jobs=2).rows}
    assert rows["cilla"].state == BROKEN and "BrokenProcessPool" in rows["cilla"].problem
    assert [rows[n].state for n in ("anna", "bo", "eva")] == [OK, OK, IDENTIFIER] and len(rows) == 5
