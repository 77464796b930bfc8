"""``stfolio init``: a new portfolio folder around a profile, with the regulation chosen by the rules.

``init_portfolio`` takes plain values (what the command line or a program was given), decides
the regulation by the transitional rules, validates the profile, and lays out the folder:
the profile, one folder per record kind, ``evidence/``, a README, a ``.gitignore``, the JSON
Schemas for editors, and a git repository with a first commit. It never overwrites anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import TEMP_SUFFIX, write_new_file
from stfolio.i18n import T, _, listing
from stfolio.kinds import FOLDERS as RECORD_FOLDERS
from stfolio.kinds import KINDS
from stfolio.model import PROFILE_FILE, Legitimation, Person, Profile
from stfolio.regulation import RegulationChoice, RegulationUnknown, choose_regulation
from stfolio.resources import templates_dir
from stfolio.text import as_id, suggestion
from stfolio.vocabulary import REGULATION_2021
from stfolio.write.git import git_init
from stfolio.yamlio import dump_yaml

FOLDERS = (*RECORD_FOLDERS, "evidence")


GITIGNORE = f"""\
# stfolio: half-written temporary files (never records)
.*{TEMP_SUFFIX}
# stfolio forms: filled application forms, which may hold your personnummer
/ansokan/
# stfolio: drafts that `log --edit` kept; they may hold anything you typed
.stfolio/drafts/
# operating-system and office clutter
.DS_Store
Thumbs.db
~$*
"""


# Inside .stfolio/drafts/ itself, so that git ignores the drafts even in a portfolio made before
# `init` wrote the line above, or whose .gitignore was edited.
DRAFTS_GITIGNORE = "# stfolio: drafts are never committed\n*\n"


def ignore_drafts(folder: Path) -> None:
    """Make git ignore everything in the drafts ``folder`` (a .gitignore of '*' inside it)."""
    with contextlib.suppress(FileExistsError):
        write_new_file(folder / ".gitignore", DRAFTS_GITIGNORE)


def render_template(template: str, **context: object) -> str:
    """Render a shipped template; unknown variables fail loudly (StrictUndefined)."""
    import jinja2  # only init and report need jinja2, so keep it off the start-up path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        autoescape=False,  # Markdown and YAML, never HTML
        extensions=["jinja2.ext.i18n"],
    )
    from stfolio.i18n import _, n_

    env.install_gettext_callables(gettext=_, ngettext=n_, newstyle=True)  # type: ignore[attr-defined]
    return env.get_template(template).render(**context)


@dataclass
class Created:
    root: Path
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


PROFILE_HEADER = "# stfolio profile (portfolio format 1): see `stfolio check` and the README\n"


def render_profile(profile: Profile) -> str:
    data = profile.model_dump(mode="python", exclude_none=True)
    if not data.get("tredjeland"):
        data.pop("tredjeland", None)  # only a specialist from a third country needs to say so
    return PROFILE_HEADER + dump_yaml(data)


PRE_COMMIT_CONFIG = """\
# pre-commit (https://pre-commit.com) runs `stfolio check` before every commit: a commit that
# leaves errors in the portfolio is refused, one with only warnings goes through.
# Turn it on once in this folder: pip install pre-commit && pre-commit install
repos:
  # The stfolio you have installed; no network needed. `stfolio` must be on the PATH of the
  # program that runs git.
  - repo: local
    hooks:
      - id: stfolio-check
        name: stfolio check
        entry: stfolio check
        language: system
        pass_filenames: false
        always_run: true
  # Or let pre-commit install stfolio itself, pinned to a release (this needs the network the
  # first time): delete the block above, uncomment this one and replace STFOLIO_REPOSITORY_URL
  # with the address of stfolio's git repository.
  # - repo: STFOLIO_REPOSITORY_URL
  #   rev: v{version}
  #   hooks:
  #     - id: stfolio-check
"""
PRE_COMMIT_FILE = ".pre-commit-config.yaml"


def pre_commit_config() -> str:
    """The `.pre-commit-config.yaml` of `init --pre-commit`: the stfolio-check hook, local or pinned."""
    from stfolio import __version__

    return PRE_COMMIT_CONFIG.format(version=__version__)


def refuse_nested(root: Path) -> None:
    """A new portfolio never lies inside another one (its records would be read as the outer's)."""
    from stfolio.loader import find_root

    outer = find_root(root.parent) if root.parent.exists() or root.parent.parent.exists() else None
    if outer is not None:
        raise StfolioError(
            T("{folder} would lie inside the portfolio {outer}; create it elsewhere", folder=root, outer=outer)
        )


def create_portfolio(root: Path, profile: Profile, git: bool = True, pre_commit: bool = False) -> Created:
    """Create the portfolio at ``root`` (which may exist); never overwrites a file."""
    if (root / PROFILE_FILE).exists():
        raise StfolioError(
            T("{path} already exists; stfolio init never overwrites a portfolio", path=root / PROFILE_FILE)
        )
    refuse_nested(root)
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
    from stfolio import i18n

    with i18n.using(profile.language):  # the portfolio's own README speaks the portfolio's language
        readme = render_template(
            "init/README.md.j2",
            name=profile.trainee.name,
            regulation=profile.regulation,
            kinds=KINDS,
            pre_commit=pre_commit,
        )
    files = [("README.md", readme), (".gitignore", GITIGNORE)]
    files += [(PRE_COMMIT_FILE, pre_commit_config())] if pre_commit else []
    for name, text in files:
        try:
            write_new_file(root / name, text)
            created.written.append(name)
        except FileExistsError:
            created.notes.append(str(T("kept the existing {file}", file=name)))
    if pre_commit and PRE_COMMIT_FILE in created.written:
        created.notes.append(
            str(T("{file}: run `pre-commit install` in the folder to check every commit", file=PRE_COMMIT_FILE))
        )
    created.written.extend(_editor_support(root, created))
    if git:
        created.notes.extend(git_init(root, created.written))
    return created


def _editor_support(root: Path, created: Created) -> list[str]:
    """JSON Schemas for completion in editors, and the VS Code mapping that uses them."""
    import json

    from stfolio.write.schemas import SCHEMA_DIR, vscode_settings, write_schemas

    write_schemas(root / SCHEMA_DIR)
    written = [SCHEMA_DIR + "/"]
    settings = root / ".vscode" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    try:
        write_new_file(settings, json.dumps(vscode_settings(SCHEMA_DIR), indent=2) + "\n")
        written.append(".vscode/settings.json")
    except FileExistsError:
        created.notes.append(_("kept the existing .vscode/settings.json (see the README for the yaml.schemas mapping)"))
    return written


@dataclass(frozen=True)
class InitRequest:
    """What `init` is told: plain values, already matched to the allowed ones (routes, regulations)."""

    directory: Path
    name: str
    specialty: str  # an id or a name ('Barn- och ungdomspsykiatri')
    st_start: dt.date
    route: str | None = None  # 'svensk AT', 'sexårig läkarexamen' or 'utländsk examen'
    legitimation_date: dt.date | None = None
    regulation: str | None = None  # an override of the rules' choice
    bt_start: dt.date | None = None
    bt_end: dt.date | None = None
    employer: str | None = None
    clinic: str | None = None
    supervisor: str | None = None
    supervisor_specialty: str | None = None
    handledarutbildning: bool | None = None
    studierektor: str | None = None
    policies: tuple[str, ...] = ()
    language: str = "sv"
    git: bool = True
    pre_commit: bool = False  # also write a .pre-commit-config.yaml that runs `stfolio check`


@dataclass(frozen=True)
class Initialised:
    created: Created
    profile: Profile
    choice: RegulationChoice


def plan_profile(request: InitRequest) -> tuple[Profile, RegulationChoice]:
    """The profile ``request`` describes and the regulation chosen for it, without writing anything."""
    specialty = known_specialty(request.specialty)
    known_policies(request.policies)
    try:
        choice = choose_regulation(request.st_start, request.route, request.regulation)
    except RegulationUnknown as exc:
        raise StfolioError(str(exc)) from None
    return _profile(request, specialty, choice), choice


def init_portfolio(request: InitRequest) -> Initialised:
    """Create a portfolio as ``request`` says; raises StfolioError for what the user must change."""
    profile, choice = plan_profile(request)
    try:
        created = create_portfolio(request.directory, profile, git=request.git, pre_commit=request.pre_commit)
    except OSError as exc:
        raise StfolioError(
            T(
                "cannot create the portfolio in {folder}: {reason}",
                folder=request.directory,
                reason=exc.strerror or exc,
            ),
            exit_code=PROBLEM,
        ) from None
    return Initialised(created, profile, choice)


def _profile(request: InitRequest, specialty: str, choice: RegulationChoice) -> Profile:
    bt = None
    if choice.regulation == REGULATION_2021:
        bt = {"start": request.bt_start or request.st_start, "end": request.bt_end}
    elif request.bt_start or request.bt_end:
        raise StfolioError(
            T(
                "{regulation} has no BT; drop --bt-start/--bt-end or choose --regulation 2021",
                regulation=choice.regulation,
            )
        )
    legitimation = None
    if request.route or request.legitimation_date:
        legitimation = Legitimation.model_validate({"date": request.legitimation_date, "route": request.route})
    supervisor = None
    if request.supervisor:
        supervisor = Person(
            name=request.supervisor,
            specialty=request.supervisor_specialty,
            handledarutbildning=request.handledarutbildning,
        )
    try:
        return Profile.model_validate(
            {
                "trainee": {"name": request.name},
                "regulation": choice.regulation,
                "specialty": specialty,
                "st_start": request.st_start,
                "bt": bt,
                "legitimation": legitimation,
                "employer": request.employer,
                "clinic": request.clinic,
                "supervisor": supervisor,
                "studierektor": Person(name=request.studierektor) if request.studierektor else None,
                "policies": list(request.policies),
                "language": request.language,
            }
        )
    except ValidationError as exc:
        from stfolio.shape import translate
        from stfolio.yamlio import ParsedYaml

        problems = "; ".join(f.message for f in translate(exc, ParsedYaml({}), PROFILE_FILE, Profile))
        raise StfolioError(T("invalid profile: {problems}", problems=problems)) from None


def known_policies(names: tuple[str, ...] | list[str]) -> None:
    """Refuse a policy pack that stfolio does not ship (a local one can be added later)."""
    from stfolio.packs import shipped_packs_dir

    known = sorted(p.stem for p in shipped_packs_dir().glob("*.yaml"))
    for name in names:
        if name not in known:
            hint = suggestion(name, known) or T("shipped packs: {packs}", packs=listing(known))
            raise StfolioError(
                T(
                    "unknown policy pack '{name}'; {hint} (a pack of your own can be added to goals/policies/ later)",
                    name=name,
                    hint=hint,
                )
            )


def known_specialty(text: str) -> str:
    """The specialty id for ``text`` (an id or a name), or a usage error with suggestions."""
    from stfolio.catalogue import shipped_goal_data

    specialties = shipped_goal_data().specialties
    candidate = as_id(text)
    if candidate in specialties:
        return candidate
    hint = suggestion(candidate, specialties) or T("see `stfolio goals specialties` for the list")
    raise StfolioError(T("unknown specialty '{specialty}'; {hint}", specialty=text, hint=hint))
