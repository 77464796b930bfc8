"""Render a report context to Markdown, self-contained HTML, or JSON; write it safely.

Templates are looked up in the portfolio's own ``templates/`` first, then in stfolio's
``templates/report/``, so a clinic can restyle a report by copying one file. jinja2 runs in a
bounded sandbox (``sandbox``: no Python internals, only regular files inside ``templates/``,
limits on recursion, sizes and steps), with ``StrictUndefined`` (a typo in a template fails
loudly) and HTML autoescaping; every value printed is escaped of control characters and bytes
that are not UTF-8; Markdown gets the ``md`` filter, which escapes what a Markdown viewer would
otherwise interpret.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import traceback
from pathlib import Path
from typing import Any

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import replace_file, write_new_file
from stfolio.findings import Finding, Location, make
from stfolio.reports.model import Report
from stfolio.resources import templates_dir
from stfolio.rules import CheckResult
from stfolio.rules.privacy import IDENTIFIER_CODES
from stfolio.text import escape_untrusted

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def md(value: Any) -> str:
    """Text made safe for a Markdown table cell or paragraph: no markup, no HTML, one line."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def report_text(result: CheckResult, kind: str, fmt: str, year: int | None = None) -> str:
    """The report ``kind`` (annual, iup, application) of a checked portfolio, rendered as ``fmt``.

    Refused while the portfolio holds a personnummer or samordningsnummer: a report is read
    by others. A template that fails, goes beyond a limit or is refused stops the report with a
    finding naming the template file and line (STF901–STF904), never with a crash or a hang.
    """
    from stfolio.reports.build import annual_report, application_report, iup_report

    identifiers = [f for f in result.findings if f.code in IDENTIFIER_CODES]
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
    return render(report, fmt, result.portfolio.root, items=len(result.portfolio.entries))


def render(report: Report, fmt: str, portfolio_root: Path | None = None, items: int = 0) -> str:
    """``report`` as ``fmt``; a template's failure is a StfolioError holding its finding."""
    if fmt == "json":
        return json.dumps(_shown_json(dataclasses.asdict(report)), ensure_ascii=False, indent=2) + "\n"
    from stfolio.reports.sandbox import render_bounded, sandbox

    env, files = sandbox(portfolio_root, templates_dir() / "report")
    env.filters["md"] = md
    name = f"{report.kind}.{fmt}.j2"
    try:
        return render_bounded(env, files, name, items, r=report)
    except Exception as exc:  # whatever a template does wrong is the template's, not a crash
        finding = template_finding(exc, files.shown, name)
        raise StfolioError(
            f"the report template failed ({finding.location}): {finding.message}",
            finding.hint,
            exit_code=PROBLEM,
            findings=[finding],
            root=portfolio_root,
        ) from None


def template_finding(exc: BaseException, shown: dict[str, str], name: str) -> Finding:
    """The finding for a template's failure, at the template file and line where it happened."""
    import jinja2

    from stfolio.reports.sandbox import TemplateLimit, TemplateRefused

    if isinstance(exc, TemplateRefused):
        return make("STF904", Location(exc.rel), f"template {exc.reason}", _REFUSED_HINT)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(shown.get(exc.filename or "", exc.name or name), exc.lineno or 0, 1 if exc.lineno else 0)
        return make("STF901", where, f"template syntax error: {exc.message}", "see the jinja2 documentation")
    line = 0
    path = shown.get(name, f"templates/{name}")
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in shown:
            path, line = shown[frame.filename], frame.lineno or 0
    where = Location(path, line, 1 if line else 0)
    if isinstance(exc, TemplateLimit | RecursionError | MemoryError | OverflowError):
        reason = str(exc) if isinstance(exc, TemplateLimit) else f"{type(exc).__name__}: {exc}"
        return make("STF903", where, f"template over a limit: {reason}", _LIMIT_HINT)
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return make("STF902", where, f"template failed: {type(exc).__name__}: {message}", _FAILED_HINT)


_REFUSED_HINT = "put the template itself (a regular file, not a link) in templates/, or remove it to use stfolio's own"
_LIMIT_HINT = "a report template lays out the report's data; it need not loop, recurse or build text on this scale"
_FAILED_HINT = "correct the template at this line, or remove it from templates/ to use stfolio's own"


def _shown_json(value: object) -> object:
    """Every string of the report's data escaped and masked (lines kept): the JSON report too."""
    if isinstance(value, str):
        return escape_untrusted(value, keep_newlines=True)
    if isinstance(value, dict):
        return {_shown_json(k): _shown_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shown_json(v) for v in value]
    return value


def write_output(path: Path, text: str, portfolio_root: Path) -> None:
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
                raise StfolioError(f"{path} leads into the portfolio; write reports under reports/ or outside it")
            target.parent.mkdir(parents=True, exist_ok=True)
            target_root = None
        if target.is_symlink() and target_root is not None:
            raise StfolioError(f"{path} is a link; a report is never written through one")
        if target.exists():
            if not target.is_file():
                raise StfolioError(f"{path} is not a regular file")
            replace_file(target, text)
        else:
            write_new_file(target, text)
    except OSError as exc:
        raise StfolioError(f"cannot write {path}: {exc.strerror or exc}", exit_code=PROBLEM) from None


def _inside_reports(path: Path, rel: Path) -> Path:
    """The file ``rel`` (relative to the portfolio) under a real ``reports/`` folder, made if missing."""
    from stfolio.files import OutsidePortfolio, real_folder

    if rel.parts[:1] != ("reports",) or len(rel.parts) < 2 or ".." in rel.parts:
        raise StfolioError(f"{path} is inside the portfolio; write reports under reports/ or outside the portfolio")
    root = Path(os.path.abspath(path)).parents[len(rel.parts) - 1]
    try:
        folder = real_folder(root, str(rel.parent))
    except (OutsidePortfolio, NotADirectoryError):
        raise StfolioError(
            f"{rel.parent}/ is a link or not a folder; stfolio writes reports only into a real reports/ folder",
            exit_code=PROBLEM,
        ) from None
    return folder / rel.name
