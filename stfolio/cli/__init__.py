"""The ``stfolio`` command line: a thin shell over the library.

One module per command (``init``, ``check``, ``status``, ``report``, ``goals``, ``log``,
``attach``, ``schema``, ``import_``, ``completion``) registers on the app in ``app``; each turns options into arguments,
calls one library function, hands the result to ``output`` or ``views``, and exits with a code:
0 clean (warnings allowed), 1 problems found, 2 usage error, 3 a bug in stfolio (``crash``).
Library modules (pydantic, PyYAML, jinja2, rich) are imported inside the commands, so that
``stfolio --help`` starts fast. The library never imports from here.
"""

from __future__ import annotations

import sys

import typer

from stfolio.cli import attach, check, cohort, completion, forms, goals, import_, init, log, report, schema, status  # noqa: F401 - they register
from stfolio.cli.application import app

__all__ = ["app", "run"]


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
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:
        from stfolio.cli.crash import command_words, crash_message, write_crash_report

        command = command_words(sys.argv[1:], _command_names())
        typer.echo(crash_message(exc, command, write_crash_report(exc, command)), err=True)
        sys.exit(3)
