from __future__ import annotations

from pathlib import Path

import pytest

from forms.formblanks import BILAGA_9, BILAGA_9_USE, build_blank, write_mapping
from stfolio.forms import Blank, FormMapping, load_mappings, recognise


@pytest.fixture
def bilaga_9(tmp_path: Path) -> tuple[bytes, tuple[FormMapping, ...]]:
    """A built blank with bilaga 9's field names, and a mapping set that knows it."""
    data = build_blank(BILAGA_9)
    write_mapping(tmp_path / "forms", data, BILAGA_9_USE)
    return data, load_mappings(tmp_path / "forms")


@pytest.fixture
def blank_9(bilaga_9: tuple[bytes, tuple[FormMapping, ...]]) -> Blank:
    data, mappings = bilaga_9
    return recognise(data, "2021-2-7212-bilaga-9.pdf", mappings)
