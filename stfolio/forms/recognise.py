"""Recognise a blank: which form, which version, and whether stfolio can fill it.

The checksum is the test: a known blank is accepted as it is, and any other is refused,
naming the form it looks like and the versions stfolio knows. A blank with other fields would
get values in the wrong places; one with the same fields but other bytes may still differ in
what stfolio cannot see from the field names (a widened box, a reworded label), so it is
refused too, unless the user accepts it explicitly (``accept_changed``, the command line's
``--accept-changed-blank``): then its fields' geometry (every widget's page and size, the
font, the size, multiline, the length limit) must equal the mapping's, since the text is
fitted to the mapping's sizes, and the fill carries a note saying what was accepted.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from stfolio.forms.errors import FormError
from stfolio.forms.mappings import load_mappings
from stfolio.forms.model import FormMapping
from stfolio.forms.pdfread import PdfField, read_fields
from stfolio.forms.skeleton import field_entry
from stfolio.i18n import _, n_

ACCEPT_FLAG = "--accept-changed-blank"
TOLERANCE = 0.5  # points: the mapping stores sizes rounded to 0.1


@dataclass(frozen=True)
class Blank:
    """A recognised blank: its bytes, the mapping of its version, and how it was matched."""

    data: bytes
    sha256: str
    mapping: FormMapping
    matched_by: Literal["checksum", "fields"]  # fields: a changed blank the user accepted explicitly
    note: str  # empty when the checksum is known
    source: str  # the file name or label the blank came from, for messages


def field_signature(fields: dict[str, PdfField]) -> frozenset[tuple[str, str]]:
    """What recognition compares: each terminal field's full name and kind."""
    return frozenset((f.name, "button" if f.kind not in ("text", "checkbox") else f.kind) for f in fields.values())


def _mapping_signature(mapping: FormMapping) -> frozenset[tuple[str, str]]:
    return frozenset((f.name, f.kind) for f in mapping.fields)


def read_blank_fields(data: bytes, source: str) -> dict[str, PdfField]:
    try:
        return read_fields(PdfReader(io.BytesIO(data)))
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise FormError(
            _("{source} is not a PDF stfolio can read ({error})").format(source=source, error=error),
            hint=_("download the blank again"),
        ) from error


def recognise(
    data: bytes,
    source: str = "the blank",
    mappings: tuple[FormMapping, ...] | None = None,
    accept_changed: bool = False,
) -> Blank:
    """Match a blank's bytes to a known form version, or raise FormError saying why not.

    ``accept_changed`` lets through a blank whose checksum is unknown but whose fields, kinds
    and geometry are exactly a known version's (a re-saved copy); without it such a blank is
    refused like any other unknown one.
    """
    known = load_mappings() if mappings is None else mappings
    digest = hashlib.sha256(data).hexdigest()
    for mapping in known:
        if mapping.sha256 == digest:
            return Blank(data, digest, mapping, "checksum", "", source)
    fields = read_blank_fields(data, source)
    if not fields:
        raise FormError(
            _("{source} has no form fields, so it is not a fillable blank").format(source=source),
            hint=_("download the fillable PDF from Socialstyrelsen, not a scan or a printed-to-PDF copy"),
        )
    signature = field_signature(fields)
    same = [m for m in known if _mapping_signature(m) == signature]
    if len(same) > 1:
        named = [m for m in same if m.file_name == Path(source).name]
        same = named or same
    if len(same) == 1 or (same and len({(m.form, m.regulation) for m in same}) == 1):
        mapping = same[0]
        if not accept_changed:
            raise FormError(
                _(
                    "{source} has the fields of {label} – {title}, but it is not a blank stfolio knows: "
                    "its checksum (sha256 {digest}…) is not that of any known version, so it may have been "
                    "altered"
                ).format(source=source, label=mapping.label, title=mapping.title, digest=digest[:16]),
                hint=_(
                    "stfolio knows this form as {versions}; download the current blank from Socialstyrelsen "
                    "({page}); if Socialstyrelsen has published a new version, add a mapping file for it "
                    "(docs/forms.md); if the file is only saved again with the same fields, "
                    "{flag} fills it anyway"
                ).format(versions=_versions(known, mapping), page=mapping.published.page, flag=ACCEPT_FLAG),
            )
        difference = _layout_difference(mapping, fields)
        if difference:
            raise FormError(
                _(
                    "{source} has the fields of {label}, but not their sizes: {difference}; "
                    "stfolio fits the text to the known sizes, so it does not fill this blank"
                ).format(source=source, label=mapping.label, difference=difference),
                hint=_(
                    "stfolio knows this form as {versions}; download the current blank from Socialstyrelsen "
                    "({page}), or add a mapping file for the new version (docs/forms.md)"
                ).format(versions=_versions(known, mapping), page=mapping.published.page),
            )
        note = _(
            "{source} is not the known blank of {label} (sha256 {digest}…, known {known}…); "
            "filled anyway because {flag} was given: its fields and their sizes are that version's, "
            "but check the printed form against Socialstyrelsen's"
        ).format(source=source, label=mapping.label, digest=digest[:16], known=mapping.sha256[:16], flag=ACCEPT_FLAG)
        return Blank(data, digest, mapping, "fields", note, source)
    if same:
        labels = ", ".join(m.label for m in same)
        raise FormError(
            _("{source} has the fields of several known forms ({labels}); stfolio cannot tell which it is").format(
                source=source, labels=labels
            ),
            hint=_("keep Socialstyrelsen's file name, e.g. {name}").format(name=same[0].file_name),
        )
    nearest = max(known, key=lambda m: _similarity(_mapping_signature(m), signature)) if known else None
    if nearest is None or _similarity(_mapping_signature(nearest), signature) < 0.5:
        raise FormError(
            _("{source} is not a Socialstyrelsen blank stfolio knows (sha256 {digest}…)").format(
                source=source, digest=digest[:16]
            ),
            hint=_("stfolio knows: {forms}").format(forms=", ".join(f"{m.label} ({m.file_name})" for m in known)),
        )
    expected = _mapping_signature(nearest)
    missing = sorted(name for name, _ in expected - signature)
    extra = sorted(name for name, _ in signature - expected)
    detail = "; ".join(
        part
        for part in (
            n_("{count} field missing, e.g. '{name}'", "{count} fields missing, e.g. '{name}'", len(missing)).format(
                count=len(missing), name=missing[0]
            )
            if missing
            else "",
            n_(
                "{count} field stfolio does not know, e.g. '{name}'",
                "{count} fields stfolio does not know, e.g. '{name}'",
                len(extra),
            ).format(count=len(extra), name=extra[0])
            if extra
            else "",
        )
        if part
    )
    versions = ", ".join(m.file_name for m in known if m.form == nearest.form and m.regulation == nearest.regulation)
    raise FormError(
        _("{source} looks like {label} – {title}, but it is not a version stfolio knows: {detail}").format(
            source=source, label=nearest.label, title=nearest.title, detail=detail
        ),
        hint=_(
            "stfolio knows this form as {versions} (sha256 {digest}…); download the blank again, "
            "or, if Socialstyrelsen has published a new version, add a mapping file for it (docs/forms.md)"
        ).format(versions=versions, digest=nearest.sha256[:16]),
    )


def _versions(known: tuple[FormMapping, ...], mapping: FormMapping) -> str:
    """The known versions of ``mapping``'s form: file name and checksum of each."""
    return ", ".join(
        f"{m.file_name} (sha256 {m.sha256[:16]}…)"
        for m in known
        if m.form == mapping.form and m.regulation == mapping.regulation
    )


def _layout_difference(mapping: FormMapping, fields: dict[str, PdfField]) -> str:
    """The first way the blank's field geometry differs from the mapping's, or ''."""
    for known in mapping.fields:
        entry = field_entry(fields[known.name])
        boxes = [(w.page, w.width, w.height) for w in known.widgets]
        found = [(w["page"], w["width"], w["height"]) for w in entry["widgets"]]
        if len(boxes) != len(found) or any(
            a[0] != b[0] or abs(a[1] - b[1]) > TOLERANCE or abs(a[2] - b[2]) > TOLERANCE
            for a, b in zip(boxes, found, strict=False)
        ):
            return _("'{field}' is {found} (known: {known})").format(
                field=known.name, found=_boxes(found), known=_boxes(boxes)
            )
        if known.kind != "text":
            continue
        for attribute, expected in (
            ("font", known.font),
            ("font_size", known.font_size),
            ("multiline", known.multiline),
            ("max_length", known.max_length),
            ("align", known.align),
        ):
            actual = entry.get(attribute, "left" if attribute == "align" else None)
            if actual != expected:
                return _("'{field}' has {attribute} {found} (known: {known})").format(
                    field=known.name, attribute=attribute, found=actual, known=expected
                )
    return ""


def _boxes(boxes: list[tuple[int, float, float]]) -> str:
    return ", ".join(f"p. {page} {width:g}×{height:g} pt" for page, width, height in boxes)


def _similarity(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def open_blank(path: Path, mappings: tuple[FormMapping, ...] | None = None, accept_changed: bool = False) -> Blank:
    """Read and recognise the blank at ``path`` (``accept_changed``: see :func:`recognise`)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FormError(f"cannot read the blank {path}: {error.strerror or error}") from error
    return recognise(data, path.name, mappings, accept_changed)
