"""Evidence: scanned intyg referenced from records, and the rule that keeps them honest.

Each intyg's scan is judged once, in the context (``stfolio.figures.evidence``: inside the
portfolio, readable, unchanged since it was attached); this rule reports what that found.
"""

from __future__ import annotations

from stfolio.context import Context
from stfolio.findings import Finding


def check_evidence(ctx: Context) -> list[Finding]:
    return [check.finding for _key, check in sorted(ctx.evidence.items()) if check.finding is not None]
