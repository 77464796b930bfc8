"""Goal catalogues: Socialstyrelsen's målbeskrivningar (and Norway's LIS) as data.

A catalogue is a folder per regulation under ``goals/`` — ``regulation.yaml`` with the
regulation's time rules, goal groups, its closed vocabulary of learning activities and its
intyg forms, plus goal files (``bt.yaml``, ``common.yaml``, ``specialties/<id>.yaml``).
``goals/specialties.yaml`` lists every specialty; ``goals/mappings/`` relates goal ids
between regulations. The format is documented in ``docs/catalogues.md``.

Loading a catalogue returns the catalogue *and* findings (``STF3xx``) with file:line, the
same way records are loaded, so a mistake in a catalogue is reported like one in a record.
Nothing here is specific to Sweden: the vocabulary of activities, the groups and the forms
are all data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from stfolio.findings import Finding, Location, make
from stfolio.i18n import T, listing
from stfolio.loader import load_file
from stfolio.text import suggestion
from stfolio.yamlio import ParsedYaml

Reliability = Literal["official", "secondary", "third-party-transcription", "inferred"]
# 'unknown': the source did not say; rules report that they cannot judge, never a pass.
CourseRequirement = Literal["required", "advised", "clinical-or-course", "none", "unknown"]
Sources = str | list[str]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Data):
    key: str = Field(description="Short key that goals cite in `source`.")
    title: str = Field(description="What the source is, as users read it (`goals show`): a plain description.")
    url: str | None = None
    reliability: Reliability
    provenance: str | None = Field(
        None, description="For maintainers: where the source was found and how it was used; never shown to users."
    )


class BtVerifiedParts(_Data):
    """Which BT figures an official source confirms, one flag per figure of ``BtRules``."""

    minimum_months: bool = False
    akut_months: bool = False
    primarvard_months: bool = False
    finish_within_months: bool = False
    max_workplaces: bool = False


class BtRules(_Data):
    minimum_months: int = Field(description="Minimum full-time months of BT.")
    akut_months: int = Field(description="Minimum months of akut sjukvård within BT.")
    primarvard_months: int = Field(description="Minimum months of primärvård within BT.")
    finish_within_months: int | None = Field(None, description="Advice: BT finished within this many months of start.")
    max_workplaces: int | None = Field(None, description="Advice: at most this many BT workplaces.")
    verified: bool
    verified_parts: BtVerifiedParts | None = Field(None, description="Per figure; verified is true only if all are.")
    source: Sources
    note: str | None = None


class TimeRules(_Data):
    minimum_months: int = Field(description="Minimum full-time-equivalent months of ST (BT included).")
    verified: bool
    source: Sources
    note: str | None = None
    bt: BtRules | None = None


class Group(_Data):
    id: str
    title: str
    file: str | None = None
    per_specialty: bool = False


class IntygForm(_Data):
    id: str
    title: str
    issued_by: list[str]
    covers: str = Field(description="An activity kind, a goal id, or what the form attests as a whole.")
    application: Literal["bt", "st"] = Field(
        "st", description="The application it is sent with: intyg om godkänd BT, or bevis om specialistkompetens."
    )
    joint: bool = Field(False, description="Signed by all of issued_by together (not by one of them).")
    only_for: Literal["tredjeland"] | None = Field(
        None, description="Sent only by some applicants: 'tredjeland' for specialists from a third country."
    )
    verified: bool
    source: Sources
    note: str | None = None


class RegulationMeta(_Data):
    id: str = Field(description="The regulation as written in portfolios, e.g. 'HSLF-FS 2021:8'.")
    title: str
    country: str
    in_force: dt.date
    sources: list[Source]
    time_rules: TimeRules
    groups: list[Group]
    activity_kinds: dict[str, str] = Field(description="Closed vocabulary: activity id -> label.")
    intyg_forms: list[IntygForm] = Field(default_factory=list)
    note: str | None = None


class Activities(_Data):
    prescribed: list[str] = Field(default_factory=list, description="Required by the regulation (föreskrift).")
    advised: list[str] = Field(default_factory=list, description="Advised only (allmänna råd).")
    alternatives: list[list[str]] = Field(
        default_factory=list, description="Groups of which one activity suffices, e.g. [[klinisk-tjanstgoring, kurs]]."
    )


class Followup(_Data):
    intyg: str = Field(description="What the intyg attests: an activity kind, or 'kompetenskrav'.")
    issued_by: list[str]


class AppliesTo(_Data):
    except_: list[str] = Field(default_factory=list, alias="except")
    only: list[str] = Field(default_factory=list)

    def includes(self, specialty: str) -> bool:
        if self.only:
            return specialty in self.only
        return specialty not in self.except_


class Goal(_Data):
    id: str
    group: str
    title: str
    description: str
    activities: Activities = Field(default_factory=Activities)
    course: CourseRequirement = "none"
    followup: list[Followup] = Field(default_factory=list)
    applies_to: AppliesTo | None = None
    verified: bool
    source: Sources
    note: str | None = None

    @property
    def sources(self) -> list[str]:
        return [self.source] if isinstance(self.source, str) else list(self.source)


class GoalFile(_Data):
    regulation: str
    specialty: str | None = None
    sources: list[Source] = Field(default_factory=list, description="Sources cited only by this file's goals.")
    goals: list[Goal]


class Specialty(_Data):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    name: str
    kind: Literal["bas", "gren", "tillagg"]
    group: str | None = None
    base: str | None = None
    regulations: list[str]
    verified: bool
    source: Sources
    note: str | None = None


class SpecialtyList(_Data):
    sources: list[Source]
    specialties: list[Specialty]


class MapRow(_Data):
    from_: str = Field(alias="from")
    specialty: str | None = None
    to: list[str]
    verified: bool
    source: Sources
    note: str | None = None


class Mapping(_Data):
    from_: str = Field(alias="from")
    to: str
    sources: list[Source]
    map: list[MapRow]


ROLE_LABELS = {
    "sokande": "sökande",
    "extern-bedomare": "extern bedömare",
    "intygsutfardande-specialist": "intygsutfärdande specialist",
}


def role_label(role: str) -> str:
    """A catalogue role slug as people write it: 'extern-bedomare' -> 'extern bedömare'."""
    return ROLE_LABELS.get(role, role.replace("-", " "))


def regulation_folder(regulation: str) -> str:
    """'HSLF-FS 2021:8' -> 'hslf-fs-2021-8': the folder of a regulation under goals/."""
    return "".join(c if c.isalnum() else "-" for c in regulation.lower()).strip("-").replace("--", "-")


@dataclass
class Catalogue:
    """One regulation's goals, for one specialty (or all shipped specialties)."""

    meta: RegulationMeta
    goals: dict[str, Goal] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # goal id -> file it was defined in
    specialty_of: dict[str, str | None] = field(default_factory=dict)  # goal id -> its c-goal specialty
    specialties_shipped: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    def goals_for(self, specialty: str | None) -> list[Goal]:
        """The goals that apply to ``specialty``: common ones it is not excepted from, and its c-goals."""
        result = []
        for goal in self.goals.values():
            owner = self.specialty_of[goal.id]
            if owner is not None and specialty is not None and owner != specialty:
                continue
            if owner is None and specialty is not None and goal.applies_to and not goal.applies_to.includes(specialty):
                continue
            result.append(goal)
        return result


@dataclass
class GoalData:
    """Everything under goals/: the catalogues by regulation, specialties and mappings."""

    root: Path
    regulations: dict[str, RegulationMeta] = field(default_factory=dict)
    goal_files: dict[str, GoalFile] = field(default_factory=dict)  # rel path -> file
    sources: dict[str, ParsedYaml] = field(default_factory=dict)  # rel path -> positions, for findings
    specialties: dict[str, Specialty] = field(default_factory=dict)
    mappings: list[Mapping] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # Goal files not read yet, by regulation folder: a check needs one regulation, so the
    # other's files are read only if a record names one of its ids.
    pending: dict[str, list[str]] = field(default_factory=dict)

    def _ensure_loaded(self, regulation: str) -> None:
        for rel in self.pending.pop(regulation_folder(regulation), []):
            self._read_goal_file(rel)

    def _read_goal_file(self, rel: str) -> None:
        source, model, found = load_file(self.root, rel, GoalFile)
        self.findings.extend(found)
        if model is not None and source is not None:
            self.goal_files[rel] = model
            self.sources[rel] = source

    def catalogue(self, regulation: str, specialty: str | None = None) -> Catalogue | None:
        meta = self.regulations.get(regulation)
        if meta is None:
            return None
        self._ensure_loaded(regulation)
        cat = Catalogue(meta)
        for rel, goal_file in sorted(self.goal_files.items()):
            if goal_file.regulation != regulation:
                continue
            if goal_file.specialty is not None:
                cat.specialties_shipped.append(goal_file.specialty)
                if specialty is not None and goal_file.specialty != specialty:
                    continue
            for goal in goal_file.goals:
                if goal.id not in cat.goals:
                    cat.goals[goal.id] = goal
                    cat.origin[goal.id] = rel
                    cat.specialty_of[goal.id] = goal_file.specialty
        return cat

    def equivalent(self, goal_id: str, from_regulation: str, to_regulation: str, specialty: str | None) -> list[str]:
        """Ids in ``to_regulation`` that correspond to ``goal_id`` of ``from_regulation``."""
        for mapping in self.mappings:
            if (mapping.from_, mapping.to) == (from_regulation, to_regulation):
                rows = [(row.from_, row.to, row.specialty) for row in mapping.map]
            elif (mapping.to, mapping.from_) == (from_regulation, to_regulation):
                rows = [(target, [row.from_], row.specialty) for row in mapping.map for target in row.to]
            else:
                continue
            found: list[str] = []
            for source_id, targets, row_specialty in rows:
                if source_id == goal_id and row_specialty in (None, specialty):
                    found.extend(t for t in targets if t not in found)
            return found
        return []


def load_goal_data(root: Path, lazy: bool = False) -> GoalData:
    """Load and validate every catalogue file under ``root`` (the goals/ folder).

    ``lazy`` defers each regulation's goal files until its catalogue is asked for, and skips
    the cross-file validation: for the shipped catalogues, which the test suite validates.
    """
    data = GoalData(root)
    for rel in _yaml_files(root):
        parts = rel.split("/")
        if rel == "specialties.yaml":
            _source, specialties, found = load_file(root, rel, SpecialtyList)
            data.findings.extend(found)
            for spec in specialties.specialties if specialties else []:
                data.specialties.setdefault(spec.id, spec)
        elif parts[0] == "mappings":
            _source, mapping, found = load_file(root, rel, Mapping)
            data.findings.extend(found)
            if mapping is not None:
                data.mappings.append(mapping)
        elif parts[0] in ("policies", "forms"):
            continue  # policy packs and form mappings have their own loaders
        elif parts[-1] == "regulation.yaml":
            _source, meta, found = load_file(root, rel, RegulationMeta)
            data.findings.extend(found)
            if meta is not None:
                data.regulations[meta.id] = meta
        elif lazy:
            data.pending.setdefault(parts[0], []).append(rel)
        else:
            data._read_goal_file(rel)
    if not lazy:
        data.findings.extend(validate_goal_data(data))
    data.findings.sort(key=Finding.sort_key)
    return data


def _yaml_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def validate_goal_data(data: GoalData, only: set[str] | None = None) -> list[Finding]:
    """Cross-file rules: every reference in the catalogues resolves, and ids are unique.

    ``only`` limits the findings to those files (a portfolio's local goal files).
    """
    findings: list[Finding] = []
    for rel, goal_file in sorted(data.goal_files.items()):
        if only is not None and rel not in only:
            continue
        meta = data.regulations.get(goal_file.regulation)
        parsed = data.sources.get(rel)

        def at(*path: str | int, _rel: str = rel, _parsed: ParsedYaml | None = parsed) -> Location:
            if _parsed is None:
                return Location(_rel)
            mark = _parsed.mark(tuple(path))
            return Location(_rel, mark.line, mark.column)

        if meta is None:
            findings.append(
                make(
                    "STF301",
                    at("regulation"),
                    T(
                        "goal file names regulation '{regulation}', which has no regulation.yaml",
                        regulation=goal_file.regulation,
                    ),
                    suggestion(goal_file.regulation, data.regulations) or T("add the regulation's regulation.yaml"),
                )
            )
            continue
        if goal_file.specialty is not None and data.specialties and goal_file.specialty not in data.specialties:
            findings.append(
                make(
                    "STF302",
                    at("specialty"),
                    T("unknown specialty '{specialty}'", specialty=goal_file.specialty),
                    suggestion(goal_file.specialty, data.specialties),
                )
            )
        groups = {g.id for g in meta.groups}
        source_keys = {s.key for s in meta.sources} | {s.key for s in goal_file.sources}
        for i, goal in enumerate(goal_file.goals):
            if goal.group not in groups:
                findings.append(
                    make(
                        "STF303",
                        at("goals", i, "group"),
                        T("{goal}: unknown group '{group}'", goal=goal.id, group=goal.group),
                        suggestion(goal.group, groups) or T("groups: {groups}", groups=listing(sorted(groups))),
                    )
                )
            kinds = [("prescribed", j, kind) for j, kind in enumerate(goal.activities.prescribed)] + [
                ("advised", j, kind) for j, kind in enumerate(goal.activities.advised)
            ]
            for where, j, kind in kinds:
                if kind not in meta.activity_kinds:
                    findings.append(
                        make(
                            "STF304",
                            at("goals", i, "activities", where, j),
                            T(
                                "{goal}: '{kind}' is not an activity kind of {regulation}",
                                goal=goal.id,
                                kind=kind,
                                regulation=meta.id,
                            ),
                            suggestion(kind, meta.activity_kinds) or T("add it to activity_kinds in regulation.yaml"),
                        )
                    )
            for j, alternatives in enumerate(goal.activities.alternatives):
                for k, kind in enumerate(alternatives):
                    if kind not in meta.activity_kinds:
                        findings.append(
                            make(
                                "STF304",
                                at("goals", i, "activities", "alternatives", j, k),
                                T(
                                    "{goal}: '{kind}' is not an activity kind of {regulation}",
                                    goal=goal.id,
                                    kind=kind,
                                    regulation=meta.id,
                                ),
                                suggestion(kind, meta.activity_kinds),
                            )
                        )
            for key in goal.sources:
                if key not in source_keys:
                    findings.append(
                        make(
                            "STF305",
                            at("goals", i, "source"),
                            T(
                                "{goal}: source '{key}' is not listed in {folder}/regulation.yaml",
                                goal=goal.id,
                                key=key,
                                folder=regulation_folder(meta.id),
                            ),
                            suggestion(key, source_keys) or T("add it under sources: with its title and url"),
                        )
                    )
            if goal.applies_to is not None and data.specialties:
                listed = [("except", goal.applies_to.except_), ("only", goal.applies_to.only)]
                for key, specs in listed:
                    for j, spec in enumerate(specs):
                        if spec not in data.specialties:
                            findings.append(
                                make(
                                    "STF302",
                                    at("goals", i, "applies_to", key, j),
                                    T(
                                        "{goal}: unknown specialty '{specialty}' in applies_to",
                                        goal=goal.id,
                                        specialty=spec,
                                    ),
                                    suggestion(spec, data.specialties),
                                )
                            )
    if only is None:
        findings.extend(_duplicate_goal_ids(data))
    return findings


def _duplicate_goal_ids(data: GoalData) -> list[Finding]:
    findings = []
    seen: dict[tuple[str, str | None, str], str] = {}
    for rel, goal_file in sorted(data.goal_files.items()):
        for i, goal in enumerate(goal_file.goals):
            # c-goal numbers repeat across specialties; they are unique within one.
            key = (goal_file.regulation, goal_file.specialty, goal.id)
            if key in seen:
                parsed = data.sources.get(rel)
                mark = parsed.mark(("goals", i, "id")) if parsed else None
                findings.append(
                    make(
                        "STF306",
                        Location(rel, mark.line if mark else 0, mark.column if mark else 0),
                        T("goal id {goal} is defined twice (also in {file})", goal=goal.id, file=seen[key]),
                        T("give each goal its own id, or remove the copy"),
                    )
                )
            else:
                seen[key] = rel
    return findings


@cache
def shipped_goal_data() -> GoalData:
    """The catalogues shipped with stfolio, loaded once per process."""
    from stfolio.resources import goals_dir

    return load_goal_data(goals_dir(), lazy=True)
