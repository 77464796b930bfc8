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
    "report-annual-psykiatri-2021.md": ["report", "annual", "--year", "2026", "--format", "md", "--as-of", AS_OF],
    "report-annual-psykiatri-2021.html": ["report", "annual", "--year", "2026", "--format", "html", "--as-of", AS_OF],
    "report-iup-psykiatri-2021.md": ["report", "iup", "--format", "md", "--as-of", AS_OF],
    "report-iup-psykiatri-2021.html": ["report", "iup", "--format", "html", "--as-of", AS_OF],
    "report-application-psykiatri-2021.md": ["report", "application", "--format", "md", "--as-of", AS_OF],
    "report-application-psykiatri-2021.html": ["report", "application", "--format", "html", "--as-of", AS_OF],
}


# golden file -> `stfolio goals show` arguments, run outside any portfolio
GOALS: dict[str, list[str]] = {
    "goals-show-STb3-2021.txt": ["STb3", "--regulation", "2021"],
    "goals-show-STa3-2021.txt": ["STa3", "--regulation", "2021"],
    "goals-show-c1-2015-psykiatri.txt": ["c1", "--regulation", "2015", "--specialty", "psykiatri"],
    "goals-show-BT2-2021.txt": ["BT2"],
}


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
    import tempfile

    with tempfile.TemporaryDirectory() as outside:
        for name, args in GOALS.items():
            (GOLDEN / name).write_text(run(["goals", "show", *args], Path(outside)), encoding="utf-8")
            print(f"tests/golden/{name}")
    for example in sorted(p for p in EXAMPLES.iterdir() if (p / "stfolio.yaml").is_file()):
        text = run(["check", "--as-of", AS_OF], example)
        (EXAMPLES / f"{example.name}.check.txt").write_text(text, encoding="utf-8")
        print(f"examples/{example.name}.check.txt")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
