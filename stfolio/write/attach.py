"""`stfolio attach`: copy a scanned intyg into evidence/ and record it, with its sha256, in a record.

The record keeps its comments and key order: only the intyg lines are spliced in at the
positions the parser recorded. The new text is parsed and validated before it replaces the
old one, and the copied scan is removed again whenever the record is not changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import replace_file
from stfolio.kinds import BY_FOLDER
from stfolio.loader import find_root, load_text
from stfolio.model import Profile, Record
from stfolio.write.evidence import copy_evidence
from stfolio.write.git import git_commit
from stfolio.write.record import load_profile
from stfolio.yamlio import ParsedYaml, SpliceError, splice_intyg


@dataclass(frozen=True)
class AttachRequest:
    scan: Path  # the scanned intyg
    to: Path  # the record, as the user gave it (relative to where they stand, or absolute)
    intyg_number: int | None = None  # fill in the file of this intyg (1 = the first) instead of adding one
    by: str | None = None  # who signed it (a new intyg); default the huvudhandledare
    role: str | None = None  # the signer's role, already matched to an allowed value
    date: dt.date | None = None  # date signed (a new intyg); default the record's last day
    commit: bool = False


@dataclass(frozen=True)
class Attached:
    root: Path
    record: Path  # the record changed
    rel: str  # its path in the portfolio
    evidence: str  # the copy in evidence/
    sha256: str
    commit_note: str | None = None


@dataclass(frozen=True)
class _Target:
    root: Path
    path: Path
    rel: str
    model: type[Record]


def _target(to: Path) -> _Target:
    target = to if to.is_absolute() else Path.cwd() / to
    root = find_root(target.parent if target.parent.exists() else Path.cwd())
    if root is None or not target.is_file():
        raise StfolioError(f"{to}: no such record")
    if not target.resolve().is_relative_to(root):
        raise StfolioError(f"{to} leads outside the portfolio; attach only to records inside it")
    rel = target.resolve().relative_to(root).as_posix()
    kind = BY_FOLDER.get(rel.split("/")[0])
    if kind is None or not kind.carries_intyg:
        raise StfolioError(f"{rel} is not a record that takes an intyg (placements, courses, activities)")
    return _Target(root, target, rel, kind.model)


def attach_scan(request: AttachRequest) -> Attached:
    """Copy ``request.scan`` into evidence/ and add it to the record; raises StfolioError."""
    if not request.scan.is_file():
        raise StfolioError(f"{request.scan}: no such file")
    target = _target(request.to)
    original = target.path.read_bytes().decode("utf-8", errors="replace")
    crlf = "\r\n" in original  # a Windows editor's line endings are kept as they are
    text = original.replace("\r\n", "\n")
    parsed, record, findings = load_text(text, target.rel, target.model)
    if record is None or parsed is None:
        raise StfolioError(
            f"{target.rel} has problems; fix them first", exit_code=PROBLEM, findings=findings, root=target.root
        )
    profile = load_profile(target.root)[0]
    evidence_rel, digest = copy_evidence(target.root, request.scan, target.path.stem)
    try:
        new_text = _spliced(request, target, text, parsed, record, profile, evidence_rel, digest)
    except BaseException:
        (target.root / evidence_rel).unlink(missing_ok=True)
        raise
    replace_file(target.path, new_text.replace("\n", "\r\n") if crlf else new_text)
    note = None
    if request.commit:
        note = git_commit(target.root, [target.rel, evidence_rel], f"Attach intyg to {target.rel}")
    return Attached(target.root, target.path, target.rel, evidence_rel, digest, note)


def _spliced(
    request: AttachRequest,
    target: _Target,
    text: str,
    parsed: ParsedYaml,
    record: Record,
    profile: Profile | None,
    evidence_rel: str,
    digest: str,
) -> str:
    """The record's new text with the intyg added (or filled in), checked to be a valid record."""
    fields: dict[str, Any]
    if request.intyg_number is not None:
        existing = record.intyg_list()
        number = request.intyg_number
        if 0 < number <= len(existing) and existing[number - 1].file:
            raise StfolioError(
                f"intyg {number} of {target.rel} already has the file {existing[number - 1].file}; "
                "attach the new scan as a new intyg (without --intyg), or edit the record by hand"
            )
        fields = {"file": evidence_rel, "sha256": digest}
        index: int | None = number - 1
    else:
        folder = target.rel.split("/")[0]
        role = request.role or ("kursledare" if folder == "courses" else "handledare")
        signer = request.by or (
            profile.supervisor.name if profile and profile.supervisor and role == "handledare" else None
        )
        if signer is None:
            raise StfolioError("give --by: who signed the intyg")
        fields = {
            "file": evidence_rel,
            "issued_by": signer,
            "role": role,
            "date": request.date or record.last_day(),
            "sha256": digest,
        }
        index = None
    try:
        new_text = splice_intyg(text, parsed, index, fields)
    except SpliceError as exc:
        raise StfolioError(f"{target.rel}: {exc}", exit_code=PROBLEM) from None
    _parsed, checked, problems = load_text(new_text, target.rel, target.model)
    if checked is None:  # never expected: we only add valid lines; refuse rather than corrupt (a bug)
        messages = "; ".join(f"{p.location}: {p.message}" for p in problems)
        raise RuntimeError(f"adding the intyg to {target.rel} gave an invalid record ({messages}); nothing changed")
    return new_text
