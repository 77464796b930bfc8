"""The record kinds: one registry that every stage reads.

A record kind is a folder of the portfolio holding one model's records. The loader discovers
records by these folders, ``log`` names its sub-commands and files after them, the schemas and
the editor settings are generated from them, reports label their sections with them, and
``init`` creates the folders. Adding a kind means adding its model (``stfolio/model.py``), one
entry here, its ``log`` command (``stfolio/cli/log.py``) and its documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from stfolio.i18n import N_
from stfolio.model import Activity, Assessment, Course, Expense, Leave, Meeting, Placement, Record


@dataclass(frozen=True)
class RecordKind:
    folder: str  # the portfolio folder: 'placements'
    name: str  # the singular, for `stfolio log NAME` and the schema file: 'placement'
    model: type[Record]
    label_sv: str  # the reports' section heading: 'Placeringar'
    carries_intyg: bool  # whether records of this kind hold intyg (and `attach` accepts them)
    carries_delmal: bool  # whether records of this kind name delmål
    description: str = ""  # what the folder holds, for the portfolio's README (a message id: N_)
    in_reports: bool = True  # shown as a section of the årlig rapport


# In the order users meet them; the loader, `init`, the schemas and the reports keep it.
KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "placements",
        "placement",
        Placement,
        "Placeringar",
        True,
        True,
        N_("klinisk tjänstgöring, sidotjänstgöring and auskultation"),
    ),
    RecordKind("courses", "course", Course, "Kurser", True, True, N_("courses, with their kursintyg")),
    RecordKind(
        "assessments",
        "assessment",
        Assessment,
        "Bedömningar",
        False,
        True,
        N_("structured assessments: mini-CEX, CBD, DOPS, medsittning, 360"),
    ),
    RecordKind(
        "meetings",
        "meeting",
        Meeting,
        "Handledning och möten",
        False,
        True,
        N_("handledarsamtal, IUP revisions, studierektorssamtal and utvecklingssamtal"),
    ),
    RecordKind(
        "activities",
        "activity",
        Activity,
        "Övriga aktiviteter",
        True,
        True,
        N_("scientific work, quality-improvement work, seminars, teaching, conferences"),
    ),
    RecordKind(
        "leave",
        "leave",
        Leave,
        "Ledighet",
        False,
        False,
        N_("parental leave, sick leave, leave of absence (they change the time served)"),
    ),
    RecordKind(
        "expenses",
        "expense",
        Expense,
        "Utgifter",
        False,
        False,
        N_("expenses against the individual course budget"),
        in_reports=False,
    ),
)
BY_FOLDER: dict[str, RecordKind] = {kind.folder: kind for kind in KINDS}
BY_NAME: dict[str, RecordKind] = {kind.name: kind for kind in KINDS}
FOLDERS: tuple[str, ...] = tuple(kind.folder for kind in KINDS)
