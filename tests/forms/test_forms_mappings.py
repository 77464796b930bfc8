"""The shipped mapping files: they load, speak the vocabulary, and match the real blanks."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from stfolio.forms import KEYS, FormError, FormMapping, find_mapping, load_mapping, load_mappings
from stfolio.forms.pdfread import read_fields
from stfolio.forms.recognise import field_signature
from stfolio.forms.vocabulary import vocabulary_key

REPO = Path(__file__).resolve().parents[2]


def sources() -> Path:
    """Socialstyrelsen's documents beside the repository, or where STFOLIO_SOURCES says."""
    return Path(os.environ.get("STFOLIO_SOURCES") or Path(__file__).resolve().parents[3] / "shared" / "sources")


def test_all_13_plus_9_forms_are_mapped() -> None:
    mappings = load_mappings()
    counts = {r: sum(1 for m in mappings if m.regulation == r) for r in ("hslf-fs-2021-8", "sosfs-2015-8")}
    assert counts == {"hslf-fs-2021-8": 13, "sosfs-2015-8": 9}
    assert len({m.sha256 for m in mappings}) == 22


def test_every_key_in_the_mappings_is_in_the_vocabulary() -> None:
    for mapping in load_mappings():
        for f in mapping.fields:
            keys = [f.key] if f.key else re.findall(r"\{([^}]+)\}", f.template or "")
            for key in keys:
                assert vocabulary_key(key) in KEYS, (mapping.label, f.name, key)


def test_personal_keys_are_used_as_personal_and_only_so() -> None:
    for mapping in load_mappings():
        for f in mapping.fields:
            if f.key and f.use in ("key", "personal"):
                assert (f.use == "personal") == KEYS[vocabulary_key(f.key)].personal, (mapping.label, f.name)


def test_no_mapping_writes_a_signer_s_personnummer_or_signature() -> None:
    for mapping in load_mappings():
        for f in mapping.fields:
            if f.name.startswith(("Personnummer_", "Namnteckning", "Ort och datum")) or (
                "gäller endast" in f.name and "Personnummer" in f.name
            ):
                assert f.use == "never", (mapping.label, f.name)


def test_the_vocabulary_is_documented_key_by_key() -> None:
    text = (REPO / "docs" / "forms.md").read_text(encoding="utf-8")
    text = text.split("## The vocabulary of keys")[1].split("\n## ")[0]
    documented = set(re.findall(r"^\| `([^`]+)` \|", text, re.M))
    assert documented == set(KEYS)


def test_a_mapping_with_an_unknown_field_or_key_is_refused(tmp_path: Path) -> None:
    shipped = next(p for p in (REPO / "goals" / "forms" / "hslf-fs-2021-8").glob("*.yaml"))
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    data["colour"] = "blue"
    with pytest.raises(ValidationError):
        FormMapping.model_validate(data)
    data.pop("colour")
    data["fields"][0]["key"] = "trainee.shoe_size"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FormError, match="not in the vocabulary"):
        load_mapping(broken)


def test_a_never_field_needs_a_reason() -> None:
    mapping = load_mappings()[0].model_dump()
    mapping["fields"][0] = mapping["fields"][0] | {"use": "never", "key": None, "reason": None}
    with pytest.raises(ValidationError, match="needs a reason"):
        FormMapping.model_validate(mapping)


def test_find_mapping_names_the_known_forms_when_one_is_missing() -> None:
    assert find_mapping("bilaga-9", "hslf-fs-2021-8").number == "9"
    with pytest.raises(FormError) as caught:
        find_mapping("bilaga-99", "hslf-fs-2021-8")
    assert "bilaga-9" in caught.value.hint


def _real_blanks() -> list[tuple[FormMapping, Path]]:
    root = sources() / "forms"
    if not root.is_dir():
        return []
    return [(m, root / ("2021" if m.regulation == "hslf-fs-2021-8" else "2015") / m.file_name) for m in load_mappings()]


@pytest.mark.skipif(
    not _real_blanks(),
    reason="Socialstyrelsen's blanks are not beside the repository (shared/sources) nor where STFOLIO_SOURCES points",
)
@pytest.mark.parametrize("mapping, path", _real_blanks() or [(None, None)], ids=lambda v: getattr(v, "label", str(v)))
def test_each_mapping_matches_its_real_blank(mapping: FormMapping, path: Path) -> None:
    from pypdf import PdfReader

    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == mapping.sha256
    fields = read_fields(PdfReader(path))
    assert field_signature(fields) == frozenset((f.name, f.kind) for f in mapping.fields)
    for f in mapping.fields:
        widgets = fields[f.name].widgets
        assert [w.page for w in widgets] == [w.page for w in f.widgets], f.name
        assert all(
            abs(a.width - b.width) < 0.1 and abs(a.height - b.height) < 0.1
            for a, b in zip(widgets, f.widgets, strict=True)
        ), f.name


def test_the_wheel_carries_the_mapping_files(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("stfolio-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert "stfolio/_data/goals/forms/hslf-fs-2021-8/bilaga-09.yaml" in names
    assert "stfolio/_data/goals/forms/sosfs-2015-8/bilaga-08b.yaml" in names
    # Socialstyrelsen's blanks are never shipped: no PDF in the wheel is one of them
    blanks = {m.sha256 for m in load_mappings()}
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert not [n for n in pdfs if hashlib.sha256(archive.read(n)).hexdigest() in blanks]
    assert not [n for n in pdfs if n.startswith("stfolio/_data/goals/")]
