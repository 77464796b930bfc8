"""Fill an application's forms from the portfolio: find each blank, fill it, write it, list what to sign.

The user downloads Socialstyrelsen's blanks into a folder (``--blanks``; by default
``~/.local/share/stfolio/blanketter``); stfolio never ships them. Each blank is found by its
published file name, or else by recognising the PDFs in the folder (a renamed file is fine; an
altered one is refused). The filled PDFs and a checklist (``checklist.md``, ``checklist.html``)
go into an output folder that git ignores (``ansokan/`` in the portfolio by default), never among
the records. Nothing personal is read from the portfolio or written into it.
"""

from __future__ import annotations

import html
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from stfolio.catalogue import regulation_folder
from stfolio.context import Context
from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import replace_file, write_new_file
from stfolio.forms.errors import FormError
from stfolio.forms.fill import Note, fill
from stfolio.forms.mappings import find_mapping
from stfolio.forms.model import FormMapping
from stfolio.forms.output import write_filled
from stfolio.forms.portfolio import PRINTED_LABELS, FormJob, plan_application
from stfolio.forms.recognise import ACCEPT_FLAG, Blank, open_blank
from stfolio.forms.vocabulary import is_personal, template_keys
from stfolio.i18n import _, n_
from stfolio.rules.application import APPLICATIONS, Which, next_application

OUTPUT_FOLDER = "ansokan"
PERSONAL_KEYS = (
    "trainee.personnummer",
    "trainee.address",
    "trainee.postal_code",
    "trainee.city",
    "trainee.phone_home",
    "trainee.phone_mobile",
    "trainee.phone_work",
    "trainee.email",
    "application.fee_paid_date",
)


def default_blanks() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "stfolio" / "blanketter"


@dataclass
class Done:
    """One job's outcome: the files written, or why none was."""

    job: FormJob
    mapping: FormMapping
    paths: list[Path] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    blank_missing: bool = False


@dataclass
class FilledApplication:
    which: Which
    out: Path
    done: list[Done]
    checklist: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def missing_blanks(self) -> list[FormMapping]:
        seen: dict[str, FormMapping] = {}
        for d in self.done:
            if d.blank_missing:
                seen.setdefault(d.mapping.form, d.mapping)
        return list(seen.values())


def needed_mappings(ctx: Context, which: Which) -> list[FormMapping]:
    """The blanks an application needs, each once, in the order of the förteckning."""
    assert ctx.portfolio.profile is not None
    folder = regulation_folder(ctx.portfolio.profile.regulation)
    found: dict[str, FormMapping] = {}
    for job in plan_application(ctx, which):
        if job.form.id not in found:
            found[job.form.id] = find_mapping(job.form.id, folder)
    return list(found.values())


def _find_blanks(folder: Path, wanted: list[FormMapping], accept_changed: bool = False) -> dict[str, Blank]:
    """The blanks in ``folder``, by form id: by their published names first, then any PDF recognised."""
    blanks: dict[str, Blank] = {}
    if not folder.is_dir():
        return blanks
    for mapping in wanted:
        path = folder / mapping.file_name
        if path.is_file():
            blanks[mapping.form] = _open(path, accept_changed)
    for path in sorted(folder.glob("*.pdf")):
        if len(blanks) == len(wanted):
            break
        try:
            blank = open_blank(path, accept_changed=accept_changed)
        except FormError:
            continue  # not one of the blanks; a blank under its own name was already refused loudly
        if blank.mapping.form not in blanks and any(
            m.form == blank.mapping.form and m.regulation == blank.mapping.regulation for m in wanted
        ):
            blanks[blank.mapping.form] = blank
    return blanks


def _open(path: Path, accept_changed: bool = False) -> Blank:
    try:
        return open_blank(path, accept_changed=accept_changed)
    except FormError as exc:
        raise StfolioError(exc.message, exc.hint, exit_code=PROBLEM) from None


def _keys_of(mapping: FormMapping) -> set[str]:
    keys: set[str] = set()
    for f in mapping.fields:
        if f.key:
            keys.add(f.key)
        if f.template:
            keys.update(template_keys(f.template))
    return keys


def fill_application(
    ctx: Context,
    which: Which | None,
    blanks: Path,
    out: Path,
    personal: dict[str, str],
    flatten: bool = False,
    overwrite: bool = False,
    accept_changed: bool = False,
) -> FilledApplication:
    """Fill every form of the application whose blank is in ``blanks``; write them into ``out``.

    ``accept_changed`` fills a blank whose checksum is unknown but whose fields and their sizes
    are a known version's (``--accept-changed-blank``); each such blank is named in the
    warnings and in the checklist.
    """
    assert ctx.portfolio.profile is not None
    which = which or next_application(ctx)
    jobs = plan_application(ctx, which)
    folder = regulation_folder(ctx.portfolio.profile.regulation)
    mappings = {job.form.id: find_mapping(job.form.id, folder) for job in jobs}
    found = _find_blanks(blanks, list({m.form: m for m in mappings.values()}.values()), accept_changed)
    result = FilledApplication(which, out, [], warnings=_warnings(ctx, out))
    result.warnings += [blank.note for blank in found.values() if blank.note]
    for job in jobs:
        mapping = mappings[job.form.id]
        done = Done(job, mapping)
        result.done.append(done)
        blank = found.get(job.form.id)
        if blank is None:
            done.blank_missing = True
            continue
        keys = _keys_of(mapping)
        values = {k: v for k, v in job.values.items() if k in keys and v and not is_personal(k)}
        # The blank leaves these for the applicant (bilaga 5 shares their fields across pages).
        job.missing += [
            _("write by hand in the förteckning: {what}, bilaga {numbers}").format(
                what=PRINTED_LABELS.get(k, k), numbers=job.values[k]
            )
            for k in job.values
            if k.startswith("attachments.") and k not in keys
        ]
        mine = {k: v for k, v in personal.items() if k in keys and v}
        try:
            filled = fill(blank, values, mine, job.rows, flatten=flatten)
            out.mkdir(parents=True, exist_ok=True)
            done.paths = write_filled(filled, out, job.stem, overwrite)
        except FormError as exc:
            raise StfolioError(f"{job.form.id}: {exc.message}", exc.hint, exit_code=PROBLEM) from None
        done.notes = list(filled.notes)
        if blank.note:
            job.missing.append(
                _("filled from a changed blank ({flag}), check it against Socialstyrelsen's: {file}, sha256 {digest}…")
                .format(flag=ACCEPT_FLAG, file=blank.source, digest=blank.sha256[:16])
            )  # fmt: skip
        job.missing += [
            _("printed shortened, check it: {field}").format(field=note.field)
            for note in done.notes
            if note.kind == "shortened"
        ]
    result.checklist = write_checklist(ctx, result, overwrite=True)
    return result


def _warnings(ctx: Context, out: Path) -> list[str]:
    """The output folder must be outside the records and ignored by git: say so where it is not."""
    root = ctx.portfolio.root.resolve()
    target = out.resolve()
    if not target.is_relative_to(root) or not (root / ".git").exists():
        return []
    probe = target.relative_to(root) / "probe.pdf"
    ignored = (
        subprocess.run(["git", "check-ignore", "-q", str(probe)], cwd=root, capture_output=True, check=False).returncode
        == 0
    )
    if ignored:
        return []
    return [
        _("{folder}/ is not ignored by git: the filled forms would hold your personnummer if you typed it; "
          "add '{folder}/' to .gitignore").format(folder=target.relative_to(root).as_posix())
    ]  # fmt: skip


# --- the checklist ----------------------------------------------------------------------------


def checklist_lines(ctx: Context, result: FilledApplication) -> list[tuple[str, str, str, list[str]]]:
    """(form, file, who signs, what is still missing) per filled or missing form."""
    rows = []
    for done in result.done:
        job = done.job
        name = done.paths[0].name if done.paths else _("(blank missing: {file})").format(file=done.mapping.file_name)
        title = f"{job.label + ': ' if job.label else ''}{job.form.title}"
        signer = _("you") if job.application_form else job.signers
        rows.append((title, name, signer, list(job.missing)))
    return rows


def render_checklist(ctx: Context, result: FilledApplication, fmt: str = "md") -> str:
    profile = ctx.portfolio.profile
    assert profile is not None
    heading = _("What to sign and send: {application}").format(application=APPLICATIONS[result.which])
    steps = [
        _("Print the forms, have each signed by the person named, and sign the ansökan yourself."),
        _("Pay the application fee when you apply and write the date on the ansökan (Avgiften betalad)."),
        _(
            "Send the signed intyg as originals, by post, to Socialstyrelsen, with the ansökan; other documents as copies."
        ),
        _("Check every form before signing: the fields can still be edited, and your personnummer is typed in by you."),
    ]
    rows = checklist_lines(ctx, result)
    form, file, signed, missing, lang = _("Form"), _("File"), _("Signed by"), _("Still missing"), _("en")
    if fmt == "html":
        body = "".join(
            f"<tr><td>{html.escape(t)}</td><td>{html.escape(f)}</td><td>{html.escape(s)}</td>"
            f"<td>{html.escape('; '.join(m) or '–')}</td></tr>"
            for t, f, s, m in rows
        )
        items = "".join(f"<li>{html.escape(step)}</li>" for step in steps)
        return (
            f'<!doctype html><html lang="{html.escape(lang)}"><meta charset="utf-8"><title>{html.escape(heading)}</title>'
            "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #999;padding:4px 8px;"
            "vertical-align:top}table{border-collapse:collapse}</style>"
            f"<h1>{html.escape(heading)}</h1><p>{html.escape(profile.trainee.name)} · {html.escape(profile.regulation)}</p>"
            f"<table><tr><th>{form}</th><th>{file}</th><th>{signed}</th><th>{missing}</th></tr>"
            f"{body}</table><ol>{items}</ol></html>\n"
        )
    lines = [f"# {heading}", "", f"{profile.trainee.name} · {profile.regulation}", ""]
    lines += [f"| {form} | {file} | {signed} | {missing} |", "|---|---|---|---|"]
    lines += [f"| {t} | {f} | {s} | {'; '.join(m) or '–'} |" for t, f, s, m in rows]
    lines += [""] + [f"{i}. {step}" for i, step in enumerate(steps, 1)]
    return "\n".join(lines) + "\n"


def write_checklist(ctx: Context, result: FilledApplication, overwrite: bool = True) -> list[Path]:
    if not any(d.paths for d in result.done):
        return []
    written = []
    for fmt in ("md", "html"):
        path = result.out / f"checklist.{fmt}"
        text = render_checklist(ctx, result, fmt)
        if path.exists() and overwrite:
            replace_file(path, text)
        else:
            write_new_file(path, text)
        written.append(path)
    return written


def summary(result: FilledApplication) -> str:
    filled = sum(1 for d in result.done if d.paths)
    return n_("{n} form filled", "{n} forms filled", filled).format(n=filled)
