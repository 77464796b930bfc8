"""Load a portfolio folder: discover files, parse each, validate its shape.

``load_portfolio`` returns the portfolio it could build *and* every finding met on the way.
One broken file never stops the others: each file is loaded on its own, and a bug in
stfolio while loading one file becomes an internal-error finding for that file.
"""

from __future__ import annotations

import os
import re
import stat
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError

from stfolio.findings import Finding, Location, has_errors, make
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
from stfolio.shape import translate
from stfolio.text import did_you_mean
from stfolio.yamlio import ParsedYaml, parse_yaml

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
    # The decoded text of every file read, valid or not: the privacy scan reads these, so a
    # personnummer is caught even in a file that fails to parse.
    texts: dict[str, str] = field(default_factory=dict)
    # Records with shape errors that still read once the faulty fields are left out: never
    # judged (time, verdicts, norms), but their delmål ids and evidence are still checked, so one
    # misspelt key does not hide the file's other problems.
    salvaged: list[Entry[Record]] = field(default_factory=list)
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

    for rel, kind in _discover(root, findings):
        portfolio.files_seen += 1
        model = BY_FOLDER[kind].model
        source, record, file_findings = load_file(root, rel, model, portfolio.texts)
        findings.extend(file_findings)
        if record is not None and source is not None:
            portfolio.add(Entry(rel, kind, record, source))
        elif source is not None and (rest := salvage(source, model)) is not None:
            portfolio.salvaged.append(Entry(rel, kind, rest, source))
    return portfolio, findings


def salvage(source: ParsedYaml, model: type[M]) -> M | None:
    """The record without the fields that have errors, if it is valid then; else None.

    A file the parser refused parts of (a duplicate key, an unsafe tag) is not salvaged: its data
    is not what the file says.
    """
    if not isinstance(source.data, dict) or source.reported:
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        faulty = {error["loc"][0] for error in exc.errors() if error["loc"]}
    try:
        return model.model_validate({k: v for k, v in source.data.items() if k not in faulty})
    except ValidationError:
        return None


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
        if entry.name in FOLDERS and entry.is_symlink():
            findings.append(
                make(
                    "STF111",
                    Location(entry.name + "/"),
                    f"the record folder '{entry.name}' is a link; stfolio reads only folders inside the portfolio",
                    "replace the link with the folder itself",
                )
            )
        elif entry.is_dir():
            if entry.name in FOLDERS:
                _walk_kind(root, entry.name, entry.name, found, findings)
            elif entry.name not in KNOWN_FOLDERS:
                findings.append(
                    make(
                        "STF109",
                        Location(entry.name + "/"),
                        f"unexpected folder '{entry.name}' is not part of a portfolio and is ignored",
                        did_you_mean(entry.name, [*FOLDERS, *KNOWN_FOLDERS])
                        or "move it out of the portfolio, or into evidence/ if it holds scanned documents; "
                        "record folders are: "
                        + ", ".join(FOLDERS),
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
    root: Path, rel: str, model: type[M], texts: dict[str, str] | None
) -> tuple[ParsedYaml | None, M | None, list[Finding]]:
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


def load_text(text: str, rel: str, model: type[M]) -> tuple[ParsedYaml | None, M | None, list[Finding]]:
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
        findings.extend(translate(exc, parsed, rel, model))
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
