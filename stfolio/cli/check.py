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


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


@app.command()
def check(
    directory: Annotated[
        Path | None, typer.Argument(help="The portfolio (or a folder inside it); default: the current folder.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="human or json.")] = OutputFormat.human,
    example: Annotated[bool, typer.Option("--example", help="Check the bundled example portfolio instead.")] = False,
    application: Annotated[
        str | None,
        typer.Option(
            "--application",
            metavar="[bt|st]",
            help="Judge readiness for an application: bt (intyg om godkänd BT) or st (bevis om "
            "specialistkompetens); alone, the one that comes next. Lists the intyg to send.",
        ),
    ] = None,
    as_of: AsOfOption = None,
    dir_option: DirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check the portfolio and report every problem with file:line:column. Never writes."""
    from stfolio.cli.output import render_human, render_json
    from stfolio.loader import find_root
    from stfolio.rules import check_portfolio

    directory = directory or dir_option
    start = _example() if example else (directory if directory is not None else Path.cwd())
    if not start.exists():
        fail(f"{start} does not exist")
    root = find_root(start)
    if root is None:
        fail(f"no portfolio at or above {start} (no stfolio.yaml); create one with `stfolio init`")
    if application not in (None, "next", "bt", "st"):
        fail(f"--application takes bt or st (or nothing, for the one that comes next), not {application!r}")
    result = check_portfolio(root, as_of=parse_as_of(as_of), application=application)
    if output_format is OutputFormat.json:
        typer.echo(render_json(result), nl=False)
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        typer.echo(render_human(result, Path.cwd(), colour), nl=False)
    raise typer.Exit(0 if result.ok else 1)


def _example() -> Path:
    from stfolio.resources import example_portfolio

    directory = example_portfolio()
    typer.echo(f"stfolio: checking the bundled example portfolio in {os.path.relpath(directory)}", err=True)
    return directory
