"""Exit 3: a bug in stfolio, reported so that it can be fixed.

The user sees one short paragraph: what failed, the stfolio version, the command, and where
the full report is. The report (in the user's cache folder, never in the portfolio) holds the
version, Python and platform, the command with its option *names* (values can be personal,
such as a name given to ``init``), and the traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path

from stfolio import __version__
from stfolio.i18n import _


def command_words(argv: list[str], commands: set[str]) -> str:
    """'stfolio log meeting --topic … --dry-run': command names and option names, no values."""
    words = ["stfolio"]
    for arg in argv:
        if arg.startswith("-"):
            words.append(arg.split("=", 1)[0])
        elif arg in commands:
            words.append(arg)
        elif words[-1] != "…":
            words.append("…")
    return " ".join(words)


def write_crash_report(exc: BaseException, command: str) -> Path | None:
    """Write the report; returns its path, or None if even that fails (a full disk, say)."""
    from stfolio.resources import user_cache_dir

    folder = user_cache_dir() / "crashes"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    text = (
        f"stfolio {__version__} crashed\n"
        f"command: {command}\n"
        f"python: {sys.version.split()[0]} ({platform.platform()})\n\n" + "".join(traceback.format_exception(exc))
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path


def crash_message(exc: BaseException, command: str, report: Path | None) -> str:
    """What the user sees: in their language; the report itself stays in English, for the developers."""
    error = _("stfolio: internal error: {error}: {message}").format(error=type(exc).__name__, message=exc)
    if report:
        where = _("This is a bug in stfolio {version} (command: {command}); the details are in {report}.")
    else:
        where = _("This is a bug in stfolio {version} (command: {command}); the details could not be saved.")
    please = _("Please report it with that file (it holds the traceback, not your portfolio).")
    return "\n".join((error, where.format(version=__version__, command=command, report=report), please))
