"""JSON Schemas for the profile and each record kind, generated from the models.

Editors that speak yaml-language-server (VS Code's YAML extension, Neovim, JetBrains) use
them for completion, hover documentation (the field descriptions) and validation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from stfolio.files import replace_file, write_new_file
from stfolio.model import RECORD_KINDS, Profile

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def kind_name(folder: str) -> str:
    """'activities' -> 'activity': the singular used by `stfolio log` and the schema files."""
    return {"activities": "activity", "leave": "leave"}.get(folder, folder.removesuffix("s"))


def all_schemas() -> dict[str, dict[str, Any]]:
    """'profile' and each record kind -> its JSON Schema."""
    models: dict[str, type[BaseModel]] = {"profile": Profile}
    models.update({kind_name(folder): model for folder, model in RECORD_KINDS.items()})
    schemas = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        schemas[name] = {"$schema": SCHEMA_DRAFT, "$id": f"stfolio:{name}", **schema}
    return schemas


def write_schemas(folder: Path) -> list[str]:
    """Write ``<name>.schema.json`` files into ``folder``; returns the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = folder / f"{name}.schema.json"
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        if path.exists():
            if path.read_text(encoding="utf-8") != text:
                replace_file(path, text)  # generated files: refreshing them loses nothing
                written.append(path.name)
        else:
            try:
                write_new_file(path, text)
            except FileExistsError:
                continue  # another stfolio process wrote the same schema a moment ago
            written.append(path.name)
    return written


def vscode_settings(schema_dir: str) -> dict[str, Any]:
    """`.vscode/settings.json` mapping each record folder's files to its schema."""
    mapping: dict[str, list[str]] = {f"./{schema_dir}/profile.schema.json": ["stfolio.yaml"]}
    for folder in RECORD_KINDS:
        mapping[f"./{schema_dir}/{kind_name(folder)}.schema.json"] = [f"{folder}/**/*.yaml", f"{folder}/**/*.yml"]
    return {"yaml.schemas": mapping}
