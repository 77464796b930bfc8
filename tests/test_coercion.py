"""No silent coercion: YAML 1.1's readings of plain scalars, decided per field kind (yamlio.coerce)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stfolio.catalogue import GoalFile
from stfolio.loader import load_text
from stfolio.model import Activity, Assessment, Placement, Profile, Record
from stfolio.packs import Pack
from stfolio.rules import check_portfolio

Make = Callable[[dict[str, str | bytes]], Path]

WHOLE = (Placement, "unit: A\nstart: 2025-09-01\nend: 2025-12-31\nextent: {v}\n", "extent")
DECIMAL = (Activity, "kind: seminarium\ntitle: T\nstart: 2025-09-01\nhours: {v}\n", "hours")
YES_NO = (
    Profile,
    "trainee: {{name: A}}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2025-09-01\n"
    "supervisor:\n  name: P\n  handledarutbildning: {v}\n",
    "supervisor",
)
TEXT = (Activity, "kind: seminarium\ntitle: {v}\nstart: 2025-09-01\n", "title")
CHOICE = (Assessment, "date: 2025-09-01\ninstrument: {v}\n", "instrument")
DATE = (Assessment, "date: {v}\ninstrument: DOPS\n", "date")


def outcome(case: tuple[type[Record] | type[Profile], str, str], value: str) -> str:
    """'ok <value>' if the record loads, else the codes of its findings."""
    model, template, field = case
    _parsed, record, findings = load_text(template.format(v=value), "x.yaml", model)
    if record is not None:
        got: Any = getattr(record, field)
        if field == "supervisor":
            got = got.handledarutbildning
        return f"ok {got!r}"
    return " ".join(f.code for f in findings)


#                 written    whole      decimal    yes/no       text         choice       date
DECISIONS = [
    ("075", "STF209", "STF209", "STF209", "STF209", "STF209", "STF209"),
    ("08", "STF209", "STF209", "STF209", "ok '08'", "STF207", "STF204"),
    ("0x10", "STF212", "STF212", "STF212", "STF212", "STF212", "STF212"),
    ("0b101", "STF212", "STF212", "STF212", "STF212", "STF212", "STF212"),
    ("1_000", "STF212", "STF212", "STF212", "STF212", "STF212", "STF212"),
    ("1:30", "STF211", "STF211", "STF211", "ok '1:30'", "STF207", "STF204"),
    ("yes", "STF210", "STF210", "ok True", "STF210", "STF210", "STF210"),
    ("no", "STF210", "STF210", "ok False", "STF210", "STF210", "STF210"),
    ("on", "STF210", "STF210", "ok True", "STF210", "STF210", "STF210"),
    ("Off", "STF210", "STF210", "ok False", "STF210", "STF210", "STF210"),
    ("true", "STF210", "STF210", "ok True", "STF210", "STF210", "STF210"),
    ("1.5e+3", "STF212", "STF212", "STF212", "STF212", "STF212", "STF212"),
    ("1e3", "STF212", "STF212", "STF212", "ok '1e3'", "STF207", "STF204"),
    (".inf", "STF212", "STF212", "STF212", "STF212", "STF212", "STF212"),
    (".nan", "STF212", "STF212", "STF212", "STF212", "STF212", "STF212"),
    ("1,5", "STF203", "ok 1.5", "STF203", "ok '1,5'", "STF207", "STF204"),
    ("1.500", "STF203", "STF212", "STF203", "STF203", "STF207", "STF204"),
    ("1,500", "STF203", "STF212", "STF203", "ok '1,500'", "STF207", "STF204"),
    ("75", "ok 75", "ok 75.0", "STF203", "STF203", "STF207", "STF204"),
    ("1.5", "STF203", "ok 1.5", "STF203", "STF203", "STF207", "STF204"),
    ("360", "STF206", "ok 360.0", "STF203", "STF203", "ok '360'", "STF204"),
]
KINDS = {"whole": WHOLE, "decimal": DECIMAL, "yes/no": YES_NO, "text": TEXT, "choice": CHOICE, "date": DATE}


@pytest.mark.parametrize("row", DECISIONS, ids=[row[0] for row in DECISIONS])
def test_each_yaml_surprise_is_decided_per_field_kind(row: tuple[str, ...]) -> None:
    written, *expected = row
    got = {kind: outcome(case, written) for kind, case in KINDS.items()}
    assert got == dict(zip(KINDS, expected, strict=True))


@pytest.mark.parametrize(
    ("case", "written", "message", "hint"),
    [
        (
            WHOLE,
            "075",
            "extent: 075 has a leading zero, so YAML reads it as the octal number 61 (other tools as 75)",
            "write 75 without the leading zero",
        ),
        (
            WHOLE,
            "yes",
            "extent: YAML reads yes as a yes/no value (true), not as a whole number",
            "write the number itself, e.g. 100",
        ),
        (
            DECIMAL,
            "1:30",
            "hours: YAML 1.1 reads 1:30 as 90 (base 60, like a clock)",
            "write hours as a decimal number, e.g. 1.5",
        ),
        (
            DECIMAL,
            "0x10",
            "hours: YAML reads 0x10 as 16, a hexadecimal number",
            "write a plain decimal number, e.g. 1200 or 1.5",
        ),
        (
            DECIMAL,
            "1.500",
            "hours: 1.500 could be thousands or decimals",
            "write 1500 for thousands, or fewer decimals",
        ),
        (
            TEXT,
            "no",
            "title: YAML reads no as a yes/no value (false), not as text",
            "put it in quotes if it is meant as the word: 'no'",
        ),
        (
            TEXT,
            "075",
            "title: 075 has a leading zero, so YAML reads it as the octal number 61 (other tools as 75)",
            "put it in quotes if it is meant as text: '075'",
        ),
        (
            DATE,
            "on",
            "date: YAML reads on as a yes/no value (true), not as a date",
            "write the date as YYYY-MM-DD, e.g. 2025-03-04",
        ),
    ],
)
def test_the_finding_quotes_what_was_written_and_says_what_to_write(
    english: None, case: tuple[type[Record], str, str], written: str, message: str, hint: str
) -> None:
    model, template, _ = case
    _parsed, record, findings = load_text(template.format(v=written), "x.yaml", model)
    assert record is None
    assert [(f.message, f.hint) for f in findings] == [(message, hint)]


def test_a_quoted_value_means_what_it_says() -> None:
    for case, written, expected in (
        (WHOLE, "'075'", "ok 75"),
        (TEXT, "'no'", "ok 'no'"),
        (TEXT, '"0x10"', "ok '0x10'"),
    ):
        assert outcome(case, written) == expected


def test_surprises_are_located_in_lists_and_nested_fields(portfolio: Make) -> None:
    root = portfolio(
        {
            "meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtal\nparticipants: [Per, on]\n"
            "duration_minutes: 090\n",
            "courses/k.yaml": "title: K\nstart: 2025-10-01\ncost: 1_200\nintyg:\n"
            "  - {issued_by: yes, role: kursledare, date: 2025-10-01}\n",
        }
    )
    assert [f"{f.location} {f.code}" for f in check_portfolio(root).problems] == [
        "courses/k.yaml:3:7 STF212",
        "courses/k.yaml:5:17 STF210",
        "meetings/m.yaml:3:21 STF210",
        "meetings/m.yaml:4:19 STF209",
    ]


def test_catalogue_and_policy_files_are_judged_the_same_way() -> None:
    goals = "regulation: HSLF-FS 2021:8\nspecialty: x\ngoals:\n  - {id: STc1, group: STc, title: on, description: d, verified: no, source: s}\n"
    _p, model, findings = load_text(goals, "goals/x.yaml", GoalFile)
    assert model is None and [f.code for f in findings] == ["STF210"]  # title; verified: no means false
    pack = "id: p\ntitle: P\nsource: {title: t}\nnorms:\n  - {id: n, title: N, minimum: 09, years: [1, 0x2]}\n"
    _p, model, findings = load_text(pack, "goals/policies/p.yaml", Pack)
    assert model is None and [f.code for f in findings] == ["STF209", "STF212"]


DECIMAL_TEXT = re.compile(r"\+?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


@given(st.text(alphabet="0123456789.,:_+-xbeEo ", min_size=1, max_size=8))
def test_a_number_is_accepted_only_as_a_person_reads_it(written: str) -> None:
    """Whatever is written where hours belong: either a finding, or exactly the decimal a person reads."""
    _parsed, record, findings = load_text(DECIMAL[1].format(v=written), "x.yaml", Activity)
    if record is None:
        assert findings
        return
    assert isinstance(record, Activity)
    text = written.strip()
    if record.hours is None:  # nothing written: the field is left out
        assert text == ""
        return
    assert DECIMAL_TEXT.fullmatch(text), text
    assert not re.fullmatch(r"\+?0[0-9].*", text)  # no leading zero got through
    assert record.hours == pytest.approx(float(text.replace(",", ".")))
