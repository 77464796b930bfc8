"""Filling by field name: values read back, checkboxes, åäö, fields stay editable, flattening on request."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from stfolio.forms import Blank, FormError, fill, fit_field, plan_fill
from stfolio.forms.fonts import code_map

VALUES = {
    "attachment.number": "7",
    "trainee.last_name": "Åkesson Öberg",
    "trainee.first_name": "Märta",
    "specialty.name": "Psykiatri",
    "intyg.delmal": "STa1, STc3",
    "placement.unit": "Psykiatri, Växjö",
    "placement.period": "230901–240229",
    "intyg.description": "Kort beskrivning.",
    "signer.name": "Lars Ågren",
    "signer.specialty": "Psykiatri",
    "signer.workplace": "Växjö lasarett",
    "signer.role": "handledare",
}
PERSONAL = {"trainee.personnummer": "19900101-1234"}


def fields_of(data: bytes) -> dict[str, object]:
    return {name: f.get("/V") for name, f in (PdfReader(io.BytesIO(data)).get_fields() or {}).items()}


def test_every_value_reads_back_by_field_name(blank_9: Blank) -> None:
    filled = fill(blank_9, VALUES, PERSONAL)
    assert len(filled.copies) == 1
    read = fields_of(filled.copies[0].data)
    assert read["Efternamn"] == "Åkesson Öberg"
    assert read["Förnamn"] == "Märta"
    assert read["Personnummer"] == "19900101-1234"
    assert read["Period ååmmdd  ååmmdd"] == "230901–240229"
    assert read["Bilaga nr"] == "7"
    assert read["Handledare"] == "/Ja"
    assert read["Beskrivning av den kliniska tjänstgöringen"] == "Kort beskrivning."
    # the signer's fields stfolio never writes stay empty
    assert read["Personnummer_2"] is None and read["Ort och datum"] is None


def test_a_checkbox_stays_off_when_the_key_says_otherwise(blank_9: Blank) -> None:
    filled = fill(blank_9, VALUES | {"signer.role": "kursledare"}, PERSONAL)
    assert fields_of(filled.copies[0].data)["Handledare"] == "/Off"


def _printed_text(data: bytes, field: str) -> str:
    """Decode a widget's appearance stream with the font's encoding: what a viewer prints."""
    reader = PdfReader(io.BytesIO(data))
    for annot in reader.pages[0]["/Annots"]:
        annot = annot.get_object()
        if annot.get("/T") == field:
            stream = annot["/AP"]["/N"].get_object()
            font = next(iter(stream["/Resources"]["/Font"].values())).get_object()
            codes = code_map(font)
            hexes = re.findall(rb"<([0-9a-f]*)> Tj", stream.get_data())
            return "\n".join("".join(codes[b] for b in bytes.fromhex(h.decode())) for h in hexes)
    raise AssertionError(field)


def test_swedish_letters_and_the_en_dash_print_in_the_appearance(blank_9: Blank) -> None:
    filled = fill(blank_9, VALUES | {"placement.unit": "Åre, Älvsbyn, Örebro – é"}, PERSONAL)
    data = filled.copies[0].data
    assert _printed_text(data, "Efternamn") == "Åkesson Öberg"
    assert _printed_text(data, "Tjänstgöringsställe för klinisk tjänstgöring") == "Åre, Älvsbyn, Örebro – é"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_poppler_prints_the_filled_text_without_needappearances(blank_9: Blank) -> None:
    filled = fill(blank_9, VALUES, PERSONAL)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=filled.copies[0].data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "Åkesson Öberg" in text and "230901–240229" in text and "Lars Ågren" in text


def test_fields_stay_editable_unless_flattening_is_asked_for(blank_9: Blank) -> None:
    kept = PdfReader(io.BytesIO(fill(blank_9, VALUES, PERSONAL).copies[0].data))
    assert "/AcroForm" in kept.trailer["/Root"]
    assert len(kept.get_fields() or {}) == len(blank_9.mapping.fields)
    # the appearances are exact: viewers are told not to redraw them their own way
    assert kept.trailer["/Root"]["/AcroForm"]["/NeedAppearances"].value is False

    flat = PdfReader(io.BytesIO(fill(blank_9, VALUES, PERSONAL, flatten=True).copies[0].data))
    assert "/AcroForm" not in flat.trailer["/Root"]
    assert not [a for a in flat.pages[0].get("/Annots", []) if a.get_object().get("/Subtype") == "/Widget"]
    assert "/StfolioFlat" in flat.pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]


def test_a_personal_key_is_refused_among_portfolio_values(blank_9: Blank) -> None:
    with pytest.raises(FormError, match="personal"):
        fill(blank_9, VALUES | {"trainee.personnummer": "19900101-1234"})
    with pytest.raises(FormError, match="not a personal key"):
        fill(blank_9, VALUES, {"trainee.last_name": "x"})


def test_an_unknown_key_is_refused(blank_9: Blank) -> None:
    with pytest.raises(FormError, match=r"'trainee\.lastname' is not a portfolio key"):
        fill(blank_9, {"trainee.lastname": "x"})


def test_empty_and_unused_keys_come_back_as_notes(blank_9: Blank) -> None:
    plan = plan_fill(blank_9, {"trainee.last_name": "Ek", "course.subject": "Kurs"})
    kinds = {(n.kind, n.field) for n in plan.notes}
    assert ("empty", "Förnamn") in kinds
    assert any(n.kind == "unused" and "course.subject" in n.message for n in plan.notes)


def test_a_long_name_is_printed_smaller_and_said_so(blank_9: Blank) -> None:
    plan = plan_fill(blank_9, VALUES | {"signer.workplace": "x" * 100})
    [cell] = plan.values["Tjänsteställe"]
    assert cell.font_size < 10
    assert any(n.kind == "shrunk" and n.field == "Tjänsteställe" for n in plan.notes)


def test_fit_field_says_whether_a_text_fits_and_how_it_splits(blank_9: Blank) -> None:
    assert fit_field(blank_9, "intyg.description", "kort").fits
    long = fit_field(blank_9, "Beskrivning av den kliniska tjänstgöringen", "ord " * 100)
    # 20 lines of 5 words; a copy holds 5 lines less its note lines: 4 + 3 + 3 + 3 + 3 + 4
    assert not long.fits and long.copies == 6


def test_a_long_description_fills_a_continuation_copy_labelled_after_the_first(blank_9: Blank) -> None:
    text = " ".join(f"ord{n:02d}" for n in range(1, 22))
    filled = fill(blank_9, VALUES | {"intyg.description": text}, PERSONAL)
    assert [c.label for c in filled.copies] == ["7", "7b"]
    first, second = (fields_of(c.data) for c in filled.copies)
    assert str(first["Beskrivning av den kliniska tjänstgöringen"]).endswith("… (fortsättning i bilaga 7b)")
    assert str(second["Beskrivning av den kliniska tjänstgöringen"]).startswith("(fortsättning från bilaga 7)")
    assert second["Bilaga nr"] == "7b"
    assert second["Efternamn"] == "Åkesson Öberg"  # the identity is repeated on every copy
    assert any(n.kind == "continued" for n in filled.notes)


def test_the_caller_may_number_the_copies(blank_9: Blank) -> None:
    text = " ".join(f"ord{n:02d}" for n in range(1, 22))
    filled = fill(blank_9, VALUES | {"intyg.description": text}, PERSONAL, labels=["12", "13"])
    assert [c.label for c in filled.copies] == ["12", "13"]
    with pytest.raises(FormError, match="needs 2 copies"):
        fill(blank_9, VALUES | {"intyg.description": text}, PERSONAL, labels=["12"])


def test_a_description_that_fits_keeps_its_own_text_as_the_value(blank_9: Blank) -> None:
    text = "Första stycket, som bryts över två rader.\n\nAndra stycket."
    plan = plan_fill(blank_9, {"intyg.description": text})
    [cell] = plan.values["Beskrivning av den kliniska tjänstgöringen"]
    assert cell.value == text
    assert cell.lines == (("Första stycket, som", "bryts över två", "rader.", "", "Andra stycket."),)
