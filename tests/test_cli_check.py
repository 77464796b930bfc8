"""`stfolio check`: whole outputs, exit codes, root discovery, and that it never writes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

Cli = Callable[..., tuple[int, str]]
Make = Callable[[dict[str, str | bytes]], Path]

BROKEN = {
    "meetings/2025-03-04-handledarsamtal.yaml": "kind: handledarsamtal\nparticipants: [Per Holm]\ndate: 2025-02-30\n",
    "meetings/2025-04-01-handledarsamtal.yaml": "date: 2025-04-01\nkind: handledarsamtal\n",
    "courses/ledarskap.yaml": "title: Ledarskap\nstart: 2025-05-01\nend: 2025-04-28\nprovider: [\n",
    "assessments/x.yaml": "date: 2025-05-01\ninstrument: minicex\nassesor: {name: Eva}\n",
    "gammalt/anteckningar.md": "hej",
}


def test_human_output_is_one_clickable_line_per_finding_with_hint(english: None, cli: Cli, portfolio: Make) -> None:
    root = portfolio(BROKEN)
    code, out = cli("check", "--as-of", "2026-01-15", cwd=root)
    assert code == 1
    assert out == (
        "assessments/x.yaml:2:13: error STF207 instrument: 'minicex' is not one of the allowed values\n"
        "    hint: did you mean 'mini-CEX'?\n"
        "assessments/x.yaml:3:1: error STF201 unknown field 'assesor'\n"
        "    hint: did you mean 'assessor'?\n"
        "courses/ledarskap.yaml:5:1: error STF101 YAML syntax error: did not find expected node content "
        "(while parsing a flow node)\n"
        "    hint: check indentation, quotes and brackets near this point\n"
        "gammalt/: warning STF109 unexpected folder 'gammalt' is not part of a portfolio and is ignored\n"
        "    hint: move it out of the portfolio, or into evidence/ if it holds scanned documents; record folders are: "
        "placements, courses, assessments, meetings, activities, leave, expenses\n"
        "meetings/2025-03-04-handledarsamtal.yaml:3:7: error STF204 impossible date '2025-02-30': "
        "day is out of range for month\n"
        "    hint: write a real calendar date as YYYY-MM-DD\n"
        "stfolio.yaml:5:12: info STF606 delmål: 43 not started (of 43); 29 rest on catalogue entries not verified "
        "against Socialstyrelsen's målbeskrivning\n"
        "    hint: `stfolio status` shows each delmål with its records and what is missing\n"
        "stfolio.yaml:6:11: info STF601 ST time: 0.0 of 66 months full-time equivalent served by 15 January 2026; "
        "earliest completion 15 July 2031 (full time after the plan)\n"
        "stfolio.yaml:8:3: info STF602 BT: 0.0 months served (akut 0.0, primärvård 0.0); at least 6 are needed: "
        "not yet met; 3 akut and 3 primärvård (rule not verified against an official source): not yet met\n"
        "checked 5 files as of 15 January 2026: 4 errors, 1 warning\n"
    )


def test_paths_are_relative_to_where_the_user_stands(cli: Cli, portfolio: Make) -> None:
    root = portfolio({"meetings/m.yaml": "date: 2025-02-30\nkind: handledarsamtal\n"})
    code, out = cli("check", root.name, cwd=root.parent)
    assert code == 1
    assert out.startswith(f"{root.name}/meetings/m.yaml:1:7: fel STF204 ")
    code, out = cli("check", cwd=root / "meetings")
    assert out.startswith("m.yaml:1:7: fel STF204 ")


def test_json_output(cli: Cli, portfolio: Make) -> None:
    root = portfolio({"meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtal\nfoo: 1\n", "x.txt": ""})
    code, out = cli("check", "--format", "json", "--as-of", "2026-01-15", cwd=root)
    assert code == 1
    payload = json.loads(out)
    assert payload.pop("as_of") == "2026-01-15"
    assert (payload.pop("trainee"), payload.pop("regulation"), payload.pop("specialty")) == (
        "Test Testsson",
        "HSLF-FS 2021:8",
        "psykiatri",
    )
    assert payload.pop("st_start") == "2025-09-01"
    assert payload.pop("time") == {
        "served_months": 0.0,
        "planned_months": 0.0,
        "leave_months": 0.0,
        "minimum_months": 66,
        "earliest_completion": "2031-07-15",
        "verified": True,
    }
    assert payload.pop("bt")["met"] is False
    verdicts = payload.pop("verdicts")
    assert len(verdicts) == 43 and verdicts[0]["goal"] == "BT1" and verdicts[0]["status"] == "not-started"
    assert [f["code"] for f in payload["findings"]] == ["STF201", "STF606", "STF601", "STF602", "STF108"]
    payload["findings"] = [f for f in payload["findings"] if f["severity"] != "info"]
    assert payload == {
        "format": "stfolio-check/2",
        "root": str(root),
        "ok": False,
        "files": 2,
        "errors": 1,
        "warnings": 1,
        "findings": [
            {
                "code": "STF201",
                "severity": "error",
                "path": "meetings/m.yaml",
                "line": 3,
                "column": 1,
                "message": "okänt fält 'foo'",
                "hint": "tillåtna fält här: status, delmal, notes, date, kind, duration_minutes, participants, topics, actions",
                "message_en": "unknown field 'foo'",
                "hint_en": "allowed fields here: status, delmal, notes, date, kind, duration_minutes, participants, topics, actions",
            },
            {
                "code": "STF108",
                "severity": "warning",
                "path": "x.txt",
                "line": 0,
                "column": 0,
                "message": "den oväntade filen 'x.txt' överst i portföljen ignoreras",
                "hint": "poster hör hemma i mappen för sin typ (meetings/, courses/, ...); inskannade dokument i evidence/",
                "message_en": "unexpected file 'x.txt' at the top of the portfolio is ignored",
                "hint_en": "records go in their kind's folder (meetings/, courses/, ...); scanned documents in evidence/",
            },
        ],
    }


def test_warnings_alone_exit_0(cli: Cli, portfolio: Make) -> None:
    code, out = cli("check", "--as-of", "2026-01-15", cwd=portfolio({"skrap/a": "x"}))
    assert code == 0
    assert out.endswith("kontrollerade 1 fil per 15 januari 2026: 1 varning\n")


def test_outside_a_portfolio_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("check", cwd=tmp_path)
    assert (code, out) == (
        2,
        f"stfolio: ingen portfölj i eller ovanför {tmp_path} (ingen stfolio.yaml); skapa en med `stfolio init`\n",
    )
    code, out = cli("check", "nowhere", cwd=tmp_path)
    assert (code, out) == (2, "stfolio: nowhere finns inte\n")
    code, out = cli("check", "--format", "xml", cwd=tmp_path)
    assert code == 2


def test_check_never_writes(cli: Cli, portfolio: Make) -> None:
    root = portfolio(BROKEN)

    def snapshot() -> dict[str, tuple[bytes, int]]:
        files = {}
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                files[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
        return files

    before = snapshot()
    cli("check", cwd=root)
    cli("check", "--format", "json", cwd=root)
    assert snapshot() == before


def test_version_and_help(cli: Cli, tmp_path: Path) -> None:
    from stfolio import __version__

    assert cli("--version", cwd=tmp_path) == (0, f"stfolio {__version__}\n")
    code, out = cli("--help", cwd=tmp_path)
    assert code == 0 and "init" in out and "check" in out


def test_the_console_entry_answers_version_without_the_cli(tmp_path: Path) -> None:
    import subprocess
    import sys

    from stfolio import __version__

    code = "import sys, stfolio.main; sys.argv = ['stfolio', '--version']; stfolio.main.run(); print('typer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out == f"stfolio {__version__}\nFalse\n"
