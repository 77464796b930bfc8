"""Recognising a blank: known checksum, a re-saved copy with the same fields, anything else refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from forms.formblanks import BILAGA_9, Spec, build_blank
from stfolio.forms import FormError, FormMapping, open_blank, recognise


def test_a_blank_with_the_known_checksum_is_recognised(bilaga_9: tuple[bytes, tuple[FormMapping, ...]]) -> None:
    data, mappings = bilaga_9
    blank = recognise(data, "x.pdf", mappings)
    assert blank.mapping.form == "bilaga-9"
    assert blank.matched_by == "checksum"
    assert blank.note == ""


def test_a_resaved_blank_with_the_same_fields_is_accepted_with_a_note(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]],
) -> None:
    data, mappings = bilaga_9
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Producer": "Socialstyrelsen, saved again"})
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue() != data
    blank = recognise(out.getvalue(), "2021-2-7212-bilaga-9.pdf", mappings)
    assert blank.matched_by == "fields"
    assert "bilaga-9 (hslf-fs-2021-8)" in blank.note
    assert "re-saves" in blank.note


def test_an_altered_blank_is_refused_naming_the_form_and_the_known_versions(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]],
) -> None:
    _data, mappings = bilaga_9
    altered = build_blank([*BILAGA_9[:-1], Spec("Ny ruta", (72, 20, 200, 40))])
    with pytest.raises(FormError) as caught:
        recognise(altered, "bilaga-9.pdf", mappings)
    message = str(caught.value)
    assert "looks like bilaga-9 (hslf-fs-2021-8)" in message
    assert "1 field(s) missing, e.g. 'Handledare'" in message
    assert "1 field(s) stfolio does not know, e.g. 'Ny ruta'" in message
    assert "2021-2-7212-bilaga-9.pdf" in caught.value.hint


def test_an_unrelated_pdf_is_refused_with_the_list_of_known_forms(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]],
) -> None:
    _data, mappings = bilaga_9
    other = build_blank([Spec("Namn", (72, 700, 300, 720)), Spec("Adress", (72, 600, 300, 620))])
    with pytest.raises(FormError) as caught:
        recognise(other, "annat.pdf", mappings)
    assert "not a Socialstyrelsen blank stfolio knows" in str(caught.value)
    assert "bilaga-9 (hslf-fs-2021-8) (2021-2-7212-bilaga-9.pdf)" in caught.value.hint


def test_a_pdf_without_fields_and_a_file_that_is_no_pdf_are_refused(
    tmp_path: Path, bilaga_9: tuple[bytes, tuple[FormMapping, ...]]
) -> None:
    _data, mappings = bilaga_9
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    flat = io.BytesIO()
    writer.write(flat)
    with pytest.raises(FormError, match="has no form fields"):
        recognise(flat.getvalue(), "scan.pdf", mappings)
    with pytest.raises(FormError, match="not a PDF stfolio can read"):
        recognise(b"hello", "hello.pdf", mappings)
    with pytest.raises(FormError, match="cannot read the blank"):
        open_blank(tmp_path / "missing.pdf", mappings)
