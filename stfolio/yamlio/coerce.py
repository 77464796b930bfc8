"""YAML 1.1's surprises, settled per field kind: no value silently means something else.

YAML 1.1 (what PyYAML reads) turns plain scalars into values a person rarely means: ``075`` is
the octal number 61, ``yes``/``no``/``on``/``off`` are true and false, ``1:30`` is 90 (base
60), ``0x10`` is 16, ``1_000`` is 1000; a reader following YAML 1.2 (most editors) reads some
of them differently again. ``settle`` looks at the text as written of every plain scalar and
decides by the kind of field it lands in:

=================  ==========================================================================
field kind         decision
=================  ==========================================================================
whole number       decimal digits only (``60``, ``+5``); a leading zero, yes/no, base 60,
                   hex, binary, ``_``, an exponent, ``.inf``/``.nan`` are findings
decimal number     as a whole number, and a decimal point or comma (``1.5``, ``1,5``: the
                   comma is read as a point); ``1.500`` or ``1,500`` (thousands or decimals?)
                   is a finding
yes/no             ``true``/``false``/``yes``/``no``/``on``/``off`` mean what they say; a
                   number in another notation is a finding
text, choice, date a plain word YAML reads as true/false, or a number in another notation
                   (``075``, ``0x10``, ``1.5e+3``), is a finding: quote it to mean the text;
                   ``1:30`` stays the text ``1:30``; decimal numbers and dates are left to the
                   model (``instrument: 360`` is an instrument; a date is not a name)
=================  ==========================================================================

This module knows YAML text, not records: the caller says which kind each path is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from stfolio.yamlio.parse import KeyPath, ParsedYaml

FieldKind = Literal["int", "float", "bool", "text", "date", "other"]  # text: free text or a choice
Notation = Literal["leading-zero", "yes-no", "base-60", "hex", "binary", "underscore", "exponent", "special", "grouped"]

_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)")
_DECIMAL_WRITTEN = re.compile(r"[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")  # '1.' and '.5' too
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+(?:\.[0-9]*)?")
_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")
_OCTAL_O = re.compile(r"[-+]?0o[0-7_]+")
_EXPONENT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*[eE][-+]?[0-9]+")
_SPECIAL = re.compile(r"[-+]?\.?(?:inf|nan|infinity)", re.IGNORECASE)
_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}[.,][0-9]{3}")  # 1.500 kr or 1.5? 1,500 or 1,5?
_NOTATIONS: tuple[tuple[re.Pattern[str], Notation], ...] = (
    (_HEX, "hex"),
    (_BINARY, "binary"),
    (_OCTAL_O, "binary"),  # '0o17': another base all the same
    (_BASE_60, "base-60"),
    (_LEADING_ZERO, "leading-zero"),
    (_EXPONENT, "exponent"),
    (_SPECIAL, "special"),
)
_YES_NO = frozenset(
    w for word in ("yes", "no", "true", "false", "on", "off") for w in (word, word.title(), word.upper())
)


@dataclass(frozen=True)
class Surprise:
    """A plain scalar whose YAML reading is not what its field can mean."""

    path: KeyPath
    text: str  # as written
    value: Any  # what YAML 1.1 made of it
    notation: Notation
    kind: FieldKind


def notation_of(text: str, value: Any) -> Notation | None:
    """What is surprising about a plain scalar written ``text`` that YAML read as ``value``."""
    if isinstance(value, bool) and text in _YES_NO:
        return "yes-no"
    for pattern, name in _NOTATIONS:
        if pattern.fullmatch(text):
            return name
    if "_" in text and re.fullmatch(r"[-+]?[0-9_.]+", text):
        return "underscore"
    return None


def settle(parsed: ParsedYaml, kind_of: Callable[[KeyPath], FieldKind]) -> list[Surprise]:
    """Judge every plain scalar of ``parsed`` by the kind of its field; returns the surprises.

    A decimal comma in a decimal-number field is read as a point (the data is updated). Each
    surprise's path is marked reported, so the model's own complaint about it is not repeated.
    """
    surprises = []
    for path, text in parsed.plain.items():
        kind = kind_of(path)
        if kind == "other":
            continue
        try:
            value = _get(parsed.data, path)
        except (KeyError, IndexError, TypeError):
            continue  # not in the data after all (a key the parser refused)
        if kind in ("text", "date") and isinstance(value, str):
            continue  # YAML kept the text as written ('08', '1:30'): that is what a text field means
        notation = notation_of(text, value)
        if kind in ("int", "float") and notation is None and not _DECIMAL_WRITTEN.fullmatch(text):
            notation = _loosely(text)  # what a number parser might still accept: '1E_0', '+inf'
        if kind in ("int", "float") and notation is None:
            if kind == "float" and _GROUPED.fullmatch(text):
                notation = "grouped"
            elif kind == "float" and "," in text and _DECIMAL.fullmatch(text):
                _set(parsed.data, path, float(text.replace(",", ".")))
        elif kind == "bool" and notation == "yes-no":
            notation = None  # yes means yes in a yes/no field
        if notation is not None:
            parsed.reported.add(path)
            surprises.append(Surprise(path, text, value, notation, kind))
    return surprises


def _loosely(text: str) -> Notation | None:
    lower = text.lower()
    if "inf" in lower or "nan" in lower:
        return "special"
    if "e" in lower and any(c.isdigit() for c in text):
        return "exponent"
    if "_" in text:
        return "underscore"
    return None  # '1 200', '12a': the model says it is no number, with its hint


def base_60(text: str) -> float:
    """'1:30' as YAML 1.1 reads it: 90."""
    sign = -1 if text.startswith("-") else 1
    total = 0.0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + float(part)
    return sign * total


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: KeyPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
