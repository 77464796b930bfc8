"""Output is written atomically and never over an existing file unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from stfolio.forms import Blank, FormError, fill, write_atomic, write_filled


def test_a_file_is_written_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out" / "bilaga-9.pdf"
    assert write_atomic(target, b"%PDF-1.7 data") == target
    assert target.read_bytes() == b"%PDF-1.7 data"
    assert sorted(p.name for p in target.parent.iterdir()) == ["bilaga-9.pdf"]


@pytest.mark.usefixtures("english")
def test_an_existing_file_is_kept_unless_overwrite_is_asked(tmp_path: Path) -> None:
    target = tmp_path / "bilaga-9.pdf"
    target.write_bytes(b"the trainee's own file")
    with pytest.raises(FormError, match="already exists"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"the trainee's own file"
    write_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bilaga-9.pdf"]


@pytest.mark.usefixtures("english")
def test_all_copies_are_refused_before_any_is_written(tmp_path: Path, blank_9: Blank) -> None:
    text = " ".join(f"ord{n:02d}" for n in range(1, 22))
    filled = fill(blank_9, {"intyg.description": text, "attachment.number": "7"})
    assert len(filled.copies) == 2
    (tmp_path / "bilaga-9-forts-1.pdf").write_bytes(b"taken")
    with pytest.raises(FormError, match=r"bilaga-9-forts-1\.pdf already exists"):
        write_filled(filled, tmp_path, "bilaga-9")
    assert not (tmp_path / "bilaga-9.pdf").exists()
    (tmp_path / "bilaga-9-forts-1.pdf").unlink()
    paths = write_filled(filled, tmp_path, "bilaga-9")
    assert [p.name for p in paths] == ["bilaga-9.pdf", "bilaga-9-forts-1.pdf"]
