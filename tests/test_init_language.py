"""`init` writes the portfolio in the language the user speaks: the profile's language and its README."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str]]
SARA = ["--name", "Sara Lind", "--specialty", "psykiatri", "--st-start", "2025-09-01", "--route", "utlandsk"]


@pytest.mark.parametrize(
    ("args", "language", "title", "row"),
    [
        ([], "sv", "# ST-portfölj: Sara Lind\n", "| `courses/` | kurser med kursintyg |\n"),
        (["--lang", "en"], "en", "# ST portfolio: Sara Lind\n", "| `courses/` | courses, with their kursintyg |\n"),
        (["--lang", "en", "init", "--language", "sv"], "sv", "# ST-portfölj: Sara Lind\n", "| Mapp | Innehåll |\n"),
        (["init", "--language", "en"], "en", "# ST portfolio: Sara Lind\n", "| Folder | What it holds |\n"),
    ],
)
def test_the_profile_and_the_readme_speak_the_users_language(
    cli: Cli, tmp_path: Path, args: list[str], language: str, title: str, row: str
) -> None:
    command = args if "init" in args else [*args, "init"]
    code, _out = cli(*command, "st", *SARA, "--no-git", cwd=tmp_path)
    assert code == 0
    assert f"\nlanguage: {language}\n" in (tmp_path / "st" / "stfolio.yaml").read_text(encoding="utf-8")
    readme = (tmp_path / "st" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(title) and row in readme
