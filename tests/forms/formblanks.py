"""Build small AcroForm blanks inside the tests, with the real field names of a form.

The real blanks are Socialstyrelsen's and are not in the repository, so the tests make
their own: one A4 page per list of fields, a Helvetica font resource with a /Widths table
(every character 500/1000 em, so a test can count where a line must break), widgets with
/Rect and /DA as the real forms have them, and checkboxes with a /Ja appearance.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from stfolio.forms.skeleton import skeleton

CHAR_WIDTH = 500  # every character, in 1/1000 em


@dataclass(frozen=True)
class Spec:
    name: str
    rect: tuple[float, float, float, float]
    kind: str = "text"  # text | checkbox | button
    multiline: bool = False
    size: float = 10
    page: int = 1


def _stream(writer: PdfWriter, data: bytes, width: float, height: float) -> Any:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
        }
    )
    return writer._add_object(stream)


def build_blank(specs: list[Spec], pages: int = 1, producer: str = "stfolio tests") -> bytes:
    """A fillable PDF with exactly these fields."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595.3, 841.9)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/FirstChar"): NumberObject(32),
            NameObject("/LastChar"): NumberObject(255),
            NameObject("/Widths"): ArrayObject([NumberObject(CHAR_WIDTH)] * 224),
        }
    )
    font_ref = writer._add_object(font)
    fields = ArrayObject()
    for spec in specs:
        x0, y0, x1, y1 = spec.rect
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/T"): TextStringObject(spec.name),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in spec.rect]),
                NameObject("/F"): NumberObject(4),
                NameObject("/P"): writer.pages[spec.page - 1].indirect_reference,
            }
        )
        if spec.kind == "text":
            widget[NameObject("/FT")] = NameObject("/Tx")
            widget[NameObject("/DA")] = TextStringObject(f"/Helv {spec.size:g} Tf 0 g")
            widget[NameObject("/Ff")] = NumberObject(4096 if spec.multiline else 0)
        elif spec.kind == "checkbox":
            widget[NameObject("/FT")] = NameObject("/Btn")
            on = _stream(writer, b"0 g 1 1 8 8 re f", x1 - x0, y1 - y0)
            off = _stream(writer, b"", x1 - x0, y1 - y0)
            widget[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): DictionaryObject({NameObject("/Ja"): on, NameObject("/Off"): off})}
            )
            widget[NameObject("/AS")] = NameObject("/Off")
        else:
            widget[NameObject("/FT")] = NameObject("/Btn")
            widget[NameObject("/Ff")] = NumberObject(1 << 16)
        ref = writer._add_object(widget)
        page = writer.pages[spec.page - 1]
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        page["/Annots"].append(ref)  # type: ignore[union-attr]
        fields.append(ref)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): fields,
            NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
            NameObject("/DR"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): font_ref})}
            ),
        }
    )
    writer.add_metadata({"/Producer": producer})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# bilaga 9 of HSLF-FS 2021:8, with its real field names and sizes
BILAGA_9 = [
    Spec("Rensa", (486, 810, 522, 833), kind="button"),
    Spec("Bilaga nr", (496, 778, 568, 797)),
    Spec("Efternamn", (72, 599, 324, 628), multiline=True),
    Spec("Förnamn", (327, 599, 523, 628), multiline=True),
    Spec("Personnummer", (72, 560, 245, 589), multiline=True),
    Spec("Specialitet som ansökan avser", (247, 560, 523, 589), multiline=True),
    Spec("Delmål som intyget avser tex STa1 STb1 STc1", (72, 503, 324, 531), multiline=True),
    Spec("Tjänstgöringsställe för klinisk tjänstgöring", (72, 444, 368, 473), multiline=True),
    Spec("Period ååmmdd  ååmmdd", (370, 444, 523, 473), multiline=True),
    # 104 pt wide: 100 usable, so 20 characters of 5 pt per line; 70 pt tall: 5 lines of 12 pt
    Spec("Beskrivning av den kliniska tjänstgöringen", (72, 300, 176, 370), multiline=True),
    Spec("Ort och datum", (327, 174, 523, 202)),
    Spec("Namnförtydligande", (72, 135, 348, 164)),
    Spec("Personnummer_2", (350, 135, 523, 164)),
    Spec("Specialitet", (72, 96, 523, 125)),
    Spec("Tjänsteställe", (72, 57, 523, 86)),
    Spec("Handledare", (78, 222, 90, 234), kind="checkbox"),
]

BILAGA_9_USE: dict[str, dict[str, Any]] = {
    "Rensa": {"use": "never", "reason": "push button"},
    "Bilaga nr": {"use": "key", "key": "attachment.number"},
    "Efternamn": {"use": "key", "key": "trainee.last_name"},
    "Förnamn": {"use": "key", "key": "trainee.first_name"},
    "Personnummer": {"use": "personal", "key": "trainee.personnummer"},
    "Specialitet som ansökan avser": {"use": "key", "key": "specialty.name"},
    "Delmål som intyget avser tex STa1 STb1 STc1": {"use": "key", "key": "intyg.delmal"},
    "Tjänstgöringsställe för klinisk tjänstgöring": {"use": "key", "key": "placement.unit"},
    "Period ååmmdd  ååmmdd": {"use": "key", "key": "placement.period"},
    "Beskrivning av den kliniska tjänstgöringen": {"use": "key", "key": "intyg.description", "overflow": "continue"},
    "Ort och datum": {"use": "never", "reason": "the signer writes it"},
    "Namnförtydligande": {"use": "key", "key": "signer.name"},
    "Personnummer_2": {"use": "never", "reason": "the signer's personnummer"},
    "Specialitet": {"use": "key", "key": "signer.specialty"},
    "Tjänsteställe": {"use": "key", "key": "signer.workplace"},
    "Handledare": {"use": "key", "key": "signer.role", "when": "handledare"},
}


def bilaga_6_like(rows: int) -> tuple[list[Spec], dict[str, dict[str, Any]]]:
    """A tjänsteförteckning with ``rows`` rows named as bilaga 6 names them, and a Summa."""
    specs = [Spec("Bilaga nr", (496, 778, 568, 797)), Spec("Efternamn", (72, 700, 324, 728))]
    use: dict[str, dict[str, Any]] = {
        "Bilaga nr": {"use": "key", "key": "attachment.number"},
        "Efternamn": {"use": "key", "key": "trainee.last_name"},
    }
    columns = {
        "Tjänstgöringsställe sjukhus klinik enhet eller annan specificeringRow{n}": ("unit", 72, 229),
        "Period ååmmddååmmddRow{n}": ("period", 230, 342),
        "Tjänstgöringens omfatt ning omräknad till månader på heltidRow{n}": ("fte_months", 434, 523),
    }
    for n in range(1, rows + 1):
        top = 650 - 22 * n
        for pattern, (column, x0, x1) in columns.items():
            name = pattern.format(n=n)
            specs.append(Spec(name, (x0, top - 21, x1, top)))
            use[name] = {"use": "key", "key": f"rows[{n}].{column}"}
    summa = "Tjänstgöringens omfatt ning omräknad till månader på heltidSumma"
    specs.append(Spec(summa, (434, 100, 523, 121)))
    use[summa] = {"use": "key", "key": "rows.total_fte_months", "on_copies": "last"}
    return specs, use


def write_mapping(
    folder: Path,
    data: bytes,
    use: dict[str, dict[str, Any]],
    form: str = "bilaga-9",
    regulation: str = "hslf-fs-2021-8",
    row_columns: list[str] | None = None,
    continuation: bool = True,
    file_name: str = "2021-2-7212-bilaga-9.pdf",
) -> Path:
    """A mapping file for a built blank, its geometry from the skeleton tool, meanings from ``use``."""
    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / "blank.pdf"
    blank.write_bytes(data)
    draft = skeleton(blank)
    blank.unlink()
    draft.update(
        regulation=regulation,
        form=form,
        number=form.split("-")[1],
        title="Test form",
        file_name=file_name,
        published={"page": "https://example.invalid/", "basis": "test"},
        sha256=hashlib.sha256(data).hexdigest(),
        continuation=continuation,
    )
    for entry in draft["fields"]:
        entry.pop("reason")
        entry.update(use[entry["name"]])
        if entry["kind"] == "checkbox" and entry["use"] == "key":
            entry.setdefault("on_state", "Ja")
    if row_columns:
        rows = {int(u["key"].split("[")[1].split("]")[0]) for u in use.values() if u.get("key", "").startswith("rows[")}
        draft["row_group"] = {"count": max(rows), "columns": row_columns}
    path = folder / regulation / f"{form}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
