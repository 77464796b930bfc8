"""One command line: every command takes the portfolio the same way and speaks plainly."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from stfolio.cli import app

Cli = Callable[..., tuple[int, str]]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "psykiatri-2021"
# Commands that do not work on one portfolio: they create one, read other files, or print a script.
NOT_ON_A_PORTFOLIO = {
    "init",
    "completion",
    "cohort",
    "goals specialties",
    "goals standing",
}


def commands() -> Iterator[tuple[str, Any]]:
    def walk(prefix: str, command: Any) -> Iterator[tuple[str, Any]]:
        for name, sub in getattr(command, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            if getattr(sub, "commands", None):
                yield from walk(path, sub)
            else:
                yield path, sub

    yield from walk("", typer.main.get_command(app))


def options(command: Any) -> set[str]:
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


def test_every_command_on_a_portfolio_takes_it_with_dash_c() -> None:
    missing = [path for path, command in commands() if path not in NOT_ON_A_PORTFOLIO and "-C" not in options(command)]
    assert missing == []


@pytest.mark.parametrize(
    "args", [["check"], ["status"], ["report", "iup"], ["goals", "list"], ["goals", "show", "STc1"]]
)
def test_the_read_commands_take_the_example(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    code, out = (
        cli(*args, "--example", "--as-of", "2026-11-23", cwd=tmp_path)
        if args[0] != "goals"
        else cli(*args, "--example", cwd=tmp_path)
    )
    assert code == 0, out


@pytest.mark.parametrize(
    "args", [["status"], ["status", "--goal", "stc4"], ["goals", "list"], ["goals", "show", "STa3"]]
)
def test_status_and_goals_speak_json_too(cli: Cli, args: list[str]) -> None:
    code, out = cli(*args, "--format", "json", cwd=EXAMPLE)
    assert code == 0
    payload = json.loads(out[out.index("{") :])
    assert payload["format"] in ("stfolio-status/1", "stfolio-goals/1")


def test_help_shows_no_library_wording(cli: Cli, tmp_path: Path) -> None:
    for path, _command in commands():
        _code, out = cli(*path.split(), "--help", cwd=tmp_path)
        for word in ("<str>", "<int>", "<float>", "<list[", "range>", "<=x<=", "<path>"):
            assert word not in out, f"stfolio {path} --help shows {word}"


def test_amounts_take_a_swedish_decimal_comma(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "stfolio.yaml").write_text(
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2025-09-01\n"
    )
    args = ["log", "expense", "--category", "litteratur", "--date", "2025-10-01", "--dry-run"]
    code, out = cli(*args, "--amount", "1 200,50", cwd=root)
    assert code == 0 and "amount: 1200.5\n" in out
    code, out = cli(*args, "--amount", "tolvhundra", cwd=root)
    assert code == 2 and "'tolvhundra' är inte ett tal; skriv t.ex. 1200 eller 1200,50" in out


def test_stopping_at_a_prompt_says_what_happened_not_aborted(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("init", "st", "--interactive", "--no-git", cwd=tmp_path, input="")
    assert code == 1 and "Aborted" not in out and "stfolio: avbrutet; inget skrevs\n" in out
    assert not (tmp_path / "st").exists()
