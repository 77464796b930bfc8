"""Edit a record's YAML text in place, at the positions the parser recorded.

`attach` adds an intyg to a record the trainee wrote by hand. Re-dumping the data would lose
their comments, key order and quoting, so the new text is spliced in instead, next to the
values it belongs with, in the style the record already uses: a block list gets a block item at
the same dash column, a flow list (``[{...}, {...}]``) or flow mapping gets a flow item, and
an intyg's missing fields go after its last field. New lines always start after the end of a
line, so a comment after a value stays on that value's line and comment lines stay where
they are.
"""

from __future__ import annotations

from typing import Any

import yaml

from stfolio.i18n import T, _
from stfolio.yamlio.dump import dump_yaml
from stfolio.yamlio.parse import KeyPath, ParsedYaml

Edit = tuple[int, int, str]


class SpliceError(ValueError):
    """The record is written in a way we will not edit automatically."""


def _scalar(value: Any) -> str:
    return dump_yaml({"v": value})[3:].rstrip("\n")


def _flow(value: Any) -> str:
    """``value`` as flow YAML (quoted where a flow context needs it): a mapping as ``{a: 1, b: x}``."""
    text = yaml.safe_dump([value], default_flow_style=True, sort_keys=False, allow_unicode=True, width=1 << 20)
    return text.strip()[1:-1]  # drop the list brackets we wrapped it in


def _block(item: dict[str, Any], indent: int) -> str:
    """An intyg mapping as a '- ' list item, indented to ``indent`` spaces."""
    lines = dump_yaml([item]).rstrip("\n").split("\n")
    return "\n".join(" " * indent + line for line in lines)


def _leaf_end(parsed: ParsedYaml, prefix: KeyPath) -> int:
    """Where the last value inside ``prefix`` ends (its scalars, whose ends are exact)."""
    # The parser records a collection just before what it holds, so a path is a leaf unless the
    # next one recorded lies inside it.
    paths = [p for p in parsed.marks if p[: len(prefix)] == prefix and len(p) > len(prefix)]
    leaves = [p for p, q in zip(paths, [*paths[1:], ()], strict=True) if q[: len(p)] != p or len(q) <= len(p)]
    if not leaves:
        return parsed.marks[prefix].end
    return max(parsed.marks[p].end for p in leaves)


def _after_line(text: str, end: int, lines: str) -> Edit:
    """Insert ``lines`` as new lines after the line on which something ends at ``end``."""
    if end > 0 and text[end - 1] == "\n":  # a block scalar already ended its line
        return end, end, lines + "\n"
    newline = text.find("\n", end)
    if newline < 0:
        return len(text), len(text), "\n" + lines
    return newline, newline, "\n" + lines


def _dash_column(text: str, item_start: int) -> int:
    """The column (from 0) of the '-' that starts the list item whose content starts at ``item_start``."""
    i = item_start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] != "-":
        raise SpliceError(_("the intyg list is written in a way stfolio does not edit; add the intyg by hand"))
    return i - (text.rfind("\n", 0, i) + 1)


def _is_flow(text: str, start: int) -> bool:
    return text[start : start + 1] in ("[", "{")


def splice_intyg(text: str, parsed: ParsedYaml, index: int | None, fields: dict[str, Any]) -> str:
    """Add an intyg (or, with ``index``, fill in that intyg's fields) without touching the rest.

    Works on the text, at the positions the parser recorded, so comments, key order and
    formatting elsewhere in the record survive.
    """
    data = parsed.data
    if not isinstance(data, dict):
        raise SpliceError(_("the record is not a mapping of fields"))
    if index is not None:
        edits = _fill_in(text, parsed, index, fields)
    elif "intyg" in data:
        edits = _append(text, parsed, fields)
    else:
        edits = _add_key(text, parsed, fields)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _fill_in(text: str, parsed: ParsedYaml, index: int, fields: dict[str, Any]) -> list[Edit]:
    items = parsed.data.get("intyg")
    if not isinstance(items, list) or not 0 <= index < len(items) or not isinstance(items[index], dict):
        raise SpliceError(str(T("the record has no intyg number {number}", number=index + 1)))
    item_path: KeyPath = ("intyg", index)
    item = parsed.marks[item_path]
    flow = _is_flow(text, item.start)
    edits: list[Edit] = []
    missing = {}
    for key, value in fields.items():
        if key not in items[index]:
            missing[key] = value
            continue
        mark = parsed.marks[(*item_path, key)]
        new = _flow(value) if flow else _scalar(value)
        if mark.start == mark.end and text[mark.start - 1 : mark.start] == ":":
            new = " " + new  # an empty value: 'file:' becomes 'file: evidence/...'
        edits.append((mark.start, mark.end, new))
    if missing:
        end = _leaf_end(parsed, item_path)
        if flow:
            edits.append((end, end, "".join(f", {k}: {_flow(v)}" for k, v in missing.items())))
        else:
            indent = " " * (item.column - 1)
            edits.append(_after_line(text, end, "\n".join(f"{indent}{k}: {_scalar(v)}" for k, v in missing.items())))
    return edits


def _append(text: str, parsed: ParsedYaml, fields: dict[str, Any]) -> list[Edit]:
    seq = parsed.marks[("intyg",)]
    items = parsed.data["intyg"]
    if not isinstance(items, list):
        raise SpliceError(_("the record's intyg is not a list"))
    if _is_flow(text, seq.start):
        if items:
            end = parsed.marks[("intyg", len(items) - 1)].end
            return [(end, end, f", {_flow(fields)}")]
        if _is_flow(text, parsed.marks[()].start):  # a record written as one {...}: stay in flow style
            return [(seq.start + 1, seq.end - 1, _flow(fields))]
        start = seq.start
        while start > 0 and text[start - 1] == " ":
            start -= 1
        line_end = text.find("\n", seq.end)
        line_end = len(text) if line_end == -1 else line_end
        # Drop the [] but keep a comment after it on its line; the block list starts below.
        return [(start, seq.end, ""), (line_end, line_end, "\n" + _block(fields, 2))]
    last: KeyPath = ("intyg", len(items) - 1)
    dash = _dash_column(text, parsed.marks[last].start)
    return [_after_line(text, _leaf_end(parsed, last), _block(fields, dash))]


def _add_key(text: str, parsed: ParsedYaml, fields: dict[str, Any]) -> list[Edit]:
    root = parsed.marks[()]
    if _is_flow(text, root.start):
        end = _leaf_end(parsed, ())
        return [(end, end, f", intyg: [{_flow(fields)}]")]
    prefix = "" if text.endswith("\n") or not text else "\n"
    return [(len(text), len(text), prefix + "intyg:\n" + _block(fields, 2) + "\n")]
