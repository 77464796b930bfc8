"""`stfolio status`: the portfolio at a glance, or one delmål in full."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import fail, parse_as_of, portfolio_root
from stfolio.cli.completion import complete_delmal


@app.command()
def status(
    directory: Annotated[Path | None, typer.Argument(help="The portfolio; default: the current folder.")] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal", help="Show one delmål in full: its records and what is missing.", autocompletion=complete_delmal
        ),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As of this date (YYYY-MM-DD) instead of today.")] = None,
) -> None:
    """The portfolio at a glance: time, delmål coverage per group, and local norms not met."""
    from rich.console import Console

    from stfolio.cli.views.status import goal_detail, status_view
    from stfolio.rules import check_portfolio

    root = portfolio_root(directory, "create one with `stfolio init`")
    result = check_portfolio(root, as_of=parse_as_of(as_of))
    context = result.context
    if context is None or context.catalogue is None or result.portfolio.profile is None:
        fail("stfolio.yaml has problems; run `stfolio check`", 1)
    if goal is not None:
        from stfolio.vocabulary import canonical_delmal

        goal = canonical_delmal(goal)
        verdict = context.verdict(goal)
        if verdict is None:
            from stfolio.text import did_you_mean

            known = [v.goal.id for v in context.verdicts]
            fail(f"no delmål '{goal}' for this portfolio; {did_you_mean(goal, known) or 'see stfolio goals list'}")
        typer.echo(goal_detail(verdict), nl=False)
        return
    Console(highlight=False).print(status_view(result))
