"""The rules of ``stfolio check``: load the portfolio, run every rule, collect every finding.

The rules are plain functions ``(context) -> list[Finding]`` kept in the immutable tuple
``RULES``, in layer order: references (``references``, ``evidence``), the regulation (``time``,
``verdicts``), local norms (``policies``), privacy (``privacy``); readiness for the application
(``application``) runs on request. A rule that crashes becomes an internal-error finding and
the others still run. A new rule is a function in the module of its layer, added to ``RULES``.
Rules read the figures (service time, BT, verdicts) from the context, never compute their own.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stfolio.context import Context, build_context
from stfolio.findings import Finding, Location, Severity, make
from stfolio.i18n import T
from stfolio.loader import Portfolio, load_portfolio
from stfolio.rules.evidence import check_evidence
from stfolio.rules.policies import check_policies
from stfolio.rules.privacy import check_privacy
from stfolio.rules.references import check_delmal, check_duplicates, check_expense_courses, check_specialty
from stfolio.rules.time import check_time
from stfolio.rules.verdicts import check_verdicts

if TYPE_CHECKING:
    from stfolio.rules.application import Readiness

Rule = Callable[[Context], list[Finding]]

# In layer order: references, regulation (time, delmål), policy packs, privacy. Readiness for the
# application runs on request (check --application).
RULES: tuple[Rule, ...] = (
    check_specialty,
    check_delmal,
    check_expense_courses,
    check_duplicates,
    check_evidence,
    check_time,
    check_verdicts,
    check_policies,
    check_privacy,
)


@dataclass(frozen=True)
class CheckResult:
    portfolio: Portfolio
    findings: list[Finding]
    context: Context | None = None
    readiness: Readiness | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def problems(self) -> list[Finding]:
        """Errors and warnings: what needs attention (info notes carry figures only)."""
        return [f for f in self.findings if f.severity is not Severity.INFO]

    @property
    def ok(self) -> bool:
        return self.count(Severity.ERROR) == 0


def check_portfolio(
    root: Path, rules: tuple[Rule, ...] = RULES, as_of: dt.date | None = None, application: str | bool | None = None
) -> CheckResult:
    """Check the portfolio at ``root`` as of a date (default today); reads only, never writes.

    With ``application`` ('bt', 'st', or True for the one that comes next), also judge readiness
    for that application to Socialstyrelsen: the blocking
    problems come first, and ``readiness`` holds the forms to send.
    """
    portfolio, findings = load_portfolio(root)
    loaded = check_loaded(portfolio, rules, as_of)
    findings = sorted(findings + loaded.findings, key=Finding.sort_key)
    context = loaded.context
    assert context is not None
    readiness = None
    if application and portfolio.profile is not None and context.catalogue is not None:
        from stfolio.rules.application import readiness as judge_readiness

        readiness = judge_readiness(context, application if application in ("bt", "st") else None)
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        findings = sorted(readiness.findings + findings, key=lambda f: order[f.severity])
    return CheckResult(portfolio, findings, context, readiness)


def check_loaded(portfolio: Portfolio, rules: tuple[Rule, ...] = RULES, as_of: dt.date | None = None) -> CheckResult:
    """Run the rules on an already loaded portfolio (``log`` checks a new record this way)."""
    context, findings = build_context(portfolio, as_of)
    for rule in rules:
        findings.extend(_run_rule(rule, context))
    return CheckResult(portfolio, sorted(findings, key=Finding.sort_key), context)


def _run_rule(rule: Rule, context: Context) -> list[Finding]:
    try:
        return rule(context)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            make(
                "STF001",
                Location("."),
                T(
                    "internal error in rule {rule}: {error}: {detail}",
                    rule=rule.__name__,
                    error=type(exc).__name__,
                    detail=exc,
                ),
                T(
                    "this is a bug in stfolio ({file}:{line}); please report it",
                    file=Path(where.filename).name,
                    line=where.lineno,
                ),
            )
        ]
