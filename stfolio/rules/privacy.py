"""Privacy: no personnummer or samordningsnummer may be written anywhere in the portfolio.

A portfolio goes into git and to supervisors and studierektor, so a patient's identifier
written in a note would be copied to every clone and kept in history. ``check_privacy`` scans
the text of every file read (profile and records, also files that fail to parse, and the drafts
``log --edit`` keeps in ``.stfolio/drafts/``) and the name of every file and folder listed, and
reports each identifier at its line and column, quoting it masked so the output never repeats it.

What an identifier looks like is ``stfolio.identifiers`` (re-exported here); this module adds
where to look, the ``# stfolio: not-personnummer`` comment, and the words of the findings. The
exact rules, and why they are what they are, are in ``docs/privacy.md``.
"""

from __future__ import annotations

import re

from stfolio.context import Context
from stfolio.findings import Finding, Location, make
from stfolio.i18n import N_, T
from stfolio.identifiers import CONTEXT_CHARS, Kind, Match, find_identifiers, mask_identifiers

__all__ = [
    "CONTEXT_CHARS",
    "IDENTIFIER_CODES",
    "Kind",
    "Match",
    "check_privacy",
    "find_identifiers",
    "mask_identifiers",
]

# Every code that means "an identifier is in the portfolio": reports are refused while any is found.
IDENTIFIER_CODES = frozenset({"STF501", "STF502", "STF503", "STF504"})

# `# stfolio: not-personnummer` (or not-samordningsnummer) on a line silences that line only.
_SILENCE = re.compile(r"(?<!\S)#\s*stfolio:\s*not-(?:personnummer|samordningsnummer)\b", re.IGNORECASE)

# A removed line is still in every earlier commit, so the hint says so every time.
_HINT = N_(
    "remove it and describe the patient without identifiers; git keeps old versions, so if the file "
    "was ever committed, purge it from the history too (see docs/privacy.md); if this is not a {kind}, "
    "end the line with '# stfolio: not-{kind}'"
)
_NAME_HINT = N_(
    "rename it without the number (`git mv` in a repository); git keeps old names too, so if it was ever "
    "committed, purge it from the history (see docs/privacy.md)"
)


def check_privacy(ctx: Context) -> list[Finding]:
    """STF501/STF502 for each identifier in a file's text, STF503/STF504 in a file or folder name."""
    findings = []
    for path, text in sorted(ctx.portfolio.texts.items()):
        findings.extend(_scan_text(path, text))
    for name in ctx.portfolio.names:
        findings.extend(_scan_name(name))
    return findings


def _scan_text(path: str, text: str) -> list[Finding]:
    """The findings of one text; linear in its length however many numbers one line holds.

    Line numbers and line starts are carried forward from one match to the next, and each
    line is searched for the silencing comment once, so no match rescans the text before it.
    """
    findings = []
    line, line_start, line_end, silenced = 1, 0, -1, False
    scanned = 0
    for match in find_identifiers(text):
        newlines = text.count("\n", scanned, match.start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, match.start) + 1
        scanned = match.start
        if match.start > line_end:  # the first match on this line: is the line silenced?
            found = text.find("\n", match.start)
            line_end = len(text) if found < 0 else found
            silenced = _SILENCE.search(text, line_start, line_end) is not None
        if silenced:
            continue
        code = "STF501" if match.kind == "personnummer" else "STF502"
        findings.append(
            make(
                code,
                Location(path, line, match.start - line_start + 1),
                T(
                    "{kind} '{number}' must not be in the portfolio: it goes into git and to your supervisors",
                    kind=match.kind,
                    number=match.masked,
                ),
                T(_HINT, kind=match.kind),
            )
        )
    return findings


def _scan_name(name: str) -> list[Finding]:
    """The findings of one listed file or folder (``rel/path`` or ``rel/folder/``): its own name."""
    own = name.rstrip("/").rsplit("/", 1)[-1]
    findings = []
    for match in find_identifiers(own):
        code = "STF503" if match.kind == "personnummer" else "STF504"
        findings.append(
            make(
                code,
                Location(name),
                (
                    T(
                        "{kind} '{number}' in the name of this folder: names are copied to git and shown in every listing",
                        kind=match.kind,
                        number=match.masked,
                    )
                    if name.endswith("/")
                    else T(
                        "{kind} '{number}' in the name of this file: names are copied to git and shown in every listing",
                        kind=match.kind,
                        number=match.masked,
                    )
                ),
                T(_NAME_HINT),
            )
        )
    return findings
