"""Recognise a blank: which form, which version, and whether stfolio can fill it.

The checksum is the strong test: a known blank is accepted as it is. Socialstyrelsen
re-saves its PDFs now and then without changing a field, so a blank whose checksum is new
but whose field set equals a known version's exactly is accepted too, with a note saying
so. Anything else is refused, naming the nearest known version and how it differs: a
blank with other fields would get values in the wrong places.
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


@dataclass(frozen=True)
class Blank:
    """A recognised blank: its bytes, the mapping of its version, and how it was matched."""

    data: bytes
    sha256: str
    mapping: FormMapping
    matched_by: Literal["checksum", "fields"]
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
        raise FormError(f"{source} is not a PDF stfolio can read ({error})", hint="download the blank again") from error


def recognise(data: bytes, source: str = "the blank", mappings: tuple[FormMapping, ...] | None = None) -> Blank:
    """Match a blank's bytes to a known form version, or raise FormError saying why not."""
    known = load_mappings() if mappings is None else mappings
    digest = hashlib.sha256(data).hexdigest()
    for mapping in known:
        if mapping.sha256 == digest:
            return Blank(data, digest, mapping, "checksum", "", source)
    fields = read_blank_fields(data, source)
    if not fields:
        raise FormError(
            f"{source} has no form fields, so it is not a fillable blank",
            hint="download the fillable PDF from Socialstyrelsen, not a scan or a printed-to-PDF copy",
        )
    signature = field_signature(fields)
    same = [m for m in known if _mapping_signature(m) == signature]
    if len(same) > 1:
        named = [m for m in same if m.file_name == Path(source).name]
        same = named or same
    if len(same) == 1 or (same and len({(m.form, m.regulation) for m in same}) == 1):
        mapping = same[0]
        note = (
            f"{source} is not byte-for-byte the known blank of {mapping.label} (sha256 {digest[:16]}…), "
            "but its fields are exactly that version's, so stfolio fills it; Socialstyrelsen re-saves its PDFs now and then"
        )
        return Blank(data, digest, mapping, "fields", note, source)
    if same:
        labels = ", ".join(m.label for m in same)
        raise FormError(
            f"{source} has the fields of several known forms ({labels}); stfolio cannot tell which it is",
            hint="keep Socialstyrelsen's file name, e.g. " + same[0].file_name,
        )
    nearest = max(known, key=lambda m: _similarity(_mapping_signature(m), signature)) if known else None
    if nearest is None or _similarity(_mapping_signature(nearest), signature) < 0.5:
        raise FormError(
            f"{source} is not a Socialstyrelsen blank stfolio knows (sha256 {digest[:16]}…)",
            hint="stfolio knows: " + ", ".join(f"{m.label} ({m.file_name})" for m in known),
        )
    expected = _mapping_signature(nearest)
    missing = sorted(name for name, _ in expected - signature)
    extra = sorted(name for name, _ in signature - expected)
    detail = "; ".join(
        part
        for part in (
            f"{len(missing)} field(s) missing, e.g. '{missing[0]}'" if missing else "",
            f"{len(extra)} field(s) stfolio does not know, e.g. '{extra[0]}'" if extra else "",
        )
        if part
    )
    versions = ", ".join(m.file_name for m in known if m.form == nearest.form and m.regulation == nearest.regulation)
    raise FormError(
        f"{source} looks like {nearest.label} – {nearest.title}, but it is not a version stfolio knows: {detail}",
        hint=f"stfolio knows this form as {versions} (sha256 {nearest.sha256[:16]}…); download the blank again, "
        "or, if Socialstyrelsen has published a new version, add a mapping file for it (docs/forms.md)",
    )


def _similarity(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def open_blank(path: Path, mappings: tuple[FormMapping, ...] | None = None) -> Blank:
    """Read and recognise the blank at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FormError(f"cannot read the blank {path}: {error.strerror or error}") from error
    return recognise(data, path.name, mappings)
