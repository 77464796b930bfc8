"""``stfolio init``: lay out a new portfolio folder around a profile."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from stfolio.files import TEMP_SUFFIX, write_new_file
from stfolio.model import PROFILE_FILE, RECORD_KINDS, Profile
from stfolio.resources import templates_dir

FOLDERS = (*RECORD_KINDS, "evidence")


GITIGNORE = f"""\
# stfolio: half-written temporary files (never records)
.*{TEMP_SUFFIX}
# operating-system and office clutter
.DS_Store
Thumbs.db
~$*
"""


def render_template(template: str, **context: object) -> str:
    """Render a shipped template; unknown variables fail loudly (StrictUndefined)."""
    import jinja2  # only init and report need jinja2, so keep it off the start-up path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown and YAML, never HTML
    )
    return env.get_template(template).render(**context)


class PortfolioExists(Exception):
    """The target folder already holds a portfolio; init never overwrites one."""


@dataclass
class Created:
    root: Path
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def render_profile(profile: Profile) -> str:
    data = profile.model_dump(mode="python", exclude_none=True)
    return PROFILE_HEADER + dump_yaml(data)


PROFILE_HEADER = "# stfolio profile (portfolio format 1): see `stfolio check` and the README\n"


class _PlainDumper(yaml.SafeDumper):
    """Never writes anchors and aliases: a shared date must appear as itself twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump_yaml(data: object) -> str:
    """YAML as people write it: keys in model order, Unicode as is, no anchors."""
    return yaml.dump(
        data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def create_portfolio(root: Path, profile: Profile, git: bool = True) -> Created:
    """Create the portfolio at ``root`` (which may exist); never overwrites a file."""
    if (root / PROFILE_FILE).exists():
        raise PortfolioExists(f"{root / PROFILE_FILE} already exists; stfolio init never overwrites a portfolio")
    from stfolio.loader import find_root

    outer = find_root(root.parent) if root.parent.exists() or root.parent.parent.exists() else None
    if outer is not None:
        raise PortfolioExists(f"{root} would lie inside the portfolio {outer}; create it elsewhere")
    root.mkdir(parents=True, exist_ok=True)
    created = Created(root)
    write_new_file(root / PROFILE_FILE, render_profile(profile))
    created.written.append(PROFILE_FILE)
    for folder in FOLDERS:
        (root / folder).mkdir(exist_ok=True)
        keep = root / folder / ".gitkeep"  # so git records the empty folder
        if not keep.exists():
            write_new_file(keep, "")
        created.written.append(folder + "/")
    readme = render_template("init/README.md.j2", name=profile.trainee.name, regulation=profile.regulation)
    for name, text in (("README.md", readme), (".gitignore", GITIGNORE)):
        try:
            write_new_file(root / name, text)
            created.written.append(name)
        except FileExistsError:
            created.notes.append(f"kept the existing {name}")
    created.written.extend(_editor_support(root, created))
    if git:
        created.notes.extend(_git_init(root, created.written))
    return created


def _editor_support(root: Path, created: Created) -> list[str]:
    """JSON Schemas for completion in editors, and the VS Code mapping that uses them."""
    import json

    from stfolio.recording import SCHEMA_DIR
    from stfolio.schemas import vscode_settings, write_schemas

    write_schemas(root / SCHEMA_DIR)
    written = [SCHEMA_DIR + "/"]
    settings = root / ".vscode" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    try:
        write_new_file(settings, json.dumps(vscode_settings(SCHEMA_DIR), indent=2) + "\n")
        written.append(".vscode/settings.json")
    except FileExistsError:
        created.notes.append("kept the existing .vscode/settings.json (see the README for the yaml.schemas mapping)")
    return written


def _git_init(root: Path, written: list[str]) -> list[str]:
    """git init and a first commit of exactly what init wrote (never files already there)."""
    git = shutil.which("git")
    if git is None:
        return ["git is not installed, so the portfolio is not under version control yet"]
    if (root / ".git").exists():
        return ["the folder is already a git repository; nothing committed"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([git, *args], cwd=root, capture_output=True, text=True, check=False)

    if run("init", "--quiet").returncode != 0:
        return ["git init failed; the portfolio is not under version control"]
    if run("config", "user.email").returncode != 0:
        return [
            "git repository created, but nothing committed: git does not know who you are; run "
            '`git config --global user.name "Ditt Namn"` and `git config --global user.email du@example.se`, '
            'then `git add -A && git commit -m "Start ST portfolio"`'
        ]
    run("add", "--", *written)
    done = run("commit", "--quiet", "-m", "Start ST portfolio (stfolio init)")
    if done.returncode != 0:
        return [f"git repository created, but the first commit failed: {done.stderr.strip()}"]
    return ["git repository created with a first commit"]
