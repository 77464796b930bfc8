"""The result cache is never stale: after every change that can change an answer, the answer
from the cache equals a fresh run's, byte for byte, with the same exit code.

Each test primes the cache, asserts the next run is answered from it, changes one thing, and
asserts that the run after the change is worked out again and says what a fresh run says.
Runs go through ``stfolio.main.run`` in-process (the console entry point, where the cache
sits); one test runs real processes.
"""

from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import stfolio
from stfolio import cache, main
from stfolio.loader import find_root
from stfolio.resources import example_portfolio, user_cache_dir
from tests.conftest import PROFILE_2021, write_tree

PROFILE = PROFILE_2021 + "policies: [lokal]\n"
PACK = (
    "id: lokal\ntitle: Vår klinik\nsource: {title: Klinikens PM}\nnorms:\n"
    "  - id: bedomningar\n    title: Bedömningar\n    count: {records: assessments}\n    minimum: 12\n"
    "    per: st-year\n"
)
SCAN = b"%PDF-1.4 kursintyg"
COURSE = f"""\
title: Psykiatrisk diagnostik
start: 2025-10-06
end: 2025-10-08
delmal: [STc1]
intyg:
  - {{file: evidence/kurs.pdf, issued_by: Eva Kursledare, role: kursledare, date: 2025-10-08, sha256: {hashlib.sha256(SCAN).hexdigest()}}}
"""
MEETING = """\
date: 2025-10-06
kind: handledarsamtal
participants: [Per Holm]
delmal: [BT1]
"""
FILES = {
    "stfolio.yaml": PROFILE,
    "goals/policies/lokal.yaml": PACK,
    "meetings/2025-10-06-handledarsamtal.yaml": MEETING,
    "meetings/2025-11-03-handledarsamtal.yaml": MEETING.replace("2025-10-06", "2025-11-03").replace("BT1", "BT2"),
    "courses/2025-10-06-diagnostik.yaml": COURSE,
    "evidence/kurs.pdf": SCAN,
}
AS_OF = ["--as-of", "2026-01-15"]
COMMANDS = [
    ["check", *AS_OF],
    ["check", "--format", "json", *AS_OF],
    ["check", "--application", *AS_OF],
    ["status", *AS_OF],
    ["status", "--goal", "BT1", *AS_OF],
    ["status", "--format", "json", *AS_OF],
    ["report", "annual", "--year", "2025", "-f", "html", *AS_OF],
    ["report", "iup", *AS_OF],
    ["report", "application", "--format", "json", *AS_OF],
]


@dataclass(frozen=True)
class Run:
    out: str
    err: str
    code: int
    cached: bool  # answered from the cache: the command line never ran


@pytest.fixture
def stfolio_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Iterator[Callable[..., Run]]:
    """Run ``stfolio ARGS`` through the console entry point from ``cwd``, with or without the cache."""
    import stfolio.cli

    monkeypatch.delenv(cache.OFF_ENV, raising=False)
    monkeypatch.setenv(cache.DIR_ENV, str(tmp_path / "cache"))
    ran: list[bool] = []
    real = stfolio.cli.run

    def counting() -> None:
        ran.append(True)
        real()

    monkeypatch.setattr(stfolio.cli, "run", counting)

    def run(*args: str, cwd: Path, fresh: bool = False) -> Run:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["stfolio", *args])
        if fresh:
            monkeypatch.setenv(cache.OFF_ENV, "1")
        ran.clear()
        capsys.readouterr()
        try:
            main.run()
            code = 0
        except SystemExit as exit:
            code = 0 if exit.code is None else int(exit.code)
        finally:
            monkeypatch.delenv(cache.OFF_ENV, raising=False)
        out, err = capsys.readouterr()
        return Run(out, err, code, cached=not ran)

    yield run
    gc.enable()


def settle() -> None:
    """Let the files just written age past the moment in which a change could keep its time stamp."""
    time.sleep(cache.RACY_NS / 1e9 + 0.02)


def primed(run: Callable[..., Run], args: list[str], cwd: Path) -> Run:
    """Run once to store the answer, then assert the next run is answered from the cache, identically."""
    settle()
    first = run(*args, cwd=cwd)
    second = run(*args, cwd=cwd)
    assert not first.cached
    assert second.cached, args
    assert second == Run(first.out, first.err, first.code, cached=True)
    return second


def same_as_fresh(run: Callable[..., Run], args: list[str], cwd: Path, cached: bool = False) -> None:
    """The run (from the cache or not, as expected) says exactly what a fresh run says."""
    answer = run(*args, cwd=cwd)
    fresh = run(*args, cwd=cwd, fresh=True)
    assert answer.cached is cached, args
    assert (answer.out, answer.err, answer.code) == (fresh.out, fresh.err, fresh.code)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "p", FILES)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unchanged_portfolio_answers_from_the_cache(
    stfolio_run: Callable[..., Run], root: Path, args: list[str]
) -> None:
    primed(stfolio_run, args, root)
    same_as_fresh(stfolio_run, args, root, cached=True)


def test_a_failing_check_is_cached_with_its_exit_code(stfolio_run: Callable[..., Run], root: Path) -> None:
    (root / "meetings/2025-10-06-handledarsamtal.yaml").write_text(MEETING.replace("BT1", "XX9"), encoding="utf-8")
    answer = primed(stfolio_run, ["check", *AS_OF], root)
    assert answer.code == 1 and "XX9" in answer.out


def _edit(root: Path) -> None:
    # the same size, so only the time stamps tell
    path = root / "meetings/2025-10-06-handledarsamtal.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("BT1", "XX1"), encoding="utf-8")


def _add(root: Path) -> None:
    (root / "meetings/2025-12-01-handledarsamtal.yaml").write_text(
        MEETING.replace("2025-10-06", "2025-12-01"), encoding="utf-8"
    )


def _remove(root: Path) -> None:
    (root / "courses/2025-10-06-diagnostik.yaml").unlink()


def _rename(root: Path) -> None:
    (root / "meetings/2025-10-06-handledarsamtal.yaml").rename(root / "meetings/2025-10-06-samtal.txt")


def _touch(root: Path) -> None:
    path = root / "meetings/2025-10-06-handledarsamtal.yaml"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**9))


def _swap(root: Path) -> None:
    # two files of the same size trade places: same names, sizes and times, other content
    a, b = root / "meetings/2025-10-06-handledarsamtal.yaml", root / "meetings/2025-11-03-handledarsamtal.yaml"
    a.rename(root / "meetings/tmp")
    b.rename(a)
    (root / "meetings/tmp").rename(b)


def _evidence_changed(root: Path) -> None:
    (root / "evidence/kurs.pdf").write_bytes(SCAN.replace(b"kurs", b"KURS"))


def _evidence_removed(root: Path) -> None:
    (root / "evidence/kurs.pdf").unlink()


def _policy(root: Path) -> None:
    (root / "goals/policies/lokal.yaml").write_text(PACK.replace("12", "13"), encoding="utf-8")


def _profile_language(root: Path) -> None:
    (root / "stfolio.yaml").write_text(PROFILE + "language: en\n", encoding="utf-8")


def _new_folder(root: Path) -> None:
    (root / "notes").mkdir()


def _draft(root: Path) -> None:
    write_tree(root, {".stfolio/drafts/meeting.yaml": "notes: 19121212-1212\n"})


CHANGES = [
    _edit,
    _add,
    _remove,
    _rename,
    _touch,
    _swap,
    _evidence_changed,
    _evidence_removed,
    _policy,
    _profile_language,
    _new_folder,
    _draft,
]


# Every change under `check`; those that change what the reports and status show under them too.
CASES = [(COMMANDS[0], change) for change in CHANGES] + [
    (args, change)
    for args in (COMMANDS[3], COMMANDS[6])
    for change in (_edit, _swap, _evidence_changed, _policy, _profile_language)
]


@pytest.mark.parametrize(
    ("args", "change"), CASES, ids=[f"{' '.join(args[:2])}-{change.__name__.strip('_')}" for args, change in CASES]
)
def test_a_change_is_never_answered_from_before_it(
    stfolio_run: Callable[..., Run], root: Path, args: list[str], change: Callable[[Path], None]
) -> None:
    primed(stfolio_run, args, root)
    change(root)
    same_as_fresh(stfolio_run, args, root)
    settle()
    stfolio_run(*args, cwd=root)  # stored again after the change (if not by the run above)
    same_as_fresh(stfolio_run, args, root, cached=True)


def test_a_local_catalogue_and_a_template(stfolio_run: Callable[..., Run], tmp_path: Path) -> None:
    goals = (
        "regulation: HSLF-FS 2021:8\nspecialty: geriatrik\ngoals:\n  - id: STc1\n    group: STc\n    title: Bedömning\n"
    )
    root = write_tree(
        tmp_path / "p",
        {
            **FILES,
            "stfolio.yaml": PROFILE.replace("psykiatri", "geriatrik"),
            "goals/geriatrik.yaml": goals,
            "templates/iup.md.j2": "IUP för {{ r.header.trainee | md }}\n",
        },
    )
    for args in (["check", *AS_OF], ["report", "iup", *AS_OF]):
        primed(stfolio_run, args, root)
        (root / "goals/geriatrik.yaml").write_text(goals.replace("STc1", "STc2"), encoding="utf-8")
        (root / "templates/iup.md.j2").write_text("IUP, {{ r.header.trainee | md }}\n", encoding="utf-8")
        same_as_fresh(stfolio_run, args, root)
        (root / "goals/geriatrik.yaml").write_text(goals, encoding="utf-8")


def test_the_date_language_version_and_folder_are_part_of_the_key(
    stfolio_run: Callable[..., Run], root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = ["check"]  # as of today
    primed(stfolio_run, check, root)
    monkeypatch.setattr(cache, "today", lambda: "2099-01-01")
    same_as_fresh(stfolio_run, check, root)
    for args in (["check", "--as-of", "2026-01-16"], ["--lang", "en", "check", *AS_OF], ["--lang=sv", "check", *AS_OF]):
        same_as_fresh(stfolio_run, args, root)
    monkeypatch.setenv("STFOLIO_LANG", "en")
    same_as_fresh(stfolio_run, ["check", *AS_OF], root)
    monkeypatch.setattr(stfolio, "__version__", "99.0")
    same_as_fresh(stfolio_run, ["check", *AS_OF], root)
    # paths are shown relative to the current folder
    same_as_fresh(stfolio_run, ["check", "meetings", *AS_OF], root)
    same_as_fresh(stfolio_run, ["check", "p", *AS_OF], root.parent)
    same_as_fresh(stfolio_run, ["check", "--dir", "..", *AS_OF], root / "meetings")


def test_a_shipped_file_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = write_tree(
        tmp_path / "stfolio",
        {"__init__.py": "", "_data/goals/hslf-fs-2021-8.yaml": "goals: []\n", "_data/templates/a.j2": ""},
    )
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE})
    monkeypatch.setattr(cache, "_PACKAGE", str(package))
    command = cache.parse(["check"])
    assert command is not None

    def key() -> bytes:
        found = cache.fingerprint(command, ["check"], str(root))
        assert found is not None
        return found.digest()

    before = key()
    assert key() == before
    (package / "_data/goals/hslf-fs-2021-8.yaml").write_text("goals: [] \n", encoding="utf-8")
    assert key() != before
    (package / "__pycache__").mkdir()  # compiled code is not stfolio changing
    (package / "__pycache__/cache.pyc").write_bytes(b"")
    after = key()
    (package / "__pycache__/cache.pyc").write_bytes(b"xx")
    assert key() == after


def test_the_terminal_size_of_any_standard_stream_is_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rich sizes `status` by the first standard stream that is a terminal, standard input too."""
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE})
    command = cache.parse(["status"])
    assert command is not None
    sizes = {0: os.terminal_size((120, 40))}

    def size(fd: int) -> os.terminal_size:
        if fd not in sizes:
            raise OSError("not a terminal")
        return sizes[fd]

    monkeypatch.setattr(os, "get_terminal_size", size)

    def key() -> bytes:
        found = cache.fingerprint(command, ["status"], str(root))
        assert found is not None
        return found.digest()

    wide = key()
    sizes[0] = os.terminal_size((80, 40))
    assert key() != wide


def test_the_example_is_cached_and_says_where_it_is(stfolio_run: Callable[..., Run], tmp_path: Path) -> None:
    args = ["check", "--example", "--as-of", "2026-11-23"]
    answer = primed(stfolio_run, args, tmp_path)
    assert answer.err.startswith("stfolio: kontrollerar den medföljande exempelportföljen i ")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    same_as_fresh(stfolio_run, args, elsewhere)  # another folder: another relative path


def _resealed(data: bytes, body: bytes) -> bytes:
    """An entry with a valid checksum around a body this module would never write."""
    head = len(cache.FORMAT) + 32
    return data[:head] + hashlib.blake2b(body, digest_size=32).digest() + body


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"stfolio result cache 0\n" + data[len(cache.FORMAT) :],
        lambda data: b"",
        lambda data: data.replace(b"exit 0\n", b"exit 7\n"),
        lambda data: _resealed(data, b"exit 0\n1w2\n\xff\xfe"),
        lambda data: _resealed(data, b"exit 0\n3w1\nx"),
        lambda data: _resealed(data, b"exit 7\n"),
    ],
    ids=["torn", "flipped", "foreign", "empty", "tampered", "not-utf-8", "no-such-stream", "odd-exit"],
)
def test_a_damaged_entry_is_ignored(
    stfolio_run: Callable[..., Run], root: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    primed(stfolio_run, ["check", *AS_OF], root)
    [entry] = (tmp_path / "cache").iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    same_as_fresh(stfolio_run, ["check", *AS_OF], root)


def test_an_entry_under_another_key_is_ignored(stfolio_run: Callable[..., Run], root: Path, tmp_path: Path) -> None:
    primed(stfolio_run, ["check", *AS_OF], root)
    [first] = (tmp_path / "cache").iterdir()
    stored = first.read_bytes()
    _edit(root)
    settle()
    stfolio_run("check", *AS_OF, cwd=root)
    [second] = [p for p in (tmp_path / "cache").iterdir() if p != first]
    second.write_bytes(stored)  # the old answer, under the new key's name
    same_as_fresh(stfolio_run, ["check", *AS_OF], root)


def test_the_cache_is_bounded(
    stfolio_run: Callable[..., Run], root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    settle()
    for day in range(10, 16):
        stfolio_run("check", "--as-of", f"2026-01-{day}", cwd=root)
        time.sleep(0.01)
    assert len(list((tmp_path / "cache").iterdir())) == 3
    assert stfolio_run("check", "--as-of", "2026-01-15", cwd=root).cached  # the newest stay
    assert not stfolio_run("check", "--as-of", "2026-01-10", cwd=root).cached
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 1)
    stfolio_run("check", "--as-of", "2026-01-11", cwd=root)
    assert list((tmp_path / "cache").iterdir()) == []


def test_no_cache_and_the_environment_turn_it_off(
    stfolio_run: Callable[..., Run], root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle()
    for _ in range(2):
        assert not stfolio_run("check", "--no-cache", *AS_OF, cwd=root).cached
    assert not (tmp_path / "cache").exists()
    primed(stfolio_run, ["check", *AS_OF], root)
    assert not stfolio_run("check", *AS_OF, "--no-cache", cwd=root).cached
    monkeypatch.setenv(cache.OFF_ENV, "1")
    assert not stfolio_run("check", *AS_OF, cwd=root).cached


@pytest.mark.parametrize(
    "args",
    [
        ["report", "iup", "-o", "iup.md", *AS_OF],
        ["goals", "list"],
        ["check", "--help"],
        ["check", "--as-of", "2026-13-01"],
        ["check", "nowhere"],
        ["check", "--dir", ".", "-C", "."],
        ["check", "--", "."],
    ],
    ids=" ".join,
)
def test_what_is_not_cached(stfolio_run: Callable[..., Run], root: Path, args: list[str]) -> None:
    settle()
    for _ in range(2):
        assert not stfolio_run(*args, cwd=root).cached


def test_a_portfolio_with_a_link_or_evidence_in_git_is_not_cached(stfolio_run: Callable[..., Run], root: Path) -> None:
    (root / "evidence/kopia.pdf").symlink_to(root / "evidence/kurs.pdf")
    settle()
    for _ in range(2):
        assert not stfolio_run("check", *AS_OF, cwd=root).cached
    (root / "evidence/kopia.pdf").unlink()
    write_tree(root, {".git/intyg.pdf": SCAN})
    course = root / "courses/2025-10-06-diagnostik.yaml"
    course.write_text(COURSE.replace("evidence/kurs.pdf", ".git/intyg.pdf"), encoding="utf-8")
    settle()
    for _ in range(2):
        assert not stfolio_run("check", *AS_OF, cwd=root).cached
    # .git/ itself is left out of the key: git rewrites it on every command
    course.write_text(COURSE, encoding="utf-8")
    primed(stfolio_run, ["check", *AS_OF], root)
    write_tree(root, {".git/index": b"changed"})
    assert stfolio_run("check", *AS_OF, cwd=root).cached


def test_the_cache_finds_what_the_command_line_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "p", {"stfolio.yaml": PROFILE, "meetings/m.yaml": MEETING})
    monkeypatch.delenv(cache.DIR_ENV, raising=False)
    assert cache.cache_dir() == str(user_cache_dir() / "results")
    assert cache.example_dir() == str(example_portfolio())
    assert cache.find_root(str(root / "meetings")) == str(find_root(root / "meetings"))
    assert cache.find_root(str(tmp_path)) is None
    monkeypatch.chdir(root)  # `--application FOLDER`: a folder that exists is the portfolio, as for click
    command = cache.parse(["--lang", "en", "check", "--application", "meetings", "--format=json"])
    assert command == cache.Command(("check",), {"--application": "next", "--format": "json"}, "meetings")
    assert cache.parse(["check", "--application", "bt", "x"]) == cache.Command(("check",), {"--application": "bt"}, "x")
    assert cache.parse(["report", "annual", "-f", "html", "--example"]) == cache.Command(
        ("report", "annual"), {"-f": "html"}, example=True
    )
    assert cache.parse(["report", "annual", "x"]) is None
    assert cache.parse(["status", "a", "b"]) is None


def test_real_processes_answer_identically(tmp_path: Path, root: Path) -> None:
    """`stfolio check` twice as the console script: the second from the cache, byte for byte."""
    env = {**os.environ, cache.DIR_ENV: str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop(cache.OFF_ENV, None)
    argv = [sys.executable, "-m", "stfolio", "check", *AS_OF]
    settle()
    runs = [subprocess.run(argv, cwd=root, env=env, capture_output=True, check=False) for _ in range(2)]
    [entry] = (tmp_path / "cache").iterdir()
    used = entry.stat().st_mtime_ns
    time.sleep(0.02)
    runs.append(subprocess.run(argv, cwd=root, env=env, capture_output=True, check=False))
    assert entry.stat().st_mtime_ns > used  # answered from the entry, which was marked as used
    both = subprocess.run(
        [*argv, "--format", "json"], cwd=root, env=env, stderr=subprocess.STDOUT, stdout=subprocess.PIPE
    )
    again = subprocess.run(
        [*argv, "--format", "json"], cwd=root, env=env, stderr=subprocess.STDOUT, stdout=subprocess.PIPE
    )
    fresh = subprocess.run([*argv, "--no-cache"], cwd=root, env=env, capture_output=True, check=False)
    assert [(r.stdout, r.stderr, r.returncode) for r in runs] == [(fresh.stdout, fresh.stderr, fresh.returncode)] * 3
    assert both.stdout == again.stdout and both.returncode == again.returncode


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path, root: Path) -> None:
    """Several processes at once on one cache: each answers as a fresh run, and one whole entry is left."""
    env = {**os.environ, cache.DIR_ENV: str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop(cache.OFF_ENV, None)
    argv = [sys.executable, "-m", "stfolio", "check", "--format", "json", *AS_OF]
    fresh = subprocess.run([*argv, "--no-cache"], cwd=root, env=env, capture_output=True, check=False)
    settle()
    for _ in range(2):  # all miss and store at once, then all answer from the cache at once
        running = [
            subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)
        ]
        answers = [(*process.communicate(), process.returncode) for process in running]
        assert answers == [(fresh.stdout, fresh.stderr, fresh.returncode)] * 3
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".entry"]
