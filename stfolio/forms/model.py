"""The shape of a form mapping file (``goals/forms/<regulation>/<form>.yaml``, YAML), as pydantic models.

A mapping file describes one version of one blank: what it is, where it is published,
the checksum of the known blank, every field with the geometry needed to fit text, and
for each field where its value comes from (``use``). It is data, so a new version of a
blank is a new file, not new code; ``docs/forms.md`` documents every field below.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from stfolio.forms.vocabulary import ROW_COLUMNS, is_known_key, template_keys

Use = Literal["key", "personal", "never", "left-blank"]
Overflow = Literal["continue", "shrink"]
OnCopies = Literal["all", "first", "last"]

ROW_KEY = re.compile(r"^rows\[(\d+)\]\.([a-z_]+)$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Published(Strict):
    """Where Socialstyrelsen publishes the blank, and how sure we are of the address."""

    page: str
    basis: str  # how the address was found; says so when it was not checked online
    checked_online: bool = False


class WidgetBox(Strict):
    """One widget of a field: page (1-based) and size in PDF points."""

    page: int = Field(ge=1)
    width: float = Field(gt=0)
    height: float = Field(gt=0)


class FormField(Strict):
    """One terminal field of the blank, by its full name, and where its value comes from."""

    name: str
    kind: Literal["text", "checkbox", "button"]
    widgets: list[WidgetBox] = Field(min_length=1)
    # text geometry; required for text fields
    font: str | None = None
    font_size: float | None = None  # 0 means auto size in the blank; stfolio then uses the form's default
    multiline: bool = False
    max_length: int | None = None
    align: Literal["left", "center", "right"] = "left"
    # checkbox
    on_state: str | None = None
    when: str | None = None  # the key's value that ticks this checkbox
    # where the value comes from
    use: Use
    key: str | None = None
    template: str | None = None  # e.g. "{placement.unit}, {placement.period}"
    reason: str | None = None
    overflow: Overflow = "shrink"
    continues_in: str | None = None  # another field that takes the lines that do not fit here
    on_copies: OnCopies = "all"
    note: str | None = None  # what is odd about the field in the blank, for the next reader

    @model_validator(mode="after")
    def _consistent(self) -> FormField:
        if self.kind == "text" and (self.font is None or self.font_size is None):
            raise ValueError("a text field needs font and font_size")
        if self.use in ("key", "personal"):
            if (self.key is None) == (self.template is None):
                raise ValueError(f"use: {self.use} needs exactly one of key or template")
            keys = [self.key] if self.key is not None else template_keys(self.template or "")
            for key in keys:
                if not is_known_key(key):
                    raise ValueError(f"'{key}' is not in the vocabulary of portfolio keys (docs/forms.md)")
            if self.kind == "checkbox" and (self.when is None or self.on_state is None):
                raise ValueError("a checkbox filled from a key needs when and on_state")
            if self.kind == "button":
                raise ValueError("a push button cannot be filled")
        elif not self.reason:
            raise ValueError(f"use: {self.use} needs a reason")
        if self.continues_in is not None and self.overflow != "continue":
            raise ValueError("continues_in only makes sense with overflow: continue")
        return self

    @property
    def row(self) -> tuple[int, str] | None:
        """(1-based row index, column) when the field is a cell of the row group."""
        match = ROW_KEY.match(self.key or "")
        return (int(match.group(1)), match.group(2)) if match else None


class RowGroup(Strict):
    """Repeated rows (``...Row1`` to ``...RowN``): one group per form, filled as ``rows[i].column``."""

    count: int = Field(ge=1)
    columns: list[str] = Field(min_length=1)


class FormMapping(Strict):
    """One version of one blank."""

    regulation: Literal["hslf-fs-2021-8", "sosfs-2015-8"]
    form: str = Field(pattern=r"^[a-z0-9-]+$")  # e.g. bilaga-9
    number: str  # the number printed on the blank: "9", "8 a"
    title: str
    file_name: str
    published: Published
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    pages: int = Field(ge=1)
    default_font_size: float = Field(gt=0)
    continuation: bool  # whether a second copy of the form may carry what does not fit
    row_group: RowGroup | None = None
    fields: list[FormField] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> FormMapping:
        names = [f.name for f in self.fields]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"fields listed twice: {duplicates}")
        by_name = {f.name: f for f in self.fields}
        for f in self.fields:
            if f.continues_in is not None:
                target = by_name.get(f.continues_in)
                if target is None or target.key != f.key or target.kind != "text":
                    raise ValueError(
                        f"'{f.name}' continues in '{f.continues_in}', which is not a text field of the same key"
                    )
        cells = [f.row for f in self.fields if f.row is not None]
        if cells and self.row_group is None:
            raise ValueError("row fields (rows[i].column) need a row_group")
        if self.row_group is not None:
            group = self.row_group
            unknown = sorted({c for c in group.columns if c not in ROW_COLUMNS})
            if unknown:
                raise ValueError(f"row columns not in the vocabulary: {unknown}")
            expected = {(i, c) for i in range(1, group.count + 1) for c in group.columns}
            if set(cells) != expected or len(cells) != len(expected):
                missing = sorted(expected - set(cells))[:3]
                raise ValueError(f"row group must have one field per row and column; missing e.g. {missing}")
        return self

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    @property
    def label(self) -> str:
        """How messages name this version: 'bilaga-9 (hslf-fs-2021-8)'."""
        return f"{self.form} ({self.regulation})"
