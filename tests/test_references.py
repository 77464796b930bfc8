"""Delmål references in records resolve against the portfolio's regulation and specialty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree

from stfolio.rules import check_portfolio

Make = Callable[[dict[str, str | bytes]], Path]


def profile(regulation: str, specialty: str, start: str = "2019-09-01") -> str:
    return f"format: 1\ntrainee: {{name: A}}\nregulation: {regulation}\nspecialty: {specialty}\nst_start: {start}\n"


def findings(root: Path) -> list[str]:
    return [f"{f.location} {f.severity} {f.code} {f.message} | {f.hint}" for f in check_portfolio(root).problems]


def meeting(delmal: str) -> str:
    return f"date: 2025-10-06\nkind: handledarsamtal\ndelmal: {delmal}\n"


def test_known_ids_pass_and_unknown_ones_get_close_matches(english: None, portfolio: Make) -> None:
    # sta2 is STa2: ids are case-insensitive on input (issue 11).
    root = portfolio({"meetings/m.yaml": meeting("[BT1, STa3, STc14, sta2, STc15, BT19]")})
    assert findings(root) == [
        "meetings/m.yaml:3:34 error STF401 delmål 'STc15' does not exist in HSLF-FS 2021:8 | "
        "did you mean 'STc1' or 'STc5' or 'STc10'?",
        "meetings/m.yaml:3:41 error STF401 delmål 'BT19' does not exist in HSLF-FS 2021:8 | "
        "did you mean 'BT1' or 'BT9'?",
    ]


def test_an_id_of_the_other_regulation_names_its_equivalent(english: None, portfolio: Make) -> None:
    root = portfolio(
        {
            "meetings/m.yaml": meeting("[a5, c1]"),
            "courses/k.yaml": """\
                title: Ledarskap
                start: 2025-10-01
                intyg:
                  - issued_by: Eva Ek
                    role: kursledare
                    date: 2025-10-02
                    delmal: [a1]
                """,
        }
    )
    assert findings(root) == [
        "courses/k.yaml:7:14 error STF402 a1 belongs to SOSFS 2015:8; under HSLF-FS 2021:8 the matching goals are "
        "STa5 and STa6 | write STa5 and STa6: an application uses the delmål and intyg forms of one regulation only",
        "meetings/m.yaml:3:10 error STF402 a5 belongs to SOSFS 2015:8; under HSLF-FS 2021:8 the matching goal is "
        "STa3 | write STa3: an application uses the delmål and intyg forms of one regulation only",
        "meetings/m.yaml:3:14 error STF402 c1 belongs to SOSFS 2015:8; under HSLF-FS 2021:8 the matching goal is "
        "STc1 | write STc1: an application uses the delmål and intyg forms of one regulation only",
    ]


def test_2021_ids_in_a_2015_portfolio(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"stfolio.yaml": profile("SOSFS 2015:8", "psykiatri"), "meetings/m.yaml": meeting("[BT3, STa4, a2, c13]")},
    )
    assert findings(root) == [
        "meetings/m.yaml:3:10 error STF403 BT3 is a BT goal, and SOSFS 2015:8 has no BT | "
        "remove it; or, if your ST follows HSLF-FS 2021:8, change regulation in stfolio.yaml",
        "meetings/m.yaml:3:15 error STF402 STa4 belongs to HSLF-FS 2021:8; under SOSFS 2015:8 the matching goal is "
        "a2 | write a2: an application uses the delmål and intyg forms of one regulation only",
    ]


def test_a_goal_the_specialty_leaves_out(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"stfolio.yaml": profile("SOSFS 2015:8", "radiologi"), "meetings/m.yaml": meeting("[a1, b1]")},
    )
    assert (
        "meetings/m.yaml:3:14 error STF404 delmål b1 does not apply to radiologi under SOSFS 2015:8 | "
        "remove it; this specialty's målbeskrivning leaves the goal out"
    ) in findings(root)


def test_specialty_without_shipped_c_goals_says_so_and_how_to_add_them(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"stfolio.yaml": profile("SOSFS 2015:8", "radiologi"), "meetings/m.yaml": meeting("[a1, c3]")},
    )
    assert findings(root) == [
        "stfolio.yaml:4:12 warning STF406 the c-goals of Radiologi under SOSFS 2015:8 are not shipped with stfolio "
        "yet, so c-goal references cannot be checked | add them as goals/radiologi.yaml in the portfolio (see "
        "docs/catalogues.md and `stfolio goals show STc1 --specialty allmanmedicin` for an example)",
    ]


def test_a_local_catalogue_file_makes_c_goals_checkable(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile("SOSFS 2015:8", "radiologi"),
            "goals/radiologi.yaml": """\
                regulation: SOSFS 2015:8
                specialty: radiologi
                goals:
                  - id: c1
                    group: c
                    title: Strålskydd
                    description: Kunna tillämpa strålskyddets principer i det dagliga arbetet.
                    activities: {prescribed: [klinisk-tjanstgoring, kurs]}
                    course: required
                    verified: false
                    source: local
                """,
            "meetings/m.yaml": meeting("[c1, c2]"),
        },
    )
    assert findings(root) == [
        "goals/radiologi.yaml:11:13 error STF305 c1: source 'local' is not listed in sosfs-2015-8/regulation.yaml | "
        "add it under sources: with its title and url",
        "meetings/m.yaml:3:14 error STF401 delmål 'c2' does not exist in SOSFS 2015:8 | "
        "see `stfolio goals list` for the goals of your specialty",
    ]


def test_unknown_specialty(english: None, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile("HSLF-FS 2021:8", "psykiatrii", start="2025-09-01")})
    assert findings(root) == [
        "stfolio.yaml:4:12 error STF405 unknown specialty 'psykiatrii' | did you mean 'psykiatri'?",
    ]


LOCAL = """\
regulation: SOSFS 2015:8
specialty: radiologi
sources:
  - {key: SoS-Radiologi, title: Målbeskrivning radiologi, url: null, reliability: official}
goals:
  - id: c1
    group: c
    title: Strålskydd
    description: Kunna tillämpa strålskyddets principer i det dagliga arbetet.
    verified: true
    source: SoS-Radiologi
  - id: b1
    group: b
    title: Kommunikation
    description: En lokal omdefinition av ett gemensamt delmål.
    verified: false
    source: SoS-Radiologi
"""


def test_a_local_file_may_cite_its_own_sources_but_not_redefine_shipped_goals(english: None, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile("SOSFS 2015:8", "radiologi"), "goals/radiologi.yaml": LOCAL})
    assert findings(root) == [
        "goals/radiologi.yaml:12:9 error STF307 b1 is a goal stfolio ships for every specialty; a local file may add "
        "only c-goals | remove it here; to correct a shipped goal, report it so the catalogue is fixed for everyone",
    ]


@pytest.mark.parametrize(
    ("regulation", "specialty", "reason"),
    [
        ("HSLF-FS 2021:8", "radiologi", "it is for SOSFS 2015:8, and this portfolio follows HSLF-FS 2021:8"),
        ("SOSFS 2015:8", "neurologi", "it is for the specialty radiologi, and this portfolio's is neurologi"),
    ],
)
def test_a_local_file_for_another_portfolio_is_ignored(
    english: None, tmp_path: Path, regulation: str, specialty: str, reason: str
) -> None:
    root = write_tree(
        tmp_path, {"stfolio.yaml": profile(regulation, specialty, "2025-09-01"), "goals/radiologi.yaml": LOCAL}
    )
    assert f"goals/radiologi.yaml:1:1 warning STF308 local goal file ignored: {reason}" in " ".join(findings(root))


def test_a_shipped_specialty_file_wins_over_a_local_one(english: None, tmp_path: Path) -> None:
    local = LOCAL.replace("radiologi", "psykiatri")
    root = write_tree(tmp_path, {"stfolio.yaml": profile("SOSFS 2015:8", "psykiatri"), "goals/psykiatri.yaml": local})
    assert findings(root)[0].startswith(
        "goals/psykiatri.yaml:1:1 warning STF308 local goal file ignored: stfolio ships the c-goals of psykiatri"
    )


def test_duplicate_records_and_unknown_expense_courses(english: None, portfolio: Make) -> None:
    root = portfolio(
        {
            "meetings/a.yaml": meeting("[BT1]"),
            "meetings/b.yaml": meeting("[BT1]"),
            "courses/k.yaml": "title: Ledarskap\nstart: 2025-10-01\n",
            "expenses/e.yaml": "date: 2025-10-01\namount: 1200\ncategory: kursavgift\ncourse: courses/k.yml\n",
            "expenses/f.yaml": "date: 2025-10-01\namount: 1200\ncategory: kursavgift\ncourse: courses/k.yaml\n",
            "expenses/g.yaml": "date: 2025-10-02\namount: .inf\ncategory: resa\n",
        }
    )
    assert findings(root) == [
        "expenses/e.yaml:4:9 error STF415 course 'courses/k.yml' is not a course record of this portfolio | "
        "did you mean 'courses/k.yaml'?",
        "expenses/g.yaml:2:9 error STF212 amount: YAML reads .inf as infinity | write a plain decimal number, e.g. 1200 "
        "or 1.5",
        "meetings/b.yaml:1:1 warning STF414 same content as meetings/a.yaml | delete one of them; a record counted "
        "twice inflates the norms and the verdicts",
    ]
