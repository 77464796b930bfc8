"""`stfolio attach`: a scanned intyg into evidence/, recorded with its sha256 in a record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import DirOption, allowed, parse_date, portfolio_root
from stfolio.cli.log import CommitOption, IntygRoleOption
from stfolio.vocabulary import IntygRole, choices


@app.command()
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
    directory: DirOption = None,
) -> None:
    """Copy a scanned intyg into evidence/ and record it, with its sha256, in a record.

    The record keeps its comments and key order: only the intyg lines are added.
    """
    from stfolio.write.attach import AttachRequest, attach_scan
    from stfolio.write.record import relative

    if directory is not None and not to.is_absolute():
        to = portfolio_root(directory) / to  # with -C, --to names the record inside that portfolio
    request = AttachRequest(
        scan=file,
        to=to,
        intyg_number=intyg_number,
        by=by,
        role=allowed(role, choices(IntygRole), "--role"),
        date=parse_date(date, "--date"),
        commit=commit,
    )
    done = attach_scan(request)
    typer.echo(f"copied {file.name} to {relative(done.root / done.evidence)} (sha256 {done.sha256[:12]}…)")
    typer.echo(f"recorded it in {relative(done.record)}")
    if done.commit_note:
        typer.echo(done.commit_note)
