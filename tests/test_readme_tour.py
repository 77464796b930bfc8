"""The README's "A short tour" works as printed (issue 11 point 16).

Every console block of the tour is run in order, as a reader would type it, from a folder that
stands for the repository checkout (with ``examples/`` in it) and with a home folder holding the
files the tour names (a scanned intyg, an ST-ARK backup, a spreadsheet, the blanks). Each
command must exit as the README implies (1 where it shows errors, else 0), and every output line
the README prints must appear in the real output, in order; ``...`` stands for lines left out,
and the README's "today" (2026-11-23) may read as the real today.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BLANKS_2021 = Path(os.environ.get("STFOLIO_SOURCES") or REPO.parent / "shared" / "sources") / "forms" / "2021"
TODAY_IN_README = "2026-11-23"

Cli = Callable[..., tuple[int, str]]


def tour() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## A short tour\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def steps(section: str) -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows for it), for each ``$ `` line of the console blocks."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.startswith("$ "):
                assert found, f"output before any command: {line!r}"
                found[-1][1].append(line)
                continue
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + lines[i].strip()
                i += 1
            found.append((command, []))
    return found


def test_the_tour_has_its_commands() -> None:
    commands = [command for command, _ in steps(tour())]
    assert commands[0].startswith("stfolio init min-st ")
    assert any(c.startswith("stfolio log meeting") for c in commands)
    assert any(c.endswith("stfolio check --as-of 2026-11-23") for c in commands)


def _home(home: Path) -> None:
    """What the tour's commands read from the reader's home folder."""
    (home / ".gitconfig").parent.mkdir(parents=True, exist_ok=True)
    (home / ".gitconfig").write_text("[user]\n\tname = Sara Lind\n\temail = sara@example.se\n", encoding="utf-8")
    scans = home / "Skannat"
    scans.mkdir()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with (scans / "kursintyg.pdf").open("wb") as handle:
        writer.write(handle)
    downloads = home / "Hämtningar"
    downloads.mkdir()
    backup = {
        "schemaVersion": 1,
        "app": {"name": "ST-ARK", "version": "2.3.0"},
        "exportedAt": "2026-11-20T10:00:00.000Z",
        "profile": {
            "firstName": "Sara",
            "lastName": "Lind",
            "speciality": "Psykiatri",
            "goalsVersion": "2021",
            "startDate": "2025-09-01",
        },
        "placements": [
            {
                "id": "p1",
                "clinic": "Akutmottagningen, SUS Lund",
                "startDate": "2025-09-01",
                "endDate": "2025-12-31",
                "attendance": 100,
                "supervisor": "Per Holm",
            }
        ],
        "courses": [],
        "achievements": [],
    }
    (downloads / "placeringar.csv").write_text(
        "typ;enhet;titel;start;slut;omfattning;delmål\nplacering;Psykiatriska akutmottagningen, Malmö;;2026-04-01;"
        "2026-06-30;100;STc1\n",
        encoding="utf-8",
    )
    (downloads / "st-ark-backup.json").write_text(json.dumps(backup, ensure_ascii=False), encoding="utf-8")
    if BLANKS_2021.is_dir():
        shutil.copytree(BLANKS_2021, home / "Hämtade" / "blanketter")


def _words(command: str, home: Path) -> list[list[str]]:
    """The stfolio commands and cds of one line, ``~`` expanded as a shell would."""
    parts: list[list[str]] = []
    for piece in command.split("&&"):
        words = shlex.split(piece, comments=True)
        parts.append([str(home / w[2:]) if w.startswith("~/") else w for w in words])
    return parts


def _matches(expected: str, actual: str) -> bool:
    if actual == expected:
        return True
    today, as_written = dt.date.today(), dt.date.fromisoformat(TODAY_IN_README)
    for form in (dt.date.isoformat, lambda d: f"{d.day} {d:%B} {d.year}"):  # as the English output writes it
        expected = expected.replace(form(as_written), form(today))
    return actual == expected


def _in_order(shown: list[str], out: list[str]) -> list[str]:
    """The shown lines not found in ``out`` in order (``...`` skips any number of lines)."""
    missing = []
    at = 0
    for line in shown:
        if line.strip() == "...":
            continue
        hit = next((i for i in range(at, len(out)) if _matches(line, out[i])), None)
        if hit is None:
            missing.append(line)
        else:
            at = hit + 1
    return missing


@pytest.mark.usefixtures("english")
def test_the_readme_tour_works_as_printed(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    checkout = tmp_path / "checkout"  # where the reader stands: the repository, with its examples
    _home(home)
    shutil.copytree(REPO / "examples", checkout / "examples")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("COLUMNS", "120")
    here = checkout
    ran = 0
    problems: list[str] = []
    for command, shown in steps(tour()):
        for words in _words(command, home):
            if words[0] == "cd":
                here = (here / words[1]).resolve()
                assert here.is_dir(), f"{command}: no folder {here}"
                continue
            assert words[0] == "stfolio", command
            if words[1:3] == ["forms", "st"] and not BLANKS_2021.is_dir():
                continue  # Socialstyrelsen's blanks are not beside the repository: nothing to fill
            code, out = cli(*words[1:], cwd=here)
            ran += 1
            errors = any(re.search(r"\berror STF\d+|: \d+ errors?\b", line) for line in shown)
            if code != (1 if errors else 0):
                problems.append(f"$ {command}\nexits {code}:\n{out}")
            missing = _in_order(shown, out.splitlines())
            if missing:
                problems.append(f"$ {command}\nthe README shows {missing}\nbut the output is:\n{out}")
    assert problems == [], "\n\n".join(problems)
    assert ran >= 15
