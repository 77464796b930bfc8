"""Write filled forms without ever leaving half a file or overwriting one by surprise.

Each file is written to a temporary file in the same folder and then moved into place in
one step, so a crash leaves either no file or a whole one. Without ``overwrite`` the move
is a hard link, which fails if the name exists, so two runs cannot race past a check.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from stfolio.forms.errors import FormError
from stfolio.forms.fill import FilledForm
from stfolio.i18n import _


def _another_name() -> str:
    return _("choose another name or folder, or give --overwrite")


def write_atomic(path: Path, data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; FormError if it exists and ``overwrite`` is False."""
    folder = path.parent
    if not overwrite and path.exists():
        raise FormError(_("{path} already exists").format(path=path), hint=_another_name())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise FormError(
            _("cannot write in {folder}: {error}").format(folder=folder, error=error.strerror or error)
        ) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError as error:
                raise FormError(_("{path} already exists").format(path=path), hint=_another_name()) from error
            except OSError:
                # a file system without hard links: the exists check above is the guard
                if path.exists():
                    raise FormError(_("{path} already exists").format(path=path)) from None
                os.replace(temp, path)
    except OSError as error:
        raise FormError(_("cannot write {path}: {error}").format(path=path, error=error.strerror or error)) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return path


def copy_paths(folder: Path, stem: str, copies: int) -> list[Path]:
    """File names for a form and its continuation copies: 'stem.pdf', 'stem-forts-1.pdf', …"""
    return [folder / (f"{stem}.pdf" if i == 0 else f"{stem}-forts-{i}.pdf") for i in range(copies)]


def write_filled(filled: FilledForm, folder: Path, stem: str, overwrite: bool = False) -> list[Path]:
    """Write every copy of a filled form; refuses before writing any if one name is taken."""
    paths = copy_paths(folder, stem, len(filled.copies))
    if not overwrite:
        taken = [p for p in paths if p.exists()]
        if taken:
            raise FormError(_("{path} already exists").format(path=taken[0]), hint=_another_name())
    return [write_atomic(p, c.data, overwrite) for p, c in zip(paths, filled.copies, strict=True)]
