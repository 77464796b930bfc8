"""Small text helpers shared by the loader and the command line."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from stfolio.i18n import T, Text, listing
from stfolio.identifiers import mask_identifiers

# What must never reach a terminal, a JSON consumer or a report as it is: control characters
# (a newline or carriage return forges output lines, an escape sequence recolours or clears the
# terminal), the line and paragraph separators, the bidirectional overrides that make text read
# differently from what it holds, and lone surrogates: the bytes of a file name that are not
# UTF-8, as Python hands them over, which no UTF-8 output can even encode.
_UNSAFE_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\t\n{_UNSAFE_CHARS}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[{_UNSAFE_CHARS}]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape_untrusted(text: str, keep_newlines: bool = False) -> str:
    """Untrusted text (a file name, a quoted value) as it may be shown: escaped and masked.

    Control characters become ``\\n``, ``\\x1b``, ``\\u202e``...; a byte of a file name that
    is not UTF-8 becomes ``\\xff``; every personnummer and samordningsnummer is masked. The one
    function for the terminal, JSON and the reports alike. ``keep_newlines`` leaves line breaks
    and tabs, for text whose lines are meant (a note shown in a report).
    """
    text = mask_identifiers(text)
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_escaped, text) if pattern.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def fold(text: str) -> str:
    """Lower case, no diacritics, '-' and '_' as spaces, single spaces: for loose matching."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def close_matches(word: str, choices: Iterable[str]) -> list[str]:
    """The choices a mistyped ``word`` most likely meant: the best, and any nearly as good.

    Compared after folding, so 'minicex' finds 'mini-CEX' and 'tjanstgoring' finds
    'tjänstgöring'.
    """
    target = fold(word).replace(" ", "")
    scored = sorted(
        ((difflib.SequenceMatcher(None, target, fold(c).replace(" ", "")).ratio(), c) for c in choices),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < 0.6:
        return []
    best = scored[0][0]
    return [c for ratio, c in scored if ratio >= best - 0.1 and ratio >= 0.6][:3]


def suggestion(word: str, choices: Iterable[str]) -> Text | str:
    """ "did you mean 'x' or 'y'?" for a finding's hint, in each language; empty when nothing is close."""
    close = close_matches(word, choices)
    return T("did you mean {choices}?", choices=listing([f"'{c}'" for c in close], T(" or "))) if close else ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """:func:`suggestion` in the user's language, as words."""
    return str(suggestion(word, choices))


def kronor(amount: float) -> str:
    """110000 -> '110 000 kr', with a no-break space between thousands as in Swedish."""
    return f"{amount:,.0f} kr".replace(",", "\u00a0")


def months(value: float) -> str:
    """A number of months as the findings print it: one decimal."""
    return f"{value:.1f}"


# Words a shortened file name should not end on ('...-uppfoljning-av').
_TRAILING = frozenset(
    {"av", "och", "i", "pa", "for", "till", "med", "om", "en", "ett", "vid", "the", "of", "and", "in"}
)


def slug(text: str, limit: int = 48) -> str:
    """ASCII file-name part: 'Psykiatrisk diagnostik, del 1' -> 'psykiatrisk-diagnostik-del-1'.

    A word repeated right after itself is written once ('kursavgift Kursavgift ...'), and a name
    shortened to ``limit`` never ends on a small word such as 'av' or 'och'.
    """
    words = re.sub(r"[^a-z0-9]+", " ", fold(text)).split()
    kept: list[str] = []
    for word in words:
        if kept and kept[-1] == word and not word.isdigit():
            continue
        if len("-".join([*kept, word])) > limit:
            while kept and kept[-1] in _TRAILING:
                kept.pop()
            break
        kept.append(word)
    return "-".join(kept) or "post"


def as_id(text: str) -> str:
    """An id as stfolio writes them: 'Barn- och ungdomspsykiatri' -> 'barn-och-ungdomspsykiatri'."""
    return "-".join(fold(text).replace("&", " ").replace(",", " ").split())
