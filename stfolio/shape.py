"""Shape: turn pydantic's validation errors into findings at the offending YAML.

pydantic says *what* is wrong in its own words and locations (``('intyg', 0, 'date')``); a
trainee needs the line and column in their file and a sentence in plain words with a hint.
Everything here maps one to the other; no pydantic wording reaches a user.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from stfolio.findings import Finding, Location, make
from stfolio.model import field_names
from stfolio.text import did_you_mean
from stfolio.yamlio import ParsedYaml
from stfolio.yamlio.coerce import Surprise, base_60

_EXPECTED = re.compile(r"'([^']*)'")
_DATE_ERRORS = {
    "date_from_number",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_type",
    "date_future",
    "date_past",
    "implausible_date",
}
_RANGE_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def translate(exc: ValidationError, parsed: ParsedYaml, rel: str, model: type[BaseModel]) -> list[Finding]:
    """Turn pydantic's errors into findings at the line and column of the offending YAML."""
    findings = []
    for error in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(error["loc"])
        if loc in parsed.reported:
            continue  # the parser already reported this value
        kind = error["type"]
        name = field_path(loc)
        value = error.get("input")
        ctx = error.get("ctx") or {}
        mark = parsed.mark(loc)
        at_value = Location(rel, mark.line, mark.column)
        if kind == "extra_forbidden":
            allowed = field_names(model, loc[:-1])
            findings.append(
                make(
                    "STF201",
                    Location(rel, mark.key_line, mark.key_column),
                    f"unknown field '{loc[-1]}'",
                    _suggest(str(loc[-1]), allowed) or "allowed fields here: " + ", ".join(allowed),
                )
            )
        elif kind == "missing":
            parent = parsed.mark(loc[:-1])
            findings.append(
                make(
                    "STF202",
                    Location(rel, parent.line, parent.column),
                    f"required field '{name}' is missing",
                    f"add a line '{loc[-1]}: ...'",
                )
            )
        elif kind == "implausible_date":
            findings.append(make("STF204", at_value, f"{name}: {error['msg']}", "check the year"))
        elif kind in _DATE_ERRORS:
            findings.append(
                make(
                    "STF204",
                    at_value,
                    f"{name}: {_show(value)} is not a date",
                    "write the date as YYYY-MM-DD, e.g. 2025-03-04",
                )
            )
        elif kind == "end_before_start":
            findings.append(make("STF205", at_value, f"{error['msg']}", "swap the dates, or correct the typo"))
        elif kind in _RANGE_ERRORS:
            findings.append(
                make("STF206", at_value, f"{name}: {_show(value)} is {_range(kind, ctx)}", _range_hint(loc))
            )
        elif kind == "literal_error":
            allowed = _EXPECTED.findall(str(ctx.get("expected", "")))
            findings.append(
                make(
                    "STF207",
                    at_value,
                    f"{name}: {_show(value)} is not one of the allowed values",
                    _suggest(str(value), allowed) or "use one of: " + ", ".join(allowed),
                )
            )
        elif kind in {"string_pattern_mismatch", "string_too_short"}:
            findings.append(make("STF208", at_value, f"{name}: {_show(value)} is not valid here", _pattern_hint(loc)))
        else:
            findings.append(
                make("STF203", at_value, f"{name}: {_type_message(kind, error)}", _type_hint(kind, value, loc))
            )
    return findings


def field_path(loc: tuple[str | int, ...]) -> str:
    """('intyg', 0, 'date') -> 'intyg[1].date': list items counted from 1, as people count."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


_TYPE_WORDS = {
    "int_parsing": "is not a whole number",
    "int_type": "is not a whole number",
    "int_from_float": "is not a whole number",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "bool_parsing": "is not true or false",
    "bool_type": "is not true or false",
    "string_type": "is not text",
    "list_type": "is not a list",
    "model_type": "is not a set of fields",
    "dict_type": "is not a set of fields",
    "model_attributes_type": "is not a set of fields",
}


def _type_message(kind: str, error: Any) -> str:
    value = error.get("input")
    words = _TYPE_WORDS.get(kind)
    if words is None:
        msg = str(error["msg"])
        return f"{_show(value)}: {msg[0].lower() + msg[1:]}"
    return f"{_show(value)} {words}"


def _show(value: Any) -> str:
    """A value as the user wrote it in YAML, as far as we can tell."""
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _range(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "less_than_equal":
        return f"more than {ctx['le']}"
    if kind == "less_than":
        return f"not less than {ctx['lt']}"
    if kind == "greater_than_equal":
        return f"less than {ctx['ge']}"
    return f"not more than {ctx['gt']}"


def _type_hint(kind: str, value: Any, loc: tuple[str | int, ...]) -> str:
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if isinstance(value, bool) and kind not in {"bool_parsing", "bool_type"}:
        return "YAML reads yes/no/on/off as true/false; put the value in quotes if you mean the word"
    if kind in {"bool_parsing", "bool_type"}:
        return "write true or false (ja and nej are not understood)"
    if value is None:
        return "give a value, or remove the line"
    if kind == "list_type":
        if field == "intyg":
            return "start each intyg with '- ' on its own line, e.g. 'intyg:' then '  - issued_by: ...'"
        if field == "delmal":
            return "write the delmål as a list, e.g. delmal: [STc1, STa2]"
        return "write a list in brackets, e.g. [Anna Berg, Per Holm], or one '- item' line per item"
    if kind == "string_type" and isinstance(value, dict):
        return "a ': ' inside the text makes YAML read a mapping; put the whole text in quotes"
    if kind == "string_type" and isinstance(value, dt.date | int | float):
        return "put the value in quotes if it is meant as text"
    if isinstance(value, str) and re.fullmatch(r"[\d\s.,]+", value):
        return "write numbers without spaces or thousands separators, e.g. 1200 or 1200.50"
    if isinstance(value, str) and re.fullmatch(r"\d+:\d+", value):
        return "write hours as a decimal number, e.g. 1.5"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "write a whole number, e.g. 60"
    if kind in {"float_parsing", "float_type"}:
        return "write a number, e.g. 1.5"
    if kind == "finite_number":
        return "write an ordinary number, e.g. 1200"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "write the fields indented on the lines below, e.g. 'name: Anna Berg'"
    return ""


def _range_hint(loc: tuple[str | int, ...]) -> str:
    if loc and loc[-1] == "extent":
        return "sysselsättningsgrad is a percent of full time from 1 to 100"
    return ""


def _pattern_hint(loc: tuple[str | int, ...]) -> str:
    last = loc[-1] if loc else ""
    if last == "sha256":
        return "a sha256 is 64 lowercase hex characters; `stfolio attach` fills it in"
    if last == "specialty":
        return "use the specialty id in lowercase without å/ä/ö, e.g. 'psykiatri', 'allmanmedicin'"
    return "give a non-empty value"


def _suggest(word: str, choices: Any) -> str:
    return did_you_mean(word, choices)


# YAML 1.1's surprises (stfolio.yamlio.coerce): what the value would have been, and what to write.
_KIND_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false", "text": "text", "date": "a date"}


def surprise_finding(surprise: Surprise, parsed: ParsedYaml, rel: str) -> Finding:
    """A located finding for a value YAML 1.1 would read as something its field cannot mean."""
    mark = parsed.mark(surprise.path)
    where = Location(rel, mark.line, mark.column)
    name = field_path(surprise.path)
    text, kind, value = surprise.text, surprise.kind, surprise.value
    numeric = kind in ("int", "float")
    quote = (
        "write the date as YYYY-MM-DD, e.g. 2025-03-04"
        if kind == "date"
        else f"put it in quotes if it is meant as text: '{text}'"
    )
    if surprise.notation == "leading-zero":
        reading = f"the octal number {value}" if isinstance(value, int) else f"the text '{text}'"
        plain = text.replace("_", "").lstrip("+-").lstrip("0") or "0"
        return make(
            "STF209",
            where,
            f"{name}: {text} has a leading zero, so YAML reads it as {reading} (other tools as {plain})",
            f"write {plain} without the leading zero" if numeric else quote,
        )
    if surprise.notation == "yes-no":
        return make(
            "STF210",
            where,
            f"{name}: YAML reads {text} as a yes/no value ({'true' if value else 'false'}), not as {_KIND_WORDS[kind]}",
            "write the number itself, e.g. 100"
            if numeric
            else quote
            if kind == "date"
            else f"put it in quotes if it is meant as the word: '{text}'",
        )
    if surprise.notation == "base-60":
        return make(
            "STF211",
            where,
            f"{name}: YAML 1.1 reads {text} as {base_60(text):g} (base 60, like a clock)",
            "write a whole number, e.g. 90" if kind == "int" else "write hours as a decimal number, e.g. 1.5",
        )
    if surprise.notation == "grouped":
        return make(
            "STF212",
            where,
            f"{name}: {text} could be thousands or decimals",
            f"write {text.replace(',', '').replace('.', '')} for thousands, or fewer decimals",
        )
    if surprise.notation == "special":
        message = f"{name}: YAML reads {text} as {'not-a-number' if value != value else 'infinity'}"
    else:
        described = {
            "hex": "a hexadecimal number",
            "binary": "a number in another base",
            "underscore": "a number with '_' in it",
            "exponent": "a number with an exponent",
        }[surprise.notation]
        if isinstance(value, int | float) and not isinstance(value, bool):
            message = f"{name}: YAML reads {text} as {value:g}, {described}"
        else:
            message = f"{name}: {text} is {described}"
    return make("STF212", where, message, "write a plain decimal number, e.g. 1200 or 1.5" if numeric else quote)
