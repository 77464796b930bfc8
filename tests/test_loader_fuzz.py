"""Property tests: no text or bytes in a record file can make the loader raise.

Whatever a trainee's editor (or a disk error) leaves in a file, `check` must answer with
findings, and must still load the good files beside it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stfolio.findings import Severity
from stfolio.rules import check_portfolio
from stfolio.yamlio import parse_yaml

PROFILE = "format: 1\ntrainee: {name: A}\nregulation: SOSFS 2015:8\nspecialty: psykiatri\nst_start: 2019-09-01\n"
GOOD = "date: 2020-10-06\nkind: handledarsamtal\n"

# Text that looks like YAML records far more often than uniform random text would.
yamlish = st.lists(
    st.sampled_from(
        [
            "date",
            "kind",
            "delmal",
            "intyg",
            "start",
            "end",
            ":",
            " ",
            "\n",
            "  ",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "'",
            '"',
            "&a",
            "*a",
            "!!python/object:os.system",
            "!x",
            "2025-02-30",
            "2025-10-06",
            "handledarsamtal",
            "no",
            "#",
            "---",
            "|",
            ">",
            "?",
            "%YAML 1.1",
            "\t",
            "\x00",
            "é",
            "<<",
            "1e9",
            "0x1F",
            "~",
            "null",
            ".inf",
        ]
    )
    | st.text(max_size=8),
    max_size=60,
).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(yamlish, st.text(max_size=400)))
def test_parse_yaml_never_raises(text: str) -> None:
    parsed, findings = parse_yaml(text, "x.yaml")
    assert parsed is not None or findings  # nothing built means something was said
    assert all(f.location.path == "x.yaml" for f in findings)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.one_of(st.binary(max_size=300), yamlish.map(str.encode)))
def test_any_bytes_in_a_record_give_findings_and_the_good_file_still_loads(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "stfolio.yaml").write_text(PROFILE, encoding="utf-8")
        (root / "meetings").mkdir()
        (root / "meetings" / "good.yaml").write_text(GOOD, encoding="utf-8")
        (root / "meetings" / "fuzz.yaml").write_bytes(content)
        result = check_portfolio(root)
        assert "meetings/good.yaml" in [e.path for e in result.portfolio.entries]
        assert not any(f.code == "STF001" for f in result.findings)  # no internal errors
        loaded_fuzz = "meetings/fuzz.yaml" in [e.path for e in result.portfolio.entries]
        fuzz_errors = [
            f for f in result.findings if f.location.path == "meetings/fuzz.yaml" and f.severity is Severity.ERROR
        ]
        assert loaded_fuzz != bool(fuzz_errors)  # either it is a valid record, or we said why not
        for f in fuzz_errors:
            assert f.message and f.location.line >= 0
