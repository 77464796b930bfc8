"""Render a report context to Markdown, self-contained HTML, JSON, PDF, or (the IUP) a
spreadsheet; write it safely.

Templates are looked up in the portfolio's own ``templates/`` first, then in stfolio's
``templates/report/``, so a clinic can restyle a report by copying one file. jinja2 runs
sandboxed (a template cannot reach Python internals), with ``StrictUndefined`` (a typo in a
template fails loudly) and HTML autoescaping; Markdown gets the ``md`` filter, which escapes
what a Markdown viewer would otherwise interpret. Templates write their words in English
inside ``_("…")`` (and ``n_`` for counts), translated from the ``reports`` catalog like the
Python code's. PDF is the HTML page printed by WeasyPrint (``pdf``); the IUP's workbook is
built in ``sheets``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from stfolio.errors import PROBLEM, USAGE, StfolioError
from stfolio.files import replace_file, write_new_file
from stfolio.i18n import _, n_
from stfolio.reports.model import Report
from stfolio.reports.rows import SUMMARY
from stfolio.resources import templates_dir
from stfolio.rules import CheckResult

# The formats of each report; the first is the default. Binary ones need a file (or `-o -`).
FORMATS = {
    "annual": ("md", "html", "json", "pdf"),
    "iup": ("md", "html", "json", "pdf", "xlsx", "csv"),
    "application": ("md", "html", "json", "pdf"),
}
BINARY = ("pdf", "xlsx")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def md(value: Any) -> str:
    """Text made safe for a Markdown table cell or paragraph: no markup, no HTML, one line."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def css(value: Any) -> Any:
    """Text made safe inside a CSS string in a <style> element: anything but letters, digits and
    spaces as a CSS escape, so no quote, backslash or ``</style>`` can end it."""
    from markupsafe import Markup

    text = " ".join(str(value).split())
    return Markup("".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text))


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
    env.filters["css"] = css
    env.globals["_"] = _
    env.globals["n_"] = n_
    return env


def report_output(
    result: CheckResult,
    kind: str,
    fmt: str,
    year: int | None = None,
    detail: str = SUMMARY,
    sheet: str | None = None,
) -> str | bytes:
    """The report ``kind`` (annual, iup, application) of a checked portfolio, rendered as ``fmt``.

    Refused while the portfolio holds a personnummer or samordningsnummer: a report is read
    by others. A portfolio template that fails is reported with its file and line.
    """
    import jinja2

    if fmt not in FORMATS[kind]:
        raise StfolioError(
            _("the {kind} report has no format {fmt!r}").format(kind=kind, fmt=fmt),
            hint=_("use one of: {formats}").format(formats=", ".join(FORMATS[kind])),
            exit_code=USAGE,
        )
    identifiers = [f for f in result.findings if f.code in ("STF501", "STF502")]
    if identifiers:
        raise StfolioError(
            n_(
                "the portfolio holds {n} personnummer or samordningsnummer (run `stfolio check`); "
                "a report is read by others, so none is rendered until it is removed",
                "the portfolio holds {n} personnummer or samordningsnummer (run `stfolio check`); "
                "a report is read by others, so none is rendered until they are removed",
                len(identifiers),
            ).format(n=len(identifiers)),
            exit_code=PROBLEM,
        )
    if fmt in ("xlsx", "csv"):
        from stfolio.reports.sheets import iup_workbook, to_csv, to_xlsx

        book = iup_workbook(result)
        return to_xlsx(book) if fmt == "xlsx" else to_csv(book, sheet)
    report = build_report(result, kind, year, detail)
    try:
        text = render(report, "html" if fmt == "pdf" else fmt, result.portfolio.root)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise StfolioError(
            _("the report template failed{where}: {error}").format(where=where, error=exc), exit_code=PROBLEM
        ) from None
    if fmt == "pdf":
        from stfolio.reports.pdf import html_to_pdf

        return html_to_pdf(text)
    return text


def report_text(result: CheckResult, kind: str, fmt: str, year: int | None = None, detail: str = SUMMARY) -> str:
    """A text format (md, html, json) of a report; see :func:`report_output`."""
    out = report_output(result, kind, fmt, year, detail)
    assert isinstance(out, str)
    return out


def build_report(result: CheckResult, kind: str, year: int | None, detail: str) -> Report:
    from stfolio.reports.build import annual_report, application_report, iup_report

    assert result.context is not None
    if kind == "annual":
        return annual_report(result, year if year is not None else result.context.as_of.year, detail)
    if kind == "iup":
        return iup_report(result, detail)
    return application_report(result, detail)


def render(report: Report, fmt: str, portfolio_root: Path | None = None) -> str:
    if fmt == "json":
        return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2) + "\n"
    template = environment(portfolio_root).get_template(f"{report.kind}.{fmt}.j2")
    text = str(template.render(r=report))
    if fmt == "md":  # blocks that are left out leave their blank lines: one between blocks is enough
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def write_output(path: Path, content: str | bytes, portfolio_root: Path) -> None:
    """Write a report atomically: inside the portfolio only under ``reports/``, never elsewhere there.

    Everything else in a portfolio is the trainee's own (records, evidence, the profile,
    README.md, .gitignore...), and a report must never replace any of it.
    """
    target = path.resolve()
    root = portfolio_root.resolve()
    if target.is_relative_to(root) and target.relative_to(root).parts[:1] != ("reports",):
        raise StfolioError(
            _("{path} is inside the portfolio; write reports under reports/ or outside the portfolio").format(path=path)
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if not target.is_file():
                raise StfolioError(_("{path} is not a regular file").format(path=path))
            _replace(target, content)
        else:
            write_new_file(target, content)
    except OSError as exc:
        raise StfolioError(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc), exit_code=PROBLEM
        ) from None


def _replace(target: Path, content: str | bytes) -> None:
    """Replace a report written before: text in place, bytes through a new file renamed over it."""
    if isinstance(content, str):
        replace_file(target, content)
        return
    import os
    import secrets

    fresh = target.with_name(f".{target.name}.{secrets.token_hex(4)}.new")
    write_new_file(fresh, content)
    try:
        os.replace(fresh, target)
    finally:
        if fresh.exists():
            fresh.unlink()
