"""STF606, the one note on delmål progress: a count per state, the total, the unverified ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check, figures, of_code

from stfolio.findings import Location, Severity

pytestmark = pytest.mark.usefixtures("english")

PROFILE = "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"
GOALS = "[STa1, STa2, STa3, STa4, STa5, STa6, STa7, STb1, STb2, STb3, STc1, STc2]"


def test_the_note_counts_each_state_most_advanced_first(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": PROFILE,
            "placements/p.yaml": f"unit: X\nstart: 2024-01-01\nend: 2024-06-30\ndelmal: {GOALS}\n"
            "intyg:\n  - {issued_by: P, role: handledare, date: 2024-06-30}\n",
            "courses/k.yaml": f"title: Kurs\nstart: 2024-02-01\ndelmal: {GOALS}\n"
            "intyg:\n  - {issued_by: E, role: kursledare, date: 2024-02-01}\n",
            "meetings/m.yaml": "date: 2024-03-01\nkind: handledarsamtal\ndelmal: [STb4]\n",
        },
    )
    result = check(root, "2024-12-31")
    [note] = of_code(result, "STF606")
    assert (note.severity, note.location) == (Severity.INFO, Location("stfolio.yaml", 4, 12))
    assert result.context is not None
    verdicts = result.context.verdicts
    states = ["attested", "done-not-attested", "in-progress", "not-started"]
    counts = [sum(1 for v in verdicts if v.status == state) for state in states]
    assert all(counts[i] for i in (0, 2, 3))  # at least three states are present
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    assert figures(note.message) == [str(n) for n in counts if n] + [str(len(verdicts)), str(unverified)]
    assert note.hint


def test_no_note_without_a_profile(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": "format: 1\n"})  # no valid profile: no catalogue either
    result = check(root, "2024-12-31")
    assert result.portfolio.profile is None
    assert of_code(result, "STF606", "STF601", "STF405", "STF702") == []
