"""The ``stfolio`` command line: a thin shell over the library.

One module per command (``init``, ``check``, ``status``, ``report``, ``goals``, ``log``,
``attach``, ``schema``, ``import_``, ``completion``) registers on the app in ``app``; each turns options into arguments,
calls one library function, hands the result to ``output`` or ``views``, and exits with a code:
0 clean (warnings allowed), 1 problems found, 2 usage error, 3 a bug in stfolio (``crash``).
Library modules (pydantic, PyYAML, jinja2, rich) are imported inside the commands, so that
``stfolio --help`` starts fast, and only the module of the command that runs is imported
(``COMMANDS``). The library never imports from here.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer

from stfolio.cli.application import COMPLETE_VAR

__all__ = ["COMMANDS", "app", "load_commands", "run"]

# The module of each command, by the word that runs it. Only the command asked for is imported
# and built into click objects (`stfolio check` does not build the seven `log` commands, one
# option per field); help, completion and anything else get them all, as `stfolio.cli.app` does.
COMMANDS = {
    "attach": "attach",
    "check": "check",
    "cohort": "cohort",
    "completion": "completion",
    "forms": "forms",
    "goals": "goals",
    "import": "import_",
    "init": "init",
    "log": "log",
    "report": "report",
    "schema": "schema",
    "status": "status",
}


def _command_word(argv: list[str]) -> str | None:
    """The command ``argv`` runs, if it names one before any other option (``--lang X`` may come first)."""
    i = 0
    while i < len(argv) and argv[i].startswith("--lang"):
        i += 2 if argv[i] == "--lang" else 1
    word = argv[i] if i < len(argv) else None
    return word if word in COMMANDS else None


def load_commands(argv: list[str] | None = None) -> typer.Typer:
    """The app with the command ``argv`` asks for registered, or every command (``argv`` None)."""
    from stfolio.cli import application

    word = None if argv is None or os.environ.get(COMPLETE_VAR) else _command_word(argv)
    for module in COMMANDS.values() if word is None else (COMMANDS[word],):
        importlib.import_module(f"stfolio.cli.{module}")  # each registers itself on the app
    return application.app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from stfolio.cli import app`: the whole command line
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _command_names() -> set[str]:
    import typer.main

    from stfolio.cli import application

    names: set[str] = set()
    pending = [typer.main.get_command(application.app)]
    while pending:
        group = pending.pop()
        for name, command in getattr(group, "commands", {}).items():
            names.add(name)
            pending.append(command)
    return names


def run() -> None:
    """Console-script entry point: a bug in stfolio exits 3 with a report the user can send."""
    app = globals().get("app") or load_commands(sys.argv[1:])  # `app` set here only by a test's stand-in
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:
        from stfolio.cli.crash import command_words, crash_message, write_crash_report

        command = command_words(sys.argv[1:], _command_names())
        typer.echo(crash_message(exc, command, write_crash_report(exc, command)), err=True)
        sys.exit(3)
