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

from stfolio.i18n import T
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
            override,
            str(T("{regulation}, as chosen with --regulation", regulation=override)),
            _override_warning(st_start, route, override),
        )
    if st_start < SOSFS_2015_IN_FORCE:
        raise RegulationUnknown(
            str(
                T(
                    "ST started {date} falls under SOSFS 2008:17, which stfolio does not support "
                    "(applications under it closed on 30 April 2022); if you have moved to SOSFS 2015:8, "
                    "pass --regulation 2015",
                    date=st_start,
                )
            )
        )
    if st_start < HSLF_IN_FORCE:
        return RegulationChoice(
            REGULATION_2015,
            str(
                T(
                    "{regulation}: ST started before {date}, so the transitional rules keep it under SOSFS 2015:8",
                    regulation=REGULATION_2015,
                    date=HSLF_IN_FORCE,
                )
            ),
        )
    if route is None:
        raise RegulationUnknown(
            str(
                T(
                    "ST starting on or after {date} follows {regulation} unless you did a Swedish AT; "
                    "give --route (svensk-at, sexarig-lakarexamen or utlandsk-examen) or --regulation",
                    date=HSLF_IN_FORCE,
                    regulation=REGULATION_2021,
                )
            )
        )
    if route == ROUTE_AT:
        return RegulationChoice(
            REGULATION_2015,
            str(
                T(
                    "{regulation}: with a Swedish AT you may choose SOSFS 2015:8 (no BT) or HSLF-FS 2021:8 "
                    "(BT competence must then be shown too); choose the latter with --regulation 2021",
                    regulation=REGULATION_2015,
                )
            ),
        )
    return RegulationChoice(
        REGULATION_2021,
        str(
            T(
                "{regulation}: ST starting on or after {date} without a Swedish AT follows HSLF-FS 2021:8 "
                "and opens with BT",
                regulation=REGULATION_2021,
                date=HSLF_IN_FORCE,
            )
        ),
    )


def _override_warning(st_start: dt.date, route: str | None, override: str) -> str:
    if override == REGULATION_2021 and st_start < HSLF_IN_FORCE:
        return str(
            T(
                "ST started {date}, before {regulation} came into force on {in_force}; check with your studierektor",
                date=st_start,
                regulation=REGULATION_2021,
                in_force=HSLF_IN_FORCE,
            )
        )
    if override == REGULATION_2015 and st_start >= HSLF_IN_FORCE and route not in (None, ROUTE_AT):
        return str(
            T(
                "after {date}, {regulation} applies only to doctors with a Swedish AT "
                "or an ST begun earlier; check with your studierektor",
                date=HSLF_IN_FORCE,
                regulation=REGULATION_2015,
            )
        )
    return ""
