"""Reports people use: the follow-up box, wording, length, PDF, and the IUP as a spreadsheet."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROFILE_2021, write_tree

from stfolio.reports.pictures import wrap

Cli = Callable[..., tuple[int, str]]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "psykiatri-2021"
AS_OF = "2026-11-23"


# --- what needs attention first ---------------------------------------------------------------


def test_every_report_opens_with_what_to_follow_up(cli: Cli) -> None:
    for args in (["annual", "--year", "2026"], ["iup"], ["application"]):
        code, md = cli("report", *args, "--as-of", AS_OF, cwd=EXAMPLE)
        assert code == 0
        body = md.split("## Att följa upp\n\n", 1)[1]
        first = body.split("\n## ", 1)[0]
        assert args == ["application"] or first.startswith("- Studietid (se-sus): 12,0 h (minst ")
        assert "- Delmål där inget är genomfört eller planerat: STa1, STb4, STc7.\n" in first
        assert "Vetenskapligt arbete" not in first  # planned by mid-ST as the norm says: on its way
        assert md.index("## Att följa upp") < md.index("## ", md.index("## Att följa upp") + 3)


def test_a_portfolio_with_errors_says_so_first_with_the_records_left_out(cli: Cli, portfolio: Callable) -> None:
    root = portfolio(
        {
            "meetings/2025-10-01-a.yaml": "date: 2025-10-01\nkind: handledarsamtal\ntopics: [ok]\n",
            "meetings/2025-10-08-b.yaml": "date: 2025-10-08\nkind: handledarsamtal\nnotes: a: b\n",
            "meetings/2025-10-15-c.yaml": "date: 2025-02-30\nkind: handledarsamtal\n",
            "courses/2025-11-01-k.yaml": "title: Kurs\nstart: 2025-11-01\ndelmal: [BT99]\n",
        }
    )
    code, md = cli("report", "annual", "--year", "2025", "--as-of", "2025-12-31", cwd=root)
    assert code == 0
    follow_up = md.split("## Att följa upp\n\n", 1)[1]
    assert follow_up.startswith(
        "- **Portföljen har 3 fel (se \\`stfolio check\\`). 2 poster med fel har lämnats utanför rapporten.**\n"
    )
    code, html = cli("--lang", "en", "report", "iup", "-f", "html", "--as-of", "2025-12-31", cwd=root)
    box = html.split('<section class="attention"', 1)[1].split("</section>", 1)[0]
    assert '<li class="error">The portfolio has 3 errors (see `stfolio check`). 2 records with errors' in box


def test_nothing_to_follow_up_is_said(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"stfolio.yaml": PROFILE_2021.replace("bt:\n  start: 2025-09-01\n", "")})
    code, md = cli("--lang", "en", "report", "application", "--as-of", "2025-09-01", cwd=root)
    assert code == 0
    assert "## To follow up\n\n- Delmål with nothing done or planned: BT1–BT18, STa1–STa7" in md
    # ...while with no delmål at all there is nothing to follow up
    from stfolio.context import Context
    from stfolio.reports.attention import attention
    from stfolio.rules import check_portfolio

    result = check_portfolio(root, as_of=dt.date(2025, 9, 1))
    assert isinstance(result.context, Context)
    assert attention([], result.context, [], []).items == []


# --- what remains, in words --------------------------------------------------------------------

PLACEMENT = """\
start: 2025-09-01
end: {end}
title: ST allmänpsykiatri
unit: Allmänpsykiatrisk mottagning
delmal: [STc1]
"""
COURSE = """\
title: Psykiatrisk diagnostik
start: 2025-10-06
delmal: [STc1]
intyg:
  - {issued_by: Eva Kurs, role: kursledare, date: 2025-10-06}
"""


@pytest.mark.parametrize(
    ("end", "lang", "expected"),
    [
        ("2026-08-31", "sv", "pågår: placering till 2026-08-31"),
        ("2025-12-31", "sv", "intyg från handledare saknas"),
        ("2025-12-31", "en", "intyg from handledare missing"),
    ],
)
def test_what_remains_is_said_once_in_words(cli: Cli, portfolio: Callable, end: str, lang: str, expected: str) -> None:
    root = portfolio({"placements/p.yaml": PLACEMENT.format(end=end), "courses/k.yaml": COURSE})
    code, out = cli("--lang", lang, "report", "iup", "-f", "json", "--as-of", "2026-01-31", cwd=root)
    assert code == 0
    rows = [row for group in json.loads(out)["goals"] for row in group["rows"]]
    assert next(row for row in rows if row["id"] == "STc1")["missing"] == expected


# --- length and reading order -------------------------------------------------------------------


def test_meetings_are_one_line_unless_the_full_detail_is_asked_for(cli: Cli) -> None:
    args = ("report", "annual", "--year", "2026", "--as-of", AS_OF)
    _code, summary = cli(*args, cwd=EXAMPLE)
    _code, full = cli(*args, "--detail", "full", cwd=EXAMPLE)
    line = next(x for x in summary.splitlines() if x.startswith("| 2026-10-28 |"))
    assert line.startswith("| 2026-10-28 | utvecklingssamtal | ämnen: Årlig rapport för första året")
    assert "Ulrika Hedlund" not in line and "60 min" not in line
    line = next(x for x in full.splitlines() if x.startswith("| 2026-10-28 |"))
    assert line.startswith("| 2026-10-28 | utvecklingssamtal (60 min) | Ulrika Hedlund, Johan Ekdahl; ämnen:")
    assert "examples/" not in summary and ".yaml" not in summary  # no file paths


def test_the_annual_report_has_lines_for_comments_beside_the_signatures(cli: Cli) -> None:
    _code, html = cli("report", "annual", "--year", "2026", "-f", "html", "--as-of", AS_OF, cwd=EXAMPLE)
    comments = html.split('<section class="comments"', 1)[1].split("</section>", 1)[0]
    assert "Huvudhandledarens kommentarer" in comments and "Studierektorns kommentarer" in comments
    assert comments.count('<div class="line"></div>') == 8
    assert "Genomgången med studierektor, datum och signatur" in comments


def test_the_delmal_grid_is_sized_to_its_rows(cli: Cli) -> None:
    _code, out = cli("report", "iup", "-f", "json", "--as-of", AS_OF, cwd=EXAMPLE)
    grid = json.loads(out)["grid"]
    cells = {c["id"]: c for c in grid["cells"]}
    assert len({(c["x"], c["y"]) for c in grid["cells"]}) == len(grid["cells"])  # nothing drawn twice
    bottom_of_bt = max(c["y"] + c["height"] for k, c in cells.items() if k.startswith("BT"))
    assert cells["BT17"]["y"] == cells["BT1"]["y"] and cells["STa1"]["y"] >= bottom_of_bt
    assert grid["height"] == max(c["y"] + c["height"] for c in grid["cells"])
    assert [label["text"] for label in grid["labels"]] == ["BT", "STa", "STb", "STc"]


def test_timeline_labels_fit_or_wrap_or_go_to_the_key() -> None:
    assert wrap("BT psykiatri", 78) == ["BT", "psykiatri"]
    assert wrap("ST allmänpsykiatrisk öppenvård", 400) == ["ST allmänpsykiatrisk öppenvård"]
    assert wrap("BT akutsjukvård", 78) == []  # one word too long for the bar: numbered, named in the key
    assert wrap("Sidotjänstgöring barn- och ungdomspsykiatri", 120) == []


def test_the_timeline_never_cuts_a_label(cli: Cli) -> None:
    _code, out = cli("report", "annual", "--year", "2026", "-f", "json", "--as-of", AS_OF, cwd=EXAMPLE)
    timeline = json.loads(out)["timeline"]
    names = [b["label"] for b in timeline["bars"] if b["css"].split()[0] not in ("leave", "phase-bt", "phase-st")]
    assert not any("…" in name for name in names)
    assert "1 BT akutsjukvård" in timeline["key"]
    assert "BT psykiatri" in names


# --- formats on the command line ----------------------------------------------------------------


def test_the_format_follows_the_output_file_and_a_mismatch_is_refused(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("report", "iup", "--example", "--as-of", AS_OF, "-o", str(tmp_path / "iup.html"), cwd=tmp_path)
    assert code == 0 and (tmp_path / "iup.html").read_text().startswith("<!DOCTYPE html>")
    code, out = cli("report", "iup", "--example", "-f", "md", "-o", str(tmp_path / "iup.pdf"), cwd=tmp_path)
    assert code == 2 and f"-o {tmp_path / 'iup.pdf'} är en pdf-fil, men formatet är md" in out
    assert not (tmp_path / "iup.pdf").exists()
    code, out = cli("--lang", "en", "report", "annual", "--example", "-f", "xlsx", "-o", "-", cwd=tmp_path)
    assert code == 2 and "the annual report has no format 'xlsx'" in out and "use one of: md, html, json, pdf" in out
    code, out = cli("--lang", "en", "report", "iup", "--example", "-f", "xlsx", cwd=tmp_path)
    assert code == 2 and "xlsx is not for a terminal; write it to a file with -o FILE" in out


# --- PDF ------------------------------------------------------------------------------------------


def test_without_weasyprint_pdf_says_how_to_install_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import fails as if it were not installed
    code, out = cli("report", "iup", "--example", "-o", str(tmp_path / "iup.pdf"), cwd=tmp_path)
    assert (code, out) == (
        1,
        "stfolio: PDF kräver WeasyPrint, som inte är installerat\n"
        "    tips: installera det med `pip install 'stfolio[pdf]'` (i den virtuella miljö som stfolio körs i), "
        "eller skriv HTML med `-f html` och skriv ut sidan från en webbläsare\n",
    )
    code, out = cli("--lang", "en", "report", "iup", "--example", "-o", str(tmp_path / "iup.pdf"), cwd=tmp_path)
    assert code == 1 and "PDF needs WeasyPrint, which is not installed" in out and "stfolio[pdf]" in out
    assert not (tmp_path / "iup.pdf").exists()


@pytest.mark.parametrize("kind", ["annual", "iup"])
def test_the_example_prints_on_at_most_six_a4_pages(cli: Cli, kind: str) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    for lang in ("sv", "en"):
        _code, html = cli("--lang", lang, "report", kind, "-f", "html", "--as-of", AS_OF, cwd=EXAMPLE)
        pages = weasyprint.HTML(string=html).render().pages
        assert len(pages) <= 6, (kind, lang, len(pages))
        assert round(pages[0].width * 25.4 / 96) == 210 and round(pages[0].height * 25.4 / 96) == 297


def test_the_pdf_is_written_with_the_name_and_page_numbers_on_each_page(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    code, _out = cli(
        "report", "application", "--example", "--as-of", AS_OF, "-o", str(tmp_path / "u.pdf"), cwd=tmp_path
    )
    assert code == 0 and (tmp_path / "u.pdf").read_bytes().startswith(b"%PDF-")
    _code, html = cli("report", "application", "-f", "html", "--as-of", AS_OF, cwd=EXAMPLE)
    assert "@top-left { content: string(trainee)" in html and '<dd class="trainee">Amira Nasser</dd>' in html
    assert 'content: "Sida " counter(page) " av " counter(pages)' in html


def test_the_pdf_engine_fetches_nothing(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from stfolio.reports.pdf import html_to_pdf

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the report")
    pdf = html_to_pdf(f'<p>x</p><img src="file://{secret}"><link rel="stylesheet" href="http://example.invalid/x.css">')
    assert pdf.startswith(b"%PDF-") and b"not for the report" not in pdf


# --- the IUP as a spreadsheet ------------------------------------------------------------------


def _cells(path: Path) -> str:
    """Every sheet's cell values as text: the workbook as a person would read it back."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title} (frozen {sheet.freeze_panes})")
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else repr(v) for v in row))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_iup_workbook_matches_its_golden_cells(cli: Cli, tmp_path: Path, lang: str) -> None:
    pytest.importorskip("openpyxl")
    target = tmp_path / "iup.xlsx"
    code, _out = cli("--lang", lang, "report", "iup", "--example", "--as-of", AS_OF, "-o", str(target), cwd=tmp_path)
    assert code == 0
    suffix = "" if lang == "sv" else ".en"
    assert _cells(target) == (GOLDEN / f"report-iup-psykiatri-2021{suffix}.xlsx.txt").read_text(encoding="utf-8")


def test_the_workbook_has_real_dates_numbers_and_widths_and_the_same_bytes(cli: Cli, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    for name in ("a.xlsx", "b.xlsx"):
        assert cli("report", "iup", "--example", "--as-of", AS_OF, "-o", str(tmp_path / name), cwd=tmp_path)[0] == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert book.sheetnames == [
        "Översikt",
        "Tjänstgöringar",
        "Delmål",
        "Kurser",
        "Bedömningar",
        "Handledning",
        "Vetenskap och kvalitet",
        "Revisioner",
    ]
    sheet = book["Tjänstgöringar"]
    assert [c.value for c in sheet[1]][:3] == ["Från", "Till", "Placering"]
    assert sheet["A2"].value == dt.datetime(2025, 9, 1) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["G4"].value == 75 and sheet["H4"].value == 3.0  # extent and full-time months as numbers
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:M8"
    assert 10 <= sheet.column_dimensions["C"].width <= 62


def test_one_sheet_as_csv_and_an_unknown_sheet_lists_them(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("--lang", "en", "report", "iup", "--example", "--as-of", AS_OF, "-f", "csv", cwd=tmp_path)
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "Delmål,Title,Group,Status,Done records,Planned records,Done,Planned or ongoing,What remains,Verified"
    )
    assert lines[6].startswith("BT6,Systematiskt kvalitetsarbete,BT,attested,3,0,")
    code, out = cli("report", "iup", "--example", "-f", "csv", "--sheet", "kurser", "--as-of", AS_OF, cwd=tmp_path)
    assert out.splitlines()[1].startswith("2025-11-12,2025-11-14,Akut omhändertagande för BT-läkare,")
    code, out = cli("--lang", "en", "report", "iup", "--example", "-f", "csv", "--sheet", "nope", cwd=tmp_path)
    assert code == 2 and "'nope' is not a sheet of the IUP" in out and "oversikt, tjanstgoringar, delmal" in out


def test_english_reports_speak_english(cli: Cli) -> None:
    code, md = cli("--lang", "en", "report", "annual", "--year", "2026", "--as-of", AS_OF, cwd=EXAMPLE)
    assert code == 0
    for swedish in ("Att följa upp", "Sammanfattning", "Kommentarer", "saknas", "pågår", "ej påbörjat", "Per datum"):
        assert swedish not in md
    for english in ("## To follow up", "## Comments", "23 November 2026", "in progress", "What remains"):
        assert english in md


def test_the_follow_up_box_names_bt_delmal_open_after_bt(cli: Cli, portfolio: Callable) -> None:
    root = portfolio({"stfolio.yaml": PROFILE_ENDED_BT})
    _code, md = cli("report", "iup", "--as-of", "2026-03-01", cwd=root)
    first = md.split("## Att följa upp\n\n", 1)[1]
    first = first.split("\n## ", 1)[0]
    assert first.startswith("- **Portföljen har 1 fel")  # BT ended too short (STF611)
    assert "18 BT-delmål är inte intygade: BT1–BT18.\n" in first


PROFILE_ENDED_BT = """\
format: 1
trainee: {name: A}
regulation: HSLF-FS 2021:8
specialty: psykiatri
st_start: 2025-09-01
bt: {start: 2025-09-01, end: 2026-02-28}
"""
