"""Which regulation a trainee's ST follows, by the transitional rules.

HSLF-FS 2021:8 (with BT) applies to ST started on or after 2021-07-01. SOSFS 2015:8 still
applies, through the transitional rules of patientsäkerhetsförordningen, to doctors who
started ST before that date and to doctors with a Swedish AT, who may choose either.
Source: Socialstyrelsen, "Gör specialiseringstjänstgöring med inledande BT" (see
``docs/format.md``); SOSFS 2015:8 came into force on 2015-05-01.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stfolio.vocabulary import REGULATION_2015, REGULATION_2021

HSLF_IN_FORCE = dt.date(2021, 7, 1)
SOSFS_2015_IN_FORCE = dt.date(2015, 5, 1)

ROUTE_AT = "svensk AT"


class RegulationUnknown(ValueError):
    """The rules cannot decide without more information (or the case is unsupported)."""


@dataclass(frozen=True)
class RegulationChoice:
    regulation: str
    reason: str
    warning: str = ""


def choose_regulation(st_start: dt.date, route: str | None, override: str | None = None) -> RegulationChoice:
    """The regulation for an ST starting on ``st_start`` after legitimation by ``route``."""
    if override is not None:
        return RegulationChoice(
            override, f"{override}, as chosen with --regulation", _override_warning(st_start, route, override)
        )
    if st_start < SOSFS_2015_IN_FORCE:
        raise RegulationUnknown(
            f"ST started {st_start} falls under SOSFS 2008:17, which stfolio does not support "
            "(applications under it closed on 2022-04-30); if you have moved to SOSFS 2015:8, "
            "pass --regulation 2015"
        )
    if st_start < HSLF_IN_FORCE:
        return RegulationChoice(
            REGULATION_2015,
            f"{REGULATION_2015}: ST started before {HSLF_IN_FORCE}, so the transitional rules keep it under SOSFS 2015:8",
        )
    if route is None:
        raise RegulationUnknown(
            f"ST starting on or after {HSLF_IN_FORCE} follows {REGULATION_2021} unless you did a Swedish AT; "
            "give --route (svensk-at, sexarig-lakarexamen or utlandsk-examen) or --regulation"
        )
    if route == ROUTE_AT:
        return RegulationChoice(
            REGULATION_2015,
            f"{REGULATION_2015}: with a Swedish AT you may choose SOSFS 2015:8 (no BT) or HSLF-FS 2021:8 "
            "(BT competence must then be shown too); choose the latter with --regulation 2021",
        )
    return RegulationChoice(
        REGULATION_2021,
        f"{REGULATION_2021}: ST starting on or after {HSLF_IN_FORCE} without a Swedish AT follows HSLF-FS 2021:8 and opens with BT",
    )


def _override_warning(st_start: dt.date, route: str | None, override: str) -> str:
    if override == REGULATION_2021 and st_start < HSLF_IN_FORCE:
        return f"ST started {st_start}, before {REGULATION_2021} came into force on {HSLF_IN_FORCE}; check with your studierektor"
    if override == REGULATION_2015 and st_start >= HSLF_IN_FORCE and route not in (None, ROUTE_AT):
        return (
            f"after {HSLF_IN_FORCE}, {REGULATION_2015} applies only to doctors with a Swedish AT "
            "or an ST begun earlier; check with your studierektor"
        )
    return ""
