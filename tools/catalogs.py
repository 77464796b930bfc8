"""Keep the message catalogs in step with the code (a developer tool, needs Babel).

    python tools/catalogs.py update   # extract every message, add new ones to sv and en, drop gone ones
    python tools/catalogs.py check    # exit 1 if a message lacks a translation (what the test runs)

Messages are found by Babel in the Python code (``_("…")``, ``n_("…", "…", n)``, ``N_("…")``)
and in the jinja2 templates (``{{ _("…") }}``, ``{% trans %}``). Each part of stfolio has its
own domain, by path (``DOMAINS``), so that parts can be translated without editing one shared
file. English catalogs start as a copy of the English message ids, so English wording can be
edited without touching the code; Swedish ones start empty and must be translated.
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "stfolio" / "locale"
LANGUAGES = ("sv", "en")
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None, "T": None, "Tn": (1, 2)}
PLURALS = "nplurals=2; plural=(n != 1);"

# domain -> the files whose messages it holds (first match wins, in this order).
DOMAINS: dict[str, tuple[str, ...]] = {
    "reports": ("stfolio/reports/**/*.py", "templates/report/*.j2"),
    "forms": ("stfolio/forms/**/*.py",),
    "cohort": ("stfolio/cohort/**/*.py", "templates/cohort/*.j2"),
    "importers": ("stfolio/importers/**/*.py",),
    "views": ("stfolio/cli/views/**/*.py", "stfolio/cli/status.py", "stfolio/cli/goals.py"),
    "commands": (
        "stfolio/cli/log.py",
        "stfolio/cli/init.py",
        "stfolio/cli/attach.py",
        "stfolio/cli/import_.py",
        "stfolio/cli/forms.py",
        "stfolio/cli/report.py",
        "stfolio/cli/schema.py",
        "stfolio/cli/completion.py",
        "stfolio/cli/crash.py",
    ),
    "cli": ("stfolio/cli/**/*.py",),
    "rules": (
        "stfolio/rules/**/*.py",
        "stfolio/figures/**/*.py",
        "stfolio/context.py",
        "stfolio/regulation.py",
        "stfolio/catalogue.py",
        "stfolio/packs.py",
    ),
    "portfolio": (
        "stfolio/loader.py",
        "stfolio/shape.py",
        "stfolio/yamlio/**/*.py",
        "stfolio/write/**/*.py",
        "stfolio/files.py",
        "stfolio/names.py",
        "stfolio/text.py",
        "stfolio/vocabulary.py",
        "stfolio/model.py",
        "stfolio/kinds.py",
    ),
    "stfolio": ("stfolio/**/*.py", "templates/init/*.j2"),
}


def _files() -> dict[str, list[Path]]:
    taken: set[Path] = set()
    found: dict[str, list[Path]] = {}
    for domain, patterns in DOMAINS.items():
        files = []
        for pattern in patterns:
            for path in sorted(REPO.glob(pattern)):
                if path not in taken and "locale" not in path.parts:
                    taken.add(path)
                    files.append(path)
        found[domain] = files
    return found


def _messages(path: Path) -> Iterator[tuple[int, str | tuple[str, ...], list[str]]]:
    from babel.messages.extract import extract, extract_python

    with path.open("rb") as handle:
        if path.suffix == ".py":
            for lineno, funcname, message, comments in extract_python(handle, KEYWORDS, [], {}):
                if isinstance(message, tuple) and KEYWORDS.get(funcname) is None:
                    message = message[0]  # T("… {name} …", name=value): the values are not messages
                yield lineno, message, comments
        else:
            from jinja2.ext import babel_extract

            for lineno, message, comments, _context in extract(
                babel_extract, handle, keywords=KEYWORDS, options={"extensions": "jinja2.ext.i18n"}
            ):
                yield lineno, message, comments


def extract_domain(files: list[Path]) -> object:
    from babel.messages.catalog import Catalog

    template = Catalog(project="stfolio", charset="utf-8")
    for path in files:
        for lineno, message, comments in _messages(path):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            msgid = message if isinstance(message, str) else tuple(m for m in message[:2] if m)
            template.add(msgid, locations=[(path.relative_to(REPO).as_posix(), lineno)], auto_comments=comments)
    return template


def _po_path(language: str, domain: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


def _read(language: str, domain: str) -> object:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = _po_path(language, domain)
    if not path.is_file():
        return Catalog(locale=language, domain=domain, project="stfolio", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


NAMES = {"sv": "Swedish", "en": "English"}


def _steady_header(catalog: object, language: str, domain: str) -> None:
    """A header that does not change with every run, so that git shows only real changes."""
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    catalog.fuzzy = False  # type: ignore[attr-defined]
    catalog.creation_date = fixed  # type: ignore[attr-defined]
    catalog.revision_date = fixed  # type: ignore[attr-defined]
    catalog.project = "stfolio"  # type: ignore[attr-defined]
    catalog.version = "1"  # type: ignore[attr-defined]
    catalog.msgid_bugs_address = ""  # type: ignore[attr-defined]
    catalog.last_translator = "stfolio developers"  # type: ignore[attr-defined]
    catalog.language_team = NAMES[language]  # type: ignore[attr-defined]
    catalog.header_comment = (  # type: ignore[attr-defined]
        f"# stfolio: the {domain} messages in {NAMES[language]}.\n"
        "# Update with `python tools/catalogs.py update`; a test fails while one lacks a translation."
    )


def _known(language: str) -> dict[object, object]:
    """Every translation already made, in any domain: a message moved between parts keeps it."""
    known: dict[object, object] = {}
    for path in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
        for message in _read(language, path.stem):  # type: ignore[attr-defined]
            filled = message.string and not (isinstance(message.string, tuple) and not all(message.string))
            if message.id and filled and not message.fuzzy:
                known.setdefault(message.id, message.string)
    return known


def update() -> None:
    from babel.messages.pofile import write_po

    known = {language: _known(language) for language in LANGUAGES}
    for domain, files in _files().items():
        template = extract_domain(files)
        if not len(template):  # type: ignore[arg-type]
            for language in LANGUAGES:  # a domain whose messages all moved elsewhere leaves no catalog
                _po_path(language, domain).unlink(missing_ok=True)
            continue
        for language in LANGUAGES:
            catalog = _read(language, domain)
            # A new message enters the catalog as the template's own object: each language its copy.
            catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)  # type: ignore[attr-defined]
            catalog.obsolete.clear()  # type: ignore[attr-defined]
            _steady_header(catalog, language, domain)
            for message in catalog:  # type: ignore[attr-defined]
                empty = not message.string or (isinstance(message.string, tuple) and not all(message.string))
                if message.id and empty and message.id in known[language]:
                    message.string = known[language][message.id]
            if language == "en":
                for message in catalog:  # type: ignore[attr-defined]
                    empty = not message.string or (isinstance(message.string, tuple) and not all(message.string))
                    if message.id and empty:  # a plural's string is a tuple of empty forms until filled
                        message.string = message.id
            path = _po_path(language, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            write_po(buffer, catalog, width=100, sort_output=False, include_lineno=False)
            path.write_bytes(buffer.getvalue())
            print(f"{path.relative_to(REPO)}: {len(catalog)} messages")  # type: ignore[arg-type]


def conflicts() -> list[str]:
    """A message translated differently in two domains: gettext would show the first domain's."""
    problems = []
    for language in LANGUAGES:
        seen: dict[object, tuple[str, object]] = {}
        for path in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
            for message in _read(language, path.stem):  # type: ignore[attr-defined]
                if not message.id or not message.string:
                    continue
                first = seen.setdefault(message.id, (path.stem, message.string))
                if first[1] != message.string:
                    shown = message.id if isinstance(message.id, str) else message.id[0]
                    problems.append(f"{language} {first[0]} and {path.stem} translate differently: {shown}")
    return problems


def missing() -> list[str]:
    """Every message of the code without a translation, as 'lang domain: msgid'."""
    problems = conflicts()
    for domain, files in _files().items():
        template = extract_domain(files)
        for language in LANGUAGES:
            catalog = _read(language, domain)
            for message in template:  # type: ignore[attr-defined]
                if not message.id:
                    continue
                found = catalog.get(message.id)  # type: ignore[attr-defined]
                strings = found.string if found is not None else None
                empty = not strings or (isinstance(strings, tuple) and not all(strings))
                if found is None or empty or found.fuzzy:
                    shown = message.id if isinstance(message.id, str) else message.id[0]
                    problems.append(f"{language} {domain}: {shown}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("update", "check"))
    args = parser.parse_args()
    if args.action == "update":
        update()
        return 0
    problems = missing()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} messages without a translation or translated two ways")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
