"""The guard every adversarial test runs under: what stfolio touched outside the test's folder.

Python's audit hooks see every ``open`` (reading or writing), every folder listed, and every
file created, renamed, linked or removed, by any code in the process, with the path as given;
the guard resolves it (following links, which is how a hostile portfolio would reach out) and
records anything that lands outside the test's folder and outside the installed Python and
stfolio. The sentinel outside the portfolio is checked too: same content, same modification
time, and the same access time where the file system records reads at all (checked first).

The guard can also make chosen paths fail as the kernel would for an ordinary user (this
machine runs the tests as root, who may read anything): ``deny_read`` raises PermissionError
on opening them, ``read_only`` raises EROFS on any write below a folder.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import stfolio
from stfolio.resources import data_dir

SENTINEL_TEXT = "SENTINEL: the reader's private file, outside every portfolio\n"
OLD = 1_577_836_800  # 2020-01-01: the sentinel's modification time
OLDER = 1_546_300_800  # 2019-01-01: its access time, older, so that any read moves it (relatime)
_WRITES = {"os.rename", "os.link", "os.remove", "os.rmdir", "os.mkdir", "os.symlink", "os.chmod", "os.truncate"}
_LISTS = {"os.listdir", "os.scandir"}


@dataclass
class _State:
    recording: list[tuple[str, str]] | None = None
    denied: set[str] = field(default_factory=set)
    read_only: list[str] = field(default_factory=list)
    busy: bool = False


_STATE = _State()


def _paths(event: str, args: tuple[object, ...]) -> list[tuple[object, bool]]:
    """(path, is a write) for the events the guard watches."""
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )
        return [(path, bool(writing))]
    if event in ("os.rename", "os.link"):
        return [(args[0], True), (args[1], True)]
    if event == "os.symlink":  # (where it points, the link): only the link is written
        return [(args[1], True)]
    if event in _WRITES:
        return [(args[0], True)]
    if event in _LISTS:
        return [(args[0] if args else ".", False)]
    return []


def _hook(event: str, args: tuple[object, ...]) -> None:
    state = _STATE
    if state.busy or (state.recording is None and not state.denied and not state.read_only):
        return
    watched = _paths(event, args)
    if not watched:
        return
    state.busy = True
    try:
        for path, writing in watched:
            if isinstance(path, int) or path is None:
                continue
            text = os.fsdecode(path)  # type: ignore[arg-type]
            absolute = os.path.abspath(text)
            real = os.path.realpath(absolute)
            if event == "open" and not writing and (absolute in state.denied or real in state.denied):
                raise PermissionError(errno.EACCES, "Permission denied", text)
            if writing and any((p + os.sep).startswith(r + os.sep) for p in (absolute, real) for r in state.read_only):
                raise OSError(errno.EROFS, "Read-only file system", text)
            if state.recording is not None:
                state.recording.append((f"{'write' if writing else 'list' if event in _LISTS else 'read'}", real))
    finally:
        state.busy = False


sys.addaudithook(_hook)


@dataclass
class Guard:
    """The test's folder, a sentinel outside the portfolio, and what stfolio touched."""

    folder: Path
    sentinel: Path
    touched: list[tuple[str, str]]
    atime_counts: bool

    def deny_read(self, path: Path) -> None:
        _STATE.denied.add(os.path.abspath(path))

    def read_only(self, folder: Path) -> None:
        _STATE.read_only.append(os.path.abspath(folder))

    def outside(self) -> list[tuple[str, str]]:
        """Everything touched outside the test's folder, Python's installation and stfolio's own files."""
        allowed = [
            str(self.folder.resolve()),
            os.path.realpath(sys.prefix),
            os.path.realpath(sys.base_prefix),
            str(Path(stfolio.__file__).resolve().parent),
            str(data_dir("goals").resolve()),
            str(data_dir("templates").resolve()),
            os.devnull,
        ]
        imports = [os.path.realpath(p or ".") for p in sys.path]  # the import system lists these and reads code

        def under(path: str, roots: list[str]) -> bool:
            return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)

        return [
            (kind, path)
            for kind, path in self.touched
            if not under(path, allowed)
            and not (kind == "list" and path in imports)
            and not (kind == "read" and path.endswith((".py", ".pyc")) and under(path, imports))
        ]

    def assert_untouched(self) -> None:
        """Nothing outside was read or written, and the sentinel is as it was."""
        assert self.outside() == []
        info = self.sentinel.stat()  # the times first: reading the content below moves the access time
        assert info.st_mtime == OLD
        if self.atime_counts:
            assert info.st_atime == OLDER, "the sentinel was read"
        recording, _STATE.recording = _STATE.recording, None
        try:
            assert self.sentinel.read_text() == SENTINEL_TEXT
        finally:
            _STATE.recording = recording
            self.reset_sentinel()

    def reset_sentinel(self) -> None:
        os.utime(self.sentinel, (OLDER, OLD))


def _reads_move_atime(folder: Path) -> bool:
    probe = folder / "atime-probe"
    probe.write_text("x")
    os.utime(probe, (OLDER, OLD))
    probe.read_text()
    moved = probe.stat().st_atime != OLDER
    probe.unlink()
    return moved


@pytest.fixture
def guard(tmp_path: Path) -> Iterator[Guard]:
    outside = tmp_path / "outside"
    outside.mkdir()
    sentinel = outside / "sentinel.txt"
    sentinel.write_text(SENTINEL_TEXT)
    os.utime(sentinel, (OLDER, OLD))
    touched: list[tuple[str, str]] = []
    made = Guard(tmp_path, sentinel, touched, _reads_move_atime(outside))
    _STATE.recording = touched
    try:
        yield made
    finally:
        _STATE.recording = None
        _STATE.denied.clear()
        _STATE.read_only.clear()


Run = Callable[..., tuple[int, str]]


@pytest.fixture
def run(cli: Run, guard: Guard) -> Run:
    """``cli`` that also asserts the exit code is 0, 1 or 2 and that nothing outside was touched."""

    def checked(*args: str, cwd: Path, input: str | None = None) -> tuple[int, str]:
        code, out = cli(*args, cwd=cwd, input=input)
        assert code in (0, 1, 2), out
        assert SENTINEL_TEXT.strip() not in out
        guard.assert_untouched()
        return code, out

    return checked
