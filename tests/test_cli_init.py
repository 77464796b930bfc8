"""`stfolio init`: the profile it writes, the regulation it picks and why, and what it refuses."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]

SARA = ["--name", "Sara Lind", "--specialty", "Psykiatri", "--st-start", "2025-09-01"]


@pytest.fixture
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.se\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def test_init_writes_a_portfolio_that_checks_clean(english: None, cli: Cli, tmp_path: Path, git_identity: None) -> None:
    code, out = cli(
        "init",
        "st",
        *SARA,
        "--route",
        "utlandsk-examen",
        "--supervisor",
        "Per Holm",
        "--supervisor-specialty",
        "psykiatri",
        "--handledarutbildning",
        "--studierektor",
        "Eva Ek",
        "--employer",
        "Region Skåne",
        "--clinic",
        "Vuxenpsykiatri Lund",
        "--policy",
        "se-sus",
        "--legitimation-date",
        "2025-06-15",
        cwd=tmp_path,
    )
    assert (code, out) == (
        0,
        "Created a portfolio for Sara Lind (psykiatri) in st/\n"
        "  regulation: HSLF-FS 2021:8: ST starting on or after 1 July 2021 without a Swedish AT follows "
        "HSLF-FS 2021:8 and opens with BT\n"
        "  wrote: stfolio.yaml, placements/, courses/, assessments/, meetings/, activities/, leave/, expenses/, "
        "evidence/, README.md, .gitignore, .stfolio/schemas/, .vscode/settings.json\n"
        "  git repository created with a first commit\n"
        "Next: record what you do with `stfolio log`, and run `stfolio check` inside the folder.\n",
    )
    root = tmp_path / "st"
    assert (root / "stfolio.yaml").read_text(encoding="utf-8") == (
        "# stfolio profile (portfolio format 1): see `stfolio check` and the README\n"
        "format: 1\n"
        "trainee:\n"
        "  name: Sara Lind\n"
        "regulation: HSLF-FS 2021:8\n"
        "specialty: psykiatri\n"
        "st_start: 2025-09-01\n"
        "bt:\n"
        "  start: 2025-09-01\n"
        "legitimation:\n"
        "  date: 2025-06-15\n"
        "  route: utländsk examen\n"
        "employer: Region Skåne\n"
        "clinic: Vuxenpsykiatri Lund\n"
        "supervisor:\n"
        "  name: Per Holm\n"
        "  specialty: psykiatri\n"
        "  handledarutbildning: true\n"
        "studierektor:\n"
        "  name: Eva Ek\n"
        "policies:\n"
        "- se-sus\n"
        "language: en\n"  # init speaks English here (the english fixture), so does the portfolio
    )
    assert "Sara Lind" in (root / "README.md").read_text(encoding="utf-8")
    log = subprocess.run(["git", "log", "--format=%s"], cwd=root, capture_output=True, text=True, check=True)
    assert log.stdout == "Start ST portfolio (stfolio init)\n"
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    assert "meetings/.gitkeep" in tracked and "stfolio.yaml" in tracked
    assert ".stfolio/schemas/meeting.schema.json" in tracked and ".vscode/settings.json" in tracked
    result = check_portfolio(root, as_of=dt.date(2025, 9, 2))  # a new portfolio, the day after ST start
    assert result.problems == [] and result.portfolio.profile is not None


def test_init_then_check_from_inside_a_subfolder(english: None, cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "st", *SARA, "--route", "at", "--no-git", cwd=tmp_path)[0] == 0
    code, out = cli("check", "--as-of", "2025-09-02", cwd=tmp_path / "st" / "meetings")
    assert (code, out) == (
        0,
        "../stfolio.yaml:6:12: info STF606 delmål: 24 not started (of 24); 0 rest on catalogue entries not "
        "verified against Socialstyrelsen's målbeskrivning\n"
        "    hint: `stfolio status` shows each delmål with its records and what is missing\n"
        "../stfolio.yaml:7:11: info STF601 ST time: 0.0 of 60 months full-time equivalent served by 2 September 2025; "
        "earliest completion 2 September 2030 (full time after the plan)\n"
        "checked 1 file as of 2 September 2025: no problems found\n",
    )


def test_init_refuses_to_overwrite_a_portfolio(english: None, cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "st", *SARA, "--route", "at", "--no-git", cwd=tmp_path)[0] == 0
    before = (tmp_path / "st" / "stfolio.yaml").read_bytes()
    code, out = cli("init", "st", *SARA, "--route", "utlandsk", "--no-git", cwd=tmp_path)
    assert code == 2
    assert out.endswith("stfolio.yaml already exists; stfolio init never overwrites a portfolio\n")
    assert (tmp_path / "st" / "stfolio.yaml").read_bytes() == before


def test_init_keeps_an_existing_readme(english: None, cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "st").mkdir()
    (tmp_path / "st" / "README.md").write_text("mine\n")
    code, out = cli("init", "st", *SARA, "--route", "at", "--no-git", cwd=tmp_path)
    assert code == 0 and "  kept the existing README.md\n" in out
    assert (tmp_path / "st" / "README.md").read_text() == "mine\n"


def test_init_without_git_identity_says_how_to_commit(
    english: None, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("EMAIL", raising=False)
    code, out = cli("init", "st", *SARA, "--route", "at", cwd=tmp_path)
    assert code == 0
    assert "  git repository created, but nothing committed: git does not know who you are;" in out
    assert (tmp_path / "st" / ".git").is_dir()


@pytest.mark.parametrize(
    ("args", "regulation", "reason"),
    [
        (["--st-start", "2020-03-01"], "SOSFS 2015:8", "ST started before 1 July 2021"),
        (["--st-start", "2024-01-15", "--route", "svensk-at"], "SOSFS 2015:8", "with a Swedish AT you may choose"),
        (
            ["--st-start", "2024-01-15", "--route", "at", "--regulation", "2021"],
            "HSLF-FS 2021:8",
            "as chosen with --regulation",
        ),
        (["--st-start", "2024-01-15", "--route", "sexårig läkarexamen"], "HSLF-FS 2021:8", "without a Swedish AT"),
    ],
)
@pytest.mark.usefixtures("english")
def test_init_chooses_the_regulation_and_says_why(
    english: None, cli: Cli, tmp_path: Path, args: list[str], regulation: str, reason: str
) -> None:
    code, out = cli("init", "st", "--name", "A B", "--specialty", "allmanmedicin", *args, "--no-git", cwd=tmp_path)
    assert code == 0, out
    [line] = [line for line in out.splitlines() if line.startswith("  regulation: ")]
    assert line.startswith(f"  regulation: {regulation}: ") or line.startswith(f"  regulation: {regulation}, ")
    assert reason in line
    profile = check_portfolio(tmp_path / "st").portfolio.profile
    assert profile is not None and profile.regulation == regulation
    assert (profile.bt is not None) == (regulation == "HSLF-FS 2021:8")


def test_init_warns_when_the_override_contradicts_the_rules(english: None, cli: Cli, tmp_path: Path) -> None:
    code, out = cli("init", "st", *SARA, "--route", "utlandsk", "--regulation", "2015", "--no-git", cwd=tmp_path)
    assert code == 0
    assert (
        "  warning: after 1 July 2021, SOSFS 2015:8 applies only to doctors with a Swedish AT or an ST begun earlier; "
        "check with your studierektor\n" in out
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "A"], "stfolio: init needs --specialty, --st-start (or run it in a terminal to be asked)\n"),
        (
            [*SARA],
            "stfolio: ST starting on or after 1 July 2021 follows HSLF-FS 2021:8 unless you did a Swedish AT; "
            "give --route (svensk-at, sexarig-lakarexamen or utlandsk-examen) or --regulation\n",
        ),
        (
            ["--name", "A", "--specialty", "psykiatri", "--st-start", "2012-01-01"],
            "stfolio: ST started 1 January 2012 falls under SOSFS 2008:17, which stfolio does not support (applications "
            "under it closed on 30 April 2022); if you have moved to SOSFS 2015:8, pass --regulation 2015\n",
        ),
        (
            [*SARA, "--route", "at", "--regulation", "2015", "--bt-start", "2025-09-01"],
            "stfolio: SOSFS 2015:8 has no BT; drop --bt-start/--bt-end or choose --regulation 2021\n",
        ),
    ],
)
def test_init_usage_errors_exit_2_and_write_nothing(
    english: None, cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    code, out = cli("init", "st", *args, "--no-git", cwd=tmp_path)
    assert (code, out) == (2, message)
    assert not (tmp_path / "st").exists()


def test_init_rejects_a_bad_date_as_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("init", "st", "--name", "A", "--specialty", "x", "--st-start", "2025-02-30", cwd=tmp_path)
    assert code == 2
    assert "'2025-02-30' är inte ett datum; skriv ÅÅÅÅ-MM-DD" in out


def test_init_asks_for_what_is_missing(english: None, cli: Cli, tmp_path: Path) -> None:
    answers = "Sara Lind\npsykiatri\n2025-13-01\n2025-09-01\nutlandsk\nse-suss\nse-sus\nPer Holm\ny\n"
    code, out = cli("init", "st", "--interactive", "--no-git", cwd=tmp_path, input=answers)
    assert code == 0, out
    profile = check_portfolio(tmp_path / "st").portfolio.profile
    assert profile is not None
    assert (profile.trainee.name, profile.specialty, str(profile.st_start)) == ("Sara Lind", "psykiatri", "2025-09-01")
    assert profile.supervisor is not None and profile.supervisor.handledarutbildning is True
    assert profile.legitimation is not None and profile.legitimation.route == "utländsk examen"
    assert profile.policies == ["se-sus"]  # asked for, and a typo asked again
    assert "unknown policy pack 'se-suss'; did you mean 'se-sus'?" in out


def test_init_asks_a_swedish_at_which_regulation_explaining_both(cli: Cli, tmp_path: Path) -> None:
    answers = "Sara Lind\npsykiatri\n2025-09-01\nat\n2021\n\n\n"
    code, out = cli("init", "st", "--interactive", "--no-git", cwd=tmp_path, input=answers)
    assert code == 0, out
    assert "Med svensk AT får du följa vilken som helst av föreskrifterna:\n" in out
    assert "  2015: SOSFS 2015:8, minst 60 månader ST, ingen BT\n" in out
    assert "  2021: HSLF-FS 2021:8, minst 66 månader, med BT först" in out
    profile = check_portfolio(tmp_path / "st").portfolio.profile
    assert profile is not None and profile.regulation == "HSLF-FS 2021:8" and profile.policies == []


def test_init_accepts_a_specialty_by_name_and_refuses_an_unknown_one(english: None, cli: Cli, tmp_path: Path) -> None:
    args = ["--st-start", "2025-09-01", "--route", "at", "--no-git"]
    code, _out = cli("init", "a", "--name", "A", "--specialty", "Barn- och ungdomspsykiatri", *args, cwd=tmp_path)
    profile = check_portfolio(tmp_path / "a").portfolio.profile
    assert code == 0 and profile is not None and profile.specialty == "barn-och-ungdomspsykiatri"
    code, out = cli("init", "b", "--name", "A", "--specialty", "psykiatr", *args, cwd=tmp_path)
    assert (code, out) == (2, "stfolio: unknown specialty 'psykiatr'; did you mean 'psykiatri'?\n")
    assert not (tmp_path / "b").exists()


def test_init_commits_only_what_it_wrote(cli: Cli, tmp_path: Path, git_identity: None) -> None:
    (tmp_path / "st").mkdir()
    (tmp_path / "st" / "privat.txt").write_text("anteckningar")
    assert cli("init", "st", *SARA, "--route", "at", cwd=tmp_path)[0] == 0
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=tmp_path / "st", capture_output=True, text=True, check=True
    ).stdout
    assert "privat.txt" not in tracked and "stfolio.yaml" in tracked


def test_init_refuses_a_portfolio_inside_a_portfolio_and_unknown_packs(english: None, cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "st", *SARA, "--route", "at", "--no-git", cwd=tmp_path)[0] == 0
    code, out = cli("init", "st/meetings/x", *SARA, "--route", "at", "--no-git", cwd=tmp_path)
    assert code == 2 and "would lie inside the portfolio" in out
    code, out = cli("init", "b", *SARA, "--route", "at", "--policy", "se-suss", "--no-git", cwd=tmp_path)
    assert code == 2 and "unknown policy pack 'se-suss'; did you mean 'se-sus'?" in out
    assert not (tmp_path / "b").exists()
