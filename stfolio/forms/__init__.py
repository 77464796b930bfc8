"""Socialstyrelsen's fillable forms as data, and the engine that fills them.

The blanks (the user downloads them; stfolio never ships them) are AcroForm PDFs whose
fields are named by their Swedish labels. Each version of each blank has a mapping file
in ``goals/forms/`` that says, field by field, which portfolio quantity goes in it
(docs/forms.md). The flow:

    blank = open_blank(path)                       # recognise, or FormError
    fit = fit_field(blank, "intyg.description", text)   # will it fit? how is it split?
    filled = fill(blank, values, personal=..., rows=...)  # one PDF per copy
    write_filled(filled, folder, "bilaga-9")       # atomic, never over a file

``FormError`` is the one error users see; everything the caller should know but that is
not an error (a shortened field, an empty one, a substituted character) is a ``Note``.
"""

from __future__ import annotations

from stfolio.forms.errors import FormError
from stfolio.forms.fill import (
    CopyValue,
    FilledCopy,
    FilledForm,
    FillPlan,
    Note,
    continuation_labels,
    fill,
    fit_field,
    plan_fill,
    render,
)
from stfolio.forms.layout import Fit
from stfolio.forms.mappings import find_mapping, forms_dir, load_mapping, load_mappings
from stfolio.forms.model import FormField, FormMapping, RowGroup
from stfolio.forms.output import write_atomic, write_filled
from stfolio.forms.recognise import Blank, open_blank, recognise
from stfolio.forms.vocabulary import KEYS

__all__ = [
    "KEYS",
    "Blank",
    "CopyValue",
    "FillPlan",
    "FilledCopy",
    "FilledForm",
    "Fit",
    "FormError",
    "FormField",
    "FormMapping",
    "Note",
    "RowGroup",
    "continuation_labels",
    "fill",
    "find_mapping",
    "fit_field",
    "forms_dir",
    "load_mapping",
    "load_mappings",
    "open_blank",
    "plan_fill",
    "recognise",
    "render",
    "write_atomic",
    "write_filled",
]
