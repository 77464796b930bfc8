"""Risk flags: who needs the studierektor's attention, and why, as data.

Each flag has a stable code (for JSON, CSV and tools), a weight (the overview is sorted by the
sum), and the figures behind it; :func:`flag_text` puts it into words in the user's language.
The thresholds come from the cohort config (``stfolio.cohort.config``); docs/cohort.md lists
the codes.
"""

from __future__ import annotations

import datetime as dt

from stfolio.cohort.config import CohortConfig
from stfolio.cohort.model import BROKEN, IDENTIFIER, Flag, TraineeRow
from stfolio.figures.service import add_months
from stfolio.i18n import _, decimal, n_

# code -> weight. A portfolio that cannot be judged comes first: nothing in it can be seen.
WEIGHTS = {
    "broken": 100,
    "identifier": 90,
    "errors": 3,
    "behind": 3,
    "bt-late": 3,
    "no-handledarsamtal": 2,
    "iup-stale": 2,
    "intyg-missing": 2,
    "norms": 1,
}
CODES = tuple(WEIGHTS)


def _flag(code: str, **values: object) -> Flag:
    return Flag(code, WEIGHTS[code], tuple(values.items()))


def risk_flags(row: TraineeRow, config: CohortConfig) -> tuple[Flag, ...]:
    """The flags a row earns under ``config`` (a row of a broken portfolio has just that one)."""
    if row.state == BROKEN:
        return (_flag("broken", problem=row.problem),)
    if row.state == IDENTIFIER:
        return (_flag("identifier", count=row.identifiers),)
    as_of = dt.date.fromisoformat(row.as_of)
    st_start = dt.date.fromisoformat(row.st_start) if row.st_start else as_of
    flags = []
    if config.errors is not None and row.errors >= config.errors:
        flags.append(_flag("errors", count=row.errors))
    if (
        config.behind_months is not None
        and row.months_late is not None
        and row.months_late > config.behind_months
        and row.earliest_completion
    ):
        flags.append(
            _flag(
                "behind",
                months=row.months_late,
                earliest=row.earliest_completion,
                planned=row.planned_completion,
                served=row.served,
                needed=row.needed,
            )
        )
    if (
        config.bt_months is not None
        and row.bt_state == "in-progress"
        and row.bt_start
        and as_of >= add_months(dt.date.fromisoformat(row.bt_start), config.bt_months)
    ):
        flags.append(_flag("bt-late", months=config.bt_months, served=row.bt_served, needed=row.bt_needed))
    limit = config.handledarsamtal_days
    if limit is not None and (as_of - st_start).days > limit:
        if row.days_since_handledarsamtal is None:
            flags.append(_flag("no-handledarsamtal", days=limit, last=None, since=None))
        elif row.days_since_handledarsamtal > limit:
            flags.append(
                _flag(
                    "no-handledarsamtal",
                    days=limit,
                    last=row.last_handledarsamtal,
                    since=row.days_since_handledarsamtal,
                )
            )
    months = config.iup_months
    if months is not None and as_of >= add_months(st_start, months):
        last = dt.date.fromisoformat(row.last_iup) if row.last_iup else None
        if last is None or as_of > add_months(last, months):
            flags.append(_flag("iup-stale", months=months, last=row.last_iup, since=row.days_since_iup))
    if row.intyg_missing:
        flags.append(_flag("intyg-missing", months=config.intyg_months, **dict(row.intyg_missing)))
    if config.norms is not None and len(row.norms_behind) >= config.norms:
        flags.append(_flag("norms", count=len(row.norms_behind), norms=", ".join(n.key for n in row.norms_behind)))
    return tuple(flags)


def flag_label(code: str) -> str:
    """The short name of a flag, for a column or a legend."""
    labels = {
        "broken": _("cannot be read"),
        "identifier": _("personnummer"),
        "errors": _("errors"),
        "behind": _("behind"),
        "bt-late": _("BT late"),
        "no-handledarsamtal": _("handledarsamtal"),
        "iup-stale": _("IUP"),
        "intyg-missing": _("intyg missing"),
        "norms": _("norms"),
    }
    return labels.get(code, code)


def flag_text(flag: Flag) -> str:
    """The flag's reason, one sentence with its figures, in the user's language."""
    v = flag.value
    code = flag.code
    if code == "broken":
        return _("the portfolio cannot be read: {problem}").format(problem=v("problem"))
    if code == "identifier":
        count = int(str(v("count")))
        return n_(
            "holds {n} personnummer or samordningsnummer: nothing else is shown until the trainee removes it "
            "(`stfolio check` shows where)",
            "holds {n} personnummer or samordningsnummer: nothing else is shown until the trainee removes them "
            "(`stfolio check` shows where)",
            count,
        ).format(n=count)
    if code == "errors":
        count = int(str(v("count")))
        return n_(
            "{n} error in the portfolio (`stfolio check`)", "{n} errors in the portfolio (`stfolio check`)", count
        ).format(n=count)
    if code == "behind":
        return _(
            "earliest completion {earliest}, {months} months after the planned {planned} ({served} of {needed} months served)"
        ).format(
            earliest=v("earliest"),
            months=decimal(float(str(v("months")))),
            planned=v("planned"),
            served=decimal(float(str(v("served")))),
            needed=_number(v("needed")),
        )
    if code == "bt-late":
        return _("BT not done {months} months after its start ({served} of {needed} months)").format(
            months=v("months"), served=decimal(float(str(v("served")))), needed=_number(v("needed"))
        )
    if code == "no-handledarsamtal":
        if v("last") is None:
            return _("no handledarsamtal recorded")
        return _("no handledarsamtal for {since} days (last {last}; the limit is {days})").format(
            since=v("since"), last=v("last"), days=v("days")
        )
    if code == "iup-stale":
        if v("last") is None:
            return _("the IUP has never been revised")
        return _("IUP not revised for {months} months (last {last})").format(months=v("months"), last=v("last"))
    if code == "intyg-missing":
        parts = []
        placements, courses, works = (v(kind) for kind in ("placements", "courses", "activities"))
        if isinstance(placements, int) and placements:
            parts.append(n_("{n} placement", "{n} placements", placements).format(n=placements))
        if isinstance(courses, int) and courses:
            parts.append(n_("{n} course", "{n} courses", courses).format(n=courses))
        if isinstance(works, int) and works:
            parts.append(n_("{n} written work", "{n} written works", works).format(n=works))
        return _("intyg missing for {what} finished in the last {months} months").format(
            what=", ".join(parts), months=v("months")
        )
    if code == "norms":
        count = int(str(v("count")))
        return n_("{n} local norm not met: {norms}", "{n} local norms not met: {norms}", count).format(
            n=count, norms=v("norms")
        )
    return code


def _number(value: object) -> str:
    number = float(str(value))
    return str(int(number)) if number == int(number) else decimal(number)
