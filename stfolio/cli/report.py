"""`stfolio report annual|iup|application`: the documents people read, as Markdown, HTML or JSON."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app, sub_app
from stfolio.cli.common import fail, parse_as_of, portfolio_root

report_app = sub_app("Render the årlig rapport, the IUP or the application underlag as Markdown, HTML or JSON.")
app.add_typer(report_app, name="report")


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


FormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="md (default), html or json.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.")
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="As of this date (YYYY-MM-DD) instead of today.")]
DirOption = Annotated[Path | None, typer.Option("--dir", help="The portfolio; default: found upward from here.")]


def _report(
    kind: str,
    fmt: ReportFormat,
    output: Path | None,
    as_of: str | None,
    directory: Path | None,
    year: int | None = None,
) -> None:
    from stfolio.reports.render import report_text, write_output
    from stfolio.rules import check_portfolio

    root = portfolio_root(directory)
    result = check_portfolio(root, as_of=parse_as_of(as_of))
    if result.context is None or result.context.catalogue is None or result.portfolio.profile is None:
        fail("stfolio.yaml has problems; run `stfolio check` and fix it first", 1)
    errors = [f for f in result.findings if f.severity == "error"]
    if errors and not any(f.code in ("STF501", "STF502") for f in errors):
        typer.echo(
            f"stfolio: note: the portfolio has {len(errors)} errors (see `stfolio check`); records with errors are left out",
            err=True,
        )
    text = report_text(result, kind, fmt.value, year)
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    write_output(output, text, root)
    typer.echo(f"wrote {output}", err=True)


@report_app.command("annual")
def report_annual(
    year: Annotated[
        int | None, typer.Option(min=1950, max=2100, help="The calendar year (default: the as-of year).")
    ] = None,
    fmt: FormatOption = ReportFormat.md,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirOption = None,
) -> None:
    """Årlig rapport: the year's placements, courses, assessments, meetings, the delmål they advanced, norms, plan."""
    _report("annual", fmt, output, as_of, directory, year)


@report_app.command("iup")
def report_iup(
    fmt: FormatOption = ReportFormat.md,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirOption = None,
) -> None:
    """IUP: planned and done placements and courses goal by goal, assessment, research, revision history."""
    _report("iup", fmt, output, as_of, directory)


@report_app.command("application")
def report_application(
    fmt: FormatOption = ReportFormat.md,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    directory: DirOption = None,
) -> None:
    """Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; what still blocks."""
    _report("application", fmt, output, as_of, directory)
