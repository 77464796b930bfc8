"""Policy packs: each norm shape, passing and failing, with the figures in the message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from conftest import write_tree

from stfolio.rules import check_portfolio


def profile(policies: str, extra: str = "") -> str:
    return (
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"
        f"policies: [{policies}]\n{extra}"
    )


def meetings(dates: list[str], kind: str = "handledarsamtal") -> dict[str, str]:
    return {f"meetings/{d}-{i}.yaml": f"date: {d}\nkind: {kind}\n" for i, d in enumerate(dates)}


def year_placement() -> dict[str, str]:
    return {"placements/p.yaml": "unit: Psykiatri\nstart: 2024-01-01\nend: 2025-12-31\n"}


def norms(root: Path, as_of: str) -> list[str]:
    result = check_portfolio(root, as_of=dt.date.fromisoformat(as_of))
    return [f.message for f in result.findings if f.code in ("STF701", "STF702")]


MONTHLY_2024 = [f"2024-{m:02d}-10" for m in range(1, 13)]


def test_sus_meetings_per_year_pass_and_fail(english: None, tmp_path: Path) -> None:
    ok = write_tree(
        tmp_path / "ok", {"stfolio.yaml": profile("se-sus"), **year_placement(), **meetings(MONTHLY_2024[:9])}
    )
    assert [m for m in norms(ok, "2025-01-01") if "handledarmoten" in m] == []
    short = write_tree(
        tmp_path / "short", {"stfolio.yaml": profile("se-sus"), **year_placement(), **meetings(MONTHLY_2024[:6])}
    )
    assert [m for m in norms(short, "2025-01-01") if "handledarmoten" in m] == [
        "se-sus handledarmoten: 6 in ST year 1 (2024-01-01–2024-12-31); the norm is 9 per 12 months of clinical service"
    ]


def test_service_year_norm_is_prorated_by_leave(english: None, tmp_path: Path) -> None:
    half_year_leave = {"leave/l.yaml": "kind: föräldraledighet\nstart: 2024-07-01\nend: 2024-12-31\n"}
    # 6 months of service in the year: 4.5 meetings expected
    six = write_tree(
        tmp_path / "six",
        {"stfolio.yaml": profile("se-sus"), **year_placement(), **half_year_leave, **meetings(MONTHLY_2024[:6])},
    )
    assert [m for m in norms(six, "2025-01-01") if "handledarmoten" in m] == []
    four = write_tree(
        tmp_path / "four",
        {"stfolio.yaml": profile("se-sus"), **year_placement(), **half_year_leave, **meetings(MONTHLY_2024[:4])},
    )
    assert [m for m in norms(four, "2025-01-01") if "handledarmoten" in m] == [
        "se-sus handledarmoten: 4 in ST year 1 (2024-01-01–2024-12-31); the norm is 9 per 12 months of clinical "
        "service (4.5 for the service in that year)"
    ]


def test_current_year_is_judged_by_pace(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"stfolio.yaml": profile("se-spur"), **year_placement(), **meetings(["2024-02-01"], "IUP-revision")}
    )
    assert norms(root, "2024-02-15") == []  # less than three months in: too early to judge
    assert norms(root, "2024-07-01") == [
        "se-spur iup-revision: 1 so far in ST year 1 (2024-01-01–2024-12-31), behind the pace of 4 a year "
        "(2 expected by 1 July 2024)"
    ]


def test_psychiatry_manual_year_one_and_per_placement(english: None, tmp_path: Path) -> None:
    every_other_week = [(dt.date(2024, 1, 3) + dt.timedelta(days=14 * i)).isoformat() for i in range(26)]
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile("se-psykiatri-manual"),
            "placements/a.yaml": "unit: Akuten\nstart: 2024-01-01\nend: 2024-06-30\n",
            "placements/b.yaml": "unit: Psykiatri\nstart: 2024-07-01\nend: 2025-12-31\n",
            "assessments/m.yaml": "date: 2024-08-01\ninstrument: medsittning\n",
            **meetings(every_other_week),
        },
    )
    assert norms(root, "2025-01-01") == [
        "se-psykiatri-manual medsittning-per-placering: 0 during the placement placements/a.yaml "
        "(2024-01-01–2024-06-30); the norm is 1 per placement"
    ]


def test_study_time_per_month_only_when_recorded(english: None, tmp_path: Path) -> None:
    base = {"stfolio.yaml": profile("se-sus"), **year_placement(), **meetings(MONTHLY_2024[:9])}
    none = write_tree(tmp_path / "none", base)
    assert [m for m in norms(none, "2024-04-01") if "studietid" in m] == []
    recorded = write_tree(
        tmp_path / "rec",
        {
            **base,
            "activities/s.yaml": "kind: teoretiska studier\ntitle: Läsning\nstart: 2024-01-01\nend: 2024-02-29\nhours: 12\n",
        },
    )
    # 12 h over 60 days: January 6.2 h, February 5.8 h, March nothing
    assert [m for m in norms(recorded, "2024-04-01") if "studietid" in m] == [
        "se-sus studietid: 1 month below 4 h a month: 2024-03 0 h"
    ]


def test_budget_and_literature_cap(english: None, tmp_path: Path) -> None:
    expense = "date: 2024-{m}-01\namount: {a}\ncategory: {c}\n"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile("se-kronoberg-ryggsack"),
            "courses/a.yaml": "title: Ledarskap\nstart: 2024-03-01\ndelmal: [STa5]\n",
            "expenses/a.yaml": expense.format(m="03", a=60000, c="kursavgift") + "course: courses/a.yaml\n",
            "expenses/b.yaml": expense.format(m="04", a=104000, c="kursavgift"),
            "expenses/c.yaml": expense.format(m="05", a=6000, c="litteratur"),
        },
    )
    # The a-goal course's 60 000 kr is funded centrally; 104 000 + 6 000 is exactly the budget.
    assert norms(root, "2024-06-01") == [
        "se-kronoberg-ryggsack ryggsack: SEK\u00a06,000 on litteratur, over its cap of SEK\u00a05,000"
    ]
    (root / "expenses/d.yaml").write_text(expense.format(m="05", a=500, c="resa"))
    (root / "expenses/e.yaml").write_text(expense.format(m="09", a=9000, c="kursavgift") + "status: planned\n")
    assert norms(root, "2024-06-01") == [
        "se-kronoberg-ryggsack ryggsack: SEK\u00a0110,500 spent, over the budget of SEK\u00a0110,000",
        "se-kronoberg-ryggsack ryggsack: SEK\u00a06,000 on litteratur, over its cap of SEK\u00a05,000",
    ]


def test_unknown_pack_and_a_local_pack(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile("se-suss, lokal"),
            "goals/policies/lokal.yaml": (
                "id: lokal\ntitle: Vår klinik\nsource: {title: Klinikens PM}\nnorms:\n"
                "  - id: bedomningar\n    title: Bedömningar\n    count: {records: assessments}\n    minimum: 12\n"
                "    per: st-year\n"
            ),
        },
    )
    result = check_portfolio(root, as_of=dt.date(2025, 1, 1))
    assert [f"{f.location} {f.code} {f.message} | {f.hint}" for f in result.findings if f.code.startswith("STF7")] == [
        "stfolio.yaml:6:12 STF701 unknown policy pack 'se-suss' | did you mean 'se-sus'?",
        "stfolio.yaml:6:21 STF702 lokal bedomningar: 0 in ST year 1 (2024-01-01–2024-12-31); the norm is 12 a year | "
        "local norm 'Bedömningar' (Vår klinik)",
    ]


def test_monthly_after_year_one_is_judged_month_by_month(english: None, tmp_path: Path) -> None:
    """Two empty months are two shortfalls, even when the year's total would look fine."""
    days = ["2025-01-08", "2025-01-15", "2025-01-22", "2025-01-29", "2025-04-02"]
    root = write_tree(tmp_path, {"stfolio.yaml": profile("se-psykiatri-manual"), **meetings(days)})
    [norm] = [m for m in norms(root, "2025-05-10") if "handledning-darefter" in m]
    assert norm == "se-psykiatri-manual handledning-darefter: 2 months below 1 a month: 2025-02–2025-03 0"


def test_planned_work_never_meets_a_norm(cli: Callable[..., tuple[int, str]], tmp_path: Path) -> None:
    work = "kind: vetenskapligt arbete\ntitle: Studie\nstart: 2027-09-01\nstatus: planned\n"
    root = write_tree(tmp_path, {"stfolio.yaml": profile("se-sus"), "activities/v.yaml": work})
    _code, out = cli("report", "iup", "--as-of", "2026-11-23", cwd=root)
    [row] = [line for line in out.splitlines() if line.startswith("| Vetenskapligt arbete")]
    assert row.endswith("| se-sus | krävs | planerat | planerat |")
