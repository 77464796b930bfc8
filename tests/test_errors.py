"""What the user sees when stfolio must stop: their mistake (exit 1 or 2) or a bug of ours (exit 3)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import stfolio.cli
from stfolio import __version__
from stfolio.cli.crash import command_words
from stfolio.errors import StfolioError


def test_a_bug_exits_3_with_the_version_the_command_and_a_crash_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(stfolio.cli, "app", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "argv", ["stfolio", "log", "meeting", "--notes", "Sara Lind 850101", "--dry-run"])
    with pytest.raises(SystemExit) as stop:
        stfolio.cli.run()
    assert stop.value.code == 3
    err = capsys.readouterr().err
    [report] = (tmp_path / "cache" / "stfolio" / "crashes").iterdir()
    assert err == (
        "stfolio: internt fel: ZeroDivisionError: division by zero\n"
        f"Det här är en bugg i stfolio {__version__} (kommando: stfolio log meeting --notes … --dry-run); "
        f"detaljerna finns i {report}.\n"
        "Rapportera felet och skicka med filen (den innehåller felspårningen, inte din portfölj).\n"
    )  # the report itself stays in English, for whoever fixes the bug
    text = report.read_text(encoding="utf-8")
    assert text.startswith(f"stfolio {__version__} crashed\ncommand: stfolio log meeting --notes … --dry-run\n")
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: division by zero" in text
    assert "Sara Lind" not in text and "850101" not in text


def test_the_command_words_keep_commands_and_option_names_only() -> None:
    names = {"init", "log", "meeting", "report", "annual"}
    assert command_words(["init", "min-st", "--name", "Sara Lind", "--specialty=psykiatri"], names) == (
        "stfolio init … --name … --specialty"
    )
    assert command_words(["report", "annual", "-f", "html"], names) == "stfolio report annual -f …"


def test_a_user_error_shows_its_findings_message_and_hint_and_its_code(
    cli: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import stfolio.cli.status

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise StfolioError("the thing cannot be done", hint="do the other thing", exit_code=1)

    monkeypatch.setattr(stfolio.cli.status, "portfolio_root", refuse)
    result = CliRunner().invoke(stfolio.cli.app, ["status"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (1, "stfolio: the thing cannot be done\n    tips: do the other thing\n")
