"""A cohort built in the test: five trainees' portfolios as a studierektor receives them.

As of 2026-06-30 (the figures below are worked out by hand in the tests):

- ``anna``: HSLF-FS 2021:8 from 2025-09-01 at Vuxenpsykiatri Lund (Region Skåne), on track:
  BT done (3 months akut, 3 primärvård), then psykiatri; recent handledarsamtal and IUP.
- ``bo``: HSLF-FS 2021:8 from 2024-03-01, also at Lund, behind: three months of BT, then a year
  and a half with no placement; BT not done after 28 months, the last handledarsamtal in
  December, the IUP never revised, his local norms not met.
- ``cilla``: SOSFS 2015:8 from 2021-01-01 at Psykiatri Växjö (Region Kronoberg): the time is
  served, but the placement that ended in March has no intyg.
- ``dan``: a clone that lost its stfolio.yaml: one row saying so.
- ``eva``: a note with a personnummer: only that flag.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import write_tree

AS_OF = "2026-06-30"

LOCAL_PACK = """\
id: lokal
title: Lokala normer
source: {title: Klinikens ST-riktlinjer}
norms:
  - id: handledning
    title: Handledarsamtal
    count: {records: meetings, where: {kind: [handledarsamtal]}}
    minimum: 2
    per: st-year
  - id: bedomningar
    title: Bedömningar
    count: {records: assessments}
    minimum: 4
    per: st-year
"""

# Free text in a record: it must reach no output of the overview.
FREE_TEXT = "Privat: orolig inför jourerna"

SUPERVISOR = "supervisor:\n  name: {name}\n  handledarutbildning: true\n"


def _profile(name: str, regulation: str, start: str, clinic: str, employer: str, supervisor: str, bt: bool) -> str:
    text = f"format: 1\ntrainee:\n  name: {name}\nregulation: {regulation}\nspecialty: psykiatri\nst_start: {start}\n"
    if bt:
        text += f"bt:\n  start: {start}\n"
    text += f"employer: {employer}\nclinic: {clinic}\n" + SUPERVISOR.format(name=supervisor)
    return text


def _meeting(date: str, kind: str = "handledarsamtal", notes: str = "") -> str:
    text = f"date: {date}\nkind: {kind}\n"
    return text + (f"notes: '{notes}'\n" if notes else "")


def _placement(start: str, end: str, unit: str, delmal: str, bt: str = "", intyg: bool = True) -> str:
    text = f"start: {start}\nend: {end}\nunit: {unit}\ndelmal: [{delmal}]\n"
    if bt:
        text += f"bt: {bt}\n"
    if intyg:
        text += f"intyg:\n  - issued_by: Per Holm\n    role: handledare\n    date: {end}\n"
    return text


def _assessment(date: str, instrument: str = "mini-CEX") -> str:
    return f"date: {date}\ninstrument: {instrument}\n"


def _course(start: str, title: str, delmal: str) -> str:
    return (
        f"title: {title}\nstart: {start}\ndelmal: [{delmal}]\n"
        f"intyg:\n  - issued_by: Eva Kursledare\n    role: kursledare\n    date: {start}\n"
    )


ANNA = {
    "stfolio.yaml": _profile(
        "Anna Ek", "HSLF-FS 2021:8", "2025-09-01", "Vuxenpsykiatri Lund", "Region Skåne", "Per Holm", True
    )
    + "policies: [lokal]\n",
    "goals/policies/lokal.yaml": LOCAL_PACK,
    "placements/2025-09-01-akut.yaml": _placement("2025-09-01", "2025-11-30", "Akutmottagningen Lund", "BT1", "akut"),
    "placements/2025-12-01-vc.yaml": _placement(
        "2025-12-01", "2026-02-28", "Vårdcentralen Centrum Lund", "BT2", "primärvård"
    ),
    "placements/2026-03-01-psykiatri.yaml": _placement(
        "2026-03-01", "2027-02-28", "Vuxenpsykiatri Lund", "STc1", intyg=False
    ),
    "meetings/2025-10-01-handledarsamtal.yaml": _meeting("2025-10-01"),
    "meetings/2026-01-15-handledarsamtal.yaml": _meeting("2026-01-15", notes=FREE_TEXT),
    "meetings/2026-02-01-iup-revision.yaml": _meeting("2026-02-01", "IUP-revision"),
    "meetings/2026-03-10-handledarsamtal.yaml": _meeting("2026-03-10"),
    "meetings/2026-05-20-handledarsamtal.yaml": _meeting("2026-05-20"),
    "assessments/2025-11-05-mini-cex.yaml": _assessment("2025-11-05"),
    "assessments/2026-04-02-mini-cex.yaml": _assessment("2026-04-02"),
    "assessments/2026-05-05-cbd.yaml": _assessment("2026-05-05", "CBD"),
    "courses/2026-03-16-psykiatrisk-diagnostik.yaml": _course("2026-03-16", "Psykiatrisk diagnostik", "STc1"),
}

BO = {
    "stfolio.yaml": _profile(
        "Bo Berg", "HSLF-FS 2021:8", "2024-03-01", "Vuxenpsykiatri Lund", "Region Skåne", "Lisa Ström", True
    )
    + "policies: [lokal]\n",
    "goals/policies/lokal.yaml": LOCAL_PACK,
    "placements/2024-03-01-akut.yaml": _placement("2024-03-01", "2024-05-31", "Akutmottagningen Lund", "BT1", "akut"),
    "placements/2025-09-01-psykiatri.yaml": _placement(
        "2025-09-01", "2026-12-31", "Vuxenpsykiatri Lund", "STc1", intyg=False
    ),
    "meetings/2024-04-01-handledarsamtal.yaml": _meeting("2024-04-01"),
    "meetings/2025-12-01-handledarsamtal.yaml": _meeting("2025-12-01"),
    "assessments/2026-02-10-mini-cex.yaml": _assessment("2026-02-10"),
}

CILLA = {
    "stfolio.yaml": _profile(
        "Cilla Dahl", "SOSFS 2015:8", "2021-01-01", "Psykiatri Växjö", "Region Kronoberg", "Karin Lund", False
    ),
    "placements/2021-01-01-psykiatri.yaml": _placement(
        "2021-01-01", "2026-03-31", "Psykiatriska kliniken Växjö", "c1", intyg=False
    ),
    "meetings/2026-01-15-iup-revision.yaml": _meeting("2026-01-15", "IUP-revision"),
    "meetings/2026-02-01-handledarsamtal.yaml": _meeting("2026-02-01"),
    "meetings/2026-06-01-handledarsamtal.yaml": _meeting("2026-06-01"),
    "courses/2026-04-20-ledarskap.yaml": _course("2026-04-20", "Ledarskap", "a1"),
}

DAN = {"meetings/2026-01-10-handledarsamtal.yaml": _meeting("2026-01-10")}

EVA = {
    "stfolio.yaml": _profile(
        "Eva Ek", "HSLF-FS 2021:8", "2025-09-01", "Vuxenpsykiatri Malmö", "Region Skåne", "Johan Ekdahl", True
    ),
    "meetings/2026-03-01-handledarsamtal.yaml": _meeting("2026-03-01", notes="Patienten 19121212-1212 diskuterades"),
}

TRAINEES = {"anna": ANNA, "bo": BO, "cilla": CILLA, "dan": DAN, "eva": EVA}


@pytest.fixture
def cohort_dir(tmp_path: Path) -> Path:
    """The five portfolios in ``tmp_path/cohort``, one folder each."""
    root = tmp_path / "cohort"
    for folder, files in TRAINEES.items():
        write_tree(root / folder, files)
    return root


def tree_digest(root: Path) -> str:
    """Every file's path, bytes and modification time, and every folder: what read-only must keep."""
    digest = hashlib.sha256()
    for here, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        digest.update(f"d {here}\n".encode())
        for name in sorted(files):
            path = Path(here) / name
            stat = path.stat()
            digest.update(f"f {path} {stat.st_mtime_ns} {stat.st_mode}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
