"""The command line's own frame (help headings, usage lines, errors) in the user's language.

typer writes these in English, partly worded by the library that converts option values; stfolio
re-words them (stfolio.cli.clickwords), so neither English in Swedish output nor library wording
in any output reaches a user.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio import i18n
from stfolio.cli.clickwords import reword

Cli = Callable[..., tuple[int, str]]

CHECK_HELP_SV = """\
Användning: stfolio check [FLAGGOR] [MAPP]

  Kontrollera portföljen och visa varje problem med fil:rad:kolumn. Skriver
  aldrig.

Argument:
  MAPP  Portföljen (eller en mapp i den); standard: den aktuella mappen.

Flaggor:
  --format human|json   human eller json.  [standard: human]
"""

CHECK_HELP_EN = """\
Usage: stfolio check [OPTIONS] [FOLDER]

  Check the portfolio and report every problem with file:line:column. Never
  writes.

Arguments:
  FOLDER  The portfolio (or a folder inside it); default: the current folder.

Options:
  --format human|json   human or json.  [default: human]
"""


def test_help_speaks_the_chosen_language_in_one_process(cli: Cli, tmp_path: Path) -> None:
    code, swedish = cli("check", "--help", cwd=tmp_path)
    assert code == 0 and swedish.startswith(CHECK_HELP_SV)
    assert swedish.endswith("  --help                Visa den här hjälpen och avsluta.\n")
    code, english = cli("--lang", "en", "check", "--help", cwd=tmp_path)
    assert code == 0 and english.startswith(CHECK_HELP_EN)
    assert english.endswith("  --help                Show this message and exit.\n")
    code, again = cli("check", "--help", cwd=tmp_path)  # and back: nothing stays from the English run
    assert again == swedish


def test_the_main_help_frame_is_swedish(cli: Cli, tmp_path: Path) -> None:
    _code, out = cli("--help", cwd=tmp_path)
    assert out.startswith("Användning: stfolio [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    assert "\nFlaggor:\n" in out and "\nKommandon:\n" in out
    assert "Usage" not in out and "Options" not in out and "Commands" not in out


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ["log", "placement", "--extent", "abc"],
            "Fel: Ogiltigt värde för '--extent': inte ett heltal",
            "Error: Invalid value for '--extent': not a whole number",
        ),
        (
            ["check", "--format", "xml"],
            "Fel: Ogiltigt värde för '--format': 'xml' är inte något av 'human', 'json'",
            "Error: Invalid value for '--format': 'xml' is not one of 'human', 'json'",
        ),
        (["status", "a", "b", "c"], "Fel: Oväntat extra argument: b c", "Error: Unexpected extra argument: b c"),
        (["check", "--bogus"], "Fel: Det finns ingen flagga --bogus", "Error: No such option: --bogus"),
        (
            ["check", "--exampel"],
            "Fel: Det finns ingen flagga --exampel (menade du --example?)",
            "Error: No such option: --exampel (did you mean --example?)",
        ),
        (["check", "--as-of"], "Fel: Flaggan --as-of behöver ett värde.", "Error: Option --as-of needs a value."),
        (["nosuch"], "Fel: Det finns inget kommando 'nosuch'", "Error: No such command: 'nosuch'"),
    ],
)
def test_usage_errors_in_both_languages_without_library_wording(
    cli: Cli, tmp_path: Path, args: list[str], swedish: str, english: str
) -> None:
    code, out = cli(*args, cwd=tmp_path)
    assert (code, out.splitlines()[-1]) == (2, swedish)
    if args[-1] != "--as-of":  # typer shows no usage line when an option's value is missing
        usage = f"Användning: stfolio {args[0]}" if args[0] != "nosuch" else "Användning: stfolio [FLAGGOR]"
        assert out.startswith(usage) and "Skriv '" in out and "för hjälp." in out
    code, out = cli("--lang", "en", *args, cwd=tmp_path)
    assert (code, out.splitlines()[-1]) == (2, english)
    assert "Användning" not in out and "Fel:" not in out


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Invalid value for '--n': Input should be a valid integer, unable to parse string",
            "'--n': not a whole number",
        ),
        ("Invalid value for '--x': Input should be a valid number, unable to parse", "'--x': not a number"),
        ("Invalid value for '--d': Input should be a valid date or datetime", "'--d': not a date (YYYY-MM-DD)"),
        ("Invalid value for '--y': Input should be something pydantic made up", "'--y': not a valid value"),
        ("Input should be a valid dictionary", "not a valid value"),
        ("a message stfolio wrote itself", "a message stfolio wrote itself"),
    ],
)
def test_library_wording_never_reaches_the_user(message: str, expected: str) -> None:
    with i18n.using("en"):
        shown = reword(message)
    assert shown.endswith(expected) and "Input should" not in shown and "pydantic" not in shown
