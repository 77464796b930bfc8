"""Helpers shared by the command modules: failing with a usage message, reading dates."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``stfolio: message`` to standard error and exit (2: usage, 1: a problem, 3: a bug)."""
    typer.echo(f"stfolio: {message}", err=True)
    raise typer.Exit(code)


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An option's YYYY-MM-DD date; a usage error naming the option if it is not one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD", param_hint=option) from None


def parse_as_of(value: str | None) -> dt.date | None:
    """--as-of: a date within the years records may have (1950–2100)."""
    day = parse_date(value, "--as-of")
    if day is not None and not 1950 <= day.year <= 2100:
        raise typer.BadParameter(f"{value!r} is outside the years 1950–2100", param_hint="--as-of")
    return day
