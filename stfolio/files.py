"""Write new files without ever losing or overwriting anything.

A new file is written to a hidden temporary file in the same folder, flushed to disk, and
then linked into place: ``os.link`` fails if the name exists, so two writers can never
clobber each other and a crash leaves at most a hidden temporary file, never a half
record under the real name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".stfolio-tmp"


def write_unique(path: Path, content: str | bytes) -> Path:
    """Create ``path``, or ``name-2.yaml``, ``name-3.yaml``... if taken; returns the path used.

    Safe against concurrent writers: each attempt is an exclusive create.
    """
    for n in range(1, 10_000):
        candidate = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        try:
            write_new_file(candidate, content)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free name for {path}")


def replace_file(path: Path, content: str) -> None:
    """Atomically replace an existing file's content (used to edit a record in place)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new_file(path: Path, content: str | bytes) -> None:
    """Create ``path`` holding ``content``; raise ``FileExistsError`` if it exists."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a record is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # Filesystems without hard links (FAT on a USB stick): exclusive create instead.
            with open(path, "xb") as handle:
                handle.write(data)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
