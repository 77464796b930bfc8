"""JSON Schemas for the profile and each record kind, generated from the models.

Editors that speak yaml-language-server (VS Code's YAML extension, Neovim, JetBrains) use
them for completion, hover documentation (the field descriptions) and validation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from stfolio.errors import PROBLEM, StfolioError
from stfolio.files import is_real_folder, real_folder, replace_file, write_new_file
from stfolio.i18n import T
from stfolio.kinds import KINDS
from stfolio.model import Profile

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = ".stfolio/schemas"


def schema_file(kind: str) -> str:
    """The schema file name for a record kind ('meeting') or 'profile'."""
    return f"{kind}.schema.json"


def all_schemas() -> dict[str, dict[str, Any]]:
    """'profile' and each record kind -> its JSON Schema."""
    models: dict[str, type[BaseModel]] = {"profile": Profile}
    models.update({kind.name: kind.model for kind in KINDS})
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
        path = folder / schema_file(name)
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
    mapping: dict[str, list[str]] = {f"./{schema_dir}/{schema_file('profile')}": ["stfolio.yaml"]}
    for kind in KINDS:
        mapping[f"./{schema_dir}/{schema_file(kind.name)}"] = [f"{kind.folder}/**/*.yaml", f"{kind.folder}/**/*.yml"]
    return {"yaml.schemas": mapping}


def schema_folder(root: Path) -> Path:
    """The portfolio's ``.stfolio/schemas``, a real folder inside it (made if missing), never through a link."""
    try:
        return real_folder(root, SCHEMA_DIR)
    except OSError as exc:
        raise StfolioError(
            T("cannot write schemas into {folder}/: {reason}", folder=SCHEMA_DIR, reason=exc.strerror or exc),
            exit_code=PROBLEM,
        ) from None


def ensure_schemas(root: Path) -> list[str]:
    """Write the JSON Schemas into the portfolio if missing, so editor links resolve.

    Skipped (nothing written) when ``.stfolio/`` is a link or not a folder: `check` reports it.
    """
    if (root / SCHEMA_DIR / schema_file("profile")).exists() and is_real_folder(root, SCHEMA_DIR):
        return []
    try:
        folder = schema_folder(root)
    except StfolioError:
        return []
    return write_schemas(folder)
