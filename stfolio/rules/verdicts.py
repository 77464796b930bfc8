"""Delmål progress: one note with the counts; each verdict is computed once, in the context."""

from __future__ import annotations

from stfolio.context import Context
from stfolio.figures.verdicts import PHRASES, STATUSES
from stfolio.findings import Finding, make


def check_verdicts(ctx: Context) -> list[Finding]:
    """One line on delmål progress; the details are in `stfolio status` and `check --application`."""
    if ctx.portfolio.profile is None or ctx.catalogue is None:
        return []
    verdicts = ctx.verdicts
    counts = {status: sum(1 for v in verdicts if v.status == status) for status in STATUSES}
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    text = ", ".join(f"{n} {PHRASES[status]}" for status, n in reversed(counts.items()) if n)
    return [
        make(
            "STF606",
            ctx.profile_location("specialty"),
            f"delmål: {text} (of {len(verdicts)}); {unverified} rest on catalogue entries not verified against "
            "Socialstyrelsen's målbeskrivning",
            "`stfolio status` shows each delmål with its records and what is missing",
        )
    ]
