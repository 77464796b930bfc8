"""The record kinds: one registry that every stage reads.

A record kind is a folder of the portfolio holding one model's records. The loader discovers
records by these folders, ``log`` names its sub-commands and files after them, the schemas and
the editor settings are generated from them, reports label their sections with them, and
``init`` creates the folders. Adding a kind means adding its model (``stfolio/model.py``), one
entry here, its ``log`` command (``stfolio/cli/log.py``) and its documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from stfolio.model import Activity, Assessment, Course, Expense, Leave, Meeting, Placement, Record


@dataclass(frozen=True)
class RecordKind:
    folder: str  # the portfolio folder: 'placements'
    name: str  # the singular, for `stfolio log NAME` and the schema file: 'placement'
    model: type[Record]
    label_sv: str  # the reports' section heading: 'Placeringar'
    carries_intyg: bool  # whether records of this kind hold intyg (and `attach` accepts them)
    carries_delmal: bool  # whether records of this kind name delmål
    description_sv: str = ""  # what the folder holds, for the portfolio's README
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
        "kliniska tjänstgöringar, sidotjänstgöringar och auskultationer",
    ),
    RecordKind("courses", "course", Course, "Kurser", True, True, "kurser med kursintyg"),
    RecordKind(
        "assessments",
        "assessment",
        Assessment,
        "Bedömningar",
        False,
        True,
        "strukturerade bedömningar: mini-CEX, CBD, DOPS, medsittning, 360",
    ),
    RecordKind(
        "meetings",
        "meeting",
        Meeting,
        "Handledning och möten",
        False,
        True,
        "handledarsamtal, IUP-revisioner, studierektors- och utvecklingssamtal",
    ),
    RecordKind(
        "activities",
        "activity",
        Activity,
        "Övriga aktiviteter",
        True,
        True,
        "vetenskapligt arbete, kvalitetsarbete, seminarier, undervisning, konferenser",
    ),
    RecordKind(
        "leave",
        "leave",
        Leave,
        "Ledighet",
        False,
        False,
        "föräldraledighet, sjukskrivning, tjänstledighet (påverkar tjänstgöringstiden)",
    ),
    RecordKind(
        "expenses",
        "expense",
        Expense,
        "Utgifter",
        False,
        False,
        "utgifter mot den individuella kursbudgeten",
        in_reports=False,
    ),
)
BY_FOLDER: dict[str, RecordKind] = {kind.folder: kind for kind in KINDS}
BY_NAME: dict[str, RecordKind] = {kind.name: kind for kind in KINDS}
FOLDERS: tuple[str, ...] = tuple(kind.folder for kind in KINDS)
