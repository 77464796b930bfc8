"""`stfolio forms`: the application's forms planned from the portfolio, filled, numbered, listed to sign."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from stfolio.forms.portfolio import plan_application
from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "psykiatri-2021"
AS_OF = dt.date(2026, 11, 23)
BLANKS_2021 = Path(os.environ.get("STFOLIO_SOURCES") or REPO.parent / "shared" / "sources") / "forms" / "2021"
needs_blanks = pytest.mark.skipif(
    not BLANKS_2021.is_dir(), reason=f"Socialstyrelsen's blanks are not at {BLANKS_2021} (set STFOLIO_SOURCES)"
)


def jobs(which: str):  # type: ignore[no-untyped-def]
    context = check_portfolio(EXAMPLE, as_of=AS_OF).context
    assert context is not None
    return plan_application(context, which)  # type: ignore[arg-type]


def test_the_st_application_is_the_ansokan_and_its_intyg_numbered_as_its_list_says() -> None:
    planned = jobs("st")
    assert [(j.form.id, j.label) for j in planned] == [
        ("bilaga-5", ""),
        ("bilaga-6", "1"),
        ("bilaga-7", "2"),
        ("bilaga-10", "3"),
    ]
    ansokan, service, _competence, course = planned
    assert ansokan.values["attachments.st_fullgjord"] == "1" and ansokan.values["attachments.kurs"] == "3"
    assert (ansokan.values["trainee.first_name"], ansokan.values["trainee.last_name"]) == ("Amira", "Nasser")
    assert "trainee.personnummer" not in ansokan.values  # never from the portfolio
    assert service.rows[0] == {
        "unit": "Akutmottagningen, Skånes universitetssjukhus Malmö",
        "period": "250901–251231",
        "extent_percent": "100",
        "fte_months": "4,0",
    }
    assert service.values["rows.total_fte_months"] == "13,6"
    assert {k: course.values[k] for k in ("course.subject", "intyg.delmal", "signer.name", "signer.role")} == {
        "course.subject": "Psykiatrisk diagnostik",
        "intyg.delmal": "STa4, STb1, STc1, STc2",
        "signer.name": "Anders Nyström",
        "signer.role": "kursledare",
    }
    assert course.stem == "bilaga-3-blankett-10-2026-10-05-psykiatrisk-diagnostik"


def test_the_bt_application_has_one_intyg_om_delmal_per_placement_and_course() -> None:
    planned = jobs("bt")
    assert [j.form.id for j in planned] == ["bilaga-1"] + ["bilaga-2"] * 6 + ["bilaga-3", "bilaga-4"]
    ansokan = planned[0]
    assert (ansokan.values["attachments.bt_delmal"], ansokan.values["attachments.bt_fullgjord"]) == ("1–6", "7")
    akut = next(j for j in planned if j.source == "placements/2025-09-01-bt-akut.yaml")
    assert akut.values["intyg.delmal"] == "BT1, BT5, BT8, BT9, BT10, BT13, BT15, BT18"
    assert akut.values["signer.name"] == "Elin Forsberg"
    assert akut.values["intyg.description_checked"].startswith("Strukturerade bedömningar: mini-CEX 2025-10-15")
    fullgjord = planned[-2]
    assert fullgjord.values["bt.emergency_care"] == "Akutmottagningen, Skånes universitetssjukhus Malmö, 250901–251231"


def test_list_names_the_blanks_and_where_to_get_them(cli: Cli) -> None:
    code, out = cli("--lang", "en", "forms", "st", "--list", "--as-of", "2026-11-23", cwd=EXAMPLE)
    assert code == 0
    assert out.splitlines()[:3] == [
        "The ansökan om bevis om specialistkompetens needs these blanks from Socialstyrelsen:",
        "  bilaga 5: Ansökan om bevis om specialistkompetens",
        "    2021-2-7212-bilaga-5.pdf",
    ]
    assert "https://legitimation.socialstyrelsen.se/" in out


def test_missing_blanks_are_listed_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    code, out = cli(
        "--lang", "en", "forms", "st", "--blanks", str(tmp_path / "none"), "-o", str(tmp_path / "out"),
        "--as-of", "2026-11-23", cwd=EXAMPLE,
    )  # fmt: skip
    assert code == 1
    assert "  bilaga 6: 2021-2-7212-bilaga-6.pdf" in out and out.endswith("0 forms filled\n")
    assert not (tmp_path / "out").exists()


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@needs_blanks
def test_the_real_blanks_are_filled_and_the_personnummer_never_reaches_the_portfolio(cli: Cli, tmp_path: Path) -> None:
    portfolio = tmp_path / "p"
    shutil.copytree(EXAMPLE, portfolio)
    before = _digests(portfolio)
    code, out = cli(
        "--lang", "en", "forms", "st", "--blanks", str(BLANKS_2021), "--personnummer", "19121212-1212",
        "--as-of", "2026-11-23", cwd=portfolio,
    )  # fmt: skip
    assert code == 0, out
    out_folder = portfolio / "ansokan"
    names = sorted(p.name for p in out_folder.iterdir())
    assert names == [
        "ansokan-blankett-5.pdf",
        "bilaga-1-blankett-6.pdf",
        "bilaga-2-blankett-7.pdf",
        "bilaga-3-blankett-10-2026-10-05-psykiatrisk-diagnostik.pdf",
        "checklist.html",
        "checklist.md",
    ]
    fields = PdfReader(out_folder / "bilaga-3-blankett-10-2026-10-05-psykiatrisk-diagnostik.pdf").get_fields() or {}
    assert fields["Kursens ämne anges i rubrikform"]["/V"] == "Psykiatrisk diagnostik"
    assert fields["Bilaga nr"]["/V"] == "3" and fields["Personnummer"]["/V"] == "19121212-1212"
    after = {k: v for k, v in _digests(portfolio).items() if not k.startswith("ansokan/")}
    assert after == before  # nothing in the portfolio changed; the forms are in ansokan/
    checklist = (out_folder / "checklist.md").read_text(encoding="utf-8")
    assert "| 3: Intyg om genomförd utbildningsaktivitet och uppfyllda kompetenskrav – Kurs |" in checklist
    assert "19121212" not in checklist


@needs_blanks
def test_an_altered_blank_is_refused(cli: Cli, tmp_path: Path) -> None:
    blanks = tmp_path / "blanks"
    shutil.copytree(BLANKS_2021, blanks)
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=blanks / "2021-2-7212-bilaga-6.pdf")
    for annotation in writer.pages[0].get("/Annots", []):
        widget = annotation.get_object()
        if widget.get("/T") == "Efternamn":
            widget[NameObject("/T")] = TextStringObject("Namn")  # a field renamed: not a known version
    with (blanks / "2021-2-7212-bilaga-6.pdf").open("wb") as handle:
        writer.write(handle)
    code, out = cli(
        "--lang", "en", "forms", "st", "--blanks", str(blanks), "-o", str(tmp_path / "out"), "--as-of", "2026-11-23",
        cwd=EXAMPLE,
    )  # fmt: skip
    assert code == 1 and "stfolio:" in out and "bilaga" in out


@needs_blanks
def test_a_blank_with_other_bytes_but_the_known_fields_is_refused_unless_accepted(cli: Cli, tmp_path: Path) -> None:
    blanks = tmp_path / "blanks"
    shutil.copytree(BLANKS_2021, blanks)
    with (blanks / "2021-2-7212-bilaga-6.pdf").open("ab") as handle:
        handle.write(b"\n% altered\n")  # still a PDF with the same fields, but not the known bytes
    portfolio = tmp_path / "p"
    shutil.copytree(EXAMPLE, portfolio)
    args = ("--lang", "en", "forms", "st", "--blanks", str(blanks), "--as-of", "2026-11-23")
    code, out = cli(*args, cwd=portfolio)
    assert code == 1, out
    assert "2021-2-7212-bilaga-6.pdf has the fields of bilaga-6 (hslf-fs-2021-8)" in out
    assert "it is not a blank stfolio knows" in out
    assert "2021-2-7212-bilaga-6.pdf (sha256 9a463cc848b10c91…)" in out  # the known version
    assert "download the current blank from Socialstyrelsen" in out and "--accept-changed-blank" in out
    assert not (portfolio / "ansokan").exists()

    code, out = cli(*args, "--accept-changed-blank", cwd=portfolio)
    assert code == 0, out
    assert "warning: 2021-2-7212-bilaga-6.pdf is not the known blank of bilaga-6 (hslf-fs-2021-8)" in out
    assert "filled anyway because --accept-changed-blank was given" in out
    checklist = (portfolio / "ansokan" / "checklist.md").read_text(encoding="utf-8")
    assert "filled from a changed blank (--accept-changed-blank)" in checklist
    assert "2021-2-7212-bilaga-6.pdf, sha256" in checklist
