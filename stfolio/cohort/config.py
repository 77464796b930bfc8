"""The thresholds of the risk flags: a small YAML file, every key optional (docs/cohort.md).

A studierektor keeps one beside the trainees' folders (``stfolio-cohort.yaml``) or names one
with ``--config``. A threshold set to ``null`` switches its flag off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from stfolio.errors import USAGE, StfolioError
from stfolio.i18n import _

CONFIG_FILE = "stfolio-cohort.yaml"

Days = Annotated[int, Field(ge=1, le=3650)]
Months = Annotated[int, Field(ge=1, le=120)]


class CohortConfig(BaseModel):
    """When a trainee is flagged. The defaults are what docs/cohort.md explains."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    handledarsamtal_days: Days | None = Field(
        90, description="Flag when the last handledarsamtal is more than this many days ago (or there is none)."
    )
    iup_months: Months | None = Field(
        12, description="Flag when the IUP was last revised more than this many months ago (or never)."
    )
    bt_months: Months | None = Field(
        24, description="Flag when BT (HSLF-FS 2021:8) is not done this many months after its start."
    )
    behind_months: Annotated[float, Field(ge=0, le=120)] | None = Field(
        3,
        description="Flag when the earliest completion is more than this many months after the planned one "
        "(ST start plus the regulation's minimum at full time).",
    )
    intyg_months: Months | None = Field(
        12,
        description="Flag placements, courses and written works finished in this many last months without an intyg.",
    )
    intyg_grace_days: Annotated[int, Field(ge=0, le=365)] = Field(
        30, description="Days after a record's end before its missing intyg counts."
    )
    errors: Annotated[int, Field(ge=1)] | None = Field(1, description="Flag from this many errors in the portfolio.")
    norms: Annotated[int, Field(ge=1)] | None = Field(
        1, description="Flag from this many norms of the trainee's own policy packs not met."
    )


def load_config(path: Path | None, search: Path | None = None) -> tuple[CohortConfig, Path | None]:
    """The config at ``path``, else ``stfolio-cohort.yaml`` in ``search`` if there is one, else the defaults.

    A config with a problem stops the run with its findings (file, line, column).
    """
    if path is None and search is not None and (search / CONFIG_FILE).is_file():
        path = search / CONFIG_FILE
    if path is None:
        return CohortConfig(), None
    from stfolio.loader import load_text

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StfolioError(
            _("cannot read the cohort config {path}: {error}").format(path=path, error=exc), exit_code=USAGE
        ) from None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return CohortConfig(), path
    _source, model, findings = load_text(text, path.name, CohortConfig)
    if model is None:
        raise StfolioError(
            _("the cohort config {path} has problems").format(path=path),
            hint=_("see docs/cohort.md for its keys; every key may be left out"),
            exit_code=USAGE,
            findings=findings,
            root=path.parent,
        )
    return model, path
