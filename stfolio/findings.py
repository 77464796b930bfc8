"""Findings: what every stage of stfolio reports instead of raising.

A finding is a value: a stable code, a severity, a location (path relative to the
portfolio root, 1-based line and column), a one-sentence message and an optional hint.
Codes are grouped by layer, so the first digit says which stage found the problem:

- STF0xx  internal errors (a bug in stfolio, never the user's fault)
- STF1xx  files: encoding, YAML syntax, unsafe tags, layout of the portfolio folder
- STF2xx  shape: unknown or missing fields, wrong types, impossible dates, ranges
- STF3xx  goal catalogues: references inside the catalogue data that do not resolve
- STF4xx  references: delmål ids, the specialty and evidence files checked against what exists
- STF5xx  privacy: patient identifiers in the portfolio
- STF6xx  regulation: per-delmål verdicts and the time rules
- STF7xx  policy packs: local norms
- STF8xx  readiness for the specialist application
- STF93x–STF94x  imports (``stfolio import``): problems in the file being imported, at its
  JSON path or CSV row and column
- STF9xx  templates and forms: a portfolio's own report templates
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from stfolio.i18n import Text, shown_english
from stfolio.identifiers import mask_identifiers


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: path relative to the portfolio root, 1-based line and column.

    ``line`` and ``column`` are 0 when the finding concerns a whole file or folder.
    """

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    location: Location
    message: str
    hint: str = ""
    message_en: str = field(default="", compare=False)  # the message in English (JSON message_en)
    hint_en: str = field(default="", compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "message": self.message,
            "hint": self.hint,
            "message_en": self.message_en or self.message,
            "hint_en": self.hint_en or self.hint,
        }


# The catalogue of codes: code -> (default severity, short name). The short names are
# what `docs/format.md` documents; tests assert that every code used is listed here.
CODES: dict[str, tuple[Severity, str]] = {
    "STF001": (Severity.ERROR, "internal error"),
    "STF101": (Severity.ERROR, "YAML syntax error"),
    "STF102": (Severity.ERROR, "not UTF-8"),
    "STF103": (Severity.ERROR, "empty file"),
    "STF104": (Severity.ERROR, "not a mapping"),
    "STF105": (Severity.ERROR, "duplicate key"),
    "STF106": (Severity.ERROR, "file too large"),
    "STF107": (Severity.ERROR, "unsafe YAML tag"),
    "STF108": (Severity.WARNING, "unexpected file"),
    "STF109": (Severity.WARNING, "unexpected folder"),
    "STF110": (Severity.ERROR, "document too complex"),
    "STF111": (Severity.ERROR, "unreadable file"),
    "STF112": (Severity.ERROR, "link out of the portfolio"),
    "STF113": (Severity.ERROR, "link loop"),
    "STF114": (Severity.WARNING, "unprintable name"),
    "STF115": (Severity.WARNING, "leftover temporary file"),
    "STF116": (Severity.ERROR, "folder too deep or too large"),
    "STF201": (Severity.ERROR, "unknown field"),
    "STF202": (Severity.ERROR, "missing field"),
    "STF203": (Severity.ERROR, "wrong type"),
    "STF204": (Severity.ERROR, "invalid date"),
    "STF205": (Severity.ERROR, "end before start"),
    "STF206": (Severity.ERROR, "value out of range"),
    "STF207": (Severity.ERROR, "value not allowed"),
    "STF208": (Severity.ERROR, "invalid value"),
    "STF209": (Severity.ERROR, "number with a leading zero"),
    "STF210": (Severity.ERROR, "yes/no where a value belongs"),
    "STF211": (Severity.ERROR, "base-60 number"),
    "STF212": (Severity.ERROR, "number in another notation"),
    "STF301": (Severity.ERROR, "catalogue: unknown regulation"),
    "STF302": (Severity.ERROR, "catalogue: unknown specialty"),
    "STF303": (Severity.ERROR, "catalogue: unknown goal group"),
    "STF304": (Severity.ERROR, "catalogue: unknown activity kind"),
    "STF305": (Severity.ERROR, "catalogue: unknown source"),
    "STF306": (Severity.ERROR, "catalogue: duplicate goal id"),
    "STF307": (Severity.ERROR, "catalogue: local file redefines a shipped goal"),
    "STF308": (Severity.WARNING, "catalogue: local file ignored"),
    "STF401": (Severity.ERROR, "unknown delmål"),
    "STF402": (Severity.ERROR, "delmål of the other regulation"),
    "STF403": (Severity.ERROR, "BT goal under SOSFS 2015:8"),
    "STF404": (Severity.ERROR, "delmål not for this specialty"),
    "STF405": (Severity.ERROR, "unknown specialty"),
    "STF406": (Severity.WARNING, "c-goals not shipped"),
    "STF410": (Severity.ERROR, "evidence outside the portfolio"),
    "STF411": (Severity.ERROR, "evidence missing"),
    "STF412": (Severity.ERROR, "evidence changed"),
    "STF413": (Severity.INFO, "evidence without checksum"),
    "STF414": (Severity.WARNING, "duplicate record"),
    "STF415": (Severity.ERROR, "unknown course"),
    "STF416": (Severity.ERROR, "evidence unreadable"),
    "STF417": (Severity.ERROR, "evidence not a regular file"),
    "STF418": (Severity.ERROR, "evidence too large"),
    "STF501": (Severity.ERROR, "personnummer in the portfolio"),
    "STF502": (Severity.ERROR, "samordningsnummer in the portfolio"),
    "STF503": (Severity.ERROR, "personnummer in a name"),
    "STF504": (Severity.ERROR, "samordningsnummer in a name"),
    "STF601": (Severity.INFO, "ST time"),
    "STF602": (Severity.INFO, "BT time"),
    "STF603": (Severity.ERROR, "placements over 100 %"),
    "STF604": (Severity.WARNING, "BT not finished within 24 months"),
    "STF605": (Severity.WARNING, "too many BT workplaces"),
    "STF606": (Severity.INFO, "delmål progress"),
    "STF607": (Severity.WARNING, "placement before ST start"),
    "STF608": (Severity.ERROR, "BT placement under SOSFS 2015:8"),
    "STF609": (Severity.WARNING, "planned record in the past"),
    "STF610": (Severity.WARNING, "profile dates disagree"),
    "STF611": (Severity.ERROR, "BT ended too short"),
    "STF612": (Severity.ERROR, "BT ended without its akut or primärvård part"),
    "STF613": (Severity.WARNING, "BT-delmål open after BT"),
    "STF614": (Severity.WARNING, "done record in the future"),
    "STF615": (Severity.WARNING, "intyg dated in the future"),
    "STF701": (Severity.ERROR, "unknown policy pack"),
    "STF702": (Severity.WARNING, "local norm not met"),
    "STF801": (Severity.ERROR, "ST time short"),
    "STF802": (Severity.ERROR, "BT not complete"),
    "STF803": (Severity.ERROR, "delmål not attested"),
    "STF804": (Severity.WARNING, "huvudhandledare"),
    "STF805": (Severity.INFO, "unverified catalogue"),
    "STF806": (Severity.ERROR, "BT composition short"),
    "STF807": (Severity.WARNING, "delmål not attested (unverified entry)"),
    "STF808": (Severity.ERROR, "date of the godkänd BT missing"),
    "STF930": (Severity.ERROR, "import: file not readable"),
    "STF931": (Severity.ERROR, "import: syntax error"),
    "STF932": (Severity.ERROR, "import: not an ST-ARK backup"),
    "STF933": (Severity.WARNING, "import: unknown backup version"),
    "STF934": (Severity.ERROR, "import: missing value"),
    "STF935": (Severity.ERROR, "import: wrong type"),
    "STF936": (Severity.ERROR, "import: invalid date"),
    "STF937": (Severity.ERROR, "import: value not allowed"),
    "STF938": (Severity.ERROR, "import: unknown delmål"),
    "STF939": (Severity.ERROR, "import: broken link"),
    "STF940": (Severity.ERROR, "import: personnummer in the source"),
    "STF941": (Severity.INFO, "import: personalNumber not imported"),
    "STF942": (Severity.INFO, "import: ignored"),
    "STF943": (Severity.WARNING, "import: profile differs"),
    "STF944": (Severity.WARNING, "import: value adjusted"),
    "STF945": (Severity.INFO, "import: read as Windows-1252"),
    "STF946": (Severity.ERROR, "import: overlapping placements"),
    "STF947": (Severity.WARNING, "import: not overwritten"),
    "STF948": (Severity.WARNING, "import: duplicate item"),
    "STF949": (Severity.ERROR, "import: refused by check"),
    "STF901": (Severity.ERROR, "template syntax error"),
    "STF902": (Severity.ERROR, "template failed"),
    "STF903": (Severity.ERROR, "template over a limit"),
    "STF904": (Severity.ERROR, "template refused"),
}


def make(code: str, location: Location, message: str | Text, hint: str | Text = "") -> Finding:
    """Build a finding with the code's default severity.

    ``message`` and ``hint`` are ``T("…")`` texts: put into the user's language here, and kept
    in English too (``message_en``, ``hint_en``) for tools that read JSON.

    Every identifier in the message and hint is masked here, whatever value the message
    quotes (a bad date, a key, a delmål id, a path that happens to be a personnummer): no
    finding can repeat one in full. The location keeps the real path; the output masks it.
    """
    severity, _name = CODES[code]
    said, advice = str(message), str(hint)
    said_en, advice_en = shown_english(message), shown_english(hint)
    masked, masked_hint = mask_identifiers(said), mask_identifiers(advice)
    return Finding(
        code,
        severity,
        location,
        masked,
        masked_hint,
        masked if said_en == said else mask_identifiers(said_en),
        masked_hint if advice_en == advice else mask_identifiers(advice_en),
    )


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
