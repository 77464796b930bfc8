"""The guard itself: a test that cannot fail is a defect, so the guard is shown to see what it must."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import PROFILE_2021, write_tree

from adversarial.conftest import Guard, Run


def test_the_guard_sees_a_read_a_listing_and_a_write_outside(guard: Guard, tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    os.symlink(guard.sentinel, tmp_path / "link-to-sentinel")
    assert guard.outside() == []
    try:
        (tmp_path / "link-to-sentinel").read_text()  # a link inside the test's folder that leads out
        elsewhere.mkdir()
        os.listdir(elsewhere)
        (elsewhere / "x").write_text("x")
        touched = guard.outside()
    finally:
        guard.touched.clear()
        (elsewhere / "x").unlink(missing_ok=True)
        elsewhere.rmdir()
    assert ("list", str(elsewhere.resolve())) in touched
    assert ("write", str((elsewhere / "x").resolve())) in touched
    assert touched == [] or all(path.startswith(str(elsewhere.resolve())) for _, path in touched)


def test_the_guard_sees_the_sentinel_read_by_its_times_too(guard: Guard) -> None:
    if not guard.atime_counts:
        pytest.skip("this file system does not record reads")
    guard.sentinel.read_text()
    guard.touched.clear()  # only the access time is left to tell
    with pytest.raises(AssertionError, match="the sentinel was read"):
        guard.assert_untouched()
    guard.reset_sentinel()
    guard.assert_untouched()


def test_the_guard_denies_and_makes_read_only_as_asked(guard: Guard, tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    guard.deny_read(locked)
    with pytest.raises(PermissionError):
        locked.read_text()
    ro = tmp_path / "ro"
    ro.mkdir()
    guard.read_only(ro)
    with pytest.raises(OSError, match="Read-only"):
        (ro / "new").write_text("x")
    assert (tmp_path / "ok").write_text("fine") == 4


def test_a_plain_check_touches_nothing_outside(run: Run, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE_2021})
    code, _out = run("check", cwd=root)
    assert code == 0
