"""What the rules of `check` work on: the portfolio, its goal catalogue, and where things are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stfolio.catalogue import Catalogue, GoalData, GoalFile, shipped_goal_data, validate_goal_data
from stfolio.findings import Finding, Location, make
from stfolio.loader import Portfolio, load_file
from stfolio.model import PROFILE_FILE, Profile


@dataclass(frozen=True)
class Context:
    portfolio: Portfolio
    goals: GoalData  # shipped catalogues plus the portfolio's local goal files
    catalogue: Catalogue | None  # the portfolio's regulation and specialty; None without a profile
    as_of: dt.date  # "today" for every rule: --as-of, so results are reproducible

    def profile_location(self, *path: str | int) -> Location:
        source = self.portfolio.profile_source
        if source is None:
            return Location(PROFILE_FILE)
        mark = source.mark(tuple(path))
        return Location(PROFILE_FILE, mark.line, mark.column)


def build_context(portfolio: Portfolio, as_of: dt.date | None = None) -> tuple[Context, list[Finding]]:
    """The context for the rules, and findings about the portfolio's own goal files."""
    goals, findings = with_local_goals(shipped_goal_data(), portfolio.root, portfolio.profile)
    catalogue = None
    if portfolio.profile is not None:
        catalogue = goals.catalogue(portfolio.profile.regulation, portfolio.profile.specialty)
    return Context(portfolio, goals, catalogue, as_of or dt.date.today()), findings


def with_local_goals(shipped: GoalData, root: Path, profile: Profile | None) -> tuple[GoalData, list[Finding]]:
    """Add the portfolio's ``goals/*.yaml`` (c-goals of a specialty not shipped) to the catalogues.

    A local file only adds the c-goals of the portfolio's own specialty: one for another
    regulation or specialty, or for a specialty stfolio ships, is reported and ignored, and
    one that redefines a shipped goal (BT, a/b, STa/STb) is an error.
    """
    local = sorted((root / "goals").glob("*.yaml")) if (root / "goals").is_dir() else []
    if not local:
        return shipped, []
    data = GoalData(
        root=shipped.root,
        regulations=shipped.regulations,
        goal_files=dict(shipped.goal_files),
        sources=dict(shipped.sources),
        specialties=shipped.specialties,
        mappings=shipped.mappings,
        pending={folder: list(files) for folder, files in shipped.pending.items()},
    )
    findings: list[Finding] = []
    added = set()
    for path in local:
        rel = f"goals/{path.name}"
        source, model, found = load_file(root, rel, GoalFile)
        findings.extend(found)
        if not isinstance(model, GoalFile) or source is None:
            continue
        reason = _ignored_because(model, data, profile)
        if reason:
            findings.append(make("STF308", Location(rel, 1, 1), f"local goal file ignored: {reason}", _IGNORED_HINT))
            continue
        shipped_catalogue = data.catalogue(model.regulation)
        for i, goal in enumerate(model.goals):
            if shipped_catalogue is not None and shipped_catalogue.specialty_of.get(goal.id, "?") is None:
                mark = source.mark(("goals", i, "id"))
                findings.append(
                    make(
                        "STF307",
                        Location(rel, mark.line, mark.column),
                        f"{goal.id} is a goal stfolio ships for every specialty; a local file may add only c-goals",
                        "remove it here; to correct a shipped goal, report it so the catalogue is fixed for everyone",
                    )
                )
        data.goal_files = {rel: model, **data.goal_files}
        data.sources[rel] = source
        added.add(rel)
    findings.extend(validate_goal_data(data, only=added))
    return data, findings


_IGNORED_HINT = "a portfolio's goals/<specialty>.yaml adds the c-goals of its own specialty when stfolio ships none"


def _ignored_because(model: GoalFile, data: GoalData, profile: Profile | None) -> str:
    if profile is None:
        return ""
    if model.regulation != profile.regulation:
        return f"it is for {model.regulation}, and this portfolio follows {profile.regulation}"
    if model.specialty != profile.specialty:
        return f"it is for the specialty {model.specialty}, and this portfolio's is {profile.specialty}"
    catalogue = data.catalogue(profile.regulation)
    if catalogue is not None and profile.specialty in catalogue.specialties_shipped:
        return f"stfolio ships the c-goals of {profile.specialty}, and the shipped file wins"
    return ""
