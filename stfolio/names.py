"""Names for shell completion, found cheaply: the delmål ids of a portfolio's catalogue and the
policy packs, read as text without loading the models or parsing YAML.

Shell completion runs stfolio once per press of the tab key, so it cannot afford the ~300 ms of
loading the catalogues through pydantic (``stfolio.catalogue``). The catalogue files are data
stfolio writes in one layout (``docs/catalogues.md``), so a line scan finds the goals, their
titles and ``applies_to``; a test holds the scan to exactly what ``Catalogue.goals_for`` returns
for every shipped regulation and specialty. Nothing here is used to judge a portfolio.
"""

from __future__ import annotations

import re
from pathlib import Path

from stfolio.resources import goals_dir

_GOAL = re.compile(r"^  - id: *['\"]?([^'\"\s]+)['\"]? *$")
_TITLE = re.compile(r"^    title: *(.+?) *$")
_APPLIES = re.compile(r"^      (except|only): *\[(.*)\] *$")
_TOP = re.compile(r"^(regulation|specialty|id): *['\"]?(.+?)['\"]? *(?:#.*)?$", re.MULTILINE)
HEAD_BYTES = 64 * 1024


def _top_values(path: Path) -> dict[str, str]:
    """The top-level ``regulation:``, ``specialty:`` and ``id:`` lines of a YAML file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, str] = {}
    for key, value in _TOP.findall(head):
        found.setdefault(key, value)
    return found


def profile_scope(root: Path) -> tuple[str | None, str | None]:
    """The regulation and specialty of the portfolio at ``root`` (None where it does not say)."""
    values = _top_values(root / "stfolio.yaml")
    return values.get("regulation"), values.get("specialty")


def _regulation_folder(regulation: str) -> Path | None:
    for meta in sorted(goals_dir().glob("*/regulation.yaml")):
        if _top_values(meta).get("id") == regulation:
            return meta.parent
    return None


def _scan(path: Path) -> list[tuple[str, str, str, list[str]]]:
    """(id, title, 'except' or 'only' or '', specialties) for each goal of a catalogue file."""
    goals: list[tuple[str, str, str, list[str]]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return goals
    for line in lines:
        if found := _GOAL.match(line):
            goals.append((found.group(1), "", "", []))
        elif goals and (found := _TITLE.match(line)) and not goals[-1][1]:
            goals[-1] = (goals[-1][0], found.group(1).strip("'\""), goals[-1][2], goals[-1][3])
        elif goals and (found := _APPLIES.match(line)):
            specialties = [s.strip().strip("'\"") for s in found.group(2).split(",") if s.strip()]
            goals[-1] = (goals[-1][0], goals[-1][1], found.group(1), specialties)
    return goals


def goal_ids(regulation: str, specialty: str | None, root: Path | None = None) -> list[tuple[str, str]]:
    """(id, title) of every delmål that applies to ``specialty`` under ``regulation``, in catalogue order.

    With ``root``, a portfolio's own ``goals/<specialty>.yaml`` counts too, as ``check`` counts it:
    only for a specialty whose c-goals stfolio does not ship.
    """
    folder = _regulation_folder(regulation)
    if folder is None:
        return []
    files: dict[str, Path] = {}
    shipped = set()
    for path in folder.rglob("*.yaml"):
        if path.name == "regulation.yaml":
            continue
        owner = path.stem if path.parent.name == "specialties" else None
        if owner is not None:
            shipped.add(owner)
            if specialty is not None and owner != specialty:
                continue
        files[path.relative_to(folder.parent).as_posix()] = path
    if root is not None and specialty is not None and specialty not in shipped:
        local = root / "goals" / f"{specialty}.yaml"
        values = _top_values(local)
        if values.get("regulation") == regulation and values.get("specialty") == specialty:
            files[f"goals/{local.name}"] = local
    seen: dict[str, str] = {}
    for rel in sorted(files):
        common = not rel.startswith("goals/") and "/specialties/" not in rel
        for goal_id, title, how, specialties in _scan(files[rel]):
            if goal_id in seen:
                continue
            if common and specialty is not None and how and (specialty in specialties) != (how == "only"):
                continue
            seen[goal_id] = title
    return list(seen.items())


def policy_names(root: Path | None = None) -> list[str]:
    """The policy packs stfolio ships, and those in the portfolio's ``goals/policies/``."""
    names = {p.stem for p in (goals_dir() / "policies").glob("*.yaml")}
    if root is not None and (root / "goals" / "policies").is_dir():
        names |= {p.stem for p in (root / "goals" / "policies").glob("*.yaml")}
    return sorted(names)
