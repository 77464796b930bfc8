"""The closed vocabularies of the portfolio format: the values a field may take.

Kept apart from the models (and from pydantic) so the command line can list the allowed
values in its help and prompts without loading the models, and so each list is written once.
"""

from __future__ import annotations

import re
import typing
from typing import Literal

REGULATION_2015 = "SOSFS 2015:8"
REGULATION_2021 = "HSLF-FS 2021:8"
Regulation = Literal["HSLF-FS 2021:8", "SOSFS 2015:8"]
Route = Literal["svensk AT", "sexårig läkarexamen", "utländsk examen"]
Status = Literal["planned", "done"]
IntygRole = Literal["handledare", "kursledare", "verksamhetschef", "studierektor", "extern bedömare", "annan"]
PlacementKind = Literal["klinisk tjänstgöring", "sidotjänstgöring", "auskultation"]
BtCategory = Literal["akut", "primärvård", "annan"]
Instrument = Literal["mini-CEX", "CBD", "DOPS", "medsittning", "360", "annan"]
MeetingKind = Literal["handledarsamtal", "IUP-revision", "studierektorssamtal", "utvecklingssamtal"]
ActivityKind = Literal[
    "vetenskapligt arbete",
    "kvalitetsarbete",
    "seminarium",
    "undervisning",
    "handledning",
    "konferens",
    "teoretiska studier",
]
LeaveKind = Literal["föräldraledighet", "sjukskrivning", "tjänstledighet", "annan"]
ExpenseCategory = Literal["kursavgift", "resa", "logi", "litteratur", "konferens", "annan"]


def choices(vocabulary: object) -> list[str]:
    """The values of a ``Literal`` vocabulary, in order: ``choices(MeetingKind)``.

    Also finds the Literal inside an annotation such as ``MeetingKind | None``; [] if none.
    """
    if typing.get_origin(vocabulary) is Literal:
        return [str(value) for value in typing.get_args(vocabulary)]
    for argument in typing.get_args(vocabulary):
        found = choices(argument)
        if found:
            return found
    return []


def listed(vocabulary: object, last: str = "or") -> str:
    """'handledarsamtal, IUP-revision, studierektorssamtal or utvecklingssamtal'."""
    values = choices(vocabulary)
    return ", ".join(values[:-1]) + f" {last} {values[-1]}" if len(values) > 1 else "".join(values)


_DELMAL_ID = re.compile(r"(?i)(bt|sta|stb|stc|a|b|c)(\d+)")
_CANONICAL_PREFIX = {"bt": "BT", "sta": "STa", "stb": "STb", "stc": "STc", "a": "a", "b": "b", "c": "c"}


def canonical_delmal(text: str) -> str:
    """A Swedish delmål id as Socialstyrelsen writes it, whatever the case: 'stc6' -> 'STc6'.

    Ids of other shapes (a local or Norwegian catalogue) are returned as written.
    """
    stripped = text.strip()
    match = _DELMAL_ID.fullmatch(stripped)
    if match is None:
        return stripped
    return _CANONICAL_PREFIX[match.group(1).lower()] + str(int(match.group(2)))
