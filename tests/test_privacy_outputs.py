"""No personnummer in any output: every read command, in every format, on a portfolio that names one.

A record's file name is data the commands print in many places (a delmål's records, a norm's
placement, a finding's path); each must come out masked, whatever the command and format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MEETING
from test_privacy import P10

Cli = Callable[..., tuple[int, str]]
Make = Callable[[dict[str, str | bytes]], Path]
PNR = f"{P10[:6]}-{P10[6:]}"  # 850304-1231


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "--format", "json"),
        ("check", "--application"),
        ("check", "--application", "--format", "json"),
        ("status",),
        ("status", "--format", "json"),
        ("status", "--goal", "BT1"),
        ("status", "--goal", "BT1", "--format", "json"),
        ("report", "annual"),
        ("report", "iup", "--format", "json"),
    ],
)
def test_a_personnummer_in_a_record_name_is_masked_in_every_output(cli: Cli, portfolio: Make, args: tuple[str]) -> None:
    root = portfolio({f"meetings/2025-10-06-{PNR}.yaml": MEETING})
    _code, out = cli(*args, "--as-of", "2025-12-01", cwd=root)
    assert P10[6:] not in out, out
