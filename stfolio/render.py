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

from stfolio.files import replace_file, write_new_file
from stfolio.reports import Report
from stfolio.resources import templates_dir

FORMATS = ("md", "html", "json")
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


def render(report: Report, fmt: str, portfolio_root: Path | None = None) -> str:
    if fmt == "json":
        return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2) + "\n"
    template = environment(portfolio_root).get_template(f"{report.kind}.{fmt}.j2")
    return str(template.render(r=report))


class UnsafeOutput(ValueError):
    """The output path would land among the records or overwrite the portfolio's own files."""


def write_output(path: Path, text: str, portfolio_root: Path) -> None:
    """Write a report atomically: inside the portfolio only under ``reports/``, never elsewhere there.

    Everything else in a portfolio is the trainee's own (records, evidence, the profile,
    README.md, .gitignore...), and a report must never replace any of it.
    """
    target = path.resolve()
    root = portfolio_root.resolve()
    if target.is_relative_to(root) and target.relative_to(root).parts[:1] != ("reports",):
        raise UnsafeOutput(f"{path} is inside the portfolio; write reports under reports/ or outside the portfolio")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if not target.is_file():
            raise UnsafeOutput(f"{path} is not a regular file")
        replace_file(target, text)
    else:
        write_new_file(target, text)
