"""Evidence: whether each intyg's scanned file is where it says, inside the portfolio, unchanged.

Judged once per run (the context holds the result): the evidence rule reports what is wrong,
and an intyg whose scan is missing, outside the portfolio, unreadable or changed since it was
attached does not attest anything — not in `status`, the reports, nor the application checklist.
Each file is judged on its own: a file that cannot be read is that intyg's problem, never a
reason to stop judging the others.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from stfolio.loader import Portfolio

State = Literal["ok", "no-checksum", "outside", "missing", "unreadable", "changed"]
ATTESTING: frozenset[State] = frozenset({"ok", "no-checksum"})
_CHUNK = 1 << 16


@dataclass(frozen=True)
class EvidenceCheck:
    """One intyg's scan: the record, which intyg (0-based), the path as written, and its state."""

    path: str
    index: int
    file: str
    state: State
    detail: str = ""  # why a file could not be read, in the system's words

    @property
    def attests(self) -> bool:
        return self.state in ATTESTING


def _digest(target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def judge_evidence(portfolio: Portfolio) -> dict[tuple[str, int], EvidenceCheck]:
    """Every intyg with a ``file``, by (record path, intyg index)."""
    root = portfolio.root.resolve()
    hashes: dict[Path, str] = {}
    checks: dict[tuple[str, int], EvidenceCheck] = {}
    for entry in portfolio.readable:
        for index, intyg in enumerate(entry.record.intyg_list()):
            if intyg.file is None:
                continue
            state, detail = _judge(root, intyg.file, intyg.sha256, hashes)
            checks[(entry.path, index)] = EvidenceCheck(entry.path, index, intyg.file, state, detail)
    return checks


def _judge(root: Path, written: str, sha256: str | None, hashes: dict[Path, str]) -> tuple[State, str]:
    relative = PurePosixPath(written.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        return "outside", ""
    try:
        target = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a NUL byte, a name too long
        return "unreadable", str(getattr(exc, "strerror", None) or exc)
    if not target.is_relative_to(root):
        return "outside", ""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return "missing", ""
    except (OSError, ValueError) as exc:
        return "unreadable", str(getattr(exc, "strerror", None) or exc)
    if not stat.S_ISREG(info.st_mode):
        return "unreadable", "not a regular file"
    if sha256 is None:
        return "no-checksum", ""
    if target not in hashes:
        try:
            hashes[target] = _digest(target)
        except OSError as exc:
            return "unreadable", str(exc.strerror or exc)
    return ("ok" if hashes[target] == sha256 else "changed"), ""
