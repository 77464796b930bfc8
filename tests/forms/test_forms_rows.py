"""Row groups: more rows than the form has continue on a second copy."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms.formblanks import bilaga_6_like, build_blank, write_mapping
from stfolio.forms import Blank, FormError, fill, load_mappings, recognise

UNIT = "Tjänstgöringsställe sjukhus klinik enhet eller annan specificeringRow{n}"
SUMMA = "Tjänstgöringens omfatt ning omräknad till månader på heltidSumma"


def _blank(tmp_path: Path, rows: int = 3, continuation: bool = True) -> Blank:
    specs, use = bilaga_6_like(rows)
    data = build_blank(specs)
    write_mapping(
        tmp_path / "forms",
        data,
        use,
        form="bilaga-6",
        row_columns=["unit", "period", "fte_months"],
        continuation=continuation,
        file_name="2021-2-7212-bilaga-6.pdf",
    )
    return recognise(data, "b6.pdf", load_mappings(tmp_path / "forms"))


def _values(data: bytes) -> dict[str, object]:
    return {k: v.get("/V") for k, v in (PdfReader(io.BytesIO(data)).get_fields() or {}).items()}


ROWS = [{"unit": f"Klinik {n}", "period": f"2{n}0101–2{n}0630", "fte_months": "6,0"} for n in range(1, 6)]


def test_rows_beyond_the_form_continue_on_a_second_copy(tmp_path: Path) -> None:
    blank = _blank(tmp_path)
    filled = fill(
        blank, {"trainee.last_name": "Ek", "attachment.number": "4", "rows.total_fte_months": "30,0"}, rows=ROWS
    )
    assert [c.label for c in filled.copies] == ["4", "4b"]
    first, second = (_values(c.data) for c in filled.copies)
    assert [first[UNIT.format(n=n)] for n in (1, 2, 3)] == ["Klinik 1", "Klinik 2", "Klinik 3"]
    assert [second[UNIT.format(n=n)] for n in (1, 2)] == ["Klinik 4", "Klinik 5"]
    assert second[UNIT.format(n=3)] is None
    assert second["Efternamn"] == "Ek"
    # the total is the whole list's, so it is printed once, on the last copy
    assert first[SUMMA] is None and second[SUMMA] == "30,0"


def test_rows_that_fit_need_one_copy(tmp_path: Path) -> None:
    filled = fill(_blank(tmp_path), {"trainee.last_name": "Ek"}, rows=ROWS[:3])
    assert len(filled.copies) == 1


def test_a_row_with_a_column_the_form_lacks_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="columns"):
        fill(_blank(tmp_path), {}, rows=[{"unit": "x", "extent_percent": "100"}])


def test_too_many_rows_for_a_form_without_continuation_copies_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="do not fit"):
        fill(_blank(tmp_path, continuation=False), {}, rows=ROWS)
