"""What the rules, reports and views work on: the portfolio, its goal catalogue, the date,
and the figures computed from them once per run.

The service time, BT's composition and the delmål verdicts are each computed the first time
something asks for them and then shared: every rule, report and view reads them from here, so
the same figure is never computed twice or in two ways.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from stfolio.catalogue import Catalogue, GoalData, GoalFile, shipped_goal_data, validate_goal_data
from stfolio.figures.evidence import EvidenceCheck, judge_evidence
from stfolio.figures.service import BtFigures, Service, bt_figures, compute_service
from stfolio.figures.verdicts import Verdict, all_verdicts
from stfolio.files import is_real_folder
from stfolio.findings import Finding, Location, make
from stfolio.i18n import N_, T, Text
from stfolio.loader import Portfolio, load_file
from stfolio.model import PROFILE_FILE, Profile


@dataclass(frozen=True)
class Context:
    portfolio: Portfolio
    goals: GoalData  # shipped catalogues plus the portfolio's local goal files
    catalogue: Catalogue | None  # the portfolio's regulation and specialty; None without a profile
    as_of: dt.date  # "today" for every rule: --as-of, so results are reproducible

    @property
    def profile(self) -> Profile | None:
        return self.portfolio.profile

    @cached_property
    def service(self) -> Service | None:
        """Service months from the records, as of ``as_of``; None without a profile."""
        profile = self.portfolio.profile
        if profile is None:
            return None
        return compute_service(self.portfolio, profile.st_start, self.as_of)

    @cached_property
    def bt(self) -> BtFigures | None:
        """BT's composition against the rules; None without BT rules (SOSFS 2015:8) or a profile."""
        rules = self.catalogue.meta.time_rules.bt if self.catalogue else None
        if rules is None or self.service is None:
            return None
        return bt_figures(self.service, rules)

    @cached_property
    def evidence(self) -> dict[tuple[str, int], EvidenceCheck]:
        """Each intyg's scan, judged once: by (record path, intyg index)."""
        return judge_evidence(self.portfolio)

    @cached_property
    def verdicts(self) -> list[Verdict]:
        """One verdict per delmål of the portfolio's specialty; empty without a catalogue.

        An intyg whose scan is missing, outside the portfolio or changed does not attest.
        """
        if self.catalogue is None or self.portfolio.profile is None:
            return []
        broken = frozenset(key for key, check in self.evidence.items() if not check.attests)
        return all_verdicts(self.portfolio, self.catalogue, self.as_of, broken)

    def intyg_attests(self, path: str, index: int) -> bool:
        """False for an intyg whose scanned file is missing, outside the portfolio or changed."""
        check = self.evidence.get((path, index))
        return check is None or check.attests

    def verdict(self, goal_id: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.goal.id == goal_id), None)

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
    # Never through a link: a goals/ linked out of the portfolio is reported by the loader, not listed.
    local = sorted((root / "goals").glob("*.yaml")) if is_real_folder(root, "goals") else []
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
            findings.append(
                make(
                    "STF308",
                    Location(rel, 1, 1),
                    T("local goal file ignored: {reason}", reason=reason),
                    T(_IGNORED_HINT),
                )
            )
            continue
        shipped_catalogue = data.catalogue(model.regulation)
        for i, goal in enumerate(model.goals):
            if shipped_catalogue is not None and shipped_catalogue.specialty_of.get(goal.id, "?") is None:
                mark = source.mark(("goals", i, "id"))
                findings.append(
                    make(
                        "STF307",
                        Location(rel, mark.line, mark.column),
                        T(
                            "{goal} is a goal stfolio ships for every specialty; a local file may add only c-goals",
                            goal=goal.id,
                        ),
                        T(
                            "remove it here; to correct a shipped goal, report it so the catalogue is fixed for everyone"
                        ),
                    )
                )
        data.goal_files = {rel: model, **data.goal_files}
        data.sources[rel] = source
        added.add(rel)
    findings.extend(validate_goal_data(data, only=added))
    return data, findings


_IGNORED_HINT = N_("a portfolio's goals/<specialty>.yaml adds the c-goals of its own specialty when stfolio ships none")


def _ignored_because(model: GoalFile, data: GoalData, profile: Profile | None) -> Text | str:
    if profile is None:
        return ""
    if model.regulation != profile.regulation:
        return T(
            "it is for {theirs}, and this portfolio follows {yours}", theirs=model.regulation, yours=profile.regulation
        )
    if model.specialty != profile.specialty:
        return T(
            "it is for the specialty {theirs}, and this portfolio's is {yours}",
            theirs=model.specialty,
            yours=profile.specialty,
        )
    catalogue = data.catalogue(profile.regulation)
    if catalogue is not None and profile.specialty in catalogue.specialties_shipped:
        return T("stfolio ships the c-goals of {specialty}, and the shipped file wins", specialty=profile.specialty)
    return ""
