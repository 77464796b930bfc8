"""Privacy: no personnummer or samordningsnummer may be written anywhere in the portfolio.

A portfolio goes into git and to supervisors and studierektor, so a patient's identifier
written in a note would be copied to every clone and kept in history. ``check_privacy`` scans
the text of every file read (profile and records, also files that fail to parse) and reports
each identifier at its line and column, quoting it masked so the output never repeats it.

- **personnummer**: the Swedish civic registration number, ``YYMMDD-NNNC`` (``+`` instead of
  ``-`` from the year a person turns 100) or ``YYYYMMDDNNNC``; the last digit is a Luhn
  checksum over the ten-digit form.
- **samordningsnummer**: the coordination number for people not (yet) registered in Sweden;
  written like a personnummer, with 60 added to the day of birth.

The exact rules, and why they are what they are, are in ``docs/privacy.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from stfolio.context import Context
from stfolio.findings import Finding, Location, make

Kind = Literal["personnummer", "samordningsnummer"]

# One pass per text finds every candidate: ten or twelve digits, optionally with one separator
# before the last four. A letter or digit on either side rules it out, so nothing matches inside
# a longer number, a hex string or a word; punctuation does not ('_' and '-' join the parts of
# file names, ',' separates a pasted list). The twelve-digit form is tried first, so a ten-digit
# match is never a piece of a twelve-digit number. The pattern starts with a digit, not with the
# look-behind, so the regex engine can skip ahead to the next digit (four times faster).
_CANDIDATE = re.compile(
    r"""
    (?P<date>
      [0-9](?<![^\W_][0-9])  # the first digit, with no letter or digit before it
      [0-9]{5}(?:[0-9]{2})?  # (YY)YYMMDD
    )
    (?P<sep>[-+–\ ])?        # hyphen, plus (100 years or older), en dash, or one space
    (?P<tail>[0-9]{4})       # NNNC: serial number and check digit
    (?![^\W_])               # no letter or digit after it
    """,
    re.VERBOSE,
)

# Words that, just before a bare ten-digit number starting with 0, make it a phone number
# (prefixes: "tel" covers telefon, telnr, tel.nr; "mob" covers mobil, mobilnr). Words for an
# identifier win when they come later, as in "tel.samtal, pnr 0703154567".
_CONTEXT = re.compile(
    r"(?<![^\W_])(?:(?P<phone>tel|tfn|mob|ring|sms|phone|cell|fax|växel|nås)|(?P<ident>p-?nr|pers|samordn|född))",
    re.IGNORECASE,
)
CONTEXT_CHARS = 30

# `# stfolio: not-personnummer` (or not-samordningsnummer) on a line silences that line only.
_SILENCE = re.compile(r"(?<!\S)#\s*stfolio:\s*not-(?:personnummer|samordningsnummer)\b", re.IGNORECASE)

# A removed line is still in every earlier commit, so the hint says so every time.
_HINT = (
    "remove it and describe the patient without identifiers; git keeps old versions, so if the file "
    "was ever committed, purge it from the history too (see docs/privacy.md); if this is not a {kind}, "
    "end the line with '# stfolio: not-{kind}'"
)


@dataclass(frozen=True, slots=True)
class Match:
    """An identifier found in a text: ``text[start:end]`` is the number as written."""

    start: int
    end: int
    kind: Kind
    text: str

    @property
    def masked(self) -> str:
        """The number with its last four digits hidden, e.g. ``19850304-****``."""
        return self.text[:-4] + "****"


def find_identifiers(text: str) -> list[Match]:
    """Every personnummer and samordningsnummer in ``text``, in order; pure and fast.

    A candidate counts only with a valid Luhn checksum and a real date of birth (the day plus
    60 for a samordningsnummer). A bare ten-digit number starting with 0 right after a phone
    word ("tel", "mobil", "ring", ...) is a phone number and is skipped.
    """
    found = []
    for m in _CANDIDATE.finditer(text):
        date, sep, tail = m.group("date", "sep", "tail")
        century, date = (date[:2], date[2:]) if len(date) == 8 else (None, date)
        digits = date + tail
        if not _luhn_ok(digits):
            continue
        kind = _kind_of_date(century, date, sep == "+")
        if kind is None:
            continue
        if century is None and sep in (None, " ") and date[0] == "0" and _phone_context(text, m.start()):
            continue
        found.append(Match(m.start(), m.end(), kind, m.group()))
    return found


def check_privacy(ctx: Context) -> list[Finding]:
    """STF501/STF502 for each identifier in any file of the portfolio, at its line and column."""
    findings = []
    for path, text in sorted(ctx.portfolio.texts.items()):
        for match in find_identifiers(text):
            line_start = text.rfind("\n", 0, match.start) + 1
            line_end = text.find("\n", match.end)
            if _SILENCE.search(text, line_start, len(text) if line_end < 0 else line_end):
                continue
            line = text.count("\n", 0, match.start) + 1
            column = match.start - line_start + 1
            code = "STF501" if match.kind == "personnummer" else "STF502"
            findings.append(
                make(
                    code,
                    Location(path, line, column),
                    f"{match.kind} '{match.masked}' must not be in the portfolio: it goes into git and to your supervisors",
                    _HINT.format(kind=match.kind),
                )
            )
    return findings


def _luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over the ten-digit form YYMMDDNNNC."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 - i % 2)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _kind_of_date(century: str | None, date: str, plus: bool) -> Kind | None:
    """The kind of number whose date part is ``date``, or None if it is no date of birth."""
    month, day = int(date[2:4]), int(date[4:6])
    kind: Kind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    if century is not None:
        centuries = [century] if century in ("18", "19", "20") else []
    else:
        # Ten digits leave the century open: '-' means under 100 years old, '+' over.
        centuries = ["18", "19"] if plus else ["19", "20"]
    for c in centuries:
        try:
            dt.date(int(c + date[:2]), month, day)
        except ValueError:
            continue
        return kind
    return None


def _phone_context(text: str, start: int) -> bool:
    """Whether the last phone-or-identifier word shortly before ``start`` is a phone word."""
    line_start = text.rfind("\n", 0, start) + 1
    last = None
    for word in _CONTEXT.finditer(text, max(line_start, start - CONTEXT_CHARS), start):
        last = word
    return last is not None and last.group("phone") is not None
