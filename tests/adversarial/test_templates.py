"""A hostile report template: recursion, huge ranges and powers, division by zero, endless loops."""

from __future__ import annotations

import pytest
from conftest import MEETING, PROFILE_2021, write_tree

from adversarial.conftest import Guard, Run
from stfolio.reports import sandbox


@pytest.mark.parametrize(
    ("template", "finding"),
    [
        ("{% macro r() %}{{ r() }}{% endmacro %}\n{{ r() }}", "templates/annual.md.j2:1:1: fel STF903"),
        ("{{ range(10 ** 12) | list }}", "templates/annual.md.j2:1:1: fel STF903"),
        ("{{ 'A' * 10 ** 10 }}", "templates/annual.md.j2:1:1: fel STF903"),
        ("{{ 9 ** (9 ** 9) }}", "templates/annual.md.j2:1:1: fel STF903"),
        (
            "ok\n{{ r.year / 0 }}",
            "templates/annual.md.j2:2:1: fel STF902 mallen gick inte att använda: ZeroDivisionError",
        ),
        ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}", "fel STF903"),
        ("{% include '/proc/self/environ' %}", "fel STF902 mallen gick inte att använda: TemplateNotFound"),
        ("{{ self._TemplateReference__context }}", "fel STF902"),
    ],
)
def test_a_hostile_template_is_a_finding_and_never_a_crash_or_hang(
    run: Run, guard: Guard, template: str, finding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "BASE_STEPS", 300_000)  # the endless loop stops sooner; the rest are far below
    root = write_tree(
        guard.folder / "p",
        {"stfolio.yaml": PROFILE_2021, "meetings/m.yaml": MEETING, "templates/annual.md.j2": template},
    )
    code, out = run("report", "annual", "--year", "2025", cwd=root)
    assert code == 1
    assert finding in out.splitlines()[0], out
