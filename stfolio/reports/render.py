"""Render a report context to Markdown, self-contained HTML, or JSON; write it safely.

Templates are looked up in the portfolio's own ``templates/`` first, then in stfolio's
``templates/report/``, so a clinic can restyle a report by copying one file. jinja2 runs
sandboxed (a template cannot reach Python internals), with ``StrictUndefined`` (a typo in a
template fails loudly) and HTML autoescaping; Markdown gets the ``md`` filter, which escapes
what a Markdown viewer would otherwise interpret.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import replace_file, write_new_file
from stfolio.reports.model import Report
from stfolio.resources import templates_dir
from stfolio.rules import CheckResult

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def md(value: Any) -> str:
    """Text made safe for a Markdown table cell or paragraph: no markup, no HTML, one line."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def environment(portfolio_root: Path | None) -> Any:
    import jinja2  # only `report` needs jinja2: keep it off the start-up path of `check`
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    search = []
    if portfolio_root is not None and (portfolio_root / "templates").is_dir():
        search.append(str(portfolio_root / "templates"))
    search.append(str(templates_dir() / "report"))
    # Sandboxed: a portfolio's own templates are other people's code to whoever renders the
    # report (a handledare, a studierektor), so they may lay out data and nothing more.
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    return env


def report_text(result: CheckResult, kind: str, fmt: str, year: int | None = None) -> str:
    """The report ``kind`` (annual, iup, application) of a checked portfolio, rendered as ``fmt``.

    Refused while the portfolio holds a personnummer or samordningsnummer: a report is read
    by others. A portfolio template that fails is reported with its file and line.
    """
    import jinja2

    from stfolio.reports.build import annual_report, application_report, iup_report

    identifiers = [f for f in result.findings if f.code in ("STF501", "STF502")]
    if identifiers:
        raise StfolioError(
            f"the portfolio holds {len(identifiers)} personnummer or samordningsnummer (run `stfolio check`); "
            "a report is read by others, so none is rendered until they are removed",
            exit_code=PROBLEM,
        )
    assert result.context is not None
    if kind == "annual":
        report = annual_report(result, year if year is not None else result.context.as_of.year)
    elif kind == "iup":
        report = iup_report(result)
    else:
        report = application_report(result)
    try:
        return render(report, fmt, result.portfolio.root)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise StfolioError(f"the report template failed{where}: {exc}", exit_code=PROBLEM) from None


def render(report: Report, fmt: str, portfolio_root: Path | None = None) -> str:
    if fmt == "json":
        return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2) + "\n"
    template = environment(portfolio_root).get_template(f"{report.kind}.{fmt}.j2")
    return str(template.render(r=report))


def write_output(path: Path, text: str, portfolio_root: Path) -> None:
    """Write a report atomically: inside the portfolio only under ``reports/``, never elsewhere there.

    Everything else in a portfolio is the trainee's own (records, evidence, the profile,
    README.md, .gitignore...), and a report must never replace any of it.
    """
    target = path.resolve()
    root = portfolio_root.resolve()
    if target.is_relative_to(root) and target.relative_to(root).parts[:1] != ("reports",):
        raise StfolioError(f"{path} is inside the portfolio; write reports under reports/ or outside the portfolio")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if not target.is_file():
                raise StfolioError(f"{path} is not a regular file")
            replace_file(target, text)
        else:
            write_new_file(target, text)
    except OSError as exc:
        raise StfolioError(f"cannot write {path}: {exc.strerror or exc}", exit_code=PROBLEM) from None
