"""One check run: every rule runs, a crashing rule is a located finding, the result's counts.

With ``application``, the readiness findings join the others, errors first; without it, or
without a catalogue, there is no readiness at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio.context import Context
from stfolio.findings import Finding, Location, Severity, make
from stfolio.loader import load_portfolio
from stfolio.rules import RULES, check_loaded, check_portfolio

Make = Callable[[dict[str, str]], Path]


def crashing(_ctx: Context) -> list[Finding]:
    raise KeyError("boom")


def note(ctx: Context) -> list[Finding]:
    return [make("STF601", Location("stfolio.yaml", 5, 11), f"as of {ctx.as_of}")]


def test_a_crashing_rule_is_an_error_at_the_portfolio_saying_where_the_bug_is(portfolio: Make) -> None:
    result = check_portfolio(portfolio({}), rules=(crashing, note), as_of=dt.date(2025, 1, 1))
    [bug] = [f for f in result.findings if f.code == "STF001"]
    assert (bug.severity, bug.location) == (Severity.ERROR, Location("."))
    assert "crashing" in bug.message and "KeyError" in bug.message and "boom" in bug.message
    assert f"{Path(__file__).name}:" in bug.hint  # the file and line that raised
    assert [f.message for f in result.findings if f.code == "STF601"] == ["as of 2025-01-01"]  # the next rule ran
    assert not result.ok


def test_the_result_counts_by_severity_and_problems_leave_out_the_notes(portfolio: Make) -> None:
    root = portfolio({"meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtal\ndelmal: [BT99]\n"})
    result = check_portfolio(root, as_of=dt.date(2025, 12, 1))
    assert (result.count(Severity.ERROR), result.count(Severity.WARNING)) == (1, 0)
    assert result.count(Severity.INFO) == len([f for f in result.findings if f.severity is Severity.INFO]) >= 2
    assert [f.code for f in result.problems] == ["STF401"]
    assert not result.ok
    (root / "meetings/m.yaml").write_text("date: 2025-10-06\nkind: handledarsamtal\ndelmal: [BT1]\n")
    again = check_portfolio(root, as_of=dt.date(2025, 12, 1))
    assert again.ok and again.problems == [] and again.count(Severity.INFO) > 0


def test_check_loaded_runs_the_rules_as_of_the_date_given(portfolio: Make) -> None:
    loaded, _ = load_portfolio(portfolio({}))
    result = check_loaded(loaded, (note,), dt.date(2024, 2, 29))
    assert [f.message for f in result.findings] == ["as of 2024-02-29"]
    assert result.context is not None and result.context.as_of == dt.date(2024, 2, 29)
    assert len(check_loaded(loaded, RULES, dt.date(2024, 2, 29)).findings) > 1


@pytest.mark.parametrize(("application", "which"), [(True, "bt"), ("bt", "bt"), ("st", "st")])
def test_an_application_puts_errors_first_then_warnings_then_notes(
    portfolio: Make, application: str | bool, which: str
) -> None:
    result = check_portfolio(portfolio({}), as_of=dt.date(2025, 12, 1), application=application)
    assert result.readiness is not None and result.readiness.application == which
    order = [f.severity for f in result.findings]
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    assert order == sorted(order, key=rank.__getitem__)
    assert Severity.ERROR in order and Severity.INFO in order
    for f in result.readiness.findings:
        assert f in result.findings
    # within one severity, the readiness findings come before the others
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert errors[: len(result.readiness.blockers)] == result.readiness.blockers


def test_without_an_application_or_without_a_profile_there_is_no_readiness(portfolio: Make, tmp_path: Path) -> None:
    root = portfolio({})
    assert check_portfolio(root, application=None).readiness is None
    assert check_portfolio(root, application=False).readiness is None
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "stfolio.yaml").write_text("format: 1\n")  # no valid profile
    assert check_portfolio(empty, application=True).readiness is None
