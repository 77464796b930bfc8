"""Evidence: scanned intyg referenced from records, and the rule that keeps them honest.

An intyg's ``file`` must stay inside the portfolio, exist, and (when a ``sha256`` is given)
still have the checksum recorded when it was attached, so a swapped or edited scan is noticed.
Each file is judged once, in the context (``stfolio.figures.evidence``); this rule words it.
"""

from __future__ import annotations

from stfolio.context import Context
from stfolio.findings import Finding, make


def check_evidence(ctx: Context) -> list[Finding]:
    findings = []
    entries = {entry.path: entry for entry in ctx.portfolio.readable}
    for (path, index), check in sorted(ctx.evidence.items()):
        entry = entries[path]
        where = entry.location("intyg", index, "file")
        shown = check.file
        if check.state == "outside":
            findings.append(
                make(
                    "STF410",
                    where,
                    f"evidence path '{shown}' leads outside the portfolio",
                    "copy the document into evidence/ with `stfolio attach` and refer to it there",
                )
            )
        elif check.state == "missing":
            findings.append(
                make(
                    "STF411",
                    where,
                    f"evidence file '{shown}' does not exist",
                    "scan the intyg into evidence/ (see `stfolio attach`), or correct the path",
                )
            )
        elif check.state == "unreadable":
            findings.append(
                make(
                    "STF411",
                    where,
                    f"evidence path {shown[:80]!r} cannot be a file: {check.detail}",
                    "correct the path",
                )
            )
        elif check.state == "no-checksum":
            findings.append(
                make(
                    "STF413",
                    where,
                    f"evidence file '{shown}' has no sha256, so a swapped file would go unnoticed",
                    "`stfolio attach` records it; or add sha256: with the output of `sha256sum FILE`",
                )
            )
        elif check.state == "changed":
            findings.append(
                make(
                    "STF412",
                    entry.location("intyg", index, "sha256"),
                    f"evidence file '{shown}' has changed since it was attached (its sha256 differs)",
                    "if the new file is the right one, update sha256 (`stfolio attach` again); "
                    "otherwise restore the original from git",
                )
            )
    return findings
