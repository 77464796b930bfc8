"""Files in a portfolio: read without leaving it, write without ever losing or overwriting anything.

Reading: a portfolio can come from anyone, so a path in it is resolved first and must stay
inside the portfolio (a link to ``/etc/passwd`` or a loop is refused, not followed), and only a
regular file is opened, without blocking (a pipe or a device never is) and read up to a bound.

Writing: a new file is written to a hidden temporary file in the same folder, flushed to disk,
and then linked into place: ``os.link`` fails if the name exists, so two writers can never
clobber each other and a crash leaves at most a hidden temporary file, never a half
record under the real name. Folders are written into only if they are real folders inside the
portfolio (``real_folder``), never through a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from stfolio.cache import note_read

TEMP_SUFFIX = ".stfolio-tmp"
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class OutsidePortfolio(OSError):
    """A path that leads, through a link or ``..``, outside the folder it must stay in."""


class LinkLoop(OSError):
    """A link that leads back to itself, so it resolves to nothing."""


class NotRegularFile(OSError):
    """A folder, device, pipe or socket where a file was expected."""


class TooLarge(OSError):
    """A file larger than the reader's bound; ``size`` is what it holds (as far as known)."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "file too large")
        self.size = size


def resolve_inside(root: Path, rel: str | Path) -> Path:
    """The real path of ``root / rel``, which must lie inside ``root``.

    Raises :class:`OutsidePortfolio` when it (or a link on the way) leads outside,
    :class:`LinkLoop` for a link that loops; a missing path is returned as it would be.
    """
    real_root = root.resolve()
    try:
        target = (root / rel).resolve()
    except RuntimeError:  # Python 3.11 and 3.12: "Symlink loop from ..."
        raise LinkLoop(errno.ELOOP, "link loop", str(rel)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LinkLoop(errno.ELOOP, "link loop", str(rel)) from None
        raise
    if not target.is_relative_to(real_root):
        raise OutsidePortfolio(errno.EXDEV, "leads outside the portfolio", str(rel))
    note_read(target.parts[len(real_root.parts) :])  # the result cache does not key .git/
    return target


def read_inside(root: Path, rel: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``root / rel`` (inside ``root``), at most ``limit`` of them.

    Raises :class:`OutsidePortfolio`, :class:`LinkLoop`, :class:`NotRegularFile`,
    :class:`TooLarge` or the ``OSError`` of the system (missing, permissions).
    """
    found = _read_where_it_says(root, rel, limit) if _OPEN_FILES is not None else None
    return found if found is not None else read_regular(resolve_inside(root, rel), limit)


# Where the system names each open file (Linux): the kernel's own answer to "where is it really".
_OPEN_FILES = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else None


def _read_where_it_says(root: Path, rel: str | Path, limit: int) -> bytes | None:
    """The common case in one open: ``root / rel`` is the real path of the file it opens.

    Resolving a path walks it one link check at a time, twice per file (the root and the file);
    here the file is opened as written (no final link, no blocking), and the system says where
    the open file really is. If that is exactly the path as written, below the root, nothing on
    the way is a link and the file is inside; then it is checked and read from the open file as
    ``read_regular`` does. Anything else (a link, ``..``, an error) returns None, and the
    resolving path decides, with its own findings.
    """
    literal = os.path.join(root, rel)
    if not literal.startswith(os.path.join(root, "")):
        return None
    try:
        fd = os.open(literal, _READ_FLAGS)
    except OSError:
        return None
    try:
        try:
            if os.readlink(f"{_OPEN_FILES}/{fd}") != literal:
                return None
        except OSError:
            return None
        note_read((literal[len(str(root)) + 1 :].split(os.sep, 1)[0],))
        return _read_open(fd, literal, limit)
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """Open ``path`` without following a final link or blocking, check it is a regular file, read it.

    The type and size are taken from the open file (``fstat``), so what is read is what was
    checked, and a file growing while it is read is still cut at ``limit`` + 1 bytes.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        return _read_open(fd, str(path), limit)
    finally:
        os.close(fd)


def _read_open(fd: int, path: str, limit: int) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(errno.EINVAL, "not a regular file", path)
    if info.st_size > limit:
        raise TooLarge(info.st_size)
    chunks = []
    size = 0
    request = info.st_size + 1  # what fstat says, and a byte more to see the end: one read, no 1 MiB buffer
    while size <= limit:
        chunk = os.read(fd, request)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        request = min(1 << 20, limit + 1 - size)
    if size > limit:
        raise TooLarge(max(size, info.st_size))
    return b"".join(chunks)


def is_real_folder(root: Path, rel: str) -> bool:
    """Whether ``root / rel`` is a folder reached without any link: safe to list and read from."""
    try:
        real_folder(root, rel, create=False)
    except OSError:
        return False
    return True


def sha256_regular(path: Path, limit: int) -> str:
    """The SHA-256 of the regular file ``path`` (no final link, no pipe), read in blocks up to ``limit``."""
    import hashlib

    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        digest = hashlib.sha256()
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                raise TooLarge(size)
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def real_folder(root: Path, rel: str, create: bool = True) -> Path:
    """The folder ``root / rel`` for writing into: a real folder inside the portfolio, made if missing.

    Every part of ``rel`` must be a folder, not a link (not even one that stays inside): what
    stfolio writes lands exactly where the portfolio says, never somewhere a link points.
    Raises :class:`OutsidePortfolio` for a link, ``NotADirectoryError`` for a file in the way.
    """
    folder = root
    for part in Path(rel).parts:
        folder = folder / part
        try:
            info = folder.lstat()
        except FileNotFoundError:
            if not create:
                raise
            with contextlib.suppress(FileExistsError):  # another stfolio made it a moment ago
                folder.mkdir()
            info = folder.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise OutsidePortfolio(errno.EXDEV, "is a link; stfolio writes only into real folders", str(folder))
        if not stat.S_ISDIR(info.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    return folder


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


def replace_file(path: Path, content: str | bytes) -> None:
    """Atomically replace an existing file's content (a record edited in place, a report written again)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
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
