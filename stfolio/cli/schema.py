"""`stfolio schema`: JSON Schemas for editors, in the portfolio or anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import DirOption, fail
from stfolio.i18n import N_, _, n_


@app.command(help=N_("Write JSON Schemas for the profile and each record kind, for completion in editors."))
def schema(
    out: Annotated[
        Path | None,
        typer.Option("--out", help=N_("Folder for the schemas; default: .stfolio/schemas in the portfolio.")),
    ] = None,
    directory: DirOption = None,
) -> None:
    """Write JSON Schemas for the profile and each record kind, for completion in editors."""
    from stfolio.loader import find_root
    from stfolio.write.record import relative
    from stfolio.write.schemas import SCHEMA_DIR, all_schemas, schema_folder, write_schemas

    if out is None:
        root = find_root(directory or Path.cwd())
        if root is None:
            fail(_("not in a portfolio; give --out FOLDER"))
        out = schema_folder(root)  # never through a .stfolio/ that is a link out of the portfolio
    else:
        root = find_root(out.parent if out.parent.exists() else Path.cwd())
        if root is not None and out.resolve().is_relative_to(root) and out.resolve() != (root / SCHEMA_DIR).resolve():
            message = _("{folder} is inside the portfolio; schemas belong in {default}/ (the default) or outside it")
            fail(message.format(folder=out, default=SCHEMA_DIR))
    try:
        written = write_schemas(out)
    except OSError as exc:
        fail(_("cannot write schemas to {folder}: {reason}").format(folder=out, reason=exc.strerror or exc), 1)
    count = len(all_schemas())
    wrote = n_(
        "{folder}/: {n} schema, {written} written or updated",
        "{folder}/: {n} schemas, {written} written or updated",
        count,
    )
    typer.echo(wrote.format(folder=relative(out), n=count, written=len(written)))
