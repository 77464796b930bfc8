"""`stfolio log KIND`, `stfolio attach` and `stfolio schema`: recording, safely.

One sub-command per record kind, with a flag for every field of the model (a test keeps
them in step). The work itself is in ``stfolio.recording``.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
import typing
from pathlib import Path
from typing import Annotated, Any

import typer

from stfolio.cli_util import fail as _fail
from stfolio.cli_util import parse_date as _date
from stfolio.text import fold

log_app = typer.Typer(
    help="Record a placement, course, assessment, meeting, activity, leave or expense: one new file.",
    no_args_is_help=True,
)

# Options every kind shares.
DirOption = Annotated[Path | None, typer.Option("--dir", help="The portfolio; default: found upward from here.")]
DelmalOption = Annotated[
    list[str] | None, typer.Option("--delmal", "-d", help="Delmål id, e.g. STc4 (repeatable, or comma-separated).")
]
PlannedOption = Annotated[bool, typer.Option("--planned", help="Part of the plan (IUP), not yet done.")]
NotesOption = Annotated[str | None, typer.Option(help="Free text. Never write patient data.")]
IntygOption = Annotated[
    Path | None, typer.Option("--intyg", help="A scanned intyg to copy into evidence/ and attach, with its sha256.")
]
IntygByOption = Annotated[str | None, typer.Option(help="Who signed the intyg (default: your huvudhandledare).")]
IntygRoleOption = Annotated[
    str | None, typer.Option(help="Signer's role: handledare, kursledare, verksamhetschef, studierektor, ...")
]
IntygDateOption = Annotated[
    str | None, typer.Option(help="Date the intyg was signed (default: the record's last day).")
]
EditOption = Annotated[bool, typer.Option("--edit", help="Open $EDITOR on the prefilled record before saving.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the YAML; write nothing.")]
CommitOption = Annotated[bool, typer.Option("--commit", help="git add and commit the new file.")]
DateOption = Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default: today).")]
StartOption = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default: today).")]
EndOption = Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")]


class Common(typing.NamedTuple):
    directory: Path | None
    delmal: list[str] | None
    planned: bool
    notes: str | None
    intyg: Path | None
    intyg_by: str | None
    intyg_role: str | None
    intyg_date: str | None
    edit: bool
    dry_run: bool
    commit: bool


def interactive() -> bool:
    """Whether to ask for missing fields: only when a person is at the terminal."""
    return sys.stdin.isatty()


def _literal(value: str | None, field: str, kind: str) -> str | None:
    """Match a choice loosely ('klinisk tjanstgoring' -> 'klinisk tjänstgöring')."""
    if value is None:
        return None
    if kind == "intyg":
        from stfolio.model import Intyg

        choices = _choices(kind, field, Intyg)
    else:
        choices = _choices(kind, field)
    for choice in choices:
        if fold(choice).replace(" ", "") == fold(value).replace(" ", ""):
            return choice
    from stfolio.text import did_you_mean

    hint = did_you_mean(value, choices) or "use one of: " + ", ".join(choices)
    raise typer.BadParameter(f"{value!r} is not allowed; {hint}", param_hint=f"--{field.replace('_', '-')}")


def _model(kind: str) -> Any:
    from stfolio.model import RECORD_KINDS
    from stfolio.recording import KIND_FOLDERS

    return RECORD_KINDS[KIND_FOLDERS[kind]]


def _choices(kind: str, field: str, model: Any = None) -> list[str]:
    annotation = (model or _model(kind)).model_fields[field].annotation
    return _literal_args(annotation)


def _literal_args(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = _literal_args(arg)
        if found:
            return found
    return []


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _person(name: str | None) -> dict[str, Any] | None:
    return {"name": name} if name else None


# The flag that sets each field, for messages ("give --unit").
_FLAGS = {"participants": "--participant", "topics": "--topic", "actions": "--action", "duration_minutes": "--duration"}


def _ask_missing(kind: str, fields: dict[str, Any], ask: bool) -> None:
    """On a terminal, ask for each required field still missing (choices shown)."""
    model = _model(kind)
    for name, info in model.model_fields.items():
        if not info.is_required() or fields.get(name) is not None:
            continue
        if not ask:
            continue
        choices = _choices(kind, name, model)
        label = (info.description or name).rstrip(".")
        while fields.get(name) is None:
            answer = typer.prompt(f"{name} ({label})" + (f" [{', '.join(choices)}]" if choices else ""))
            try:
                if choices:
                    fields[name] = _literal(answer, name, kind)
                elif "date" in str(info.annotation) and name in {"start", "end", "date"}:
                    fields[name] = _date(answer, name)
                else:
                    fields[name] = answer
            except typer.BadParameter as exc:
                typer.echo(f"  {exc.message}", err=True)


def _ask_delmal(context: Any, ask: bool, given: list[str]) -> list[str]:
    """Ask for delmål on a terminal, checking each as typed against the catalogue."""
    if given or not ask or context.catalogue is None or context.portfolio.profile is None:
        return given
    from stfolio.references import explain_unknown

    known = [g.id for g in context.catalogue.goals_for(context.portfolio.profile.specialty)]
    while True:
        answer = _split([typer.prompt("Delmål (e.g. STc1, STa2; empty for none)", default="", show_default=False)])
        unknown = [goal for goal in answer if goal not in known]
        if not unknown:
            return answer
        for goal in unknown:
            message, hint = explain_unknown(goal, context)  # the same words check would use
            typer.echo(f"  {message}" + (f"; {hint}" if hint else ""))


def log_record(kind: str, fields: dict[str, Any], common: Common) -> None:
    """The shared path of every `stfolio log KIND`."""
    from stfolio.context import build_context
    from stfolio.loader import find_root
    from stfolio.output import format_finding
    from stfolio.recording import (
        KIND_FOLDERS,
        build_record,
        copy_evidence,
        ensure_schemas,
        file_name,
        git_commit,
        load_profile,
        render_record,
        sha256_of,
        validate_new,
        write_record,
    )

    root = find_root(common.directory or Path.cwd())
    if root is None:
        _fail("no portfolio here (no stfolio.yaml found upward); use --dir or `stfolio init` first")
    profile, portfolio, _ = load_profile(root)
    if profile is None:
        _fail("stfolio.yaml has problems; run `stfolio check` and fix it first", 1)
    context, _ = build_context(portfolio)
    ask = interactive() and not common.edit

    today = dt.date.today()
    for key in ("date", "start"):
        if key in _model(kind).model_fields and fields.get(key) is None:
            fields[key] = today
    if common.planned:
        fields["status"] = "planned"
    if common.notes:
        fields["notes"] = common.notes
    if "delmal" in _model(kind).model_fields:
        fields["delmal"] = _ask_delmal(context, ask, _split(common.delmal))
    _ask_missing(kind, fields, ask)

    evidence_source = common.intyg
    if evidence_source is not None:
        if not evidence_source.is_file():
            _fail(f"--intyg {evidence_source}: no such file")
        if "intyg" not in _model(kind).model_fields:
            _fail(f"a {kind} has no intyg")
        own = fields.get("supervisor")  # the placement's or activity's own handledare signs its intyg
        default_by = own["name"] if own else (profile.supervisor.name if profile.supervisor else None)
        role = _literal(common.intyg_role, "role", "intyg")
        role = role or ("kursledare" if kind == "course" else "handledare")
        issued_by = common.intyg_by or (default_by if role == "handledare" else None)
        if issued_by is None:
            _fail("give --intyg-by: who signed the intyg")
        end: dt.date = fields.get("end") or fields.get("start") or fields.get("date") or today
        fields["intyg"] = [
            {
                "file": "evidence/(copied when saved)",
                "issued_by": issued_by,
                "role": role,
                # an intyg is signed on or before today: not on the planned last day of an ongoing placement
                "date": _date(common.intyg_date, "--intyg-date") or min(end, today),
                "sha256": sha256_of(evidence_source),
            }
        ]

    record, problems = build_record(kind, fields)
    if record is None:
        for problem in problems:
            field = problem.split(":")[0].split(".")[0].split("[")[0]
            flag = _FLAGS.get(field, "--" + field.replace("_", "-"))
            typer.echo(f"stfolio: log {kind}: {problem} (give {flag})", err=True)
        raise typer.Exit(2)

    name = file_name(kind, record)
    rel = f"{KIND_FOLDERS[kind]}/{name}"
    evidence_rel = None
    if evidence_source is not None and not common.dry_run:
        evidence_rel, _digest = copy_evidence(root, evidence_source, name.removesuffix(".yaml"))
        record = record.model_copy(update={"intyg": [record.intyg[0].model_copy(update={"file": evidence_rel})]})  # type: ignore[attr-defined]
    text = render_record(kind, record, rel)

    if common.dry_run:
        typer.echo(text, nl=False)
        return
    if common.edit:
        text = _edit(root, kind, rel, text, portfolio)
    checked, findings = validate_new(portfolio, kind, rel, text)
    if checked is None:
        for finding in findings:
            typer.echo(format_finding(finding, root, Path.cwd()), err=True)
        if evidence_rel is not None:
            (root / evidence_rel).unlink(missing_ok=True)  # our own copy; nothing of the user's is lost
        _fail(f"nothing written: the {kind} has problems (above)", 1)
    try:
        written = write_record(root, kind, name, text)
    except OSError as exc:
        if evidence_rel is not None:
            (root / evidence_rel).unlink(missing_ok=True)
        _fail(f"cannot write in {root / KIND_FOLDERS[kind]}: {exc.strerror or exc}", 1)
    schemas = ensure_schemas(root)
    from stfolio.recording import relative

    typer.echo(f"wrote {relative(written.path)}")
    if evidence_rel:
        typer.echo(f"copied the intyg to {relative(root / evidence_rel)}")
    for finding in findings:  # warnings and notes that did not stop the write
        typer.echo(format_finding(finding, root, Path.cwd()))
    if common.commit:
        paths = [written.rel] + ([evidence_rel] if evidence_rel else []) + [f".stfolio/schemas/{s}" for s in schemas]
        typer.echo(git_commit(root, paths, f"Log {kind}: {written.rel}"))


def _edit(root: Path, kind: str, rel: str, text: str, portfolio: Any) -> str:
    """Let the user edit the record in $EDITOR until it is valid; never drop their text."""
    from stfolio.files import write_unique
    from stfolio.output import format_finding
    from stfolio.recording import draft_path, relative, validate_new

    draft = write_unique(draft_path(root, Path(rel).name), text)  # an earlier kept draft stays untouched
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    while True:
        try:
            done = subprocess.run([*shlex.split(editor), str(draft)], check=False)
        except OSError as exc:
            _fail(
                f"cannot start the editor '{editor}' ({exc.strerror or exc}); your text is kept in {relative(draft)}", 1
            )
        if done.returncode != 0:
            _fail(f"the editor exited with {done.returncode}; your text is kept in {relative(draft)}", 1)
        edited = draft.read_text(encoding="utf-8")
        checked, findings = validate_new(portfolio, kind, rel, edited)
        if checked is not None:
            draft.unlink()
            return edited
        for finding in findings:
            typer.echo(format_finding(finding, root, Path.cwd()), err=True)
        if not typer.confirm("Edit again?", default=True):
            _fail(f"nothing written; your text is kept in {relative(draft)}", 1)


@log_app.command("meeting")
def log_meeting(
    date: DateOption = None,
    kind: Annotated[
        str, typer.Option(help="handledarsamtal, IUP-revision, studierektorssamtal or utvecklingssamtal.")
    ] = "handledarsamtal",
    duration: Annotated[int | None, typer.Option(help="Length in minutes.")] = None,
    participant: Annotated[
        list[str] | None, typer.Option(help="Who took part (repeatable; default: your huvudhandledare).")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option(help="What was discussed (repeatable).")] = None,
    action: Annotated[list[str] | None, typer.Option(help="What was agreed (repeatable).")] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
) -> None:
    """A handledarsamtal, IUP revision, studierektor meeting or utvecklingssamtal."""
    participants = participant
    if participants is None:
        from stfolio.loader import find_root
        from stfolio.recording import load_profile

        root = find_root(directory or Path.cwd())
        profile = load_profile(root)[0] if root else None
        if profile and profile.supervisor and kind in ("handledarsamtal", "IUP-revision"):
            participants = [profile.supervisor.name]
    fields = {
        "date": _date(date, "--date"),
        "kind": _literal(kind, "kind", "meeting"),
        "duration_minutes": duration,
        "participants": participants,
        "topics": topic,
        "actions": action,
    }
    log_record("meeting", fields, _common_of(locals()))


@log_app.command("assessment")
def log_assessment(
    instrument: Annotated[str | None, typer.Option(help="mini-CEX, CBD, DOPS, medsittning, 360 or annan.")] = None,
    date: DateOption = None,
    title: Annotated[str | None, typer.Option(help="What was assessed (no patient details).")] = None,
    assessor: Annotated[str | None, typer.Option(help="Who assessed.")] = None,
    setting: Annotated[str | None, typer.Option(help="Where: unit or placement.")] = None,
    feedback: Annotated[str | None, typer.Option(help="The feedback given.")] = None,
    delmal: DelmalOption = None,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
) -> None:
    """A structured assessment: mini-CEX, CBD, DOPS, medsittning, 360."""
    fields = {
        "date": _date(date, "--date"),
        "instrument": _literal(instrument, "instrument", "assessment"),
        "title": title,
        "assessor": _person(assessor),
        "setting": setting,
        "feedback": feedback,
    }
    log_record("assessment", fields, _common_of(locals()))


@log_app.command("course")
def log_course(
    title: Annotated[str | None, typer.Option(help="Course title.")] = None,
    start: StartOption = None,
    end: EndOption = None,
    provider: Annotated[str | None, typer.Option(help="Course organiser.")] = None,
    cost: Annotated[float | None, typer.Option(help="Course fee in SEK.")] = None,
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
) -> None:
    """A course, with its kursintyg."""
    fields = {
        "title": title,
        "start": _date(start, "--start"),
        "end": _date(end, "--end"),
        "provider": provider,
        "cost": cost,
    }
    log_record("course", fields, _common_of(locals()))


@log_app.command("placement")
def log_placement(
    unit: Annotated[str | None, typer.Option(help="Tjänstgöringsställe: clinic and hospital, or vårdcentral.")] = None,
    start: StartOption = None,
    end: EndOption = None,
    title: Annotated[str | None, typer.Option(help="Short name, e.g. 'BT akutsjukvård'.")] = None,
    kind: Annotated[
        str, typer.Option(help="klinisk tjänstgöring, sidotjänstgöring or auskultation.")
    ] = "klinisk tjänstgöring",
    bt: Annotated[str | None, typer.Option(help="BT placement: akut, primärvård or annan.")] = None,
    extent: Annotated[int, typer.Option(help="Sysselsättningsgrad, percent of full time.")] = 100,
    supervisor: Annotated[str | None, typer.Option(help="The clinical supervisor at the placement.")] = None,
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
) -> None:
    """A placement: klinisk tjänstgöring, sidotjänstgöring or auskultation."""
    fields = {
        "unit": unit,
        "start": _date(start, "--start"),
        "end": _date(end, "--end"),
        "title": title,
        "kind": _literal(kind, "kind", "placement"),
        "bt": _literal(bt, "bt", "placement"),
        "extent": extent,
        "supervisor": _person(supervisor),
    }
    log_record("placement", fields, _common_of(locals()))


@log_app.command("activity")
def log_activity(
    kind: Annotated[
        str | None,
        typer.Option(
            help="vetenskapligt arbete, kvalitetsarbete, seminarium, undervisning, handledning, konferens "
            "or teoretiska studier."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title or subject.")] = None,
    start: StartOption = None,
    end: EndOption = None,
    hours: Annotated[float | None, typer.Option(help="Time spent, in hours.")] = None,
    supervisor: Annotated[str | None, typer.Option(help="Who supervised the work.")] = None,
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
) -> None:
    """Another activity: vetenskapligt arbete, kvalitetsarbete, seminarium, undervisning, ..."""
    fields = {
        "kind": _literal(kind, "kind", "activity"),
        "title": title,
        "start": _date(start, "--start"),
        "end": _date(end, "--end"),
        "hours": hours,
        "supervisor": _person(supervisor),
    }
    log_record("activity", fields, _common_of(locals()))


@log_app.command("leave")
def log_leave(
    kind: Annotated[str | None, typer.Option(help="föräldraledighet, sjukskrivning, tjänstledighet or annan.")] = None,
    start: StartOption = None,
    end: EndOption = None,
    extent: Annotated[int, typer.Option(help="Percent of full time on leave.")] = 100,
    planned: PlannedOption = False,
    notes: NotesOption = None,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
) -> None:
    """Leave that does not count as service: parental, sick or unpaid leave."""
    fields = {
        "kind": _literal(kind, "kind", "leave"),
        "start": _date(start, "--start"),
        "end": _date(end, "--end"),
        "extent": extent,
    }
    log_record("leave", fields, _common_of(locals()))


@log_app.command("expense")
def log_expense(
    amount: Annotated[float | None, typer.Option(help="Amount in SEK.")] = None,
    category: Annotated[
        str | None, typer.Option(help="kursavgift, resa, logi, litteratur, konferens or annan.")
    ] = None,
    date: DateOption = None,
    description: Annotated[str | None, typer.Option(help="What it was for.")] = None,
    course: Annotated[str | None, typer.Option(help="The course record it belongs to, e.g. courses/....yaml.")] = None,
    planned: PlannedOption = False,
    edit: EditOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    directory: DirOption = None,
) -> None:
    """An expense against the individual course budget (ST-ryggsäck)."""
    fields = {
        "date": _date(date, "--date"),
        "amount": amount,
        "category": _literal(category, "category", "expense"),
        "description": description,
        "course": course,
    }
    log_record("expense", fields, _common_of(locals()))


def _common_of(args: dict[str, Any]) -> Common:
    """The shared options out of a command's arguments (kinds without some get defaults)."""
    return Common(
        directory=args.get("directory"),
        delmal=args.get("delmal"),
        planned=bool(args.get("planned")),
        notes=args.get("notes"),
        intyg=args.get("intyg"),
        intyg_by=args.get("intyg_by"),
        intyg_role=args.get("intyg_role"),
        intyg_date=args.get("intyg_date"),
        edit=bool(args.get("edit")),
        dry_run=bool(args.get("dry_run")),
        commit=bool(args.get("commit")),
    )


def attach(
    file: Annotated[Path, typer.Argument(help="The scanned intyg or certificate (PDF, JPG, ...).")],
    to: Annotated[Path, typer.Option("--to", help="The record it belongs to, e.g. courses/2025-05-05-....yaml.")],
    intyg_number: Annotated[
        int | None,
        typer.Option("--intyg", help="Fill in the file of this intyg (1 = the first) instead of adding one."),
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who signed it (new intyg; default: your huvudhandledare).")] = None,
    role: IntygRoleOption = None,
    date: Annotated[str | None, typer.Option(help="Date signed (new intyg; default: the record's last day).")] = None,
    commit: CommitOption = False,
) -> None:
    """Copy a scanned intyg into evidence/ and record it, with its sha256, in a record.

    The record keeps its comments and key order: only the intyg lines are added.
    """
    from stfolio.files import replace_file
    from stfolio.loader import find_root, load_text
    from stfolio.model import RECORD_KINDS
    from stfolio.output import format_finding
    from stfolio.recording import (
        SpliceError,
        copy_evidence,
        git_commit,
        load_profile,
        record_date,
        relative,
        splice_intyg,
    )

    if not file.is_file():
        _fail(f"{file}: no such file")
    target = to if to.is_absolute() else Path.cwd() / to
    root = find_root(target.parent if target.parent.exists() else Path.cwd())
    if root is None or not target.is_file():
        _fail(f"{to}: no such record")
    if not target.resolve().is_relative_to(root):
        _fail(f"{to} leads outside the portfolio; attach only to records inside it")
    rel = target.resolve().relative_to(root).as_posix()
    folder = rel.split("/")[0]
    if folder not in RECORD_KINDS or "intyg" not in RECORD_KINDS[folder].model_fields:
        _fail(f"{rel} is not a record that takes an intyg (placements, courses, activities)")
    model = RECORD_KINDS[folder]
    original = target.read_bytes().decode("utf-8", errors="replace")
    crlf = "\r\n" in original  # a Windows editor's line endings are kept as they are
    text = original.replace("\r\n", "\n")
    parsed, record, findings = load_text(text, rel, model)
    if record is None or parsed is None:
        for finding in findings:
            typer.echo(format_finding(finding, root, Path.cwd()), err=True)
        _fail(f"{rel} has problems; fix them first", 1)

    profile = load_profile(root)[0]
    evidence_rel, digest = copy_evidence(root, file, target.stem)
    if intyg_number is not None:
        existing = list(getattr(record, "intyg", ()))
        if 0 < intyg_number <= len(existing) and existing[intyg_number - 1].file:
            (root / evidence_rel).unlink()
            _fail(
                f"intyg {intyg_number} of {rel} already has the file {existing[intyg_number - 1].file}; "
                "attach the new scan as a new intyg (without --intyg), or edit the record by hand"
            )
        fields: dict[str, Any] = {"file": evidence_rel, "sha256": digest}
        index = intyg_number - 1
    else:
        signer_role = _literal(role, "role", "intyg") or ("kursledare" if folder == "courses" else "handledare")
        signer = by or (
            profile.supervisor.name if profile and profile.supervisor and signer_role == "handledare" else None
        )
        if signer is None:
            (root / evidence_rel).unlink()
            _fail("give --by: who signed the intyg")
        last_day = getattr(record, "end", None) or record_date(record)
        fields = {
            "file": evidence_rel,
            "issued_by": signer,
            "role": signer_role,
            "date": _date(date, "--date") or last_day,
            "sha256": digest,
        }
        index = None
    try:
        new_text = splice_intyg(text, parsed, index, fields)
    except SpliceError as exc:
        (root / evidence_rel).unlink()
        _fail(f"{rel}: {exc}", 1)
    _parsed, checked, problems = load_text(new_text, rel, model)
    if checked is None:  # never expected: we only add valid lines; refuse rather than corrupt
        (root / evidence_rel).unlink()
        for finding in problems:
            typer.echo(format_finding(finding, root, Path.cwd()), err=True)
        _fail(f"could not add the intyg to {rel} safely; nothing changed", 3)
    replace_file(target, new_text.replace("\n", "\r\n") if crlf else new_text)
    typer.echo(f"copied {file.name} to {relative(root / evidence_rel)} (sha256 {digest[:12]}…)")
    typer.echo(f"recorded it in {relative(target)}")
    if commit:
        typer.echo(git_commit(root, [rel, evidence_rel], f"Attach intyg to {rel}"))


def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for the schemas; default: .stfolio/schemas in the portfolio.")
    ] = None,
) -> None:
    """Write JSON Schemas for the profile and each record kind, for completion in editors."""
    from stfolio.loader import find_root
    from stfolio.recording import SCHEMA_DIR, relative
    from stfolio.schemas import all_schemas, write_schemas

    if out is None:
        root = find_root(Path.cwd())
        if root is None:
            _fail("not in a portfolio; give --out FOLDER")
        out = root / SCHEMA_DIR
    else:
        root = find_root(out.parent if out.parent.exists() else Path.cwd())
        if root is not None and out.resolve().is_relative_to(root) and out.resolve() != (root / SCHEMA_DIR).resolve():
            _fail(f"{out} is inside the portfolio; schemas belong in {SCHEMA_DIR}/ (the default) or outside it")
    try:
        written = write_schemas(out)
    except OSError as exc:
        _fail(f"cannot write schemas to {out}: {exc.strerror or exc}", 1)
    total = len(all_schemas())
    typer.echo(f"{relative(out)}/: {total} schemas, {len(written)} written or updated")
