"""Links out of the portfolio: never followed by check, report, log, attach or schema."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MEETING, PROFILE_2021, write_tree

from adversarial.conftest import Guard, Run

COURSE = "title: Kurs\nstart: 2025-10-01\ndelmal: [STa1]\n"


def portfolio(guard: Guard, files: dict[str, str | bytes] | None = None) -> Path:
    return write_tree(guard.folder / "p", {"stfolio.yaml": PROFILE_2021, "meetings/m.yaml": MEETING, **(files or {})})


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_template_that_includes_a_link_to_a_file_outside(run: Run, guard: Guard) -> None:
    root = portfolio(guard, {"templates/iup.md.j2": "{% include 'hemlig.j2' %}\n"})
    os.symlink(guard.sentinel, root / "templates" / "hemlig.j2")
    code, out = run("report", "iup", cwd=root)
    assert code == 1
    assert out.startswith(
        "templates/hemlig.j2: fel STF904 mallen är en länk; mallar läses bara som vanliga filer i templates/"
    )


def test_a_template_that_includes_a_file_outside_by_its_path(run: Run, guard: Guard) -> None:
    root = portfolio(guard, {"templates/iup.md.j2": "{% include '../../outside/sentinel.txt' %}\n"})
    code, out = run("report", "iup", cwd=root)
    assert code == 1 and "STF902 mallen gick inte att använda: TemplateNotFound" in out


def test_a_templates_folder_or_sub_folder_that_is_a_link(run: Run, guard: Guard) -> None:
    (guard.folder / "outside" / "iup.md.j2").write_text("{% include 'sentinel.txt' %}\n")
    root = portfolio(guard)
    os.symlink(guard.folder / "outside", root / "templates")
    code, out = run("report", "iup", cwd=root)
    assert code == 1 and "templates: fel STF904 mallen är en länk" in out
    (root / "templates").unlink()
    (root / "templates").mkdir()
    (root / "templates" / "iup.md.j2").write_text("{% include 'ut/sentinel.txt' %}\n")
    os.symlink(guard.folder / "outside", root / "templates" / "ut")
    code, out = run("report", "iup", cwd=root)
    assert code == 1 and "templates/ut: fel STF904 mallen är en länk" in out


def test_a_record_the_profile_and_goals_that_are_links_out(english: None, run: Run, guard: Guard) -> None:
    outside = guard.folder / "outside"
    (outside / "profile.yaml").write_text(PROFILE_2021)
    root = portfolio(guard)
    os.symlink(guard.sentinel, root / "meetings" / "hemlig.yaml")
    os.symlink(outside, root / "goals")
    code, out = run("check", cwd=root)
    assert code == 1
    assert "goals/: error STF112 the folder 'goals' is a link" in out
    assert "meetings/hemlig.yaml: error STF112 file is a link that leads outside the portfolio; not read" in out
    (root / "stfolio.yaml").unlink()
    os.symlink(outside / "profile.yaml", root / "stfolio.yaml")
    code, out = run("check", cwd=root)
    assert code == 1 and "stfolio.yaml: error STF112 file is a link that leads outside the portfolio" in out


def test_evidence_that_is_a_link_out_is_not_read_or_hashed(english: None, run: Run, guard: Guard) -> None:
    intyg = (
        "intyg:\n  - {file: evidence/intyg.pdf, issued_by: A, role: kursledare, date: 2025-10-01, sha256: "
        + "a" * 64
        + "}\n"
    )
    root = portfolio(guard, {"courses/k.yaml": COURSE + intyg})
    (root / "evidence").mkdir()
    os.symlink(guard.sentinel, root / "evidence" / "intyg.pdf")
    code, out = run("check", cwd=root)
    assert code == 1
    assert "courses/k.yaml:5:12: error STF410 evidence path 'evidence/intyg.pdf' leads outside the portfolio" in out


def test_log_never_writes_through_a_record_folder_that_is_a_link(english: None, run: Run, guard: Guard) -> None:
    outside = guard.folder / "outside" / "meetings"
    outside.mkdir()
    root = write_tree(guard.folder / "p", {"stfolio.yaml": PROFILE_2021})
    os.symlink(outside, root / "meetings")
    code, out = run("log", "meeting", "--date", "2025-10-06", cwd=root)
    assert code == 1
    assert out.endswith(
        f"stfolio: cannot write in {root / 'meetings'}: is a link; stfolio writes only into real folders\n"
    )
    assert listing(outside) == []


def test_log_intyg_and_attach_never_copy_into_an_evidence_folder_that_is_a_link(
    english: None, run: Run, guard: Guard
) -> None:
    outside = guard.folder / "outside" / "evidence"
    outside.mkdir()
    root = portfolio(guard, {"courses/k.yaml": COURSE})
    os.symlink(outside, root / "evidence")
    scan = guard.folder / "skanning.pdf"
    scan.write_bytes(b"%PDF intyg")
    code, out = run("attach", str(scan), "--to", "courses/k.yaml", "--by", "Eva", cwd=root)
    assert code == 1
    assert "cannot write the copy of the scan into evidence/: it is a link" in out and "nothing was changed" in out
    assert (root / "courses/k.yaml").read_text() == COURSE
    code, out = run(
        "log", "course", "--title", "Ny", "--start", "2025-11-01", "--intyg", str(scan), "--intyg-by", "Eva", cwd=root
    )
    assert code == 1 and "evidence/: it is a link" in out
    assert listing(outside) == []
    assert not (root / "courses").joinpath("2025-11-01-ny.yaml").exists()


def test_attach_never_edits_a_record_through_a_linked_folder(english: None, run: Run, guard: Guard) -> None:
    outside = guard.folder / "outside" / "courses"
    outside.mkdir()
    (outside / "k.yaml").write_text(COURSE)
    root = portfolio(guard)
    os.symlink(outside, root / "courses")
    scan = guard.folder / "skanning.pdf"
    scan.write_bytes(b"%PDF intyg")
    code, out = run("attach", str(scan), "--to", "courses/k.yaml", "--by", "Eva", cwd=root)
    assert code == 2 and "leads outside the portfolio" in out
    assert (outside / "k.yaml").read_text() == COURSE


def test_a_report_is_never_written_through_a_link(run: Run, guard: Guard) -> None:
    root = portfolio(guard)
    os.symlink(guard.folder / "outside", root / "reports")
    code, out = run("report", "iup", "-o", "reports/iup.md", cwd=root)
    assert code == 1 and "reports/ är en länk eller ingen mapp" in out
    (root / "reports").unlink()
    (root / "reports").mkdir()
    os.symlink(guard.sentinel, root / "reports" / "iup.md")
    code, out = run("report", "iup", "-o", "reports/iup.md", cwd=root)
    assert code == 2 and "reports/iup.md är en länk; en rapport skrivs aldrig genom en länk" in out


def test_drafts_and_schemas_are_never_written_through_a_link(
    english: None, run: Run, guard: Guard, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = guard.folder / "outside" / "stfolio-dir"
    outside.mkdir()
    root = portfolio(guard)
    os.symlink(outside, root / ".stfolio")
    code, out = run("check", cwd=root)
    assert code == 1 and ".stfolio/: error STF112" in out
    code, out = run("schema", cwd=root)
    assert code == 1 and "cannot write schemas into .stfolio/schemas/" in out
    code, out = run("log", "meeting", "--date", "2025-10-07", "--topic", "x", cwd=root)
    assert code == 0  # the record is written; the schemas are not, through the link
    monkeypatch.setenv("EDITOR", "true")
    code, out = run("log", "meeting", "--date", "2025-10-08", "--edit", cwd=root)
    assert code == 1 and "cannot keep a draft in .stfolio/drafts/" in out
    assert listing(outside) == []
