"""`stfolio report annual|iup|application`: the documents people read, as Markdown, HTML, JSON,
PDF, or (the IUP) a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app, sub_app
from stfolio.cli.common import NoCacheOption, fail, parse_as_of, portfolio_root
from stfolio.i18n import N_, _

report_app = sub_app(
    N_("Render the årlig rapport, the IUP or the application underlag as Markdown, HTML, JSON, PDF or a spreadsheet.")
)
app.add_typer(report_app, name="report")


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    pdf = "pdf"
    xlsx = "xlsx"
    csv = "csv"


class Detail(StrEnum):
    summary = "summary"
    full = "full"


FormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help=N_("md (default), html, json or pdf; the IUP also xlsx and csv. Default: from the -o file's suffix."),
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help=N_("Write to this file (atomically) instead of standard output; - for stdout.")
    ),
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help=N_("As of this date (YYYY-MM-DD) instead of today."))]
DirOption = Annotated[
    Path | None, typer.Option("--dir", "-C", help=N_("The portfolio; default: found upward from here."))
]
ExampleOption = Annotated[bool, typer.Option("--example", help=N_("Report on the bundled example portfolio instead."))]
DetailOption = Annotated[
    Detail, typer.Option("--detail", help=N_("summary (default: meetings one line each) or full (every note)."))
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        help=N_(
            "With -f csv: the sheet to write: oversikt, tjanstgoringar, delmal (default), kurser, bedomningar, handledning, forskning or revisioner."
        ),
    ),
]


def _format(fmt: ReportFormat | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    suffix = output.suffix.lower().lstrip(".") if output is not None and str(output) != "-" else ""
    by_suffix = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "json": "json"}
    by_suffix |= {"pdf": "pdf", "xlsx": "xlsx", "csv": "csv"}
    if fmt is None:
        return by_suffix.get(suffix, "md")
    if suffix in by_suffix and by_suffix[suffix] != fmt.value:
        from stfolio.errors import StfolioError

        message = _("-o {output} names a {suffix} file, but the format is {fmt}")
        hint = _("leave out -f to write what the suffix says, or give the file a .{fmt} name")
        raise StfolioError(message.format(output=output, suffix=suffix, fmt=fmt.value), hint=hint.format(fmt=fmt.value))
    return fmt.value


def _root(directory: Path | None, example: bool) -> Path:
    if example:
        from stfolio.resources import example_portfolio

        return example_portfolio()
    return portfolio_root(directory)


@dataclass(frozen=True)
class _Options:
    directory: Path | None
    example: bool
    as_of: str | None
    detail: Detail
    year: int | None = None
    sheet: str | None = None


def _report(kind: str, fmt: ReportFormat | None, output: Path | None, options: _Options) -> None:
    from stfolio import i18n
    from stfolio.reports.render import BINARY, report_output, write_output
    from stfolio.rules import check_portfolio

    chosen = _format(fmt, output)
    if chosen in BINARY and output is None:
        fail(_("{fmt} is not for a terminal; write it to a file with -o FILE (or -o - to pipe it)").format(fmt=chosen))
    root = _root(options.directory, options.example)
    result = check_portfolio(root, as_of=parse_as_of(options.as_of))
    if result.context is None or result.context.catalogue is None or result.portfolio.profile is None:
        fail(_("stfolio.yaml has problems; run `stfolio check` and fix it first"), 1)
    i18n.adopt_profile_language(result.portfolio.profile.language)
    content = report_output(result, kind, chosen, options.year, options.detail.value, options.sheet)
    if output is None or str(output) == "-":
        if isinstance(content, bytes):
            typer.get_binary_stream("stdout").write(content)
        else:
            typer.echo(content, nl=False)
        return
    write_output(output, content, root)
    typer.echo(_("wrote {path}").format(path=output), err=True)


@report_app.command(
    "annual",
    help=N_(
        "Årlig rapport: the year's placements, courses, assessments, meetings, the delmål they advanced, norms, plan."
    ),
)
def report_annual(
    year: Annotated[
        int | None, typer.Option(min=1950, max=2100, help=N_("The calendar year (default: the as-of year)."))
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirOption = None,
    example: ExampleOption = False,
    detail: DetailOption = Detail.summary,
    no_cache: NoCacheOption = False,
) -> None:
    """Årlig rapport: the year's placements, courses, assessments, meetings, the delmål they advanced, norms, plan."""
    _report("annual", fmt, output, _Options(directory, example, as_of, detail, year=year))


@report_app.command(
    "iup",
    help=N_("IUP: planned and done placements and courses goal by goal, assessment, research, revision history."),
)
def report_iup(
    fmt: FormatOption = None,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirOption = None,
    example: ExampleOption = False,
    detail: DetailOption = Detail.summary,
    no_cache: NoCacheOption = False,
    sheet: SheetOption = None,
) -> None:
    """IUP: planned and done placements and courses goal by goal, assessment, research, revision history."""
    _report("iup", fmt, output, _Options(directory, example, as_of, detail, sheet=sheet))


@report_app.command(
    "application",
    help=N_("Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; what still blocks."),
)
def report_application(
    fmt: FormatOption = None,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirOption = None,
    example: ExampleOption = False,
    detail: DetailOption = Detail.summary,
    no_cache: NoCacheOption = False,
) -> None:
    """Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; what still blocks."""
    _report("application", fmt, output, _Options(directory, example, as_of, detail))
