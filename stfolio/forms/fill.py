"""Fill a recognised blank from portfolio values: plan first, then write each copy.

``plan_fill`` decides everything (which text goes in which field of which copy, at what
font size, what was shortened) without touching a PDF, so callers can show the plan or
number continuation bilagor before anything is written. ``fill`` renders the plan: one
PDF per copy, fields still editable unless ``flatten=True``, with appearance streams so
the text shows in every viewer. Problems that are not errors come back as ``Note`` values.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from stfolio.forms.appearance import add_form_xobject, text_stream
from stfolio.forms.errors import FormError
from stfolio.forms.fonts import FontMetrics, metrics_from_font
from stfolio.forms.layout import Box, Fit, fit_text, render_notes
from stfolio.forms.model import FormField, FormMapping
from stfolio.forms.pdfread import parse_da, read_fields
from stfolio.forms.recognise import Blank
from stfolio.forms.vocabulary import KEYS, is_known_key, is_personal, render_template, template_keys, vocabulary_key

NoteKind = Literal["empty", "unused", "shrunk", "shortened", "substituted", "continued", "recognition"]


@dataclass(frozen=True)
class Note:
    """Something the caller should know about a fill; not an error."""

    kind: NoteKind
    field: str  # the field's name in the blank, or '' for the whole form
    message: str


@dataclass(frozen=True)
class CopyValue:
    """What one field shows on one copy: printed lines (text) or ticked (checkbox)."""

    value: str = ""  # the field's /V
    lines: tuple[tuple[str, ...], ...] = ()  # per widget: the printed lines
    font_size: float = 0.0
    checked: bool = False


@dataclass(frozen=True)
class FillPlan:
    """Every field's value on every copy, decided before any PDF is written."""

    blank: Blank
    labels: tuple[str, ...]  # the Bilaga nr of each copy ('' when not given)
    values: dict[str, tuple[CopyValue, ...]]  # field name → one value per copy
    notes: tuple[Note, ...]

    @property
    def copies(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class FilledCopy:
    label: str
    data: bytes


@dataclass(frozen=True)
class FilledForm:
    """The filled PDFs (the first copy, then continuation copies) and the plan's notes."""

    plan: FillPlan
    copies: tuple[FilledCopy, ...]

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.plan.notes


@dataclass
class _Fonts:
    """The blank's measured fonts, by resource name, with the one to fall back on."""

    by_name: dict[str, FontMetrics] = field(default_factory=dict)
    refs: dict[str, object] = field(default_factory=dict)
    fallback: FontMetrics | None = None

    def get(self, name: str | None) -> FontMetrics:
        metrics = self.by_name.get(name or "") or self.fallback
        if metrics is None:
            raise FormError(
                "the blank has no font with widths to measure text in",
                hint="this blank cannot be filled by stfolio; fill it in a PDF viewer",
            )
        return metrics


def _blank_fonts(doc: PdfReader | PdfWriter, mapping: FormMapping) -> _Fonts:
    fonts = _Fonts()
    acroform = doc.root_object.get("/AcroForm")
    resources = acroform.get_object().get("/DR") if acroform is not None else None
    font_dict = resources.get_object().get("/Font") if resources is not None else None
    if font_dict is None:
        return fonts
    font_dict = font_dict.get_object()
    for key in font_dict:
        metrics = metrics_from_font(str(key)[1:], font_dict[key].get_object())
        if metrics is not None:
            fonts.by_name[metrics.resource] = metrics
            fonts.refs[metrics.resource] = font_dict.raw_get(key)
    # a field in a font without widths is drawn in the blank's usual text font
    usage = [f.font for f in mapping.fields if f.kind == "text" and f.font in fonts.by_name]
    if usage:
        fonts.fallback = fonts.by_name[max(set(usage), key=usage.count)]
    elif fonts.by_name:
        fonts.fallback = next(iter(fonts.by_name.values()))
    return fonts


def continuation_labels(base: str, copies: int) -> tuple[str, ...]:
    """The Bilaga nr of each copy: '7', then '7b', '7c', … ('' throughout without a base)."""
    if not base:
        return ("",) * copies
    return (base, *(f"{base}{chr(ord('b') + i)}" for i in range(copies - 1)))


def _size(f: FormField, mapping: FormMapping) -> float:
    return f.font_size or mapping.default_font_size


def _boxes(f: FormField, mapping: FormMapping) -> list[Box]:
    w = f.widgets[0]
    return [Box(w.width, w.height, _size(f, mapping), f.multiline, f.max_length)]


def _flows(mapping: FormMapping) -> dict[str, list[FormField]]:
    """Continue-fields grouped into flows: a head field and the fields it continues in."""
    by_name = {f.name: f for f in mapping.fields}
    targets = {f.continues_in for f in mapping.fields if f.continues_in}
    flows: dict[str, list[FormField]] = {}
    for f in mapping.fields:
        if f.kind == "text" and f.overflow == "continue" and f.name not in targets and f.use in ("key", "personal"):
            chain = [f]
            while chain[-1].continues_in:
                chain.append(by_name[chain[-1].continues_in])
            flows[f.name] = chain
    return flows


def _check_keys(values: Mapping[str, str], personal: Mapping[str, str]) -> None:
    for key in values:
        if not is_known_key(key):
            raise FormError(
                f"'{key}' is not a portfolio key the forms know", hint="the keys are listed in docs/forms.md"
            )
        if key.startswith("rows["):
            raise FormError(f"'{key}' is a row cell; pass rows as rows=[{{column: text}}, …]")
        if is_personal(key):
            raise FormError(
                f"'{key}' is personal: it never comes from the portfolio",
                hint="pass it in personal=, typed at fill time",
            )
    for key in personal:
        if not is_personal(key):
            raise FormError(f"'{key}' is not a personal key", hint="pass it in values=")


def fit_field(blank: Blank, name: str, text: str) -> Fit:
    """How ``text`` would go into the blank's field ``name`` (or the first field filled from key ``name``).

    ``fit.fits`` says whether one copy holds it unshortened; ``fit.chunks`` shows the
    split per copy, so the caller can number continuation bilagor before filling.
    """
    mapping = blank.mapping
    target = next((f for f in mapping.fields if f.name == name), None)
    if target is None:
        target = next((f for f in mapping.fields if f.key == name and f.kind == "text"), None)
    if target is None or target.kind != "text":
        raise FormError(f"{mapping.label} has no text field or key '{name}'")
    fonts = _blank_fonts(PdfReader(io.BytesIO(blank.data)), mapping)
    flow = _flows(mapping).get(target.name, [target])
    boxes = [b for f in flow for b in _boxes(f, mapping)]
    return fit_text(text, boxes, fonts.get(target.font), target.overflow, mapping.continuation)


def _text_for(f: FormField, values: Mapping[str, str], personal: Mapping[str, str]) -> str:
    source = personal if f.use == "personal" else values
    if f.template is not None:
        return render_template(f.template, dict(source))
    return str(source.get(f.key or "", "")).strip()


def plan_fill(
    blank: Blank,
    values: Mapping[str, str],
    personal: Mapping[str, str] | None = None,
    rows: Sequence[Mapping[str, str]] = (),
    labels: Sequence[str] | None = None,
) -> FillPlan:
    """Decide what every field of every copy shows.

    ``values`` are portfolio keys (docs/forms.md) → text; ``personal`` the keys the trainee
    types at fill time (personnummer, address, …); ``rows`` the row group's rows as
    ``{column: text}``. ``labels`` gives each copy's Bilaga nr; by default the first copy
    gets ``values['attachment.number']`` and continuations get a 'b', 'c', … after it.
    """
    mapping = blank.mapping
    personal = personal or {}
    _check_keys(values, personal)
    notes: list[Note] = []
    if blank.note:
        notes.append(Note("recognition", "", blank.note))
    group = mapping.row_group
    if rows and group is None:
        raise FormError(f"{mapping.label} has no rows to fill")
    for index, row in enumerate(rows, start=1):
        unknown = sorted(set(row) - set(group.columns if group else ()))
        if unknown:
            raise FormError(
                f"row {index} has columns {mapping.label} does not have: {unknown}",
                hint=f"columns: {group.columns if group else []}",
            )
    fonts = _blank_fonts(PdfReader(io.BytesIO(blank.data)), mapping)
    flows = _flows(mapping)
    fits: dict[str, Fit] = {}
    for head, chain in flows.items():
        text = _text_for(chain[0], values, personal)
        if text:
            boxes = [b for f in chain for b in _boxes(f, mapping)]
            fits[head] = fit_text(text, boxes, fonts.get(chain[0].font), "continue", mapping.continuation)
    row_copies = math.ceil(len(rows) / group.count) if group and rows else 1
    if row_copies > 1 and not mapping.continuation:
        raise FormError(f"{len(rows)} rows do not fit on {mapping.label}, which holds {group.count if group else 0}")
    copies = max([row_copies, *(fit.copies for fit in fits.values())])
    if labels is not None:
        if len(labels) < copies:
            raise FormError(f"the fill needs {copies} copies of {mapping.label} but {len(labels)} labels were given")
        copy_labels = tuple(labels[:copies])
    else:
        copy_labels = continuation_labels(str(values.get("attachment.number", "")).strip(), copies)
    if copies > 1:
        notes.append(
            Note(
                "continued",
                "",
                f"{mapping.label} needs {copies} copies: {', '.join(label or '?' for label in copy_labels)}",
            )
        )

    planned: dict[str, tuple[CopyValue, ...]] = {}
    in_flow = {f.name: (head, position) for head, chain in flows.items() for position, f in enumerate(chain)}
    chain_of = flows
    for f in mapping.fields:
        if f.use not in ("key", "personal"):
            continue
        if f.kind == "checkbox":
            ticked = str(values.get(f.key or "", "")).strip().lower() == (f.when or "").lower()
            planned[f.name] = tuple(CopyValue(value=f.on_state or "", checked=ticked) for _ in range(copies))
            continue
        if f.row is not None and group is not None:
            index, column = f.row
            cells = []
            for c in range(copies):
                position = c * group.count + index - 1
                text = str(rows[position].get(column, "")).strip() if position < len(rows) else ""
                cells.append(_single(f, mapping, text, fonts, notes))
            planned[f.name] = tuple(cells)
            continue
        if f.name in in_flow:
            head, position = in_flow[f.name]
            fit = fits.get(head)
            cells = []
            for c in range(copies):
                if fit is None or c >= fit.copies:
                    cells.append(CopyValue())
                    continue
                previous = copy_labels[c - 1] if c > 0 else ""
                following = copy_labels[c + 1] if c + 1 < copies else ""
                lines = render_notes(fit.chunks[c][position], previous, following)
                # a text that fits one field keeps its own line breaks as the value; a split one
                # gets the printed lines, so each copy's value is what that copy shows
                whole = fit.copies == 1 and len(chain_of[head]) == 1 and not fit.substitutions
                value = _text_for(f, values, personal) if whole else "\n".join(lines)
                cells.append(CopyValue(value, (lines,) * len(f.widgets), fit.font_size))
            planned[f.name] = tuple(cells)
            if fit is not None and position == 0:
                if fit.shortened:
                    notes.append(
                        Note(
                            "shortened",
                            f.name,
                            f"the text for {f.key or f.template} was shortened to fit {mapping.label}, which takes no continuation copy",
                        )
                    )
                if fit.substitutions:
                    notes.append(_substitution_note(f, fit.substitutions))
            continue
        if f.key == "attachment.number":
            planned[f.name] = tuple(_single(f, mapping, label, fonts, notes) for label in copy_labels)
            continue
        text = _text_for(f, values, personal)
        if not text:
            notes.append(Note("empty", f.name, f"no value for {f.key or f.template}; '{f.name}' stays empty"))
            continue
        cell = _single(f, mapping, text, fonts, notes)
        planned[f.name] = tuple(
            cell
            if f.on_copies == "all"
            or (f.on_copies == "first" and c == 0)
            or (f.on_copies == "last" and c == copies - 1)
            else CopyValue()
            for c in range(copies)
        )
    used = {
        k
        for f in mapping.fields
        if f.use in ("key", "personal")
        for k in ([f.key] if f.key else template_keys(f.template or ""))
    }
    for key in sorted(set(values) | set(personal)):
        if vocabulary_key(key) not in used and key in KEYS:
            notes.append(Note("unused", "", f"{mapping.label} has no field for {key}"))
    return FillPlan(blank, copy_labels, planned, _dedupe(notes))


def _dedupe(notes: list[Note]) -> tuple[Note, ...]:
    seen: list[Note] = []
    for note in notes:
        if note not in seen:
            seen.append(note)
    return tuple(seen)


def _substitution_note(f: FormField, substitutions: dict[str, str]) -> Note:
    pairs = ", ".join(f"'{a}' as '{b}'" for a, b in sorted(substitutions.items()))
    return Note(
        "substituted",
        f.name,
        f"the blank's font cannot print every character of '{f.name}': printed {pairs}; the field's value keeps the original",
    )


def _single(f: FormField, mapping: FormMapping, text: str, fonts: _Fonts, notes: list[Note]) -> CopyValue:
    if not text:
        return CopyValue()
    fit = fit_text(text, _boxes(f, mapping), fonts.get(f.font), "shrink", False)
    lines = fit.chunks[0][0]
    if fit.shortened:
        notes.append(
            Note(
                "shortened",
                f.name,
                f"'{text}' does not fit '{f.name}' even at {fit.font_size:g} pt; printed as '{' '.join(lines)}'",
            )
        )
    elif fit.font_size < _size(f, mapping):
        notes.append(
            Note(
                "shrunk",
                f.name,
                f"'{f.name}' printed at {fit.font_size:g} pt instead of {_size(f, mapping):g} pt to fit",
            )
        )
    if fit.substitutions:
        notes.append(_substitution_note(f, fit.substitutions))
    return CopyValue(text, (lines,) * len(f.widgets), fit.font_size)


def fill(
    blank: Blank,
    values: Mapping[str, str],
    personal: Mapping[str, str] | None = None,
    rows: Sequence[Mapping[str, str]] = (),
    labels: Sequence[str] | None = None,
    flatten: bool = False,
) -> FilledForm:
    """Plan and render: one PDF per copy. Fields stay editable unless ``flatten``."""
    plan = plan_fill(blank, values, personal, rows, labels)
    return render(plan, flatten)


def render(plan: FillPlan, flatten: bool = False) -> FilledForm:
    """Write the planned values into fresh copies of the blank."""
    copies = tuple(FilledCopy(label, _render_copy(plan, index, flatten)) for index, label in enumerate(plan.labels))
    return FilledForm(plan, copies)


def _render_copy(plan: FillPlan, index: int, flatten: bool) -> bytes:
    mapping = plan.blank.mapping
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plan.blank.data)))
    fonts = _blank_fonts(writer, mapping)
    pdf_fields = read_fields(writer)
    specs = {f.name: f for f in mapping.fields}
    for name, per_copy in plan.values.items():
        cell = per_copy[index]
        pdf_field = pdf_fields[name]
        spec = specs[name]
        if spec.kind == "checkbox":
            state = NameObject(f"/{cell.value}" if cell.checked else "/Off")
            pdf_field.node[NameObject("/V")] = state
            for widget in pdf_field.widgets:
                widget.annotation[NameObject("/AS")] = state
            continue
        if not cell.value and not any(cell.lines):
            continue
        metrics = fonts.get(spec.font)
        da_font, da_size = parse_da(pdf_field.default_appearance)
        color = _color(pdf_field.default_appearance)
        pdf_field.node[NameObject("/V")] = TextStringObject(cell.value)
        if metrics.resource != da_font or cell.font_size != da_size:
            # so a viewer that redraws the field uses the font and size the text was fitted in
            pdf_field.node[NameObject("/DA")] = TextStringObject(f"/{metrics.resource} {cell.font_size:g} Tf {color}")
        for widget, lines in zip(pdf_field.widgets, cell.lines, strict=False):
            content = text_stream(
                lines, widget.width, widget.height, metrics, cell.font_size, spec.multiline, spec.align, color
            )
            ref = add_form_xobject(
                writer, content, widget.width, widget.height, fonts.refs.get(metrics.resource), metrics.resource
            )
            widget.annotation[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
    acroform = writer.root_object["/AcroForm"].get_object()
    assert isinstance(acroform, DictionaryObject)
    # our appearances are exact; a viewer that regenerates them would re-wrap the text its own way
    acroform[NameObject("/NeedAppearances")] = BooleanObject(False)
    if flatten:
        _flatten(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _color(da: str) -> str:
    tokens = da.split()
    if "Tf" in tokens:
        rest = tokens[tokens.index("Tf") + 1 :]
        if rest:
            return " ".join(rest)
    return "0 g"


PRINT = 4
HIDDEN = 2


def _flatten(writer: PdfWriter) -> None:
    """Draw each printable widget's appearance into its page and drop the form."""
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        keep = ArrayObject()
        drawing: list[str] = []
        xobjects = DictionaryObject()
        for number, ref in enumerate(annots.get_object()):
            annot = ref.get_object()
            is_widget = annot.get("/Subtype") == "/Widget"
            if not is_widget:
                keep.append(ref)
                continue
            flags = int(annot.get("/F", 0))
            is_push = int(annot.get("/Ff", 0) or (annot.get("/Parent", {}) or {}).get("/Ff", 0) or 0) & (1 << 16)
            if not flags & PRINT or flags & HIDDEN or is_push:
                continue
            normal = annot.get("/AP", {}).get("/N") if "/AP" in annot else None
            if normal is None:
                continue
            normal_obj = normal.get_object()
            if "/Subtype" not in normal_obj:  # a checkbox: the stream of its state
                state = annot.get("/AS")
                if state is None or state not in normal_obj:
                    continue
                normal = normal_obj.raw_get(state)
                normal_obj = normal.get_object()
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            bx0, by0, bx1, by1 = (float(v) for v in normal_obj.get("/BBox", [0, 0, x1 - x0, y1 - y0]))
            sx = (x1 - x0) / (bx1 - bx0) if bx1 != bx0 else 1.0
            sy = (y1 - y0) / (by1 - by0) if by1 != by0 else 1.0
            name = f"/StfolioFlat{number}"
            xobjects[NameObject(name)] = normal
            drawing.append(
                f"q {sx:.4f} 0 0 {sy:.4f} {min(x0, x1) - bx0 * sx:.3f} {min(y0, y1) - by0 * sy:.3f} cm {name} Do Q"
            )
        if drawing:
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else DictionaryObject()
            page[NameObject("/Resources")] = resources
            existing = resources.get("/XObject")
            existing = existing.get_object() if existing is not None else DictionaryObject()
            existing.update(xobjects)
            resources[NameObject("/XObject")] = existing
            old = page.get_contents()
            data = (old.get_data() if old is not None else b"") + b"\n" + "\n".join(drawing).encode("ascii") + b"\n"
            stream = ContentStream(None, writer)
            stream.set_data(data)
            page.replace_contents(stream)
        page[NameObject("/Annots")] = keep
    del writer.root_object["/AcroForm"]
