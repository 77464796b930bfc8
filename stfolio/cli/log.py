"""`stfolio log KIND`: one new record, with a flag for every field of its model.

One sub-command per record kind (a test keeps the flags in step with the models). The options
every kind shares are defined once below; the allowed values in the help come from the
vocabularies, never retyped. On a terminal, what is missing is asked for, delmål checked as
they are typed. The work itself (defaults, the intyg, checking, writing) is in
``stfolio.write.record``.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stfolio.cli.application import app, sub_app
from stfolio.cli.common import AsOfOption, DirOption, allowed, fail, interactive, parse_as_of, parse_date, parse_number
from stfolio.cli.completion import complete_delmal
from stfolio.i18n import N_, _
from stfolio.vocabulary import (
    ActivityKind,
    BtCategory,
    ExpenseCategory,
    Instrument,
    IntygRole,
    LeaveKind,
    MeetingKind,
    PlacementKind,
    choices,
)

if TYPE_CHECKING:
    from stfolio.context import Context
    from stfolio.loader import Portfolio
    from stfolio.model import Record
    from stfolio.write.record import Saved


def values(vocabulary: object) -> str:
    """A vocabulary's allowed values for a help text: data, the same in every language."""
    return ", ".join(choices(vocabulary))


log_app = sub_app(N_("Record a placement, course, assessment, meeting, activity, leave or expense: one new file."))
app.add_typer(log_app, name="log")

# Options every kind shares.
DelmalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--delmal",
        "-d",
        help=N_("Delmål id, e.g. STc4 (repeatable, or comma-separated)."),
        autocompletion=complete_delmal,
    ),
]
PlannedOption = Annotated[bool, typer.Option("--planned", help=N_("Part of the plan (IUP), not yet done."))]
NotesOption = Annotated[str | None, typer.Option(help=N_("Free text. Never write patient data."))]
IntygOption = Annotated[
    Path | None, typer.Option("--intyg", help=N_("A scanned intyg to copy into evidence/ and attach, with its sha256."))
]
IntygByOption = Annotated[str | None, typer.Option(help=N_("Who signed the intyg (default: your huvudhandledare)."))]
IntygRoleOption = Annotated[str | None, typer.Option(help=values(IntygRole))]
IntygDateOption = Annotated[
    str | None, typer.Option(help=N_("Date the intyg was signed (default: the record's last day)."))
]
EditOption = Annotated[bool, typer.Option("--edit", help=N_("Open $EDITOR on the prefilled record before saving."))]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help=N_("Print the YAML; write nothing."))]
CommitOption = Annotated[bool, typer.Option("--commit", help=N_("git add and commit the new file."))]
DateOption = Annotated[str | None, typer.Option(help=N_("Date, YYYY-MM-DD (default: today)."))]
StartOption = Annotated[str | None, typer.Option(help=N_("First day, YYYY-MM-DD (default: today)."))]
EndOption = Annotated[str | None, typer.Option(help=N_("Last day, YYYY-MM-DD."))]
SupervisorOption = Annotated[str | None, typer.Option(help=N_("Who supervised: the handledare."))]


@dataclass(frozen=True)
class Common:
    """The options every `log` command shares (kinds without some leave them at their defaults)."""

    directory: Path | None = None
    delmal: list[str] | None = None
    planned: bool = False
    notes: str | None = None
    intyg: Path | None = None
    intyg_by: str | None = None
    intyg_role: str | None = None
    intyg_date: str | None = None
    edit: bool = False
    dry_run: bool = False
    commit: bool = False
    as_of: str | None = None

    @classmethod
    def of(cls, arguments: dict[str, Any]) -> Common:
        """The shared options out of a command's arguments."""
        return cls(**{name: arguments[name] for name in cls.__dataclass_fields__ if name in arguments})


def _split(values: list[str] | None) -> list[str]:
    """'STc1, sta2' and repeated flags -> ['STc1', 'STa2']: delmål ids, whatever their case."""
    from stfolio.vocabulary import canonical_delmal

    return [canonical_delmal(part) for value in values or [] for part in value.split(",") if part.strip()]


def _person(name: str | None) -> dict[str, Any] | None:
    return {"name": name} if name else None


# The flag that sets each field, for messages ("give --unit").
# One message per kind, so that each reads right ("an expense") and has its own Swedish.
_NOT_WRITTEN = {
    "placement": N_("a placement with these problems would not be written"),
    "course": N_("a course with these problems would not be written"),
    "assessment": N_("an assessment with these problems would not be written"),
    "meeting": N_("a meeting with these problems would not be written"),
    "activity": N_("an activity with these problems would not be written"),
    "leave": N_("a period of leave with these problems would not be written"),
    "expense": N_("an expense with these problems would not be written"),
}
_FLAGS = {"participants": "--participant", "topics": "--topic", "actions": "--action", "duration_minutes": "--duration"}


# What a person is asked for each field, in plain words; the choices are listed once, after it.
_QUESTIONS = {
    "unit": N_("Where (clinic and hospital, or vårdcentral)"),
    "start": N_("First day (YYYY-MM-DD)"),
    "end": N_("Last day (YYYY-MM-DD)"),
    "date": N_("Date (YYYY-MM-DD)"),
    "title": N_("Title"),
    "kind": N_("Kind"),
    "instrument": N_("Instrument"),
    "amount": N_("Amount in kr"),
    "category": N_("Category"),
}
# Optional fields worth asking for on a terminal, by kind: an assessment without its assessor
# and feedback is of little use to anyone later.
_ALSO_ASK = {
    "assessment": {"assessor": N_("Assessor (empty to skip)"), "feedback": N_("Feedback given (empty to skip)")}
}


def _ask_missing(kind: str, fields: dict[str, Any]) -> None:
    """On a terminal, ask for each required field still missing (choices listed once)."""
    from stfolio.kinds import BY_NAME

    for name, info in BY_NAME[kind].model.model_fields.items():
        if not info.is_required() or fields.get(name) is not None:
            continue
        values = choices(info.annotation)
        question = _(_QUESTIONS[name]) if name in _QUESTIONS else name
        while fields.get(name) is None:
            answer = typer.prompt(question + (f" [{', '.join(values)}]" if values else ""))
            try:
                if values:
                    fields[name] = allowed(answer, values, f"--{name}")
                elif name in {"start", "end", "date"}:
                    fields[name] = parse_date(answer, name)
                else:
                    fields[name] = answer
            except typer.BadParameter as exc:
                typer.echo(f"  {exc.message}", err=True)
    for name, question in _ALSO_ASK.get(kind, {}).items():
        if fields.get(name) is None:
            answer = typer.prompt(_(question), default="", show_default=False).strip()
            fields[name] = (_person(answer) if name == "assessor" else answer) or None


def _ask_delmal(context: Context) -> list[str]:
    """Ask for delmål on a terminal, checking each as typed against the catalogue."""
    from stfolio.rules.references import explain_unknown

    assert context.catalogue is not None and context.portfolio.profile is not None
    known = [g.id for g in context.catalogue.goals_for(context.portfolio.profile.specialty)]
    while True:
        question = _("Delmål (e.g. STc1, STa2; empty for none)")
        answer = _split([typer.prompt(question, default="", show_default=False)])
        unknown = [goal for goal in answer if goal not in known]
        if not unknown:
            return answer
        for goal in unknown:
            message, hint = explain_unknown(goal, context)  # the same words check would use
            typer.echo(f"  {message}" + (f"; {hint}" if hint else ""))


def _complete(kind: str, fields: dict[str, Any], common: Common, portfolio: Portfolio) -> None:
    """Fill in the defaults, and on a terminal ask for what is still missing."""
    from stfolio.context import build_context
    from stfolio.kinds import BY_NAME

    model_fields = BY_NAME[kind].model.model_fields
    for key in ("date", "start"):
        if key in model_fields and fields.get(key) is None:
            fields[key] = parse_as_of(common.as_of) or dt.date.today()
    if common.planned:
        fields["status"] = "planned"
    if common.notes:
        fields["notes"] = common.notes
    ask = interactive() and not common.edit
    if "delmal" in model_fields:
        delmal = _split(common.delmal)
        context, _findings = build_context(portfolio)
        if not delmal and ask and context.catalogue is not None:
            delmal = _ask_delmal(context)
        fields["delmal"] = delmal
    if ask:
        _ask_missing(kind, fields)


def _build(kind: str, fields: dict[str, Any]) -> Record:
    """The record, or exit 2 naming the flag that would fix each problem."""
    from stfolio.write.record import build_record

    record, problems = build_record(kind, fields)
    if record is None:
        for field, problem in problems:
            flag = _FLAGS.get(field, "--" + field.replace("_", "-"))
            typer.echo(
                _("stfolio: log {kind}: {problem} (give {flag})").format(kind=kind, problem=problem, flag=flag),
                err=True,
            )
        raise typer.Exit(2)
    return record


def log_record(kind: str, fields: dict[str, Any], common: Common) -> None:
    """The shared path of every `stfolio log KIND`."""
    from stfolio.write.record import intyg_block, open_for_writing, save_new_record

    portfolio = open_for_writing(common.directory or Path.cwd())
    assert portfolio.profile is not None
    _complete(kind, fields, common, portfolio)
    if common.intyg is not None:
        role = allowed(common.intyg_role, choices(IntygRole), "--role")
        date = parse_date(common.intyg_date, "--intyg-date")
        today = parse_as_of(common.as_of)
        block = intyg_block(kind, fields, portfolio.profile, common.intyg, common.intyg_by, role, date, today)
        fields["intyg"] = [block]
    record = _build(kind, fields)
    if common.dry_run:
        _dry_run(portfolio, kind, record, common.as_of)
        return
    editor = (lambda rel, text: _edit(portfolio, kind, rel, text)) if common.edit else None
    as_of = parse_as_of(common.as_of)
    _show_saved(save_new_record(portfolio, kind, record, common.intyg, editor, common.commit, as_of), portfolio.root)


def _dry_run(portfolio: Portfolio, kind: str, record: Record, as_of: str | None) -> None:
    """The YAML that would be written, then what check says of it; exit 1 where a write would be refused."""
    from stfolio.cli.output import format_finding
    from stfolio.findings import has_errors
    from stfolio.write.record import check_new

    text, findings = check_new(portfolio, kind, record, parse_as_of(as_of))
    typer.echo(text, nl=False)
    for finding in findings:
        typer.echo(format_finding(finding, portfolio.root, Path.cwd()), err=True)
    if has_errors(findings):
        fail(_(_NOT_WRITTEN[kind]), 1)


def _show_saved(saved: Saved, root: Path) -> None:
    from stfolio.cli.output import format_finding
    from stfolio.write.record import relative

    typer.echo(_("wrote {path}").format(path=relative(saved.written.path)))
    if saved.evidence:
        typer.echo(_("copied the intyg to {path}").format(path=relative(root / saved.evidence)))
    for finding in saved.findings:  # warnings and notes that did not stop the write
        typer.echo(format_finding(finding, root, Path.cwd()))
    if saved.commit_note:
        typer.echo(saved.commit_note)


def _edit(portfolio: Portfolio, kind: str, rel: str, text: str) -> str:
    """Let the user edit the record in $EDITOR until it is valid; never drop their text."""
    from stfolio.cli.output import format_finding
    from stfolio.files import write_unique
    from stfolio.write.record import draft_path, relative, validate_new

    root = portfolio.root
    draft = write_unique(draft_path(root, Path(rel).name), text)  # an earlier kept draft stays untouched
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    while True:
        try:
            done = subprocess.run([*shlex.split(editor), str(draft)], check=False)
        except OSError as exc:
            message = _("cannot start the editor '{editor}' ({reason}); your text is kept in {path}")
            fail(message.format(editor=editor, reason=exc.strerror or exc, path=relative(draft)), 1)
        if done.returncode != 0:
            message = _("the editor exited with {code}; your text is kept in {path}")
            fail(message.format(code=done.returncode, path=relative(draft)), 1)
        edited = draft.read_text(encoding="utf-8")
        checked, findings = validate_new(portfolio, kind, rel, edited)
        if checked is not None:
            draft.unlink()
            return edited
        for finding in findings:
            typer.echo(format_finding(finding, root, Path.cwd()), err=True)
        if not typer.confirm(_("Edit again?"), default=True):
            fail(_("nothing written; your text is kept in {path}").format(path=relative(draft)), 1)


@log_app.command("meeting", help=N_("A handledarsamtal, IUP revision, studierektor meeting or utvecklingssamtal."))
def log_meeting(
    date: DateOption = None,
    kind: Annotated[str, typer.Option(help=values(MeetingKind))] = "handledarsamtal",
    duration: Annotated[int | None, typer.Option(help=N_("Length in minutes."))] = None,
    participant: Annotated[
        list[str] | None, typer.Option(help=N_("Who took part (repeatable; default: your huvudhandledare)."))
    ] = None,
    topic: Annotated[list[str] | None, typer.Option(help=N_("What was discussed (repeatable)."))] = None,
    action: Annotated[list[str] | None, typer.Option(help=N_("What was agreed (repeatable)."))] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """A handledarsamtal, IUP revision, studierektor meeting or utvecklingssamtal."""
    common = Common.of(locals())
    meeting_kind = allowed(kind, choices(MeetingKind), "--kind")
    fields = {
        "date": parse_date(date, "--date"),
        "kind": meeting_kind,
        "duration_minutes": duration,
        "participants": participant if participant is not None else _default_participants(directory, meeting_kind),
        "topics": topic,
        "actions": action,
    }
    log_record("meeting", fields, common)


def _default_participants(directory: Path | None, kind: str | None) -> list[str] | None:
    """Your huvudhandledare takes part in a handledarsamtal or an IUP revision, unless you say otherwise."""
    from stfolio.loader import find_root
    from stfolio.write.record import load_profile

    root = find_root(directory or Path.cwd())
    profile = load_profile(root)[0] if root else None
    if profile and profile.supervisor and kind in ("handledarsamtal", "IUP-revision"):
        return [profile.supervisor.name]
    return None


@log_app.command("assessment", help=N_("A structured assessment: mini-CEX, CBD, DOPS, medsittning, 360."))
def log_assessment(
    instrument: Annotated[str | None, typer.Option(help=values(Instrument))] = None,
    date: DateOption = None,
    title: Annotated[str | None, typer.Option(help=N_("What was assessed (no patient details)."))] = None,
    assessor: Annotated[str | None, typer.Option(help=N_("Who assessed."))] = None,
    setting: Annotated[str | None, typer.Option(help=N_("Where: unit or placement."))] = None,
    feedback: Annotated[str | None, typer.Option(help=N_("The feedback given."))] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """A structured assessment: mini-CEX, CBD, DOPS, medsittning, 360."""
    common = Common.of(locals())
    fields = {
        "date": parse_date(date, "--date"),
        "instrument": allowed(instrument, choices(Instrument), "--instrument"),
        "title": title,
        "assessor": _person(assessor),
        "setting": setting,
        "feedback": feedback,
    }
    log_record("assessment", fields, common)


@log_app.command("course", help=N_("A course, with its kursintyg."))
def log_course(
    title: Annotated[str | None, typer.Option(help=N_("Course title."))] = None,
    start: StartOption = None,
    end: EndOption = None,
    provider: Annotated[str | None, typer.Option(help=N_("Course organiser."))] = None,
    cost: Annotated[str | None, typer.Option(help=N_("Course fee in SEK, e.g. 4500 or 4500,50."))] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    intyg: IntygOption = None,
    intyg_by: IntygByOption = None,
    intyg_role: IntygRoleOption = None,
    intyg_date: IntygDateOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """A course, with its kursintyg."""
    common = Common.of(locals())
    fields = {
        "title": title,
        "start": parse_date(start, "--start"),
        "end": parse_date(end, "--end"),
        "provider": provider,
        "cost": parse_number(cost, "--cost"),
    }
    log_record("course", fields, common)


@log_app.command("placement", help=N_("A placement: klinisk tjänstgöring, sidotjänstgöring or auskultation."))
def log_placement(
    unit: Annotated[
        str | None, typer.Option(help=N_("Tjänstgöringsställe: clinic and hospital, or vårdcentral."))
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    title: Annotated[str | None, typer.Option(help=N_("Short name, e.g. 'BT akutsjukvård'."))] = None,
    kind: Annotated[str, typer.Option(help=values(PlacementKind))] = "klinisk tjänstgöring",
    bt: Annotated[str | None, typer.Option(help=f"BT: {values(BtCategory)}")] = None,
    extent: Annotated[int, typer.Option(help=N_("Sysselsättningsgrad, percent of full time."))] = 100,
    supervisor: Annotated[str | None, typer.Option(help=N_("The clinical supervisor at the placement."))] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    intyg: IntygOption = None,
    intyg_by: IntygByOption = None,
    intyg_role: IntygRoleOption = None,
    intyg_date: IntygDateOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """A placement: klinisk tjänstgöring, sidotjänstgöring or auskultation."""
    common = Common.of(locals())
    fields = {
        "unit": unit,
        "start": parse_date(start, "--start"),
        "end": parse_date(end, "--end"),
        "title": title,
        "kind": allowed(kind, choices(PlacementKind), "--kind"),
        "bt": allowed(bt, choices(BtCategory), "--bt"),
        "extent": extent,
        "supervisor": _person(supervisor),
    }
    log_record("placement", fields, common)


@log_app.command(
    "activity", help=N_("Another activity: vetenskapligt arbete, kvalitetsarbete, seminarium, undervisning, ...")
)
def log_activity(
    kind: Annotated[str | None, typer.Option(help=values(ActivityKind))] = None,
    title: Annotated[str | None, typer.Option(help=N_("Title or subject."))] = None,
    start: StartOption = None,
    end: EndOption = None,
    hours: Annotated[str | None, typer.Option(help=N_("Time spent, in hours, e.g. 1,5."))] = None,
    supervisor: Annotated[str | None, typer.Option(help=N_("Who supervised the work."))] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    intyg: IntygOption = None,
    intyg_by: IntygByOption = None,
    intyg_role: IntygRoleOption = None,
    intyg_date: IntygDateOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Another activity: vetenskapligt arbete, kvalitetsarbete, seminarium, undervisning, ..."""
    common = Common.of(locals())
    fields = {
        "kind": allowed(kind, choices(ActivityKind), "--kind"),
        "title": title,
        "start": parse_date(start, "--start"),
        "end": parse_date(end, "--end"),
        "hours": parse_number(hours, "--hours"),
        "supervisor": _person(supervisor),
    }
    log_record("activity", fields, common)


@log_app.command("leave", help=N_("Leave that does not count as service: parental, sick or unpaid leave."))
def log_leave(
    kind: Annotated[str | None, typer.Option(help=values(LeaveKind))] = None,
    start: StartOption = None,
    end: EndOption = None,
    extent: Annotated[int, typer.Option(help=N_("Percent of full time on leave."))] = 100,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Leave that does not count as service: parental, sick or unpaid leave."""
    common = Common.of(locals())
    fields = {
        "kind": allowed(kind, choices(LeaveKind), "--kind"),
        "start": parse_date(start, "--start"),
        "end": parse_date(end, "--end"),
        "extent": extent,
    }
    log_record("leave", fields, common)


@log_app.command("expense", help=N_("An expense against the individual course budget (ST-ryggsäck)."))
def log_expense(
    amount: Annotated[str | None, typer.Option(help=N_("Amount in SEK, e.g. 1200 or 1200,50."))] = None,
    category: Annotated[str | None, typer.Option(help=values(ExpenseCategory))] = None,
    date: DateOption = None,
    description: Annotated[str | None, typer.Option(help=N_("What it was for."))] = None,
    course: Annotated[
        str | None, typer.Option(help=N_("The course record it belongs to, e.g. courses/....yaml."))
    ] = None,
    planned: PlannedOption = False,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
    as_of: AsOfOption = None,
) -> None:
    """An expense against the individual course budget (ST-ryggsäck)."""
    common = Common.of(locals())
    fields = {
        "date": parse_date(date, "--date"),
        "amount": parse_number(amount, "--amount"),
        "category": allowed(category, choices(ExpenseCategory), "--category"),
        "description": description,
        "course": course,
    }
    log_record("expense", fields, common)
