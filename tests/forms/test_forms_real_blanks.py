"""Every real blank in shared/sources fills, and every value reads back (skipped without the sources)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from stfolio.forms import KEYS, FormMapping, fill, load_mappings, open_blank
from stfolio.forms.vocabulary import render_template, template_keys, vocabulary_key


def _root() -> Path:
    return (
        Path(os.environ.get("STFOLIO_SOURCES") or Path(__file__).resolve().parents[3] / "shared" / "sources") / "forms"
    )


def _cases() -> list[tuple[FormMapping, Path]]:
    if not _root().is_dir():
        return []
    return [
        (m, _root() / ("2021" if m.regulation == "hslf-fs-2021-8" else "2015") / m.file_name) for m in load_mappings()
    ]


pytestmark = pytest.mark.skipif(
    not _cases(),
    reason="Socialstyrelsen's blanks are not beside the repository (shared/sources/forms) nor where STFOLIO_SOURCES points",
)


def sample(key: str) -> str:
    """A short, Swedish-lettered sample for a key, distinct per key."""
    if key == "signer.role":
        return "handledare"
    if key.endswith(("period",)):
        return "230901–240229"
    if key.endswith(("date", "_date")):
        return "240115"
    return f"Åäö {key.split('.')[-1]} é"


@pytest.mark.parametrize("mapping, path", _cases() or [(None, None)], ids=lambda v: getattr(v, "label", str(v)))
def test_the_real_blank_fills_and_every_value_reads_back(mapping: FormMapping, path: Path) -> None:
    blank = open_blank(path)
    assert blank.matched_by == "checksum" and blank.mapping == mapping
    used = {
        k
        for f in mapping.fields
        if f.use in ("key", "personal")
        for k in ([f.key] if f.key else template_keys(f.template or ""))
    }
    keys = {vocabulary_key(k) for k in used if not k.startswith("rows[")}
    values = {k: sample(k) for k in keys if not KEYS[k].personal}
    personal = {k: sample(k) for k in keys if KEYS[k].personal}
    group = mapping.row_group
    rows = [{c: f"r{i} {c} å" for c in group.columns} for i in range(1, group.count + 1)] if group else []
    filled = fill(blank, values, personal, rows)
    assert len(filled.copies) == 1
    read = {k: v.get("/V") for k, v in (PdfReader(io.BytesIO(filled.copies[0].data)).get_fields() or {}).items()}
    for f in mapping.fields:
        got = read[f.name]
        if f.use in ("never", "left-blank") or f.kind == "button":
            assert got in (None, "", "0", "/Off"), f.name  # "0": the 2015 ansökan's own default in its Summa
            continue
        if f.kind == "checkbox":
            assert got == ("/" + (f.on_state or "") if values.get(f.key or "") == f.when else "/Off"), f.name
            continue
        if f.row is not None:
            index, column = f.row
            assert got == f"r{index} {column} å", f.name
        elif f.continues_in is not None or f.name in {g.continues_in for g in mapping.fields}:
            assert got in (sample(f.key or ""), None), f.name  # a short text stays in the first field of a flow
        elif f.template is not None:
            assert got == render_template(f.template, values | personal), f.name
        else:
            assert got == (values | personal)[f.key or ""], f.name
