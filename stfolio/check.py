"""``stfolio check``: load the portfolio and run the rules, collecting every finding.

The rules are plain functions ``(context) -> list[Finding]`` kept in an immutable tuple.
A rule that crashes becomes an internal-error finding and the others still run.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stfolio.context import Context, build_context
from stfolio.evidence import check_evidence
from stfolio.findings import Finding, Location, Severity, make
from stfolio.loader import Portfolio, load_portfolio
from stfolio.references import check_delmal, check_specialty

Rule = Callable[[Context], list[Finding]]

# In layer order: references now; regulation, policy packs and privacy follow.
RULES: tuple[Rule, ...] = (check_specialty, check_delmal, check_evidence)


@dataclass(frozen=True)
class CheckResult:
    portfolio: Portfolio
    findings: list[Finding]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def ok(self) -> bool:
        return self.count(Severity.ERROR) == 0


def check_portfolio(root: Path, rules: tuple[Rule, ...] = RULES) -> CheckResult:
    """Check the portfolio at ``root``; reads only, never writes."""
    portfolio, findings = load_portfolio(root)
    context, context_findings = build_context(portfolio)
    findings.extend(context_findings)
    for rule in rules:
        findings.extend(_run_rule(rule, context))
    return CheckResult(portfolio, sorted(findings, key=Finding.sort_key))


def _run_rule(rule: Rule, context: Context) -> list[Finding]:
    try:
        return rule(context)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            make(
                "STF001",
                Location("."),
                f"internal error in rule {rule.__name__}: {type(exc).__name__}: {exc}",
                f"this is a bug in stfolio ({Path(where.filename).name}:{where.lineno}); please report it",
            )
        ]
