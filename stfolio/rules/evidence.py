"""Evidence: scanned intyg referenced from records, and the rule that keeps them honest.

An intyg's ``file`` must stay inside the portfolio, exist, and (when a ``sha256`` is given)
still have the checksum recorded when it was attached, so a swapped or edited scan is noticed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from stfolio.context import Context
from stfolio.findings import Finding, make


def check_evidence(ctx: Context) -> list[Finding]:
    root = ctx.portfolio.root.resolve()
    findings = []
    hashes: dict[Path, str] = {}
    for entry in ctx.portfolio.entries:
        for i, intyg in enumerate(entry.record.intyg_list()):
            if intyg.file is None:
                continue
            where = entry.location("intyg", i, "file")
            written = PurePosixPath(intyg.file.replace("\\", "/"))
            try:
                target = (root / written).resolve()
                exists = target.is_file()
            except (OSError, ValueError) as exc:  # a NUL byte, a name too long for the disk
                findings.append(
                    make(
                        "STF411",
                        where,
                        f"evidence path {intyg.file[:80]!r} cannot be a file: {exc}",
                        "correct the path",
                    )
                )
                continue
            if written.is_absolute() or ".." in written.parts or not target.is_relative_to(root):
                findings.append(
                    make(
                        "STF410",
                        where,
                        f"evidence path '{intyg.file}' leads outside the portfolio",
                        "copy the document into evidence/ with `stfolio attach` and refer to it there",
                    )
                )
                continue
            if not exists:
                findings.append(
                    make(
                        "STF411",
                        where,
                        f"evidence file '{intyg.file}' does not exist",
                        "scan the intyg into evidence/ (see `stfolio attach`), or correct the path",
                    )
                )
                continue
            if intyg.sha256 is None:
                findings.append(
                    make(
                        "STF413",
                        where,
                        f"evidence file '{intyg.file}' has no sha256, so a swapped file would go unnoticed",
                        "`stfolio attach` records it; or add sha256: with the output of `sha256sum FILE`",
                    )
                )
                continue
            if target not in hashes:
                hashes[target] = hashlib.sha256(target.read_bytes()).hexdigest()
            if hashes[target] != intyg.sha256:
                findings.append(
                    make(
                        "STF412",
                        entry.location("intyg", i, "sha256"),
                        f"evidence file '{intyg.file}' has changed since it was attached (its sha256 differs)",
                        "if the new file is the right one, update sha256 (`stfolio attach` again); "
                        "otherwise restore the original from git",
                    )
                )
    return findings
