"""The user's language: where it comes from, the catalogs, and numbers and dates per language."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio import i18n

REPO = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str]]


def test_every_message_has_both_translations() -> None:
    pytest.importorskip("babel", reason="Babel (a dev dependency) reads the catalogs")
    spec = importlib.util.spec_from_file_location("catalogs", REPO / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    catalogs = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = catalogs
    spec.loader.exec_module(catalogs)
    assert catalogs.missing() == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ["13,9", "5\u00a0000", "5\u00a0000\u00a0kr", "1 december 2026", "21\u00a0%"]),
        ("en", ["13.9", "5,000", "SEK\u00a05,000", "1 December 2026", "21%"]),
    ],
)
def test_numbers_and_dates_follow_the_language(language: str, expected: list[str]) -> None:
    with i18n.using(language):
        shown = [
            i18n.decimal(13.94),
            i18n.integer(5000),
            i18n.kronor(5000),
            i18n.long_date(dt.date(2026, 12, 1)),
            i18n.percent(0.21),
        ]
    assert shown == expected


def test_the_flag_wins_over_the_environment_which_wins_over_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "stfolio.yaml").write_text("format: 1\nlanguage: en  # reports in English\n")
    monkeypatch.chdir(tmp_path)
    i18n.configure(None)
    i18n.adopt_nearest_profile_language()
    assert i18n.current() == "en"  # the profile's language
    monkeypatch.setenv("STFOLIO_LANG", "sv")
    i18n.configure(None)
    i18n.adopt_nearest_profile_language()
    assert i18n.current() == "sv"  # the environment over the profile
    i18n.configure("en")
    i18n.adopt_profile_language("sv")
    assert i18n.current() == "en"  # the flag over both


def test_swedish_is_the_default_and_english_complete(cli: Cli, tmp_path: Path) -> None:
    assert i18n.current() == "sv" and i18n._("Show the version and exit.") == "Visa versionen och avsluta."
    with i18n.using("en"):
        assert i18n._("Show the version and exit.") == "Show the version and exit."
    code, out = cli("--lang", "fi", "check", cwd=tmp_path)
    assert code == 2 and "'fi' är inget språk i stfolio; ange sv eller en" in out


@pytest.mark.parametrize("damage", [b"", b"\xde\x12\x04\x95", b"not a catalog at all"])
def test_a_damaged_compiled_catalog_falls_back_to_its_source(tmp_path: Path, damage: bytes) -> None:
    """A .mo cut short (a build rewriting it meanwhile, a full disk) must not stop stfolio."""
    pytest.importorskip("babel", reason="Babel (a dev dependency) compiles the .po in memory")
    folder = tmp_path / "LC_MESSAGES"
    folder.mkdir()
    (folder / "x.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "error"\nmsgstr "fel"\n'
    )
    (folder / "x.mo").write_bytes(damage)
    os.utime(folder / "x.po", (1, 1))  # the .mo looks newer: it is tried first
    catalog = i18n._load(folder, "x")
    assert catalog is not None and catalog.gettext("error") == "fel"
