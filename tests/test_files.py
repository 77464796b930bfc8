"""Reading inside a portfolio: the one-open path and the resolving path agree on every path."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio import files


def _outcome(read: Callable[[Path, str, int], bytes], root: Path, rel: str) -> object:
    try:
        return read(root, rel, 64)
    except OSError as exc:
        return type(exc).__name__, exc.errno


def _resolving(root: Path, rel: str, limit: int) -> bytes:
    return files.read_regular(files.resolve_inside(root, rel), limit)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and pipes need a POSIX system")
def test_read_inside_says_what_resolving_says(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("secret: 1\n")
    root = tmp_path / "p"
    (root / "meetings/2025").mkdir(parents=True)
    (root / "meetings/a.yaml").write_text("date: 2025-10-06\n")
    (root / "meetings/2025/b.yaml").write_text("")
    (root / "meetings/big.yaml").write_text("x" * 65)
    (root / "meetings/edge.yaml").write_text("x" * 64)
    (root / "meetings/inside-link.yaml").symlink_to(root / "meetings/a.yaml")
    (root / "meetings/out-link.yaml").symlink_to(outside / "secret.yaml")
    (root / "meetings/loop.yaml").symlink_to(root / "meetings/loop.yaml")
    (root / "courses").symlink_to(outside)
    os.mkfifo(root / "meetings/pipe.yaml")
    rels = [
        "meetings/a.yaml",
        "meetings/2025/b.yaml",
        "meetings/big.yaml",
        "meetings/edge.yaml",
        "meetings/inside-link.yaml",
        "meetings/out-link.yaml",
        "meetings/loop.yaml",
        "meetings/pipe.yaml",
        "meetings/missing.yaml",
        "meetings/2025",
        "courses/secret.yaml",
        "meetings/../meetings/a.yaml",
        "meetings/../../outside/secret.yaml",
        "./meetings/a.yaml",
        "meetings//a.yaml",
        str(outside / "secret.yaml"),
    ]
    for rel in rels:
        assert _outcome(files.read_inside, root, rel) == _outcome(_resolving, root, rel), rel
    assert files.read_inside(root, "meetings/a.yaml", 64) == b"date: 2025-10-06\n"
    assert files.read_inside(root, "meetings/edge.yaml", 64) == b"x" * 64
