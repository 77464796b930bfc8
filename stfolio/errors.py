"""The one error class for everything a user can cause.

Library functions (``init``, ``log``, ``attach``, reports) raise :class:`StfolioError` when they
must stop because of what they were given: a folder that already holds a portfolio, a record
with problems, a file that cannot be written. The command line prints its message and hint and
exits with its code. Any other exception is a bug in stfolio, reported as one (exit 3).

Problems *inside* a portfolio are never raised: they are findings (``stfolio.findings``), so
that one bad file never hides the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from stfolio.findings import Finding
    from stfolio.i18n import Text

USAGE = 2  # the command was given something it cannot work with
PROBLEM = 1  # the portfolio or the machine stands in the way (errors found, disk full, ...)


class StfolioError(Exception):
    """A stop the user can act on: ``message`` says what is wrong, ``hint`` what to do."""

    def __init__(
        self,
        message: str | Text,
        hint: str | Text = "",
        exit_code: int = USAGE,
        findings: list[Finding] | None = None,
        root: Path | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)  # in the user's language, put into words when raised
        self.hint = str(hint)
        self.exit_code = exit_code
        # The findings that explain the stop (a record's problems), shown before the message,
        # with paths relative to the portfolio ``root`` they belong to.
        self.findings = list(findings or [])
        self.root = root

    def __str__(self) -> str:
        return self.message
