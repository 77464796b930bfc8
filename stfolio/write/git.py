"""git, for portfolios that are repositories: a first commit at `init`, one commit per change.

stfolio commits exactly the files it wrote, never anything else the user has staged, and
never fails a command because git is missing or unconfigured: it says so instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from stfolio.i18n import T, _


def git_commit(root: Path, paths: list[str], message: str) -> str:
    """Commit exactly ``paths`` (nothing else the user has staged); returns a note for the user."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return _("not committed: the portfolio is not a git repository")
    add = subprocess.run([git, "add", "--", *paths], cwd=root, capture_output=True, text=True, check=False)
    if add.returncode != 0:
        return str(T("not committed: git add failed: {error}", error=add.stderr.strip()))
    done = subprocess.run(
        [git, "commit", "--quiet", "-m", message, "--", *paths], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return str(T("not committed: {error}", error=done.stderr.strip() or done.stdout.strip()))
    return str(T("committed: {message}", message=message))


def git_init(root: Path, written: list[str]) -> list[str]:
    """git init and a first commit of exactly what init wrote (never files already there)."""
    git = shutil.which("git")
    if git is None:
        return [_("git is not installed, so the portfolio is not under version control yet")]
    if (root / ".git").exists():
        return [_("the folder is already a git repository; nothing committed")]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([git, *args], cwd=root, capture_output=True, text=True, check=False)

    if run("init", "--quiet").returncode != 0:
        return [_("git init failed; the portfolio is not under version control")]
    if run("config", "user.email").returncode != 0:
        return [
            _(
                "git repository created, but nothing committed: git does not know who you are; run "
                '`git config --global user.name "Ditt Namn"` and `git config --global user.email du@example.se`, '
                'then `git add -A && git commit -m "Start ST portfolio"`'
            )
        ]
    run("add", "--", *written)
    done = run("commit", "--quiet", "-m", "Start ST portfolio (stfolio init)")
    if done.returncode != 0:
        return [str(T("git repository created, but the first commit failed: {error}", error=done.stderr.strip()))]
    return [_("git repository created with a first commit")]
