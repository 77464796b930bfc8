"""Findings for people (one editor-clickable line each) and for tools (JSON), and the forms to send."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from stfolio.findings import Finding, Severity
from stfolio.i18n import N_, _, long_date, n_
from stfolio.text import escape_untrusted

if TYPE_CHECKING:
    from stfolio.rules import CheckResult
    from stfolio.rules.application import Readiness

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
# The severity as a person reads it (docs/glossary.md); JSON keeps the English value.
SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}


def shown(text: str) -> str:
    """Untrusted text (a file name, a message quoting one) as the terminal and JSON show it.

    Newlines and other control characters escaped, bytes that are not UTF-8 as ``\\xff``,
    identifiers masked: a file name can neither forge a finding line nor leak a personnummer.
    """
    return escape_untrusted(text)


def display_path(root: Path, rel: str, cwd: Path) -> str:
    """A path the user can click or paste: relative to where they ran stfolio (escaped, masked)."""
    target = root / rel
    try:
        path = os.path.relpath(target, cwd)
    except ValueError:  # another drive on Windows
        path = str(target)
    if rel.endswith("/") and not path.endswith("/"):
        path += "/"
    return shown(path)


def format_finding(finding: Finding, root: Path, cwd: Path, colour: bool = False) -> str:
    loc = finding.location
    where = display_path(root, loc.path, cwd)
    if loc.line:
        where += f":{loc.line}:{loc.column}"
    severity = _(SEVERITY_WORDS[finding.severity])
    if colour:
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
    line = f"{where}: {severity} {finding.code} {shown(finding.message)}"
    if finding.hint:
        line += "\n    " + _("hint: {hint}").format(hint=shown(finding.hint))
    return line


def summary(result: CheckResult) -> str:
    files = result.portfolio.files_seen
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    if result.context is not None:
        checked = n_("checked {files} file as of {date}", "checked {files} files as of {date}", files).format(
            files=files, date=long_date(result.context.as_of)
        )
    else:
        checked = n_("checked {files} file", "checked {files} files", files).format(files=files)
    if not errors and not warnings:
        return _("{checked}: no problems found").format(checked=checked)
    counted = [
        n_("{count} error", "{count} errors", errors).format(count=errors) if errors else "",
        n_("{count} warning", "{count} warnings", warnings).format(count=warnings) if warnings else "",
    ]
    return _("{checked}: {problems}").format(checked=checked, problems=", ".join(c for c in counted if c))


def render_human(result: CheckResult, cwd: Path, colour: bool = False) -> str:
    root = result.portfolio.root
    # Problems first, in file order; then the notes that carry figures (time, progress).
    ordered = [f for f in result.findings if f.severity is not Severity.INFO]
    ordered += [f for f in result.findings if f.severity is Severity.INFO]
    lines = [format_finding(f, root, cwd, colour) for f in ordered]
    if result.readiness is not None:
        lines += render_forms(result)
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


FORM_STATES = {
    "application": N_("filled in when you apply (`stfolio forms`)"),
    "empty": N_("nothing recorded yet"),
    "ok": N_("ok"),
    "incomplete": N_("incomplete"),
}


def render_forms(result: CheckResult) -> list[str]:
    """The intyg and bilagor to send, form by form, with what the portfolio has for each."""
    from stfolio.rules.application import APPLICATIONS

    readiness = result.readiness
    assert readiness is not None and result.context is not None and result.context.catalogue is not None
    meta = result.context.catalogue.meta
    title = APPLICATIONS[readiness.application]
    heading = _("Intyg and bilagor for the {application} ({catalogue}, as of {date}):")
    lines = ["", heading.format(application=title, catalogue=meta.id, date=long_date(result.context.as_of))]
    for form in readiness.forms:
        mark = _(FORM_STATES[form.state])
        verified = " " + _("[form number not verified]") if not form.form.verified else ""
        lines.append(f"  {form.form.id}: {form.form.title}{verified}")
        lines.append(f"    {form.purpose} – {mark}")
        for item in form.items:
            goals = f" [{', '.join(item.delmal)}]" if item.delmal else ""
            lines.append(
                shown(f"    {'ok' if item.ok else '--'} {item.source}: {item.description}{goals}: {item.intyg}")
            )
    lines += ["", _("Application ({application}): {verdict}").format(application=title, verdict=_verdict(readiness))]
    return lines


def _verdict(readiness: Readiness) -> str:
    blocking, likely = len(readiness.blockers), len(readiness.likely)
    if readiness.state == "ready":
        return _("READY")
    if readiness.state == "ready-but-unverified-open":
        return n_(
            "no blocking problem by the verified rules, but {likely} requirement that the unverified catalogue "
            "lists is still open: check it against the målbeskrivning before you apply",
            "no blocking problem by the verified rules, but {likely} requirements that the unverified catalogue "
            "lists are still open: check them against the målbeskrivning before you apply",
            likely,
        ).format(likely=likely)
    if likely:
        return n_(
            "NOT READY: {blocking} blocking problem by the verified rules, and {likely} more requirements "
            "that the unverified catalogue lists",
            "NOT READY: {blocking} blocking problems by the verified rules, and {likely} more requirements "
            "that the unverified catalogue lists",
            blocking,
        ).format(blocking=blocking, likely=likely)
    return n_(
        "NOT READY: {blocking} blocking problem by the verified rules",
        "NOT READY: {blocking} blocking problems by the verified rules",
        blocking,
    ).format(blocking=blocking)


CHECK_FORMAT = "stfolio-check/2"
STATUS_FORMAT = "stfolio-status/1"


def figures(result: CheckResult) -> dict[str, object]:
    """Who, under which rules, and the time figures, as data: numbers as numbers, dates ISO."""
    ctx = result.context
    profile = result.portfolio.profile
    if ctx is None or profile is None or ctx.catalogue is None or ctx.service is None:
        return {}
    rules = ctx.catalogue.meta.time_rules
    service = ctx.service
    end = service.projected_completion(rules.minimum_months)
    data: dict[str, object] = {
        "as_of": ctx.as_of.isoformat(),
        "trainee": profile.trainee.name,
        "regulation": profile.regulation,
        "specialty": profile.specialty,
        "st_start": profile.st_start.isoformat(),
        "time": {
            "served_months": round(service.served, 2),
            "planned_months": round(service.planned, 2),
            "leave_months": round(service.leave, 2),
            "minimum_months": rules.minimum_months,
            "earliest_completion": end.isoformat() if end else None,
            "verified": rules.verified,
        },
    }
    bt = ctx.bt
    if bt is not None:
        parts = bt.rules.verified_parts
        data["bt"] = {
            "served_months": round(bt.total, 2),
            "akut_months": round(bt.akut, 2),
            "primarvard_months": round(bt.primarvard, 2),
            "other_months": round(bt.other, 2),
            "minimum_months": bt.rules.minimum_months,
            "akut_needed": bt.rules.akut_months,
            "primarvard_needed": bt.rules.primarvard_months,
            "met": bt.met,
            "split_verified": bool(parts.akut_months and parts.primarvard_months) if parts else bt.rules.verified,
            "approved": profile.bt.approved.isoformat() if profile.bt and profile.bt.approved else None,
        }
    return data


def render_json(result: CheckResult) -> str:
    """`check --format json`: the findings and the figures, versioned (docs/json.md)."""
    payload: dict[str, object] = {
        "format": CHECK_FORMAT,
        "root": str(result.portfolio.root),
        "ok": result.ok,
        "files": result.portfolio.files_seen,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        **figures(result),
        "findings": [f.as_dict() for f in result.findings],
    }
    if result.context is not None and result.context.catalogue is not None and result.portfolio.profile is not None:
        payload["verdicts"] = [v.as_dict() for v in result.context.verdicts]
    if result.readiness is not None:
        readiness = result.readiness
        payload["application"] = {
            "application": readiness.application,
            "state": readiness.state,
            "ready": readiness.ready,
            "blockers": [f.as_dict() for f in readiness.blockers],
            "likely": [f.as_dict() for f in readiness.likely],
            "forms": [form.as_dict() for form in readiness.forms],
        }
    return json.dumps(shown_json(payload), ensure_ascii=False, indent=2) + "\n"


def status_payload(result: CheckResult) -> dict[str, object]:
    """`status --format json`: the figures, every delmål by group, the norms not met."""
    ctx = result.context
    assert ctx is not None and ctx.catalogue is not None
    groups = []
    for group in ctx.catalogue.meta.groups:
        in_group = [v for v in ctx.verdicts if v.goal.group == group.id]
        if in_group:
            attested = sum(1 for v in in_group if v.status == "attested")
            groups.append(
                {
                    "group": group.id,
                    "title": group.title,
                    "attested": attested,
                    "delmal": [v.as_dict() for v in in_group],
                }
            )
    return {
        "format": STATUS_FORMAT,
        **figures(result),
        "groups": groups,
        "norms_not_met": [f.as_dict() for f in result.findings if f.code == "STF702"],
        "other_problems": sum(1 for f in result.problems if f.code != "STF702"),
    }


# JSON fields that hold file names or quote them: escaped in full, line breaks too, so a tool
# that prints them cannot be made to print a forged line. Other text keeps its line breaks.
_NAME_FIELDS = frozenset(
    {"root", "path", "message", "hint", "message_en", "hint_en", "records", "planned", "file", "source", "intyg"}
)


def shown_json(value: object, names: bool = False) -> object:
    """Every string of a JSON payload through :func:`escape_untrusted` (keys too).

    JSON escapes newlines in its text, but a tool reading it gets them back; what JSON does not
    escape at all is a byte that is not UTF-8 (which would stop the output), the other invisible
    characters, and identifiers.
    """
    if isinstance(value, str):
        return escape_untrusted(value, keep_newlines=not names)
    if isinstance(value, dict):
        return {shown_json(k): shown_json(v, names or k in _NAME_FIELDS) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [shown_json(v, names) for v in value]
    return value
