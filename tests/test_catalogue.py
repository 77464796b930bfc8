"""Goal catalogues: the shipped data validates, the format holds Norway's LIS, and mistakes in a
catalogue are located findings like mistakes in records."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree

from stfolio.catalogue import load_goal_data, shipped_goal_data

DATA = Path(__file__).resolve().parent / "data" / "catalogues"
R2021, R2015 = "HSLF-FS 2021:8", "SOSFS 2015:8"


def test_every_shipped_catalogue_passes_its_validator() -> None:
    from stfolio.resources import goals_dir

    data = load_goal_data(goals_dir())  # eager: every file read and cross-checked
    assert [f"{f.location} {f.code} {f.message}" for f in data.findings] == []
    assert set(data.regulations) == {R2021, R2015}
    assert len(data.goal_files) == 9 and data.pending == {}


def test_the_shipped_catalogue_reads_a_regulation_only_when_asked() -> None:
    from stfolio.resources import goals_dir

    data = load_goal_data(goals_dir(), lazy=True)
    assert data.goal_files == {} and set(data.pending) == {"hslf-fs-2021-8", "sosfs-2015-8"}
    data.catalogue(R2021, "psykiatri")
    assert set(data.pending) == {"sosfs-2015-8"}
    assert {f.regulation for f in data.goal_files.values()} == {R2021}


def ids(regulation: str, specialty: str | None) -> list[str]:
    catalogue = shipped_goal_data().catalogue(regulation, specialty)
    assert catalogue is not None
    return [g.id for g in catalogue.goals_for(specialty)]


def test_the_goals_of_both_regulations_are_all_there() -> None:
    assert ids(R2021, "psykiatri") == (
        [f"BT{i}" for i in range(1, 19)]
        + [f"STa{i}" for i in range(1, 8)]
        + [f"STb{i}" for i in range(1, 5)]
        + [f"STc{i}" for i in range(1, 15)]
    )
    assert ids(R2021, "allmanmedicin")[-15:] == [f"STc{i}" for i in range(1, 16)]
    assert ids(R2021, "internmedicin")[-13:] == [f"STc{i}" for i in range(1, 14)]
    assert ids(R2015, "internmedicin") == (
        [f"a{i}" for i in range(1, 7)] + [f"b{i}" for i in range(1, 6)] + [f"c{i}" for i in range(1, 14)]
    )
    assert ids(R2015, "allmanmedicin")[-14:] == [f"c{i}" for i in range(1, 15)]
    # "För psykiatri gäller a1–a6, b1–b5 samt c1–c13" (Socialstyrelsen 2015-4-5, p. 922): no c14.
    assert ids(R2015, "psykiatri") == (
        [f"a{i}" for i in range(1, 7)] + [f"b{i}" for i in range(1, 6)] + [f"c{i}" for i in range(1, 14)]
    )


def test_b_goals_do_not_apply_to_image_and_laboratory_specialties() -> None:
    assert ids(R2015, "radiologi") == [f"a{i}" for i in range(1, 7)]
    assert "b5" not in ids(R2015, "arbets-och-miljomedicin")


def test_unverified_sources_ship_unverified() -> None:
    catalogue = shipped_goal_data().catalogue(R2021, "psykiatri")
    assert catalogue is not None
    # BT activities were not found in an official source (domain/sweden.md §3.2).
    assert not any(catalogue.goals[f"BT{i}"].verified for i in range(1, 19))
    # Course flags agree with seed 001's table for the common goals.
    course = {g: catalogue.goals[g].course for g in ("STa1", "STa2", "STa3", "STa4", "STb3")}
    assert course == {"STa1": "required", "STa2": "advised", "STa3": "none", "STa4": "required", "STb3": "required"}


def test_every_specialty_is_listed_for_init_and_check() -> None:
    specialties = shipped_goal_data().specialties
    assert len(specialties) >= 60
    assert specialties["psykiatri"].kind == "bas"
    assert {s.kind for s in specialties.values()} == {"bas", "gren", "tillagg"}


def test_mapping_between_regulations_works_both_ways() -> None:
    data = shipped_goal_data()
    assert data.equivalent("a5", R2015, R2021, "psykiatri") == ["STa3"]
    assert data.equivalent("c1", R2015, R2021, "psykiatri") == ["STc1"]
    assert data.equivalent("STa4", R2021, R2015, "psykiatri") == ["a2"]


def test_a_norway_shaped_catalogue_loads_without_code_changes() -> None:
    data = load_goal_data(DATA / "no-lis")
    assert data.findings == []
    [regulation] = data.regulations
    catalogue = data.catalogue(regulation, "barne-og-ungdomspsykiatri")
    assert catalogue is not None
    assert [g.id for g in catalogue.goals_for("barne-og-ungdomspsykiatri")] == ["BUP-021", "BUP-022", "BUP-023"]
    assert "veiledning" in catalogue.meta.activity_kinds


def test_catalogue_mistakes_are_located_findings(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "x/regulation.yaml": """\
                id: X 1
                title: Test
                country: SE
                in_force: 2021-07-01
                sources: [{key: S, title: s, reliability: official}]
                time_rules: {minimum_months: 60, verified: true, source: S}
                groups: [{id: A, title: A}]
                activity_kinds: {kurs: Kurs}
                """,
            "x/common.yaml": """\
                regulation: X 1
                goals:
                  - id: A1
                    group: A
                    title: t
                    description: d
                    activities: {prescribed: [kurss]}
                    verified: false
                    source: S
                  - id: A2
                    group: A
                    title: t
                    description: d
                    verified: false
                    source: T
                """,
            "x/bad.yaml": "regulation: X 1\ngoals:\n  - id: A3\n    colour: red\n",
            "x/more.yaml": "regulation: X 1\ngoals:\n  - {id: A1, group: B, title: t, description: d, verified: false, source: S}\n",
            "y.yaml": "regulation: Y 2\ngoals: []\n",
        },
    )
    data = load_goal_data(root)
    assert [f"{f.location} {f.code} {f.message} | {f.hint}" for f in data.findings] == [
        "x/bad.yaml:3:5 STF202 required field 'goals[1].group' is missing | add a line 'group: ...'",
        "x/bad.yaml:3:5 STF202 required field 'goals[1].title' is missing | add a line 'title: ...'",
        "x/bad.yaml:3:5 STF202 required field 'goals[1].description' is missing | add a line 'description: ...'",
        "x/bad.yaml:3:5 STF202 required field 'goals[1].verified' is missing | add a line 'verified: ...'",
        "x/bad.yaml:3:5 STF202 required field 'goals[1].source' is missing | add a line 'source: ...'",
        "x/bad.yaml:4:5 STF201 unknown field 'colour' | did you mean 'course'?",
        "x/common.yaml:7:31 STF304 A1: 'kurss' is not an activity kind of X 1 | did you mean 'kurs'?",
        "x/common.yaml:15:13 STF305 A2: source 'T' is not listed in x-1/regulation.yaml | "
        "add it under sources: with its title and url",
        "x/more.yaml:3:10 STF306 goal id A1 is defined twice (also in x/common.yaml) | "
        "give each goal its own id, or remove the copy",
        "x/more.yaml:3:21 STF303 A1: unknown group 'B' | groups: A",
        "y.yaml:1:13 STF301 goal file names regulation 'Y 2', which has no regulation.yaml | "
        "add the regulation's regulation.yaml",
    ]


@pytest.mark.parametrize("rel", ["hslf-fs-2021-8/common.yaml", "sosfs-2015-8/common.yaml"])
def test_descriptions_are_our_own_short_words(rel: str) -> None:
    from stfolio.catalogue import GoalFile
    from stfolio.loader import load_file
    from stfolio.resources import goals_dir

    _source, model, findings = load_file(goals_dir(), rel, GoalFile)
    assert findings == [] and isinstance(model, GoalFile)
    assert all(20 <= len(goal.description) <= 400 for goal in model.goals)


def test_bt_block_flags_each_figure_and_the_block_flag_means_all() -> None:
    bt = shipped_goal_data().regulations[R2021].time_rules.bt
    assert bt is not None and bt.verified_parts is not None
    parts = bt.verified_parts.model_dump()
    assert set(parts) == {
        "minimum_months",
        "akut_months",
        "primarvard_months",
        "finish_within_months",
        "max_workplaces",
    }
    assert bt.verified == all(parts.values())
    # The förordning says only "minst sex månader"; the 3 + 3 split and the four-workplace advice
    # rest on secondary sources.
    assert parts["minimum_months"] and not parts["akut_months"] and not parts["primarvard_months"]
    assert not parts["max_workplaces"]


def test_a_misspelt_bt_part_is_a_located_finding(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "x/regulation.yaml": """\
                id: X 1
                title: Test
                country: SE
                in_force: 2021-07-01
                sources: [{key: S, title: s, reliability: official}]
                time_rules:
                  minimum_months: 60
                  verified: true
                  source: S
                  bt:
                    minimum_months: 6
                    akut_months: 3
                    primarvard_months: 3
                    verified: false
                    verified_parts: {minimum_month: true}
                    source: S
                groups: [{id: A, title: A}]
                activity_kinds: {kurs: Kurs}
                """,
        },
    )
    data = load_goal_data(root)
    assert [f"{f.location} {f.code}" for f in data.findings] == ["x/regulation.yaml:15:22 STF201"]
