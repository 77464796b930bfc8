"""`stfolio report`: golden files on the example, escaping, determinism, safe output, overrides."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree

Cli = Callable[..., tuple[int, str]]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "psykiatri-2021"
AS_OF = "2026-11-23"
REPORTS = {
    "annual": ["annual", "--year", "2026"],
    "iup": ["iup"],
    "application": ["application"],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("kind", list(REPORTS))
def test_reports_match_their_golden_files(cli: Cli, kind: str, fmt: str, lang: str) -> None:
    code, out = cli("--lang", lang, "report", *REPORTS[kind], "--format", fmt, "--as-of", AS_OF, cwd=EXAMPLE)
    assert code == 0
    suffix = "" if lang == "sv" else ".en"
    assert out == (GOLDEN / f"report-{kind}-psykiatri-2021{suffix}.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(REPORTS))
def test_html_is_self_contained(cli: Cli, kind: str) -> None:
    _code, html = cli("report", *REPORTS[kind], "-f", "html", "--as-of", AS_OF, cwd=EXAMPLE)
    assert "<script" not in html and "<link" not in html and " src=" not in html
    assert "@media print" in html and "@page" in html and "<svg" in html
    assert re.search(r"<th[ >]", html) and "<h2>" in html


def test_json_is_the_context_and_reports_are_deterministic(cli: Cli) -> None:
    first = cli("report", "annual", "--year", "2026", "-f", "json", "--as-of", AS_OF, cwd=EXAMPLE)
    second = cli("report", "annual", "--year", "2026", "-f", "json", "--as-of", AS_OF, cwd=EXAMPLE)
    assert first == second
    data = json.loads(first[1])
    assert data["kind"] == "annual" and data["year"] == 2026
    assert data["time"]["served"] == "13,6" and data["time"]["projected"] == "6 april 2031"
    assert [s["key"] for s in data["sections"]] == [
        "placements",
        "courses",
        "assessments",
        "meetings",
        "activities",
        "leave",
    ]


HOSTILE = {
    "stfolio.yaml": (
        "format: 1\ntrainee: {name: \"Eve <b>&amp; 'Co'\"}\nregulation: HSLF-FS 2021:8\nspecialty: psykiatri\n"
        "st_start: 2025-09-01\n"
    ),
    "meetings/m.yaml": (
        'date: 2025-10-01\nkind: handledarsamtal\nparticipants: ["<script>alert(1)</script>"]\n'
        'topics: ["A & B | C", "*fet* [länk](javascript:alert(1))"]\n'
    ),
    "courses/k.yaml": 'title: "<img src=x onerror=alert(1)>"\nstart: 2025-10-02\ndelmal: [STa1]\n',
}


def test_hostile_text_comes_out_escaped(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path, HOSTILE)
    code, html = cli(
        "report", "annual", "--year", "2025", "-f", "html", "--as-of", "2025-12-31", "--detail", "full", cwd=root
    )
    assert code == 0
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>&" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Eve &lt;b&gt;&amp;amp; &#39;Co&#39;" in html
    assert "A &amp; B | C" in html
    code, md = cli("report", "annual", "--year", "2025", "--as-of", "2025-12-31", "--detail", "full", cwd=root)
    assert code == 0
    assert not re.search(r"(?<!\\)<(script|img|b)", md)  # every angle bracket is escaped
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"A &amp; B \| C" in md  # a pipe would break the table
    assert r"\*fet\* \[länk\](javascript:alert(1))" in md


def test_output_file_is_written_and_never_into_the_records(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path, HOSTILE)
    code, out = cli("report", "iup", "-o", "meetings/iup.md", cwd=root)
    assert code == 2
    assert out.endswith(
        "meetings/iup.md ligger i portföljen; skriv rapporter under reports/ eller utanför portföljen\n"
    )
    assert not (root / "meetings/iup.md").exists()
    for target in ("stfolio.yaml", "evidence/x.html", "README.md", ".gitignore", "LICENSE", "ny/x.md"):
        assert cli("report", "iup", "-o", target, cwd=root)[0] == 2
    code, out = cli("report", "iup", "-f", "html", "-o", "reports/iup.html", "--as-of", "2025-12-31", cwd=root)
    assert (code, out) == (0, "skrev reports/iup.html\n")
    first = (root / "reports/iup.html").read_text()
    assert cli("report", "iup", "-f", "html", "-o", "reports/iup.html", "--as-of", "2025-12-31", cwd=root)[0] == 0
    assert (root / "reports/iup.html").read_text() == first
    assert [p.name for p in (root / "reports").iterdir()] == ["iup.html"]  # no temporary files left
    assert cli("report", "iup", "-o", "-", "--as-of", "2025-12-31", cwd=root)[1].startswith("# Individuellt")
    assert cli("--lang", "en", "report", "iup", "-o", "reports/iup.html", cwd=root)[1] == "wrote reports/iup.html\n"
    assert not (root / "-").exists()


def test_a_portfolio_template_overrides_the_built_in_one(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {**HOSTILE, "templates/iup.md.j2": "IUP för {{ r.header.trainee | md }}, {{ r.header.as_of }}\n"}
    )
    assert cli("report", "iup", "--as-of", "2025-12-31", cwd=root) == (
        0,
        "IUP för Eve \\<b\\>&amp;amp; 'Co', 2025-12-31\n",
    )


def test_a_template_typo_fails_loudly(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {**HOSTILE, "templates/iup.md.j2": "{{ r.header.trainees }}\n"})
    code, out = cli("report", "iup", cwd=root)
    assert code == 1
    assert "STF902 mallen gick inte att använda" in out and "trainees" in out


def test_a_portfolio_template_cannot_run_code(cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    attack = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}\n"
    root = write_tree(tmp_path / "p", {**HOSTILE, "templates/iup.md.j2": attack})
    code, out = cli("report", "iup", cwd=root)
    assert code == 1 and "STF902 mallen gick inte att använda" in out
    assert not marker.exists()


def test_no_report_while_the_portfolio_holds_a_personnummer(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {**HOSTILE, "meetings/p.yaml": "date: 2025-10-03\nkind: handledarsamtal\nnotes: pat 900517-4561\n"}
    )
    code, out = cli("report", "annual", "--year", "2025", cwd=root)
    assert code == 1 and "innehåller 1 personnummer eller samordningsnummer" in out and "4561" not in out
    code, out = cli("--lang", "en", "report", "annual", "--year", "2025", cwd=root)
    assert code == 1 and "holds 1 personnummer or samordningsnummer" in out and "until it is removed" in out


@pytest.mark.parametrize(
    "args", [["annual", "--year", "0"], ["annual", "--year", "-5"], ["iup", "--as-of", "1900-01-01"]]
)
def test_nonsense_report_dates_are_usage_errors(cli: Cli, args: list[str]) -> None:
    assert cli("report", *args, cwd=EXAMPLE)[0] == 2
