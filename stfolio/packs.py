"""Policy packs: the local norms a portfolio opts into (``policies:`` in stfolio.yaml), as data.

A pack is a YAML file under ``goals/policies/`` (shipped) or the portfolio's own
``goals/policies/`` (local, same format). This module holds the pack format and finds packs;
``stfolio.rules.policies`` judges a portfolio against them. The format is documented in
``docs/rules.md``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from stfolio.catalogue import Source
from stfolio.files import is_real_folder
from stfolio.findings import Finding
from stfolio.kinds import FOLDERS
from stfolio.loader import load_file


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _record_folder(value: str) -> str:
    if value not in FOLDERS:
        raise PydanticCustomError(
            "literal_error", "Input should be {expected}", {"expected": " or ".join(repr(f) for f in FOLDERS)}
        )
    return value


class Selection(_Data):
    records: Annotated[str, AfterValidator(_record_folder)] = Field(description="A record folder: meetings, ...")
    where: dict[str, list[str]] = Field(default_factory=dict, description="field -> allowed values")


class Budget(_Data):
    total: float
    caps: dict[str, float] = Field(default_factory=dict, description="expense category -> cap")
    not_for_groups: list[str] = Field(
        default_factory=list, description="courses whose delmål are all in these groups are funded elsewhere"
    )


class Norm(_Data):
    id: str
    title: str
    count: Selection | None = None
    hours: Selection | None = None
    deliverable: Selection | None = None
    budget: Budget | None = None
    minimum: float | None = None
    per: Literal["st-year", "service-year", "month", "placement"] | None = None
    years: list[int] = Field(default_factory=list, description="only these ST years (1 = the first)")
    from_year: int | None = None
    only_when_recorded: bool = False
    plan_within_months: int | None = Field(
        None, description="deliverable: warn when, this long after ST start, it is neither done nor planned"
    )
    severity: Literal["warning", "info"] = "warning"
    note: str | None = None


class Pack(_Data):
    id: str
    title: str
    source: Source | dict[str, Any]
    norms: list[Norm]


def shipped_packs_dir() -> Path:
    from stfolio.resources import goals_dir

    return goals_dir() / "policies"


@cache
def _shipped(name: str) -> tuple[Pack | None, tuple[Finding, ...]]:
    _source, pack, findings = load_file(shipped_packs_dir(), f"{name}.yaml", Pack)
    return pack, tuple(findings)


def available_packs(root: Path) -> list[str]:
    names = {p.stem for p in shipped_packs_dir().glob("*.yaml")}
    local = root / "goals" / "policies"
    names |= {p.stem for p in local.glob("*.yaml")} if is_real_folder(root, "goals/policies") else set()
    return sorted(names)


def load_pack(root: Path, name: str) -> tuple[Pack | None, list[Finding]]:
    """The portfolio's own goals/policies/<name>.yaml first, else the shipped pack."""
    if is_real_folder(root, "goals/policies") and (root / "goals" / "policies" / f"{name}.yaml").is_file():
        _source, pack, findings = load_file(root, f"goals/policies/{name}.yaml", Pack)
        return pack, findings
    if (shipped_packs_dir() / f"{name}.yaml").is_file():
        pack, found = _shipped(name)
        return pack, list(found)
    return None, []
