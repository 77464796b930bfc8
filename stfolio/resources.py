"""Find the data files stfolio ships: goal catalogues (``goals/``) and templates.

In a checkout and in an editable install they are the top-level ``goals/`` and
``templates/`` folders beside the package; in a wheel, hatchling maps them into the
package as ``stfolio/_data/goals`` and ``stfolio/_data/templates``. This is the one
function that knows both places.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder of shipped data called ``name`` ('goals', 'templates' or 'examples')."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"stfolio's '{name}' folder is missing from this installation ({_PACKAGE})")


def goals_dir() -> Path:
    return data_dir("goals")


def templates_dir() -> Path:
    return data_dir("templates")


EXAMPLE = "psykiatri-2021"


def example_portfolio() -> Path:
    """The bundled example portfolio, for trying stfolio with no set-up."""
    return data_dir("examples") / EXAMPLE


def user_cache_dir() -> Path:
    """stfolio's folder in the user's cache (never inside a portfolio): crash reports, caches.

    ``$XDG_CACHE_HOME/stfolio`` (default ``~/.cache/stfolio``), on Windows
    ``%LOCALAPPDATA%\\stfolio``, on macOS ``~/Library/Caches/stfolio``.
    """
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "stfolio"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "stfolio"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stfolio"
