"""Finding the portfolios: the folders given, or the folders they hold.

A path is a portfolio when it holds ``stfolio.yaml``. Otherwise it is a folder of portfolios,
found one level down (or at any depth with ``recursive``, never below a portfolio and never
through a link). A folder down there that looks like a portfolio (it has record folders) but
lacks its profile is kept, so that its row says so; anything else is not a trainee's.
"""

from __future__ import annotations

import os
from pathlib import Path

from stfolio.model import PROFILE_FILE

RECORD_FOLDERS = ("placements", "courses", "assessments", "meetings", "activities", "leave", "expenses")


def _looks_like_portfolio(folder: Path) -> bool:
    return any((folder / name).is_dir() for name in RECORD_FOLDERS)


def find_portfolios(paths: list[Path], recursive: bool = False) -> list[Path]:
    """The portfolio folders under ``paths``, each once, in the order found (sorted within a folder).

    A path that does not exist, or holds no portfolio, is returned as it is: its row says why.
    """
    found: list[Path] = []
    seen: set[str] = set()

    def add(folder: Path) -> None:
        key = os.path.realpath(folder)
        if key not in seen:
            seen.add(key)
            found.append(folder)

    for path in paths:
        if not path.is_dir() or (path / PROFILE_FILE).is_file():
            add(path)
            continue
        inside = _walk(path) if recursive else _children(path)
        if not inside:
            add(path)  # a folder with no portfolio in it: its row says so
        for folder in inside:
            add(folder)
    return found


def _children(folder: Path) -> list[Path]:
    out = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        child = Path(entry.path)
        if (child / PROFILE_FILE).is_file() or _looks_like_portfolio(child):
            out.append(child)
    return out


def _walk(top: Path) -> list[Path]:
    out = []
    for here, dirs, _files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = Path(here)
        if folder == top:
            continue
        if (folder / PROFILE_FILE).is_file():
            out.append(folder)
            dirs[:] = []  # a portfolio's own folders hold records, not portfolios
        elif _looks_like_portfolio(folder):
            out.append(folder)
            dirs[:] = []
    return out
