"""Everything that writes into a portfolio: ``init`` (``scaffold``), new records for ``log``
(``record``), scanned intyg (``attach``, ``evidence``), editor schemas (``schemas``), git commits
(``git``).

These are library functions: they take plain values, return what they did, and raise
:class:`stfolio.errors.StfolioError` when the user must change something. Every write is atomic
and never replaces what the user wrote (``stfolio.files``). Add a module here for a new way of
writing into a portfolio; reading and judging belong elsewhere.
"""
