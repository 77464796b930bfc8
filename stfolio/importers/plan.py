"""From the items of a source to the files an import writes, and the writing itself.

``plan_import`` builds every item into a record with the models (``build_record``), renders it
as ``log`` would (``render_record``) and checks it as ``check`` would (``validate_new``) against
the portfolio it goes into: an existing one, or the new one the import creates (its profile
from the source and the command line, as ``init`` builds it). Delmål are checked against the
portfolio's catalogue, placements against each other and the portfolio's own for more than
100 %, and file names against what is on disk: a file that is already there with the same text
was imported before and is left alone; one with other text is never overwritten. Nothing is
written until ``write_plan``, so ``--dry-run`` shows exactly what would be.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from stfolio.context import Context, build_context
from stfolio.errors import PROBLEM, StfolioError
from stfolio.findings import Finding, Severity, has_errors
from stfolio.i18n import _
from stfolio.importers.source import Item, ProfileHints, Skipped, SourceRead, Where, safe
from stfolio.kinds import BY_NAME
from stfolio.loader import Entry, Portfolio, find_root, load_portfolio, load_text
from stfolio.model import Placement, Profile, Record
from stfolio.regulation import HSLF_IN_FORCE, RegulationChoice
from stfolio.write.record import Written, build_record, file_name, render_record, validate_new, write_record
from stfolio.write.scaffold import Initialised, InitRequest, plan_profile, render_profile

FORMATS = ("st-ark", "csv")


def read_source(kind: str, path: Path, today: dt.date | None = None) -> SourceRead:
    """Read ``path`` as an ST-ARK backup or a CSV; raise StfolioError if nothing could be read."""
    today = today or dt.date.today()
    shown = str(path.resolve())
    if kind == "st-ark":
        from stfolio.importers.st_ark import read_backup

        read = read_backup(path, shown, today)
    else:
        from stfolio.importers.csv import read_sheet

        read = read_sheet(path, shown, today)
    if not read.readable:
        raise StfolioError(
            _("nothing imported: {file} cannot be read").format(file=path),
            exit_code=PROBLEM,
            findings=read.findings,
            root=Path.cwd(),
        )
    return read


@dataclass(frozen=True)
class ProfileChoices:
    """What the command line says about a new portfolio; it wins over what the source says."""

    name: str | None = None
    specialty: str | None = None
    st_start: dt.date | None = None
    route: str | None = None
    regulation: str | None = None
    supervisor: str | None = None
    policies: tuple[str, ...] = ()
    git: bool = True
    pre_commit: bool = False


def missing_profile(hints: ProfileHints, choices: ProfileChoices) -> list[str]:
    """The flags a new portfolio still needs: neither the source nor the command line gave them."""
    missing = []
    if not (choices.name or hints.name):
        missing.append("--name")
    if not (choices.specialty or hints.specialty):
        missing.append("--specialty")
    start = choices.st_start or hints.st_start
    if start is None:
        missing.append("--st-start")
    decided = choices.regulation or hints.regulation or choices.route
    if start is not None and start >= HSLF_IN_FORCE and not decided:
        missing.append("--route")  # the rules need it (or --regulation) to choose
    return missing


@dataclass(frozen=True)
class NewPortfolio:
    """The portfolio an import creates, as `init` would: its request, profile and the rules' choice."""

    request: InitRequest
    profile: Profile
    choice: RegulationChoice

    @property
    def profile_text(self) -> str:
        return render_profile(self.profile)


@dataclass(frozen=True)
class Target:
    """Where an import goes: the portfolio (loaded, or as it will be created) and its folder."""

    root: Path
    portfolio: Portfolio
    new: NewPortfolio | None = None


def open_target(directory: Path | None, hints: ProfileHints, choices: ProfileChoices) -> Target:
    """The portfolio at or above ``directory`` (default: here), or a new one in ``directory``.

    A new portfolio is made only where asked (``--dir``): never silently in the current folder.
    """
    start = directory or Path.cwd()
    root = find_root(start) if start.exists() else None
    if root is not None:
        portfolio, _findings = load_portfolio(root)
        if portfolio.profile is None:
            raise StfolioError(
                _("{file} has problems; run `stfolio check` and fix it first").format(file=root / "stfolio.yaml"),
                exit_code=PROBLEM,
            )
        return Target(root, portfolio)
    if directory is None:
        raise StfolioError(
            _("no portfolio here (no stfolio.yaml found upward)"),
            _("give --dir FOLDER to import into a portfolio there, or to create a new one from the import"),
        )
    return _new_target(directory, hints, choices)


def _new_target(directory: Path, hints: ProfileHints, choices: ProfileChoices) -> Target:
    from stfolio.write.scaffold import refuse_nested

    refuse_nested(directory)  # before anything is planned: a dry run refuses what the import would
    missing = missing_profile(hints, choices)
    if missing:
        raise StfolioError(
            _("a new portfolio needs {flags}, which the source does not give").format(flags=", ".join(missing)),
            _("give them as flags, or run the import in a terminal to be asked"),
        )
    name, specialty = choices.name or hints.name, choices.specialty or hints.specialty
    st_start = choices.st_start or hints.st_start
    assert name is not None and specialty is not None and st_start is not None
    request = InitRequest(
        directory=directory,
        name=name,
        specialty=specialty,
        st_start=st_start,
        route=choices.route,
        regulation=choices.regulation or hints.regulation,
        clinic=hints.clinic,
        supervisor=choices.supervisor,
        policies=choices.policies,
        git=choices.git,
        pre_commit=choices.pre_commit,
    )
    profile, choice = plan_profile(request)
    if choices.regulation is None and hints.regulation is not None:
        choice = RegulationChoice(
            choice.regulation,
            _("{regulation}, as the source's profile says (goalsVersion)").format(regulation=choice.regulation),
            choice.warning,
        )
    text = render_profile(profile)
    source, _profile, _findings = load_text(text, "stfolio.yaml", Profile)
    root = directory.resolve()
    return Target(
        root, Portfolio(root=root, profile=profile, profile_source=source), NewPortfolio(request, profile, choice)
    )


@dataclass(frozen=True)
class Planned:
    """One record file of the plan: its text as it will be written, and the item it came from."""

    item: Item
    kind: str
    rel: str  # where it goes in the portfolio, e.g. 'placements/2024-01-08-akuten.yaml'
    text: str
    record: Record
    unchanged: bool = False  # the same file is already there (an earlier import): nothing to write


@dataclass
class ImportPlan:
    read: SourceRead
    target: Target
    planned: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.target.root

    @property
    def findings(self) -> list[Finding]:
        return self.read.findings

    @property
    def to_write(self) -> list[Planned]:
        return [p for p in self.planned if not p.unchanged]

    @property
    def ok(self) -> bool:
        """No errors: everything in the source was taken (warnings allowed)."""
        return not has_errors(self.findings)

    def leave_out(self, item: Item, reasons: list[str]) -> None:
        self.skipped.append(Skipped(item.where, item.label, tuple(reasons)))
        if self.read.format == "st-ark":  # its achievements go with it
            for goal, where in item.delmal:
                because = _("{item} is not imported").format(item=item.where.path)
                self.skipped.append(Skipped(Where(where.path.removesuffix(".milestoneId")), goal, (because,)))


@dataclass
class _Candidate:
    item: Item
    record: Record
    rel: str
    text: str


def plan_import(read: SourceRead, target: Target, today: dt.date | None = None) -> ImportPlan:
    """Every file the import would write, each checked as `check` would; writes nothing."""
    today = today or dt.date.today()
    plan = ImportPlan(read, target, skipped=list(read.skipped))
    context, _found = build_context(target.portfolio, today)
    _compare_profiles(read, target)
    delmal = _DelmalCheck(context)
    candidates = []
    for item in read.items:
        goals = delmal.resolve(item, read)
        if not item.reasons:
            candidate = _candidate(item, goals, target.portfolio, read)
            if candidate is not None:
                candidates.append(candidate)
                continue
        plan.leave_out(item, item.reasons)
    _place(candidates, plan)
    _without_overlaps(plan, today)
    plan.skipped.sort(key=lambda skipped: skipped.where.order())
    return plan


def _compare_profiles(read: SourceRead, target: Target) -> None:
    """Warn when the source's trainee looks like another portfolio's (specialty, regulation)."""
    profile = target.portfolio.profile
    hints = read.profile
    if target.new is not None or profile is None:
        return
    from stfolio.text import as_id

    if hints.specialty and as_id(hints.specialty) != profile.specialty:
        read.problems.add(
            "STF943",
            Where("profile.specialty"),
            _(
                "profile.specialty: '{value}', but the portfolio's specialty is {specialty}; the portfolio's is kept"
            ).format(value=safe(hints.specialty), specialty=profile.specialty),
            _("check that this is the right portfolio for this import"),
        )
    if hints.regulation and hints.regulation != profile.regulation:
        read.problems.add(
            "STF943",
            Where("profile.goalsVersion"),
            _(
                "profile.goalsVersion names {value}, but the portfolio follows {regulation}; the portfolio's is kept"
            ).format(value=hints.regulation, regulation=profile.regulation),
            _("delmål ids of the other regulation are reported one by one"),
        )


class _DelmalCheck:
    """Delmål ids against the portfolio's catalogue, with the words `check` uses for an unknown one."""

    def __init__(self, context: Context) -> None:
        self.context = context
        profile, catalogue = context.portfolio.profile, context.catalogue
        assert profile is not None and catalogue is not None
        self.known = {goal.id.casefold(): goal.id for goal in catalogue.goals_for(profile.specialty)}
        # Without shipped c-goals, c-goal ids cannot be checked; `check` says so once (STF406).
        unchecked = profile.specialty not in catalogue.specialties_shipped
        self.unchecked_c = (
            re.compile(r"STc\d+" if profile.regulation == "HSLF-FS 2021:8" else r"c\d+") if unchecked else None
        )

    def resolve(self, item: Item, read: SourceRead) -> list[str]:
        from stfolio.rules.references import explain_unknown

        found: list[str] = []
        for goal, where in item.delmal:
            known = self.known.get(goal.casefold())
            if known is None and self.unchecked_c is not None and self.unchecked_c.fullmatch(goal):
                known = goal
            if known is None:
                message, hint = explain_unknown(goal, self.context)
                reason = read.problems.add(
                    "STF938", where, _("{where}: {problem}").format(where=where.path, problem=message), hint
                )
                item.reasons.append(reason)
            elif known not in found:
                found.append(known)
        return found


def _candidate(item: Item, goals: list[str], portfolio: Portfolio, read: SourceRead) -> _Candidate | None:
    """The item built, rendered and checked as `check` would; None (with its reasons) if refused."""
    record, problems = build_record(item.kind, {**item.fields, "delmal": goals})
    if record is None:
        for _name, problem in problems:
            item.reasons.append(
                read.problems.add(
                    "STF937", item.where, _("{where}: {problem}").format(where=item.where.path, problem=problem)
                )
            )
        return None
    rel = f"{BY_NAME[item.kind].folder}/{file_name(record)}"
    text = render_record(item.kind, record, rel)
    checked, findings = validate_new(portfolio, item.kind, rel, text)
    # Overlaps are judged over the whole import at once (STF946), with the other items named.
    blocking = [f for f in findings if f.severity is Severity.ERROR and f.code != "STF603"]
    if checked is None and not blocking:
        checked = record
    if checked is None:
        for finding in blocking:
            item.reasons.append(
                read.problems.add(
                    "STF949",
                    item.where,
                    _("{where}: the record would not pass `stfolio check`: {code} {problem}").format(
                        where=item.where.path, code=finding.code, problem=finding.message
                    ),
                    finding.hint,
                )
            )
        return None
    return _Candidate(item, checked, rel, text)


def _without_overlaps(plan: ImportPlan, today: dt.date) -> None:
    """Leave out the new placements that, with each other or the portfolio's, exceed 100 % on some day."""
    from stfolio.figures.service import compute_service

    portfolio = plan.target.portfolio
    assert portfolio.profile is not None
    combined = Portfolio(root=portfolio.root, profile=portfolio.profile)
    for entry in portfolio.placements:
        combined.add(entry)
    mine: dict[str, Planned] = {}
    for planned in plan.to_write:  # one imported before is among the portfolio's own already
        if isinstance(planned.record, Placement):
            source, record, _findings = load_text(planned.text, planned.rel, Placement)
            if source is not None and record is not None:
                key = f"\0import {len(mine)}"  # never a file's path
                mine[key] = planned
                combined.add(Entry(key, "placements", record, source))
    service = compute_service(combined, portfolio.profile.st_start, today)
    refused: set[str] = set()
    for overlap in service.overlaps:
        for entry in overlap.entries:
            if entry.path not in mine or entry.path in refused:
                continue
            refused.add(entry.path)
            item = mine[entry.path].item
            others = [
                mine[e.path].item.where.path if e.path in mine else e.path for e in overlap.entries if e is not entry
            ]
            period = f"{overlap.day}" + (f"–{overlap.last_day}" if overlap.last_day != overlap.day else "")
            reason = plan.read.problems.add(
                "STF946",
                item.where,
                _("{where}: with {others}, placements add up to {level} % on {period}").format(
                    where=item.where.path, others=", ".join(others), level=round(overlap.level * 100), period=period
                ),
                _("placements total at most 100 % of full time; correct the dates or the extent and import again"),
            )
            item.reasons.append(reason)
            plan.leave_out(item, [reason])
    gone = {id(mine[key]) for key in refused}
    plan.planned = [p for p in plan.planned if id(p) not in gone]


def _place(candidates: list[_Candidate], plan: ImportPlan) -> None:
    """A file name for each record: new, or already there from an earlier import; never over another."""
    claimed: dict[str, str] = {}  # rel -> text, in this plan
    for candidate in candidates:
        folder, name = candidate.rel.rsplit("/", 1)
        stem = name.removesuffix(".yaml")
        taken_by_other: str | None = None
        for n in range(1, 1000):
            rel = candidate.rel if n == 1 else f"{folder}/{stem}-{n}.yaml"
            if rel in claimed:
                if claimed[rel] == candidate.text:
                    _duplicate(candidate, rel, plan)
                    break
                continue
            on_disk = _text_on_disk(plan.root / rel)
            if on_disk == candidate.text:
                _add(plan, claimed, candidate, rel, unchanged=True)
                break
            if on_disk is not None:
                taken_by_other = taken_by_other or rel
                continue
            if taken_by_other is not None:
                _not_overwritten(candidate, taken_by_other, plan)
            else:
                _add(plan, claimed, candidate, rel, unchanged=False)
            break


def _add(plan: ImportPlan, claimed: dict[str, str], candidate: _Candidate, rel: str, unchanged: bool) -> None:
    claimed[rel] = candidate.text
    kind = candidate.item.kind
    # A -2 suffix keeps the folder depth, so the text (its schema line) stays right.
    plan.planned.append(Planned(candidate.item, kind, rel, candidate.text, candidate.record, unchanged))


def _text_on_disk(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""  # something is there that is not the same record


def _duplicate(candidate: _Candidate, rel: str, plan: ImportPlan) -> None:
    first = next(p.item.where.path for p in plan.planned if p.rel == rel)
    reason = plan.read.problems.add(
        "STF948",
        candidate.item.where,
        _("{where}: the same record as {other}; imported once").format(where=candidate.item.where.path, other=first),
    )
    plan.skipped.append(Skipped(candidate.item.where, candidate.item.label, (reason,)))


def _not_overwritten(candidate: _Candidate, rel: str, plan: ImportPlan) -> None:
    reason = plan.read.problems.add(
        "STF947",
        candidate.item.where,
        _("{where}: {file} is already in the portfolio with other content; not overwritten").format(
            where=candidate.item.where.path, file=rel
        ),
        _(
            "if it was imported before and edited since, keep yours; if it is another record, rename it and import again"
        ),
    )
    plan.skipped.append(Skipped(candidate.item.where, candidate.item.label, (reason,)))


@dataclass
class Imported:
    """What an import wrote: the portfolio (and whether it was created), and each new file."""

    plan: ImportPlan
    created: Initialised | None = None
    written: list[Written] = field(default_factory=list)
    commit_note: str | None = None


def write_plan(plan: ImportPlan, commit: bool = False) -> Imported:
    """Create the portfolio if the plan says so, then write each new record; never over a file."""
    from stfolio.write.git import git_commit
    from stfolio.write.scaffold import init_portfolio
    from stfolio.write.schemas import SCHEMA_DIR, ensure_schemas

    done = Imported(plan)
    new = plan.target.new
    if new is not None:
        created = init_portfolio(new.request)
        done.created = Initialised(created.created, created.profile, new.choice)
    root = plan.root
    for planned in plan.to_write:
        try:
            done.written.append(write_record(root, planned.kind, planned.rel.rsplit("/", 1)[1], planned.text))
        except OSError as exc:
            raise StfolioError(
                _("cannot write in {folder}: {reason}").format(folder=root, reason=exc.strerror or exc),
                exit_code=PROBLEM,
            ) from None
    schemas = ensure_schemas(root) if done.written else []
    if commit and done.written:
        paths = [w.rel for w in done.written] + [f"{SCHEMA_DIR}/{s}" for s in schemas]
        source = plan.read.path.name
        done.commit_note = git_commit(root, paths, f"Import {len(done.written)} records from {source}")
    return done
