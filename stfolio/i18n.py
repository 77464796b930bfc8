"""The user's language: Swedish by default, English complete, through gettext.

Every user-facing string is written in English in the code and passed through :func:`_`
(or :func:`n_` where it depends on a number); the message catalogs in
``stfolio/locale/<lang>/LC_MESSAGES/<domain>.po`` translate them. Each part of the tool keeps
its own domain (``stfolio`` for the core and command line, ``reports``, ``forms``, ...), all
loaded together, so that parts can grow without editing one shared file. The ``.po`` files are
kept in git; the compiled ``.mo`` files are built by ``hatch_build.py`` when stfolio is
installed (also for an editable install), and compiled in memory from the ``.po`` files when
running from a checkout without them.

The language comes from ``--lang sv|en``, else ``STFOLIO_LANG``, else the portfolio profile's
``language``, else Swedish. Finding codes, JSON keys and other machine-read values never change
with the language.

Numbers and dates are formatted per language here, by hand: two languages and a handful of
formats do not justify a locale database at start-up (Swedish: ``13,9``, ``5 000 kr``,
``1 december 2026``; English: ``13.9``, ``SEK 5,000``, ``1 December 2026``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import os
import re
import struct
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENVIRONMENT = "STFOLIO_LANG"

_NBSP = "\u00a0"


class _State:
    """The process's language. Set once by the command line (and by tests through ``using``)."""

    language: str = DEFAULT
    explicit: bool = False  # chosen with --lang or STFOLIO_LANG: a profile's language does not override it
    translations: gettext.NullTranslations = gettext.NullTranslations()


def _catalogs(language: str) -> gettext.NullTranslations:
    """Every domain's catalog for ``language``, chained (without catalogs: the English message ids)."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    if not folder.is_dir():
        return chain
    domains = sorted({p.stem for p in folder.glob("*.po")} | {p.stem for p in folder.glob("*.mo")})
    first: gettext.NullTranslations | None = None
    for domain in domains:
        catalog = _load(folder, domain)
        if catalog is None:
            continue
        if first is None:
            first = catalog
        else:
            first.add_fallback(catalog)
    return first or chain


def _load(folder: Path, domain: str) -> gettext.NullTranslations | None:
    mo, po = folder / f"{domain}.mo", folder / f"{domain}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        try:
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError):
            pass  # a damaged compiled catalog: its source, below, says the same
    if po.is_file():
        return _compile_in_memory(po)
    return None


def _compile_in_memory(po: Path) -> gettext.NullTranslations | None:
    """A checkout without compiled catalogs (or with stale ones): compile with Babel, if present."""
    try:
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # an installed stfolio always has its .mo files; without Babel, English
        return None
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(language: str, explicit: bool = False) -> None:
    """Speak ``language`` ('sv' or 'en') from now on; an unknown one falls back to Swedish."""
    language = language if language in LANGUAGES else DEFAULT
    _State.language = language
    _State.explicit = explicit
    _State.translations = _catalogs(language)


def language_flag(argv: list[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` given before or after the command."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def configure(flag: str | None = None) -> None:
    """At start-up: the --lang flag, else STFOLIO_LANG, else Swedish until a profile says otherwise."""
    chosen = flag or os.environ.get(ENVIRONMENT) or None
    set_language(chosen or DEFAULT, explicit=chosen is not None)


def adopt_profile_language(language: str | None) -> None:
    """A portfolio's ``language:`` applies unless --lang or STFOLIO_LANG chose one."""
    if language and not _State.explicit and language != _State.language:
        set_language(language)


def adopt_nearest_profile_language(start: Path | None = None) -> None:
    """Adopt the language of the portfolio at or above ``start`` (default: the current folder)."""
    if _State.explicit:
        return
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "stfolio.yaml").is_file():
            adopt_profile_language(profile_language(folder))
            return


def current() -> str:
    return _State.language


_PROFILE_LANGUAGE = re.compile(rb"^language:[ \t]*[\"']?(sv|en)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def profile_language(root: Path) -> str | None:
    """The ``language:`` of the portfolio at ``root``, read cheaply (no YAML parser, no models)."""
    from stfolio.files import read_inside  # stdlib only: cheap on the start-up path

    try:  # never through a link out of the portfolio, never a pipe that would block, at most 1 MiB
        head = read_inside(root, "stfolio.yaml", 1024 * 1024)
    except OSError:
        return None
    found = _PROFILE_LANGUAGE.search(head)
    return found.group(1).decode() if found else None


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block (tests; a report rendered in another language)."""
    saved = (_State.language, _State.explicit, _State.translations)
    set_language(language, explicit=True)
    try:
        yield
    finally:
        _State.language, _State.explicit, _State.translations = saved


def _(message: str) -> str:
    """``message`` (English) in the user's language."""
    return _State.translations.gettext(message)


def n_(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the user's language."""
    return _State.translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it with ``_`` where shown."""
    return message


def english(message: str) -> str:
    """The English text of a message id, whatever the current language (for ``message_en``)."""
    return message


class Text:
    """A message kept as its English id and values, put into words when it is shown.

    Findings are built with ``T("…", name=value)`` (``Tn`` for counts) rather than ``_()``:
    ``str(text)`` is the message in the user's language, ``text.english()`` the same message in
    English (the ``message_en`` of JSON output, for tools that match text). A value that is
    itself a ``Text`` (or a :func:`listing`) is put into the same language; a float is written
    with one decimal and the language's decimal sign (months: ``13,9``); a ``datetime.date`` is
    written out (``1 december 2026``: a single date in a sentence; give a period that names
    records as ISO text, see docs/glossary.md); :func:`number` and :func:`sek` format a figure
    and a sum by the language; anything else as ``str()`` of it.
    """

    __slots__ = ("count", "msgid", "plural", "values")

    def __init__(
        self, msgid: str, plural: str | None = None, count: int = 1, values: dict[str, object] | None = None
    ) -> None:
        self.msgid = msgid
        self.plural = plural
        self.count = count
        self.values = values or {}

    def _words(self, translate: bool) -> str:
        if self.plural is None:
            template = _State.translations.gettext(self.msgid) if translate else self.msgid
        elif translate:
            template = _State.translations.ngettext(self.msgid, self.plural, self.count)
        else:
            template = self.msgid if self.count == 1 else self.plural
        if not self.values:
            return template
        shown = {key: _value(value, translate) for key, value in self.values.items()}
        return template.format(**shown)

    def __str__(self) -> str:
        return self._words(translate=True)

    def english(self) -> str:
        return self._words(translate=False)

    def __repr__(self) -> str:
        return f"Text({self.english()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.english() == other.english()

    def __hash__(self) -> int:
        return hash(self.english())


class Listing(Text):
    """Texts (or words) joined by a separator that is itself a message: ``A, B`` or ``A eller B``.

    The items keep their own language; the separator is translated like any message, so a list
    never needs one msgid per length.
    """

    __slots__ = ("items", "separator")

    def __init__(self, items: Sequence[str | Text], separator: Text | str = ", ") -> None:
        super().__init__("")
        self.items = list(items)
        self.separator = separator

    def _words(self, translate: bool) -> str:
        joiner = _value(self.separator, translate)
        return str(joiner).join(str(_value(item, translate)) for item in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class Shown:
    """A value put into words by language when its message is shown: a number, a sum, a date."""

    __slots__ = ("render",)

    def __init__(self, render: Callable[[str], str]) -> None:
        self.render = render

    def __str__(self) -> str:
        return self.render(_State.language)

    def __repr__(self) -> str:
        return f"Shown({self.render('en')!r})"


def _value(value: object, translate: bool) -> object:
    language = _State.language if translate else "en"
    if isinstance(value, Text):
        return value._words(translate)
    if isinstance(value, Shown):
        return value.render(language)
    if isinstance(value, float):
        return decimal(value, language=language)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return long_date(value, language=language)
    return value


def listing(items: Sequence[str | Text], separator: Text | str = ", ") -> Listing:
    """``items`` joined by ``separator`` (``T(" or ")`` for alternatives), each in the shown language."""
    return Listing(items, separator)


def number(value: float) -> Shown:
    """A count or figure as few digits as it needs (``4``, ``3,8``), with the language's decimal sign."""
    return Shown(lambda language: _general(value, language))


def sek(amount: float) -> Shown:
    """A sum of money, when shown: ``5 000 kr`` or ``SEK 5,000``."""
    return Shown(lambda language: kronor(amount, language=language))


def iso(day: dt.date) -> str:
    """A date kept as ISO in a message (a period that names records): the same in every language."""
    return day.isoformat()


def _general(value: float, language: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language == "sv" else text


def T(message: str, /, **values: object) -> Text:
    """A message in English with its values, translated when shown (see :class:`Text`)."""
    return Text(message, values=values)


def Tn(singular: str, plural: str, count: int, /, **values: object) -> Text:
    """A message with a singular and a plural form, chosen by ``count`` in each language."""
    return Text(singular, plural, count, values)


def shown(text: str | Text) -> str:
    """``text`` in the user's language, whether it is a :class:`Text` or words already."""
    return str(text)


def shown_english(text: str | Text) -> str:
    """``text`` in English: a :class:`Text`'s message id with its values, else ``text`` itself."""
    return text.english() if isinstance(text, Text) else text


# --- numbers and dates ---------------------------------------------------------------------

MONTHS = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def decimal(value: float, decimals: int = 1, language: str | None = None) -> str:
    """13.9 as ``13,9`` (Swedish) or ``13.9`` (English)."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if (language or _State.language) == "sv" else text


def integer(value: float, language: str | None = None) -> str:
    """5000 as ``5 000`` (Swedish, with a no-break space) or ``5,000`` (English)."""
    text = f"{value:,.0f}"
    return text.replace(",", _NBSP) if (language or _State.language) == "sv" else text


def kronor(amount: float, language: str | None = None) -> str:
    """5000 as ``5 000 kr`` (Swedish) or ``SEK 5,000`` (English)."""
    language = language or _State.language
    if language == "sv":
        return f"{integer(amount, language)}{_NBSP}kr"
    return f"SEK{_NBSP}{integer(amount, language)}"


def long_date(day: dt.date, language: str | None = None) -> str:
    """2026-12-01 as ``1 december 2026`` (Swedish) or ``1 December 2026`` (English)."""
    return f"{day.day} {MONTHS[language or _State.language][day.month - 1]} {day.year}"


def percent(value: float) -> str:
    """0.21 as ``21 %`` (Swedish, with a no-break space) or ``21%`` (English)."""
    text = f"{value * 100:.0f}"
    return f"{text}{_NBSP}%" if _State.language == "sv" else f"{text}%"
