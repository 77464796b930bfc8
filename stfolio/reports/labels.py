"""The reports' Swedish words: verdict states, section titles, numbers with a decimal comma."""

from __future__ import annotations

import datetime as dt

from stfolio.figures.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED

STATUS_SV = {
    NOT_STARTED: "ej påbörjat",
    IN_PROGRESS: "pågår",
    MET: "aktiviteter klara, intyg saknas",
    ATTESTED: "intygat",
}
STATUS_CLASS = {NOT_STARTED: "not-started", IN_PROGRESS: "in-progress", MET: "met", ATTESTED: "attested"}


def sv_number(value: float, decimals: int = 1) -> str:
    """Swedish decimal comma: 13,6."""
    return f"{value:.{decimals}f}".replace(".", ",")


def sv_date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


FORM_STATES_SV = {
    "application": "fylls i när du ansöker (`stfolio forms`)",
    "empty": "inget registrerat ännu",
    "ok": "klart",
    "incomplete": "ofullständigt",
}
