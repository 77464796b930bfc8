"""Severity follows certainty: what a verified rule says is short is an error, an unverified one a warning.

The shipped catalogue verifies BT's six months but not its akut and primärvård parts. These
tests also run the rules with a catalogue that says the opposite, as a future one may, so the
severity is seen to follow the catalogue's flags, not a fixed list of codes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree

from stfolio.context import Context
from stfolio.findings import Finding, Severity
from stfolio.loader import Portfolio
from stfolio.rules import CheckResult, check_portfolio

PROFILE = (
    "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"
    "bt: {start: 2024-01-01, end: 2024-05-31}\n"
    "supervisor: {name: H, specialty: psykiatri, handledarutbildning: true}\n"
)
# Five months of BT: one short, and only two of the three akut months.
FILES = {
    "placements/a.yaml": "unit: Akuten\nstart: 2024-01-01\nend: 2024-02-29\nbt: akut\n",
    "placements/b.yaml": "unit: VC\nstart: 2024-03-01\nend: 2024-05-31\nbt: primärvård\n",
}

Flags = dict[str, bool]


@pytest.fixture
def flip(monkeypatch: pytest.MonkeyPatch) -> Callable[[Flags], None]:
    """Run the rules with the BT figures verified (True) or not (False) as given."""

    def set_flags(flags: Flags) -> None:
        import stfolio.rules

        real = stfolio.rules.build_context

        def build(portfolio: Portfolio, as_of: dt.date | None = None) -> tuple[Context, list[Finding]]:
            ctx, findings = real(portfolio, as_of)
            assert ctx.catalogue is not None
            meta = ctx.catalogue.meta
            bt = meta.time_rules.bt
            assert bt is not None and bt.verified_parts is not None
            rules = bt.model_copy(update={"verified_parts": bt.verified_parts.model_copy(update=flags)})
            meta = meta.model_copy(update={"time_rules": meta.time_rules.model_copy(update={"bt": rules})})
            return dataclasses.replace(ctx, catalogue=dataclasses.replace(ctx.catalogue, meta=meta)), findings

        monkeypatch.setattr(stfolio.rules, "build_context", build)

    return set_flags


def run(tmp_path: Path, which: str | None = None) -> CheckResult:
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE, **FILES})
    return check_portfolio(root, as_of=dt.date(2024, 12, 31), application=which)


def severities(result: CheckResult, *codes: str) -> dict[str, Severity]:
    return {f.code: f.severity for f in result.findings if f.code in codes}


def test_the_shipped_catalogue_verifies_the_minimum_not_the_split(tmp_path: Path) -> None:
    result = run(tmp_path, "bt")
    assert severities(result, "STF611", "STF612", "STF802", "STF806") == {
        "STF611": Severity.ERROR,
        "STF612": Severity.WARNING,
        "STF802": Severity.ERROR,
        "STF806": Severity.WARNING,
    }
    assert result.readiness is not None
    assert [f.code for f in result.readiness.blockers if f.code in ("STF802", "STF806")] == ["STF802"]
    assert [f.code for f in result.readiness.likely if f.code in ("STF802", "STF806")] == ["STF806"]


def test_a_catalogue_verifying_the_split_makes_a_short_split_an_error(
    tmp_path: Path, flip: Callable[[Flags], None]
) -> None:
    unverified = run(tmp_path / "before")
    flip({"akut_months": True, "primarvard_months": True})
    result = run(tmp_path / "after", "bt")
    assert severities(result, "STF612", "STF806") == {"STF612": Severity.ERROR, "STF806": Severity.ERROR}
    assert result.readiness is not None
    assert [f.code for f in result.readiness.blockers if f.code in ("STF802", "STF806")] == ["STF802", "STF806"]
    # and the BT note no longer says the split rests on an unverified rule
    [before] = [f.message for f in unverified.findings if f.code == "STF602"]
    [after] = [f.message for f in result.findings if f.code == "STF602"]
    assert len(after) < len(before)


@pytest.mark.parametrize("verified", [{"akut_months": True}, {"primarvard_months": True}])
def test_the_split_is_verified_only_when_both_parts_are(
    tmp_path: Path, flip: Callable[[Flags], None], verified: Flags
) -> None:
    flip(verified)
    assert severities(run(tmp_path, "bt"), "STF612", "STF806") == {
        "STF612": Severity.WARNING,
        "STF806": Severity.WARNING,
    }


def test_a_catalogue_not_verifying_the_minimum_makes_a_short_bt_a_warning(
    tmp_path: Path, flip: Callable[[Flags], None]
) -> None:
    verified = run(tmp_path / "before", "bt")
    flip({"minimum_months": False})
    result = run(tmp_path, "bt")
    # the message of a verified rule is the shorter one: it does not say it rests on an unverified rule
    [short] = [f.message for f in verified.findings if f.code == "STF802"]
    [unsure] = [f.message for f in result.findings if f.code == "STF802"]
    assert unsure.startswith(short) and len(unsure) > len(short)
    assert severities(result, "STF611", "STF802") == {"STF611": Severity.WARNING, "STF802": Severity.WARNING}
    assert result.readiness is not None
    assert [f.code for f in result.readiness.likely if f.code in ("STF802", "STF806")] == ["STF802", "STF806"]
    assert result.readiness.state == "ready-but-unverified-open"  # nothing blocks by a verified rule
