"""The documents people read: the årlig rapport, the IUP and the application underlag.

``build`` turns a checked portfolio into one typed context per report (``model``), from the
figures the context computed once; ``rows`` words one record, ``pictures`` lays out the SVG
timeline and the delmål grid, ``labels`` holds the Swedish words, and ``render`` runs the
jinja2 templates (Markdown, HTML) or dumps the context as JSON and writes the result safely.
A new report is a builder in ``build`` and its templates in ``templates/report/``.
"""

from stfolio.reports.build import annual_report, application_report, iup_report
from stfolio.reports.model import Report

__all__ = ["Report", "annual_report", "application_report", "iup_report"]
