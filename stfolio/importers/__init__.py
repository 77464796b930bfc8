"""Imports: what a trainee already has, turned into records of a portfolio.

A reader turns one source into *items*, each the fields of one record and where it came from:
``st_ark`` reads the JSON backup of the ST-ARK browser app, ``csv`` a spreadsheet of placements
and courses saved as CSV. Both share ``source`` (reading the file, the values every source
writes its own way: dates, percentages, delmål lists, free text checked for personnummer) and
report each problem as a finding (STF930–STF949) at the JSON path or the CSV row and column.

``plan`` turns the items into the files an import would write, each built with the models and
checked as ``stfolio check`` would (``stfolio.write.record``), against an existing portfolio or a
new one (``stfolio.write.scaffold``); ``write_plan`` writes them, never over anything. ``report``
says in words what was and was not imported, and what to complete afterwards.
"""
