"""`attach` killed at any step, on a full disk, in a read-only portfolio: nothing is lost or left over.

A ``kill -9`` cannot be caught, so it is simulated: every call that changes the disk (creating,
flushing, linking, renaming, removing a file) is counted in a normal attach; then, for each one,
attach runs again and the portfolio is copied exactly as it is just before that call — the
state a kill at that moment leaves — and the process "dies" (no clean-up runs). The copy must
then check without a crash, name what was left, and `attach --clean` must leave it consistent:
either the record unchanged and no copy, or the record changed and its scan in place.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree
from test_cli_log import PROFILE

from adversarial.conftest import Guard, Run
from stfolio.files import TEMP_SUFFIX
from stfolio.rules import check_portfolio
from stfolio.write.attach import AttachRequest, attach_scan

COURSE = (
    "title: Kurs  # i Lund\nstart: 2026-02-02\nintyg:\n  - issued_by: Eva\n    role: kursledare\n    date: 2026-02-04\n"
)
SCAN = b"%PDF-1.4 kursintyg" * 1000
DIGEST = hashlib.sha256(SCAN).hexdigest()
STEPS = ("open", "fsync", "link", "rename", "replace", "unlink", "chmod")


class Killed(BaseException):
    """The process died here (a BaseException, as KeyboardInterrupt: no `except Exception` catches it)."""


def build(folder: Path) -> tuple[Path, Path]:
    root = write_tree(folder / "st", {"stfolio.yaml": PROFILE, "courses/k.yaml": COURSE})
    scan = folder / "skanning.pdf"
    scan.write_bytes(SCAN)
    return root, scan


def attach(root: Path, scan: Path) -> None:
    attach_scan(AttachRequest(scan=scan, to=root / "courses/k.yaml", by="Eva Berg"))


def count_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    root, scan = build(tmp_path / "count")
    seen: list[str] = []
    for name in STEPS:
        real = getattr(os, name)

        def step(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            inside = any(str(a).startswith(str(root)) for a in args if isinstance(a, str | os.PathLike))
            if _name == "open" and not (len(args) > 1 and args[1] & os.O_CREAT):
                inside = False
            if inside or _name == "fsync":
                seen.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, step)
    attach(root, scan)
    monkeypatch.undo()
    return seen


def leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(f"*{TEMP_SUFFIX}"))


def assert_consistent(root: Path) -> None:
    """Either nothing happened, or the attach is complete: never a half state, never a leftover."""
    assert leftovers(root) == []
    text = (root / "courses/k.yaml").read_text()
    evidence = sorted(p.name for p in (root / "evidence").iterdir()) if (root / "evidence").exists() else []
    if text == COURSE:
        assert evidence == []
    else:
        assert text.startswith(COURSE) and "sha256: " + DIGEST in text
        assert evidence == ["k-skanning.pdf"]
        assert (root / "evidence/k-skanning.pdf").read_bytes() == SCAN
    assert check_portfolio(root).problems == []


@pytest.fixture
def kill_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    points = count_steps(tmp_path, monkeypatch)
    assert {"open", "fsync", "replace", "link", "unlink"} <= set(points)  # the steps are really seen
    return points


def test_attach_killed_at_any_step_leaves_what_clean_finishes(
    cli: Callable[..., tuple[int, str]],
    guard: Guard,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kill_points: list[str],
) -> None:
    for at, name in enumerate(kill_points):
        root, scan = build(tmp_path / f"run{at}")
        snapshot = tmp_path / f"killed{at}" / "st"

        def die(_name: str, root: Path = root, snapshot: Path = snapshot) -> type[Killed]:
            shutil.copytree(root, snapshot, symlinks=True)  # the disk as a kill here leaves it
            return Killed

        _patch_steps(monkeypatch, root, at, die)
        with pytest.raises(Killed):
            attach(root, scan)
        monkeypatch.undo()

        code, out = cli("check", cwd=snapshot)
        assert code in (0, 1), (at, name, out)
        if leftovers(snapshot):
            assert "STF115" in out, (at, name, out)
        code, out = cli("attach", "--clean", cwd=snapshot)
        assert code == 0, (at, name, out)
        assert_consistent(snapshot)
    guard.touched.clear()  # the copies above were the test's own writes


@pytest.mark.parametrize("errno_", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO])
def test_attach_failing_at_any_step_says_why_and_leaves_it_consistent(
    english: None,
    cli: Callable[..., tuple[int, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kill_points: list[str],
    errno_: int,
) -> None:
    for at, name in enumerate(kill_points):
        root, scan = build(tmp_path / f"run{at}")

        def fail(_name: str) -> None:
            raise OSError(errno_, os.strerror(errno_))

        _patch_steps(monkeypatch, root, at, fail)
        code, out = cli("--lang", "en", "attach", str(scan), "--to", "courses/k.yaml", "--by", "Eva Berg", cwd=root)
        monkeypatch.undo()
        assert code in (0, 1), (at, name, out)
        if code == 1:
            assert out.startswith("stfolio: cannot write "), (at, name, out)
        if leftovers(root):  # failed after the record changed: the message says how to finish
            assert "`stfolio attach --clean` names it" in out, (at, name, out)
            assert cli("attach", "--clean", cwd=root)[0] == 0
        assert_consistent(root)


def test_a_full_disk_and_a_read_only_portfolio_are_clear_messages(
    english: None, run: Run, guard: Guard, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, scan = build(guard.folder)
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, out = run("attach", str(scan), "--to", "courses/k.yaml", "--by", "Eva", cwd=root)
    assert (code, out) == (
        1,
        "stfolio: cannot write the copy of the scan into evidence/: the disk is full; nothing was changed\n",
    )
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert_consistent(root)

    guard.read_only(root)
    code, out = run("attach", str(scan), "--to", "courses/k.yaml", "--by", "Eva", cwd=root)
    assert code == 1
    assert out == (
        "stfolio: cannot write the copy of the scan into evidence/: the portfolio is on a read-only disk; "
        "nothing was changed\n"
    )
    code, out = run("log", "meeting", "--date", "2026-03-04", cwd=root)
    assert code == 1 and "Read-only file system" in out
    assert (root / "courses/k.yaml").read_text() == COURSE


def test_clean_keeps_a_copy_that_does_not_match_its_record(cli: Callable[..., tuple[int, str]], tmp_path: Path) -> None:
    root, _scan = build(tmp_path)
    (root / "courses/k.yaml").write_text(COURSE + f"    file: evidence/k-skanning.pdf\n    sha256: {DIGEST}\n")
    (root / "evidence").mkdir()
    (root / "evidence" / f".k-skanning.pdf{TEMP_SUFFIX}").write_bytes(SCAN[:100])  # cut short
    (root / "evidence" / f".gammal.pdf.x1y2z3{TEMP_SUFFIX}").write_bytes(b"old")
    code, out = cli("attach", "--clean", cwd=root)
    assert (code, out) == (
        0,
        "tog bort evidence/.gammal.pdf.x1y2z3.stfolio-tmp\n"
        "behöll evidence/.k-skanning.pdf.stfolio-tmp: den stämmer inte med den sha256 som posten anger; "
        "bifoga skanningen igen\n",
    )
    assert cli("attach", "--clean", cwd=root)[1].startswith("behöll")


def _patch_steps(monkeypatch: pytest.MonkeyPatch, root: Path, at: int, hook: Callable[[str], Any]) -> None:
    """Call ``hook`` just before the ``at``-th disk-changing call; if it returns Killed, every later call dies too."""
    count = [0]
    dead = [False]
    for name in STEPS:
        real = getattr(os, name)

        def step(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            if dead[0]:
                raise Killed
            inside = any(str(a).startswith(str(root)) for a in args if isinstance(a, str | os.PathLike))
            if _name == "open" and not (len(args) > 1 and args[1] & os.O_CREAT):
                inside = False  # reading is no step
            if inside or _name == "fsync":
                if count[0] == at:
                    count[0] += 1
                    if hook(_name) is Killed:
                        dead[0] = True
                        raise Killed
                else:
                    count[0] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, step)
