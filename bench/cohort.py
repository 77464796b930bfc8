"""Benchmark `stfolio cohort` against the floor of parsing the same YAML in one process.

Builds a cohort of synthetic portfolios (300 records each by default, from bench.py's
generator: a few distinct portfolios, copied, each copy with its own trainee name and one
of four clinics), then times whole processes side by side, interleaved in rounds (one
warm-up, then the median of ``--runs``):

- ``stfolio cohort --format json PATHS…`` with ``--jobs`` workers (default: all cores);
- the floor: one ``python -c`` that reads every .yaml file of the same portfolios and parses
  it with ``yaml.CSafeLoader``, in a single process.

Target (issue 15): cohort ≤ 1.2× the floor, for 200 portfolios; the figure and its growth are
reported for each ``--sizes`` (default 50, 200, 800), with the parent process's peak memory,
and a linear estimate for a national cohort of 10,000 trainees. Run it from the project's venv,
niced when the machine is shared::

    nice -n 5 .venv/bin/python bench/cohort.py [--sizes 50,200,800] [--runs 3] [--records 300] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import FLOOR_SCRIPT, SEED, TRAINEE, generate_portfolio

TARGET = 1.2
NATIONAL = 10_000
DISTINCT = 8  # generated portfolios; the others are copies of them under other names
CLINICS = (
    ("Vuxenpsykiatri Lund, Psykiatri Skåne", "Region Skåne"),
    ("Vuxenpsykiatri Malmö, Psykiatri Skåne", "Region Skåne"),
    ("Psykiatriska kliniken Växjö", "Region Kronoberg"),
    ("Psykiatri Sydväst, Huddinge", "Region Stockholm"),
)


@dataclass
class Timing:
    name: str
    argv: list[str]
    runs: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, the workers included

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def _run_once(timing: Timing, env: dict[str, str]) -> tuple[float, int, float]:
    """Wall clock of the whole process, its own peak memory (not its workers'), and the CPU
    seconds of it and the workers it reaped: the figure a shared machine does not blur."""
    started = time.perf_counter()
    proc = subprocess.Popen(timing.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: `{timing.name}` exited {code}\n{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def build_cohort(base: Path, size: int, records: int, seed: int) -> list[Path]:
    """``size`` portfolios under ``base``: DISTINCT generated ones, copied under other names."""
    sources = []
    for i in range(min(DISTINCT, size)):
        source = base / "sources" / f"source-{i}"
        if not source.exists():
            generate_portfolio(source, records, seed + i)
        sources.append(source)
    folders = []
    for i in range(size):
        target = base / "cohort" / f"st-{i:05d}"
        if not target.exists():
            shutil.copytree(sources[i % len(sources)], target)
            clinic, employer = CLINICS[i % len(CLINICS)]
            profile = target / "stfolio.yaml"
            text = profile.read_text(encoding="utf-8")
            text = text.replace(TRAINEE, f"ST-läkare {i:05d}")
            text = text.replace("clinic: Vuxenpsykiatri Lund, Psykiatri Skåne", f"clinic: {clinic}")
            text = text.replace("employer: Region Skåne", f"employer: {employer}")
            profile.write_text(text, encoding="utf-8")
        folders.append(target)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], prog="cohort.py")
    parser.add_argument("--sizes", default="50,200,800", help="cohort sizes, comma-separated (default 50,200,800)")
    parser.add_argument("--records", type=int, default=300, help="records per portfolio (default 300)")
    parser.add_argument("--runs", type=int, default=3, help="timed rounds after one warm-up (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for stfolio cohort (default: all cores)")
    parser.add_argument("--as-of", default="2026-12-01", help="--as-of for stfolio cohort")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the cohort in DIR and keep it")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    python = sys.executable
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["NO_COLOR"] = "1"
    base = args.keep or Path(tempfile.mkdtemp(prefix="stfolio-cohort-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        folders = build_cohort(base, max(sizes), args.records, SEED)
        print(f"built {len(folders)} portfolios in {base} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        timings: dict[int, tuple[Timing, Timing]] = {}
        for size in sizes:
            paths = [str(f) for f in folders[:size]]
            cohort = [python, "-m", "stfolio", "cohort", "--as-of", args.as_of, "--format", "json", *jobs, *paths]
            timings[size] = (
                Timing(f"cohort {size} portfolios", cohort),
                Timing(f"floor {size} portfolios (CSafeLoader)", [python, "-c", FLOOR_SCRIPT, *paths]),
            )
        for round_no in range(args.runs + 1):
            for pair in timings.values():
                for timing in pair:
                    elapsed, rss, cpu = _run_once(timing, env)
                    if round_no:
                        timing.runs.append(elapsed)
                        timing.rss_kib.append(rss)
                        timing.cpu.append(cpu)
            print(f"  round {round_no or 'warm-up'} done", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    results = _results(args, sizes, timings, python)
    print(report(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _results(
    args: argparse.Namespace, sizes: list[int], timings: dict[int, tuple[Timing, Timing]], python: str
) -> dict[str, Any]:
    rows = []
    for size in sizes:
        cohort, floor = timings[size]
        rows.append(
            {
                "portfolios": size,
                "records": size * args.records,
                "cohort_s": round(cohort.median, 3),
                "floor_s": round(floor.median, 3),
                "ratio": round(cohort.median / floor.median, 3),
                "cohort_runs": [round(r, 3) for r in cohort.runs],
                "floor_runs": [round(r, 3) for r in floor.runs],
                "cohort_cpu_s": round(statistics.median(cohort.cpu), 3),
                "floor_cpu_s": round(statistics.median(floor.cpu), 3),
                "cpu_ratio": round(statistics.median(cohort.cpu) / statistics.median(floor.cpu), 3),
                "cohort_parent_rss_mib": round(max(cohort.rss_kib) / 1024, 1),
                "floor_rss_mib": round(max(floor.rss_kib) / 1024, 1),
            }
        )
    first, last = rows[0], rows[-1]
    estimate: dict[str, Any] = {}
    if last["portfolios"] > first["portfolios"]:
        span = last["portfolios"] - first["portfolios"]
        per = (last["cohort_s"] - first["cohort_s"]) / span
        per_floor = (last["floor_s"] - first["floor_s"]) / span
        rss_per = (last["cohort_parent_rss_mib"] - first["cohort_parent_rss_mib"]) / span
        cpu_per = (last["cohort_cpu_s"] - first["cohort_cpu_s"]) / span
        estimate = {
            "portfolios": NATIONAL,
            "cohort_cpu_ms_per_portfolio": round(cpu_per * 1000, 1),
            "cohort_cpu_s": round(last["cohort_cpu_s"] + cpu_per * (NATIONAL - last["portfolios"]), 0),
            "cohort_ms_per_portfolio": round(per * 1000, 1),
            "floor_ms_per_portfolio": round(per_floor * 1000, 1),
            "cohort_s": round(last["cohort_s"] + per * (NATIONAL - last["portfolios"]), 0),
            "floor_s": round(last["floor_s"] + per_floor * (NATIONAL - last["portfolios"]), 0),
            "parent_rss_mib": round(last["cohort_parent_rss_mib"] + rss_per * (NATIONAL - last["portfolios"]), 0),
        }
    return {
        "config": {
            "records_per_portfolio": args.records,
            "runs": args.runs,
            "jobs": args.jobs or len(os.sched_getaffinity(0)),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "interpreter": python,
        },
        "sizes": rows,
        "target": {
            "ratio": TARGET,
            "at": 200,
            "pass": all(r["ratio"] <= TARGET for r in rows if r["portfolios"] == 200),
        },
        "national_estimate": estimate,
    }


def report(results: dict[str, Any]) -> str:
    cfg = results["config"]
    lines = [
        f"stfolio cohort bench: {cfg['records_per_portfolio']} records per portfolio, --jobs {cfg['jobs']} "
        f"on {cfg['cpus']} CPUs; median of {cfg['runs']} runs after 1 warm-up; wall clock per process",
        f"python {cfg['python']}, {cfg['platform']}",
        "",
        f"{'portfolios':>10}{'records':>10}{'cohort':>10}{'floor':>10}{'ratio':>8}{'growth':>8}{'parent RSS':>12}"
        f"{'CPU cohort':>12}{'CPU floor':>11}{'CPU ratio':>10}",
    ]
    previous = None
    for row in results["sizes"]:
        growth = f"{row['cohort_s'] / previous['cohort_s']:.2f}×" if previous else ""
        lines.append(
            f"{row['portfolios']:>10,}{row['records']:>10,}{row['cohort_s']:>9.2f}s{row['floor_s']:>9.2f}s"
            f"{row['ratio']:>7.2f}×{growth:>8}{row['cohort_parent_rss_mib']:>9.0f} MiB"
            f"{row['cohort_cpu_s']:>11.1f}s{row['floor_cpu_s']:>10.1f}s{row['cpu_ratio']:>9.2f}×"
        )
        previous = row
    target = results["target"]
    lines.append("")
    lines.append(
        f"target: cohort ≤ {target['ratio']}× the floor at {target['at']} portfolios: "
        + ("PASS" if target["pass"] else "MISS")
    )
    estimate = results["national_estimate"]
    if estimate:
        lines.append(
            f"national estimate ({estimate['portfolios']:,} portfolios, linear in the measured growth): "
            f"cohort {estimate['cohort_s'] / 60:.0f} min ({estimate['cohort_ms_per_portfolio']} ms a portfolio), "
            f"floor {estimate['floor_s'] / 60:.0f} min, parent process ≈ {estimate['parent_rss_mib']:.0f} MiB; "
            f"CPU {estimate['cohort_cpu_s'] / 60:.0f} min ({estimate['cohort_cpu_ms_per_portfolio']} ms a portfolio)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
