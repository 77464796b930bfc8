"""Helpers for the tests that pin the rules by code, place, severity and figure, never by wording.

Messages are being translated, so these tests read the figures in a finding (dates, amounts,
months) and leave the words around them alone. Run them with the ``english`` fixture, so that
numbers are written the English way whatever the default language is.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from stfolio.findings import Finding
from stfolio.rules import CheckResult, check_portfolio

# A date, or a number with thousands separated by no-break spaces (kronor) and a decimal point.
_FIGURE = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:\u00a0\d{3})*(?:\.\d+)?")


def figures(text: str) -> list[str]:
    """The dates and numbers in ``text``, in order: '6 of 9 in 2024-01-01–2024-12-31' -> ['6', '9', ...]."""
    return _FIGURE.findall(text)


def check(root: Path, as_of: str, application: str | bool | None = None) -> CheckResult:
    return check_portfolio(root, as_of=dt.date.fromisoformat(as_of), application=application)


def of_code(result: CheckResult, *codes: str) -> list[Finding]:
    return [f for f in result.findings if f.code in codes]


def problem_codes(result: CheckResult) -> list[str]:
    """The codes of the errors and warnings, in output order."""
    return [f.code for f in result.problems]
