"""`stfolio cohort` from the command line: whole outputs per format, read only, privacy, the config."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cohort.conftest import AS_OF, FREE_TEXT, tree_digest

Cli = Callable[..., tuple[int, str]]
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("STFOLIO_UPDATE_GOLDEN") == "1"  # rewrite the golden files (then review the diff)


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "150")


def matches_golden(text: str, name: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def _lang(cli: Cli, cohort_dir: Path, lang: str, *args: str) -> str:
    code, out = cli("--lang", lang, "cohort", ".", "--as-of", AS_OF, "--year", "2025", "-j", "1", *args, cwd=cohort_dir)
    assert code == 0, out
    return out.replace(str(cohort_dir), "<cohort>")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_terminal_table(cli: Cli, cohort_dir: Path, lang: str) -> None:
    matches_golden(_lang(cli, cohort_dir, lang), f"cohort.{lang}.txt")


def test_the_json(cli: Cli, cohort_dir: Path) -> None:
    out = _lang(cli, cohort_dir, "en", "--format", "json")
    matches_golden(out, "cohort.json")
    payload = json.loads(out)
    assert payload["format"] == "stfolio-cohort/1"
    assert [t["state"] for t in payload["trainees"]] == ["broken", "identifier", "ok", "ok", "ok"]
    assert set(payload["trainees"][1]) == {"path", "state", "name", "identifiers", "risk", "flags"}


def test_the_csv_sheets(cli: Cli, cohort_dir: Path) -> None:
    matches_golden(_lang(cli, cohort_dir, "sv", "-f", "csv"), "cohort.csv")
    matches_golden(_lang(cli, cohort_dir, "sv", "-f", "csv", "--sheet", "groups"), "cohort-groups.csv")
    code, out = cli("cohort", ".", "-j", "1", "-f", "csv", "--sheet", "nope", cwd=cohort_dir)
    assert code == 2 and "nope" in out


def test_the_html_page(cli: Cli, cohort_dir: Path) -> None:
    page = _lang(cli, cohort_dir, "sv", "-f", "html")
    matches_golden(page, "cohort.html")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page and "size: A4 landscape" in page


def test_the_workbook(cli: Cli, cohort_dir: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out" / "kohort.xlsx"
    code, out = cli("cohort", ".", "--as-of", AS_OF, "--year", "2025", "-j", "1", "-o", str(target), cwd=cohort_dir)
    assert code == 0, out
    book = openpyxl.load_workbook(target)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else repr(v) for v in row))
    matches_golden("\n".join(lines).replace(str(cohort_dir), "<cohort>") + "\n", "cohort.xlsx.txt")
    assert cli("cohort", ".", "-j", "1", "-f", "xlsx", cwd=cohort_dir)[0] == 2  # not for a terminal


def test_every_portfolio_is_read_only(cli: Cli, cohort_dir: Path, tmp_path: Path) -> None:
    before = tree_digest(cohort_dir)
    for fmt in ("human", "json", "csv", "html"):
        code, _out = cli("cohort", ".", "--as-of", AS_OF, "--year", "2025", "-j", "2", "-f", fmt, cwd=cohort_dir)
        assert code == 0
    assert cli("cohort", ".", "-j", "2", "-o", str(tmp_path / "k.xlsx"), cwd=cohort_dir)[0] == 0
    assert tree_digest(cohort_dir) == before


def test_no_output_goes_into_a_portfolio(cli: Cli, cohort_dir: Path) -> None:
    before = tree_digest(cohort_dir)
    code, out = cli("cohort", ".", "-j", "1", "-o", "anna/reports/kohort.html", cwd=cohort_dir)
    assert code == 2 and "anna" in out
    assert tree_digest(cohort_dir) == before


def test_no_free_text_and_no_personnummer_in_any_format(cli: Cli, cohort_dir: Path, tmp_path: Path) -> None:
    outputs = [_lang(cli, cohort_dir, "sv", "-f", fmt) for fmt in ("human", "json", "csv", "html")]
    outputs += [_lang(cli, cohort_dir, "sv", "-f", "csv", "--sheet", sheet) for sheet in ("flags", "year", "groups")]
    for text in outputs:
        assert FREE_TEXT not in text and "orolig" not in text
        assert "1212-1212" not in text and "121212" not in text


def test_the_config_beside_the_portfolios_sets_the_thresholds(cli: Cli, cohort_dir: Path) -> None:
    (cohort_dir / "stfolio-cohort.yaml").write_text("handledarsamtal_days: 30\niup_months: null\n", encoding="utf-8")
    payload = json.loads(_lang(cli, cohort_dir, "en", "-f", "json"))
    assert payload["config"]["handledarsamtal_days"] == 30 and payload["config"]["iup_months"] is None
    anna = next(t for t in payload["trainees"] if t["name"] == "Anna Ek")
    assert [f["code"] for f in anna["flags"]] == ["no-handledarsamtal"]
    assert payload["config_file"].endswith("stfolio-cohort.yaml")


def test_a_config_with_a_typo_is_refused_with_its_line(cli: Cli, cohort_dir: Path) -> None:
    (cohort_dir / "bad.yaml").write_text("handledarsamtal_days: 30\niup_monts: 6\n", encoding="utf-8")
    code, out = cli("--lang", "en", "cohort", ".", "--config", "bad.yaml", cwd=cohort_dir)
    assert code == 2
    assert "bad.yaml:2:1" in out and "iup_monts" in out and "the cohort config bad.yaml has problems" in out
