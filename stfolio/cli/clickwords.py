"""typer's own words in the user's language: help headings, usage lines and command-line errors.

typer (and the click it vendors) writes its help frame and its errors in English, some of it
hard-coded and some of it worded by the library that converts option values ("Input should be a
valid integer, unable to parse string as an integer"). None of that may reach a Swedish user, and
no library wording may reach any user. :func:`install` therefore, once per run:

- gives typer's gettext look-ups (``Options``, ``Arguments``, ``Commands``, ``default: …``,
  ``required``, ``Missing command.``) the stfolio catalogs;
- writes the usage prefix, the ``[OPTIONS]`` placeholder and the ``--help`` option's text itself;
- shows a command-line error as ``Användning: …`` / ``Fel: …`` with the message re-worded from
  a closed list of the shapes typer produces (:data:`_SHAPES`); a message of an unknown shape
  that reads like library wording is replaced by a plain "not a valid value" rather than shown;
- translates every command's and option's help text, written in the code as ``N_("…")``, when
  the command line runs (so a test, or a second run in one process, can switch language).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

from stfolio.i18n import N_, _

# The English text of each shape typer produces, and the stfolio message it becomes.
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^No such option: (?P<name>\S+)$"), N_("No such option: {name}")),
    (
        re.compile(r"^No such option: (?P<name>\S+) \((?:Possible options|Did you mean):? (?P<options>.*?)\??\)$"),
        N_("No such option: {name} (did you mean {options}?)"),
    ),
    (re.compile(r"^No such command '(?P<name>.*)'\.$"), N_("No such command: {name}")),
    (re.compile(r"^Missing command\.$"), N_("A command is missing.")),
    (
        re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$"),
        N_("Unexpected extra argument: {args}"),
    ),
    (re.compile(r"^Option '(?P<name>[^']+)' requires an argument\.$"), N_("Option {name} needs a value.")),
    (
        re.compile(r"^Option '(?P<name>[^']+)' requires (?P<count>\d+) arguments\.$"),
        N_("Option {name} needs {count} values."),
    ),
    (re.compile(r"^Missing argument '(?P<name>[^']+)'\.$"), N_("The argument {name} is missing.")),
    (re.compile(r"^Missing option '(?P<name>[^']+)'\.$"), N_("The option {name} is missing.")),
)

# What a bad option value is, by the words typer's value conversion uses.
_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"valid integer|int_parsing|int_from_float"), N_("not a whole number")),
    (re.compile(r"valid number|float_parsing"), N_("not a number")),
    (re.compile(r"valid date|date_from|date_parsing"), N_("not a date (YYYY-MM-DD)")),
    (re.compile(r"valid boolean|bool_parsing"), N_("not yes or no")),
    (re.compile(r"does not exist"), N_("does not exist")),
    (re.compile(r"is a file"), N_("is a file, not a folder")),
    (re.compile(r"is a directory"), N_("is a folder, not a file")),
)
_ONE_OF = re.compile(r"(?:Value error, )?(?P<value>'[^']*'|\S+) is not one of (?P<choices>.*?)\.?$")
_INVALID_FOR = re.compile(r"^Invalid value for (?P<hint>.+?): (?P<detail>.*)$", re.DOTALL)
_INVALID = re.compile(r"^Invalid value: (?P<detail>.*)$", re.DOTALL)
_LIBRARY_WORDING = re.compile(r"Input should|Value error|pydantic|Traceback|<class|typing\.|\bNone\b")


def reword(message: str) -> str:
    """A typer error message in the user's language, with no library wording left in it."""
    for pattern, template in _SHAPES:
        found = pattern.match(message)
        if found:
            return _(template).format(**found.groupdict())
    invalid = _INVALID_FOR.match(message) or _INVALID.match(message)
    if invalid:
        detail = _value_problem(invalid.group("detail"))
        hint = invalid.groupdict().get("hint")
        if hint:
            return _("Invalid value for {option}: {problem}").format(option=hint, problem=detail)
        return _("Invalid value: {problem}").format(problem=detail)
    if _LIBRARY_WORDING.search(message):
        return _("not a valid value")
    return message


def _value_problem(detail: str) -> str:
    one_of = _ONE_OF.search(detail)
    if one_of:
        return _("{value} is not one of {choices}").format(value=one_of["value"], choices=one_of["choices"])
    for pattern, words in _VALUES:
        if pattern.search(detail):
            return _(words)
    if _LIBRARY_WORDING.search(detail):
        return _("not a valid value")
    return detail


def _typer_gettext(message: str) -> str:
    return _(_TYPER_WORDS.get(message, message))


# typer's gettext message ids and the stfolio message each is shown as.
_TYPER_WORDS = {
    "Options": N_("Options"),
    "Arguments": N_("Arguments"),
    "Commands": N_("Commands"),
    "default: {default}": N_("default: {default}"),
    "required": N_("required"),
    "env var: {var}": N_("env var: {var}"),
    "(dynamic)": N_("(dynamic)"),
    "Aborted!": N_("Stopped."),
    "Missing command.": N_("A command is missing."),
    "No such command {name!r}.": N_("No such command: {name!r}"),
}


def _show_error(self: Any, file: IO[Any] | None = None) -> None:
    from typer._click.utils import echo

    ctx = getattr(self, "ctx", None)
    color = ctx.color if ctx is not None else None
    if ctx is not None:
        text = ctx.get_usage()
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            text += "\n" + hint
        echo(text + "\n", file=file, err=file is None, color=color)
    echo(_("Error: {message}").format(message=reword(self.format_message())), file=file, err=file is None, color=color)


_installed: list[bool] = []


def install() -> None:
    """Put stfolio's words into typer (once per process; the words follow the current language)."""
    if _installed:
        return
    _installed.append(True)
    import typer.core
    from typer._click import core as click_core
    from typer._click import exceptions, formatting

    typer.core._ = _typer_gettext  # type: ignore[attr-defined]  # typer looks its words up through this name

    original_usage: Callable[..., None] = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", _("[OPTIONS]")).replace("COMMAND [ARGS]...", _("COMMAND [ARGS]..."))
        original_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    original_help_option = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
    exceptions.UsageError.show = _show_error  # type: ignore[method-assign]
    exceptions.ClickException.show = _show_error  # type: ignore[method-assign]


_MSGID = "_stfolio_msgid"


# What the usage line calls each command-line argument (typer would show its Python name).
ARGUMENT_WORDS = {
    "directory": N_("FOLDER"),
    "file": N_("FILE"),
    "backup": N_("BACKUP"),
    "sheet": N_("SHEET"),
}


def translate_help(command: Any) -> None:
    """Every help text of ``command`` and the commands under it, in the current language."""
    _translate(command, ("help", "short_help", "epilog"))
    for param in getattr(command, "params", ()):
        _translate(param, ("help",))
        word = ARGUMENT_WORDS.get(param.name or "")
        if getattr(param, "param_type_name", "") == "argument" and word and not hasattr(param, "_stfolio_own"):
            param.metavar = _(word)
            param.display_type_rich = lambda ctx: ""  # the word says it; no type name after it
            param._stfolio_friendly = True
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def _translate(thing: Any, attributes: tuple[str, ...]) -> None:
    originals: dict[str, str] = getattr(thing, _MSGID, None) or {}
    for name in attributes:
        if name not in originals:
            value = getattr(thing, name, None)
            if not isinstance(value, str) or not value:
                continue
            originals[name] = value
        setattr(thing, name, _(originals[name]))
    setattr(thing, _MSGID, originals)
