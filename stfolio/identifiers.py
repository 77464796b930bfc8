"""Personnummer and samordningsnummer in any text: finding them, and masking them for output.

This is the one place that knows what a Swedish identifier looks like. It is pure (no stfolio
imports), so everything can use it: the privacy rule reports what it finds, ``findings.make``
and the output layer mask every message and every file name they show, and ``attach`` keeps
identifiers out of the names it makes. ``mask_identifiers`` is the helper to call wherever a
user's value is quoted.

- **personnummer**: ``YYMMDD-NNNC`` (``+`` instead of ``-`` from the year a person turns 100)
  or ``YYYYMMDDNNNC``; the last digit is a Luhn checksum over the ten-digit form.
- **samordningsnummer**: written like a personnummer, with 60 added to the day of birth.

The scan is one pass of one regular expression, and every look around a candidate is bounded
(at most ``CONTEXT_CHARS`` back, never past the line), so its cost grows linearly with the
text however many candidates a line holds. The rules, and why they are what they are, are in
``docs/privacy.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["personnummer", "samordningsnummer"]

# Characters a person or a word processor puts between the date and the last four digits:
# hyphen-minus and every dash a word processor substitutes for it (hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, horizontal bar, minus sign, small and full-width hyphen-minus),
# the plus of someone over 100, and the spaces an editor may leave (space, no-break space,
# figure space, thin space, narrow no-break space).
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
SPACES = " \u00a0\u2007\u2009\u202f"
_SEPARATOR = rf"[{SPACES}]?[{DASHES}+][{SPACES}]?|[{SPACES}]{{1,2}}|_"

# One pass per text finds every candidate: ten or twelve digits, optionally with one separator
# before the last four. A letter or digit on either side rules it out, so nothing matches inside
# a longer number, a hex string or a word; punctuation does not ('_' and '-' join the parts of
# file names, ',' separates a pasted list). The twelve-digit form is tried first, so a ten-digit
# match is never a piece of a twelve-digit number. The pattern starts with a digit, not with the
# look-behind, so the regex engine can skip ahead to the next digit (four times faster). Every
# quantifier is bounded, so a candidate costs at most a few dozen steps wherever it starts.
_CANDIDATE = re.compile(
    rf"""
    (?P<date>
      [0-9](?<![^\W_][0-9])  # the first digit, with no letter or digit before it
      [0-9]{{5}}(?:[0-9]{{2}})?  # (YY)YYMMDD
    )
    (?P<sep>{_SEPARATOR})?
    (?P<tail>[0-9]{{4}})     # NNNC: serial number and check digit
    (?![^\W_])               # no letter or digit after it
    """,
    re.VERBOSE,
)

# Words that say what a number shortly after them is. The last one before a candidate decides:
# a phone word makes a bare ten-digit number starting with 0 a phone number ("tel" covers
# telefon, telnr, tel.nr; "mob" covers mobil, mobilnr); a time word (a whole word: "tid" but not
# "tidigare") makes a date followed by a time of day a time stamp; "ISBN" makes a ten-digit ISBN
# an ISBN. A word for an identifier wins
# when it comes later, as in "tel.samtal, pnr 0703154567".
_CONTEXT = re.compile(
    r"(?<![^\W_])(?:"
    r"(?P<phone>tel|tfn|mob|ring|sms|phone|cell|fax|växel|nås)"
    r"|(?P<time>(?:kl|klockan|tid|tiden|tidpunkt|time|timestamp|stämpel|stamp)(?![^\W_]))"
    r"|(?P<isbn>isbn)"
    r"|(?P<ident>p-?nr|pers|samordn|född))",
    re.IGNORECASE,
)
CONTEXT_CHARS = 30
# Seconds right after the four digits ('1430:12', '1430.12') make them a time of day.
_SECONDS = re.compile(r"[:.][0-5][0-9](?![0-9])")


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
    """Every personnummer and samordningsnummer in ``text``, in order; pure and linear.

    A candidate counts only with a valid Luhn checksum and a real date of birth (the day plus
    60 for a samordningsnummer). It is skipped when what surrounds it says it is something
    else (``docs/privacy.md``): a bare ten-digit number starting with 0 right after a phone
    word, a date followed by a time of day that is marked as a time stamp, an ISBN-10.
    """
    found = []
    for m in _CANDIDATE.finditer(text):
        date, sep, tail = m.group("date", "sep", "tail")
        century, date = (date[:2], date[2:]) if len(date) == 8 else (None, date)
        digits = date + tail
        if not _luhn_ok(digits):
            continue
        kind = _kind_of_date(century, date, sep is not None and "+" in sep)
        if kind is None or _something_else(text, m, century, sep, digits):
            continue
        found.append(Match(m.start(), m.end(), kind, m.group()))
    return found


def mask_identifiers(text: str) -> str:
    """``text`` with the last four digits of every identifier in it replaced by ``****``.

    The helper for every message that quotes a user's value (a date, a key, a delmål id, a
    path) and for every file name shown: the value stays recognisable, the identifier does not.
    """
    if not any(ch.isdigit() for ch in text):
        return text  # the common case, without running the scan
    matches = find_identifiers(text)
    if not matches:
        return text
    parts = []
    last = 0
    for match in matches:
        parts.append(text[last : match.start])
        parts.append(match.masked)
        last = match.end
    parts.append(text[last:])
    return "".join(parts)


def _something_else(text: str, m: re.Match[str], century: str | None, sep: str | None, digits: str) -> bool:
    """Whether the words before the candidate, or what follows it, say it is no identifier."""
    bare = century is None and (sep is None or sep.strip(SPACES) == "")
    tail = digits[6:]
    time_of_day = int(tail[:2]) < 24 and int(tail[2:]) < 60
    if time_of_day and _SECONDS.match(text, m.end()):
        return True
    if time_of_day and century == "20" and sep is not None and sep.strip(SPACES) in ("", "_"):
        return True  # '20250304 1430', '20250304_1430': a stamp; a personnummer is written with '-'
    word = _last_context_word(text, m.start())
    if word == "phone":
        return bare and digits[0] == "0"
    if word == "time":
        return time_of_day
    if word == "isbn":
        return century is None and sep is None and _isbn10_ok(digits)
    return False


def _last_context_word(text: str, start: int) -> str | None:
    """The kind of the last context word within CONTEXT_CHARS before ``start`` on its line."""
    lo = max(0, start - CONTEXT_CHARS)
    newline = text.rfind("\n", lo, start)  # bounded: at most CONTEXT_CHARS characters
    if newline >= 0:
        lo = newline + 1
    last = None
    for word in _CONTEXT.finditer(text, lo, start):
        last = word.lastgroup
    return last


def _luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over the ten-digit form YYMMDDNNNC."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 - i % 2)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _isbn10_ok(digits: str) -> bool:
    """The ISBN-10 check: the digits weighted 10 down to 1 sum to a multiple of 11."""
    return sum((10 - i) * int(ch) for i, ch in enumerate(digits)) % 11 == 0


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
