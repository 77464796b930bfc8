"""Write the first draft of a mapping file from a blank: ``python -m stfolio.forms.skeleton BLANK.pdf``.

Adding a new version of a form starts here: the draft has the checksum, every field with
its kind and geometry read from the blank, and every field marked ``left-blank`` with the
reason "not mapped yet". A person then decides, field by field, which portfolio key goes
where (docs/forms.md, "Adding a form version"); nothing here guesses meanings.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml
from pypdf import PdfReader

from stfolio.forms.pdfread import PdfField, parse_da, read_fields

_ALIGN = {0: "left", 1: "center", 2: "right"}


def field_entry(field: PdfField) -> dict[str, Any]:
    """The mapping-file entry for one field, geometry filled in, meaning left open."""
    kind = field.kind if field.kind in ("text", "checkbox", "button") else "button"
    entry: dict[str, Any] = {"name": field.name, "kind": kind}
    entry["widgets"] = [
        {"page": w.page, "width": round(w.width, 1), "height": round(w.height, 1)} for w in field.widgets
    ]
    if kind == "text":
        font, size = parse_da(field.default_appearance)
        entry["font"] = font
        entry["font_size"] = size
        entry["multiline"] = field.multiline
        if field.max_length is not None:
            entry["max_length"] = field.max_length
        if field.alignment:
            entry["align"] = _ALIGN.get(field.alignment, "left")
    if kind == "checkbox" and field.on_states:
        entry["on_state"] = field.on_states[0]
    entry["use"] = "left-blank"
    entry["reason"] = "not mapped yet"
    return entry


def skeleton(path: Path) -> dict[str, Any]:
    """A draft mapping for the blank at ``path``."""
    data = path.read_bytes()
    reader = PdfReader(path)
    return {
        "regulation": "",
        "form": "",
        "number": "",
        "title": "",
        "file_name": path.name,
        "published": {"page": "", "basis": "", "checked_online": False},
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": len(reader.pages),
        "default_font_size": 10,
        "continuation": True,
        "fields": [field_entry(f) for f in read_fields(reader).values()],
    }


def dump(mapping: dict[str, Any]) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=120)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m stfolio.forms.skeleton BLANK.pdf", file=sys.stderr)
        return 2
    sys.stdout.write(dump(skeleton(Path(args[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
