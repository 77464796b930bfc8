"""The one error a user of the forms package sees.

stfolio will get a common ``StfolioError``; when it lands, ``FormError`` is re-parented
onto it (``class FormError(StfolioError)``) so the CLI's one ``except`` catches it. Until
then it derives from ``Exception`` so this package stays independent of the rest.
Everything else this package raises is a bug.
"""

from __future__ import annotations


class FormError(Exception):
    """A blank, a mapping file or a fill request that stfolio cannot work with.

    ``str(error)`` says what is wrong; ``hint`` says what to do about it (may be empty).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
