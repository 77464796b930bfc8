"""The figures every rule, report and view reads: computed once per run by the context.

``service`` walks the placements and leave day by day into service months (ST and BT);
``verdicts`` judges each delmål from the records that name it. Both are pure functions of the
portfolio, its catalogue and the as-of date; ``stfolio.context.Context`` computes them on first
use and shares them. Add a figure here when more than one rule or report needs it.
"""
