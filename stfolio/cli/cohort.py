"""`stfolio cohort PATH…`: the studierektor's overview of many portfolios, and the yearly compilation.

Read only: every portfolio is checked as `stfolio check` checks it, in parallel worker
processes, and summed up in one row. See docs/cohort.md for the config, the flags and the JSON.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import AsOfOption, fail, parse_as_of
from stfolio.i18n import _

if TYPE_CHECKING:
    from stfolio.cohort import Cohort


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


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PATH",
        help=_("Portfolio folders, or folders holding them (one level down); default: the current folder."),
    ),
]
RecursiveOption = Annotated[
    bool, typer.Option("--recursive", "-r", help=_("Look for portfolios at any depth, not just one level down."))
]
FormatOption = Annotated[
    CohortFormat | None,
    typer.Option(
        "--format", "-f", help=_("human (default), json, csv, xlsx or html; default: from the -o file's suffix.")
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=_("Write to this file (atomically) instead of standard output; - for stdout.")),
]
YearOption = Annotated[
    int | None,
    typer.Option(min=1950, max=2100, help=_("Add the compilation of this calendar year, per clinic and per employer.")),
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, max=512, help=_("Worker processes (default: all cores)."))
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help=_("The thresholds of the risk flags (default: stfolio-cohort.yaml in the current folder, if any)."),
    ),
]
SortOption = Annotated[Sort, typer.Option("--sort", help=_("risk (default), name or clinic."))]
SheetOption = Annotated[
    str | None, typer.Option("--sheet", help=_("With -f csv: trainees (default), flags, year or groups (with --year)."))
]


@app.command()
def cohort(
    paths: PathsArgument = None,
    recursive: RecursiveOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    jobs: JobsOption = None,
    config: ConfigOption = None,
    sort: SortOption = Sort.risk,
    sheet: SheetOption = None,
) -> None:
    """The studierektor's overview: one row per trainee, who is behind and why; --year compiles the year."""
    from dataclasses import replace

    from stfolio.cohort import load_config, run_cohort
    from stfolio.cohort.output import write_file

    chosen = _format(fmt, output)
    if chosen == "xlsx" and output is None:
        fail(_("xlsx is not for a terminal; write it to a file with -o FILE (or -o - to pipe it)"))
    if sheet is not None and chosen != "csv":
        fail(_("--sheet is for -f csv"))
    settings, config_path = load_config(config, Path.cwd())
    found = run_cohort(paths or [Path.cwd()], settings, parse_as_of(as_of), year, jobs, recursive, sort.value)
    found = replace(found, config_path=str(config_path) if config_path else None)
    to_terminal = output is None or str(output) == "-"
    content = _render(found, chosen, sheet, to_terminal)
    if to_terminal:
        if isinstance(content, bytes):
            typer.get_binary_stream("stdout").write(content)
        else:
            typer.echo(content, nl=False)
        return
    assert output is not None
    write_file(output, content, [row.path for row in found.rows])
    typer.echo(_("wrote {path}").format(path=output), err=True)


def _render(found: Cohort, chosen: str, sheet: str | None, to_terminal: bool) -> str | bytes:
    import os
    import shutil
    import sys

    from stfolio.cohort import output

    if chosen == "json":
        return output.to_json(found)
    if chosen == "csv":
        return output.to_csv_text(found, sheet)
    if chosen == "xlsx":
        return output.to_xlsx_bytes(found)
    if chosen == "html":
        from stfolio.cohort.page import to_html

        return to_html(found)
    colour = to_terminal and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return output.to_terminal(found, shutil.get_terminal_size((160, 40)).columns, colour)
