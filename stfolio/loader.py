"""Load a portfolio folder: discover files, parse each, validate its shape.

``load_portfolio`` returns the portfolio it could build *and* every finding met on the way.
One broken file never stops the others: each file is loaded on its own, and a bug in
stfolio while loading one file becomes an internal-error finding for that file.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
import traceback
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError

from stfolio.files import TEMP_SUFFIX, LinkLoop, NotRegularFile, OutsidePortfolio, TooLarge, read_inside
from stfolio.findings import Finding, Location, has_errors, make
from stfolio.i18n import T, Text, listing
from stfolio.kinds import BY_FOLDER, FOLDERS
from stfolio.model import (
    PROFILE_FILE,
    Activity,
    Assessment,
    Course,
    Expense,
    Leave,
    Meeting,
    Placement,
    Profile,
    Record,
)
from stfolio.shape import surprise_finding, translate
from stfolio.text import suggestion
from stfolio.yamlio import ParsedYaml, parse_yaml
from stfolio.yamlio.coerce import FieldKind, settle

MAX_FILE_BYTES = 1024 * 1024
RECORD_SUFFIXES = (".yaml", ".yml")
# Top-level entries a portfolio may hold besides the record folders.
KNOWN_FOLDERS = frozenset({"evidence", "templates", "goals", "reports", "ansokan"})
KNOWN_FILES = frozenset({PROFILE_FILE, "README.md", "LICENSE"})

R = TypeVar("R", bound=Record, covariant=True)  # an Entry[Placement] is an Entry[Record]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Entry(Generic[R]):
    """One record loaded from one file, with the positions of its fields."""

    path: str  # relative to the portfolio root, with '/' separators
    kind: str  # the record folder: placements, courses, ...
    record: R
    source: ParsedYaml

    def location(self, *field_path: str | int, key: bool = False) -> Location:
        """Where a field (or the record itself, with no path) sits in its file."""
        mark = self.source.mark(tuple(field_path))
        if key:
            return Location(self.path, mark.key_line, mark.key_column)
        return Location(self.path, mark.line, mark.column)


@dataclass
class Portfolio:
    """The records of one portfolio, as loaded: typed views per kind, and every file's text."""

    root: Path
    profile: Profile | None = None
    profile_source: ParsedYaml | None = None
    entries: list[Entry[Record]] = field(default_factory=list)
    files_seen: int = 0
    # The decoded text of every file read, valid or not, and of the drafts: the privacy scan
    # reads these, so a personnummer is caught even in a file that fails to parse.
    texts: dict[str, str] = field(default_factory=dict)
    # Records with shape errors that still read once the faulty fields are left out: never
    # judged (time, verdicts, norms), but their delmål ids and evidence are still checked, so one
    # misspelt key does not hide the file's other problems.
    salvaged: list[Entry[Record]] = field(default_factory=list)
    # Every file and folder listed (folders end in '/'): the privacy scan reads the names too.
    names: list[str] = field(default_factory=list)
    _by_kind: dict[str, list[Entry[Record]]] = field(default_factory=dict, repr=False)

    def add(self, entry: Entry[Record]) -> None:
        self.entries.append(entry)
        self._by_kind.setdefault(entry.kind, []).append(entry)

    @property
    def readable(self) -> list[Entry[Record]]:
        """The judged records and the salvaged ones: what reference checks look at."""
        return self.entries + self.salvaged

    def of_kind(self, kind: str) -> list[Entry[Record]]:
        return self._by_kind.get(kind, [])

    @property
    def placements(self) -> list[Entry[Placement]]:
        return cast("list[Entry[Placement]]", self.of_kind("placements"))

    @property
    def courses(self) -> list[Entry[Course]]:
        return cast("list[Entry[Course]]", self.of_kind("courses"))

    @property
    def assessments(self) -> list[Entry[Assessment]]:
        return cast("list[Entry[Assessment]]", self.of_kind("assessments"))

    @property
    def meetings(self) -> list[Entry[Meeting]]:
        return cast("list[Entry[Meeting]]", self.of_kind("meetings"))

    @property
    def activities(self) -> list[Entry[Activity]]:
        return cast("list[Entry[Activity]]", self.of_kind("activities"))

    @property
    def leave(self) -> list[Entry[Leave]]:
        return cast("list[Entry[Leave]]", self.of_kind("leave"))

    @property
    def expenses(self) -> list[Entry[Expense]]:
        return cast("list[Entry[Expense]]", self.of_kind("expenses"))


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
    portfolio.profile = profile
    portfolio.profile_source = profile_source
    portfolio.files_seen += 1

    walk = _discover(root, findings)
    portfolio.names = walk.names
    for rel, kind in walk.records:
        portfolio.files_seen += 1
        model = BY_FOLDER[kind].model
        source, record, file_findings = load_file(root, rel, model, portfolio.texts)
        findings.extend(file_findings)
        if record is not None and source is not None:
            portfolio.add(Entry(rel, kind, record, source))
        elif source is not None and (rest := salvage(source, model)) is not None:
            portfolio.salvaged.append(Entry(rel, kind, rest, source))
    for rel in walk.drafts:
        text, problem = read_text(root, rel)
        if problem is not None:
            findings.append(problem)
        elif text is not None:
            portfolio.texts[rel] = text
    return portfolio, findings


# Bounds on what a portfolio folder may hold, far beyond any real one: a hostile or damaged
# folder (a million files, folders nested a thousand deep) is reported, not walked for ever.
MAX_DEPTH = 16  # folders below a record folder or evidence/
MAX_ENTRIES = 100_000  # files and folders listed in one portfolio
DRAFTS = ".stfolio/drafts"


@dataclass
class _Walk:
    """What discovery collects: the record files, the names it listed, and what it found wrong."""

    root: Path
    findings: list[Finding]
    names: list[str] = field(default_factory=list)
    records: list[tuple[str, str]] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    listed: int = 0

    def list_folder(self, rel: str) -> list[os.DirEntry[str]] | None:
        """The entries of a folder, sorted; None (and a finding) if it cannot be listed."""
        try:
            with os.scandir(self.root / rel if rel else self.root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.findings.append(
                make(
                    "STF111",
                    Location((rel or ".") + "/"),
                    T("cannot list folder: {reason}", reason=exc.strerror or exc),
                )
            )
            return None
        self.listed += len(entries)
        if self.listed > MAX_ENTRIES:
            self.findings.append(
                make(
                    "STF116",
                    Location((rel or ".") + "/"),
                    T(
                        "the portfolio holds more than {limit} files and folders; the rest is not read",
                        limit=MAX_ENTRIES,
                    ),
                    T("a portfolio holds records and scanned intyg; move anything else out of it"),
                )
            )
            return None
        return entries

    def name(self, rel: str, entry: os.DirEntry[str], is_dir: bool) -> str:
        """Note a listed name (for the privacy scan) and whether it can be shown as it is."""
        listed = rel + "/" if is_dir else rel
        self.names.append(listed)
        problem = unprintable(entry.name)
        if problem:
            self.findings.append(
                make(
                    "STF114",
                    Location(listed),
                    T("the name of this folder holds {problem}; it is shown escaped", problem=problem)
                    if is_dir
                    else T("the name of this file holds {problem}; it is shown escaped", problem=problem),
                    T(
                        "rename it with letters, digits, '-' and '_' only; such names are hard to type and can "
                        "disguise what a listing shows"
                    ),
                )
            )
        return listed


def salvage(source: ParsedYaml, model: type[M]) -> M | None:
    """The record without the fields that have errors, if it is valid then; else None.

    The fields the parser or the value check refused (a duplicate key, an unsafe tag, an
    octal-looking number) are left out with the others: what remains is what the file says, so
    its intyg scans and its links are still judged (an ``extent: 075`` must not hide a swapped
    scan in the same record).
    """
    if not isinstance(source.data, dict):
        return None
    faulty = {path[0] for path in source.reported if path}
    for _attempt in range(2):  # without what was refused; then also without what the model refuses
        try:
            return model.model_validate({k: v for k, v in source.data.items() if k not in faulty})
        except ValidationError as exc:
            faulty |= {error["loc"][0] for error in exc.errors() if error["loc"]}
    return None


def unprintable(name: str) -> Text | str:
    """What in a file name cannot be shown as it is ('a line break', ...), or '' if nothing."""
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in name):
        return T("bytes that are not UTF-8")
    if "\n" in name or "\r" in name:
        return T("a line break")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in name):
        return T("a control character")
    if any(c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for c in name):
        return T("a character that changes the direction of the text")
    return ""


def _discover(root: Path, findings: list[Finding]) -> _Walk:
    """Record files under the kind folders, sorted; every name listed; warns about anything unexpected."""
    walk = _Walk(root, findings)
    top = walk.list_folder("")
    for entry in top or []:
        is_link = entry.is_symlink()
        is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        if entry.name == ".stfolio" and is_link:
            findings.append(_folder_link(entry.name))  # drafts and schemas are written there
        elif entry.name == ".stfolio" and is_dir:
            _walk_drafts(walk)
        if entry.name.startswith("."):
            continue  # .git, .gitignore, .vscode and editor files are not ours to judge
        walk.name(entry.name, entry, is_dir)
        if is_link and entry.name in (*FOLDERS, *KNOWN_FOLDERS):
            findings.append(_folder_link(entry.name))
        elif is_dir:
            if entry.name in FOLDERS or entry.name == "evidence":
                _walk_tree(walk, entry.name, kind=entry.name if entry.name in FOLDERS else None)
            elif entry.name not in KNOWN_FOLDERS:
                findings.append(
                    make(
                        "STF109",
                        Location(entry.name + "/"),
                        T("unexpected folder '{name}' is not part of a portfolio and is ignored", name=entry.name),
                        suggestion(entry.name, [*FOLDERS, *KNOWN_FOLDERS])
                        or T(
                            "move it out of the portfolio, or into evidence/ if it holds scanned documents; "
                            "record folders are: {folders}",
                            folders=listing(list(FOLDERS)),
                        ),
                    )
                )
        elif entry.name not in KNOWN_FILES:
            findings.append(
                make(
                    "STF108",
                    Location(entry.name),
                    T("unexpected file '{name}' at the top of the portfolio is ignored", name=entry.name),
                    T("records go in their kind's folder (meetings/, courses/, ...); scanned documents in evidence/"),
                )
            )
    return walk


def _folder_link(name: str) -> Finding:
    return make(
        "STF112",
        Location(name + "/"),
        T("the record folder '{name}' is a link; stfolio reads and writes only folders inside the portfolio", name=name)
        if name in FOLDERS
        else T("the folder '{name}' is a link; stfolio reads and writes only folders inside the portfolio", name=name),
        T("replace the link with the folder itself"),
    )


def _walk_tree(walk: _Walk, top: str, kind: str | None) -> None:
    """Walk a record folder (``kind``) or evidence/ (``kind`` None), never through a link.

    Sub-folders (e.g. one per year) are fine, down to MAX_DEPTH. In a record folder a file that
    is not .yaml is reported; in evidence/ every file is a document. Hidden files are not
    judged, except a temporary file an interrupted write left behind.
    """
    stack = [(top, 0)]
    while stack:
        rel, depth = stack.pop()
        entries = walk.list_folder(rel)
        subfolders = []
        for entry in entries or []:
            child = f"{rel}/{entry.name}"
            is_dir = entry.is_dir(follow_symlinks=False)  # a linked folder could loop back on itself
            walk.name(child, entry, is_dir)
            if entry.name.startswith("."):
                if entry.name.endswith(TEMP_SUFFIX) and not is_dir:
                    walk.findings.append(_leftover(child))
                continue
            if is_dir:
                if depth + 1 > MAX_DEPTH:
                    walk.findings.append(
                        make(
                            "STF116",
                            Location(child + "/"),
                            T("folder nested more than {limit} levels deep; not read", limit=MAX_DEPTH),
                            T("keep records at most a few folders deep (one per year is plenty)"),
                        )
                    )
                else:
                    subfolders.append(child)
            elif kind is None:
                continue
            elif entry.name.endswith(RECORD_SUFFIXES):
                walk.records.append((child, kind))
            else:
                walk.findings.append(
                    make(
                        "STF108",
                        Location(child),
                        T("'{name}' is not a record (records are .yaml files) and is ignored", name=entry.name),
                        T("put scanned intyg and other documents in evidence/"),
                    )
                )
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))  # depth first, in name order
    walk.records.sort()


def _leftover(rel: str) -> Finding:
    return make(
        "STF115",
        Location(rel),
        T("temporary file left by an interrupted `attach` or `log` (a crash, a full disk, a killed process)"),
        T("`stfolio attach --clean` finishes or removes what was left; nothing of yours is in it"),
    )


def _walk_drafts(walk: _Walk) -> None:
    """``.stfolio/drafts/``: the records `log --edit` kept; only scanned for identifiers, never judged."""
    for part in (".stfolio", DRAFTS):
        try:
            info = (walk.root / part).lstat()
        except OSError:
            return
        if stat.S_ISLNK(info.st_mode):
            walk.findings.append(_folder_link(part))
            return
        if not stat.S_ISDIR(info.st_mode):
            return
    for entry in walk.list_folder(DRAFTS) or []:
        rel = f"{DRAFTS}/{entry.name}"
        if entry.is_file(follow_symlinks=False):
            walk.name(rel, entry, False)
            walk.drafts.append(rel)


def load_file(
    root: Path, rel: str, model: type[M], texts: dict[str, str] | None = None
) -> tuple[ParsedYaml | None, M | None, list[Finding]]:
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
                    T(
                        "internal error while loading this file: {error}: {detail}",
                        error=type(exc).__name__,
                        detail=exc,
                    ),
                    T(
                        "this is a bug in stfolio ({file}:{line}); please report it "
                        "with the file attached (after removing anything private)",
                        file=Path(where.filename).name,
                        line=where.lineno,
                    ),
                )
            ],
        )


def read_record_bytes(root: Path, rel: str) -> tuple[bytes | None, Finding | None]:
    """The bytes of a record file, or why they were not read.

    Only regular files inside the portfolio are read: a link out of it (a cloned repository
    can carry one to /etc/passwd), through the file itself or a folder on the way, is refused,
    a link loop is reported, and a FIFO or device is never opened, since opening one can block
    forever or never end. The size is taken from the open file, and reading stops at the bound.
    """
    try:
        return read_inside(root, rel, MAX_FILE_BYTES), None
    except OutsidePortfolio:
        return None, make(
            "STF112",
            Location(rel),
            T("file is a link that leads outside the portfolio; not read"),
            T("keep records inside the portfolio folder; replace the link with the file itself"),
        )
    except LinkLoop:
        return None, make(
            "STF113", Location(rel), T("file is a link that leads back to itself; not read"), T("remove the link")
        )
    except NotRegularFile:
        return None, make("STF111", Location(rel), T("not a regular file (a device, pipe or socket); not read"))
    except TooLarge as exc:
        return None, make(
            "STF106",
            Location(rel),
            T("file is {size} MiB; records larger than 1 MiB are refused", size=exc.size / 1024 / 1024),
            T("a record is a few lines; put long documents in evidence/ and refer to them"),
        )
    except FileNotFoundError:
        hint = T("create it with `stfolio init`") if rel == PROFILE_FILE else ""
        return None, make("STF111", Location(rel), T("file is missing"), hint)
    except OSError as exc:
        return None, make("STF111", Location(rel), T("cannot read file: {reason}", reason=exc.strerror or exc))


def read_text(root: Path, rel: str) -> tuple[str | None, Finding | None]:
    """The decoded text of a file inside the portfolio, or why it could not be read."""
    raw, problem = read_record_bytes(root, rel)
    if problem is not None or raw is None:
        return None, problem
    text, decode_finding = _decode(raw, rel)
    return (None, decode_finding) if decode_finding is not None else (text, None)


def _load_file(
    root: Path, rel: str, model: type[M], texts: dict[str, str] | None
) -> tuple[ParsedYaml | None, M | None, list[Finding]]:
    text, problem = read_text(root, rel)
    if problem is not None or text is None:
        return None, None, [problem] if problem is not None else []
    if texts is not None:
        texts[rel] = text
    return load_text(text, rel, model)


def load_text(text: str, rel: str, model: type[M]) -> tuple[ParsedYaml | None, M | None, list[Finding]]:
    """Parse and validate one record's text exactly as `check` does (used before writing)."""
    parsed, findings = parse_yaml(text, rel)
    if parsed is None:
        return None, None, findings
    if not isinstance(parsed.data, dict):
        shape = (
            T("a list")
            if isinstance(parsed.data, list)
            else T("the single value {value}", value=repr(str(parsed.data)[:40]))
        )
        findings.append(
            make(
                "STF104",
                Location(rel, 1, 1),
                T("a record must be a mapping of 'field: value' lines, but this file holds {shape}", shape=shape),
                T("put a space after each ':'")
                if isinstance(parsed.data, str) and re.search(r"\w:\S", parsed.data)
                else T("start each line with a field name, e.g. 'date: 2025-03-04'"),
            )
        )
        return parsed, None, findings
    findings.extend(surprise_finding(s, parsed, rel) for s in settle(parsed, lambda path: field_kind(model, path)))
    try:
        record = model.model_validate(parsed.data)
    except ValidationError as exc:
        findings.extend(translate(exc, parsed, rel, model))
        return parsed, None, findings
    if has_errors(findings):
        # A duplicate key, a refused tag or a value YAML reads otherwise than written means the
        # data is not what the file says: report it, but let no later rule judge the portfolio on it.
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
            T("file is not UTF-8 (byte {byte} cannot be decoded)", byte=hex(raw[exc.start])),
            T("save the file as UTF-8 in your editor (it was probably saved as Latin-1 or Windows-1252)"),
        )


def field_kind(model: type[BaseModel], path: tuple[str | int, ...]) -> FieldKind:
    """The kind of value ``model`` expects at ``path`` (list items counted): for YAML's surprises."""
    return _kind_at(model, tuple(-1 if isinstance(p, int) else p for p in path))


@functools.cache
def _kind_at(model: type[BaseModel], path: tuple[str | int, ...]) -> FieldKind:
    return _annotation_kind(model, path)


def _annotation_kind(annotation: Any, path: tuple[str | int, ...]) -> FieldKind:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotation_kind(args[0], path)
    if origin is typing.Union or origin is types.UnionType:
        kinds = {_annotation_kind(a, path) for a in args if a is not type(None)} - {"other"}
        return kinds.pop() if len(kinds) == 1 else "other"
    if origin is typing.Literal:
        if path:
            return "other"
        if all(isinstance(v, str) for v in args):
            return "text"
        return "int" if all(type(v) is int for v in args) else "other"
    if origin is list:
        return _annotation_kind(args[0], path[1:]) if path and path[0] == -1 else "other"
    if origin is dict:
        return _annotation_kind(args[1], path[1:]) if path and isinstance(path[0], str) else "other"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field_info = annotation.model_fields.get(path[0]) if path and isinstance(path[0], str) else None
        return "other" if field_info is None else _annotation_kind(field_info.annotation, path[1:])
    if path:
        return "other"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is dt.date:
        return "date"
    return "text" if annotation is str else "other"
