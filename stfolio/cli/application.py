"""The typer application that every command module registers on.

``StfolioGroup`` is where a :class:`~stfolio.errors.StfolioError` from the library becomes
what the user sees: the findings that explain it, ``stfolio: message``, the hint, and its exit
code. Commands therefore just call the library and let such errors pass.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stfolio import __version__, i18n
from stfolio.errors import StfolioError
from stfolio.i18n import LANGUAGES, _


class StfolioGroup(TyperGroup):
    """The top-level group: turns a StfolioError raised anywhere below into its message and code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except StfolioError as exc:
            show_error(exc)
            raise typer.Exit(exc.exit_code) from None


def show_error(exc: StfolioError) -> None:
    """The findings behind the error (if any), then ``stfolio: message``, on standard error."""
    if exc.findings:
        from pathlib import Path

        from stfolio.cli.output import format_finding

        for finding in exc.findings:
            typer.echo(format_finding(finding, exc.root or Path.cwd(), Path.cwd()), err=True)
    from stfolio.text import escape_untrusted  # a message may quote a file name: escaped, masked

    text = f"stfolio: {escape_untrusted(exc.message)}"
    if exc.hint:
        text += f"\n    hint: {escape_untrusted(exc.hint)}"
    typer.echo(text, err=True)


app = typer.Typer(
    name="stfolio",
    cls=StfolioGroup,
    help="A portfolio for Swedish ST-läkare: plain YAML records checked against Socialstyrelsen's målbeskrivningar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stfolio {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> str | None:
    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(_("{value!r} is not a language of stfolio; use sv or en").format(value=value))
    return value


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit."))
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            callback=_language,
            metavar="sv|en",
            help=_("Language of all output: sv (default) or en; else STFOLIO_LANG, else the profile's language."),
        ),
    ] = None,
) -> None:
    """stfolio keeps an ST portfolio as a folder of YAML records and checks it."""
    i18n.configure(lang)
    i18n.adopt_nearest_profile_language()


def sub_app(help_text: str) -> typer.Typer:
    """A group of commands (`log`, `report`, `goals`) under the main app."""
    return typer.Typer(help=help_text, no_args_is_help=True)
