"""`stfolio attach`: copy a scanned intyg into evidence/ and record it, with its sha256, in a record.

The record keeps its comments and key order: only the intyg lines are spliced in at the
positions the parser recorded. The new text is parsed and validated before it replaces the
old one, and the copied scan is removed again whenever the record is not changed. A full disk
or a read-only portfolio is a clear message; ``clean_leftovers`` (`attach --clean`) finishes or
removes what a crash or a killed process left.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import TEMP_SUFFIX, is_real_folder, read_inside, replace_file, sha256_regular
from stfolio.i18n import T
from stfolio.kinds import BY_FOLDER, FOLDERS
from stfolio.loader import MAX_FILE_BYTES, find_root, load_portfolio, load_text
from stfolio.model import Profile, Record
from stfolio.write.evidence import EVIDENCE, MAX_SCAN_BYTES, cannot_write, final_name, name_copy, stage_copy, temp_name
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
    target = Path(os.path.abspath(to))
    # The portfolio is found from the path as written, not from where a link on it leads.
    lexical = next((folder for folder in target.parents if (folder / "stfolio.yaml").is_file()), None)
    root = find_root(lexical) if lexical is not None else None
    if root is None or not target.is_file():
        raise StfolioError(T("{path}: no such record", path=to))
    if not target.resolve().is_relative_to(root):
        raise StfolioError(T("{path} leads outside the portfolio; attach only to records inside it", path=to))
    rel = target.resolve().relative_to(root).as_posix()
    kind = BY_FOLDER.get(rel.split("/")[0])
    if kind is None or not kind.carries_intyg:
        raise StfolioError(T("{path} is not a record that takes an intyg (placements, courses, activities)", path=rel))
    # The record is edited where it really is, reached without a link: never through one.
    if not is_real_folder(root, str(Path(rel).parent)):
        raise StfolioError(
            T(
                "{folder}/ is a link; attach edits records only in real folders of the portfolio",
                folder=Path(rel).parent,
            )
        )
    return _Target(root, root / rel, rel, kind.model)


def attach_scan(request: AttachRequest) -> Attached:
    """Copy ``request.scan`` into evidence/ and add it to the record; raises StfolioError.

    Crash-safe (``stfolio.write.evidence``): the copy is staged under a temporary name, the
    record is replaced atomically, and only then is the copy named. Whatever fails before the
    record changes leaves nothing behind; a kill leaves what `attach --clean` finishes.
    """
    if not request.scan.is_file():
        raise StfolioError(T("{path}: no such file", path=request.scan))
    target = _target(request.to)
    try:
        raw = read_inside(target.root, target.rel, MAX_FILE_BYTES)
    except OSError as exc:
        raise StfolioError(
            T("cannot read {path}: {reason}", path=target.rel, reason=exc.strerror or exc), exit_code=PROBLEM
        ) from None
    original = raw.decode("utf-8", errors="replace")
    crlf = "\r\n" in original  # a Windows editor's line endings are kept as they are
    text = original.replace("\r\n", "\n")
    parsed, record, findings = load_text(text, target.rel, target.model)
    if record is None or parsed is None:
        raise StfolioError(
            T("{path} has problems; fix them first", path=target.rel),
            exit_code=PROBLEM,
            findings=findings,
            root=target.root,
        )
    profile = load_profile(target.root)[0]
    try:
        staged = stage_copy(target.root, request.scan, target.path.stem)
    except OSError as exc:
        raise cannot_write(exc, T("the copy of the scan into evidence/")) from None
    try:
        new_text = _spliced(request, target, text, parsed, record, profile, staged.rel, staged.sha256)
        replace_file(target.path, new_text.replace("\n", "\r\n") if crlf else new_text)
    except OSError as exc:
        staged.abandon()
        raise cannot_write(exc, target.rel) from None
    except BaseException:
        staged.abandon()
        raise
    try:
        staged.name_it()
    except OSError as exc:
        raise cannot_write(
            exc,
            staged.rel,
            T(
                "{path} already refers to it and the copy is kept as {copy}; `stfolio attach --clean` names it",
                path=target.rel,
                copy=EVIDENCE + "/" + temp_name(staged.name),
            ),
        ) from None
    note = None
    if request.commit:
        note = git_commit(target.root, [target.rel, staged.rel], f"Attach intyg to {target.rel}")
    return Attached(target.root, target.path, target.rel, staged.rel, staged.sha256, note)


@dataclass(frozen=True)
class Cleaned:
    """What `attach --clean` did: copies it named for records that referred to them, files it removed."""

    finished: list[str]
    removed: list[str]
    kept: list[str]  # temporary copies whose content did not match the record: left for a person


def clean_leftovers(root: Path) -> Cleaned:
    """Finish or remove what an interrupted `attach` or `log` left in the portfolio.

    A temporary copy in evidence/ whose final name a record refers to, and which is missing,
    is named (when its sha256 matches the record's, or the record gives none); every other
    temporary file stfolio left (``.NAME.stfolio-tmp``) is removed. Only real folders of the
    portfolio are looked in, never through a link. Run it when no other stfolio command is.
    """
    portfolio, _findings = load_portfolio(root)
    expected: dict[str, str | None] = {}
    for entry in portfolio.entries:
        for intyg in entry.record.intyg_list():
            if intyg.file:
                expected[intyg.file.replace("\\", "/")] = intyg.sha256
    mentioned = "\n".join(portfolio.texts.values())  # a record that no longer validates still counts
    finished: list[str] = []
    removed: list[str] = []
    kept: list[str] = []
    for temp in _leftovers(root):
        rel = temp.relative_to(root).as_posix()
        final = final_name(temp.name)
        target = f"{temp.parent.relative_to(root).as_posix()}/{final}" if final else None
        wanted = target is not None and rel.startswith(f"{EVIDENCE}/") and (target in expected or target in mentioned)
        if wanted and target is not None and not os.path.lexists(root / target):
            if expected.get(target) not in (None, sha256_regular(temp, MAX_SCAN_BYTES)):
                kept.append(rel)
                continue
            name_copy(temp, root / target)
            finished.append(target)
            continue
        temp.unlink()
        removed.append(rel)
    return Cleaned(finished, removed, kept)


def _leftovers(root: Path) -> list[Path]:
    """stfolio's temporary files in the folders it writes to, reached without links."""
    found: list[Path] = []
    for top in (*FOLDERS, EVIDENCE, ".stfolio", "reports"):
        if not is_real_folder(root, top):
            continue
        for folder, subfolders, files in os.walk(root / top):  # os.walk does not follow linked folders
            subfolders.sort()
            found.extend(Path(folder) / f for f in sorted(files) if f.startswith(".") and f.endswith(TEMP_SUFFIX))
    return found


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
                T(
                    "intyg {number} of {path} already has the file {file}; "
                    "attach the new scan as a new intyg (without --intyg), or edit the record by hand",
                    number=number,
                    path=target.rel,
                    file=existing[number - 1].file,
                )
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
            raise StfolioError(T("give --by: who signed the intyg"))
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
        raise StfolioError(T("{path}: {problem}", path=target.rel, problem=exc), exit_code=PROBLEM) from None
    _parsed, checked, problems = load_text(new_text, target.rel, target.model)
    if checked is None:  # never expected: we only add valid lines; refuse rather than corrupt (a bug)
        messages = "; ".join(f"{p.location}: {p.message}" for p in problems)
        raise RuntimeError(f"adding the intyg to {target.rel} gave an invalid record ({messages}); nothing changed")
    return new_text
