"""Findings speak one language at a time: Swedish by default, English with --lang en.

Every example is checked (and judged for both applications) in both languages, and the words
of the findings and of the application checklist are searched for words of the other
language. Regulation terms (delmål, intyg, handledare, BT, ...) are Swedish in both and are
not searched for. The command line's own framing ("checked 61 files ...") is not judged here:
only what the rules say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from stfolio import i18n
from stfolio.findings import Location, make
from stfolio.i18n import T
from stfolio.kinds import FOLDERS

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
PORTFOLIOS = sorted(p for p in EXAMPLES.iterdir() if (p / "stfolio.yaml").is_file())
AS_OF = "2026-11-23"

Cli = Callable[..., tuple[int, str]]

# Words that give English away in a Swedish sentence, and Swedish in an English one.
ENGLISH = [
    " of ",
    " months",
    " served",
    "missing",
    "not started",
    "in progress",
    "attested",
    "planned",
    "the ",
    " is ",
    " are ",
    "needed",
    "not verified",
    "signed by",
    "every ",
    "records",
    " more ",
    "earliest",
    "leave",
    " and ",
    " or ",
    "below",
    "during",
    "per placement",
    "a year",
    "yes",
]
SWEDISH = [
    " av ",
    "månad",
    "saknas",
    "ej påbörjat",
    "pågår",
    "intygat",
    "intygade",
    "krävs",
    "uppfyllt",
    "fullgjord",
    "planerad",
    " inte ",
    "ännu",
    " och ",
    " eller ",
    "från ",
    "underskriv",
    "normen",
    "placeringen",
    "om året",
    "poster",
    "inga ",
    "tidigast",
    "ledighet",
    " ja)",
]


def _words(cli: Cli, language: str, example: Path, *args: str) -> list[str]:
    """The messages and hints of every finding, and the checklist's own words, in ``language``."""
    _code, out = cli("--lang", language, "check", "--format", "json", "--as-of", AS_OF, *args, cwd=example)
    payload = json.loads(out)
    texts = [f[key] for f in payload["findings"] for key in ("message", "hint") if f[key]]
    for form in (payload.get("application") or {}).get("forms", []):
        texts.append(form["purpose"])
        texts += [item["intyg"] for item in form["items"]]
    # What the portfolio and the catalogue say is quoted as it is: goal titles, folder names.
    data = sorted({v["title"] for v in payload["verdicts"]} | set(FOLDERS), key=len, reverse=True)
    return [re.sub("|".join(re.escape(d) for d in data), "…", text) for text in texts]


def _leaks(texts: list[str], words: list[str]) -> list[tuple[str, str]]:
    return [(word, text) for text in texts for word in words if word in text]


@pytest.mark.parametrize("application", [(), ("--application", "bt"), ("--application", "st")], ids=str)
@pytest.mark.parametrize("example", PORTFOLIOS, ids=lambda p: p.name)
def test_no_english_in_swedish_and_no_swedish_in_english(cli: Cli, example: Path, application: tuple[str, ...]) -> None:
    swedish = _words(cli, "sv", example, *application)
    english = _words(cli, "en", example, *application)
    assert swedish and len(swedish) == len(english)
    assert _leaks(swedish, ENGLISH) == []
    assert _leaks(english, SWEDISH) == []
    assert swedish != english


def test_json_carries_the_english_next_to_the_swedish(cli: Cli) -> None:
    _code, out = cli("check", "--format", "json", "--as-of", AS_OF, cwd=EXAMPLES / "psykiatri-2021")
    [time] = [f for f in json.loads(out)["findings"] if f["code"] == "STF601"]
    assert time["message"].startswith("ST-tid: 13,6 av 66 månader heltidsekvivalent fullgjorda per 23 november 2026")
    assert time["message_en"].startswith("ST time: 13.6 of 66 months full-time equivalent served by 23 November 2026")


@pytest.mark.parametrize("golden", sorted(p.name for p in GOLDEN.glob("check*-example*.txt")))
def test_check_example_whole_output_in_each_language(cli: Cli, golden: str) -> None:
    """`stfolio check --example` (and with --application), run from the repository, as the golden file says."""
    english = golden.endswith(".en.txt")
    args = ["--lang", "en"] if english else []
    args += ["check", "--example"] + (["--application"] if "application" in golden else []) + ["--as-of", AS_OF]
    code, out = cli(*args, cwd=REPO)
    assert code == 0
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_the_goldens_of_check_example_exist_in_both_languages() -> None:
    names = {p.name for p in GOLDEN.glob("check*-example*.txt")}
    assert names == {
        "check-example.txt",
        "check-example.en.txt",
        "check-application-example.txt",
        "check-application-example.en.txt",
    }


def test_a_finding_is_made_once_and_shown_in_either_language() -> None:
    finding = make(
        "STF609",
        Location("placements/a.yaml", 6, 9),
        T("planned, but its last day {date} has passed", date=dt.date(2026, 12, 1)),
    )
    assert finding.message == "planerad, men dess sista dag 1 december 2026 har passerat"
    assert finding.message_en == "planned, but its last day 1 December 2026 has passed"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "akut 2,5 av 3; 4 eller 2\u00a0000\u00a0kr"), ("en", "akut 2.5 of 3; 4 or SEK\u00a02,000")],
)
def test_lists_numbers_and_sums_follow_the_language(language: str, expected: str) -> None:
    text = T(
        "{short}; {choices}",
        short=T("akut {months} of {minimum}", months=2.5, minimum=3),
        choices=i18n.listing([i18n.number(4), i18n.sek(2000)], T(" or ")),
    )
    with i18n.using(language):
        assert str(text) == expected
    assert text.english() == "akut 2.5 of 3; 4 or SEK\u00a02,000"
