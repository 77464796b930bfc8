"""Parse one YAML text into plain data plus a map of positions, never raising.

PyYAML composes a node tree that knows where every key and value sits; we build the data
from that same tree (instead of calling ``yaml.safe_load``) so that:

- every key path maps to the 1-based line and column of its key and its value, for
  pointing later findings (pydantic errors, rule violations) at the source;
- duplicate keys are reported (PyYAML silently keeps the last one);
- tags that would construct objects (``!!python/...``) or that we do not know are refused
  before anything is constructed;
- an impossible date (``2025-02-30``) becomes a finding at its value, not an exception;
- alias bombs and absurd nesting are bounded.

The C composer (libyaml) is used when available; it recurses on the C stack and crashes the
process on extremely deep nesting, so texts that *could* nest that deep go through the
pure-Python composer, whose recursion error we can catch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from stfolio.findings import Finding, Location, make
from stfolio.i18n import N_, T, Text

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR = _TAG + "str"
MAX_NODES = 20_000  # far beyond any hand-written record; stops alias expansion bombs
MAX_DEPTH = 40
# Every nesting level needs one of these characters, so a text with fewer of them cannot
# nest deep enough to exhaust the C composer's stack (measured safe beyond 10 000 levels).
_NESTING_CHARS = "[{-:?"
_C_COMPOSER_LIMIT = 2_000
_NUMBER_LIKE = re.compile(r"[-+._]*[0-9]")  # '08', '1,5', '1e3', '0o17': text to YAML 1.1, numbers to a reader


@dataclass(frozen=True, slots=True)
class Mark:
    """1-based line and column of a key and of its value."""

    key_line: int
    key_column: int
    line: int
    column: int
    start: int = 0  # character offsets of the value in the text, for splicing edits
    end: int = 0


@dataclass
class ParsedYaml:
    """The data of one document, and where each part of it sits in the text."""

    data: Any
    marks: dict[KeyPath, Mark] = field(default_factory=dict)
    # Paths already reported by the parser (an impossible date, a refused tag): later
    # stages skip their own complaint about the same value.
    reported: set[KeyPath] = field(default_factory=set)
    # The text as written of every plain (unquoted) scalar that YAML 1.1 reads as something
    # other than text, or that looks like a number: what `coerce.settle` judges per field kind.
    plain: dict[KeyPath, str] = field(default_factory=dict)

    def mark(self, path: KeyPath) -> Mark:
        """The mark of ``path`` or of its nearest ancestor that has one."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Mark(1, 1, 1, 1))


# Python's words for an impossible date, in the user's language (others are quoted as they are).
_DATE_REASONS = {
    "day is out of range for month": N_("day is out of range for month"),
    "month must be in 1..12": N_("month must be in 1..12"),
}


def _date_reason(exc: ValueError) -> str | Text:
    said = str(exc)
    return T(_DATE_REASONS[said]) if said in _DATE_REASONS else said


class _Budget(Exception):
    """Raised inside the walk when the document is too large or deep to be a record."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.english())
        self.text = text


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, column


def parse_yaml(text: str, path: str) -> tuple[ParsedYaml | None, list[Finding]]:
    """Parse ``text`` (already decoded) from the file ``path`` (for findings).

    Returns the parsed document, or ``None`` when nothing usable could be built, and the
    findings met on the way. Never raises for any input text.
    """
    nesting = sum(text.count(c) for c in _NESTING_CHARS)
    loader = _FastLoader if nesting < _C_COMPOSER_LIMIT else yaml.SafeLoader
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        said = exc.problem or ""
        problem: str | Text = said or T("invalid YAML")  # PyYAML's own words otherwise: English
        hint = T("check indentation, quotes and brackets near this point")
        if "mapping values are not allowed" in said:
            problem = T("a ': ' inside a value starts a new field here")
            hint = T('put the whole value in quotes, e.g. notes: "Vi pratade om: jourschema"')
            exc.context = None
        elif "tab character" in said or (
            "cannot start any token" in said and mark is not None and text[mark.index : mark.index + 1] == "\t"
        ):
            problem = T("a tab character")
            hint = T("indent with spaces, not tabs")
            exc.context = None
        elif "another document" in said:
            problem = T("more than one YAML document in one file")
            hint = T("keep one record per file; remove the '---' line or split the file")
        elif exc.context:
            problem = f"{said} ({exc.context})"
        return None, [
            make("STF101", Location(path, line, column), T("YAML syntax error: {problem}", problem=problem), hint)
        ]
    except yaml.reader.ReaderError as exc:
        line, column = _line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [
            make(
                "STF101",
                Location(path, line, column),
                T("YAML syntax error: control character {code} is not allowed", code="U+" + format(char, "04X")),
                T("remove the invisible character (often pasted from a PDF or a web page)"),
            )
        ]
    except RecursionError:
        return None, [
            make(
                "STF110",
                Location(path, 1, 1),
                T("document nests too deeply to be a record"),
                T("a record needs at most a few levels of nesting (limit {limit})", limit=MAX_DEPTH),
            )
        ]
    except yaml.YAMLError as exc:  # any other PyYAML complaint, without a mark
        return None, [make("STF101", Location(path, 1, 1), T("YAML syntax error: {problem}", problem=exc))]

    if node is None:
        return None, [
            make(
                "STF103",
                Location(path),
                T("file is empty"),
                T("fill in the record or delete the file"),
            )
        ]
    builder = _Builder(path)
    try:
        data = builder.build(node, (), depth=0)
    except _Budget as exc:
        return None, [
            *builder.findings,
            make(
                "STF110",
                Location(path, 1, 1),
                exc.text,
                T("write the record out plainly, without deep nesting or repeated aliases"),
            ),
        ]
    start = node.start_mark
    builder.marks[()] = Mark(
        start.line + 1, start.column + 1, start.line + 1, start.column + 1, start.index, node.end_mark.index
    )
    return ParsedYaml(data, builder.marks, builder.reported, builder.plain), builder.findings


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.marks: dict[KeyPath, Mark] = {}
        self.findings: list[Finding] = []
        self.reported: set[KeyPath] = set()
        self.plain: dict[KeyPath, str] = {}
        self.nodes = 0
        self._constructor = yaml.constructor.SafeConstructor()

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Budget(T("document has more than {limit} values (aliases expanding?)", limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise _Budget(T("document nests deeper than {limit} levels", limit=MAX_DEPTH))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                return self._refuse_tag(node, path)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self._refuse_tag(node, path)
            items = []
            for i, item in enumerate(node.value):
                line, column = item.start_mark.line + 1, item.start_mark.column + 1
                self.marks[(*path, i)] = Mark(line, column, line, column, item.start_mark.index, item.end_mark.index)
                items.append(self.build(item, (*path, i), depth + 1))
            return items
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.findings.append(
                    make(
                        "STF203",
                        self._loc(key_node),
                        T("a key must be plain text, not a list or mapping"),
                        T("write the key as a single word followed by ':'"),
                    )
                )
                continue
            key = key_node.value
            if key == "<<" and key_node.tag == _TAG + "merge":
                self.findings.append(
                    make(
                        "STF208",
                        self._loc(key_node),
                        T("merge keys ('<<') are not supported in records"),
                        T("write the fields out in full"),
                    )
                )
                continue
            if key in result or key in first_line:
                self.findings.append(
                    make(
                        "STF105",
                        self._loc(key_node),
                        T("duplicate key '{key}' (first given on line {line})", key=key, line=first_line[key]),
                        T("YAML would silently keep only one value; remove or rename one of them"),
                    )
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            child = (*path, key)
            self.marks[child] = Mark(
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
                value_node.start_mark.line + 1,
                value_node.start_mark.column + 1,
                value_node.start_mark.index,
                value_node.end_mark.index,
            )
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        plain = isinstance(node, yaml.ScalarNode) and not node.style  # None (Python) or '' (libyaml)
        if plain and (node.tag != _STR or _NUMBER_LIKE.match(node.value)):
            self.plain[path] = node.value
        if node.tag == _STR:
            return node.value  # most values: no constructor needed
        if node.tag not in _SCALAR_TAGS:
            return self._refuse_tag(node, path)
        if node.tag in (_TAG + "int", _TAG + "float") and ":" in node.value:
            return node.value  # YAML 1.1 reads 1:30 as base 60 (90); nobody means that here
        if node.tag == _TAG + "timestamp":
            try:
                value = self._constructor.construct_yaml_timestamp(node)  # type: ignore[arg-type]
            except ValueError as exc:
                self.reported.add(path)
                self.findings.append(
                    make(
                        "STF204",
                        self._loc(node),
                        T("impossible date '{value}': {reason}", value=node.value, reason=_date_reason(exc)),
                        T("write a real calendar date as YYYY-MM-DD"),
                    )
                )
                return node.value
            if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
                return value.date()
            return value
        try:
            return self._constructor.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:  # e.g. an int literal Python rejects
            self.reported.add(path)
            self.findings.append(
                make(
                    "STF208",
                    self._loc(node),
                    T("cannot read value '{value}': {reason}", value=node.value, reason=exc),
                    T("quote the value if it is meant as text"),
                )
            )
            return node.value

    def _refuse_tag(self, node: yaml.Node, path: KeyPath) -> None:
        self.reported.add(path)
        tag = node.tag
        if tag.startswith(_TAG):
            tag = "!!" + tag[len(_TAG) :]
        if "python/" in tag:
            message = T("YAML tag '{tag}' could run a program; it was refused and nothing was run", tag=tag)
        else:
            message = T("YAML tag '{tag}' is not allowed in a record", tag=tag)
        self.findings.append(
            make(
                "STF107",
                self._loc(node),
                message,
                T("remove the tag; records hold plain text, numbers, dates, lists and mappings"),
            )
        )
        return None
