"""Recognising a blank: the known checksum is accepted; any other blank is refused, a re-saved copy
with the same fields and sizes only when the user accepts it explicitly."""

from __future__ import annotations

import dataclasses
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


def _resaved(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Producer": "Socialstyrelsen, saved again"})
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue() != data
    return out.getvalue()


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("change", ["resaved", "appended"])
def test_a_blank_with_the_known_fields_but_another_checksum_is_refused(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]], change: str
) -> None:
    data, mappings = bilaga_9
    changed = _resaved(data) if change == "resaved" else data + b"\n% altered\n"
    with pytest.raises(FormError) as caught:
        recognise(changed, "2021-2-7212-bilaga-9.pdf", mappings)
    message, hint = str(caught.value), caught.value.hint
    assert message.startswith("2021-2-7212-bilaga-9.pdf has the fields of bilaga-9 (hslf-fs-2021-8) – ")
    assert "it is not a blank stfolio knows" in message
    assert f"stfolio knows this form as 2021-2-7212-bilaga-9.pdf (sha256 {mappings[0].sha256[:16]}…)" in hint
    assert "download the current blank from Socialstyrelsen" in hint and "docs/forms.md" in hint
    assert "--accept-changed-blank" in hint


@pytest.mark.usefixtures("english")
def test_a_resaved_blank_is_accepted_when_asked_and_says_so(bilaga_9: tuple[bytes, tuple[FormMapping, ...]]) -> None:
    data, mappings = bilaga_9
    blank = recognise(_resaved(data), "2021-2-7212-bilaga-9.pdf", mappings, accept_changed=True)
    assert blank.matched_by == "fields"
    assert "is not the known blank of bilaga-9 (hslf-fs-2021-8)" in blank.note
    assert "--accept-changed-blank" in blank.note


@pytest.mark.usefixtures("english")
def test_a_changed_blank_whose_boxes_have_other_sizes_is_refused_even_when_asked(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]],
) -> None:
    _data, mappings = bilaga_9
    first = BILAGA_9[0]
    x0, y0, x1, y1 = first.rect
    wider = build_blank([dataclasses.replace(first, rect=(x0, y0, x1 + 40, y1)), *BILAGA_9[1:]])
    with pytest.raises(FormError) as caught:
        recognise(wider, "2021-2-7212-bilaga-9.pdf", mappings, accept_changed=True)
    assert f"'{first.name}' is p. 1 {x1 + 40 - x0:g}×{y1 - y0:g} pt (known: p. 1 {x1 - x0:g}×{y1 - y0:g} pt)" in str(
        caught.value
    )
    number = BILAGA_9[1]
    larger = build_blank([first, dataclasses.replace(number, size=number.size + 2), *BILAGA_9[2:]])
    with pytest.raises(FormError, match="has font_size"):
        recognise(larger, "2021-2-7212-bilaga-9.pdf", mappings, accept_changed=True)


@pytest.mark.usefixtures("english")
def test_an_altered_blank_is_refused_naming_the_form_and_the_known_versions(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]],
) -> None:
    _data, mappings = bilaga_9
    altered = build_blank([*BILAGA_9[:-1], Spec("Ny ruta", (72, 20, 200, 40))])
    with pytest.raises(FormError) as caught:
        recognise(altered, "bilaga-9.pdf", mappings)
    message = str(caught.value)
    assert "looks like bilaga-9 (hslf-fs-2021-8)" in message
    assert "1 field missing, e.g. 'Handledare'" in message
    assert "1 field stfolio does not know, e.g. 'Ny ruta'" in message
    assert "2021-2-7212-bilaga-9.pdf" in caught.value.hint


@pytest.mark.usefixtures("english")
def test_an_unrelated_pdf_is_refused_with_the_list_of_known_forms(
    bilaga_9: tuple[bytes, tuple[FormMapping, ...]],
) -> None:
    _data, mappings = bilaga_9
    other = build_blank([Spec("Namn", (72, 700, 300, 720)), Spec("Adress", (72, 600, 300, 620))])
    with pytest.raises(FormError) as caught:
        recognise(other, "annat.pdf", mappings)
    assert "not a Socialstyrelsen blank stfolio knows" in str(caught.value)
    assert "bilaga-9 (hslf-fs-2021-8) (2021-2-7212-bilaga-9.pdf)" in caught.value.hint


@pytest.mark.usefixtures("english")
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
