"""Shell completion: the scripts `stfolio completion` prints, bash pressing tab through them, and the
cheap catalogue scan the completions read, held to exactly what the catalogue itself says."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio import names
from stfolio.catalogue import shipped_goal_data

Cli = Callable[..., tuple[int, str]]
BIN = Path(sys.executable).parent


def test_the_scan_finds_exactly_the_catalogues_goals_for_every_specialty() -> None:
    data = shipped_goal_data()
    for regulation in data.regulations:
        shipped = data.catalogue(regulation)
        assert shipped is not None
        for specialty in [None, *shipped.specialties_shipped, "radiologi", "arbetsmedicin", "socialmedicin"]:
            catalogue = data.catalogue(regulation, specialty)
            assert catalogue is not None
            expected = [(goal.id, goal.title) for goal in catalogue.goals_for(specialty)]
            assert names.goal_ids(regulation, specialty) == expected, (regulation, specialty)


def test_a_portfolios_own_c_goals_and_policy_packs_are_offered(portfolio: Callable[..., Path]) -> None:
    local_goals = "regulation: HSLF-FS 2021:8\nspecialty: geriatrik\ngoals:\n  - id: STc1\n    group: STc\n    title: Geriatrisk bedömning\n"
    root = portfolio({"goals/geriatrik.yaml": local_goals, "goals/policies/min-klinik.yaml": "id: min-klinik\n"})
    assert ("STc1", "Geriatrisk bedömning") in names.goal_ids("HSLF-FS 2021:8", "geriatrik", root)
    assert ("STc1", "Geriatrisk bedömning") not in names.goal_ids("HSLF-FS 2021:8", "geriatrik")
    assert names.policy_names(root) == [
        "min-klinik",
        "se-kronoberg-ryggsack",
        "se-psykiatri-manual",
        "se-spur",
        "se-sus",
    ]
    assert names.profile_scope(root) == ("HSLF-FS 2021:8", "psykiatri")


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _stfolio_completion stfolio"),
        ("zsh", "compdef _stfolio_completion stfolio"),
        ("fish", "complete --command stfolio --no-files"),
    ],
)
def test_completion_prints_the_script_for_each_shell(cli: Cli, tmp_path: Path, shell: str, expected: str) -> None:
    code, out = cli("completion", shell, cwd=tmp_path)
    assert code == 0 and expected in out and "_STFOLIO_COMPLETE=complete_" in out


def test_an_unknown_shell_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("completion", "tcsh", cwd=tmp_path)
    assert code == 2 and "'tcsh' är inte något av 'bash', 'zsh', 'fish'" in out


def _ids(regulation: str, specialty: str, prefix: str) -> list[str]:
    """The catalogue's own ids starting with ``prefix``, in its order: what tab should offer."""
    catalogue = shipped_goal_data().catalogue(regulation, specialty)
    assert catalogue is not None
    return [goal.id for goal in catalogue.goals_for(specialty) if goal.id.startswith(prefix)]


needs_bash = pytest.mark.skipif(
    shutil.which("bash") is None or not (BIN / "stfolio").exists(), reason="needs bash and the installed stfolio"
)


@functools.cache
def _bash_script() -> str:
    return subprocess.run([BIN / "stfolio", "completion", "bash"], capture_output=True, text=True, check=True).stdout


def _tab(words: str, cwd: Path) -> list[str]:
    """What bash offers for the tab key after ``words`` (a trailing space completes a new word)."""
    program = (
        f"{_bash_script()}\n"
        f"COMP_WORDS=({words})\n"
        + ("COMP_WORDS+=('')\n" if words.endswith(" ") else "")
        + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_stfolio_completion stfolio\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("STFOLIO_LANG", None)
    done = subprocess.run(
        ["bash", "--norc", "-c", program], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


@needs_bash
def test_tab_completes_commands_and_the_record_kinds_of_log(tmp_path: Path) -> None:
    assert _tab("stfolio lo", tmp_path) == ["log"]
    assert _tab("stfolio im", tmp_path) == ["import"]
    assert _tab("stfolio import ", tmp_path) == ["st-ark", "csv"]
    assert _tab("stfolio log ", tmp_path) == [
        "meeting",
        "assessment",
        "course",
        "placement",
        "activity",
        "leave",
        "expense",
    ]
    assert _tab("stfolio log pl", tmp_path) == ["placement"]
    assert _tab("stfolio completion ", tmp_path) == ["bash", "zsh", "fish"]


@needs_bash
def test_tab_completes_the_delmal_of_the_portfolios_catalogue(portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    inside = root / "meetings"
    inside.mkdir()
    assert _tab("stfolio log meeting -d STa", inside) == [f"STa{n}" for n in range(1, 8)]
    assert _tab("stfolio log course --delmal STb", root) == ["STb1", "STb2", "STb3", "STb4"]
    assert _tab("stfolio log course -d STa1,STa", root) == [f"STa1,STa{n}" for n in range(2, 8)]
    assert _tab("stfolio status --goal STc1", root) == _ids("HSLF-FS 2021:8", "psykiatri", "STc1")
    assert _tab("stfolio goals show BT1", root) == ["BT1"] + [f"BT{n}" for n in range(10, 19)]
    assert _tab("stfolio log course -d stb", root) == ["stb1", "stb2", "stb3", "stb4"]  # read as STb1…
    assert _tab("stfolio log course -d STa1,sta", root) == [f"STa1,sta{n}" for n in range(2, 8)]


@needs_bash
def test_tab_completes_goals_of_the_regulation_and_specialty_asked_for(tmp_path: Path) -> None:
    asked = "stfolio goals show --regulation 2015 --specialty psykiatri c1"
    assert _tab(asked, tmp_path) == _ids("SOSFS 2015:8", "psykiatri", "c1")
    assert _tab("stfolio goals show ST", tmp_path)[:3] == ["STa1", "STa2", "STa3"]  # outside a portfolio: 2021


@needs_bash
def test_tab_completes_policy_packs(tmp_path: Path) -> None:
    assert _tab("stfolio init min-st --policy se-s", tmp_path) == ["se-spur", "se-sus"]


@needs_bash
def test_zsh_and_fish_get_the_same_candidates_through_their_protocols(portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    asked = {**env, "_STFOLIO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "stfolio log meeting -d STb"}
    zsh = subprocess.run([BIN / "stfolio"], cwd=root, env=asked, capture_output=True, text=True, check=True).stdout
    assert zsh.startswith('_arguments \'*: :(("STb1":"') and zsh.count('"STb') == 4
    if shutil.which("fish") is None:
        return
    script = subprocess.run([BIN / "stfolio", "completion", "fish"], capture_output=True, text=True, check=True).stdout
    fish = subprocess.run(
        ["fish", "--no-config", "-c", f"{script}\ncomplete -C 'stfolio log meeting -d STb'"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert [line.split("\t")[0] for line in fish.splitlines()] == ["STb1", "STb2", "STb3", "STb4"]
