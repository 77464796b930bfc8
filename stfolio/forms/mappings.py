"""Load the shipped form mapping files (``goals/forms/<regulation>/<form>.yaml``).

The goal-catalogue loader skips ``goals/forms/`` (as it skips ``policies/``): these files have
their own models (``stfolio.forms.model``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from stfolio.forms.errors import FormError
from stfolio.forms.model import FormMapping
from stfolio.i18n import _
from stfolio.resources import goals_dir

SUFFIX = ".yaml"


def forms_dir() -> Path:
    """The folder of shipped mapping files (inside ``goals/``, so the wheel carries it)."""
    return goals_dir() / "forms"


def load_mapping(path: Path) -> FormMapping:
    """One mapping file, validated; a broken file is a FormError naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FormError(f"cannot read form mapping {path}: {error}") from error
    try:
        return FormMapping.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FormError(
            f"form mapping {path} is not valid: {where}: {first['msg']}",
            hint="docs/forms.md describes the mapping schema",
        ) from error


def load_mappings(root: Path | None = None) -> tuple[FormMapping, ...]:
    """Every mapping file under ``root`` (default: the shipped ones), in regulation and form order."""
    if root is None:
        return _shipped()
    return _load_all(root)


@cache
def _shipped() -> tuple[FormMapping, ...]:
    return _load_all(forms_dir())


def _load_all(root: Path) -> tuple[FormMapping, ...]:
    paths = sorted(p for p in root.glob(f"*/*{SUFFIX}") if p.is_file())
    # file names are zero-padded (bilaga-09), so path order is form order
    return tuple(load_mapping(p) for p in paths)


def find_mapping(form: str, regulation: str, mappings: tuple[FormMapping, ...] | None = None) -> FormMapping:
    """The mapping of ``form`` (e.g. 'bilaga-9') under ``regulation``; FormError if stfolio has none."""
    known = load_mappings() if mappings is None else mappings
    for mapping in known:
        if mapping.form == form and mapping.regulation == regulation:
            return mapping
    names = ", ".join(m.form for m in known if m.regulation == regulation) or "–"
    raise FormError(
        _("stfolio has no mapping for {form} under {regulation}").format(form=form, regulation=regulation),
        hint=_("known forms: {names}").format(names=names),
    )
