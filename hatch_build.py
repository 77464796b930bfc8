"""Build hook: compile the message catalogs (``.po`` -> ``.mo``) into the package at build time.

The ``.po`` files are the source, kept in git; the ``.mo`` files gettext reads are generated
here for every wheel and for editable installs, and are ignored by git.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogs(locale: Path) -> list[Path]:
    """Compile every ``locale/*/LC_MESSAGES/*.po`` beside itself; returns the ``.mo`` files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        mo = po.with_suffix(".mo")
        # Written beside and renamed into place: a stfolio running meanwhile (a test, a second
        # terminal) reads the old catalog or the new one, never half of one.
        partial = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        os.replace(partial, mo)
        written.append(mo)
    return written


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        locale = Path(self.root) / "stfolio" / "locale"
        compiled = compile_catalogs(locale)
        if version == "editable":
            return  # the package is used from the source folder, where the .mo files now are
        for mo in compiled:  # git ignores them, so hatchling would leave them out
            build_data.setdefault("force_include", {})[str(mo)] = mo.relative_to(self.root).as_posix()
