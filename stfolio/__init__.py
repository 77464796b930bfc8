"""stfolio: a portfolio for Swedish ST-läkare, kept as plain YAML records and checked
against Socialstyrelsen's målbeskrivningar.

The packages follow the pipeline: the core modules here read a portfolio (``loader`` over
``yamlio``, ``shape`` and ``model``, with the record kinds in ``kinds``) and its catalogue
(``catalogue``, ``packs``) into a ``context``; ``figures`` computes the service time and the
delmål verdicts once; ``rules`` judges the portfolio into findings; ``reports`` renders the
documents; ``write`` creates portfolios and records; ``cli`` is the command line over all of it.
"""

__version__ = "0.1.0"
