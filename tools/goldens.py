"""Regenerate the documented outputs: the golden files of the tests and the examples' check output.

    python tools/goldens.py            # rewrite them all from the current code
    git diff tests/golden examples     # then read every change before committing it

Each golden file is the whole output of one command on the bundled example (or on an example
portfolio) as of its documented date; the tests compare the real output with them byte for
byte, so a change of wording or figures is always a visible, reviewed diff.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
EXAMPLES = REPO / "examples"
EXAMPLE = EXAMPLES / "psykiatri-2021"
AS_OF = "2026-11-23"

# golden file -> the command's arguments, run inside the bundled example
COMMANDS: dict[str, list[str]] = {
    "check-application-bt-psykiatri-2021.txt": ["check", "--application", "--as-of", AS_OF],
    "check-application-st-psykiatri-2021.txt": ["check", "--application", "st", "--as-of", AS_OF],
    "status-psykiatri-2021.txt": ["status", "--as-of", AS_OF],
    "status-goal-STc4-psykiatri-2021.txt": ["status", "--goal", "STc4", "--as-of", AS_OF],
    "status-psykiatri-2021.en.txt": ["--lang", "en", "status", "--as-of", AS_OF],
    "status-goal-STc4-psykiatri-2021.en.txt": ["--lang", "en", "status", "--goal", "STc4", "--as-of", AS_OF],
}
REPORTS = {"annual": ["annual", "--year", "2026"], "iup": ["iup"], "application": ["application"]}
for _kind, _args in REPORTS.items():
    for _fmt in ("md", "html"):
        for _lang, _suffix in (("sv", ""), ("en", ".en")):
            COMMANDS[f"report-{_kind}-psykiatri-2021{_suffix}.{_fmt}"] = [
                "--lang", _lang, "report", *_args, "--format", _fmt, "--as-of", AS_OF
            ]  # fmt: skip


# golden file -> the command's arguments, run from the repository (`check --example` in each language)
EXAMPLE_FLAG: dict[str, list[str]] = {
    "check-example.txt": ["check", "--example", "--as-of", AS_OF],
    "check-example.en.txt": ["--lang", "en", "check", "--example", "--as-of", AS_OF],
    "check-application-example.txt": ["check", "--example", "--application", "--as-of", AS_OF],
    "check-application-example.en.txt": ["--lang", "en", "check", "--example", "--application", "--as-of", AS_OF],
}


def workbook_cells(path: Path) -> str:
    """Every sheet's cell values as text (as tests/test_reports_formats.py reads them back)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title} (frozen {sheet.freeze_panes})")
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else repr(v) for v in row))
    return "\n".join(lines) + "\n"


# golden file -> `stfolio goals show` arguments, run outside any portfolio (Swedish; .en.txt: English)
GOALS: dict[str, list[str]] = {
    "goals-show-STb3-2021.txt": ["STb3", "--regulation", "2021"],
    "goals-show-STa3-2021.txt": ["STa3", "--regulation", "2021"],
    "goals-show-c1-2015-psykiatri.txt": ["c1", "--regulation", "2015", "--specialty", "psykiatri"],
    "goals-show-BT2-2021.txt": ["BT2"],
}
GOALS.update({name.replace(".txt", ".en.txt"): args for name, args in GOALS.items()})


def run(args: list[str], cwd: Path) -> str:
    from typer.testing import CliRunner

    from stfolio import i18n
    from stfolio.cli import app

    previous = Path.cwd()
    os.chdir(cwd)
    try:
        i18n.set_language(i18n.DEFAULT)
        return CliRunner().invoke(app, args, catch_exceptions=False).output
    finally:
        os.chdir(previous)


def main() -> int:
    os.environ["COLUMNS"] = "120"
    os.environ.pop("STFOLIO_LANG", None)
    for name, args in COMMANDS.items():
        if (GOLDEN / name).exists() or name.startswith("check-application"):
            (GOLDEN / name).write_text(run(args, EXAMPLE), encoding="utf-8")
            print(f"tests/golden/{name}")
    for name, args in EXAMPLE_FLAG.items():
        (GOLDEN / name).write_text(run(args, REPO), encoding="utf-8")
        print(f"tests/golden/{name}")
    import tempfile

    with tempfile.TemporaryDirectory() as outside:
        for lang, suffix in (("sv", ""), ("en", ".en")):
            target = Path(outside) / f"iup{suffix}.xlsx"
            run(["--lang", lang, "report", "iup", "--example", "--as-of", AS_OF, "-o", str(target)], Path(outside))
            name = f"report-iup-psykiatri-2021{suffix}.xlsx.txt"
            (GOLDEN / name).write_text(workbook_cells(target), encoding="utf-8")
            print(f"tests/golden/{name}")
        for name, args in GOALS.items():
            lang = "en" if name.endswith(".en.txt") else "sv"
            text = run(["--lang", lang, "goals", "show", *args], Path(outside))
            (GOLDEN / name).write_text(text, encoding="utf-8")
            print(f"tests/golden/{name}")
    for example in sorted(p for p in EXAMPLES.iterdir() if (p / "stfolio.yaml").is_file()):
        text = run(["check", "--as-of", AS_OF], example)
        (EXAMPLES / f"{example.name}.check.txt").write_text(text, encoding="utf-8")
        print(f"examples/{example.name}.check.txt")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
