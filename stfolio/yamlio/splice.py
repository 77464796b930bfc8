"""Edit a record's YAML text in place, at the positions the parser recorded.

`attach` adds an intyg to a record the trainee wrote by hand. Re-dumping the data would lose
their comments, key order and quoting, so the new lines are spliced into the text instead,
next to the values they belong with.
"""

from __future__ import annotations

from typing import Any

from stfolio.yamlio.dump import dump_yaml
from stfolio.yamlio.parse import ParsedYaml


class SpliceError(ValueError):
    """The record is written in a way we will not edit automatically (say, flow style)."""


def _scalar(value: Any) -> str:
    return dump_yaml({"v": value})[3:].rstrip("\n")


def _block(item: dict[str, Any], indent: int) -> str:
    """An intyg mapping as a '- ' list item, indented to ``indent`` spaces."""
    lines = dump_yaml([item]).rstrip("\n").split("\n")
    return "\n".join(" " * indent + line for line in lines)


def _after(text: str, end: int, lines: str) -> tuple[int, int, str]:
    """An edit inserting ``lines`` after a value that ends at ``end``."""
    if end > 0 and text[end - 1] == "\n":  # a block value already ended its line
        return end, end, lines + "\n"
    return end, end, "\n" + lines


def splice_intyg(text: str, parsed: ParsedYaml, index: int | None, fields: dict[str, Any]) -> str:
    """Add an intyg (or, with ``index``, fill in that intyg's fields) without touching the rest.

    Works on the text, at the positions the parser recorded, so comments, key order and
    formatting elsewhere in the record survive.
    """
    marks = parsed.marks
    data = parsed.data
    edits: list[tuple[int, int, str]] = []
    if index is not None:
        items = data.get("intyg") if isinstance(data, dict) else None
        if not isinstance(items, list) or not 0 <= index < len(items) or not isinstance(items[index], dict):
            raise SpliceError(f"the record has no intyg number {index + 1}")
        item = marks[("intyg", index)]
        if text[item.start] == "{" or text[marks[("intyg",)].start] == "[":
            raise SpliceError("the intyg is written in brackets; add file: and sha256: by hand")
        keys = list(items[index])
        last = max((marks[("intyg", index, k)] for k in keys), key=lambda m: m.start)
        missing = []
        for key, value in fields.items():
            path = ("intyg", index, key)
            if key in items[index]:
                edits.append((marks[path].start, marks[path].end, _scalar(value)))
            else:
                missing.append(" " * (item.column - 1) + f"{key}: {_scalar(value)}")
        if missing:
            edits.append(_after(text, last.end, "\n".join(missing)))
    elif isinstance(data, dict) and "intyg" in data:
        seq = marks[("intyg",)]
        items = data["intyg"]
        if text[seq.start] == "[":
            if items:
                raise SpliceError("the intyg list is written in brackets; add the intyg by hand")
            start = seq.start
            while start > 0 and text[start - 1] == " ":
                start -= 1
            line_end = text.find("\n", seq.end)
            line_end = len(text) if line_end == -1 else line_end
            edits.append((start, seq.end, ""))  # drop the [] but keep a comment after it on its line
            edits.append((line_end, line_end, "\n" + _block(fields, 2)))
        else:
            last_item = marks[("intyg", len(items) - 1)]
            last_value = max(
                (m for path, m in marks.items() if path[:2] == ("intyg", len(items) - 1) and len(path) == 3),
                key=lambda m: m.start,
                default=last_item,
            )
            edits.append(_after(text, last_value.end, _block(fields, last_item.column - 3)))
    else:
        prefix = "" if text.endswith("\n") or not text else "\n"
        edits.append((len(text), len(text), prefix + "intyg:\n" + _block(fields, 2) + "\n"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
