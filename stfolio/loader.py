"""Load a portfolio folder: discover files, parse each, validate its shape.

``load_portfolio`` returns the portfolio it could build *and* every finding met on the way.
One broken file never stops the others: each file is loaded on its own, and a bug in
stfolio while loading one file becomes an internal-error finding for that file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from stfolio.findings import Finding, Location, has_errors, make
from stfolio.model import PROFILE_FILE, RECORD_KINDS, Profile, field_names
from stfolio.text import did_you_mean
from stfolio.yamlsource import ParsedYaml, parse_yaml

MAX_FILE_BYTES = 1024 * 1024
RECORD_SUFFIXES = (".yaml", ".yml")
# Top-level entries a portfolio may hold besides the record folders.
KNOWN_FOLDERS = frozenset({"evidence", "templates", "goals", "reports"})
KNOWN_FILES = frozenset({PROFILE_FILE, "README.md", "LICENSE"})


@dataclass(frozen=True)
class Entry:
    """One record loaded from one file, with the positions of its fields."""

    path: str  # relative to the portfolio root, with '/' separators
    kind: str  # the record folder: placements, courses, ...
    record: BaseModel
    source: ParsedYaml

    def location(self, *field_path: str | int, key: bool = False) -> Location:
        """Where a field (or the record itself, with no path) sits in its file."""
        mark = self.source.mark(tuple(field_path))
        if key:
            return Location(self.path, mark.key_line, mark.key_column)
        return Location(self.path, mark.line, mark.column)


@dataclass
class Portfolio:
    root: Path
    profile: Profile | None = None
    profile_source: ParsedYaml | None = None
    entries: list[Entry] = field(default_factory=list)
    files_seen: int = 0
    # The decoded text of every file read, valid or not: the privacy scan reads these, so a
    # personnummer is caught even in a file that fails to parse.
    texts: dict[str, str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds a ``stfolio.yaml``, like git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROFILE_FILE).is_file():
            return folder
    return None


def load_portfolio(root: Path) -> tuple[Portfolio, list[Finding]]:
    """Load every file of the portfolio at ``root``; never raises for bad content."""
    portfolio = Portfolio(root=root)
    findings: list[Finding] = []

    profile_source, profile, profile_findings = load_file(root, PROFILE_FILE, Profile, portfolio.texts)
    findings.extend(profile_findings)
    portfolio.profile = profile  # type: ignore[assignment]
    portfolio.profile_source = profile_source
    portfolio.files_seen += 1

    for rel, kind in _discover(root, findings):
        portfolio.files_seen += 1
        source, record, file_findings = load_file(root, rel, RECORD_KINDS[kind], portfolio.texts)
        findings.extend(file_findings)
        if record is not None and source is not None:
            portfolio.entries.append(Entry(rel, kind, record, source))
    return portfolio, findings


def _discover(root: Path, findings: list[Finding]) -> list[tuple[str, str]]:
    """Record files under the kind folders, sorted; warns about anything unexpected."""
    found: list[tuple[str, str]] = []
    try:
        top = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        findings.append(make("STF111", Location("."), f"cannot list the portfolio folder: {exc.strerror}"))
        return found
    for entry in top:
        if entry.name.startswith("."):
            continue  # .git, .gitignore, .vscode and editor files are not ours to judge
        if entry.name in RECORD_KINDS and entry.is_symlink():
            findings.append(
                make(
                    "STF111",
                    Location(entry.name + "/"),
                    f"the record folder '{entry.name}' is a link; stfolio reads only folders inside the portfolio",
                    "replace the link with the folder itself",
                )
            )
        elif entry.is_dir():
            if entry.name in RECORD_KINDS:
                _walk_kind(root, entry.name, entry.name, found, findings)
            elif entry.name not in KNOWN_FOLDERS:
                findings.append(
                    make(
                        "STF109",
                        Location(entry.name + "/"),
                        f"unexpected folder '{entry.name}' is not part of a portfolio and is ignored",
                        _suggest(entry.name, [*RECORD_KINDS, *KNOWN_FOLDERS])
                        or "move it out of the portfolio, or into evidence/ if it holds scanned documents; "
                        "record folders are: "
                        + ", ".join(RECORD_KINDS),
                    )
                )
        elif entry.name not in KNOWN_FILES:
            findings.append(
                make(
                    "STF108",
                    Location(entry.name),
                    f"unexpected file '{entry.name}' at the top of the portfolio is ignored",
                    "records go in their kind's folder (meetings/, courses/, ...); scanned documents in evidence/",
                )
            )
    return found


def _walk_kind(root: Path, kind: str, rel: str, found: list[tuple[str, str]], findings: list[Finding]) -> None:
    try:
        entries = sorted(os.scandir(root / rel), key=lambda e: e.name)
    except OSError as exc:
        findings.append(make("STF111", Location(rel + "/"), f"cannot list folder: {exc.strerror}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):  # a linked folder could loop back on itself
            _walk_kind(root, kind, child, found, findings)  # sub-folders (e.g. by year) are fine
        elif entry.name.endswith(RECORD_SUFFIXES):
            found.append((child, kind))
        else:
            findings.append(
                make(
                    "STF108",
                    Location(child),
                    f"'{entry.name}' is not a record (records are .yaml files) and is ignored",
                    "put scanned intyg and other documents in evidence/",
                )
            )


def load_file(
    root: Path, rel: str, model: type[BaseModel], texts: dict[str, str] | None = None
) -> tuple[ParsedYaml | None, BaseModel | None, list[Finding]]:
    """Read, parse and validate one file; a bug here becomes a finding, not a crash.

    With ``texts``, the decoded text is also kept there under ``rel``.
    """
    try:
        return _load_file(root, rel, model, texts)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return (
            None,
            None,
            [
                make(
                    "STF001",
                    Location(rel),
                    f"internal error while loading this file: {type(exc).__name__}: {exc}",
                    f"this is a bug in stfolio ({Path(where.filename).name}:{where.lineno}); please report it "
                    "with the file attached (after removing anything private)",
                )
            ],
        )


def read_record_bytes(root: Path, rel: str) -> tuple[bytes | None, Finding | None]:
    """The bytes of a record file, or why they were not read.

    Only regular files inside the portfolio are read: a link out of it (a cloned repository
    can carry one to /etc/passwd) is refused, and a FIFO or device is never opened, since
    opening one can block forever or never end.
    """
    path = root / rel
    try:
        info = path.lstat()
        # Discovery never follows a linked folder, so only the file itself can be a link.
        if stat.S_ISLNK(info.st_mode):
            if not path.resolve().is_relative_to(root.resolve()):
                return None, make(
                    "STF111",
                    Location(rel),
                    "file is a link that leads outside the portfolio; not read",
                    "keep records inside the portfolio folder; replace the link with the file itself",
                )
            info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, make("STF111", Location(rel), "not a regular file (a device, pipe or socket); not read")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        hint = "create it with `stfolio init`" if rel == PROFILE_FILE else ""
        return None, make("STF111", Location(rel), "file is missing", hint)
    except OSError as exc:
        return None, make("STF111", Location(rel), f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        return None, make(
            "STF106",
            Location(rel),
            f"file is {max(info.st_size, len(raw)) / 1024 / 1024:.1f} MiB; records larger than 1 MiB are refused",
            "a record is a few lines; put long documents in evidence/ and refer to them",
        )
    return raw, None


def _load_file(
    root: Path, rel: str, model: type[BaseModel], texts: dict[str, str] | None
) -> tuple[ParsedYaml | None, BaseModel | None, list[Finding]]:
    raw, problem = read_record_bytes(root, rel)
    if problem is not None:
        return None, None, [problem]
    assert raw is not None

    text, decode_finding = _decode(raw, rel)
    if decode_finding is not None:
        return None, None, [decode_finding]
    if texts is not None:
        texts[rel] = text
    return load_text(text, rel, model)


def load_text(text: str, rel: str, model: type[BaseModel]) -> tuple[ParsedYaml | None, BaseModel | None, list[Finding]]:
    """Parse and validate one record's text exactly as `check` does (used before writing)."""
    parsed, findings = parse_yaml(text, rel)
    if parsed is None:
        return None, None, findings
    if not isinstance(parsed.data, dict):
        shape = "a list" if isinstance(parsed.data, list) else f"the single value {str(parsed.data)[:40]!r}"
        findings.append(
            make(
                "STF104",
                Location(rel, 1, 1),
                f"a record must be a mapping of 'field: value' lines, but this file holds {shape}",
                "put a space after each ':'"
                if isinstance(parsed.data, str) and re.search(r"\w:\S", parsed.data)
                else "start each line with a field name, e.g. 'date: 2025-03-04'",
            )
        )
        return parsed, None, findings
    try:
        record = model.model_validate(parsed.data)
    except ValidationError as exc:
        findings.extend(_translate(exc, parsed, rel, model))
        return parsed, None, findings
    if has_errors(findings):
        # A duplicate key or a refused tag means the data is not what the file says: report
        # it, but let no later rule judge the portfolio on it.
        return parsed, None, findings
    return parsed, record, findings


def _decode(raw: bytes, rel: str) -> tuple[str, Finding | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        return "", make(
            "STF102",
            Location(rel, line, column),
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            "save the file as UTF-8 in your editor (it was probably saved as Latin-1 or Windows-1252)",
        )


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


def _translate(exc: ValidationError, parsed: ParsedYaml, rel: str, model: type[BaseModel]) -> list[Finding]:
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
