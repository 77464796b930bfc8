"""Report templates are bounded: every failure is a finding at the template file and line, never exit 3 or a hang."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree
from test_reports import AS_OF, EXAMPLE, HOSTILE

from stfolio.reports import sandbox
from stfolio.reports.render import report_text
from stfolio.rules import check_portfolio

Cli = Callable[..., tuple[int, str]]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the sandbox's own words, which are written in English."""
    from stfolio import i18n

    monkeypatch.setenv("STFOLIO_LANG", "en")
    i18n.set_language("en")


def report_with(cli: Cli, tmp_path: Path, template: str) -> tuple[int, str]:
    root = write_tree(tmp_path / "p", {**HOSTILE, "templates/iup.md.j2": template})
    return cli("report", "iup", "--as-of", AS_OF, cwd=root)


@pytest.mark.parametrize(
    ("template", "code", "message"),
    [
        ("{{ 1 / 0 }}", "STF902", "template failed: ZeroDivisionError: division by zero"),
        ("{{ 7 // 0 }}", "STF902", "template failed: ZeroDivisionError"),
        ("{{ r.header.trainees }}", "STF902", "has no attribute 'trainees'"),
        ("{% include 'saknas.j2' %}", "STF902", "TemplateNotFound: saknas.j2"),
        ("{% include '../../../etc/passwd' %}", "STF902", "TemplateNotFound"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "STF903", "calls nested deeper than 64"),
        ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "STF903", "calls nested deeper than 64"),
        ("{{ range(10 ** 9) | list | length }}", "STF903", "a range of 1000000000 numbers; at most 100000"),
        ("{{ 'a' * 10 ** 9 }}", "STF903", "a repetition of 1000000000 items"),
        ("{{ [0] * 10 ** 9 }}", "STF903", "a repetition of 1000000000 items"),
        ("{{ 2 ** 100000 }}", "STF903", "the power 2 ** 100000 is above 10000 bits"),
        ("{% set a = 3 ** 4000 %}{{ (a * a) | string | length }}", "STF903", "a product above 10000 bits"),
        ("{{ 10.0 ** 1000 }}", "STF903", "OverflowError"),
        ("{% set s = 'x' * 3000000 %}{{ (s ~ s) | length }}", "STF903", "a text or list of 6000000 items"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "STF903",
            "a text or list of 4194304 items",
        ),
        ("{{ 'x' | center(10 ** 8) }}", "STF903", "a 'center' size of 100000000"),
        ("{{ ('x\\n' * 90000) | indent(90000) }}", "STF903", "a text or list of"),
        ("{{ '%999999999s' | format(1) }}", "STF903", "a width of 999999999"),
        ("{{ '%999999999s' % 1 }}", "STF903", "a width of 999999999"),
        ("{{ '{:>999999999}'.format(1) }}", "STF903", "a width of 999999999"),
        ("{{ 'x'.ljust(10 ** 9) }}", "STF903", "a width of 1000000000"),
        ("{{ ('y' * 2000).replace('y', 'z' * 4000) }}", "STF903", "a text or list of 8000000 items"),
        ("{{ ('y' * 2000) | replace('y', 'z' * 4000) }}", "STF903", "a text or list of 8000000 items"),
        ("{{ ('s' * 4000).join(range(2000) | map('string')) }}", "STF903", "a text or list of"),
        ("{{ lipsum(10 ** 6) }}", "STF903", "a lipsum size"),
        ("{{ cycler.__init__.__globals__ }}", "STF902", "SecurityError"),
        ("{{ r.header.trainee ", "STF901", "template syntax error: unexpected end of template"),
        ("{% for %}", "STF901", "template syntax error"),
    ],
)
def test_every_template_failure_is_a_located_finding(
    cli: Cli, tmp_path: Path, template: str, code: str, message: str
) -> None:
    exit_code, out = report_with(cli, tmp_path, template)
    assert exit_code == 1, out
    first = out.splitlines()[0]
    assert first.startswith(f"templates/iup.md.j2:1:1: error {code} "), out
    assert message in first, out
    assert "stfolio: the report template failed (templates/iup.md.j2:1:1)" in out


def test_a_loop_that_would_not_end_stops_at_the_step_budget(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "BASE_STEPS", 200_000)  # the real budget takes a second or two to spend
    template = "line one\n{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    exit_code, out = report_with(cli, tmp_path, template)
    assert exit_code == 1
    assert out.splitlines()[0].startswith(
        "templates/iup.md.j2:3:1: error STF903 template over a limit: the template ran more than"
    )


def test_the_error_points_at_the_line_of_an_included_template(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "p",
        {
            **HOSTILE,
            "templates/iup.md.j2": "a\n{% include 'del/inre.j2' %}\n",
            "templates/del/inre.j2": "b\nc\n{{ 1/0 }}\n",
        },
    )
    code, out = cli("report", "iup", "--as-of", AS_OF, cwd=root)
    assert code == 1 and out.startswith("templates/del/inre.j2:3:1: error STF902 template failed: ZeroDivisionError")


def test_output_is_bounded(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    exit_code, out = report_with(cli, tmp_path, "{% for i in range(100) %}{{ 'x' * 50 }}{% endfor %}")
    assert exit_code == 1 and "STF903 template over a limit: the output is larger than" in out


@pytest.mark.parametrize("kind", ["annual", "iup", "application"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_built_in_reports_stay_far_inside_the_budget(kind: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    spent = []
    original = sandbox._Steps.__init__

    def keep(self: sandbox._Steps, budget: int, is_template: Callable[[str], bool]) -> None:
        original(self, budget, is_template)
        spent.append(self)

    monkeypatch.setattr(sandbox._Steps, "__init__", keep)
    result = check_portfolio(EXAMPLE, as_of=dt.date.fromisoformat(AS_OF))
    assert report_text(result, kind, fmt)
    [steps] = spent
    assert 0 < steps.budget - steps.left < steps.budget / 20


def test_printed_values_are_escaped_of_control_characters(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "p",
        {
            **HOSTILE,
            "meetings/n.yaml": 'date: 2025-10-04\nkind: handledarsamtal\ntopics: ["röd \\e[31m text\\u202e"]\n',
        },
    )
    for fmt in ("md", "html"):
        code, out = cli("report", "iup", "-f", fmt, "--as-of", AS_OF, cwd=root)
        assert code == 0, out
        assert "\x1b" not in out and "\u202e" not in out
    code, out = cli("report", "annual", "--year", "2025", "-f", "html", "--as-of", AS_OF, cwd=root)
    assert "röd \\x1b[31m text\\u202e" in out
