"""The JSON Schemas for editors agree with the models: every example validates against them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from stfolio.kinds import BY_FOLDER
from stfolio.write.schemas import all_schemas

RECORD_KINDS = BY_FOLDER


def kind_name(folder: str) -> str:
    return BY_FOLDER[folder].name


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "psykiatri-2021"
Cli = Callable[..., tuple[int, str]]


def as_json(value: Any) -> Any:
    """YAML gives date objects where JSON (and editors' YAML 1.2) see strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def example_files() -> list[tuple[str, Path]]:
    found = [("profile", EXAMPLE / "stfolio.yaml")]
    for folder in RECORD_KINDS:
        found += [(kind_name(folder), p) for p in sorted((EXAMPLE / folder).rglob("*.yaml"))]
    return found


@pytest.mark.parametrize(("kind", "path"), example_files(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_example_file_validates_against_its_schema(kind: str, path: Path) -> None:
    schema = all_schemas()[kind]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(
        as_json(yaml.safe_load(path.read_text(encoding="utf-8"))), schema, cls=jsonschema.Draft202012Validator
    )


def test_schemas_reject_what_the_loader_rejects() -> None:
    schema = all_schemas()["meeting"]
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate({"date": "2026-03-04", "kind": "handledarsamtal", "partcipants": []}, schema)
    with pytest.raises(jsonschema.ValidationError, match="is not one of"):
        jsonschema.validate({"date": "2026-03-04", "kind": "handledning"}, schema)


def test_schemas_carry_the_field_descriptions() -> None:
    placement = all_schemas()["placement"]
    assert placement["properties"]["extent"]["description"] == "Sysselsättningsgrad: percent of full time, 1–100."


def test_schema_command_writes_the_schemas(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("schema", "--out", "schemas", cwd=tmp_path)
    assert (code, out) == (0, "schemas/: 8 scheman; skrev eller uppdaterade 8\n")
    assert json.loads((tmp_path / "schemas/meeting.schema.json").read_text())["$id"] == "stfolio:meeting"
    assert cli("schema", "--out", "schemas", cwd=tmp_path) == (0, "schemas/: 8 scheman; skrev eller uppdaterade 0\n")
