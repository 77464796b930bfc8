"""The loader: every kind of bad input becomes a located finding, and the rest still loads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio.findings import CODES
from stfolio.model import Meeting
from stfolio.rules import check_portfolio

Make = Callable[[dict[str, str | bytes]], Path]


def findings_of(root: Path) -> list[str]:
    result = check_portfolio(root)
    return [f"{f.location} {f.code} {f.message}" for f in result.problems]


def test_valid_record_loads_with_its_fields(portfolio: Make) -> None:
    root = portfolio({"meetings/2025-10-06-handledarsamtal.yaml": "date: 2025-10-06\nkind: handledarsamtal\n"})
    result = check_portfolio(root)
    assert result.problems == []
    [entry] = result.portfolio.entries
    assert entry.path == "meetings/2025-10-06-handledarsamtal.yaml"
    assert isinstance(entry.record, Meeting)
    assert entry.record.status == "done"
    assert entry.location("kind") == entry.location("kind")  # stable
    assert str(entry.location("kind")) == "meetings/2025-10-06-handledarsamtal.yaml:2:7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "date: 2025-10-06\nkind: [handledarsamtal\n",
            "m.yaml:3:1 STF101 YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
            id="syntax",
        ),
        pytest.param(
            "date: 2025-10-06\n---\nkind: handledarsamtal\n",
            "m.yaml:2:1 STF101 YAML syntax error: more than one YAML document in one file",
            id="two-documents",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: \x07x\n",
            "m.yaml:2:7 STF101 YAML syntax error: control character U+0007 is not allowed",
            id="control",
        ),
        pytest.param("# only a comment\n", "m.yaml STF103 file is empty", id="empty"),
        pytest.param(
            "- date: 2025-10-06\n",
            "m.yaml:1:1 STF104 a record must be a mapping of 'field: value' lines, but this file holds a list",
            id="list",
        ),
        pytest.param(
            "handledarsamtal\n",
            "m.yaml:1:1 STF104 a record must be a mapping of 'field: value' lines, but this file holds the single value 'handledarsamtal'",
            id="scalar",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\ndate: 2025-10-07\n",
            "m.yaml:3:1 STF105 duplicate key 'date' (first given on line 1)",
            id="duplicate",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: !!python/object/apply:os.system [echo hacked]\n",
            "m.yaml:2:7 STF107 YAML tag '!!python/object/apply:os.system' could run a program; it was refused and nothing was run",
            id="python-tag",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: !mytag handledarsamtal\n",
            "m.yaml:2:7 STF107 YAML tag '!mytag' is not allowed in a record",
            id="custom-tag",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\npartcipants: [Per]\n",
            "m.yaml:3:1 STF201 unknown field 'partcipants'",
            id="unknown-field",
        ),
        pytest.param("kind: handledarsamtal\n", "m.yaml:1:1 STF202 required field 'date' is missing", id="missing"),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\nparticipants: Per Holm\n",
            "m.yaml:3:15 STF203 participants: 'Per Holm' is not a list",
            id="wrong-type",
        ),
        pytest.param(
            "date: 2025-02-30\nkind: handledarsamtal\n",
            "m.yaml:1:7 STF204 impossible date '2025-02-30': day is out of range for month",
            id="impossible-date",
        ),
        pytest.param(
            "date: '2025-13-01'\nkind: handledarsamtal\n",
            "m.yaml:1:7 STF204 date: '2025-13-01' is not a date",
            id="quoted-bad-date",
        ),
        pytest.param(
            "date: 2205-03-01\nkind: handledarsamtal\n",
            "m.yaml:1:7 STF204 date: 2205-03-01 is outside the years 1950–2100",
            id="implausible-date",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledning\n",
            "m.yaml:2:7 STF207 kind: 'handledning' is not one of the allowed values",
            id="not-allowed",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\nduration_minutes: 0\n",
            "m.yaml:3:19 STF206 duration_minutes: 0 is less than 1",
            id="range",
        ),
    ],
)
def test_each_bad_input_gives_one_located_finding(english: None, portfolio: Make, text: str, expected: str) -> None:
    root = portfolio({"meetings/m.yaml": text})
    assert [line.replace("meetings/", "") for line in findings_of(root)] == [expected]


def test_hints_say_what_to_do(english: None, portfolio: Make) -> None:
    root = portfolio(
        {
            "meetings/a.yaml": "date: 2025-10-06\nkind: handledarsamtal\npartcipants: [Per]\n",
            "meetings/b.yaml": "date: 2025-10-06\nkind: handledarsamtl\n",
            "assessments/c.yaml": "date: 2025-10-06\ninstrument: mini-cex\n",
            "placements/d.yaml": "unit: Akuten\nstart: 2025-09-01\nend: 2025-12-31\nkind: klinisk tjanstgoring\n",
            "courses/e.yaml": "title: Ledarskap\nstart: 2025-09-01\ncost: 1 200\n",
            "activities/f.yaml": "kind: seminarium\ntitle: no\nstart: 2025-09-01\n",
        }
    )
    hints = {f.location.path.split("/")[1]: f.hint for f in check_portfolio(root).problems}
    assert hints == {
        "a.yaml": "did you mean 'participants'?",
        "b.yaml": "did you mean 'handledarsamtal'?",
        "c.yaml": "did you mean 'mini-CEX'?",
        "d.yaml": "did you mean 'klinisk tjänstgöring'?",
        "e.yaml": "write numbers without spaces or thousands separators, e.g. 1200 or 1200.50",
        "f.yaml": "put it in quotes if it is meant as the word: 'no'",  # STF210 quotes the word as written
    }


def test_placement_shape_rules(english: None, portfolio: Make) -> None:
    root = portfolio({"placements/p.yaml": "unit: Akuten\nstart: 2025-09-01\nend: 2025-08-31\nextent: 120\nbt: akut\n"})
    assert findings_of(root) == [
        "placements/p.yaml:3:6 STF205 end 2025-08-31 is before start 2025-09-01",
        "placements/p.yaml:4:9 STF206 extent: 120 is more than 100",
    ]


def test_nested_locations_point_into_the_intyg_block(english: None, portfolio: Make) -> None:
    root = portfolio(
        {
            "courses/c.yaml": """\
                title: Psykiatrisk diagnostik
                start: 2025-10-01
                intyg:
                  - issued_by: Eva Kursledare
                    role: kursledre
                    date: 2025-10-03
                    sha256: abc
                    signed: yes
                """
        }
    )
    assert findings_of(root) == [
        "courses/c.yaml:5:11 STF207 intyg[1].role: 'kursledre' is not one of the allowed values",
        "courses/c.yaml:7:13 STF208 intyg[1].sha256: 'abc' is not valid here",
        "courses/c.yaml:8:5 STF201 unknown field 'signed'",
    ]


def test_not_utf8_points_at_the_bad_byte(english: None, portfolio: Make) -> None:
    root = portfolio(
        {"meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtal\nnotes: Bra m\xf6te\n".encode("latin-1")}
    )
    assert findings_of(root) == ["meetings/m.yaml:3:13 STF102 file is not UTF-8 (byte 0xf6 cannot be decoded)"]


def test_utf8_bom_is_accepted(portfolio: Make) -> None:
    root = portfolio({"meetings/m.yaml": "\ufeffdate: 2025-10-06\nkind: handledarsamtal\n".encode()})
    assert findings_of(root) == []


def test_large_file_is_refused_without_reading_it(english: None, portfolio: Make) -> None:
    root = portfolio({"meetings/big.yaml": "notes: " + "x" * (1024 * 1024) + "\n"})
    assert findings_of(root) == ["meetings/big.yaml STF106 file is 1.0 MiB; records larger than 1 MiB are refused"]


def test_alias_bomb_is_bounded(english: None, portfolio: Make) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    root = portfolio({"meetings/bomb.yaml": "\n".join(lines) + "\n"})
    assert findings_of(root) == [
        "meetings/bomb.yaml:1:1 STF110 document has more than 20000 values (aliases expanding?)"
    ]


def test_deep_nesting_does_not_crash(portfolio: Make) -> None:
    root = portfolio({"meetings/deep.yaml": "notes: " + "[" * 50_000 + "]" * 50_000 + "\n"})
    [line] = findings_of(root)
    assert line.startswith("meetings/deep.yaml:1:1 STF110 ")


def test_unexpected_files_and_folders_are_warnings(english: None, portfolio: Make) -> None:
    root = portfolio(
        {
            "meetings/anteckning.txt": "hej",
            "meetings/2025/2025-10-06-handledarsamtal.yaml": "date: 2025-10-06\nkind: handledarsamtal\n",
            "meetings/.2025-10-06.yaml.swp": "junk",
            "meeting/x.yaml": "date: 2025-10-06\n",
            "intyg.pdf": b"%PDF-1.4",
            "evidence/intyg.pdf": b"%PDF-1.4",
            ".vscode/settings.json": "{}",
        }
    )
    result = check_portfolio(root)
    assert [f"{f.location} {f.severity} {f.code} {f.hint}" for f in result.problems] == [
        "intyg.pdf warning STF108 records go in their kind's folder (meetings/, courses/, ...); scanned documents in evidence/",
        "meeting/ warning STF109 did you mean 'meetings'?",
        "meetings/anteckning.txt warning STF108 put scanned intyg and other documents in evidence/",
    ]
    assert result.ok
    assert [e.path for e in result.portfolio.entries] == ["meetings/2025/2025-10-06-handledarsamtal.yaml"]


def test_one_broken_file_does_not_hide_the_others(portfolio: Make) -> None:
    root = portfolio(
        {
            "meetings/a.yaml": "date: [\n",
            "meetings/b.yaml": "date: 2025-10-06\nkind: handledarsamtal\n",
            "meetings/c.yaml": "date: 2025-02-30\nkind: handledarsamtal\n",
        }
    )
    result = check_portfolio(root)
    assert [f.location.path for f in result.problems] == ["meetings/a.yaml", "meetings/c.yaml"]
    assert [e.path for e in result.portfolio.entries] == ["meetings/b.yaml"]


def test_broken_profile_is_reported_and_records_still_checked(english: None, tmp_path: Path) -> None:
    from conftest import write_tree

    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:9\nspecialty: psykiatri\nst_start: 2025-09-01\n",
            "meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtl\n",
        },
    )
    assert findings_of(root) == [
        "meetings/m.yaml:2:7 STF207 kind: 'handledarsamtl' is not one of the allowed values",
        "stfolio.yaml:3:13 STF207 regulation: 'HSLF-FS 2021:9' is not one of the allowed values",
    ]


def test_a_crash_while_loading_one_file_becomes_a_finding(
    english: None, portfolio: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stfolio.loader

    real = stfolio.loader.parse_yaml

    def flaky(text: str, path: str):  # type: ignore[no-untyped-def]
        if path.endswith("a.yaml"):
            raise KeyError("boom")
        return real(text, path)

    monkeypatch.setattr(stfolio.loader, "parse_yaml", flaky)
    root = portfolio({"meetings/a.yaml": MEETING_TEXT, "meetings/b.yaml": MEETING_TEXT})
    result = check_portfolio(root)
    [finding] = result.problems
    assert (finding.code, finding.location.path) == ("STF001", "meetings/a.yaml")
    assert finding.message == "internal error while loading this file: KeyError: 'boom'"
    assert [e.path for e in result.portfolio.entries] == ["meetings/b.yaml"]


MEETING_TEXT = "date: 2025-10-06\nkind: handledarsamtal\n"


def test_a_crashing_rule_becomes_a_finding_and_the_others_run(english: None, portfolio: Make) -> None:
    from stfolio.findings import Location, make

    def broken(_p: object) -> list:  # type: ignore[type-arg]
        raise ZeroDivisionError("division by zero")

    def fine(_p: object) -> list:  # type: ignore[type-arg]
        return [make("STF208", Location("x.yaml", 1, 1), "from the second rule")]

    result = check_portfolio(portfolio({}), rules=(broken, fine))
    assert [(f.code, f.message) for f in result.problems] == [
        ("STF001", "internal error in rule broken: ZeroDivisionError: division by zero"),
        ("STF208", "from the second rule"),
    ]


def test_every_code_has_a_name_and_a_severity() -> None:
    assert all(code.startswith("STF") and len(code) == 6 for code in CODES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "date: 1735689600\nkind: handledarsamtal\n",
            "m.yaml:1:7 STF204 date: 1735689600 is not a date | write the date as YYYY-MM-DD, e.g. 2025-03-04",
            id="unix-timestamp-is-not-a-date",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\nduration_minutes: 1:30\n",
            "m.yaml:3:19 STF211 duration_minutes: YAML 1.1 reads 1:30 as 90 (base 60, like a clock) | "
            "write a whole number, e.g. 90",
            id="base-60-is-text",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\nnotes: Vi pratade om: jourschema\n",
            "m.yaml:3:21 STF101 YAML syntax error: a ': ' inside a value starts a new field here | "
            'put the whole value in quotes, e.g. notes: "Vi pratade om: jourschema"',
            id="colon-in-text",
        ),
        pytest.param(
            "date: 2025-10-06\n\tkind: handledarsamtal\n",
            "m.yaml:2:1 STF101 YAML syntax error: a tab character | indent with spaces, not tabs",
            id="tab",
        ),
        pytest.param(
            "date:2025-10-06\n",
            "m.yaml:1:1 STF104 a record must be a mapping of 'field: value' lines, but this file holds the single "
            "value 'date:2025-10-06' | put a space after each ':'",
            id="no-space-after-colon",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\ndelmal: STc1\n",
            "m.yaml:3:9 STF203 delmal: 'STc1' is not a list | write the delmål as a list, e.g. delmal: [STc1, STa2]",
            id="delmal-not-a-list",
        ),
        pytest.param(
            "date: 2025-10-06\nkind: handledarsamtal\nparticipants: [2025-10-06]\n",
            "m.yaml:3:16 STF203 participants[1]: 2025-10-06 is not text | put the value in quotes if it is meant as text",
            id="date-where-text-belongs",
        ),
    ],
)
def test_common_mistakes_get_plain_messages(english: None, portfolio: Make, text: str, expected: str) -> None:
    root = portfolio({"meetings/m.yaml": text})
    got = [f"{f.location} {f.code} {f.message} | {f.hint}" for f in check_portfolio(root).problems]
    assert [line.replace("meetings/", "") for line in got] == [expected]


def test_yes_no_and_ja_nej_in_a_true_false_field(english: None, tmp_path: Path) -> None:
    from conftest import PROFILE_2021, write_tree

    root = write_tree(
        tmp_path, {"stfolio.yaml": PROFILE_2021 + "supervisor:\n  name: Per Holm\n  handledarutbildning: ja\n"}
    )
    assert [f"{f.location} {f.message} | {f.hint}" for f in check_portfolio(root).problems] == [
        "stfolio.yaml:11:24 supervisor.handledarutbildning: 'ja' is not true or false | "
        "write true or false (ja and nej are not understood)"
    ]


def test_360_is_an_instrument_even_unquoted(portfolio: Make) -> None:
    root = portfolio({"assessments/a.yaml": "date: 2025-10-06\ninstrument: 360\n"})
    assert check_portfolio(root).problems == []


def test_links_out_of_the_portfolio_devices_and_pipes_are_not_read(
    english: None, portfolio: Make, tmp_path: Path
) -> None:
    import os

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("date: 2025-10-06\nkind: handledarsamtal\nnotes: hemligt\n")
    root = portfolio({"meetings/ok.yaml": MEETING_TEXT})
    os.symlink(outside / "secret.yaml", root / "meetings" / "link.yaml")
    os.symlink("/dev/zero", root / "meetings" / "zero.yaml")
    os.mkfifo(root / "meetings" / "fifo.yaml")
    os.symlink(outside, root / "courses")
    assert findings_of(root) == [
        "courses/ STF112 the record folder 'courses' is a link; stfolio reads and writes only folders inside "
        "the portfolio",
        "meetings/fifo.yaml STF111 not a regular file (a device, pipe or socket); not read",
        "meetings/link.yaml STF112 file is a link that leads outside the portfolio; not read",
        "meetings/zero.yaml STF112 file is a link that leads outside the portfolio; not read",
    ]
    assert "hemligt" not in " ".join(check_portfolio(root).portfolio.texts.values())


def test_an_unknown_field_does_not_hide_the_files_other_problems(portfolio: Make) -> None:
    """A misspelt key leaves the record out of every figure, but its delmål and evidence are still checked."""
    root = portfolio(
        {
            "meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtal\npartcipants: [Per]\ndelmal: [STx1]\n",
            "courses/k.yaml": (
                "title: Ledarskap\nstart: 2025-10-01\nkostnad: 4500\n"
                "intyg: [{file: evidence/saknas.pdf, issued_by: K, role: kursledare, date: 2025-10-02}]\n"
            ),
            "expenses/e.yaml": "date: 2025-10-01\namount: 4500\ncategory: kursavgift\ncourse: courses/x.yaml\nfoo: 1\n",
        }
    )
    result = check_portfolio(root)
    assert [(f.location.path, f.code) for f in result.problems] == [
        ("courses/k.yaml", "STF201"),
        ("courses/k.yaml", "STF411"),
        ("expenses/e.yaml", "STF415"),
        ("expenses/e.yaml", "STF201"),
        ("meetings/m.yaml", "STF201"),
        ("meetings/m.yaml", "STF401"),
    ]
    assert result.portfolio.entries == []  # none of them counts toward time, verdicts or norms


def test_loops_deep_folders_odd_names_and_leftovers_are_findings(english: None, portfolio: Make) -> None:
    import os

    root = portfolio({"meetings/ok.yaml": MEETING_TEXT, "meetings/.ok.yaml.a1b2c3.stfolio-tmp": "half"})
    os.symlink("loop.yaml", root / "meetings" / "loop.yaml")
    os.symlink("../evidence", root / "meetings" / "inner")  # a link to a folder inside: not followed
    deep = root / "courses" / "/".join(f"d{i}" for i in range(18))
    deep.mkdir(parents=True)
    (root / "meetings" / "rad\nbrytning.yaml").write_text(MEETING_TEXT.replace("2025-10-06", "2025-10-07"))
    (root / os.fsdecode(b"meetings/\xff.yaml")).write_text(MEETING_TEXT.replace("2025-10-06", "2025-10-08"))
    found = findings_of(root)
    assert found == [
        "courses/d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16/ STF116 folder nested more than 16 "
        "levels deep; not read",
        "meetings/.ok.yaml.a1b2c3.stfolio-tmp STF115 temporary file left by an interrupted `attach` or `log` "
        "(a crash, a full disk, a killed process)",
        "meetings/inner STF108 'inner' is not a record (records are .yaml files) and is ignored",
        "meetings/loop.yaml STF113 file is a link that leads back to itself; not read",
        "meetings/rad\nbrytning.yaml STF114 the name of this file holds a line break; it is shown escaped",
        "meetings/\udcff.yaml STF114 the name of this file holds bytes that are not UTF-8; it is shown escaped",
    ]
    # Both oddly named records are still judged: they count, and a broken one would be reported.
    assert len(check_portfolio(root).portfolio.meetings) == 3


def test_a_profile_or_goals_folder_linked_out_of_the_portfolio_is_not_read(
    english: None, portfolio: Make, tmp_path: Path
) -> None:
    import os

    from conftest import PROFILE_2021

    outside = tmp_path / "outside"
    (outside / "policies").mkdir(parents=True)
    (tmp_path / "stfolio.yaml").write_text(PROFILE_2021)
    (outside / "psykiatri.yaml").write_text("regulation: HSLF-FS 2021:8\nspecialty: psykiatri\ngoals: []\n")
    root = portfolio({})
    os.symlink(outside, root / "goals")
    assert findings_of(root) == [
        "goals/ STF112 the folder 'goals' is a link; stfolio reads and writes only folders inside the portfolio",
    ]  # and nothing in it is listed or read
    (root / "stfolio.yaml").unlink()
    os.symlink(tmp_path / "stfolio.yaml", root / "stfolio.yaml")
    assert findings_of(root)[-1] == "stfolio.yaml STF112 file is a link that leads outside the portfolio; not read"
