"""Appearance streams: the drawing of a filled field that every viewer shows.

A value alone (``/V``) shows only in viewers that regenerate appearances (and only when
``NeedAppearances`` asks them to); poppler, macOS Preview and printers show the widget's
``/AP`` stream. stfolio writes that stream itself, in the blank's own font, with the line
breaks the layout decided, so what is measured is what prints.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from stfolio.forms.fonts import FontMetrics
from stfolio.forms.layout import LEADING, PADDING


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text_stream(
    lines: tuple[str, ...],
    width: float,
    height: float,
    metrics: FontMetrics,
    size: float,
    multiline: bool,
    align: str,
    color: str,
) -> bytes:
    """The content of a text field's normal appearance: one Tj per line, hex-encoded."""
    ops = [
        "/Tx BMC",
        "q",
        f"{_num(PADDING / 2)} {_num(PADDING / 2)} {_num(width - PADDING)} {_num(height - PADDING)} re W n",
    ]
    if any(lines):
        ops += ["BT", f"/{metrics.resource} {_num(size)} Tf", color]
        if multiline and (len(lines) > 1 or height > 3.5 * size):
            baseline = height - PADDING - 0.9 * size
        else:
            baseline = (height - 0.72 * size) / 2  # capitals centred, as Acrobat places one line
        x_prev, y_prev = 0.0, 0.0
        for index, line in enumerate(lines):
            text_width = metrics.width(line, size)
            if align == "center":
                x = (width - text_width) / 2
            elif align == "right":
                x = width - PADDING - text_width
            else:
                x = PADDING
            y = baseline - index * size * LEADING
            ops.append(f"{_num(x - x_prev)} {_num(y - y_prev)} Td")
            ops.append(f"<{metrics.encode(line).hex()}> Tj")
            x_prev, y_prev = x, y
        ops.append("ET")
    ops += ["Q", "EMC"]
    return "\n".join(ops).encode("ascii")


def add_form_xobject(
    writer: PdfWriter, content: bytes, width: float, height: float, font_ref: object | None, resource: str
) -> IndirectObject:
    """Store a form XObject for an appearance and return its reference."""
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/FormType"): NumberObject(1),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
        }
    )
    if font_ref is not None:
        fonts = DictionaryObject({NameObject(f"/{resource}"): font_ref})
        stream[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    # pypdf has no public call that adds an object to a writer; streams must be indirect
    return writer._add_object(stream)
