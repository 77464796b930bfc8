"""One poisoned file never hides the others; damaged numbers and names are judged, not believed."""

from __future__ import annotations

import hashlib
import json
import os
import re

from conftest import MEETING, PROFILE_2021, write_tree

from adversarial.conftest import Guard, Run

GOOD = b"%PDF kursintyg"
SHA = hashlib.sha256(GOOD).hexdigest()
P10 = "8503041231"  # an invented personnummer: born 1985-03-04, valid check digit
S10 = "8503641238"  # an invented samordningsnummer


def intyg(*names: str) -> str:
    return "intyg:\n" + "".join(
        f"  - {{file: evidence/{n}, issued_by: A, role: kursledare, date: 2025-10-01, sha256: {SHA}}}\n" for n in names
    )


def test_a_link_loop_and_an_unreadable_scan_do_not_hide_the_swapped_one(english: None, run: Run, guard: Guard) -> None:
    root = write_tree(
        guard.folder / "p",
        {
            "stfolio.yaml": PROFILE_2021,
            "courses/k.yaml": "title: K\nstart: 2025-10-01\n"
            + intyg("loop.pdf", "locked.pdf", "swapped.pdf", "ok.pdf"),
            "evidence/locked.pdf": GOOD,
            "evidence/swapped.pdf": b"%PDF another scan",
            "evidence/ok.pdf": GOOD,
        },
    )
    os.symlink("loop.pdf", root / "evidence" / "loop.pdf")
    guard.deny_read(root / "evidence" / "locked.pdf")
    code, out = run("check", cwd=root)
    assert code == 1
    evidence = [line for line in out.splitlines() if " STF4" in line or " STF001" in line]
    assert evidence == [
        "courses/k.yaml:4:12: error STF416 evidence file 'evidence/loop.pdf' is a link that leads back to itself",
        "courses/k.yaml:5:12: error STF416 evidence file 'evidence/locked.pdf' cannot be read: Permission denied",
        "courses/k.yaml:6:92: error STF412 evidence file 'evidence/swapped.pdf' has changed since it was attached "
        "(its sha256 differs)",
    ]


def test_octal_and_yes_no_numbers_are_findings_not_figures(english: None, run: Run, guard: Guard) -> None:
    root = write_tree(
        guard.folder / "p",
        {
            "stfolio.yaml": PROFILE_2021,
            "placements/p.yaml": "unit: Akuten\nstart: 2025-09-01\nend: 2025-12-31\nbt: akut\nextent: 075\n",
            "activities/a.yaml": "kind: seminarium\ntitle: Journal club\nstart: 2025-10-01\nhours: yes\n",
            "meetings/m.yaml": "date: 2025-10-06\nkind: handledarsamtal\nduration_minutes: 1:30\n",
        },
    )
    code, out = run("check", "--format", "json", cwd=root)
    assert code == 1
    codes = {(f["path"], f["code"]) for f in json.loads(out)["findings"] if f["code"].startswith("STF2")}
    assert codes == {
        ("placements/p.yaml", "STF209"),
        ("activities/a.yaml", "STF210"),
        ("meetings/m.yaml", "STF211"),
    }
    # The placement is not counted at 61 %: it is not counted at all until it is fixed.
    assert "0.0 of 66 months" in run("check", cwd=root)[1]


def test_personnummer_in_file_and_folder_names_and_drafts(run: Run, guard: Guard) -> None:
    root = write_tree(
        guard.folder / "p",
        {
            "stfolio.yaml": PROFILE_2021,
            f"meetings/{P10[:6]}-{P10[6:]}.yaml": MEETING,
            f"evidence/pat {S10}/scan.pdf": GOOD,
            ".stfolio/drafts/2025-10-06-handledarsamtal.yaml": f"notes: pat {P10}\n",
        },
    )
    for args in (
        ("check",),
        ("check", "--format", "json"),
        ("report", "iup"),
        ("status",),
        ("status", "--goal", "BT1"),
    ):
        code, out = run(*args, cwd=root)
        assert code == (0 if args[0] == "status" else 1), out
        assert not re.search(f"{P10[6:]}|{S10[6:]}", out), out
    assert "meetings/850304-****.yaml" in run("status", "--goal", "BT1", cwd=root)[1]
    code, out = run("check", cwd=root)
    assert "meetings/850304-****.yaml: fel STF503 personnummer '850304-****' i namnet på den här filen" in out
    assert "evidence/pat 850364****/: fel STF504 samordningsnummer '850364****' i namnet på den här mappen" in out
    assert ".stfolio/drafts/2025-10-06-handledarsamtal.yaml:1:12: fel STF501" in out
    assert run("report", "iup", cwd=root)[1].endswith(
        "en rapport läses av andra, så ingen skapas förrän de är borttagna\n"
    )


def test_a_file_name_with_a_newline_cannot_forge_a_finding(run: Run, guard: Guard) -> None:
    forged = "x.yaml\nstfolio.yaml:1:1: fel STF999 forged finding\ny.yaml"
    root = write_tree(guard.folder / "p", {"stfolio.yaml": PROFILE_2021, "meetings/m.yaml": MEETING})
    (root / "meetings" / forged).write_text(MEETING.replace("2025-10-06", "2025-10-07"))
    code, out = run("check", cwd=root)
    assert code == 0
    assert not any(line.startswith("stfolio.yaml:1:1: fel STF999") for line in out.splitlines())
    assert "meetings/x.yaml\\nstfolio.yaml:1:1: fel STF999 forged finding\\ny.yaml: varning STF114" in out
    code, out = run("check", "--format", "json", cwd=root)
    assert [f["path"] for f in json.loads(out)["findings"] if f["code"] == "STF114"] == [
        "meetings/x.yaml\\nstfolio.yaml:1:1: fel STF999 forged finding\\ny.yaml"
    ]


def test_a_file_name_that_is_not_utf8_in_an_html_report(english: None, run: Run, guard: Guard) -> None:
    root = write_tree(guard.folder / "p", {"stfolio.yaml": PROFILE_2021})
    (root / "meetings").mkdir()
    (root / os.fsdecode(b"meetings/2025-10-06-m\xf6te\x1b[2J.yaml")).write_text(MEETING)
    code, out = run("report", "annual", "--year", "2025", "-f", "html", "-o", "reports/r.html", cwd=root)
    assert code == 0, out
    html = (root / "reports" / "r.html").read_text(encoding="utf-8")
    # reports no longer name record files; the meeting is there, and nothing of its name escapes raw
    assert "2025-10-06" in html and "\x1b" not in html
    code, out = run("check", cwd=root)
    assert (
        "meetings/2025-10-06-m\\xf6te\\x1b[2J.yaml: warning STF114 the name of this file holds bytes that are not UTF-8"
        in out
    )
