"""Shared test helpers: build small portfolios inline, run the CLI, compare whole outputs."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stfolio.cli import app

PROFILE_2021 = """\
format: 1
trainee:
  name: Test Testsson
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2025-09-01
bt:
  start: 2025-09-01
"""

MEETING = """\
date: 2025-10-06
kind: handledarsamtal
participants: [Per Holm]
delmal: [BT1]
"""

Files = dict[str, str | bytes]


def write_tree(root: Path, files: Files) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _swedish_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts in the default language, whatever the machine's STFOLIO_LANG says."""
    from stfolio import i18n

    monkeypatch.delenv("STFOLIO_LANG", raising=False)
    monkeypatch.setenv("STFOLIO_NO_CACHE", "1")  # never the developer's cache; tests/test_cache.py turns it on
    i18n.set_language(i18n.DEFAULT)
    yield
    i18n.set_language(i18n.DEFAULT)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test in English (as ``--lang en`` or ``STFOLIO_LANG=en`` would): ask for it by name."""
    from stfolio import i18n

    monkeypatch.setenv("STFOLIO_LANG", "en")
    i18n.set_language("en", explicit=True)
    yield


@pytest.fixture
def portfolio(tmp_path: Path) -> Callable[[Files], Path]:
    """Make a portfolio with a valid 2021 profile plus the given files."""

    def make(files: Files) -> Path:
        root = tmp_path / "p"
        root.mkdir()
        return write_tree(root, {"stfolio.yaml": PROFILE_2021, **files})

    return make


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str]]:
    """Run ``stfolio ARGS`` in-process from folder ``cwd``; returns (exit code, output)."""

    def run(*args: str, cwd: Path, input: str | None = None) -> tuple[int, str]:
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.output

    return run
