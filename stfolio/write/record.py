"""New records for `stfolio log`: build one from plain fields, check it as `check` would, write it.

The record is rendered to YAML, validated by the very loader and rules that `check` uses, and
only then written: atomically, under a new name (``-2``, ``-3``... when the name is taken),
never over an existing file. A scanned intyg given with it is copied into ``evidence/``
first and removed again if the record is refused.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import real_folder, write_unique
from stfolio.findings import Finding, has_errors
from stfolio.i18n import T
from stfolio.kinds import BY_NAME
from stfolio.loader import Entry, Portfolio, find_root, load_file, load_portfolio, load_text
from stfolio.model import PROFILE_FILE, Profile, Record
from stfolio.text import slug
from stfolio.write.evidence import cannot_write, copy_evidence
from stfolio.write.git import git_commit
from stfolio.write.schemas import SCHEMA_DIR, ensure_schemas, schema_file
from stfolio.yamlio import dump_yaml

DRAFT_DIR = ".stfolio/drafts"
EVIDENCE_PLACEHOLDER = "evidence/(copied when saved)"


def file_name(record: Record) -> str:
    """'2026-03-04-handledarsamtal.yaml': sorts by date, says what it is."""
    return f"{record.first_day().isoformat()}-{slug(' '.join(record.name_words()))}.yaml"


def build_record(kind: str, fields: dict[str, Any]) -> tuple[Record | None, list[tuple[str, str]]]:
    """Validate ``fields`` for a record of ``kind`` ('meeting'); problems as (field, sentence)."""
    model = BY_NAME[kind].model
    data = {k: v for k, v in fields.items() if v is not None and v != []}
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        # The same words as `check` uses for a file, never pydantic's ("Field required").
        from stfolio.shape import translate
        from stfolio.yamlio import ParsedYaml

        found = translate(exc, ParsedYaml(data), f"{BY_NAME[kind].folder}/new", model)
        names = [
            str(next((part for part in tuple(error["loc"]) if isinstance(part, str)), ""))
            for error in exc.errors(include_url=False)
        ]
        return None, [(name, finding.message) for name, finding in zip(names, found, strict=False)]


def render_record(kind: str, record: Record, path_in_portfolio: str) -> str:
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


def validate_new(
    portfolio: Portfolio, kind: str, rel: str, text: str, as_of: dt.date | None = None
) -> tuple[Record | None, list[Finding]]:
    """Check the text of a new record exactly as `check` would, before it is written.

    Every rule of `check` runs on the portfolio as it is plus this record, and the findings
    that point into the record are kept: an unknown delmål, an expense naming a course that
    does not exist, a personnummer in a note, a BT placement under SOSFS 2015:8 all stop the
    write. ``portfolio`` is the one `open_for_writing` loaded; it is not changed.
    """
    from stfolio.rules import RULES, check_loaded

    folder = BY_NAME[kind].folder
    source, record, findings = load_text(text, rel, BY_NAME[kind].model)
    if record is None or source is None or has_errors(findings):
        return None, findings
    trial = Portfolio(root=portfolio.root, profile=portfolio.profile, profile_source=portfolio.profile_source)
    for entry in portfolio.entries:
        if entry.path != rel:
            trial.add(entry)
    trial.add(Entry(rel, folder, record, source))
    trial.texts = {**portfolio.texts, rel: text}
    result = check_loaded(trial, RULES, as_of)
    findings += [f for f in result.findings if f.location.path == rel]
    return (None if has_errors(findings) else record), findings


def check_new(
    portfolio: Portfolio, kind: str, record: Record, as_of: dt.date | None = None
) -> tuple[str, list[Finding]]:
    """What `--dry-run` shows: the record's text and what `check` says of it, writing nothing.

    The scan of a new intyg is not copied yet, so its evidence path is checked as written once
    saved (not as missing now).
    """
    rel = f"{BY_NAME[kind].folder}/{file_name(record)}"
    text = render_record(kind, record, rel)
    unscanned = record
    if record.intyg_list() and record.intyg_list()[0].file == EVIDENCE_PLACEHOLDER:
        first = record.intyg_list()[0].model_copy(update={"file": None})
        unscanned = record.model_copy(update={"intyg": [first, *record.intyg_list()[1:]]})
    _checked, findings = validate_new(portfolio, kind, rel, render_record(kind, unscanned, rel), as_of)
    return text, findings


@dataclass(frozen=True)
class Written:
    path: Path
    rel: str


def write_record(root: Path, kind: str, name: str, text: str) -> Written:
    """Write a new record file; never overwrites (a suffix is added when the name is taken)."""
    folder_name = BY_NAME[kind].folder
    folder = real_folder(root, folder_name)  # a record folder that is a link out is refused, not written through
    path = write_unique(folder / name, text)
    return Written(path, f"{folder_name}/{path.name}")


def load_profile(root: Path) -> tuple[Profile | None, Portfolio, list[Finding]]:
    """The profile only (for defaults such as the huvudhandledare), without loading every record."""
    source, profile, findings = load_file(root, PROFILE_FILE, Profile)
    portfolio = Portfolio(root=root, profile=profile, profile_source=source)
    return portfolio.profile, portfolio, findings


def open_for_writing(start: Path) -> Portfolio:
    """The portfolio at or above ``start``, with its profile, ready to take a new record."""
    root = find_root(start)
    if root is None:
        raise StfolioError(T("no portfolio here (no stfolio.yaml found upward); use --dir or `stfolio init` first"))
    portfolio, _findings = load_portfolio(root)
    if portfolio.profile is None:
        raise StfolioError(T("stfolio.yaml has problems; run `stfolio check` and fix it first"), exit_code=PROBLEM)
    return portfolio


def intyg_block(
    kind: str,
    fields: dict[str, Any],
    profile: Profile,
    scan: Path,
    by: str | None,
    role: str | None,
    date: dt.date | None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The intyg of a new record whose scan is ``scan``: signer, role and date with their defaults.

    The placement's or activity's own handledare signs its intyg, else the huvudhandledare;
    a course's kursintyg is signed by the kursledare, who must be named.
    """
    from stfolio.write.evidence import sha256_of

    if not scan.is_file():
        raise StfolioError(T("--intyg {path}: no such file", path=scan))
    if not BY_NAME[kind].carries_intyg:
        raise StfolioError(T("a {kind} has no intyg", kind=kind))
    own = fields.get("supervisor")
    default_by = own["name"] if own else (profile.supervisor.name if profile.supervisor else None)
    role = role or ("kursledare" if kind == "course" else "handledare")
    issued_by = by or (default_by if role == "handledare" else None)
    if issued_by is None:
        raise StfolioError(T("give --intyg-by: who signed the intyg"))
    today = today or dt.date.today()
    end: dt.date = fields.get("end") or fields.get("start") or fields.get("date") or today
    return {
        "file": EVIDENCE_PLACEHOLDER,
        "issued_by": issued_by,
        "role": role,
        # an intyg is signed on or before today: not on the planned last day of an ongoing placement
        "date": date or min(end, today),
        "sha256": sha256_of(scan),
    }


@dataclass
class Saved:
    """What `log` wrote: the record, the copied scan, and the notes that did not stop it."""

    written: Written
    evidence: str | None
    findings: list[Finding] = field(default_factory=list)
    commit_note: str | None = None


Editor = Callable[[str, str], str]  # (path in the portfolio, text) -> the edited, valid text


def save_new_record(
    portfolio: Portfolio,
    kind: str,
    record: Record,
    scan: Path | None = None,
    edit: Editor | None = None,
    commit: bool = False,
    as_of: dt.date | None = None,
) -> Saved:
    """Copy the scan (if any), check the record as `check` would, and write it as a new file.

    Raises :class:`StfolioError` (with the findings that stopped it) when the record has errors
    or cannot be written; the copied scan is removed again then, so nothing is left behind.
    """
    root = portfolio.root
    name = file_name(record)
    rel = f"{BY_NAME[kind].folder}/{name}"
    evidence_rel = None
    if scan is not None:
        try:
            evidence_rel, _digest = copy_evidence(root, scan, name.removesuffix(".yaml"))
        except OSError as exc:
            raise cannot_write(exc, T("the copy of the intyg into evidence/")) from None
        first = record.intyg_list()[0].model_copy(update={"file": evidence_rel})
        record = record.model_copy(update={"intyg": [first]})
    text = render_record(kind, record, rel)
    try:
        if edit is not None:
            text = edit(rel, text)
        checked, findings = validate_new(portfolio, kind, rel, text, as_of)
        if checked is None:
            raise StfolioError(
                T("nothing written: the {kind} has problems (above)", kind=kind),
                exit_code=PROBLEM,
                findings=findings,
                root=root,
            )
        try:
            written = write_record(root, kind, name, text)
        except OSError as exc:
            folder = root / BY_NAME[kind].folder
            raise StfolioError(
                T("cannot write in {folder}: {reason}", folder=folder, reason=exc.strerror or exc), exit_code=PROBLEM
            ) from None
    except BaseException:
        if evidence_rel is not None:
            (root / evidence_rel).unlink(missing_ok=True)  # our own copy; nothing of the user's is lost
        raise
    schemas = ensure_schemas(root)
    saved = Saved(written, evidence_rel, findings)
    if commit:
        paths = [written.rel] + ([evidence_rel] if evidence_rel else []) + [f"{SCHEMA_DIR}/{s}" for s in schemas]
        saved.commit_note = git_commit(root, paths, f"Log {kind}: {written.rel}")
    return saved


def draft_path(root: Path, name: str) -> Path:
    """Where `log --edit` keeps a draft: ``.stfolio/drafts/``, a real folder that git ignores."""
    from stfolio.write.scaffold import ignore_drafts

    try:
        folder = real_folder(root, DRAFT_DIR)
        ignore_drafts(folder)
    except OSError as exc:
        raise StfolioError(
            T("cannot keep a draft in {folder}/: {reason}", folder=DRAFT_DIR, reason=exc.strerror or exc),
            exit_code=PROBLEM,
        ) from None
    return folder / name


def relative(path: Path) -> str:
    """A path as the user would type it from where they stand."""
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:
        return str(path)
