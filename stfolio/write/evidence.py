"""Evidence files: copying a scanned intyg into the portfolio under a safe new name, crash-safely.

A copy is made in three steps, so that a crash, a full disk or ``kill -9`` at any moment leaves
nothing half-done that `check` does not name and ``stfolio attach --clean`` cannot finish:

1. ``stage_copy``: the scan is copied to ``evidence/.NAME.stfolio-tmp`` and flushed to disk.
   That hidden name also reserves ``NAME``: a second copy at the same moment takes ``NAME-2``.
2. the caller updates the record, atomically, to refer to ``evidence/NAME``;
3. ``StagedCopy.name_it`` gives the copy its name (a hard link, then the temporary name is
   removed), or ``abandon`` removes it if the record was not changed.

Killed after 1, a temporary file no record refers to is left (STF115; ``--clean`` removes it);
after 2, the record refers to a missing file whose complete copy is still there under its
temporary name (``--clean`` names it, after checking its sha256).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import TEMP_SUFFIX, OutsidePortfolio, real_folder
from stfolio.i18n import T, Text
from stfolio.identifiers import mask_identifiers
from stfolio.text import slug

EVIDENCE = "evidence"
MAX_SCAN_BYTES = 256 * 1024 * 1024  # as the evidence rule: larger files are not hashed by `check`
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def evidence_name(source: Path, stem: str) -> str:
    """'2026-02-02-diagnostik-skanning-001.pdf': the record's name, then the scan's, never an identifier."""
    suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:8]
    return f"{slug(mask_identifiers(stem), 60)}-{slug(mask_identifiers(source.stem), 40)}{suffix}"


def temp_name(final: str) -> str:
    """The hidden name a copy has until it is named ``final``; it reserves ``final`` meanwhile."""
    return f".{final}{TEMP_SUFFIX}"


def final_name(temp: str) -> str | None:
    """The name a temporary copy was meant to get (see ``temp_name``), or None if it is no such copy."""
    if temp.startswith(".") and temp.endswith(TEMP_SUFFIX) and len(temp) > len(TEMP_SUFFIX) + 1:
        return temp[1 : -len(TEMP_SUFFIX)]
    return None


@dataclass(frozen=True)
class StagedCopy:
    """A scan copied into evidence/ under its temporary name, its final name reserved."""

    folder: Path
    name: str
    sha256: str

    @property
    def rel(self) -> str:
        return f"{EVIDENCE}/{self.name}"

    @property
    def temp(self) -> Path:
        return self.folder / temp_name(self.name)

    def name_it(self) -> None:
        """Give the copy its final name (never over an existing file), then drop the temporary one."""
        name_copy(self.temp, self.folder / self.name)

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.temp.unlink()


def name_copy(temp: Path, final: Path) -> None:
    """Link ``temp`` to ``final`` (which must not exist), then remove ``temp``."""
    try:
        os.link(temp, final)
    except FileExistsError:
        raise
    except OSError:  # no hard links (FAT on a USB stick): the name is reserved, so a rename is safe
        os.rename(temp, final)
        return
    temp.unlink()


def stage_copy(root: Path, source: Path, stem: str) -> StagedCopy:
    """Step 1: copy ``source`` into evidence/ under a temporary name that reserves a free final name.

    Raises ``OSError`` (the caller words it with :func:`cannot_write`); nothing is left then.
    """
    folder = real_folder(root, EVIDENCE)
    base = evidence_name(source, stem)
    dot = base.rfind(".") if "." in base else len(base)
    for n in range(1, 10_000):
        name = base if n == 1 else f"{base[:dot]}-{n}{base[dot:]}"
        if os.path.lexists(folder / name):
            continue
        try:
            fd = os.open(folder / temp_name(name), _CREATE, 0o666)
        except FileExistsError:
            continue  # another copy holds this name
        if os.path.lexists(folder / name):  # named a moment ago by a copy that has just finished
            os.close(fd)
            os.unlink(folder / temp_name(name))
            continue
        try:
            digest = _copy_into(fd, source)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(folder / temp_name(name))
            raise
        return StagedCopy(folder, name, digest)
    raise FileExistsError(errno.EEXIST, "no free name in evidence/", base)


def _copy_into(fd: int, source: Path) -> str:
    digest = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
        while block := handle.read(1 << 20):
            size += len(block)
            if size > MAX_SCAN_BYTES:
                raise StfolioError(
                    T(
                        "{file} is larger than {limit} MiB; scan the intyg again at a lower resolution",
                        file=source.name,
                        limit=MAX_SCAN_BYTES // 1024 // 1024,
                    ),
                    exit_code=PROBLEM,
                )
            digest.update(block)
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def copy_evidence(root: Path, source: Path, stem: str) -> tuple[str, str]:
    """Copy a scanned document into evidence/ under a safe new name at once; returns (path, sha256)."""
    staged = stage_copy(root, source, stem)
    try:
        staged.name_it()
    except BaseException:
        staged.abandon()
        raise
    return staged.rel, staged.sha256


def cannot_write(exc: OSError, where: str | Text, changed: str | Text = "") -> StfolioError:
    """The stop for a write that failed, saying why in a person's words (a full disk, a read-only disk)."""
    reason: str | Text
    if isinstance(exc, OutsidePortfolio):
        reason = T("it is a link, and stfolio writes only into real folders inside the portfolio")
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = T("the disk is full")
    elif exc.errno == errno.EROFS:
        reason = T("the portfolio is on a read-only disk")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = T("you have no permission to write there (is the portfolio read-only?)")
    elif isinstance(exc, NotADirectoryError):
        reason = T("a file stands where a folder should be")
    else:
        reason = exc.strerror or str(exc)
    return StfolioError(
        T(
            "cannot write {where}: {reason}; {changed}",
            where=where,
            reason=reason,
            changed=changed or T("nothing was changed"),
        ),
        exit_code=PROBLEM,
    )
