"""The typer application that every command module registers on.

``StfolioGroup`` is where a :class:`~stfolio.errors.StfolioError` from the library becomes
what the user sees: the findings that explain it, ``stfolio: message``, the hint, and its exit
code. Commands therefore just call the library and let such errors pass.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stfolio import __version__, i18n
from stfolio.errors import StfolioError
from stfolio.i18n import LANGUAGES, N_, _

# Options whose value may be left out: `check --application` means the application that comes next.
OPTIONAL_VALUES = {"--application": ("next", ("bt", "st", "next"))}


def with_optional_values(args: list[str]) -> list[str]:
    """``--application`` given without bt or st gets the value 'next' (click cannot leave a value out).

    What follows is the option's value unless it is another option or an existing folder (the
    portfolio given as an argument), so a mistyped value is reported, not taken for a folder.
    """
    from pathlib import Path

    out: list[str] = []
    for i, arg in enumerate(args):
        out.append(arg)
        if arg in OPTIONAL_VALUES:
            default, values = OPTIONAL_VALUES[arg]
            following = args[i + 1] if i + 1 < len(args) else None
            if following is None or (
                following not in values and (following.startswith("-") or Path(following).exists())
            ):
                out.append(default)
    return out


# Set by the shell's completion script (`stfolio completion SHELL`) when it asks for candidates.
COMPLETE_VAR = "_STFOLIO_COMPLETE"


_DATE_OPTIONS = ("date", "start", "end", "as_of", "st_start", "bt_start", "bt_end", "legitimation_date", "intyg_date")


def _metavar(option: Any, shown: str) -> str:
    """What a person should type, in their language, instead of typer's type names (<list[str]>)."""
    name = option.name or ""
    if name in _DATE_OPTIONS or name.endswith("_date"):
        return _("YYYY-MM-DD")
    inner = shown.strip("<>").removeprefix("list[").removesuffix("]")
    if "|" in inner:
        return inner  # the choices themselves: md|html|json
    if inner in ("int", "float", "int range", "float range"):
        return _("NUMBER")
    if inner in ("path", "file", "directory"):
        return _("PATH")
    return _("TEXT")


def friendly_help(command: Any) -> None:
    """Show every option's value as a word a person reads (TEXT, NUMBER, YYYY-MM-DD), never a type name."""
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False) or getattr(param, "_stfolio_friendly", False):
            continue
        try:
            shown = param.display_type_rich(ctx=None)
        except Exception:  # a type typer cannot show without a context: leave it as typer shows it
            continue
        word = _metavar(param, str(shown))
        param.display_type_rich = lambda ctx, word=word: word
        param._get_number_range_help_str = lambda: ""
        param._stfolio_friendly = True
    for sub in getattr(command, "commands", {}).values():
        friendly_help(sub)


class StfolioGroup(TyperGroup):
    """The top-level group: turns a StfolioError raised anywhere below into its message and code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, with_optional_values(args))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        import sys

        from stfolio.cli import clickwords

        given = kwargs.get("args", args[0] if args else None)
        # The language is known before anything is parsed, so that help and usage errors speak it.
        i18n.configure(i18n.language_flag(list(given) if given is not None else sys.argv[1:]))
        i18n.adopt_nearest_profile_language()
        clickwords.install()
        clickwords.translate_help(self)
        friendly_help(self)
        if os.environ.get(COMPLETE_VAR):
            # typer's own completion classes (plain candidates, as its scripts expect) are
            # registered only with add_completion=True, which would also add options that edit
            # the user's shell start-up files; stfolio prints the script instead.
            from typer._completion_classes import completion_init  # typer has no public name for it

            completion_init()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except StfolioError as exc:
            show_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except typer.Abort:  # Ctrl-C or the end of input at a prompt
            typer.echo("\n" + _("stfolio: stopped; nothing was written"), err=True)
            raise typer.Exit(1) from None


def show_error(exc: StfolioError) -> None:
    """The findings behind the error (if any), then ``stfolio: message``, on standard error."""
    if exc.findings:
        from pathlib import Path

        from stfolio.cli.output import format_finding

        for finding in exc.findings:
            typer.echo(format_finding(finding, exc.root or Path.cwd(), Path.cwd()), err=True)
    from stfolio.text import escape_untrusted  # a message may quote a file name: escaped, masked

    text = _("stfolio: {message}").format(message=escape_untrusted(str(exc.message)))
    if exc.hint:
        text += "\n    " + _("hint: {hint}").format(hint=escape_untrusted(str(exc.hint)))
    typer.echo(text, err=True)


app = typer.Typer(
    name="stfolio",
    cls=StfolioGroup,
    help=N_(
        "A portfolio for Swedish ST-läkare: plain YAML records checked against Socialstyrelsen's målbeskrivningar."
    ),
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
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            callback=_language,
            metavar="sv|en",
            help=N_("Language of all output: sv (default) or en; else STFOLIO_LANG, else the profile's language."),
        ),
    ] = None,
) -> None:
    """stfolio keeps an ST portfolio as a folder of YAML records and checks it."""
    i18n.configure(lang)
    i18n.adopt_nearest_profile_language()


def sub_app(help_text: str) -> typer.Typer:
    """A group of commands (`log`, `report`, `goals`) under the main app."""
    return typer.Typer(help=help_text, no_args_is_help=True)
