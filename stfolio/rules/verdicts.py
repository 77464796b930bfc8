"""Delmål progress: one note with the counts; each verdict is computed once, in the context."""

from __future__ import annotations

from stfolio.context import Context
from stfolio.figures.verdicts import STATE_WORDS, STATUSES
from stfolio.findings import Finding, make
from stfolio.i18n import T, Tn, listing


def check_verdicts(ctx: Context) -> list[Finding]:
    """One line on delmål progress; the details are in `stfolio status` and `check --application`."""
    if ctx.portfolio.profile is None or ctx.catalogue is None:
        return []
    verdicts = ctx.verdicts
    counts = {status: sum(1 for v in verdicts if v.status == status) for status in STATUSES}
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    text = listing(
        [T("{count} {state}", count=n, state=T(STATE_WORDS[status])) for status, n in reversed(counts.items()) if n]
    )
    return [
        make(
            "STF606",
            ctx.profile_location("specialty"),
            Tn(
                "delmål: {counts} (of {total}); {unverified} rests on a catalogue entry not verified against "
                "Socialstyrelsen's målbeskrivning",
                "delmål: {counts} (of {total}); {unverified} rest on catalogue entries not verified against "
                "Socialstyrelsen's målbeskrivning",
                unverified,
                counts=text,
                total=len(verdicts),
                unverified=unverified,
            ),
            T("`stfolio status` shows each delmål with its records and what is missing"),
        )
    ]
