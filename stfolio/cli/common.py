"""What the command modules share: failing with a usage message, reading dates and choices,
finding the portfolio, asking on a terminal.

Nothing here knows a command; each helper turns what a person typed into a plain value or a
usage error that says what to type instead.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from stfolio.errors import StfolioError
from stfolio.i18n import N_, _
from stfolio.text import fold

# The options every command that works on a portfolio takes, defined once.
DirOption = Annotated[
    Path | None,
    typer.Option("--dir", "-C", help=N_("The portfolio (or a folder inside it); default: found upward from here.")),
]
ExampleOption = Annotated[bool, typer.Option("--example", help=N_("Use the bundled example portfolio instead."))]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help=N_("As of this date (YYYY-MM-DD) instead of today."))]
# Read by stfolio.cache before the command line is built (a command never sees the cache).
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help=N_("Work it out afresh: neither use nor store a cached answer."))
]

T = TypeVar("T")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``stfolio: message`` to standard error and exit (2: usage, 1: a problem, 3: a bug)."""
    typer.echo(_("stfolio: {message}").format(message=message), err=True)
    raise typer.Exit(code)


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An option's YYYY-MM-DD date; a usage error naming the option if it is not one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            _("{value!r} is not a date; write YYYY-MM-DD").format(value=value), param_hint=option
        ) from None


def parse_as_of(value: str | None) -> dt.date | None:
    """--as-of: a date within the years records may have (1950–2100)."""
    day = parse_date(value, "--as-of")
    if day is not None and not 1950 <= day.year <= 2100:
        raise typer.BadParameter(
            _("{value!r} is outside the years 1950–2100").format(value=value), param_hint="--as-of"
        )
    return day


def parse_number(value: str | None, option: str) -> float | None:
    """An amount or a number of hours as people type it: 1200, 1200.50, 1200,50 or 1 200."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise typer.BadParameter(_not_a_number().format(value=value), param_hint=option) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise typer.BadParameter(_not_a_number().format(value=value), param_hint=option)
    return number


def _not_a_number() -> str:
    return _("{value!r} is not a number; write e.g. 1200 or 1200,50")


def choice(value: str | None, option: str, choices: dict[str, str]) -> str | None:
    """Match ``value`` loosely against ``choices`` (folded alias -> canonical value)."""
    if value is None:
        return None
    canonical = choices.get(fold(value))
    if canonical is None:
        allowed = sorted(set(choices.values()))
        raise typer.BadParameter(
            _("{value!r} is not one of: {choices}").format(value=value, choices=", ".join(allowed)), param_hint=option
        )
    return canonical


def allowed(value: str | None, values: list[str], option: str) -> str | None:
    """Match a value of a closed vocabulary loosely ('klinisk tjanstgoring' -> 'klinisk tjänstgöring')."""
    if value is None:
        return None
    for candidate in values:
        if fold(candidate).replace(" ", "") == fold(value).replace(" ", ""):
            return candidate
    from stfolio.text import did_you_mean

    suggestion = did_you_mean(value, values)
    if suggestion:
        message = _("{value!r} is not allowed; {suggestion}").format(value=value, suggestion=suggestion)
    else:
        message = _("{value!r} is not allowed; use one of: {choices}").format(value=value, choices=", ".join(values))
    raise typer.BadParameter(message, param_hint=option)


def ask(question: Callable[[], T]) -> T | None:
    """Ask once; on a bad answer say why and return None so the caller asks again."""
    try:
        return question()
    except typer.BadParameter as exc:
        typer.echo(f"  {exc.message}", err=True)
        return None


def interactive() -> bool:
    """Whether to ask for missing fields: only when a person is at the terminal."""
    return sys.stdin.isatty()


def example_root() -> Path:
    """The bundled example portfolio; says on standard error that it is the one used."""
    import os

    from stfolio.resources import example_portfolio

    directory = example_portfolio()
    typer.echo(
        _("stfolio: using the bundled example portfolio in {path}").format(path=os.path.relpath(directory)), err=True
    )
    return directory


def portfolio_root(directory: Path | None, hint: str | None = None, example: bool = False) -> Path:
    """The portfolio at or above ``directory`` (default: where the user stands), or the example."""
    from stfolio.loader import find_root

    if example:
        directory = example_root()
    elif directory is not None and not directory.exists():
        raise StfolioError(_("{path} does not exist").format(path=directory))
    root = find_root(directory or Path.cwd())
    if root is None:
        hint = hint or _("use --dir or `stfolio init`")
        raise StfolioError(_("no portfolio here (no stfolio.yaml found upward); {hint}").format(hint=hint))
    from stfolio import i18n

    i18n.adopt_profile_language(i18n.profile_language(root))
    return root


REGULATIONS = {
    "2015": "SOSFS 2015:8",
    "sosfs 2015:8": "SOSFS 2015:8",
    "sosfs 2015 8": "SOSFS 2015:8",
    "2021": "HSLF-FS 2021:8",
    "hslf fs 2021:8": "HSLF-FS 2021:8",
    "hslf fs 2021 8": "HSLF-FS 2021:8",
}
ROUTES = {
    "svensk at": "svensk AT",
    "at": "svensk AT",
    "swedish at": "svensk AT",
    "sexarig lakarexamen": "sexårig läkarexamen",
    "sexarig": "sexårig läkarexamen",
    "six year degree": "sexårig läkarexamen",
    "utlandsk examen": "utländsk examen",
    "utlandsk": "utländsk examen",
    "foreign degree": "utländsk examen",
}
