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
from stfolio.i18n import N_, T, Text, listing, number
from stfolio.model import field_names
from stfolio.text import suggestion
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
                    T("unknown field '{field}'", field=loc[-1]),
                    _suggest(str(loc[-1]), allowed)
                    or T("allowed fields here: {fields}", fields=listing(list(allowed))),
                )
            )
        elif kind == "missing":
            parent = parsed.mark(loc[:-1])
            findings.append(
                make(
                    "STF202",
                    Location(rel, parent.line, parent.column),
                    T("required field '{field}' is missing", field=name),
                    T("add a line '{field}: ...'", field=loc[-1]),
                )
            )
        elif kind == "implausible_date":
            findings.append(
                make(
                    "STF204",
                    at_value,
                    T(
                        "{field}: {value} is outside the years {earliest}–{latest}",
                        field=name,
                        value=ctx.get("value", _show(value)),
                        earliest=ctx.get("earliest", ""),
                        latest=ctx.get("latest", ""),
                    ),
                    T("check the year"),
                )
            )
        elif kind in _DATE_ERRORS:
            findings.append(
                make(
                    "STF204",
                    at_value,
                    T("{field}: {value} is not a date", field=name, value=_show(value)),
                    T("write the date as YYYY-MM-DD, e.g. 2025-03-04"),
                )
            )
        elif kind == "end_before_start":
            findings.append(
                make(
                    "STF205",
                    at_value,
                    T("end {end} is before start {start}", end=ctx.get("end", ""), start=ctx.get("start", "")),
                    T("swap the dates, or correct the typo"),
                )
            )
        elif kind in _RANGE_ERRORS:
            findings.append(
                make(
                    "STF206",
                    at_value,
                    T("{field}: {value} is {range}", field=name, value=_show(value), range=_range(kind, ctx)),
                    _range_hint(loc),
                )
            )
        elif kind == "literal_error":
            allowed = _EXPECTED.findall(str(ctx.get("expected", "")))
            findings.append(
                make(
                    "STF207",
                    at_value,
                    T("{field}: {value} is not one of the allowed values", field=name, value=_show(value)),
                    _suggest(str(value), allowed) or T("use one of: {values}", values=listing(allowed)),
                )
            )
        elif kind in {"string_pattern_mismatch", "string_too_short"}:
            findings.append(
                make(
                    "STF208",
                    at_value,
                    T("{field}: {value} is not valid here", field=name, value=_show(value)),
                    _pattern_hint(loc),
                )
            )
        else:
            findings.append(
                make(
                    "STF203",
                    at_value,
                    T("{field}: {problem}", field=name, problem=_type_message(kind, error)),
                    _type_hint(kind, value, loc),
                )
            )
    return findings


def field_path(loc: tuple[str | int, ...]) -> str:
    """('intyg', 0, 'date') -> 'intyg[1].date': list items counted from 1, as people count."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


_TYPE_WORDS = {
    "int_parsing": N_("{value} is not a whole number"),
    "int_type": N_("{value} is not a whole number"),
    "int_from_float": N_("{value} is not a whole number"),
    "float_parsing": N_("{value} is not a number"),
    "float_type": N_("{value} is not a number"),
    "bool_parsing": N_("{value} is not true or false"),
    "bool_type": N_("{value} is not true or false"),
    "string_type": N_("{value} is not text"),
    "list_type": N_("{value} is not a list"),
    "model_type": N_("{value} is not a set of fields"),
    "dict_type": N_("{value} is not a set of fields"),
    "model_attributes_type": N_("{value} is not a set of fields"),
}


def _type_message(kind: str, error: Any) -> Text:
    value = error.get("input")
    words = _TYPE_WORDS.get(kind)
    if words is None:
        if kind == "finite_number":
            return T("{value}: input should be a finite number", value=_show(value))
        msg = str(error["msg"])  # a kind without words of ours: pydantic's, in English
        return T("{value}: {problem}", value=_show(value), problem=msg[0].lower() + msg[1:])
    return T(words, value=_show(value))


def _show(value: Any) -> str | Text:
    """A value as the user wrote it in YAML, as far as we can tell."""
    if isinstance(value, dict):
        return T("a set of fields")
    if isinstance(value, list):
        return T("a list")
    if value is None:
        return T("an empty value")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _range(kind: str, ctx: dict[str, Any]) -> Text:
    if kind == "less_than_equal":
        return T("more than {limit}", limit=ctx["le"])
    if kind == "less_than":
        return T("not less than {limit}", limit=ctx["lt"])
    if kind == "greater_than_equal":
        return T("less than {limit}", limit=ctx["ge"])
    return T("not more than {limit}", limit=ctx["gt"])


def _type_hint(kind: str, value: Any, loc: tuple[str | int, ...]) -> Text | str:
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if isinstance(value, bool) and kind not in {"bool_parsing", "bool_type"}:
        return T("YAML reads yes/no/on/off as true/false; put the value in quotes if you mean the word")
    if kind in {"bool_parsing", "bool_type"}:
        return T("write true or false (ja and nej are not understood)")
    if value is None:
        return T("give a value, or remove the line")
    if kind == "list_type":
        if field == "intyg":
            return T("start each intyg with '- ' on its own line, e.g. 'intyg:' then '  - issued_by: ...'")
        if field == "delmal":
            return T("write the delmål as a list, e.g. delmal: [STc1, STa2]")
        return T("write a list in brackets, e.g. [Anna Berg, Per Holm], or one '- item' line per item")
    if kind == "string_type" and isinstance(value, dict):
        return T("a ': ' inside the text makes YAML read a mapping; put the whole text in quotes")
    if kind == "string_type" and isinstance(value, dt.date | int | float):
        return T("put the value in quotes if it is meant as text")
    if isinstance(value, str) and re.fullmatch(r"[\d\s.,]+", value):
        return T("write numbers without spaces or thousands separators, e.g. 1200 or 1200.50")
    if isinstance(value, str) and re.fullmatch(r"\d+:\d+", value):
        return T("write hours as a decimal number, e.g. 1.5")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return T("write a whole number, e.g. 60")
    if kind in {"float_parsing", "float_type"}:
        return T("write a number, e.g. 1.5")
    if kind == "finite_number":
        return T("write an ordinary number, e.g. 1200")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return T("write the fields indented on the lines below, e.g. 'name: Anna Berg'")
    return ""


def _range_hint(loc: tuple[str | int, ...]) -> Text | str:
    if loc and loc[-1] == "extent":
        return T("sysselsättningsgrad is a percent of full time from 1 to 100")
    return ""


def _pattern_hint(loc: tuple[str | int, ...]) -> Text:
    last = loc[-1] if loc else ""
    if last == "sha256":
        return T("a sha256 is 64 lowercase hex characters; `stfolio attach` fills it in")
    if last == "specialty":
        return T("use the specialty id in lowercase without å/ä/ö, e.g. 'psykiatri', 'allmanmedicin'")
    return T("give a non-empty value")


def _suggest(word: str, choices: Any) -> Text | str:
    return suggestion(word, choices)


# YAML 1.1's surprises (stfolio.yamlio.coerce): what the value would have been, and what to write.
_KIND_WORDS = {
    "int": N_("a whole number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "text": N_("text"),
    "date": N_("a date"),
}


_NOTATIONS = {
    "hex": N_("a hexadecimal number"),
    "binary": N_("a number in another base"),
    "underscore": N_("a number with '_' in it"),
    "exponent": N_("a number with an exponent"),
}


def surprise_finding(surprise: Surprise, parsed: ParsedYaml, rel: str) -> Finding:
    """A located finding for a value YAML 1.1 would read as something its field cannot mean."""
    mark = parsed.mark(surprise.path)
    where = Location(rel, mark.line, mark.column)
    name = field_path(surprise.path)
    text, kind, value = surprise.text, surprise.kind, surprise.value
    numeric = kind in ("int", "float")
    quote = (
        T("write the date as YYYY-MM-DD, e.g. 2025-03-04")
        if kind == "date"
        else T("put it in quotes if it is meant as text: '{text}'", text=text)
    )
    if surprise.notation == "leading-zero":
        reading = (
            T("the octal number {value}", value=value) if isinstance(value, int) else T("the text '{text}'", text=text)
        )
        plain = text.replace("_", "").lstrip("+-").lstrip("0") or "0"
        return make(
            "STF209",
            where,
            T(
                "{field}: {text} has a leading zero, so YAML reads it as {reading} (other tools as {plain})",
                field=name,
                text=text,
                reading=reading,
                plain=plain,
            ),
            T("write {plain} without the leading zero", plain=plain) if numeric else quote,
        )
    if surprise.notation == "yes-no":
        return make(
            "STF210",
            where,
            T(
                "{field}: YAML reads {text} as a yes/no value ({value}), not as {kind}",
                field=name,
                text=text,
                value="true" if value else "false",
                kind=T(_KIND_WORDS[kind]),
            ),
            T("write the number itself, e.g. 100")
            if numeric
            else quote
            if kind == "date"
            else T("put it in quotes if it is meant as the word: '{text}'", text=text),
        )
    if surprise.notation == "base-60":
        return make(
            "STF211",
            where,
            T(
                "{field}: YAML 1.1 reads {text} as {value} (base 60, like a clock)",
                field=name,
                text=text,
                value=number(base_60(text)),
            ),
            T("write a whole number, e.g. 90") if kind == "int" else T("write hours as a decimal number, e.g. 1.5"),
        )
    if surprise.notation == "grouped":
        return make(
            "STF212",
            where,
            T("{field}: {text} could be thousands or decimals", field=name, text=text),
            T(
                "write {digits} for thousands, or fewer decimals",
                digits=text.replace(",", "").replace(".", ""),
            ),
        )
    message: Text
    if surprise.notation == "special":
        message = (
            T("{field}: YAML reads {text} as not-a-number", field=name, text=text)
            if value != value
            else T("{field}: YAML reads {text} as infinity", field=name, text=text)
        )
    else:
        described = T(_NOTATIONS[surprise.notation])
        if isinstance(value, int | float) and not isinstance(value, bool):
            message = T(
                "{field}: YAML reads {text} as {value}, {described}",
                field=name,
                text=text,
                value=number(value),
                described=described,
            )
        else:
            message = T("{field}: {text} is {described}", field=name, text=text, described=described)
    return make("STF212", where, message, T("write a plain decimal number, e.g. 1200 or 1.5") if numeric else quote)
