"""An import in words: the files a dry run would write (whole), what was written, what was not
imported and why, and what the trainee must complete afterwards (the intyg above all, which no
source holds).

Paths are shown as the user would type them from where they stand. The findings themselves are
printed by the command line, as `check` prints them.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from stfolio.i18n import _, n_
from stfolio.importers.plan import Imported, ImportPlan, Planned
from stfolio.rules import CheckResult


def shown(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when that is shorter to type, else as it is."""
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)


def _folder(plan: ImportPlan, cwd: Path) -> str:
    folder = shown(plan.root, cwd)
    return folder if folder.endswith("/") else folder + "/"


def dry_run_files(plan: ImportPlan, cwd: Path) -> str:
    """Every file the import would write, whole, each under a ``==> path <==`` line."""
    parts = []
    if plan.target.new is not None:
        parts.append(f"==> {shown(plan.root / 'stfolio.yaml', cwd)} <==\n{plan.target.new.profile_text}")
    for planned in plan.to_write:
        parts.append(f"==> {shown(plan.root / planned.rel, cwd)} <==\n{planned.text}")
    return "\n".join(parts)


def _counts(planned: list[Planned]) -> dict[str, int]:
    return {
        "placements": sum(1 for p in planned if p.kind == "placement"),
        "courses": sum(1 for p in planned if p.kind == "course"),
    }


def not_imported(plan: ImportPlan) -> list[str]:
    """What was left out of the import, each with its reasons."""
    if not plan.skipped:
        return []
    lines = [_("Not imported:")]
    for skipped in plan.skipped:
        lines.append(f"  {skipped.where.path} ({skipped.label})")
        lines.extend(f"    - {reason}" for reason in skipped.reasons)
    return lines


def dry_run_summary(plan: ImportPlan, cwd: Path) -> list[str]:
    count = len(plan.to_write)
    lines = [
        n_(
            "Dry run: would write {count} record into {folder} (placements: {placements}, courses: {courses}).",
            "Dry run: would write {count} records into {folder} (placements: {placements}, courses: {courses}).",
            count,
        ).format(count=count, folder=_folder(plan, cwd), **_counts(plan.to_write))
    ]
    if plan.target.new is not None:
        lines.append(
            _(
                "{folder} would be a new portfolio, with the folders, README.md, .gitignore and editor "
                "schemas that `stfolio init` writes."
            ).format(folder=_folder(plan, cwd))
        )
    lines += _also(plan)
    lines.append(_("Nothing was written."))
    return lines


def _also(plan: ImportPlan) -> list[str]:
    lines = []
    unchanged = len(plan.planned) - len(plan.to_write)
    if unchanged:
        lines.append(
            n_(
                "{count} record is already in the portfolio from an earlier import, unchanged.",
                "{count} records are already in the portfolio from an earlier import, unchanged.",
                unchanged,
            ).format(count=unchanged)
        )
    if plan.skipped:
        lines.append(
            n_(
                "{count} item is not imported (see above).",
                "{count} items are not imported (see above).",
                len(plan.skipped),
            ).format(count=len(plan.skipped))
        )
    return lines


def imported_summary(done: Imported, cwd: Path) -> list[str]:
    """What was created and written, then the counts."""
    plan = done.plan
    lines = []
    if done.created is not None:
        profile = done.created.profile
        lines.append(
            _("Created a portfolio for {name} ({specialty}) in {folder}").format(
                name=profile.trainee.name, specialty=profile.specialty, folder=_folder(plan, cwd)
            )
        )
        lines.append(_("  regulation: {reason}").format(reason=done.created.choice.reason))
        lines += [f"  {note}" for note in done.created.created.notes]
    lines += [_("wrote {file}").format(file=shown(w.path, cwd)) for w in done.written]
    written = [p for p in plan.to_write]
    lines.append(
        n_(
            "Imported {count} record into {folder} (placements: {placements}, courses: {courses}).",
            "Imported {count} records into {folder} (placements: {placements}, courses: {courses}).",
            len(done.written),
        ).format(count=len(done.written), folder=_folder(plan, cwd), **_counts(written))
    )
    lines += _also(plan)
    if done.commit_note:
        lines.append(done.commit_note)
    return lines


def to_complete(plan: ImportPlan, result: CheckResult, cwd: Path) -> list[str]:
    """What the trainee must add by hand now: what the source cannot hold, and what `check` says."""
    items: list[str] = []
    without_intyg = [p for p in plan.planned if not p.record.intyg_list()]
    if without_intyg:
        lead = (
            _("the intyg, which an ST-ARK backup does not hold: scan each signed intyg and attach it")
            if plan.read.format == "st-ark"
            else _("the intyg, which a spreadsheet does not hold: scan each signed intyg and attach it")
        )
        items.append(lead + ":")
        items += [f"      {_attach_command(p, plan.root, cwd)}" for p in without_intyg]
    if plan.read.format == "st-ark" and any(p.kind == "course" for p in plan.planned):
        items.append(
            _(
                "the courses' dates: ST-ARK keeps only the date of each certificate, imported as the start; "
                "correct it, and add an end, where a course ran over several days"
            )
        )
    profile = plan.target.portfolio.profile
    placements = [p for p in plan.planned if p.kind == "placement"]
    if (
        profile is not None
        and profile.bt is not None
        and placements
        and not any(p.record.field_value("bt") for p in placements)
    ):
        items.append(_("the BT placements: mark each with bt: akut, primärvård or annan, so BT can be judged"))
    if profile is not None and profile.supervisor is None:
        items.append(_("your huvudhandledare: add supervisor: with name: to stfolio.yaml"))
    if not result.ok:
        items.append(_("the errors `stfolio check` reports above"))
    if not items:
        return []
    lines = [_("To complete:")]
    for item in items:
        lines.append(item if item.startswith("      ") else f"  - {item}")
    return lines


def _attach_command(planned: Planned, root: Path, cwd: Path) -> str:
    words = ["stfolio", "attach", "SCAN.pdf", "--to", shown(root / planned.rel, cwd)]
    signer = planned.item.signer
    if signer is not None:
        words += ["--by", signer[0]]
        default_role = "kursledare" if planned.kind == "course" else "handledare"
        if signer[1] != default_role:
            words += ["--role", signer[1]]
    elif planned.kind == "course":
        words += ["--by", "NAME"]
    return " ".join(shlex.quote(word) if word not in ("SCAN.pdf", "NAME") else word for word in words)
