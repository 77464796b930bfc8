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
from stfolio.i18n import MONTHS
from stfolio.rules import CheckResult, check_portfolio

# A date, or a number with thousands separated by no-break spaces (kronor) and a decimal point.
_FIGURE = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:\u00a0\d{3})*(?:\.\d+)?")


_MONTHS = list(MONTHS["en"])
_LONG_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b")
_GROUPED = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


def figures(text: str) -> list[str]:
    """The dates and numbers in ``text``, in order: '6 of 9 in 2024-01-01–2024-12-31' -> ['6', '9', ...].

    A date written out ('31 March 2024') reads as its ISO form, and an English amount ('SEK 1,000')
    as the kronor figure with no-break spaces ('1 000'), so the figures do not depend on how a
    sentence writes them.
    """
    text = _LONG_DATE.sub(lambda m: f"{m[3]}-{_MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}", text)
    text = _GROUPED.sub(lambda m: m[0].replace(",", "\u00a0"), text)
    return _FIGURE.findall(text)


def check(root: Path, as_of: str, application: str | bool | None = None) -> CheckResult:
    return check_portfolio(root, as_of=dt.date.fromisoformat(as_of), application=application)


def of_code(result: CheckResult, *codes: str) -> list[Finding]:
    return [f for f in result.findings if f.code in codes]


def problem_codes(result: CheckResult) -> list[str]:
    """The codes of the errors and warnings, in output order."""
    return [f.code for f in result.problems]
