"""Render a report context to Markdown, self-contained HTML, JSON, PDF, or (the IUP) a
spreadsheet; write it safely.

Templates are looked up in the portfolio's own ``templates/`` first, then in stfolio's
``templates/report/``, so a clinic can restyle a report by copying one file. jinja2 runs in a
bounded sandbox (``sandbox``: no Python internals, only regular files inside ``templates/``,
limits on recursion, sizes and steps), with ``StrictUndefined`` (a typo in a template fails
loudly) and HTML autoescaping; every value printed is escaped of control characters and bytes
that are not UTF-8; Markdown gets the ``md`` filter, which escapes what a Markdown viewer would
otherwise interpret. Templates write their words in English inside ``_("…")`` (and ``n_`` for
counts), translated from the ``reports`` catalog like the Python code's. PDF is the HTML page
printed by WeasyPrint (``pdf``); the IUP's workbook is built in ``sheets``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import traceback
from pathlib import Path
from typing import Any

from stfolio.errors import PROBLEM, USAGE, StfolioError
from stfolio.files import replace_file, write_new_file
from stfolio.findings import Finding, Location, make
from stfolio.i18n import N_, _, n_
from stfolio.reports.model import Report
from stfolio.reports.rows import SUMMARY
from stfolio.resources import templates_dir
from stfolio.rules import CheckResult
from stfolio.rules.privacy import IDENTIFIER_CODES
from stfolio.text import escape_untrusted

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
    by others. A template that fails, goes beyond a limit or is refused stops the report with a
    finding naming the template file and line (STF901–STF904), never with a crash or a hang.
    """
    if fmt not in FORMATS[kind]:
        raise StfolioError(
            _("the {kind} report has no format {fmt!r}").format(kind=kind, fmt=fmt),
            hint=_("use one of: {formats}").format(formats=", ".join(FORMATS[kind])),
            exit_code=USAGE,
        )
    identifiers = [f for f in result.findings if f.code in IDENTIFIER_CODES]
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
    text = render(report, "html" if fmt == "pdf" else fmt, result.portfolio.root, len(result.portfolio.entries))
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


def render(report: Report, fmt: str, portfolio_root: Path | None = None, items: int = 0) -> str:
    """``report`` as ``fmt``; a template's failure is a StfolioError holding its finding."""
    if fmt == "json":
        return json.dumps(_shown_json(dataclasses.asdict(report)), ensure_ascii=False, indent=2) + "\n"
    from stfolio.reports.sandbox import render_bounded, sandbox

    env, files = sandbox(portfolio_root, templates_dir() / "report")
    env.filters["md"] = md
    env.filters["css"] = css
    env.globals["_"] = _
    env.globals["n_"] = n_
    name = f"{report.kind}.{fmt}.j2"
    try:
        text = render_bounded(env, files, name, items, r=report)
    except Exception as exc:  # whatever a template does wrong is the template's, not a crash
        finding = template_finding(exc, files.shown, name)
        raise StfolioError(
            _("the report template failed ({where}): {error}").format(where=finding.location, error=finding.message),
            finding.hint,
            exit_code=PROBLEM,
            findings=[finding],
            root=portfolio_root,
        ) from None
    if fmt == "md":  # blocks that are left out leave their blank lines: one between blocks is enough
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def template_finding(exc: BaseException, shown: dict[str, str], name: str) -> Finding:
    """The finding for a template's failure, at the template file and line where it happened."""
    import jinja2

    from stfolio.reports.sandbox import TemplateLimit, TemplateRefused

    if isinstance(exc, TemplateRefused):
        return make("STF904", Location(exc.rel), exc.reason, _(_REFUSED_HINT))
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(shown.get(exc.filename or "", exc.name or name), exc.lineno or 0, 1 if exc.lineno else 0)
        message = _("template syntax error: {error}").format(error=exc.message)
        return make("STF901", where, message, _("see the jinja2 documentation"))
    line = 0
    path = shown.get(name, f"templates/{name}")
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in shown:
            path, line = shown[frame.filename], frame.lineno or 0
    where = Location(path, line, 1 if line else 0)
    if isinstance(exc, TemplateLimit | RecursionError | MemoryError | OverflowError):
        reason = str(exc) if isinstance(exc, TemplateLimit) else f"{type(exc).__name__}: {exc}"
        return make("STF903", where, _("template over a limit: {reason}").format(reason=reason), _(_LIMIT_HINT))
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    failed = _("template failed: {error}").format(error=f"{type(exc).__name__}: {message}")
    return make("STF902", where, failed, _(_FAILED_HINT))


_REFUSED_HINT = N_(
    "put the template itself (a regular file, not a link) in templates/, or remove it to use stfolio's own"
)
_LIMIT_HINT = N_("a report template lays out the report's data; it need not loop, recurse or build text on this scale")
_FAILED_HINT = N_("correct the template at this line, or remove it from templates/ to use stfolio's own")


def _shown_json(value: object) -> object:
    """Every string of the report's data escaped and masked (lines kept): the JSON report too."""
    if isinstance(value, str):
        return escape_untrusted(value, keep_newlines=True)
    if isinstance(value, dict):
        return {_shown_json(k): _shown_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shown_json(v) for v in value]
    return value


def write_output(path: Path, content: str | bytes, portfolio_root: Path) -> None:
    """Write a report atomically: inside the portfolio only under ``reports/``, never elsewhere there.

    Everything else in a portfolio is the trainee's own (records, evidence, the profile,
    README.md, .gitignore...), and a report must never replace any of it. Inside the portfolio
    the path is taken as written, and no link on it is followed: a ``reports/`` (or a
    ``reports/x.html``) that is a link out of the portfolio is refused, not written through.
    """
    written = Path(os.path.abspath(path))
    root = portfolio_root.resolve()
    inside = next((r for r in (Path(os.path.abspath(portfolio_root)), root) if written.is_relative_to(r)), None)
    try:
        if inside is not None:
            target = _inside_reports(path, written.relative_to(inside))
            target_root = portfolio_root
        else:
            target = written.resolve()
            if target.is_relative_to(root):
                raise StfolioError(
                    _("{path} leads into the portfolio; write reports under reports/ or outside it").format(path=path)
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target_root = None
        if target.is_symlink() and target_root is not None:
            raise StfolioError(_("{path} is a link; a report is never written through one").format(path=path))
        if target.exists():
            if not target.is_file():
                raise StfolioError(_("{path} is not a regular file").format(path=path))
            replace_file(target, content)
        else:
            write_new_file(target, content)
    except OSError as exc:
        raise StfolioError(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc), exit_code=PROBLEM
        ) from None


def _inside_reports(path: Path, rel: Path) -> Path:
    """The file ``rel`` (relative to the portfolio) under a real ``reports/`` folder, made if missing."""
    from stfolio.files import OutsidePortfolio, real_folder

    if rel.parts[:1] != ("reports",) or len(rel.parts) < 2 or ".." in rel.parts:
        raise StfolioError(
            _("{path} is inside the portfolio; write reports under reports/ or outside the portfolio").format(path=path)
        )
    root = Path(os.path.abspath(path)).parents[len(rel.parts) - 1]
    try:
        folder = real_folder(root, str(rel.parent))
    except (OutsidePortfolio, NotADirectoryError):
        raise StfolioError(
            _("{folder}/ is a link or not a folder; stfolio writes reports only into a real reports/ folder").format(
                folder=rel.parent
            ),
            exit_code=PROBLEM,
        ) from None
    return folder / rel.name
