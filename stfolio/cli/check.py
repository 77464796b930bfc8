"""`stfolio check`: every problem of the portfolio with file:line:column, and the figures. Never writes."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import AsOfOption, DirOption, NoCacheOption, fail, parse_as_of
from stfolio.i18n import N_, _


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


@app.command(help=N_("Check the portfolio and report every problem with file:line:column. Never writes."))
def check(
    directory: Annotated[
        Path | None, typer.Argument(help=N_("The portfolio (or a folder inside it); default: the current folder."))
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help=N_("human or json."))] = OutputFormat.human,
    example: Annotated[
        bool, typer.Option("--example", help=N_("Check the bundled example portfolio instead."))
    ] = False,
    application: Annotated[
        str | None,
        typer.Option(
            "--application",
            metavar="[bt|st]",
            help=N_(
                "Judge readiness for an application: bt (intyg om godkänd BT) or st (bevis om "
                "specialistkompetens); alone, the one that comes next. Lists the intyg to send."
            ),
        ),
    ] = None,
    as_of: AsOfOption = None,
    dir_option: DirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check the portfolio and report every problem with file:line:column. Never writes."""
    from stfolio.cli.output import render_human, render_json
    from stfolio.rules import check_portfolio

    root = _root(_example() if example else (directory or dir_option or Path.cwd()))
    if application not in (None, "next", "bt", "st"):
        message = _("--application takes bt or st (or nothing, for the one that comes next), not {value!r}")
        fail(message.format(value=application))
    result = check_portfolio(root, as_of=parse_as_of(as_of), application=application)
    if output_format is OutputFormat.json:
        typer.echo(render_json(result), nl=False)
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        typer.echo(render_human(result, Path.cwd(), colour), nl=False)
    raise typer.Exit(0 if result.ok else 1)


def _root(start: Path) -> Path:
    from stfolio.loader import find_root

    if not start.exists():
        fail(_("{path} does not exist").format(path=start))
    root = find_root(start)
    if root is None:
        fail(_("no portfolio at or above {path} (no stfolio.yaml); create one with `stfolio init`").format(path=start))
    return root


def _example() -> Path:
    from stfolio.resources import example_portfolio

    directory = example_portfolio()
    message = _("stfolio: checking the bundled example portfolio in {path}")
    typer.echo(message.format(path=os.path.relpath(directory)), err=True)
    return directory
