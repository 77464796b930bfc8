"""`stfolio goals`: whole outputs of `show`, list filters, defaults from the portfolio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str]]
Make = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["STb3", "--regulation", "2021"], "goals-show-STb3-2021.txt"),
        (["STa3", "--regulation", "2021"], "goals-show-STa3-2021.txt"),
        (["c1", "--regulation", "2015", "--specialty", "psykiatri"], "goals-show-c1-2015-psykiatri.txt"),
        (["BT2"], "goals-show-BT2-2021.txt"),
    ],
)
def test_show_explains_what_a_goal_requires(cli: Cli, tmp_path: Path, args: list[str], golden: str) -> None:
    code, out = cli("goals", "show", *args, cwd=tmp_path)
    assert code == 0
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_show_defaults_to_the_portfolio_and_knows_the_other_regulation(cli: Cli, portfolio: Make) -> None:
    root = portfolio({})
    code, out = cli("goals", "show", "STc4", cwd=root)
    assert code == 0
    assert out.startswith(
        "STc4 – Psykofarmakologisk och elektrokonvulsiv behandling\n"
        "HSLF-FS 2021:8 · STc: Specialitetsspecifika delmål · Psykiatri\n"
    )
    assert "I SOSFS 2015:8:             c4\n" in out
    assert cli("goals", "show", "a5", cwd=root) == (
        2,
        "stfolio: a5 hör till SOSFS 2015:8; lägg till --regulation 2015\n",
    )
    code, out = cli("goals", "show", "STa9", cwd=root)
    assert code == 2 and out.startswith("stfolio: inget delmål 'STa9' i HSLF-FS 2021:8 för psykiatri; ")
    assert "'STa1'" in out and "'STa3'" in out  # the 'did you mean' of stfolio.text, translated with it


def test_show_an_alternative_requirement(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "show", "b5", "--regulation", "2015", cwd=tmp_path)
    assert code == 0
    assert "Aktiviteter som krävs:      kurs; klinisk tjänstgöring under handledning eller\n" in out
    assert "                            auskultation\n" in out


def test_list_filters_by_group_and_counts_unverified(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "list", "--regulation", "2015", "--specialty", "psykiatri", "--group", "a", cwd=tmp_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].strip() == "SOSFS 2015:8 – Psykiatri: 6 delmål"
    assert [line.split("│")[1].strip() for line in lines if line.startswith("│ a")] == [f"a{i}" for i in range(1, 7)]
    # a1–a6 are verified against Socialstyrelsen's målbeskrivning: nothing to count.
    assert "inte verifierad" not in out
    code, out = cli("goals", "list", "--regulation", "2021", "--specialty", "psykiatri", "--group", "STa", cwd=tmp_path)
    assert code == 0
    assert out.splitlines()[-1] == (
        "7 av 7 är inte verifierade mot Socialstyrelsens målbeskrivning; se `stfolio goals show ID`."
    )


def test_list_says_when_c_goals_are_not_shipped(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "list", "--specialty", "radiologi", "--group", "STc", cwd=tmp_path)
    assert code == 0
    assert out.splitlines()[-1] == "C-delmålen för Radiologi ingår inte i stfolio ännu (se docs/catalogues.md)."


def test_specialties_lists_every_specialty(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "specialties", "--kind", "tillägg", cwd=tmp_path)
    assert code == 0
    assert "│ Äldrepsykiatri (tillägg)" in out and "Psykiatri " not in out


def test_delmal_ids_are_case_insensitive_on_input(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "show", "stc1", "--specialty", "psykiatri", cwd=tmp_path)
    assert code == 0 and out.startswith("STc1 – ")
    root = tmp_path / "p"
    root.mkdir()
    (root / "stfolio.yaml").write_text(
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2025-09-01\n"
    )
    (root / "meetings").mkdir()
    (root / "meetings/m.yaml").write_text("date: 2025-10-01\nkind: handledarsamtal\ndelmal: [stc6, sta2, bt1]\n")
    code, out = cli("status", "--goal", "stc6", "--as-of", "2025-11-01", cwd=root)
    assert code == 0 and out.startswith("STc6 – ") and "Genomfört: meetings/m.yaml" in out
    code, out = cli("check", "--as-of", "2025-11-01", cwd=root)
    assert "STF401" not in out and code == 0
    code, out = cli("log", "meeting", "--date", "2025-10-08", "-d", "stc6,Sta2", "--dry-run", cwd=root)
    assert code == 0 and "delmal:\n- STc6\n- STa2\n" in out


def test_outside_a_portfolio_a_c_goal_needs_a_specialty(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "show", "STc1", cwd=tmp_path)
    assert (code, out) == (
        2,
        "stfolio: STc1 är ett av en specialitets egna delmål: ange --specialty (c-delmål finns för allmanmedicin, "
        "internmedicin, psykiatri), eller kör kommandot i en portfölj\n",
    )
    code, out = cli("goals", "list", cwd=tmp_path)
    assert code == 0 and "STc" not in out and "29 delmål" in out


def test_goals_show_gives_the_citation_not_the_maintainers_notes(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "show", "STa3", "--regulation", "2021", cwd=tmp_path)
    assert code == 0 and "Anmärkning:" not in out and "[TP]" not in out
    _code, out = cli("goals", "show", "STc1", "--specialty", "psykiatri", cwd=tmp_path)
    assert "Kontrollerat i:             SoS-MB2021-psykiatri-STc sidbild 1\n" in out


def test_goals_standing_says_how_much_is_verified_and_against_what(cli: Cli, tmp_path: Path) -> None:
    import json

    code, out = cli("goals", "standing", "--format", "json", cwd=tmp_path)
    assert code == 0
    rows = {
        (r["regulation"], r["part"]): (r["entries"], r["verified"], r["against"]) for r in json.loads(out)["standing"]
    }
    assert rows[("HSLF-FS 2021:8", "psykiatri")] == (14, 14, ["SoS-MB2021-psykiatri-STc"])
    assert rows[("HSLF-FS 2021:8", "common (BT, STa, STb)")] == (29, 0, [])
    assert rows[("SOSFS 2015:8", "psykiatri")] == (13, 13, ["SoS-MB2015-psykiatri"])
    assert rows[("SOSFS 2015:8", "intyg_forms")] == (9, 9, ["SoS-Blanketter2015"])


# How the maintainers came by a source is theirs (Source.provenance); `goals show` says what it is.
MAINTAINERS_WORDS = (
    "sweden.md", "shared/", "ledtråd", "ingen kod", "kopierad", "copied", "proprietär", "proprietary",
    "faktaunderlag", "fact base", "seed 0", "seed document",
)  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_goals_show_names_every_source_without_the_maintainers_provenance(language: str) -> None:
    from stfolio import i18n
    from stfolio.catalogue import shipped_goal_data
    from stfolio.cli.views.goals import explain_goal

    data = shipped_goal_data()
    shown = 0
    with i18n.using(language):
        for regulation in data.regulations:
            base = data.catalogue(regulation, None)
            assert base is not None
            for specialty in (None, *sorted(base.specialties_shipped)):
                catalogue = data.catalogue(regulation, specialty)
                assert catalogue is not None
                for goal in catalogue.goals.values():
                    if specialty is None and catalogue.specialty_of.get(goal.id) is not None:
                        continue  # `goals show` asks for --specialty
                    out = explain_goal(goal, catalogue, data, specialty).lower()
                    found = [w for w in MAINTAINERS_WORDS if w.lower() in out]
                    assert found == [], f"{regulation} {specialty} {goal.id}: {found}\n{out}"
                    shown += 1
    assert shown > 100


def test_sta3_names_the_transcription_plainly(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("goals", "show", "STa3", "--regulation", "2021", cwd=tmp_path)
    assert code == 0, out
    flat = " ".join(out.split())
    assert (
        "Källa: TP-repo: Socialstyrelsens målbeskrivningar, avskrivna av en tredje part "
        "(ej verifierade mot originalen) (tredjepartstranskription)"
    ) in flat
