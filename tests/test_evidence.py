"""Evidence: `stfolio attach` splices an intyg into a record; `check` guards the scans."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree
from test_cli_log import PROFILE

from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]

COURSE = """\
# Kursen gick i Lund
title: Psykiatrisk diagnostik  # Lipus-certifierad
start: 2026-02-02
end: 2026-02-04
delmal: [STa4, STb1, STc1]
intyg:
  - issued_by: Eva Kursledare
    role: kursledare
    date: 2026-02-04
notes: Bra kurs.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "st", {"stfolio.yaml": PROFILE, "courses/2026-02-02-diagnostik.yaml": COURSE})


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "Skanning 001.PDF"
    path.write_bytes(b"%PDF-1.4 kursintyg")
    return path


DIGEST = hashlib.sha256(b"%PDF-1.4 kursintyg").hexdigest()


def test_attach_fills_in_an_existing_intyg_keeping_comments(cli: Cli, root: Path, scan: Path) -> None:
    code, out = cli("attach", str(scan), "--to", "courses/2026-02-02-diagnostik.yaml", "--intyg", "1", cwd=root)
    assert code == 0, out
    assert out == (
        f"kopierade Skanning 001.PDF till evidence/2026-02-02-diagnostik-skanning-001.pdf (sha256 {DIGEST[:12]}…)\n"
        "förde in det i courses/2026-02-02-diagnostik.yaml\n"
    )
    assert (root / "courses/2026-02-02-diagnostik.yaml").read_text() == COURSE.replace(
        "    date: 2026-02-04\n",
        f"    date: 2026-02-04\n    file: evidence/2026-02-02-diagnostik-skanning-001.pdf\n    sha256: {DIGEST}\n",
    )
    assert check_portfolio(root).problems == []


def test_attach_adds_a_new_intyg(cli: Cli, root: Path, scan: Path) -> None:
    code, out = cli("attach", str(scan), "--to", "courses/2026-02-02-diagnostik.yaml", "--role", "handledare", cwd=root)
    assert code == 0, out
    text = (root / "courses/2026-02-02-diagnostik.yaml").read_text()
    assert text.startswith("# Kursen gick i Lund\ntitle: Psykiatrisk diagnostik  # Lipus-certifierad\n")
    assert text.endswith(
        "    date: 2026-02-04\n"
        "  - file: evidence/2026-02-02-diagnostik-skanning-001.pdf\n"
        "    issued_by: Per Holm\n"
        "    role: handledare\n"
        "    date: 2026-02-04\n"
        f"    sha256: {DIGEST}\n"
        "notes: Bra kurs.\n"
    )
    assert check_portfolio(root).problems == []


def test_attach_twice_never_overwrites_evidence(cli: Cli, root: Path, scan: Path) -> None:
    for _ in range(2):
        assert cli("attach", str(scan), "--to", "courses/2026-02-02-diagnostik.yaml", "--by", "X", cwd=root)[0] == 0
    assert sorted(p.name for p in (root / "evidence").iterdir()) == [
        "2026-02-02-diagnostik-skanning-001-2.pdf",
        "2026-02-02-diagnostik-skanning-001.pdf",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["saknas.pdf", "--to", "courses/2026-02-02-diagnostik.yaml"], "stfolio: saknas.pdf: no such file\n"),
        (["{scan}", "--to", "courses/nej.yaml"], "stfolio: courses/nej.yaml: no such record\n"),
        (
            ["{scan}", "--to", "courses/2026-02-02-diagnostik.yaml", "--intyg", "3"],
            "stfolio: courses/2026-02-02-diagnostik.yaml: the record has no intyg number 3\n",
        ),
    ],
)
def test_attach_refuses_clearly_and_leaves_nothing(
    english: None, cli: Cli, root: Path, scan: Path, args: list[str], message: str
) -> None:
    before = (root / "courses/2026-02-02-diagnostik.yaml").read_text()
    code, out = cli("attach", *[a.format(scan=scan) for a in args], cwd=root)
    assert code != 0 and out.endswith(message)
    assert (root / "courses/2026-02-02-diagnostik.yaml").read_text() == before
    assert not (root / "evidence").exists() or list((root / "evidence").iterdir()) == []


def test_check_guards_evidence(english: None, tmp_path: Path) -> None:
    good = b"%PDF intyg"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "evidence/a.pdf": good,
            "evidence/b.pdf": b"%PDF swapped",
            "placements/p.yaml": f"""\
                unit: Akuten
                start: 2025-09-01
                end: 2025-12-31
                bt: akut
                intyg:
                  - {{file: evidence/a.pdf, issued_by: A, role: handledare, date: 2025-12-31, sha256: {hashlib.sha256(good).hexdigest()}}}
                  - {{file: evidence/b.pdf, issued_by: A, role: handledare, date: 2025-12-31, sha256: {hashlib.sha256(good).hexdigest()}}}
                  - {{file: evidence/c.pdf, issued_by: A, role: handledare, date: 2025-12-31}}
                  - {{file: ../../etc/passwd, issued_by: A, role: handledare, date: 2025-12-31}}
                  - {{file: evidence/a.pdf, issued_by: A, role: handledare, date: 2025-12-31}}
                """,
        },
    )
    findings = check_portfolio(root).findings
    assert [f"{f.location} {f.severity} {f.code} {f.message}" for f in findings if f.code.startswith("STF41")] == [
        "placements/p.yaml:7:86 error STF412 evidence file 'evidence/b.pdf' has changed since it was attached "
        "(its sha256 differs)",
        "placements/p.yaml:8:12 error STF411 evidence file 'evidence/c.pdf' does not exist",
        "placements/p.yaml:9:12 error STF410 evidence path '../../etc/passwd' leads outside the portfolio",
        "placements/p.yaml:10:12 info STF413 evidence file 'evidence/a.pdf' has no sha256, so a swapped file "
        "would go unnoticed",
    ]


def test_impossible_evidence_paths_are_findings_not_crashes(english: None, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "courses/k.yaml": (
                'title: K\nstart: 2025-10-01\nintyg:\n  - {file: "evidence/a\\0b", issued_by: A, role: kursledare, date: 2025-10-01}\n'
                f"  - {{file: evidence/{'x' * 300}, issued_by: A, role: kursledare, date: 2025-10-01}}\n"
                "  - {file: /etc/passwd, issued_by: A, role: kursledare, date: 2025-10-01}\n"
            ),
        },
    )
    codes = [
        (f.location.line, f.code) for f in check_portfolio(root).findings if f.code.startswith(("STF41", "STF001"))
    ]
    assert codes == [(4, "STF411"), (5, "STF411"), (6, "STF410")]
    [nul] = [f for f in check_portfolio(root).findings if f.location.line == 4 and f.location.path == "courses/k.yaml"]
    assert nul.message == "evidence path 'evidence/a\\x00b' cannot be a file: embedded null byte"


def test_attach_never_replaces_a_scan_already_recorded(
    english: None, cli: Cli, root: Path, scan: Path, tmp_path: Path
) -> None:
    assert cli("attach", str(scan), "--to", "courses/2026-02-02-diagnostik.yaml", "--intyg", "1", cwd=root)[0] == 0
    before = (root / "courses/2026-02-02-diagnostik.yaml").read_text()
    other = tmp_path / "annan.pdf"
    other.write_bytes(b"%PDF other")
    code, out = cli("attach", str(other), "--to", "courses/2026-02-02-diagnostik.yaml", "--intyg", "1", cwd=root)
    assert code == 2 and "intyg 1 of courses/2026-02-02-diagnostik.yaml already has the file" in out
    assert (root / "courses/2026-02-02-diagnostik.yaml").read_text() == before
    assert len(list((root / "evidence").iterdir())) == 1


def test_an_uppercase_sha256_is_accepted(tmp_path: Path) -> None:
    data = b"%PDF intyg"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "evidence/a.pdf": data,
            "courses/k.yaml": "title: K\nstart: 2025-10-01\nintyg:\n  - {file: evidence/a.pdf, issued_by: A, role: kursledare, "
            f"date: 2025-10-01, sha256: {hashlib.sha256(data).hexdigest().upper()}}}\n",
        },
    )
    assert [f.code for f in check_portfolio(root).problems] == []


def test_attach_keeps_windows_line_endings_and_a_comment_after_an_empty_list(
    cli: Cli, tmp_path: Path, scan: Path
) -> None:
    course = "title: K\r\nstart: 2026-02-02\r\nintyg: []   # tom\r\nnotes: x\r\n"
    root = write_tree(tmp_path / "st", {"stfolio.yaml": PROFILE, "courses/k.yaml": course.encode()})
    assert cli("attach", str(scan), "--to", "courses/k.yaml", "--by", "Eva", cwd=root)[0] == 0
    text = (root / "courses/k.yaml").read_bytes().decode()
    assert text.startswith(
        "title: K\r\nstart: 2026-02-02\r\nintyg:   # tom\r\n  - file: evidence/k-skanning-001.pdf\r\n"
    )
    assert text.endswith("notes: x\r\n") and "\n" not in text.replace("\r\n", "")
    assert check_portfolio(root).problems == []


def test_one_poisoned_evidence_file_never_hides_the_others(
    english: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    good, swapped = b"%PDF intyg", b"%PDF swapped"
    sha = hashlib.sha256(good).hexdigest()
    root = write_tree(
        tmp_path / "st",
        {
            "stfolio.yaml": PROFILE,
            "evidence/a.pdf": good,
            "evidence/b.pdf": swapped,
            "evidence/locked.pdf": good,
            "evidence/huge.pdf": good,
            "placements/p.yaml": "unit: Akuten\nstart: 2025-09-01\nend: 2025-12-31\nbt: akut\nintyg:\n"
            + "".join(
                f"  - {{file: evidence/{name}, issued_by: A, role: handledare, date: 2025-12-31, sha256: {sha}}}\n"
                for name in ("loop.pdf", "locked.pdf", "fifo.pdf", "folder", "huge.pdf", "b.pdf", "a.pdf")
            ),
        },
    )
    os.symlink("loop.pdf", root / "evidence" / "loop.pdf")
    os.mkfifo(root / "evidence" / "fifo.pdf")
    (root / "evidence" / "folder").mkdir()
    os.truncate(root / "evidence" / "huge.pdf", 300 * 1024 * 1024)  # sparse: no disk used
    (root / "evidence" / "locked.pdf").chmod(0)
    real_open = os.open

    def refuse_locked(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("locked.pdf"):  # what the kernel does for anyone but root
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_locked)
    found = [
        f"{f.location.line} {f.code} {f.message}"
        for f in check_portfolio(root).findings
        if f.code[:4] in ("STF4", "STF0")
    ]
    assert found == [
        "6 STF416 evidence file 'evidence/loop.pdf' is a link that leads back to itself",
        "7 STF416 evidence file 'evidence/locked.pdf' cannot be read: Permission denied",
        "8 STF417 evidence file 'evidence/fifo.pdf' is not a regular file (a folder, device, pipe or socket)",
        "9 STF417 evidence file 'evidence/folder' is not a regular file (a folder, device, pipe or socket)",
        "10 STF418 evidence file 'evidence/huge.pdf' is 300 MiB; files above 256 MiB are not hashed",
        "11 STF412 evidence file 'evidence/b.pdf' has changed since it was attached (its sha256 differs)",
    ]


def test_a_bug_on_one_evidence_file_is_located_and_the_rest_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stfolio.figures import evidence

    good = b"%PDF intyg"
    root = write_tree(
        tmp_path / "st",
        {
            "stfolio.yaml": PROFILE,
            "evidence/a.pdf": good,
            "evidence/b.pdf": good,
            "courses/k.yaml": "title: K\nstart: 2025-10-01\nintyg:\n"
            "  - {file: evidence/a.pdf, issued_by: A, role: kursledare, date: 2025-10-01, sha256: " + "a" * 64 + "}\n"
            "  - {file: evidence/b.pdf, issued_by: A, role: kursledare, date: 2025-10-01, sha256: " + "a" * 64 + "}\n",
        },
    )
    real = evidence.sha256_regular

    def buggy(path: Path, limit: int) -> str:
        if path.name == "a.pdf":
            raise KeyError("boom")
        return real(path, limit)

    monkeypatch.setattr(evidence, "sha256_regular", buggy)
    found = [f"{f.location} {f.code}" for f in check_portfolio(root).findings if f.code[:4] in ("STF4", "STF0")]
    assert found == ["courses/k.yaml:4:12 STF001", "courses/k.yaml:5:86 STF412"]
