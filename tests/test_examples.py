"""Every example portfolio checks exactly as documented in ``examples/<name>.check.txt``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PORTFOLIOS = sorted(p for p in EXAMPLES.iterdir() if (p / "stfolio.yaml").is_file())

Cli = Callable[..., tuple[int, str]]
AS_OF = "2026-11-23"  # the examples are documented as of this day


def test_there_are_examples() -> None:
    assert {p.name for p in PORTFOLIOS} >= {"psykiatri-2021", "broken"}


@pytest.mark.parametrize("example", PORTFOLIOS, ids=lambda p: p.name)
def test_example_checks_as_documented(cli: Cli, example: Path) -> None:
    expected = (EXAMPLES / f"{example.name}.check.txt").read_text(encoding="utf-8")
    code, out = cli("check", "--as-of", AS_OF, cwd=example)
    assert out == expected
    assert code == (1 if " fel" in expected.splitlines()[-1] else 0)


def test_broken_example_shows_many_kinds_of_finding(cli: Cli) -> None:
    _code, out = cli("check", "--format", "json", cwd=EXAMPLES / "broken")
    import json

    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert len(codes) >= 8, codes


def test_bundled_example_has_no_errors(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("check", "--example", "--as-of", AS_OF, cwd=tmp_path)
    assert code == 0
    assert out.endswith("kontrollerade 61 filer per 23 november 2026: 3 varningar\n")
    assert " fel " not in out


@pytest.mark.parametrize("example", PORTFOLIOS, ids=lambda p: p.name)
def test_example_ignores_what_init_ignores(example: Path) -> None:
    from stfolio.write.scaffold import GITIGNORE

    wanted = [line for line in GITIGNORE.splitlines() if line and not line.startswith("#")]
    have = (example / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert [line for line in wanted if line not in have] == []


def test_forms_does_not_warn_about_git_on_the_bundled_example(cli: Cli, tmp_path: Path) -> None:
    import shutil
    import subprocess

    portfolio = tmp_path / "p"
    shutil.copytree(EXAMPLES / "psykiatri-2021", portfolio)
    subprocess.run(["git", "init", "-q"], cwd=portfolio, check=True)
    args = ["--lang", "en", "forms", "st", "--blanks", str(tmp_path / "none"), "--as-of", AS_OF]
    code, out = cli(*args, cwd=portfolio)
    assert code == 1 and "download them from Socialstyrelsen" in out  # no blanks here: only the warning matters
    assert "not ignored by git" not in out
