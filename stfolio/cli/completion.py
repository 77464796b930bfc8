"""`stfolio completion bash|zsh|fish`: the shell script that makes the tab key complete stfolio.

The script calls stfolio back with ``_STFOLIO_COMPLETE`` set (typer's completion protocol);
typer completes commands, sub-commands (the record kinds of ``log``) and options itself, and
the callbacks here complete values: the delmål ids of the portfolio's catalogue (``-d/--delmal``,
``--goal``, ``goals show``) and the policy packs (``--policy``). They read the catalogue as text
(``stfolio.names``), so a tab press costs about what ``stfolio --help`` does.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from stfolio.cli.application import COMPLETE_VAR, app
from stfolio.i18n import N_


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command(help=N_("Print the script that makes the tab key complete stfolio's commands, delmål and policy packs."))
def completion(
    shell: Annotated[Shell, typer.Argument(help=", ".join(shell.value for shell in Shell))],
) -> None:
    """Print the script that makes the tab key complete stfolio's commands, delmål and policy packs."""
    from typer._completion_shared import get_completion_script  # typer has no public name for it

    typer.echo(get_completion_script(prog_name="stfolio", complete_var=COMPLETE_VAR, shell=shell.value))


def _portfolio(ctx: typer.Context) -> Path | None:
    from stfolio.loader import find_root

    given = ctx.params.get("directory")
    start = given if isinstance(given, Path) else Path.cwd()
    try:
        return find_root(start)
    except OSError:
        return None


def complete_delmal(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The delmål of the portfolio's catalogue (or of --regulation/--specialty), with their titles.

    After a comma, the next id of a comma-separated list: ``-d STa1,ST`` offers ``STa1,STa2``...
    """
    from stfolio.names import goal_ids, profile_scope
    from stfolio.text import as_id

    root = _portfolio(ctx)
    regulation, specialty = profile_scope(root) if root is not None else (None, None)
    asked: Any = ctx.params.get("regulation")
    if isinstance(asked, str) and asked.strip():
        regulation = "SOSFS 2015:8" if "2015" in asked else "HSLF-FS 2021:8"
    asked_specialty: Any = ctx.params.get("specialty")
    if isinstance(asked_specialty, str) and asked_specialty.strip():
        specialty = as_id(asked_specialty)
    head, comma, last = incomplete.rpartition(",")
    taken = {t.lower() for t in head.split(",")} if comma else set()
    goals = goal_ids(regulation or "HSLF-FS 2021:8", specialty, root)
    # Ids are case-insensitive on input (`stc6` is STc6); typer keeps only candidates that begin
    # with what was typed, so a candidate keeps the typed letters and completes the rest.
    return [
        (head + comma + last + goal[len(last) :], title)
        for goal, title in goals
        if goal.lower().startswith(last.lower()) and goal.lower() not in taken
    ]


def complete_policy(ctx: typer.Context, incomplete: str) -> list[str]:
    """The policy packs stfolio ships, and the portfolio's own."""
    from stfolio.names import policy_names

    return policy_names(_portfolio(ctx))
