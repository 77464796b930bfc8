"""Evidence: whether each intyg's scanned file is where it says, inside the portfolio, unchanged.

Judged once per run (the context holds the result); the evidence rule reports what is wrong,
and an intyg whose scan is missing, outside the portfolio, unreadable or changed since it was
attached does not attest anything: not in `status`, the reports, nor the application checklist.

An intyg's ``file`` must stay inside the portfolio, exist, be a regular file that can be read,
and (when a ``sha256`` is given) still have the checksum recorded when it was attached. Each
intyg is judged on its own: a link loop, an unreadable file, a pipe or a scan too large to hash
is a finding for that intyg (STF416–STF418), and a bug met on one of them is an internal-error
finding at that intyg, so one poisoned file never hides what the others show.
"""

from __future__ import annotations

import dataclasses
import stat
import traceback
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from stfolio.files import LinkLoop, NotRegularFile, OutsidePortfolio, TooLarge, resolve_inside, sha256_regular
from stfolio.findings import Finding, Location, make
from stfolio.i18n import T
from stfolio.loader import Entry, Portfolio
from stfolio.model import Intyg, Record

MAX_EVIDENCE_BYTES = 256 * 1024 * 1024  # a scanned intyg is a few MiB; a sparse 1 TB file is not one


@dataclass(frozen=True)
class EvidenceCheck:
    """One intyg's scan: the record, which intyg (0-based), the path as written, what is wrong (if anything)."""

    path: str
    index: int
    file: str
    finding: Finding | None  # None: in order

    @property
    def attests(self) -> bool:
        """A scan that is in order, or one only without a checksum (STF413), lets the intyg attest."""
        return self.finding is None or self.finding.code == "STF413"


def judge_evidence(portfolio: Portfolio) -> dict[tuple[str, int], EvidenceCheck]:
    """Every intyg with a ``file``, by (record path, intyg index)."""
    root = portfolio.root
    hashes: dict[Path, str | Finding] = {}  # one read per file, however many intyg name it
    checks: dict[tuple[str, int], EvidenceCheck] = {}
    for entry in portfolio.readable:
        for i, intyg in enumerate(entry.record.intyg_list()):
            if intyg.file is None:
                continue
            try:
                found = _judge(root, entry, i, intyg, hashes)
            except Exception as exc:  # a bug, met on this intyg only: say where, and go on
                where = traceback.extract_tb(exc.__traceback__)[-1]
                found = make(
                    "STF001",
                    entry.location("intyg", i, "file"),
                    T(
                        "internal error while checking this evidence file: {error}: {detail}",
                        error=type(exc).__name__,
                        detail=exc,
                    ),
                    T(
                        "this is a bug in stfolio ({file}:{line}); please report it; the other evidence files were checked",
                        file=Path(where.filename).name,
                        line=where.lineno,
                    ),
                )
            checks[(entry.path, i)] = EvidenceCheck(entry.path, i, intyg.file, found)
    return checks


def _judge(root: Path, entry: Entry[Record], i: int, intyg: Intyg, hashes: dict[Path, str | Finding]) -> Finding | None:
    assert intyg.file is not None
    where = entry.location("intyg", i, "file")
    shown = intyg.file[:120]
    written = PurePosixPath(intyg.file.replace("\\", "/"))
    try:
        target = resolve_inside(root, str(written)) if not written.is_absolute() else None
        info = target.stat() if target is not None and ".." not in written.parts else None
    except OutsidePortfolio:
        target = None
    except LinkLoop:
        return make(
            "STF416",
            where,
            T("evidence file '{file}' is a link that leads back to itself", file=shown),
            T("replace the link with the scanned file itself"),
        )
    except FileNotFoundError:
        return make(
            "STF411",
            where,
            T("evidence file '{file}' does not exist", file=shown),
            T("scan the intyg into evidence/ (see `stfolio attach`), or correct the path"),
        )
    except (OSError, ValueError) as exc:  # a NUL byte, a name too long for the disk, a permission on the way
        return make(
            "STF411",
            where,
            T(
                "evidence path {file} cannot be a file: {reason}",
                file=repr(intyg.file[:80]),
                reason=getattr(exc, "strerror", None) or exc,
            ),
            T("correct the path"),
        )
    if target is None or info is None:
        return make(
            "STF410",
            where,
            T("evidence path '{file}' leads outside the portfolio", file=shown),
            T("copy the document into evidence/ with `stfolio attach` and refer to it there"),
        )
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(shown, where)
    if intyg.sha256 is None:
        return make(
            "STF413",
            where,
            T("evidence file '{file}' has no sha256, so a swapped file would go unnoticed", file=shown),
            T("`stfolio attach` records it; or add sha256: with the output of `sha256sum FILE`"),
        )
    if target not in hashes:
        hashes[target] = _digest(target, shown, where)
    digest = hashes[target]
    if isinstance(digest, Finding):
        return dataclasses.replace(digest, location=where)
    if digest != intyg.sha256:
        return make(
            "STF412",
            entry.location("intyg", i, "sha256"),
            T("evidence file '{file}' has changed since it was attached (its sha256 differs)", file=shown),
            T(
                "if the new file is the right one, update sha256 (`stfolio attach` again); "
                "otherwise restore the original from git"
            ),
        )
    return None


def _digest(target: Path, shown: str, where: Location) -> str | Finding:
    """The file's SHA-256, or the finding that says why it cannot be read."""
    try:
        return sha256_regular(target, MAX_EVIDENCE_BYTES)
    except NotRegularFile:
        return _not_regular(shown, where)
    except TooLarge as exc:
        return make(
            "STF418",
            where,
            T(
                "evidence file '{file}' is {size} MiB; files above {limit} MiB are not hashed",
                file=shown,
                size=round(exc.size / 1024 / 1024),
                limit=MAX_EVIDENCE_BYTES // 1024 // 1024,
            ),
            T("a scanned intyg is a few MiB; scan it again at a lower resolution"),
        )
    except OSError as exc:
        return make(
            "STF416",
            where,
            T("evidence file '{file}' cannot be read: {reason}", file=shown, reason=exc.strerror or exc),
            T("check the file's permissions (`chmod u+r`), or scan the intyg again"),
        )


def _not_regular(shown: str, where: Location) -> Finding:
    return make(
        "STF417",
        where,
        T("evidence file '{file}' is not a regular file (a folder, device, pipe or socket)", file=shown),
        T("refer to the scanned PDF or image itself"),
    )
