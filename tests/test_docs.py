"""The documentation cannot drift from the code: every code, command and the README's commands."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from stfolio.cli import app
from stfolio.findings import CODES

REPO = Path(__file__).resolve().parent.parent


def test_every_finding_code_is_documented_with_its_severity() -> None:
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for code, (severity, name) in CODES.items():
        assert re.search(rf"^\| {code} \| {severity} \| {re.escape(name)} \|", text, re.M), code


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        assert sub.help, name
        assert f"stfolio {name}" in readme, name
        for child_name, child in getattr(sub, "commands", {}).items():
            assert child.help, f"{name} {child_name}"


def test_readme_first_screen_gives_the_two_commands_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = readme[readme.index("```sh") + 1 : readme.index("```sh") + 3]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert len(block) == 2
    assert all(line in ci for line in block)
    assert readme.index("```sh") < 15
