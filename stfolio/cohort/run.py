"""Running the cohort: every portfolio in a worker process, each returning its small row.

The parent finds the folders, hands each to :func:`~stfolio.cohort.summary.summarise` in a
pool of ``jobs`` processes, and keeps only the rows: memory stays flat however large the
cohort. One portfolio that breaks, or even kills its worker, is one row saying so.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.context import BaseContext
from pathlib import Path

from stfolio import i18n
from stfolio.cohort.config import CohortConfig
from stfolio.cohort.discover import find_portfolios
from stfolio.cohort.flags import risk_flags
from stfolio.cohort.model import BROKEN, TraineeRow
from stfolio.cohort.summary import Task, summarise
from stfolio.cohort.yearly import Compilation, compile_year
from stfolio.i18n import _

SORTS = ("risk", "name", "clinic")


@dataclass(frozen=True)
class Cohort:
    """The overview: one row per portfolio, sorted; with ``--year``, the compilation."""

    as_of: dt.date
    config: CohortConfig
    rows: tuple[TraineeRow, ...]
    compilation: Compilation | None = None
    config_path: str | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_cohort(
    paths: list[Path],
    config: CohortConfig | None = None,
    as_of: dt.date | None = None,
    year: int | None = None,
    jobs: int | None = None,
    recursive: bool = False,
    sort: str = "risk",
) -> Cohort:
    """Check every portfolio under ``paths`` (read only) and sum each up; see docs/cohort.md."""
    config = config or CohortConfig()
    as_of = as_of or dt.date.today()
    folders = find_portfolios(paths, recursive)
    tasks = [Task(os.path.abspath(folder), as_of, config, year) for folder in folders]
    rows = _run(tasks, jobs or default_jobs())
    rows = [replace(row, flags=risk_flags(row, config)) for row in rows]
    rows = sort_rows(rows, sort)
    compilation = compile_year(rows, year) if year is not None else None
    return Cohort(as_of, config, tuple(rows), compilation)


def sort_rows(rows: list[TraineeRow], sort: str = "risk") -> list[TraineeRow]:
    def name(row: TraineeRow) -> tuple[str, str]:
        return (row.name.casefold() or "\uffff", row.path)

    if sort == "name":
        return sorted(rows, key=name)
    if sort == "clinic":
        return sorted(rows, key=lambda r: (r.employer.casefold(), r.clinic.casefold(), *name(r)))
    return sorted(rows, key=lambda r: (-r.risk, *name(r)))


def _run(tasks: list[Task], jobs: int) -> list[TraineeRow]:
    if jobs <= 1 or len(tasks) <= 1:
        return [summarise(task) for task in tasks]
    import importlib

    from stfolio.catalogue import shipped_goal_data

    # Imported and read once here: forked workers inherit them instead of each paying for them.
    for module in ("stfolio.rules", "stfolio.rules.privacy", "stfolio.packs", "stfolio.reports.norms"):
        importlib.import_module(module)
    shipped_goal_data()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    workers = min(jobs, len(tasks))
    rows: list[TraineeRow | None] = [None] * len(tasks)
    lost: list[int] = []  # tasks whose worker died, or that were queued when it did
    with _pool(workers, context) as pool:
        # A bounded window of tasks in flight: the parent holds a few dozen, not the whole cohort.
        pending: deque[tuple[int, Future[TraineeRow]]] = deque()
        for index, task in enumerate(tasks):
            if len(pending) >= workers * 4:
                _collect(pending.popleft(), rows, lost)
            try:
                pending.append((index, pool.submit(summarise, task)))
            except BrokenExecutor:
                lost.append(index)
        while pending:
            _collect(pending.popleft(), rows, lost)
    for index in lost:  # each again on its own, so one portfolio that kills its worker is its own row
        rows[index] = _alone(tasks[index], context)
    return [row for row in rows if row is not None]


def _pool(workers: int, context: BaseContext) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(i18n.current(),))


def _collect(item: tuple[int, Future[TraineeRow]], rows: list[TraineeRow | None], lost: list[int]) -> None:
    index, future = item
    try:
        rows[index] = future.result()
    except BrokenExecutor:
        lost.append(index)


def _alone(task: Task, context: BaseContext) -> TraineeRow:
    with _pool(1, context) as pool:
        try:
            return pool.submit(summarise, task).result()
        except Exception as exc:  # the worker died on this very portfolio (killed, out of memory)
            problem = _("the worker checking it stopped ({error})").format(error=type(exc).__name__)
            return TraineeRow(task.path, BROKEN, problem, as_of=task.as_of.isoformat())


def _start_worker(language: str) -> None:
    """Speak the parent's language in the worker (findings are put into words where they are made)."""
    i18n.set_language(language, explicit=True)
