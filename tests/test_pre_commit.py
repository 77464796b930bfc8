"""pre-commit: the hook stfolio offers, the config `init --pre-commit` writes, and pre-commit itself
running it in a portfolio repository: a commit with an error is refused, one with warnings goes in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str]]
SARA = ["--name", "Sara Lind", "--specialty", "psykiatri", "--st-start", "2025-09-01", "--route", "utlandsk-examen"]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit works on git repositories")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """git with an identity, pre-commit's cache in the test's folder, this stfolio on the PATH."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.se\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    environment = dict(os.environ)
    environment["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    environment["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environment.get("PATH", "")
    return environment


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_hook_checks_the_whole_portfolio_and_is_valid_for_pre_commit(env: dict[str, str]) -> None:
    manifest = REPO / ".pre-commit-hooks.yaml"
    assert _pre_commit("validate-manifest", str(manifest), cwd=REPO, env=env).returncode == 0
    (hook,) = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames", "always_run")} == {
        "id": "stfolio-check",
        "entry": "stfolio check",
        "language": "python",
        "pass_filenames": False,
        "always_run": True,
    }


def test_init_pre_commit_writes_a_config_that_uses_the_hook(
    english: None, cli: Cli, tmp_path: Path, env: dict[str, str]
) -> None:
    code, out = cli("init", "st", *SARA, "--pre-commit", "--no-git", cwd=tmp_path)
    assert code == 0
    assert ".pre-commit-config.yaml" in out.splitlines()[2]  # in the `wrote:` line
    assert "  .pre-commit-config.yaml: run `pre-commit install` in the folder to check every commit" in out
    root = tmp_path / "st"
    config = root / ".pre-commit-config.yaml"
    assert _pre_commit("validate-config", str(config), cwd=root, env=env).returncode == 0
    (local,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert local["repo"] == "local"
    assert local["hooks"][0]["id"] == "stfolio-check" and local["hooks"][0]["entry"] == "stfolio check"
    # The pinned alternative, ready to uncomment, uses the hook of .pre-commit-hooks.yaml.
    assert "  # - repo: STFOLIO_REPOSITORY_URL\n  #   rev: v0.1.0\n  #   hooks:\n  #     - id: stfolio-check\n" in (
        config.read_text(encoding="utf-8")
    )
    assert "pre-commit install" in (root / "README.md").read_text(encoding="utf-8")


def test_without_the_flag_there_is_no_config(cli: Cli, tmp_path: Path) -> None:
    code, _out = cli("init", "st", *SARA, "--no-git", cwd=tmp_path)
    assert code == 0 and not (tmp_path / "st" / ".pre-commit-config.yaml").exists()
    assert "pre-commit" not in (tmp_path / "st" / "README.md").read_text(encoding="utf-8")


def _commit(root: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=root, env=env, check=True)
    return subprocess.run(
        ["git", "commit", "-m", message], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def test_pre_commit_refuses_a_commit_with_errors_and_lets_warnings_through(
    english: None, cli: Cli, tmp_path: Path, env: dict[str, str]
) -> None:
    code, out = cli("init", "st", *SARA, "--pre-commit", cwd=tmp_path)
    assert code == 0 and "git repository created with a first commit" in out
    root = tmp_path / "st"
    assert _pre_commit("install", cwd=root, env=env).returncode == 0

    (root / "notes.txt").write_text("a stray file: a warning (STF108), not an error\n")
    warned = _commit(root, env, "A stray file")
    assert warned.returncode == 0, warned.stdout + warned.stderr
    shown = warned.stdout + warned.stderr
    assert "stfolio check" in shown and "Passed" in shown

    (root / "meetings" / "2026-01-10-handledarsamtal.yaml").write_text(
        "date: 2026-01-10\nkind: handledarsamtal\ndelmal: [STx9]\n", encoding="utf-8"
    )
    refused = _commit(root, env, "An unknown delmål")
    assert refused.returncode != 0
    shown = refused.stdout + refused.stderr
    assert "Failed" in shown and "error STF401" in shown
    log = subprocess.run(["git", "log", "--format=%s"], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert log.stdout.splitlines() == ["A stray file", "Start ST portfolio (stfolio init)"]
