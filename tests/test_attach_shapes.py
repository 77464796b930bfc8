"""`attach` works on every intyg shape `check` accepts, and every comment stays on its own line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import write_tree
from test_cli_log import PROFILE

from stfolio.rules import check_portfolio
from stfolio.write.attach import AttachRequest, attach_scan

HEAD = "title: K  # kursen\nstart: 2026-02-02\n"
SHAPES = {
    "block items, comments everywhere": HEAD
    + "intyg:\n  # första intyget\n  - issued_by: Eva  # kursledaren\n    role: kursledare\n"
    "    date: 2026-02-04  # signerat\n  # slut på listan\nnotes: x  # sist\n",
    "list at the key's indentation": HEAD + "intyg:\n- issued_by: Eva\n  role: kursledare\n  date: 2026-02-04\n",
    "wide dashes and four-space indent": HEAD
    + "intyg:\n    -   issued_by: Eva\n        role: kursledare\n        date: 2026-02-04\nnotes: x\n",
    "block list of flow items": HEAD
    + "intyg:\n  - {issued_by: Eva, role: kursledare, date: 2026-02-04}  # ett\nnotes: x\n",
    "flow list on one line": HEAD + "intyg: [{issued_by: Eva, role: kursledare, date: 2026-02-04}]  # ett\n",
    "flow list over lines, trailing comma": HEAD
    + "intyg: [\n  {issued_by: Eva, role: kursledare, date: 2026-02-04},\n]\nnotes: x\n",
    "empty flow list with a comment": HEAD + "intyg: []   # inget än\nnotes: x\n",
    "no intyg, no final newline": HEAD + "notes: x  # slut",
    "record as one flow mapping": "{title: K, start: 2026-02-02, intyg: [{issued_by: Eva, role: kursledare, "
    "date: 2026-02-04}]}\n",
    "record as one flow mapping, no intyg": "{title: K, start: 2026-02-02}  # kort\n",
    "nested delmal list last": HEAD
    + "intyg:\n  - issued_by: Eva\n    role: kursledare\n    date: 2026-02-04\n    delmal:\n      - STa1\n"
    "      - STb1  # två\nnotes: x\n",
    "block scalar last": HEAD + "intyg:\n  - role: kursledare\n    date: 2026-02-04\n    issued_by: >-\n      Eva\n"
    "      Kursledare\n\nnotes: x\n",
    "quoted names": HEAD + "intyg:\n  - {issued_by: 'Eva Berg, MD: kursledare', role: kursledare, date: 2026-02-04}\n",
    "empty file field": HEAD
    + "intyg:\n  - issued_by: Eva\n    file:\n    role: kursledare  # roll\n    date: 2026-02-04\n",
    "null file in a flow item": HEAD + "intyg: [{issued_by: Eva, file: ~, role: kursledare, date: 2026-02-04}]\n",
    "windows line endings": (
        HEAD + "intyg:\n  - issued_by: Eva  # x\n    role: kursledare\n    date: 2026-02-04\n"
    ).replace("\n", "\r\n"),
}
DATA = b"%PDF-1.4 kursintyg"
DIGEST = hashlib.sha256(DATA).hexdigest()


def comment_lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n", "\n").split("\n") if "#" in line]


def stays_on_its_line(line: str, after: list[str]) -> bool:
    """A comment line is kept as it is; a comment after a value stays after that value's line.

    The value's line may have grown (a flow list gets an item, `[]` becomes a block list), so
    only what comes before the first bracket must be the same.
    """
    content, _, comment = line.partition("#")
    if not content.strip():
        return line in after
    head = content.split("[")[0].split("{")[0].rstrip()
    return any(new.startswith(head) and new.endswith("#" + comment) for new in after)


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "skanning.pdf"
    path.write_bytes(DATA)
    return path


CASES = [
    pytest.param(shape, fill_in, id=f"{shape}: {'fill in intyg 1' if fill_in else 'new intyg'}")
    for shape, text in SHAPES.items()
    for fill_in in (False, True)
    if not fill_in or "issued_by" in text
]


@pytest.mark.parametrize(("shape", "fill_in"), CASES)
def test_attach_to_every_shape_check_accepts(tmp_path: Path, scan: Path, shape: str, fill_in: bool) -> None:
    text = SHAPES[shape]
    root = write_tree(tmp_path / "st", {"stfolio.yaml": PROFILE, "courses/k.yaml": text.encode()})
    assert check_portfolio(root).ok, shape  # a shape check accepts
    has_intyg = "issued_by" in text
    done = attach_scan(
        AttachRequest(scan=scan, to=root / "courses/k.yaml", intyg_number=1 if fill_in else None, by="Eva Berg")
    )
    after = (root / "courses/k.yaml").read_bytes().decode()
    result = check_portfolio(root)
    assert result.ok and [f.code for f in result.problems] == [], after
    [entry] = result.portfolio.courses
    intyg = entry.record.intyg
    assert len(intyg) == (1 if fill_in or not has_intyg else 2), after
    assert (intyg[0] if fill_in else intyg[-1]).file == done.evidence
    assert (intyg[0] if fill_in else intyg[-1]).sha256 == DIGEST
    lines = after.replace("\r\n", "\n").split("\n")
    assert len(comment_lines(after)) == len(comment_lines(text))
    for line in comment_lines(text):  # every comment still on its own line
        assert stays_on_its_line(line, lines), (line, after)
    assert ("\r\n" in text) == ("\r\n" in after) and ("\r\n" not in text or "\n" not in after.replace("\r\n", ""))


def test_a_comment_moved_off_its_value_line_would_be_caught() -> None:
    moved = ["    date: 2026-02-04", "    file: x  # signerat"]  # what the old splice made of a trailing comment
    assert not stays_on_its_line("    date: 2026-02-04  # signerat", moved)
    assert stays_on_its_line("    date: 2026-02-04  # signerat", ["    date: 2026-02-04  # signerat"])
