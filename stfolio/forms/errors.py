"""The one error a user of the forms package sees: a ``StfolioError``, so the command line shows it.

Everything else this package raises is a bug.
"""

from __future__ import annotations

from stfolio.errors import PROBLEM, StfolioError


class FormError(StfolioError):
    """A blank, a mapping file or a fill request that stfolio cannot work with.

    ``str(error)`` says what is wrong; ``hint`` says what to do about it (may be empty).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint, exit_code=PROBLEM)
