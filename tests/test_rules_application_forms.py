"""The application checklist form by form: which records each form lists, which intyg count.

Pinned by form ids, record paths, delmål, ok flags, states, finding codes, severities and
places; the sentences around them are being translated and are not read here.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import write_tree
from rule_helpers import check

from stfolio.context import build_context
from stfolio.findings import Location, Severity
from stfolio.loader import load_portfolio
from stfolio.rules.application import FormStatus, Readiness, intyg_text

SUPERVISOR = "supervisor: {name: H, specialty: psykiatri, handledarutbildning: true}\n"


def profile(bt: str = "bt: {start: 2024-01-01, end: 2024-06-30, approved: 2024-07-15}\n", extra: str = "") -> str:
    return (
        "format: 1\ntrainee: {name: A}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\nst_start: 2024-01-01\n"
        f"{bt}{extra}"
    )


def readiness(root: Path, which: str, as_of: str = "2025-01-01") -> Readiness:
    result = check(root, as_of, application=which)
    assert result.readiness is not None
    return result.readiness


def form(ready: Readiness, form_id: str) -> FormStatus:
    [found] = [f for f in ready.forms if f.form.id == form_id]
    return found


def items(status: FormStatus) -> list[tuple[str, list[str], bool]]:
    return [(item.source, item.delmal, item.ok) for item in status.items]


HANDLEDARE = "  - {issued_by: Per Holm, role: handledare, date: 2024-11-01}\n"
KURSLEDARE = "  - {issued_by: Eva Kursledare, role: kursledare, date: 2024-11-01}\n"


def test_a_form_for_one_delmal_lists_the_finished_records_naming_it(tmp_path: Path) -> None:
    # bilaga 12 is the intyg for STa3 (medicinsk vetenskap), signed by the handledare
    activity = "kind: vetenskapligt arbete\ntitle: Studie\nstart: 2024-03-01\nend: 2024-10-31\ndelmal: [STa3]\n"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(extra=SUPERVISOR),
            "activities/a-signed.yaml": activity + "intyg:\n" + HANDLEDARE,
            "activities/b-unsigned.yaml": activity,
            "activities/c-kursledare.yaml": activity + "intyg:\n" + KURSLEDARE,
            "activities/d-planned.yaml": activity + "status: planned\n",
            "activities/e-ongoing.yaml": activity.replace("2024-10-31", "2025-03-31"),
            "activities/f-other.yaml": activity.replace("STa3", "STa4") + "intyg:\n" + HANDLEDARE,
        },
    )
    bilaga_12 = form(readiness(root, "st"), "bilaga-12")
    assert items(bilaga_12) == [
        ("activities/a-signed.yaml", ["STa3"], True),
        ("activities/b-unsigned.yaml", ["STa3"], False),
        ("activities/c-kursledare.yaml", ["STa3"], False),
    ]
    assert [item.signer for item in bilaga_12.items] == ["Per Holm (handledare, 2024-11-01)", None, None]
    assert all(item.intyg and item.description.startswith("vetenskapligt arbete: Studie, ") for item in bilaga_12.items)
    assert bilaga_12.state == "incomplete"


def test_a_tredjeland_specialist_gets_one_item_per_delmal(tmp_path: Path) -> None:
    course = "title: Kurs\nstart: 2024-02-01\ndelmal: [STa1]\nintyg:\n" + KURSLEDARE
    root = write_tree(
        tmp_path, {"stfolio.yaml": profile(extra=SUPERVISOR + "tredjeland: true\n"), "courses/k.yaml": course}
    )
    ready = readiness(root, "st")
    bilaga_13 = form(ready, "bilaga-13")
    expected = [(v.goal.id, [v.goal.id], v.status == "attested") for v in ready.verdicts]
    assert items(bilaga_13) == expected
    assert [item.description for item in bilaga_13.items] == [v.goal.title for v in ready.verdicts]
    assert all(item.intyg for item in bilaga_13.items) and bilaga_13.purpose
    without = write_tree(tmp_path / "other", {"stfolio.yaml": profile(extra=SUPERVISOR)})
    assert "bilaga-13" not in [f.form.id for f in readiness(without, "st").forms]


def test_a_tredjeland_specialist_under_2015_signs_for_specialist_competence_on_8b(tmp_path: Path) -> None:
    text = profile(bt="", extra=SUPERVISOR + "tredjeland: true\n").replace("HSLF-FS 2021:8", "SOSFS 2015:8")
    root = write_tree(tmp_path, {"stfolio.yaml": text})
    ready = readiness(root, "st")
    assert [(i.source, i.ok) for i in form(ready, "bilaga-8b").items] == [("stfolio.yaml", True), ("delmål", False)]
    assert [(i.source, i.ok) for i in form(ready, "bilaga-2").items] == [("stfolio.yaml", True), ("delmål", False)]
    assert [i.source for i in form(ready, "bilaga-8a").items] == [v.goal.id for v in ready.verdicts]


def test_the_st_ansokan_asks_for_the_bt_date(tmp_path: Path) -> None:
    approved = write_tree(tmp_path / "a", {"stfolio.yaml": profile(extra=SUPERVISOR)})
    ansokan = form(readiness(approved, "st"), "bilaga-5")
    assert ansokan.state == "application" and ansokan.ok
    assert items(ansokan) == [("stfolio.yaml", [], True)]
    assert "15 juli 2024" in ansokan.items[0].intyg  # the BT date, written out (Swedish by default)
    missing = write_tree(tmp_path / "m", {"stfolio.yaml": profile("bt: {start: 2024-01-01}\n", SUPERVISOR)})
    assert items(form(readiness(missing, "st"), "bilaga-5")) == [("stfolio.yaml", [], False)]
    assert items(form(readiness(missing, "bt"), "bilaga-1")) == []  # the BT ansökan asks for no date


@pytest.mark.parametrize(
    ("bt", "where"),
    [
        ("bt: {start: 2024-01-01}\n", Location("stfolio.yaml", 6, 5)),
        ("", Location("stfolio.yaml", 5, 11)),  # no bt: at all; ST start is where BT begins
    ],
)
def test_the_missing_bt_date_blocks_the_st_application_only(tmp_path: Path, bt: str, where: Location) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(bt, SUPERVISOR)})
    [blocker] = [f for f in readiness(root, "st").blockers if f.code == "STF808"]
    assert (blocker.severity, blocker.location) == (Severity.ERROR, where)
    assert [f.code for f in readiness(root, "bt").findings if f.code == "STF808"] == []
    approved = write_tree(tmp_path / "ok", {"stfolio.yaml": profile(extra=SUPERVISOR)})
    assert [f.code for f in readiness(approved, "st").findings if f.code == "STF808"] == []


def full_time(start: str, end: str, bt: str | None = None, status: str = "done") -> str:
    return f"unit: Enhet {start}\nstart: {start}\nend: {end}\nstatus: {status}\n" + (f"bt: {bt}\n" if bt else "")


def test_the_service_form_lists_each_done_placement_with_its_months_and_the_total(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(extra=SUPERVISOR),
            "placements/a.yaml": full_time("2024-01-01", "2024-03-31", bt="akut"),
            "placements/b.yaml": full_time("2024-04-01", "2024-04-30", status="planned"),  # first in date order
            "placements/c.yaml": full_time("2024-04-01", "2024-06-30", bt="primärvård"),
            "placements/d.yaml": full_time("2024-07-01", "2024-08-31"),
        },
    )
    bt_form = form(readiness(root, "bt", "2024-12-31"), "bilaga-3")
    assert [(i.source, i.delmal, i.months, i.ok) for i in bt_form.items] == [
        ("placements/a.yaml", [], pytest.approx(3.0), True),
        ("placements/c.yaml", [], pytest.approx(3.0), True),
        ("total", [], pytest.approx(6.0), True),  # exactly the six months BT needs
    ]
    st_form = form(readiness(root, "st", "2024-12-31"), "bilaga-6")
    assert [(i.source, i.months, i.ok) for i in st_form.items] == [
        ("placements/a.yaml", pytest.approx(3.0), True),
        ("placements/c.yaml", pytest.approx(3.0), True),
        ("placements/d.yaml", pytest.approx(2.0), True),
        ("total", pytest.approx(8.0), False),
    ]


def test_the_competence_form_needs_a_trained_huvudhandledare_and_every_delmal(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile()})
    bilaga_7 = form(readiness(root, "st"), "bilaga-7")
    assert [(i.source, i.delmal, i.ok) for i in bilaga_7.items] == [("stfolio.yaml", [], False), ("delmål", [], False)]
    assert all(i.intyg for i in bilaga_7.items)


def test_a_bt_goal_form_takes_a_kursledare_only_for_a_course(tmp_path: Path) -> None:
    placement = "unit: Akuten\nstart: 2024-01-01\nend: 2024-03-31\nbt: akut\ndelmal: [BT1]\nintyg:\n"
    course = "title: Kurs\nstart: 2024-02-01\ndelmal: [BT1]\nintyg:\n"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(extra=SUPERVISOR),
            "placements/a.yaml": placement + KURSLEDARE,
            "placements/b.yaml": placement.replace("Akuten", "IVA") + HANDLEDARE,
            "courses/k.yaml": course + KURSLEDARE,
        },
    )
    bilaga_2 = form(readiness(root, "bt"), "bilaga-2")
    assert items(bilaga_2) == [
        ("courses/k.yaml", ["BT1"], True),
        ("placements/a.yaml", ["BT1"], False),
        ("placements/b.yaml", ["BT1"], True),
    ]
    assert [i.signer for i in bilaga_2.items] == [
        "Eva Kursledare (kursledare, 2024-11-01)",
        None,
        "Per Holm (handledare, 2024-11-01)",
    ]


def test_a_form_s_json_names_every_field(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": profile(extra=SUPERVISOR)})
    for status in readiness(root, "st").forms:
        data = status.as_dict()
        assert data == {
            "form": status.form.id,
            "title": status.form.title,
            "issued_by": status.form.issued_by,
            "joint": status.form.joint,
            "verified": status.form.verified,
            "purpose": status.purpose,
            "state": status.state,
            "ok": status.ok,
            "items": [item.as_dict() for item in status.items],
        }


def test_one_day_records_and_courses_without_provider_are_described_plainly(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(extra=SUPERVISOR),
            "courses/a.yaml": "title: Kurs A\nstart: 2024-02-01\ndelmal: [STa1]\n",
            "courses/b.yaml": "title: Kurs B\nprovider: Lipus\nstart: 2024-02-01\nend: 2024-02-03\ndelmal: [STa1]\n",
        },
    )
    assert [i.description for i in form(readiness(root, "st"), "bilaga-10").items] == [
        "Kurs A, 2024-02-01",
        "Kurs B (Lipus), 2024-02-01–2024-02-03",
    ]


def test_an_activity_form_names_the_signer_of_each_intyg_that_counts(tmp_path: Path) -> None:
    course = "title: Kurs\nstart: 2024-02-01\ndelmal: [STa1]\n"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(extra=SUPERVISOR),
            "courses/a.yaml": course + "intyg:\n" + KURSLEDARE,
            "courses/b.yaml": course,
        },
    )
    bilaga_10 = form(readiness(root, "st"), "bilaga-10")
    assert [(i.source, i.ok, i.signer) for i in bilaga_10.items] == [
        ("courses/a.yaml", True, "Eva Kursledare (kursledare, 2024-11-01)"),
        ("courses/b.yaml", False, None),
    ]


GOOD = b"%PDF intyg"


def test_a_scan_linked_out_of_the_portfolio_never_attests_but_a_later_intyg_can(tmp_path: Path) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(GOOD)
    digest = hashlib.sha256(GOOD).hexdigest()
    course = "title: Kurs\nstart: 2024-02-01\ndelmal: [STa1]\nintyg:\n"
    linked = f"  - {{file: evidence/a.pdf, issued_by: Eva, role: kursledare, date: 2024-02-01, sha256: {digest}}}\n"
    root = write_tree(tmp_path / "p", {"stfolio.yaml": profile(extra=SUPERVISOR), "courses/k.yaml": course + linked})
    (root / "evidence").mkdir()
    os.symlink(outside, root / "evidence" / "a.pdf")
    result = check(root, "2025-01-01", application="st")
    [link] = [f for f in result.findings if f.code == "STF410"]
    assert (link.severity, link.location) == (Severity.ERROR, Location("courses/k.yaml", 5, 12))
    assert result.readiness is not None
    assert items(form(result.readiness, "bilaga-10")) == [("courses/k.yaml", ["STa1"], False)]
    assert result.context is not None
    verdict = result.context.verdict("STa1")
    assert verdict is not None and verdict.status != "attested"
    # a second intyg, without a scan, still counts for the form
    (root / "courses/k.yaml").write_text(course + linked + HANDLEDARE)
    assert items(form(readiness(root, "st"), "bilaga-10")) == [("courses/k.yaml", ["STa1"], True)]


def test_intyg_text_accepts_a_handledare_for_the_huvudhandledare_and_roles_written_with_spaces(tmp_path: Path) -> None:
    course = "title: Kurs\nstart: 2024-02-01\ndelmal: [STa1]\nintyg:\n"
    root = write_tree(
        tmp_path,
        {
            "stfolio.yaml": profile(extra=SUPERVISOR),
            "courses/h.yaml": course + HANDLEDARE,
            "courses/e.yaml": course + "  - {issued_by: Ulla Extern, role: extern bedömare, date: 2024-11-01}\n",
            "courses/n.yaml": course.replace("intyg:\n", ""),
        },
    )
    portfolio, _ = load_portfolio(root)
    context, _ = build_context(portfolio)
    entry = {e.path: e for e in portfolio.entries}
    assert intyg_text(entry["courses/h.yaml"], ["huvudhandledare"], context)[1:] == (
        True,
        "Per Holm (handledare, 2024-11-01)",
    )
    assert intyg_text(entry["courses/h.yaml"], ["kursledare"], context)[1:] == (False, None)
    assert intyg_text(entry["courses/e.yaml"], ["extern-bedomare"], context)[1:] == (
        True,
        "Ulla Extern (extern bedömare, 2024-11-01)",
    )
    assert intyg_text(entry["courses/e.yaml"], ["huvudhandledare"], context)[1:] == (False, None)
    assert intyg_text(entry["courses/n.yaml"], ["handledare"], context)[1:] == (False, None)
