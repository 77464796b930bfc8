"""``stfolio check``: load the portfolio and run the rules, collecting every finding.

The rules are plain functions ``(portfolio) -> list[Finding]`` kept in an immutable tuple.
A rule that crashes becomes an internal-error finding and the others still run.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stfolio.findings import Finding, Location, Severity, make
from stfolio.loader import Portfolio, load_portfolio

Rule = Callable[[Portfolio], list[Finding]]

# Later layers (references, regulation, policy packs, privacy) append their rules here.
RULES: tuple[Rule, ...] = ()


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
    for rule in rules:
        findings.extend(_run_rule(rule, portfolio))
    return CheckResult(portfolio, sorted(findings, key=Finding.sort_key))


def _run_rule(rule: Rule, portfolio: Portfolio) -> list[Finding]:
    try:
        return rule(portfolio)
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
