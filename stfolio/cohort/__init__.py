"""``stfolio cohort``: the studierektor's overview of many trainees' portfolios, read only.

No central database: the trainees share their portfolio folders (git clones, copies) and the
studierektor points stfolio at them. The pipeline follows the folders of this package:

- ``discover``: the portfolio folders under the paths given;
- ``summary``: one portfolio checked as ``stfolio check`` checks it and summed up in a small
  row of plain values (``model``), in a worker process (``run``);
- ``flags``: the risk flags of each row, with the thresholds of the cohort config (``config``);
- ``yearly``: with ``--year``, the compilation per clinic, per employer and in all;
- ``output``: the terminal table, JSON, CSV, the workbook and the HTML page (``view`` builds
  the page's data; ``templates/cohort/`` lays it out).

The overview shows figures and flags, never a record's free text; a portfolio holding a
personnummer shows only that flag. The shapes and the config are documented in docs/cohort.md.
"""

from __future__ import annotations

from stfolio.cohort.config import CONFIG_FILE, CohortConfig, load_config
from stfolio.cohort.model import Flag, TraineeRow, YearFigures
from stfolio.cohort.run import Cohort, run_cohort
from stfolio.cohort.summary import Task, summarise

__all__ = [
    "CONFIG_FILE",
    "Cohort",
    "CohortConfig",
    "Flag",
    "Task",
    "TraineeRow",
    "YearFigures",
    "load_config",
    "run_cohort",
    "summarise",
]
