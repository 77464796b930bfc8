"""`check --application bt|st`: two applications, two checklists; severity follows certainty."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from conftest import write_tree

from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]
PROFILE = """\
format: 1
trainee: {name: A}
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2024-01-01
bt: {start: 2024-01-01, end: 2024-09-30}
supervisor: {name: H, specialty: psykiatri, handledarutbildning: true}
"""
AKUT = "unit: Akuten\nstart: 2024-01-01\nend: 2024-04-30\nbt: akut\n"
PRIMARVARD = "unit: Vårdcentralen\nstart: 2024-05-01\nend: 2024-07-31\nbt: primärvård\n"
PSYKIATRI = "unit: Psykiatrin\nstart: 2024-07-01\nend: 2024-09-30\nbt: annan\n"
AS_OF = dt.date(2024, 10, 15)


def application(root: Path, which: str | bool = True):  # type: ignore[no-untyped-def]
    result = check_portfolio(root, as_of=AS_OF, application=which)
    assert result.readiness is not None
    return result.readiness


def test_the_next_application_is_bt_until_its_date_is_recorded_then_st(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE})
    assert application(root).application == "bt"
    (root / "stfolio.yaml").write_text(PROFILE.replace("end: 2024-09-30}", "end: 2024-09-30, approved: 2024-10-10}"))
    assert application(root).application == "st"
    profile_2015 = PROFILE.replace("HSLF-FS 2021:8", "SOSFS 2015:8").replace(
        "bt: {start: 2024-01-01, end: 2024-09-30}\n", ""
    )
    (root / "stfolio.yaml").write_text(profile_2015.replace("st_start: 2024-01-01", "st_start: 2021-01-01"))
    assert application(root).application == "st"


def test_each_application_lists_its_own_forms_and_delmal(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE, "placements/a.yaml": AKUT})
    bt = application(root, "bt")
    assert [f.form.id for f in bt.forms] == ["bilaga-1", "bilaga-2", "bilaga-3", "bilaga-4"]
    assert {v.goal.group for v in bt.verdicts} == {"BT"}
    st = application(root, "st")
    assert [f.form.id for f in st.forms] == [f"bilaga-{n}" for n in range(5, 13)]
    assert "BT" not in {v.goal.group for v in st.verdicts}
    assert not any(f.message.startswith("delmål BT") for f in st.findings)  # BT1–BT18 never block ST
    (root / "stfolio.yaml").write_text(PROFILE + "tredjeland: true\n")
    assert [f.form.id for f in application(root, "st").forms][-1] == "bilaga-13"


def test_what_blocks_by_a_verified_rule_is_an_error_and_a_guess_only_a_warning(english: None, tmp_path: Path) -> None:
    files = {"stfolio.yaml": PROFILE, "placements/a.yaml": AKUT, "placements/p.yaml": PSYKIATRI}
    root = write_tree(tmp_path / "p", files)
    bt = application(root, "bt")
    assert [(f.code, str(f.severity)) for f in bt.blockers] == []  # 7 months of BT: the verified minimum is met
    assert ("STF806", "warning") in [(f.code, str(f.severity)) for f in bt.likely]  # no primärvård: a likely gap
    [composition] = [f for f in bt.likely if f.code == "STF806"]
    assert composition.message == (
        "BT's composition is short: primärvård 0.0 of 3 (rests on a catalogue entry not verified against "
        "Socialstyrelsen's målbeskrivning)"
    )
    assert {f.code for f in bt.likely} == {"STF806", "STF807"}  # and the BT-delmål, whose entries are unverified
    assert bt.state == "ready-but-unverified-open" and bt.ready
    (root / "placements/p.yaml").unlink()
    assert [f.code for f in application(root, "bt").blockers] == ["STF802"]  # 4 months: short by the förordning
    st = application(root, "st")
    blockers = [f.code for f in st.blockers]
    assert blockers[:2] == ["STF801", "STF808"] and set(blockers[2:]) == {"STF803"}  # STc-goals are verified
    assert st.state == "not-ready"


def test_a_ready_bt_application_says_so_only_when_nothing_is_open(cli: Cli, tmp_path: Path) -> None:
    files = {"stfolio.yaml": PROFILE, "placements/a.yaml": AKUT, "placements/b.yaml": PRIMARVARD}
    root = write_tree(tmp_path / "p", files)
    code, out = cli("check", "--application", "--as-of", "2024-10-15", cwd=root)
    assert code == 0  # only warnings: nothing blocks by a verified rule
    assert out.splitlines()[-2] == (
        "Ansökan (ansökan om intyg om godkänd BT): inget hinder enligt de verifierade reglerna, men 18 krav som "
        "den ej verifierade katalogen listar är ännu öppna: kontrollera dem mot målbeskrivningen innan du ansöker"
    )
    code, out = cli("check", "--application", "st", "--format", "json", "--as-of", "2024-10-15", cwd=root)
    payload = json.loads(out)["application"]
    assert (code, payload["application"], payload["state"], payload["ready"]) == (1, "st", "not-ready", False)
    assert payload["blockers"][0]["code"] == "STF801" and payload["likely"][0]["code"] == "STF807"


def test_application_takes_bt_or_st_and_nothing_else(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE})
    code, out = cli("check", "--application", "at", cwd=root)
    assert (code, out) == (
        2,
        "stfolio: --application tar bt eller st (eller inget, för den som står näst på tur), inte 'at'\n",
    )
