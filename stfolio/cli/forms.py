"""`stfolio forms [bt|st]`: Socialstyrelsen's application forms, filled from the portfolio."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stfolio.cli.application import app
from stfolio.cli.common import AsOfOption, DirOption, ExampleOption, fail, interactive, parse_as_of, portfolio_root
from stfolio.i18n import N_, _

if TYPE_CHECKING:
    from stfolio.context import Context
    from stfolio.forms.apply import FilledApplication
    from stfolio.rules.application import Which

# The trainee's own details, typed when filling: never read from or written to the portfolio.
PERSONAL_QUESTIONS = {
    "trainee.personnummer": N_("Your personnummer (YYYYMMDD-NNNN), for the forms only; never stored"),
    "trainee.address": N_("Your postal address"),
    "trainee.postal_code": N_("Your postnummer"),
    "trainee.city": N_("Your postort"),
    "trainee.phone_home": N_("Your private phone, with area code"),
    "trainee.email": N_("Your e-mail address"),
}


@app.command(help=N_("Fill Socialstyrelsen's application forms from the portfolio; list what to sign and send."))
def forms(
    application: Annotated[str | None, typer.Argument(metavar="[bt|st]", help=N_("bt or st; default: the one that comes next."))] = None,
    blanks: Annotated[Path | None, typer.Option("--blanks", help=N_("The folder with Socialstyrelsen's blank forms (PDF)."))] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=N_("Where to write the filled forms; default: ansokan/ in the portfolio."))] = None,
    personnummer: Annotated[str | None, typer.Option("--personnummer", help=N_("Your personnummer, for the forms only; never stored."))] = None,
    address: Annotated[str | None, typer.Option("--address", help=N_("Your postal address."))] = None,
    postal_code: Annotated[str | None, typer.Option("--postal-code", help=N_("Your postnummer."))] = None,
    city: Annotated[str | None, typer.Option("--city", help=N_("Your postort."))] = None,
    phone: Annotated[str | None, typer.Option("--phone", help=N_("Your private phone, with area code."))] = None,
    email: Annotated[str | None, typer.Option("--email", help=N_("Your e-mail address."))] = None,
    flatten: Annotated[bool, typer.Option("--flatten", help=N_("Print the text into the page; the fields can no longer be edited."))] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help=N_("Replace forms filled earlier in the output folder."))] = False,
    accept_changed: Annotated[bool, typer.Option("--accept-changed-blank", help=N_("Fill a blank whose checksum stfolio does not know if its fields and their sizes are a known version's (a re-saved copy); said in the output and the checklist."))] = False,
    needed: Annotated[bool, typer.Option("--list", help=N_("List the blanks this application needs, and where to get them."))] = False,
    directory: DirOption = None,
    example: ExampleOption = False,
    as_of: AsOfOption = None,
) -> None:  # fmt: skip
    """Fill Socialstyrelsen's application forms from the portfolio; list what to sign and send."""
    from stfolio.forms.apply import OUTPUT_FOLDER, default_blanks, fill_application
    from stfolio.rules import check_portfolio

    root = portfolio_root(directory, example=example)
    ctx = check_portfolio(root, as_of=parse_as_of(as_of)).context
    if ctx is None or ctx.portfolio.profile is None or ctx.catalogue is None:
        fail(_("stfolio.yaml has problems; run `stfolio check`"), 1)
    which = _which(ctx, application)
    if needed:
        _list_needed(ctx, which)
        return
    given = dict(zip(PERSONAL_QUESTIONS, (personnummer, address, postal_code, city, phone, email), strict=True))
    folder = blanks or default_blanks()
    result = fill_application(
        ctx, which, folder, output or root / OUTPUT_FOLDER, _personal(given), flatten, overwrite, accept_changed
    )
    _show(result, folder)
    raise typer.Exit(1 if result.missing_blanks else 0)


def _which(ctx: Context, application: str | None) -> Which:
    from stfolio.rules.application import next_application

    if application == "bt":
        return "bt"
    if application == "st":
        return "st"
    if application is not None:
        fail(
            _("forms takes bt or st (or nothing, for the one that comes next), not {value!r}").format(value=application)
        )
    return next_application(ctx)


def _personal(given: dict[str, str | None]) -> dict[str, str]:
    """The trainee's details: from the flags, else asked on a terminal (empty leaves the field blank)."""
    from stfolio.rules.privacy import find_identifiers

    values = {key: value for key, value in given.items() if value}
    if interactive():
        for key, question in PERSONAL_QUESTIONS.items():
            if key not in values:
                asked = _("{question} (empty to leave it for you to write)").format(question=_(question))
                answer = typer.prompt(asked, default="", show_default=False)
                if answer.strip():
                    values[key] = answer.strip()
    number = values.get("trainee.personnummer")
    if number is not None and not find_identifiers(number):
        fail(_("--personnummer: that is not a valid personnummer (the check digit or the date is wrong)"))
    return values


def _list_needed(ctx: Context, which: Which) -> None:
    from stfolio.forms.apply import default_blanks, needed_mappings
    from stfolio.rules.application import APPLICATIONS

    typer.echo(_("The {application} needs these blanks from Socialstyrelsen:").format(application=APPLICATIONS[which]))
    mappings = needed_mappings(ctx, which)
    for mapping in mappings:
        typer.echo(f"  bilaga {mapping.number}: {mapping.title}\n    {mapping.file_name}")
    pages = sorted({m.published.page for m in mappings})
    typer.echo(_("Download them from {pages} into {folder} (or give --blanks FOLDER).").format(
        pages=", ".join(pages), folder=default_blanks()))  # fmt: skip


def _show(result: FilledApplication, blanks: Path) -> None:
    from stfolio.forms.apply import summary
    from stfolio.write.record import relative

    for done in result.done:
        for path in done.paths:
            typer.echo(_("wrote {path}").format(path=relative(path)))
        for note in done.notes:
            if note.kind in ("shortened", "continued", "substituted"):
                typer.echo(f"  {done.job.form.id}: {note.message}")
    for warning in result.warnings:
        typer.echo(_("warning: {warning}").format(warning=warning), err=True)
    if result.missing_blanks:
        typer.echo(
            _("Not in {folder}; download them from Socialstyrelsen (`stfolio forms --list`):").format(folder=blanks)
        )
        for mapping in result.missing_blanks:
            typer.echo(f"  bilaga {mapping.number}: {mapping.file_name}")
    typer.echo(summary(result) + (f"; {relative(result.checklist[0])}" if result.checklist else ""))
