"""stfolio: a portfolio for Swedish ST-läkare, kept as plain YAML records and checked
against Socialstyrelsen's målbeskrivningar."""

__version__ = "0.1.0"
