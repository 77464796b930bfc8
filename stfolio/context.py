"""What the rules of `check` work on: the portfolio, its goal catalogue, and where things are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stfolio.catalogue import Catalogue, GoalData, GoalFile, shipped_goal_data, validate_goal_data
from stfolio.findings import Finding, Location
from stfolio.loader import Portfolio, load_file
from stfolio.model import PROFILE_FILE


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
    goals, findings = with_local_goals(shipped_goal_data(), portfolio.root)
    catalogue = None
    if portfolio.profile is not None:
        catalogue = goals.catalogue(portfolio.profile.regulation, portfolio.profile.specialty)
    return Context(portfolio, goals, catalogue, as_of or dt.date.today()), findings


def with_local_goals(shipped: GoalData, root: Path) -> tuple[GoalData, list[Finding]]:
    """Add the portfolio's ``goals/*.yaml`` (c-goals of a specialty not shipped) to the catalogues."""
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
        if isinstance(model, GoalFile) and source is not None:
            # A local file comes first, so it can also correct a shipped goal for this portfolio.
            data.goal_files = {rel: model, **data.goal_files}
            data.sources[rel] = source
            added.add(rel)
    findings.extend(validate_goal_data(data, only=added))
    return data, findings
