"""`stfolio log`: one valid new file per call, written atomically, never over anything."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree

from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]
PROFILE = """\
format: 1
trainee: {name: Sara Lind}
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2025-09-01
bt: {start: 2025-09-01}
supervisor: {name: Per Holm, handledarutbildning: true}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "st", {"stfolio.yaml": PROFILE})


def files(root: Path, folder: str) -> list[str]:
    return sorted(p.name for p in (root / folder).iterdir()) if (root / folder).exists() else []


def test_log_meeting_writes_one_file_that_checks_clean(cli: Cli, root: Path) -> None:
    code, out = cli(
        "log",
        "meeting",
        "--date",
        "2026-03-04",
        "--duration",
        "60",
        "--topic",
        "Inför randningen",
        "--action",
        "Boka medsittning",
        "-d",
        "STc6,STb1",
        cwd=root,
    )
    assert (code, out) == (0, "skrev meetings/2026-03-04-handledarsamtal.yaml\n")
    assert (root / "meetings/2026-03-04-handledarsamtal.yaml").read_text(encoding="utf-8") == textwrap.dedent(
        """\
        # yaml-language-server: $schema=../.stfolio/schemas/meeting.schema.json
        date: 2026-03-04
        kind: handledarsamtal
        duration_minutes: 60
        participants:
        - Per Holm
        topics:
        - Inför randningen
        actions:
        - Boka medsittning
        delmal:
        - STc6
        - STb1
        """
    )
    assert check_portfolio(root).problems == []
    assert (root / ".stfolio/schemas/meeting.schema.json").is_file()


@pytest.mark.parametrize(
    ("args", "name", "expected"),
    [
        (
            [
                "assessment",
                "--instrument",
                "minicex",
                "--date",
                "2026-02-10",
                "--title",
                "Suicidriskbedömning",
                "--assessor",
                "Per Holm",
                "-d",
                "BT2",
            ],
            "assessments/2026-02-10-mini-cex-suicidriskbedomning.yaml",
            "date: 2026-02-10\ninstrument: mini-CEX\ntitle: Suicidriskbedömning\nassessor:\n  name: Per Holm\ndelmal:\n- BT2\n",
        ),
        (
            [
                "course",
                "--title",
                "Ledarskap för ST-läkare",
                "--start",
                "2030-04-01",
                "--end",
                "2030-04-03",
                "--cost",
                "9500",
                "--planned",
                "-d",
                "STa5",
            ],
            "courses/2030-04-01-ledarskap-for-st-lakare.yaml",
            "title: Ledarskap för ST-läkare\nstart: 2030-04-01\nend: 2030-04-03\ncost: 9500\ndelmal:\n- STa5\n"
            "status: planned\n",
        ),
        (
            [
                "placement",
                "--unit",
                "Beroendemottagningen, Malmö",
                "--start",
                "2027-01-01",
                "--end",
                "2027-03-31",
                "--kind",
                "sidotjanstgoring",
                "--extent",
                "80",
                "--planned",
                "-d",
                "STc6",
            ],
            "placements/2027-01-01-beroendemottagningen-malmo.yaml",
            "start: 2027-01-01\nend: 2027-03-31\nunit: Beroendemottagningen, Malmö\nkind: sidotjänstgöring\n"
            "extent: 80\ndelmal:\n- STc6\nstatus: planned\n",
        ),
        (
            [
                "activity",
                "--kind",
                "kvalitetsarbete",
                "--title",
                "Uppföljning av tvångsåtgärder",
                "--start",
                "2026-05-01",
                "--hours",
                "40",
                "-d",
                "STa2",
            ],
            "activities/2026-05-01-kvalitetsarbete-uppfoljning-av-tvangsatgarder.yaml",
            "kind: kvalitetsarbete\ntitle: Uppföljning av tvångsåtgärder\nstart: 2026-05-01\nhours: 40\ndelmal:\n"
            "- STa2\n",
        ),
        (
            ["leave", "--kind", "föräldraledighet", "--start", "2026-06-01", "--end", "2026-08-31", "--extent", "50"],
            "leave/2026-06-01-foraldraledighet.yaml",
            "kind: föräldraledighet\nstart: 2026-06-01\nend: 2026-08-31\nextent: 50\n",
        ),
        (
            [
                "expense",
                "--amount",
                "1200",
                "--category",
                "litteratur",
                "--date",
                "2026-02-01",
                "--description",
                "Kaplan & Sadock",
            ],
            "expenses/2026-02-01-litteratur-kaplan-sadock.yaml",
            "date: 2026-02-01\namount: 1200\ncategory: litteratur\ndescription: Kaplan & Sadock\n",
        ),
    ],
)
def test_every_kind_can_be_logged_in_one_command(
    cli: Cli, root: Path, args: list[str], name: str, expected: str
) -> None:
    code, out = cli("log", *args, cwd=root)
    assert (code, out) == (0, f"skrev {name}\n")
    text = (root / name).read_text(encoding="utf-8")
    assert text.split("\n", 1)[1] == expected
    assert check_portfolio(root).problems == []


def test_same_name_gets_a_suffix_and_nothing_is_overwritten(cli: Cli, root: Path) -> None:
    for _ in range(3):
        assert cli("log", "meeting", "--date", "2026-03-04", cwd=root)[0] == 0
    assert files(root, "meetings") == [
        "2026-03-04-handledarsamtal-2.yaml",
        "2026-03-04-handledarsamtal-3.yaml",
        "2026-03-04-handledarsamtal.yaml",
    ]


def test_dry_run_prints_and_writes_nothing(cli: Cli, root: Path) -> None:
    code, out = cli("log", "meeting", "--date", "2026-03-04", "--dry-run", cwd=root)
    assert code == 0
    assert out.startswith("# yaml-language-server: $schema=../.stfolio/schemas/meeting.schema.json\ndate: 2026-03-04\n")
    assert files(root, "meetings") == [] and not (root / ".stfolio").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["meeting", "-d", "STx1"],
            1,
            "meetings/{today}-handledarsamtal.yaml:{line}:3: error STF401 delmål 'STx1' does not exist in HSLF-FS 2021:8\n"
            "    hint: did you mean 'STa1' or 'STb1' or 'STc1'?\n"
            "stfolio: nothing written: the meeting has problems (above)\n",
        ),
        (["meeting", "--date", "2026-02-30"], 2, "'2026-02-30' is not a date; write YYYY-MM-DD"),
        (
            ["meeting", "--kind", "handledning"],
            2,
            "'handledning' is not allowed; use one of: handledarsamtal, IUP-revision,",
        ),
        (
            ["placement", "--unit", "Akuten", "--start", "2026-03-01"],
            2,
            "stfolio: log placement: required field 'end' is missing (give --end)\n",
        ),
        (
            ["placement", "--unit", "A", "--start", "2026-03-01", "--end", "2026-02-01"],
            2,
            "stfolio: log placement: end 2026-02-01 is before start 2026-03-01 (give --end)\n",
        ),
        (["course", "--title", "K", "--intyg", "saknas.pdf"], 2, "stfolio: --intyg saknas.pdf: no such file\n"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_input_is_refused_and_nothing_is_left_behind(
    english: None, cli: Cli, root: Path, args: list[str], code: int, message: str
) -> None:
    import datetime as dt

    got_code, out = cli("log", *args, cwd=root)
    assert got_code == code
    expected = message.format(today=dt.date.today().isoformat(), line=7)
    assert expected in out
    assert [p for p in root.rglob("*") if p.is_file() and p.name != "stfolio.yaml"] == []


def test_unwritable_folder_is_a_clear_error(english: None, cli: Cli, root: Path) -> None:
    # A file where the folder should be fails for every user, root included (CI runs as root).
    (root / "meetings").write_text("not a folder")
    code, out = cli("log", "meeting", "--date", "2026-03-04", cwd=root)
    assert code == 1
    # the folder is checked to be a real folder before anything is written into it
    assert out.endswith(f"stfolio: cannot write in {root / 'meetings'}: not a folder\n")
    assert (root / "meetings").read_text() == "not a folder"


def test_a_failed_write_leaves_no_partial_file(cli: Cli, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    code, out = cli("log", "meeting", "--date", "2026-03-04", cwd=root)
    assert code == 1
    assert "No space left on device" in out
    assert files(root, "meetings") == []  # neither the record nor a temporary file


def test_two_writers_at_the_same_moment_both_land(root: Path) -> None:
    args = [sys.executable, "-m", "stfolio", "log", "meeting", "--date", "2026-03-04", "--dir", str(root)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    results = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], results
    assert len(files(root, "meetings")) == 4
    # Four identical meetings: every file is whole and valid, and three are flagged as duplicates.
    assert [f.code for f in check_portfolio(root).problems] == ["STF414"] * 3


def test_log_commits_only_the_new_file(english: None, cli: Cli, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = root.parent / "gitconfig"
    config.write_text("[user]\n\tname = T\n\temail = t@example.se\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "unrelated.txt").write_text("x")
    subprocess.run(["git", "add", "unrelated.txt"], cwd=root, check=True)
    code, out = cli("log", "meeting", "--date", "2026-03-04", "--commit", cwd=root)
    assert code == 0
    assert out.endswith("committed: Log meeting: meetings/2026-03-04-handledarsamtal.yaml\n")
    shown = subprocess.run(["git", "show", "--name-only", "--format="], cwd=root, capture_output=True, text=True)
    assert "meetings/2026-03-04-handledarsamtal.yaml" in shown.stdout.split()
    assert "unrelated.txt" not in shown.stdout


def test_log_with_an_intyg_copies_it_with_its_checksum(cli: Cli, root: Path, tmp_path: Path) -> None:
    scan = tmp_path / "Kursintyg ledarskap.pdf"
    scan.write_bytes(b"%PDF-1.4 test")
    code, out = cli(
        "log",
        "course",
        "--title",
        "Ledarskap",
        "--start",
        "2026-04-01",
        "--intyg",
        str(scan),
        "--intyg-by",
        "Eva Kursledare",
        "-d",
        "STa5",
        cwd=root,
    )
    assert code == 0, out
    assert out.splitlines() == [
        "skrev courses/2026-04-01-ledarskap.yaml",
        "kopierade intyget till evidence/2026-04-01-ledarskap-kursintyg-ledarskap.pdf",
    ]
    import hashlib

    text = (root / "courses/2026-04-01-ledarskap.yaml").read_text()
    digest = hashlib.sha256(b"%PDF-1.4 test").hexdigest()
    assert text.endswith(
        "intyg:\n- file: evidence/2026-04-01-ledarskap-kursintyg-ledarskap.pdf\n  issued_by: Eva Kursledare\n"
        f"  role: kursledare\n  date: 2026-04-01\n  sha256: {digest}\n"
    )
    assert (root / "evidence/2026-04-01-ledarskap-kursintyg-ledarskap.pdf").read_bytes() == b"%PDF-1.4 test"
    assert check_portfolio(root).problems == []


@pytest.mark.usefixtures("english")
def test_prompts_ask_for_what_is_missing_and_check_delmal_as_typed(
    english: None, cli: Cli, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stfolio.cli.log

    monkeypatch.setattr(stfolio.cli.log, "interactive", lambda: True)
    answers = "STx9\na5\nSTc6, STa5\n2027-03-31\nBeroendemottagningen\n"
    code, out = cli("log", "placement", "--start", "2027-01-01", "--planned", cwd=root, input=answers)
    assert code == 0, out
    assert "delmål 'STx9' does not exist in HSLF-FS 2021:8; did you mean" in out
    assert "a5 belongs to SOSFS 2015:8; under HSLF-FS 2021:8 the matching goal is STa3" in out
    [name] = files(root, "placements")
    entry = check_portfolio(root).portfolio.entries[0]
    assert name == "2027-01-01-beroendemottagningen.yaml"
    assert entry.record.delmal == ["STc6", "STa5"]  # type: ignore[attr-defined]
    assert str(entry.record.end) == "2027-03-31"  # type: ignore[attr-defined]


@pytest.mark.usefixtures("english")
def test_edit_validates_and_offers_to_edit_again_without_losing_text(
    english: None, cli: Cli, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('kind: handledarsamtal', 'kind: handledarsamtal\\nnotes: Mitt utkast\\ntopic: x'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    code, out = cli("log", "meeting", "--date", "2026-03-04", "--edit", cwd=root, input="n\n")
    assert code == 1
    assert "unknown field 'topic'" in out and "did you mean 'topics'?" in out
    assert "nothing written; your text is kept in .stfolio/drafts/2026-03-04-handledarsamtal.yaml" in out
    assert "Mitt utkast" in (root / ".stfolio/drafts/2026-03-04-handledarsamtal.yaml").read_text()
    assert files(root, "meetings") == []

    # A second session: the user fixes the field when asked to edit again; the old draft is kept.
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "t = p.read_text()\n"
        "p.write_text(t.replace('topic: x', 'topics: [x]') if 'topic: x' in t else t + 'notes: Klart\\ntopic: x\\n')\n"
    )
    code, out = cli("log", "meeting", "--date", "2026-03-04", "--edit", cwd=root, input="y\n")
    assert code == 0, out
    assert out.count("unknown field 'topic'") == 1 and "wrote meetings/2026-03-04-handledarsamtal.yaml" in out
    written = (root / "meetings/2026-03-04-handledarsamtal.yaml").read_text()
    assert "notes: Klart\ntopics: [x]\n" in written
    assert sorted(p.name for p in (root / ".stfolio/drafts").iterdir()) == [
        ".gitignore",  # the drafts folder tells git to ignore it, whatever the portfolio's .gitignore says
        "2026-03-04-handledarsamtal.yaml",
    ]
    assert (root / ".stfolio/drafts/.gitignore").read_text().splitlines()[-1] == "*"


def test_every_model_field_has_a_flag() -> None:
    """`log KIND` offers a flag for every field of the record, so nothing needs an editor."""
    import typer.main

    from stfolio.cli import app
    from stfolio.kinds import KINDS

    KIND_FOLDERS = {k.name: k.folder for k in KINDS}
    RECORD_KINDS = {k.folder: k.model for k in KINDS}

    command = typer.main.get_command(app)
    log = command.commands["log"]  # type: ignore[attr-defined]
    renamed = {
        "participants": "participant",
        "topics": "topic",
        "actions": "action",
        "duration_minutes": "duration",
        "status": "planned",
        "intyg": "intyg",
    }
    for kind, folder in KIND_FOLDERS.items():
        params = {p.name for p in log.commands[kind].params}
        for field in RECORD_KINDS[folder].model_fields:
            assert renamed.get(field, field) in params, f"log {kind} has no flag for {field}"


def test_log_runs_every_rule_on_the_new_record(english: None, cli: Cli, root: Path) -> None:
    # A valid personnummer in a note: nothing is written, and the number is never printed in full.
    code, out = cli("log", "meeting", "--date", "2026-03-04", "--notes", "pat 900517-4561", cwd=root)
    assert code == 1
    assert "error STF501 personnummer '900517-****'" in out and "4561" not in out
    assert files(root, "meetings") == []
    (root / "stfolio.yaml").write_text(
        PROFILE.replace("HSLF-FS 2021:8", "SOSFS 2015:8").replace("bt: {start: 2025-09-01}\n", "")
    )
    code, out = cli(
        "log", "placement", "--unit", "Akuten", "--start", "2025-09-01", "--end", "2025-12-31", "--bt", "akut", cwd=root
    )
    assert code == 1 and "STF608 a BT placement in a portfolio under SOSFS 2015:8" in out
    assert files(root, "placements") == []


def test_a_placement_intyg_is_signed_by_its_own_supervisor_by_default(cli: Cli, root: Path, tmp_path: Path) -> None:
    scan = tmp_path / "intyg.pdf"
    scan.write_bytes(b"%PDF")
    args = [
        "--unit",
        "Akuten",
        "--start",
        "2025-09-01",
        "--end",
        "2025-12-31",
        "--bt",
        "akut",
        "--supervisor",
        "Elin Forsberg",
    ]
    assert cli("log", "placement", *args, "--intyg", str(scan), cwd=root)[0] == 0
    [entry] = check_portfolio(root).portfolio.entries
    assert entry.record.intyg[0].issued_by == "Elin Forsberg"  # type: ignore[attr-defined]


def test_an_expense_can_name_a_course_of_the_portfolio(english: None, cli: Cli, root: Path) -> None:
    """The new record is checked against the whole portfolio, so its course link resolves."""
    assert cli("log", "course", "--title", "Ledarskap", "--start", "2026-04-01", "-d", "STa5", cwd=root)[0] == 0
    args = ["log", "expense", "--amount", "4500", "--category", "kursavgift", "--date", "2026-03-01"]
    code, out = cli(*args, "--course", "courses/2026-04-01-ledarskap.yaml", cwd=root)
    assert (code, out) == (0, "wrote expenses/2026-03-01-kursavgift.yaml\n")
    code, out = cli(*args, "--course", "courses/2026-04-01-ledarskapp.yaml", "--dry-run", cwd=root)
    assert code == 1
    assert "error STF415 course 'courses/2026-04-01-ledarskapp.yaml' is not a course record of this portfolio" in out
    assert "did you mean 'courses/2026-04-01-ledarskap.yaml'?" in out
    assert out.endswith("stfolio: an expense with these problems would not be written\n")
    assert files(root, "expenses") == ["2026-03-01-kursavgift.yaml"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "stfolio: an expense with these problems would not be written\n"),
        ("sv", "stfolio: ett utlägg med de här problemen skulle inte skrivas\n"),
    ],
)
def test_the_refusal_names_the_kind_in_words_that_fit_it(cli: Cli, root: Path, lang: str, expected: str) -> None:
    args = ["--lang", lang, "log", "expense", "--amount", "450", "--category", "kursavgift", "--date", "2026-03-01"]
    code, out = cli(*args, "--course", "courses/no-such-course.yaml", "--dry-run", cwd=root)
    assert code == 1 and out.endswith(expected), out


def test_dry_run_checks_exactly_as_a_write_would(english: None, cli: Cli, root: Path) -> None:
    code, out = cli("log", "meeting", "--date", "2026-03-04", "-d", "STx1", "--dry-run", cwd=root)
    assert code == 1
    assert out.splitlines()[-3:] == [
        "meetings/2026-03-04-handledarsamtal.yaml:7:3: error STF401 delmål 'STx1' does not exist in HSLF-FS 2021:8",
        "    hint: did you mean 'STa1' or 'STb1' or 'STc1'?",
        "stfolio: a meeting with these problems would not be written",
    ]
    assert files(root, "meetings") == []


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (
            ["expense", "--amount", "4500", "--category", "kursavgift", "--date", "2026-03-01", "--description",
             "Kursavgift psykiatrisk diagnostik"],
            "expenses/2026-03-01-kursavgift-psykiatrisk-diagnostik.yaml",
        ),
        (
            ["activity", "--kind", "kvalitetsarbete", "--start", "2026-05-01", "--title",
             "Uppföljning av rutiner av läkemedelsgenomgångar i heldygnsvården"],
            "activities/2026-05-01-kvalitetsarbete-uppfoljning-av-rutiner.yaml",
        ),
    ],
)  # fmt: skip
def test_file_names_read_well(cli: Cli, root: Path, args: list[str], name: str) -> None:
    code, out = cli("log", *args, cwd=root)
    assert (code, out) == (0, f"skrev {name}\n")


def test_log_assessment_asks_for_instrument_assessor_and_feedback(
    cli: Cli, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stfolio.cli.log

    monkeypatch.setattr(stfolio.cli.log, "interactive", lambda: True)
    answers = "STc1\nminicex\nEva Berg\nStrukturerad anamnes, tänk på differentialdiagnoser\n"
    code, out = cli("log", "assessment", "--date", "2026-03-04", cwd=root, input=answers)
    assert code == 0, out
    assert "Instrument [mini-CEX, CBD, DOPS, medsittning, 360, annan]" in out
    assert out.count("mini-CEX") == 1  # the choices are listed once
    [entry] = check_portfolio(root).portfolio.entries
    record = entry.record
    assert (record.instrument, record.assessor.name, record.feedback) == (  # type: ignore[attr-defined]
        "mini-CEX",
        "Eva Berg",
        "Strukturerad anamnes, tänk på differentialdiagnoser",
    )
