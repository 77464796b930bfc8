"""`stfolio import st-ark|csv`: backups and sheets written in the test, the dry runs in full, what is
refused and why (at its JSON path or CSV cell), no overwriting, and the portfolio judged after."""

from __future__ import annotations

import csv as stdlib_csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stfolio.cli.output import render_human
from stfolio.importers.csv import column_letter, split_cells
from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]
NEW = ["--name", "Sara Lind", "--specialty", "psykiatri", "--st-start", "2025-09-01", "--route", "utlandsk-examen"]
PERSONNUMMER = "19121212-1212"  # Skatteverket's test number: a valid checksum


def backup(**changes: Any) -> dict[str, Any]:
    """An ST-ARK backup with every field the reader knows, plus keys it does not."""
    data: dict[str, Any] = {
        "schemaVersion": 1,
        "app": {"name": "ST-ARK", "version": "2.3.0"},
        "exportedAt": "2026-11-20T10:00:00.000Z",
        "profile": {
            "firstName": "Sara",
            "lastName": "Lind",
            "speciality": "Psykiatri",
            "goalsVersion": "2021",
            "startDate": "2025-09-01",
            "homeClinic": "Vuxenpsykiatri Lund",
            "personalNumber": PERSONNUMMER,
            "theme": "dark",
        },
        "placements": [
            {
                "id": "p1",
                "clinic": "Akutmottagningen, SUS Lund",
                "startDate": "2025-09-01",
                "endDate": "2025-12-31",
                "attendance": 100,
                "supervisor": "Per Holm",
                "note": "BT akut",
                "color": "#f00",
            },
            {
                "id": "p2",
                "clinic": "Vårdcentralen Väster",
                "startDate": "2025-12-31T23:00:00.000Z",
                "endDate": "2026-03-31",
                "attendance": 62.5,
            },
            {
                "id": "p3",
                "clinic": "Vuxenpsykiatri Lund",
                "startDate": "2027-01-01",
                "endDate": "2027-06-30",
                "attendance": 100,
            },
        ],
        "courses": [
            {
                "id": 7,
                "title": "Psykiatrisk diagnostik",
                "city": "Lund",
                "certificateDate": "2026-02-04",
                "note": "Tre dagar",
                "supervisorName": "Per Holm",
                "supervisorSite": "Vuxenpsykiatri Lund",
                "courseLeaderName": "Eva Ek",
                "courseLeaderSite": "Lunds universitet",
            }
        ],
        "achievements": [
            {"id": "a1", "milestoneId": "BT4", "placementId": "p1", "date": "2025-12-01"},
            {"id": "a2", "milestoneId": "bt5", "placementId": "p1", "date": "2025-12-01"},
            {"id": "a3", "milestoneId": "STc1", "courseId": 7, "date": "2026-02-04"},
            {"id": "a4", "milestoneId": "STa1", "placementId": "p2"},
        ],
    }
    data.update(changes)
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def files_under(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.yaml"))
        if ".stfolio" not in p.parts
    }


PLACEMENT_1 = """\
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2025-09-01
end: 2025-12-31
unit: Akutmottagningen, SUS Lund
supervisor:
  name: Per Holm
delmal:
- BT4
- BT5
notes: BT akut
"""
PLACEMENT_2 = """\
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2026-01-01
end: 2026-03-31
unit: Vårdcentralen Väster
extent: 63
delmal:
- STa1
"""
PLACEMENT_3 = """\
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2027-01-01
end: 2027-06-30
unit: Vuxenpsykiatri Lund
status: planned
"""
COURSE = """\
# yaml-language-server: $schema=../.stfolio/schemas/course.schema.json
title: Psykiatrisk diagnostik
provider: Lunds universitet
start: 2026-02-04
delmal:
- STc1
notes: 'Tre dagar; Ort: Lund; Kursledare: Eva Ek (Lunds universitet); Handledare: Per Holm (Vuxenpsykiatri
  Lund)'
"""
PROFILE = """\
# stfolio profile (portfolio format 1): see `stfolio check` and the README
format: 1
trainee:
  name: Sara Lind
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2025-09-01
bt:
  start: 2025-09-01
clinic: Vuxenpsykiatri Lund
policies: []
language: sv
"""


def test_dry_run_of_a_backup_into_a_new_portfolio_shows_every_file_whole(cli: Cli, tmp_path: Path) -> None:
    write_json(tmp_path / "backup.json", backup())
    code, out = cli(
        "--lang",
        "en",
        "import",
        "st-ark",
        "backup.json",
        "--dir",
        "st",
        "--dry-run",
        "--as-of",
        "2026-11-23",
        cwd=tmp_path,
    )
    assert (code, out) == (
        0,
        "==> st/stfolio.yaml <==\n"
        + PROFILE
        + "\n==> st/placements/2025-09-01-akutmottagningen-sus-lund.yaml <==\n"
        + PLACEMENT_1
        + "\n==> st/placements/2026-01-01-vardcentralen-vaster.yaml <==\n"
        + PLACEMENT_2
        + "\n==> st/placements/2027-01-01-vuxenpsykiatri-lund.yaml <==\n"
        + PLACEMENT_3
        + "\n==> st/courses/2026-02-04-psykiatrisk-diagnostik.yaml <==\n"
        + COURSE
        + "\n"
        "backup.json: info STF942 profile: ignored keys stfolio does not read: theme\n"
        "backup.json: info STF941 profile.personalNumber is never imported: a personnummer does not belong in a portfolio\n"
        "backup.json: info STF942 placements[]: ignored keys stfolio does not read: color\n"
        "backup.json: warning STF944 placements[1].attendance: 62.5 % imported as 63 %: stfolio counts whole percent\n"
        "Dry run: would write 4 records into st/ (placements: 3, courses: 1).\n"
        "st/ would be a new portfolio, with the folders, README.md, .gitignore and editor schemas that "
        "`stfolio init` writes.\n"
        "Nothing was written.\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.json"]
    assert PERSONNUMMER not in out and "1212-1212" not in out


def test_import_creates_the_portfolio_checks_it_and_says_what_to_complete(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    write_json(tmp_path / "backup.json", backup())
    code, out = cli(
        "--lang",
        "en",
        "import",
        "st-ark",
        "backup.json",
        "--dir",
        "st",
        "--no-git",
        "--as-of",
        "2026-11-23",
        cwd=tmp_path,
    )
    root = tmp_path / "st"
    result = check_portfolio(root, as_of=dt.date(2026, 11, 23))
    assert result.ok and [f.code for f in result.problems] == []
    checked = render_human(result, tmp_path)
    assert checked.endswith("checked 5 files as of 23 November 2026: no problems found\n")
    assert files_under(root) == {
        "courses/2026-02-04-psykiatrisk-diagnostik.yaml": COURSE,
        "placements/2025-09-01-akutmottagningen-sus-lund.yaml": PLACEMENT_1,
        "placements/2026-01-01-vardcentralen-vaster.yaml": PLACEMENT_2,
        "placements/2027-01-01-vuxenpsykiatri-lund.yaml": PLACEMENT_3,
        "stfolio.yaml": PROFILE,
    }
    assert (
        (code, out)
        == (
            0,
            "backup.json: info STF942 profile: ignored keys stfolio does not read: theme\n"
            "backup.json: info STF941 profile.personalNumber is never imported: a personnummer does not belong in a portfolio\n"
            "backup.json: info STF942 placements[]: ignored keys stfolio does not read: color\n"
            "backup.json: warning STF944 placements[1].attendance: 62.5 % imported as 63 %: stfolio counts whole percent\n"
            "Created a portfolio for Sara Lind (psykiatri) in st/\n"
            "  regulation: HSLF-FS 2021:8, as the source's profile says (goalsVersion)\n"
            "wrote st/placements/2025-09-01-akutmottagningen-sus-lund.yaml\n"
            "wrote st/placements/2026-01-01-vardcentralen-vaster.yaml\n"
            "wrote st/placements/2027-01-01-vuxenpsykiatri-lund.yaml\n"
            "wrote st/courses/2026-02-04-psykiatrisk-diagnostik.yaml\n"
            "Imported 4 records into st/ (placements: 3, courses: 1).\n"
            "\n"
            "$ stfolio check st\n"
            + checked  # what `check` says; its figures follow the catalogue data, pinned elsewhere
            + "To complete:\n"
            "  - the intyg, which an ST-ARK backup does not hold: scan each signed intyg and attach it:\n"
            "      stfolio attach SCAN.pdf --to st/placements/2025-09-01-akutmottagningen-sus-lund.yaml --by 'Per Holm'\n"
            "      stfolio attach SCAN.pdf --to st/placements/2026-01-01-vardcentralen-vaster.yaml\n"
            "      stfolio attach SCAN.pdf --to st/placements/2027-01-01-vuxenpsykiatri-lund.yaml\n"
            "      stfolio attach SCAN.pdf --to st/courses/2026-02-04-psykiatrisk-diagnostik.yaml --by 'Eva Ek'\n"
            "  - the courses' dates: ST-ARK keeps only the date of each certificate, imported as the start; correct it, "
            "and add an end, where a course ran over several days\n"
            "  - the BT placements: mark each with bt: akut, primärvård or annan, so BT can be judged\n"
            "  - your huvudhandledare: add supervisor: with name: to stfolio.yaml\n",
        )
    )
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in root.rglob("*") if p.is_file())
    assert PERSONNUMMER not in everything and "dark" not in everything and "#f00" not in everything


def test_importing_twice_writes_nothing_new_and_overwrites_nothing(cli: Cli, tmp_path: Path) -> None:
    write_json(tmp_path / "backup.json", backup())
    first, _ = cli(
        "--lang",
        "en",
        "import",
        "st-ark",
        "backup.json",
        "--dir",
        "st",
        "--no-git",
        "--as-of",
        "2026-11-23",
        cwd=tmp_path,
    )
    root = tmp_path / "st"
    before = files_under(root)
    edited = root / "placements" / "2026-01-01-vardcentralen-vaster.yaml"
    edited.write_text(
        PLACEMENT_2 + "intyg:\n- issued_by: Per Holm\n  role: handledare\n  date: 2026-03-31\n", encoding="utf-8"
    )
    code, out = cli(
        "--lang", "en", "import", "st-ark", "../backup.json", "--dry-run", "--as-of", "2026-11-23", cwd=root
    )
    assert (first, code) == (0, 0)
    assert out.endswith(
        "../backup.json: warning STF947 placements[1]: placements/2026-01-01-vardcentralen-vaster.yaml is already "
        "in the portfolio with other content; not overwritten\n"
        "    hint: if it was imported before and edited since, keep yours; if it is another record, rename it and "
        "import again\n"
        "../backup.json: warning STF944 placements[1].attendance: 62.5 % imported as 63 %: stfolio counts whole percent\n"
        "Not imported:\n"
        "  placements[1] (Vårdcentralen Väster)\n"
        "    - placements[1]: placements/2026-01-01-vardcentralen-vaster.yaml is already in the portfolio with other "
        "content; not overwritten\n"
        "Dry run: would write 0 records into ./ (placements: 0, courses: 0).\n"
        "3 records are already in the portfolio from an earlier import, unchanged.\n"
        "1 item is not imported (see above).\n"
        "Nothing was written.\n"
    ), out
    code, out = cli("--lang", "en", "import", "st-ark", "../backup.json", "--as-of", "2026-11-23", cwd=root)
    assert code == 0 and "Imported 0 records into ./" in out and "wrote " not in out
    assert files_under(root) == {**before, edited.relative_to(root).as_posix(): edited.read_text(encoding="utf-8")}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"placements": [\n  {"clinic": "A",}\n]}',
            "backup.json:2:18: error STF931 not valid JSON: Expecting property name enclosed in double quotes",
        ),
        (b"[1, 2, 3]", "backup.json: error STF932 this is JSON, but not an ST-ARK backup"),
        (b"", "backup.json: error STF930 the file is empty"),
        (b'{"placements": []}\xff', "backup.json: error STF930 the file is not UTF-8 text (byte 18)"),
        (b'{"placements": [1e999999, NaN]}', "backup.json: error STF931 not valid JSON: nested too deeply, or NaN"),
    ],
)
def test_a_file_that_is_no_backup_imports_nothing(cli: Cli, tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "backup.json").write_bytes(content)
    code, out = cli("--lang", "en", "import", "st-ark", "backup.json", "--dir", "st", *NEW, cwd=tmp_path)
    assert code == 1
    assert out.startswith(expected), out
    assert out.endswith("stfolio: nothing imported: backup.json cannot be read\n")
    assert not (tmp_path / "st").exists()


BAD_VALUES = """\
==> st/stfolio.yaml <==
# stfolio profile (portfolio format 1): see `stfolio check` and the README
format: 1
trainee:
  name: Sara Lind
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2025-09-01
bt:
  start: 2025-09-01
clinic: Vuxenpsykiatri Lund
policies: []
language: sv

backup.json: warning STF933 schemaVersion: 3 is not a version stfolio knows (1); fields may be missed
    hint: check what was imported, and report the version so stfolio can learn it
backup.json: info STF942 profile: ignored keys stfolio does not read: theme
backup.json: info STF941 profile.personalNumber is never imported: a personnummer does not belong in a portfolio
backup.json: error STF935 placements[0].attendance: expected a number, found "100"
backup.json: error STF937 placements[1].attendance: 0 is not a percentage of full time between 1 and 100
backup.json: error STF935 placements[1].clinic: expected text, found 42
backup.json: error STF936 placements[1].startDate: '2025-13-01' is not a date
    hint: write dates as YYYY-MM-DD (2024-03-04) or ååmmdd (240304)
backup.json: error STF937 placements[2].endDate: 2026-01-01 is before the start 2026-02-01
    hint: correct the dates in ST-ARK and make a new backup
backup.json: error STF940 placements[3].note: holds the personnummer 19121212-****, which must never be in a portfolio
    hint: remove it from the source (and from the app it came from) and import again; describe patients without identifiers
backup.json: error STF935 placements[6]: expected an object, found "not an object"
backup.json: error STF935 courses: expected a list, found {"title": "not a list"}
backup.json: error STF938 achievements[0].milestoneId: delmål 'STc99' does not exist in HSLF-FS 2021:8
    hint: did you mean 'STc9'?
backup.json: error STF938 achievements[1].milestoneId: c3 belongs to SOSFS 2015:8; under HSLF-FS 2021:8 the matching goal is STc3
    hint: write STc3: an application uses the delmål and intyg forms of one regulation only
backup.json: error STF939 achievements[2]: names neither a placementId nor a courseId
    hint: an achievement belongs to one placement or one course
backup.json: error STF939 achievements[3].placementId: placementId 'p9' is not the id of any of the backup's placements
backup.json: error STF939 achievements[4]: names both a placementId and a courseId
    hint: an achievement belongs to one placement or one course
Not imported:
  placements[0] (Akuten)
    - placements[0].attendance: expected a number, found "100"
  placements[1] (placements[1])
    - placements[1].clinic: expected text, found 42
    - placements[1].startDate: '2025-13-01' is not a date
    - placements[1].attendance: 0 is not a percentage of full time between 1 and 100
  placements[2] (Psykiatri)
    - placements[2].endDate: 2026-01-01 is before the start 2026-02-01
  placements[3] (Vårdcentralen)
    - placements[3].note: holds a personnummer
  placements[4] (Beroende)
    - achievements[0].milestoneId: delmål 'STc99' does not exist in HSLF-FS 2021:8
  placements[5] (Neuro)
    - achievements[1].milestoneId: c3 belongs to SOSFS 2015:8; under HSLF-FS 2021:8 the matching goal is STc3
  placements[6] (not an object)
    - placements[6]: expected an object, found "not an object"
  courses (courses)
    - courses: expected a list, found {"title": "not a list"}
  achievements[0] (STc99)
    - placements[4] is not imported
  achievements[1] (c3)
    - placements[5] is not imported
  achievements[2] (STa2)
    - achievements[2]: names neither a placementId nor a courseId
  achievements[3] (STa2)
    - achievements[3].placementId: placementId 'p9' is not the id of any of the backup's placements
  achievements[4] (STa2)
    - achievements[4]: names both a placementId and a courseId
Dry run: would write 0 records into st/ (placements: 0, courses: 0).
st/ would be a new portfolio, with the folders, README.md, .gitignore and editor schemas that `stfolio init` writes.
13 items are not imported (see above).
Nothing was written.
"""


def test_every_bad_value_is_a_finding_at_its_json_path_and_its_item_is_left_out(cli: Cli, tmp_path: Path) -> None:
    data = backup(
        schemaVersion=3,
        placements=[
            {"id": "p1", "clinic": "Akuten", "startDate": "2025-09-01", "endDate": "2025-12-31", "attendance": "100"},
            {"id": "p2", "clinic": 42, "startDate": "2025-13-01", "endDate": "2025-12-31", "attendance": 0},
            {"id": "p3", "clinic": "Psykiatri", "startDate": "2026-02-01", "endDate": "2026-01-01", "attendance": 100},
            {
                "id": "p4",
                "clinic": "Vårdcentralen",
                "startDate": "2026-01-01",
                "endDate": "2026-06-30",
                "attendance": 100,
                "note": f"Patient {PERSONNUMMER} följdes upp",
            },
            {"id": "p5", "clinic": "Beroende", "startDate": "2026-03-01", "endDate": "2026-04-30", "attendance": 50},
            {"id": "p6", "clinic": "Neuro", "startDate": "2026-04-01", "endDate": "2026-05-31", "attendance": 75},
            "not an object",
        ],
        courses={"title": "not a list"},
        achievements=[
            {"milestoneId": "STc99", "placementId": "p5"},
            {"milestoneId": "c3", "placementId": "p6"},
            {"milestoneId": "STa2"},
            {"milestoneId": "STa2", "placementId": "p9"},
            {"milestoneId": "STa2", "placementId": "p1", "courseId": 7},
        ],
    )
    write_json(tmp_path / "backup.json", data)
    code, out = cli(
        "--lang",
        "en",
        "import",
        "st-ark",
        "backup.json",
        "--dir",
        "st",
        "--dry-run",
        "--as-of",
        "2026-11-23",
        cwd=tmp_path,
    )
    assert code == 1
    assert out == BAD_VALUES
    assert PERSONNUMMER not in out


OVERLAPS = """\
../backup.json: error STF946 placements[0]: with placements/2025-09-01-akutmottagningen.yaml, placements add up to 200 % on 2025-09-01–2025-10-31
    hint: placements total at most 100 % of full time; correct the dates or the extent and import again
../backup.json: error STF946 placements[1]: with placements[0], placements/2025-09-01-akutmottagningen.yaml, placements add up to 220 % on 2025-11-01–2025-11-30
    hint: placements total at most 100 % of full time; correct the dates or the extent and import again
../backup.json: error STF946 placements[2]: with placements[3], placements add up to 120 % on 2026-03-01–2026-03-31
    hint: placements total at most 100 % of full time; correct the dates or the extent and import again
../backup.json: error STF946 placements[3]: with placements[2], placements add up to 120 % on 2026-03-01–2026-03-31
    hint: placements total at most 100 % of full time; correct the dates or the extent and import again
Not imported:
  placements[0] (Akuten)
    - placements[0]: with placements/2025-09-01-akutmottagningen.yaml, placements add up to 200 % on 2025-09-01–2025-10-31
  placements[1] (Forskning)
    - placements[1]: with placements[0], placements/2025-09-01-akutmottagningen.yaml, placements add up to 220 % on 2025-11-01–2025-11-30
  placements[2] (Psykiatri)
    - placements[2]: with placements[3], placements add up to 120 % on 2026-03-01–2026-03-31
  placements[3] (Beroende)
    - placements[3]: with placements[2], placements add up to 120 % on 2026-03-01–2026-03-31
Dry run: would write 0 records into ./ (placements: 0, courses: 0).
4 items are not imported (see above).
Nothing was written.
"""


def test_overlapping_placements_are_left_out_and_say_with_what(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio(
        {"placements/2025-09-01-akutmottagningen.yaml": "start: 2025-09-01\nend: 2025-12-31\nunit: Akutmottagningen\n"}
    )
    data = backup(
        profile=None,
        placements=[
            {"id": "a", "clinic": "Akuten", "startDate": "2025-09-01", "endDate": "2025-12-31", "attendance": 100},
            {"id": "b", "clinic": "Forskning", "startDate": "2025-11-01", "endDate": "2025-11-30", "attendance": 20},
            {"id": "c", "clinic": "Psykiatri", "startDate": "2026-01-01", "endDate": "2026-06-30", "attendance": 60},
            {"id": "d", "clinic": "Beroende", "startDate": "2026-03-01", "endDate": "2026-03-31", "attendance": 60},
        ],
        courses=[],
        achievements=[],
    )
    write_json(root.parent / "backup.json", data)
    code, out = cli(
        "--lang", "en", "import", "st-ark", "../backup.json", "--dry-run", "--as-of", "2026-11-23", cwd=root
    )
    assert code == 1
    assert out == OVERLAPS


def test_no_portfolio_and_no_dir_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    write_json(tmp_path / "backup.json", backup())
    code, out = cli("--lang", "en", "import", "st-ark", "backup.json", cwd=tmp_path)
    assert (code, out) == (
        2,
        "stfolio: no portfolio here (no stfolio.yaml found upward)\n"
        "    hint: give --dir FOLDER to import into a portfolio there, or to create a new one from the import\n",
    )


def test_a_new_portfolio_asks_for_what_the_source_lacks(cli: Cli, tmp_path: Path) -> None:
    write_json(tmp_path / "backup.json", backup(profile={"name": "Sara Lind"}))
    code, out = cli("--lang", "en", "import", "st-ark", "backup.json", "--dir", "st", cwd=tmp_path)
    assert (code, out) == (
        2,
        "stfolio: a new portfolio needs --specialty, --st-start, which the source does not give\n"
        "    hint: give them as flags, or run the import in a terminal to be asked\n",
    )
    answers = "psykiatri\n2025-09-01\nutlandsk-examen\n"
    code, out = cli(
        "import",
        "st-ark",
        "backup.json",
        "--dir",
        "st",
        "--interactive",
        "--no-git",
        "--dry-run",
        input=answers,
        cwd=tmp_path,
    )
    assert code == 0 and "==> st/stfolio.yaml <==" in out and "  name: Sara Lind\n" in out
    assert "legitimation:\n  route: utländsk examen\n" in out  # without goalsVersion, the route decides


def test_swedish_by_default(cli: Cli, tmp_path: Path) -> None:
    write_json(
        tmp_path / "backup.json",
        backup(placements=[{"clinic": "Akuten", "startDate": "idag"}], courses=[], achievements=[]),
    )
    code, out = cli("import", "st-ark", "backup.json", "--dir", "st", "--dry-run", cwd=tmp_path)
    assert code == 1
    assert "backup.json: fel STF936 placements[0].startDate: 'idag' är inget datum\n" in out
    assert "Provkörning: skulle skriva 0 poster i st/ (placeringar: 0, kurser: 0).\n" in out


SHEET = (
    "Typ;Enhet;Titel;Start;Slut;Omfattning;Delmål;BT;Handledare;Arrangör;Kostnad;Status;Anteckningar;Färg\n"
    "placering;Akuten, SUS Lund;BT akut;250901;251231;100 %;BT4, BT5;akut;Per Holm;;;;Bra start;röd\n"
    "sidotjänstgöring;Vårdcentralen Väster;;2026-01-01;2026-03-31;62,5;STa1;primärvård;;;;genomförd;;\n"
    "auskultation;Beroendemottagningen;;2026-04-07;2026-04-11;;STb4;;;;;;;\n"
    "kurs;;Psykiatrisk diagnostik;2026-02-02;2026-02-04;;STc1,STc2;;;Lipus;4 500 kr;;Tre dagar i Lund;\n"
    ";Vuxenpsykiatri Lund;;2027-01-01;2027-06-30;;;;;;;planerad;;\n"
)
SHEET_DRY_RUN = """\
==> placements/2025-09-01-bt-akut-bt-akut.yaml <==
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2025-09-01
end: 2025-12-31
title: BT akut
unit: Akuten, SUS Lund
bt: akut
supervisor:
  name: Per Holm
delmal:
- BT4
- BT5
notes: Bra start

==> placements/2026-01-01-bt-primarvard-vardcentralen-vaster.yaml <==
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2026-01-01
end: 2026-03-31
unit: Vårdcentralen Väster
kind: sidotjänstgöring
bt: primärvård
extent: 63
delmal:
- STa1

==> placements/2026-04-07-beroendemottagningen.yaml <==
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2026-04-07
end: 2026-04-11
unit: Beroendemottagningen
kind: auskultation
delmal:
- STb4

==> courses/2026-02-02-psykiatrisk-diagnostik.yaml <==
# yaml-language-server: $schema=../.stfolio/schemas/course.schema.json
title: Psykiatrisk diagnostik
provider: Lipus
start: 2026-02-02
end: 2026-02-04
cost: 4500
delmal:
- STc1
- STc2
notes: Tre dagar i Lund

==> placements/2027-01-01-vuxenpsykiatri-lund.yaml <==
# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json
start: 2027-01-01
end: 2027-06-30
unit: Vuxenpsykiatri Lund
status: planned

../sheet.csv:1:1: info STF945 the file is not UTF-8; read as Windows-1252, as Excel saves CSV in Sweden
    hint: if å, ä and ö look wrong, save the sheet as 'CSV UTF-8' and import that
../sheet.csv:1:1: info STF942 columns stfolio does not read, ignored: N 'Färg'
    hint: the columns stfolio reads are listed in docs/import.md
../sheet.csv:3:62: warning STF944 row 3, column F (Omfattning): 62,5 % imported as 63 %: stfolio counts whole percent
Dry run: would write 5 records into ./ (placements: 4, courses: 1).
Nothing was written.
"""


def test_dry_run_of_a_swedish_excel_sheet_shows_every_file_whole(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    (root.parent / "sheet.csv").write_bytes(SHEET.replace("\n", "\r\n").encode("cp1252"))
    code, out = cli("--lang", "en", "import", "csv", "../sheet.csv", "--dry-run", "--as-of", "2026-11-23", cwd=root)
    assert (code, out) == (0, SHEET_DRY_RUN)
    assert sorted(p.name for p in root.iterdir()) == ["stfolio.yaml"]


def test_a_sheet_imported_into_a_portfolio_passes_check(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    (root.parent / "sheet.csv").write_bytes(SHEET.encode("cp1252"))
    code, out = cli("--lang", "en", "import", "csv", "../sheet.csv", "--as-of", "2026-11-23", cwd=root)
    assert code == 0, out
    assert "Imported 5 records into ./ (placements: 4, courses: 1).\n" in out
    assert (
        "To complete:\n  - the intyg, which a spreadsheet does not hold: scan each signed intyg and attach it:\n" in out
    )
    assert "      stfolio attach SCAN.pdf --to courses/2026-02-02-psykiatrisk-diagnostik.yaml --by NAME\n" in out
    assert "the BT placements" not in out  # the sheet said which ones
    result = check_portfolio(root, as_of=dt.date(2026, 11, 23))
    assert result.ok and [f.code for f in result.problems] == []
    assert len(result.portfolio.placements) == 4 and len(result.portfolio.courses) == 1


def test_the_portfolio_is_taken_with_dash_c_as_by_every_command(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    (root / "inside").mkdir()
    (root.parent / "sheet.csv").write_bytes(SHEET.encode("cp1252"))
    for where in (root.name, f"{root.name}/inside"):  # the portfolio, or a folder inside it
        code, out = cli("--lang", "en", "import", "csv", "sheet.csv", "-C", where, "--dry-run", cwd=root.parent)
        assert code == 0, out
        assert f"==> {root.name}/placements/" in out
    code, out = cli(
        "--lang", "en", "import", "csv", "sheet.csv", "-C", root.name, "--as-of", "2026-11-23", cwd=root.parent
    )
    assert code == 0, out
    assert len(list((root / "placements").glob("*.yaml"))) == 4


def test_commas_a_byte_order_mark_quoted_cells_and_english_headers(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    sheet = (
        "kind,unit,start,end,extent,goals,notes\r\n"
        'placement,"Akuten, Lund",250901,251231,100,"BT4, BT5","Two lines:\r\nfirst, second"\r\n'
    )
    (root.parent / "sheet.csv").write_bytes(b"\xef\xbb\xbf" + sheet.encode("utf-8"))
    code, out = cli("--lang", "en", "import", "csv", "../sheet.csv", "--dry-run", cwd=root)
    assert code == 0
    assert out.startswith(
        "==> placements/2025-09-01-akuten-lund.yaml <==\n"
        "# yaml-language-server: $schema=../.stfolio/schemas/placement.schema.json\n"
        "start: 2025-09-01\nend: 2025-12-31\nunit: Akuten, Lund\ndelmal:\n- BT4\n- BT5\n"
    )
    assert "STF945" not in out and "STF942" not in out


def test_utf16_with_tabs_as_excel_saves_unicode_text(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    (root.parent / "sheet.txt").write_bytes("typ\ttitel\tstart\nkurs\tLedarskap\t2026-05-05\n".encode("utf-16"))
    code, out = cli("--lang", "en", "import", "csv", "../sheet.txt", "--dry-run", cwd=root)
    assert code == 0 and "==> courses/2026-05-05-ledarskap.yaml <==" in out


BAD_SHEET = (
    "typ;enhet;titel;start;slut;omfattning;delmål;bt;kostnad;status;anteckningar\n"
    "placering;Akuten;;2025-13-01;2025-12-31;150;;;;;\n"
    "randning;Psykiatri;;2026-02-01;2026-01-01;;STx1;halv;;klar;\n"
    "kurs;;;2026-03-03;;;;;gratis;;\n"
    "webbinarium;;Etik;2026-04-04;;;;;;;\n"
    f"placering;Beroende;;2026-05-01;2026-05-31;;;;;inställd;Ringde {PERSONNUMMER}\n"
    ";;;2026-06-01;;;;;;;\n"
)


BAD_CELLS = """\
../sheet.csv:2:19: error STF936 row 2, column D (start): '2025-13-01' is not a date
    hint: write dates as YYYY-MM-DD (2024-03-04) or ååmmdd (240304)
../sheet.csv:2:41: error STF937 row 2, column F (omfattning): '150' is not a percentage of full time between 1 and 100
    hint: write the extent in percent, e.g. 75
../sheet.csv:3:32: error STF937 row 3, column E (slut): 2026-01-01 is before the start 2026-02-01
../sheet.csv:3:44: error STF938 row 3, column G (delmål): delmål 'STx1' does not exist in HSLF-FS 2021:8
    hint: did you mean 'STa1' or 'STb1' or 'STc1'?
../sheet.csv:3:49: error STF937 row 3, column H (bt): 'halv' is not a BT category
    hint: write akut, primärvård or annan, or leave it empty for ST
../sheet.csv:4:7: error STF934 row 4, column C (titel): empty; the row cannot be imported without it
../sheet.csv:4:23: error STF937 row 4, column I (kostnad): 'gratis' is not an amount in kronor
    hint: write the amount in digits, e.g. 4500 or 4 500
../sheet.csv:5:1: error STF937 row 5, column A (typ): 'webbinarium' is not a kind stfolio imports
    hint: write placering, sidotjänstgöring, auskultation or kurs
../sheet.csv:6:47: error STF937 row 6, column J (status): 'inställd' is neither done nor planned
    hint: write genomförd or planerad (done or planned)
../sheet.csv:6:56: error STF940 row 6, column K (anteckningar): holds the personnummer 19121212-****, which must never be in a portfolio
    hint: remove it from the source (and from the app it came from) and import again; describe patients without identifiers
../sheet.csv:7:1: error STF934 row 7, column A (typ): neither enhet nor titel is given, so the row is neither a placement nor a course
Not imported:
  row 2 (Akuten)
    - row 2, column D (start): '2025-13-01' is not a date
    - row 2, column F (omfattning): '150' is not a percentage of full time between 1 and 100
  row 3 (Psykiatri)
    - row 3, column H (bt): 'halv' is not a BT category
    - row 3, column E (slut): 2026-01-01 is before the start 2026-02-01
    - row 3, column G (delmål): delmål 'STx1' does not exist in HSLF-FS 2021:8
  row 4 (row 4)
    - row 4, column C (titel): empty; the row cannot be imported without it
    - row 4, column I (kostnad): 'gratis' is not an amount in kronor
  row 5 (Etik)
    - row 5, column A (typ): neither a placement nor a course
  row 6 (Beroende)
    - row 6, column K (anteckningar): holds a personnummer
    - row 6, column J (status): 'inställd' is neither done nor planned
  row 7 (row 7)
    - row 7, column A (typ): neither a placement nor a course
Dry run: would write 0 records into ./ (placements: 0, courses: 0).
6 items are not imported (see above).
Nothing was written.
"""


def test_every_bad_cell_is_a_finding_at_its_row_and_column(cli: Cli, portfolio: Callable[..., Path]) -> None:
    root = portfolio({})
    (root.parent / "sheet.csv").write_text(BAD_SHEET, encoding="utf-8")
    code, out = cli("--lang", "en", "import", "csv", "../sheet.csv", "--dry-run", cwd=root)
    assert code == 1
    assert out == BAD_CELLS
    assert PERSONNUMMER not in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "typ;titel\nkurs;Etik\n",
            "../sheet.csv:1:1: error STF934 the first row must name the columns, with at least start",
        ),
        ('start;enhet\n2026-01-01;"Akuten\n', "../sheet.csv:2:12: error STF931 a quote opened here is never closed"),
        ("\n\n", "../sheet.csv: error STF930 the file is empty"),
    ],
)
def test_a_sheet_without_rows_to_read_imports_nothing(
    cli: Cli, portfolio: Callable[..., Path], content: str, expected: str
) -> None:
    root = portfolio({})
    (root.parent / "sheet.csv").write_text(content, encoding="utf-8")
    code, out = cli("--lang", "en", "import", "csv", "../sheet.csv", cwd=root)
    assert code == 1 and out.startswith(expected), out
    assert sorted(p.name for p in root.iterdir()) == ["stfolio.yaml"]


cells = st.text(alphabet=st.sampled_from(list('ab ;,"\n\rå')), max_size=6)


@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from([";", ",", "\t"]))
def test_the_cell_reader_reads_what_the_csv_module_reads(rows: list[list[str]], separator: str) -> None:
    buffer = io.StringIO(newline="")
    stdlib_csv.writer(buffer, delimiter=separator).writerows(rows)
    text = buffer.getvalue()
    expected = list(stdlib_csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    assert [[cell.text for cell in row] for row in split_cells(text, separator)] == expected


def test_cells_know_their_line_and_column() -> None:
    rows = split_cells('a;"b;\nc";d\r\ne;f', ";")
    assert [[(c.text, c.line, c.column) for c in row] for row in rows] == [
        [("a", 1, 1), ("b;\nc", 1, 3), ("d", 2, 4)],
        [("e", 3, 1), ("f", 3, 3)],
    ]
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


def test_a_new_portfolio_inside_another_is_refused_by_the_dry_run_too(cli: Cli, tmp_path: Path) -> None:
    """The dry run refuses what the import would: a portfolio nested in the one the user stands in."""
    write_json(tmp_path / "backup.json", backup())
    sara = ["--name", "Sara Lind", "--specialty", "psykiatri", "--st-start", "2025-09-01", "--route", "utlandsk"]
    assert cli("init", "st", *sara, "--no-git", cwd=tmp_path)[0] == 0
    for dry in (["--dry-run"], []):
        args = ["--lang", "en", "import", "st-ark", "../backup.json", "--dir", "ny", *dry, "--as-of", "2026-11-23"]
        code, out = cli(*args, cwd=tmp_path / "st")
        assert code == 2 and "would lie inside the portfolio" in out, out
        assert not (tmp_path / "st" / "ny").exists()
