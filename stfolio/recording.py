"""Recording: turn what `stfolio log` was told into one new, valid record file.

The record is rendered to YAML, validated by the very loader and reference rules that
`check` uses, and only then written: atomically, under a new name (``-2``, ``-3``... when the
name is taken), never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from stfolio.create import dump_yaml
from stfolio.files import write_unique
from stfolio.findings import Finding, has_errors
from stfolio.loader import Entry, Portfolio, load_text
from stfolio.model import PROFILE_FILE, RECORD_KINDS, Profile
from stfolio.text import fold

# `stfolio log KIND` takes the singular; the folder is the plural.
KIND_FOLDERS = {
    "placement": "placements",
    "course": "courses",
    "assessment": "assessments",
    "meeting": "meetings",
    "activity": "activities",
    "leave": "leave",
    "expense": "expenses",
}
SCHEMA_DIR = ".stfolio/schemas"
DRAFT_DIR = ".stfolio/drafts"


def schema_file(kind: str) -> str:
    """The schema file name for a record kind ('meeting') or 'profile'."""
    return f"{kind}.schema.json"


def slug(text: str, limit: int = 48) -> str:
    """ASCII file-name part: 'Psykiatrisk diagnostik, del 1' -> 'psykiatrisk-diagnostik-del-1'."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text)).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "post"


def record_date(record: BaseModel) -> dt.date:
    value = getattr(record, "date", None) or getattr(record, "start", None)
    assert isinstance(value, dt.date)
    return value


def file_name(kind: str, record: Any) -> str:
    """'2026-03-04-handledarsamtal.yaml': sorts by date, says what it is."""
    parts: list[str]
    if kind == "placement":
        parts = (["bt", record.bt] if record.bt else []) + [record.title or record.unit]
    elif kind == "course":
        parts = [record.title]
    elif kind == "assessment":
        parts = [record.instrument] + ([record.title] if record.title else [])
    elif kind == "meeting":
        parts = [record.kind]
    elif kind == "activity":
        parts = [record.kind, record.title]
    elif kind == "leave":
        parts = [record.kind]
    else:
        parts = [record.category] + ([record.description] if record.description else [])
    return f"{record_date(record).isoformat()}-{slug(' '.join(parts))}.yaml"


def build_record(kind: str, fields: dict[str, Any]) -> tuple[BaseModel | None, list[str]]:
    """Validate ``fields`` for a record of ``kind``; problems as plain sentences for the CLI."""
    model = RECORD_KINDS[KIND_FOLDERS[kind]]
    data = {k: v for k, v in fields.items() if v is not None and v != []}
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        from stfolio.loader import field_path

        return None, [f"{field_path(tuple(e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)]


def render_record(kind: str, record: BaseModel, path_in_portfolio: str) -> str:
    """The YAML of a record as a person would write it, pointing editors at its schema.

    The kind's own fields come first (date, kind, title...), then delmål and notes, and the
    intyg last; defaults are left out, so ``status`` appears only for planned records.
    """
    data = record.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    shared = ("delmal", "notes", "status", "intyg")
    order = [name for name in type(record).model_fields if name not in shared] + list(shared)
    ordered = {name: _plain_number(data[name]) for name in order if name in data}
    depth = path_in_portfolio.count("/")
    schema = "../" * depth + f"{SCHEMA_DIR}/{schema_file(kind)}"
    return f"# yaml-language-server: $schema={schema}\n" + dump_yaml(ordered)


def _plain_number(value: Any) -> Any:
    """4500.0 -> 4500: write amounts as people do."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class Written:
    path: Path
    rel: str


def validate_new(portfolio: Portfolio, kind: str, rel: str, text: str) -> tuple[BaseModel | None, list[Finding]]:
    """Check the text of a new record exactly as `check` would, before it is written.

    Every rule of `check` runs on a portfolio holding only the profile and this record, and
    the findings that point into the record are kept: an unknown delmål, a personnummer in a
    note, a BT placement under SOSFS 2015:8 all stop the write.
    """
    from stfolio.check import RULES, check_loaded

    model = RECORD_KINDS[KIND_FOLDERS[kind]]
    source, record, findings = load_text(text, rel, model)
    if record is None or source is None or has_errors(findings):
        return None, findings
    single = Portfolio(root=portfolio.root, profile=portfolio.profile, profile_source=portfolio.profile_source)
    single.entries.append(Entry(rel, KIND_FOLDERS[kind], record, source))
    single.texts[rel] = text
    result = check_loaded(single, RULES)
    findings += [f for f in result.findings if f.location.path == rel]
    return (None if has_errors(findings) else record), findings


def write_record(root: Path, kind: str, name: str, text: str) -> Written:
    """Write a new record file; never overwrites (a suffix is added when the name is taken)."""
    folder = root / KIND_FOLDERS[kind]
    folder.mkdir(exist_ok=True)
    path = write_unique(folder / name, text)
    return Written(path, f"{KIND_FOLDERS[kind]}/{path.name}")


def ensure_schemas(root: Path) -> list[str]:
    """Write the JSON Schemas into the portfolio if missing, so editor links resolve."""
    from stfolio.schemas import write_schemas

    if (root / SCHEMA_DIR / schema_file("profile")).exists():
        return []
    return write_schemas(root / SCHEMA_DIR)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_evidence(root: Path, source: Path, stem: str) -> tuple[str, str]:
    """Copy a scanned document into evidence/ under a safe new name; returns (path, sha256)."""
    evidence = root / "evidence"
    evidence.mkdir(exist_ok=True)
    suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:8]
    name = f"{slug(stem, 60)}-{slug(source.stem, 40)}{suffix}"
    data = source.read_bytes()
    written = write_unique(evidence / name, data)
    return f"evidence/{written.name}", hashlib.sha256(data).hexdigest()


def git_commit(root: Path, paths: list[str], message: str) -> str:
    """Commit exactly ``paths`` (nothing else the user has staged); returns a note for the user."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return "not committed: the portfolio is not a git repository"
    add = subprocess.run([git, "add", "--", *paths], cwd=root, capture_output=True, text=True, check=False)
    if add.returncode != 0:
        return f"not committed: git add failed: {add.stderr.strip()}"
    done = subprocess.run(
        [git, "commit", "--quiet", "-m", message, "--", *paths], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return f"not committed: {done.stderr.strip() or done.stdout.strip()}"
    return f"committed: {message}"


def load_profile(root: Path) -> tuple[Profile | None, Portfolio, list[Finding]]:
    """The profile only (what log needs), without loading every record."""
    from stfolio.loader import load_file

    source, profile, findings = load_file(root, PROFILE_FILE, Profile)
    portfolio = Portfolio(root=root, profile=profile if isinstance(profile, Profile) else None, profile_source=source)
    return portfolio.profile, portfolio, findings


def draft_path(root: Path, name: str) -> Path:
    folder = root / DRAFT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def relative(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:
        return str(path)


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


def splice_intyg(text: str, parsed: Any, index: int | None, fields: dict[str, Any]) -> str:
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
