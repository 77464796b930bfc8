"""`stfolio attach`: a scanned intyg into evidence/, recorded with its sha256 in a record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import DirOption, allowed, fail, parse_date, portfolio_root
from stfolio.cli.log import CommitOption, IntygRoleOption
from stfolio.cli.output import shown
from stfolio.i18n import N_, _
from stfolio.vocabulary import IntygRole, choices

if TYPE_CHECKING:
    from stfolio.write.attach import Attached

CleanOption = Annotated[
    bool, typer.Option("--clean", help=N_("Finish or remove what an interrupted attach or log left behind."))
]


@app.command(
    help=N_(
        "Copy a scanned intyg into evidence/ and record it, with its sha256, in a record.\n\n"
        "The record keeps its comments and key order: only the intyg lines are added."
    )
)
def attach(
    file: Annotated[Path | None, typer.Argument(help=N_("The scanned intyg or certificate (PDF, JPG, ...)."))] = None,
    to: Annotated[
        Path | None, typer.Option("--to", help=N_("The record it belongs to, e.g. courses/2025-05-05-....yaml."))
    ] = None,
    intyg_number: Annotated[
        int | None,
        typer.Option("--intyg", help=N_("Fill in the file of this intyg (1 = the first) instead of adding one.")),
    ] = None,
    by: Annotated[
        str | None, typer.Option(help=N_("Who signed it (new intyg; default: your huvudhandledare)."))
    ] = None,
    role: IntygRoleOption = None,
    date: Annotated[
        str | None, typer.Option(help=N_("Date signed (new intyg; default: the record's last day)."))
    ] = None,
    commit: CommitOption = False,
    clean: CleanOption = False,
    directory: DirOption = None,
) -> None:
    """Copy a scanned intyg into evidence/ and record it in a record (the user's words: ``help`` above)."""
    from stfolio.write.attach import AttachRequest, attach_scan

    if clean:
        return _clean(directory)
    if file is None or to is None:
        fail(_("give the scanned FILE and --to RECORD (or --clean)"))
    if directory is not None and not to.is_absolute():
        to = portfolio_root(directory) / to  # with -C, --to names the record inside that portfolio
    role = allowed(role, choices(IntygRole), "--role")
    _show_attached(
        file, attach_scan(AttachRequest(file, to, intyg_number, by, role, parse_date(date, "--date"), commit))
    )


def _show_attached(file: Path, done: Attached) -> None:
    """Where the scan went and which record now names it."""
    from stfolio.write.record import relative

    copied = _("copied {file} to {path} (sha256 {sha256}…)")
    typer.echo(
        copied.format(file=shown(file.name), path=shown(relative(done.root / done.evidence)), sha256=done.sha256[:12])
    )
    typer.echo(_("recorded it in {record}").format(record=shown(relative(done.record))))
    if done.commit_note:
        typer.echo(done.commit_note)


def _clean(directory: Path | None) -> None:
    """`attach --clean`: what was finished and removed, one line each."""
    from stfolio.write.attach import clean_leftovers

    done = clean_leftovers(portfolio_root(directory))
    for rel in done.finished:
        typer.echo(_("finished {path}: its record already referred to it").format(path=shown(rel)))
    for rel in done.removed:
        typer.echo(_("removed {path}").format(path=shown(rel)))
    for rel in done.kept:
        kept = _("kept {path}: it does not match the sha256 its record gives; attach the scan again")
        typer.echo(kept.format(path=shown(rel)))
    if not (done.finished or done.removed or done.kept):
        typer.echo(_("nothing to clean"))
