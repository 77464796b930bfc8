"""Evidence files: copying a scanned intyg into the portfolio under a safe new name."""

from __future__ import annotations

import hashlib
from pathlib import Path

from stfolio.files import write_unique
from stfolio.text import slug


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_evidence(root: Path, source: Path, stem: str) -> tuple[str, str]:
    """Copy a scanned document into evidence/ under a safe new name; returns (path, sha256)."""
    evidence = root / "evidence"
    evidence.mkdir(exist_ok=True)
    suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:8]
    name = f"{slug(stem, 60)}-{slug(source.stem, 40)}{suffix}"
    data = source.read_bytes()
    written = write_unique(evidence / name, data)
    return f"evidence/{written.name}", hashlib.sha256(data).hexdigest()
