"""The wheel carries the goal catalogues and templates, and the installed package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from stfolio.resources import goals_dir, templates_dir

REPO = Path(__file__).resolve().parent.parent


def test_resources_are_found_from_a_checkout_or_editable_install() -> None:
    assert (goals_dir() / "specialties.yaml").is_file()
    assert (templates_dir() / "init" / "README.md.j2").is_file()


def test_wheel_contains_goals_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("stfolio-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "stfolio/_data/goals/specialties.yaml" in names
    assert "stfolio/_data/goals/hslf-fs-2021-8/regulation.yaml" in names
    assert "stfolio/_data/templates/init/README.md.j2" in names
    assert "stfolio/cli/__init__.py" in names
    assert not any(name.startswith(("tests/", "examples/")) or "__pycache__" in name for name in names)


def test_installed_wheel_runs_and_finds_its_data(tmp_path: Path) -> None:
    """Unpack the wheel on its own and run it: the _data folders must be where resources look."""
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("stfolio-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from stfolio.resources import goals_dir, templates_dir; print(goals_dir()); print(templates_dir())"
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == [str(site / "stfolio" / "_data" / "goals"), str(site / "stfolio" / "_data" / "templates")]
