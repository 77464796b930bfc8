"""`stfolio cohort PATH…`: the studierektor's overview of many portfolios, and the yearly compilation.

Read only: every portfolio is checked as `stfolio check` checks it, in parallel worker
processes, and summed up in one row. See docs/cohort.md for the config, the flags and the JSON.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import AsOfOption, fail, parse_as_of
from stfolio.i18n import _


class CohortFormat(StrEnum):
    human = "human"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class Sort(StrEnum):
    risk = "risk"
    name = "name"
    clinic = "clinic"


_SUFFIXES = {"json": "json", "csv": "csv", "xlsx": "xlsx", "html": "html", "htm": "html"}


def _format(fmt: CohortFormat | None, output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output is not None and str(output) != "-" else ""
    if fmt is None:
        return _SUFFIXES.get(suffix, "human")
    if suffix in _SUFFIXES and _SUFFIXES[suffix] != fmt.value:
        fail(
            _("-o {output} names a {suffix} file, but the format is {fmt}").format(
                output=output, suffix=suffix, fmt=fmt.value
            )
        )
    return fmt.value


@app.command()
def cohort(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=_("Portfolio folders, or folders holding them (one level down); default: the current folder.")
        ),
    ] = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help=_("Look for portfolios at any depth, not just one level down."))
    ] = False,
    fmt: Annotated[
        CohortFormat | None,
        typer.Option(
            "--format", "-f", help=_("human (default), json, csv, xlsx or html; default: from the -o file's suffix.")
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=_("Write to this file (atomically) instead of standard output; - for stdout.")
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            min=1950, max=2100, help=_("Add the compilation of this calendar year, per clinic and per employer.")
        ),
    ] = None,
    as_of: AsOfOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, max=512, help=_("Worker processes (default: all cores).")),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help=_("The thresholds of the risk flags (default: stfolio-cohort.yaml in the current folder, if any)."),
        ),
    ] = None,
    sort: Annotated[Sort, typer.Option("--sort", help=_("risk (default), name or clinic."))] = Sort.risk,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help=_("With -f csv: trainees (default), flags, year or groups (with --year).")),
    ] = None,
) -> None:
    """The studierektor's overview: one row per trainee, who is behind and why; --year compiles the year."""
    import os
    import shutil
    import sys

    from stfolio.cohort import load_config, run_cohort
    from stfolio.cohort.output import to_csv_text, to_json, to_terminal, to_xlsx_bytes, write_file

    chosen = _format(fmt, output)
    if chosen == "xlsx" and output is None:
        fail(_("xlsx is not for a terminal; write it to a file with -o FILE (or -o - to pipe it)"))
    if sheet is not None and chosen != "csv":
        fail(_("--sheet is for -f csv"))
    settings, config_path = load_config(config, Path.cwd())
    result = run_cohort(
        paths or [Path.cwd()], settings, parse_as_of(as_of), year, jobs, recursive=recursive, sort=sort.value
    )
    if config_path is not None:
        from dataclasses import replace

        result = replace(result, config_path=str(config_path))
    content: str | bytes
    if chosen == "json":
        content = to_json(result)
    elif chosen == "csv":
        content = to_csv_text(result, sheet)
    elif chosen == "xlsx":
        content = to_xlsx_bytes(result)
    elif chosen == "html":
        from stfolio.cohort.page import to_html

        content = to_html(result)
    else:
        to_file = output is not None and str(output) != "-"
        colour = not to_file and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        content = to_terminal(result, shutil.get_terminal_size((160, 40)).columns, colour)
    if output is None or str(output) == "-":
        if isinstance(content, bytes):
            typer.get_binary_stream("stdout").write(content)
        else:
            typer.echo(content, nl=False)
        return
    write_file(output, content, [row.path for row in result.rows])
    typer.echo(_("wrote {path}").format(path=output), err=True)
