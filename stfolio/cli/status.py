"""`stfolio status`: the portfolio at a glance, or one delmål in full."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from stfolio.context import Context

from stfolio.cli.application import app
from stfolio.cli.common import AsOfOption, DirOption, ExampleOption, NoCacheOption, fail, parse_as_of, portfolio_root
from stfolio.cli.completion import complete_delmal
from stfolio.i18n import N_, _


@app.command(help=N_("The portfolio at a glance: time, delmål coverage per group, and local norms not met."))
def status(
    directory: Annotated[Path | None, typer.Argument(help=N_("The portfolio; default: the current folder."))] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            help=N_("Show one delmål in full: its records and what is missing."),
            autocompletion=complete_delmal,
        ),
    ] = None,
    as_of: AsOfOption = None,
    dir_option: DirOption = None,
    example: ExampleOption = False,
    output_format: Annotated[str, typer.Option("--format", help=N_("human or json."))] = "human",
    no_cache: NoCacheOption = False,
) -> None:
    """The portfolio at a glance: time, delmål coverage per group, and local norms not met."""
    from rich.console import Console

    from stfolio.cli.views.status import status_view
    from stfolio.rules import check_portfolio

    if output_format not in ("human", "json"):
        fail(_("--format takes human or json, not {value!r}").format(value=output_format))
    root = portfolio_root(directory or dir_option, _("create one with `stfolio init`"), example)
    result = check_portfolio(root, as_of=parse_as_of(as_of))
    context = result.context
    if context is None or context.catalogue is None or result.portfolio.profile is None:
        fail(_("stfolio.yaml has problems; run `stfolio check`"), 1)
    if goal is not None:
        _one_goal(context, goal, output_format)
    elif output_format == "json":
        from stfolio.cli.output import status_payload

        typer.echo(_json(status_payload(result)), nl=False)
    else:
        Console(highlight=False).print(status_view(result))


def _one_goal(context: Context, goal: str, output_format: str) -> None:
    """`status --goal ID`: one delmål in full, its records and each requirement."""
    from stfolio.cli.output import STATUS_FORMAT
    from stfolio.cli.views.status import goal_detail
    from stfolio.text import did_you_mean
    from stfolio.vocabulary import canonical_delmal

    goal = canonical_delmal(goal)
    verdict = context.verdict(goal)
    if verdict is None:
        known = [v.goal.id for v in context.verdicts]
        hint = did_you_mean(goal, known) or _("see `stfolio goals list`")
        fail(_("no delmål '{goal}' for this portfolio; {hint}").format(goal=goal, hint=hint))
    if output_format == "json":
        typer.echo(_json({"format": STATUS_FORMAT, **verdict.as_dict()}), nl=False)
    else:
        assert context.catalogue is not None
        typer.echo(goal_detail(verdict, context.catalogue), nl=False)


def _json(payload: object) -> str:
    """JSON through the same escaping and masking as `check`'s: a file name is data from the portfolio."""
    import json

    from stfolio.cli.output import shown_json

    return json.dumps(shown_json(payload), ensure_ascii=False, indent=2) + "\n"
