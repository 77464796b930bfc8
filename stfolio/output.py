"""Render findings for people (one editor-clickable line each) and for tools (JSON)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from stfolio.check import CheckResult
from stfolio.findings import Finding, Severity

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def display_path(root: Path, rel: str, cwd: Path) -> str:
    """A path the user can click or paste: relative to where they ran stfolio."""
    target = root / rel
    try:
        shown = os.path.relpath(target, cwd)
    except ValueError:  # another drive on Windows
        shown = str(target)
    if rel.endswith("/") and not shown.endswith("/"):
        shown += "/"
    return shown


def format_finding(finding: Finding, root: Path, cwd: Path, colour: bool = False) -> str:
    loc = finding.location
    where = display_path(root, loc.path, cwd)
    if loc.line:
        where += f":{loc.line}:{loc.column}"
    severity = str(finding.severity)
    if colour:
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
    line = f"{where}: {severity} {finding.code} {finding.message}"
    if finding.hint:
        line += f"\n    hint: {finding.hint}"
    return line


def summary(result: CheckResult) -> str:
    files = result.portfolio.files_seen
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    checked = f"checked {files} file{'s' if files != 1 else ''}"
    if not errors and not warnings:
        return f"{checked}: no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{checked}: " + ", ".join(parts)


def render_human(result: CheckResult, cwd: Path, colour: bool = False) -> str:
    root = result.portfolio.root
    lines = [format_finding(f, root, cwd, colour) for f in result.findings]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    payload = {
        "root": str(result.portfolio.root),
        "ok": result.ok,
        "files": result.portfolio.files_seen,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "findings": [f.as_dict() for f in result.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
