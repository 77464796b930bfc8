"""Read the fillable fields of a PDF: their full names, kinds and widgets.

The field tree of an AcroForm can nest (bilaga 5 of 2021 has ``Bilagor nr.0.4``), and a
field can have several widgets, even on different pages (the same bilaga shares four
fields between page 2 and page 3). Recognition and filling both need the terminal
fields with their full dotted names, so this walker is the one place that knows the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

FieldKind = Literal["text", "checkbox", "radio", "button", "choice", "signature"]

MULTILINE = 1 << 12
PUSHBUTTON = 1 << 16
RADIO = 1 << 15


@dataclass(frozen=True)
class Widget:
    """One place on a page where a field shows (``rect`` in PDF points: x0, y0, x1, y1)."""

    page: int  # 1-based
    rect: tuple[float, float, float, float]
    annotation: DictionaryObject

    @property
    def width(self) -> float:
        return abs(self.rect[2] - self.rect[0])

    @property
    def height(self) -> float:
        return abs(self.rect[3] - self.rect[1])


@dataclass(frozen=True)
class PdfField:
    """A terminal form field as the blank defines it."""

    name: str
    kind: FieldKind
    flags: int
    default_appearance: str  # /DA, inherited from parents or the AcroForm
    max_length: int | None
    alignment: int  # /Q: 0 left, 1 centre, 2 right
    widgets: tuple[Widget, ...]
    on_states: tuple[str, ...]  # checkbox appearance states other than /Off, without the slash
    node: DictionaryObject

    @property
    def multiline(self) -> bool:
        return bool(self.flags & MULTILINE)


def _inherited(node: DictionaryObject, key: str) -> object | None:
    seen = 0
    current: DictionaryObject | None = node
    while current is not None and seen < 64:
        if key in current:
            return current[key]
        parent = current.get("/Parent")
        current = parent.get_object() if parent is not None else None
        seen += 1
    return None


def _kind(field_type: object, flags: int) -> FieldKind:
    if field_type == "/Tx":
        return "text"
    if field_type == "/Btn":
        if flags & PUSHBUTTON:
            return "button"
        return "radio" if flags & RADIO else "checkbox"
    if field_type == "/Ch":
        return "choice"
    return "signature"


def _page_numbers(reader: PdfReader | PdfWriter) -> dict[int, int]:
    numbers: dict[int, int] = {}
    for index, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots", None) or ArrayObject():
            if isinstance(annot, IndirectObject):
                numbers[annot.idnum] = index
    return numbers


def _is_widget_only(node: DictionaryObject) -> bool:
    return "/T" not in node


def read_fields(reader: PdfReader | PdfWriter) -> dict[str, PdfField]:
    """The blank's terminal fields by full name, in the order the AcroForm lists them.

    Works on a reader (recognition) and on a writer cloned from one (filling), so the
    field nodes returned are the ones that will be written.
    """
    root = reader.root_object
    acroform = root.get("/AcroForm")
    if acroform is None:
        return {}
    acroform = acroform.get_object()
    form_da = str(acroform.get("/DA", ""))
    pages = _page_numbers(reader)
    fields: dict[str, PdfField] = {}

    def widget_of(ref: object, node: DictionaryObject) -> Widget:
        page = pages.get(ref.idnum, 0) if isinstance(ref, IndirectObject) else 0
        if page == 0 and "/P" in node:
            target = node["/P"]
            for index, candidate in enumerate(reader.pages, start=1):
                if isinstance(target, IndirectObject) and candidate.indirect_reference == target:
                    page = index
        x0, y0, x1, y1 = (float(v) for v in node.get("/Rect", [0, 0, 0, 0]))
        return Widget(page=page, rect=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), annotation=node)

    def walk(ref: object, prefix: str, depth: int) -> None:
        if depth > 32:
            return
        node = ref.get_object() if isinstance(ref, IndirectObject) else ref
        if not isinstance(node, DictionaryObject):
            return
        name = f"{prefix}.{node['/T']}" if prefix and "/T" in node else str(node.get("/T", prefix))
        kids = [k for k in node.get("/Kids", None) or ArrayObject()]
        field_kids = [k for k in kids if not _is_widget_only(k.get_object())]
        if field_kids:
            for kid in field_kids:
                walk(kid, name, depth + 1)
            return
        widgets = tuple(widget_of(k, k.get_object()) for k in kids) if kids else (widget_of(ref, node),)
        flags = int(_inherited(node, "/Ff") or 0)  # type: ignore[call-overload]
        field_type = _inherited(node, "/FT")
        da = _inherited(node, "/DA")
        max_len = _inherited(node, "/MaxLen")
        q = _inherited(node, "/Q")
        states: set[str] = set()
        for widget in widgets:
            ap = widget.annotation.get("/AP")
            normal = ap.get_object().get("/N") if ap is not None else None
            normal = normal.get_object() if normal is not None else None
            if isinstance(normal, DictionaryObject) and "/Subtype" not in normal:
                states |= {str(k)[1:] for k in normal if k != NameObject("/Off")}
        fields[name] = PdfField(
            name=name,
            kind=_kind(field_type, flags),
            flags=flags,
            default_appearance=str(da) if da is not None else form_da,
            max_length=int(max_len) if max_len is not None else None,  # type: ignore[call-overload]
            alignment=int(q) if q is not None else 0,  # type: ignore[call-overload]
            widgets=widgets,
            on_states=tuple(sorted(states)),
            node=node,
        )

    for ref in acroform.get("/Fields", None) or ArrayObject():
        walk(ref, "", 0)
    return fields


def parse_da(da: str) -> tuple[str, float]:
    """The font resource name (without slash) and size of a /DA string; ('', 0) if none."""
    tokens = da.replace("\n", " ").split()
    for index, token in enumerate(tokens):
        if token == "Tf" and index >= 2 and tokens[index - 2].startswith("/"):
            try:
                return tokens[index - 2][1:], float(tokens[index - 1])
            except ValueError:
                return tokens[index - 2][1:], 0.0
    return "", 0.0
