"""Privacy everywhere: names, drafts, every separator, every message, no stamps or ISBNs, linear cost."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_privacy import P10, S10, Y10, luhn

from stfolio import identifiers
from stfolio.rules import check_portfolio
from stfolio.rules import privacy as privacy_rule
from stfolio.rules.privacy import check_privacy, find_identifiers, mask_identifiers

Make = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., tuple[int, str]]

PNR = f"{P10[:6]}-{P10[6:]}"  # 850304-1231


def codes_at(root: Path) -> list[str]:
    return [
        f"{f.location} {f.code}"
        for f in check_portfolio(root, rules=(check_privacy,)).findings
        if f.code.startswith("STF5")
    ]


@pytest.mark.parametrize(
    "separator",
    ["\u2010", "\u2011", "\u2012", "—", "\u2015", "−", "\uff0d", "\u00a0", "\u202f", "\u2009", "  ", " - ", "_"],
    ids=repr,
)
def test_every_separator_a_person_or_word_processor_writes_is_recognised(separator: str) -> None:
    number = f"{P10[:6]}{separator}{P10[6:]}"
    assert [m.text for m in find_identifiers(f"Pat {number} kom")] == [number]


@pytest.mark.parametrize("separator", [".", "/", ":", "\n", "   ", "--"], ids=repr)
def test_characters_that_join_dates_paths_and_times_are_not_separators(separator: str) -> None:
    assert find_identifiers(f"Ref {P10[:6]}{separator}{P10[6:]}") == []


def stamp(date: str) -> str:
    """A date YYYYMMDD followed by a time HHMM whose ten-digit form passes the checks."""
    for hhmm in range(0, 2400):
        if hhmm % 100 < 60:
            candidate = f"{date[2:]}{hhmm:04d}"
            if luhn(candidate[:9]) == candidate:
                return f"{hhmm:04d}"
    raise AssertionError(date)


T = stamp("20250304")  # a time of day that makes 2503041430-like stamps pass Luhn


@pytest.mark.parametrize(
    "text",
    [
        f"Skannad 20250304 {T}",
        f"scan_20250304_{T}.pdf",
        f"20250304-{T}:12",
        f"250304-{T}.05",
        f"kl. 250304 {T}",
        f"Tidpunkt 20250304-{T}",
        f"timestamp: 250304{T}",
        f"Tid: {P10[:6]}-{P10[6:]}",  # 12:31 is a time of day
    ],
)
def test_date_and_time_stamps_are_not_identifiers(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"Tidigare pat 250304-{T}",  # 'tidigare' is no time word
        f"19850304 {P10[6:]}",  # a personnummer written with a space: 1985, not a stamp
        f"20250304-{T}",  # twelve digits and '-': how a personnummer is written
        f"kl 14, pnr 250304-{T}",  # the identifier word comes last
        f"date: {P10}",  # a field called date is no time word
        f"datum {P10}",
    ],
)
def test_what_only_looks_like_a_stamp_is_still_found(text: str) -> None:
    assert len(find_identifiers(text)) == 1


def isbn10(prefix: str) -> str:
    """An ISBN-10 starting with ``prefix`` that is also a valid personnummer by date and Luhn."""
    for n in range(10**4):
        digits = f"{prefix}{n:04d}"[:9]
        for check in range(10):
            candidate = digits + str(check)
            weighted = sum((10 - i) * int(c) for i, c in enumerate(candidate))
            if weighted % 11 == 0 and luhn(candidate[:9]) == candidate and find_identifiers(candidate):
                return candidate
    raise AssertionError(prefix)


ISBN = isbn10("911012")  # a Swedish publisher's ISBN-10 whose digits read as 1991-10-12


@pytest.mark.parametrize("text", [f"ISBN {ISBN}", f"isbn: {ISBN}", f"Boken (ISBN-10 {ISBN}) lästes"])
def test_isbn_10_after_isbn_is_not_an_identifier(text: str) -> None:
    assert find_identifiers(ISBN) != []  # on its own it would be one
    assert find_identifiers(text) == []


def test_isbn_word_without_an_isbn_checksum_does_not_hide_a_personnummer() -> None:
    assert [m.text for m in find_identifiers(f"ISBN-boken gavs till pat {P10}")] == [P10]


def test_names_of_files_and_folders_are_scanned(english: None, portfolio: Make) -> None:
    root = portfolio(
        {
            f"meetings/{PNR}.yaml": "date: 2025-10-06\nkind: handledarsamtal\n",
            f"meetings/pat-{S10}/m.yaml": "date: 2025-10-07\nkind: handledarsamtal\n",
            f"evidence/intyg {PNR}.pdf": b"%PDF",
            f"evidence/19{PNR}/scan.pdf": b"%PDF",
        }
    )
    assert codes_at(root) == [
        f"evidence/19{PNR}/ STF503",
        f"evidence/intyg {PNR}.pdf STF503",
        f"meetings/{PNR}.yaml STF503",
        f"meetings/pat-{S10}/ STF504",
    ]
    [finding] = [f for f in check_portfolio(root).findings if f.location.path == f"meetings/{PNR}.yaml"]
    assert finding.message == (
        "personnummer '850304-****' in the name of this file: names are copied to git and shown in every listing"
    )


def test_drafts_are_scanned_and_named_in_findings(portfolio: Make) -> None:
    root = portfolio({".stfolio/drafts/2025-10-06-handledarsamtal.yaml": f"notes: pat {PNR}\n"})
    assert codes_at(root) == [".stfolio/drafts/2025-10-06-handledarsamtal.yaml:1:12 STF501"]
    assert check_portfolio(root).portfolio.files_seen == 1  # a draft is scanned, never judged as a record


def test_check_output_never_shows_an_identifier_whatever_quotes_it(english: None, cli: Cli, portfolio: Make) -> None:
    root = portfolio(
        {
            f"meetings/{PNR}.yaml": f"date: {P10}\nkind: {PNR}\n{S10}: x\ndelmal: [{PNR}]\n",
            "courses/k.yaml": f"title: K\nstart: 2025-10-01\nintyg:\n  - {{file: evidence/{PNR}.pdf, issued_by: A, role: "
            f"kursledare, date: 2025-10-01}}\n",
            f"evidence/{Y10}\nforged.pdf": b"%PDF",
        }
    )
    for args in (("check",), ("check", "--format", "json"), ("check", "--application")):
        code, out = cli(*args, cwd=root)
        assert code == 1
        assert not re.search(f"{P10[6:]}|{S10[6:]}|{Y10[6:]}", out), out
    code, out = cli("check", cwd=root)
    assert "meetings/850304-****.yaml:1:7: error STF204 date: 850304**** is not a date" in out
    assert "evidence/850304-****.pdf' does not exist" in out
    assert "evidence/070315****\\nforged.pdf: warning STF114" in out
    assert "\nforged.pdf" not in out


def test_json_output_masks_and_escapes_paths_too(cli: Cli, portfolio: Make) -> None:
    root = portfolio({f"meetings/{PNR}.yaml": "date: 2025-10-06\nkind: handledarsamtal\n"})
    _code, out = cli("check", "--format", "json", cwd=root)
    paths = {f["path"] for f in json.loads(out)["findings"]}
    assert "meetings/850304-****.yaml" in paths


# The scan's cost, counted in characters examined: every search the scan makes, through the
# regular expressions and the string methods it calls, adds the length of what it searched.


class CountingText(str):
    examined = 0

    @staticmethod
    def _span(text: str, start: int | None, end: int | None) -> int:
        lo = 0 if start is None else start
        hi = len(text) if end is None else end
        return max(0, hi - lo)

    def count(self, sub: Any, start: Any = None, end: Any = None) -> int:
        CountingText.examined += self._span(self, start, end)
        return super().count(sub, start, end)

    def find(self, sub: Any, start: Any = None, end: Any = None) -> int:
        found = super().find(sub, start, end)
        CountingText.examined += self._span(self, start, end if found < 0 else found + 1)
        return found

    def rfind(self, sub: Any, start: Any = None, end: Any = None) -> int:
        found = super().rfind(sub, start, end)
        CountingText.examined += self._span(self, start if found < 0 else found, end)
        return found


class CountingPattern:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        CountingText.examined += CountingText._span(text, pos, endpos)
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        CountingText.examined += CountingText._span(text, pos, endpos)
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        CountingText.examined += 4  # anchored: ':12' or '.05' at most
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)


@contextlib.contextmanager
def counted() -> Iterator[Callable[[str], int]]:
    """The cost of scanning a text with check_privacy, in characters examined."""
    patterns = [
        (identifiers, "_CANDIDATE"),
        (identifiers, "_CONTEXT"),
        (identifiers, "_SECONDS"),
        (privacy_rule, "_SILENCE"),
    ]
    saved = [getattr(module, name) for module, name in patterns]
    for module, name in patterns:
        setattr(module, name, CountingPattern(getattr(module, name)))

    def cost(text: str) -> int:
        CountingText.examined = 0
        ctx = SimpleNamespace(portfolio=SimpleNamespace(texts={"m.yaml": CountingText(text)}, names=[]))
        check_privacy(ctx)  # type: ignore[arg-type]
        return CountingText.examined

    try:
        yield cost
    finally:
        for (module, name), pattern in zip(patterns, saved, strict=True):
            setattr(module, name, pattern)


@pytest.mark.parametrize(
    "unit",
    [
        f"{P10} ",  # a line of identifiers, each reported
        f"tel {Y10} ",  # phone numbers: each one looks back for its word
        f"{P10[:-1]}0 ",  # number-like text that fails the checksum
        f"{P10} # stfolio: not-personnummer ",  # silenced, on one long line
        "1234567890123-",  # digits and dashes without end
    ],
    ids=["identifiers", "phone numbers", "bad checksums", "silenced", "digits"],
)
def test_the_scan_grows_linearly_with_a_long_line(english: None, unit: str) -> None:
    with counted() as cost:
        costs = [cost(unit * n) for n in (500, 2000, 8000)]
    per_char = [c / len(unit * n) for c, n in zip(costs, (500, 2000, 8000), strict=True)]
    assert per_char[2] <= per_char[0] * 1.1 + 0.1, per_char  # quadratic would be 16 times more
    # Each finding also masks its own message (about 100 characters), hence the constant.
    assert per_char[2] < 25


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"0123456789 -+–\n_#:.", "tel ", "kl ", "ISBN ", "pnr ", P10, Y10])).map("".join))
def test_the_scan_examines_each_character_a_bounded_number_of_times(text: str) -> None:
    with counted() as cost:
        assert cost(text) <= 25 * len(text) + 200


def test_masking_a_text_without_digits_costs_no_scan() -> None:
    assert mask_identifiers("inga siffror här") == "inga siffror här"
