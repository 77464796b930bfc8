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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new_file(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``; raise ``FileExistsError`` if it exists."""
    data = text.encode("utf-8")
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
