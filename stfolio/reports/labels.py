"""The reports' words: verdict states, record kinds, vocabulary values, in the user's language.

Every word here is an English message id marked with ``N_`` and translated where it is shown
(``_``), in the ``reports`` catalog. Regulation terms that people say in Swedish whatever
language they speak (handledarsamtal, IUP-revision, medsittning, klinisk tjänstgöring) are
vocabulary values shown as they are; the ones with an everyday English word (sjukskrivning,
seminarium, annan) are translated.
"""

from __future__ import annotations

from stfolio.i18n import N_, _

# Section titles of the record kinds, by folder (the kind registry's labels are Swedish only).
KIND_TITLES = {
    "placements": N_("Placements"),
    "courses": N_("Courses"),
    "assessments": N_("Assessments"),
    "meetings": N_("Supervision and meetings"),
    "activities": N_("Other activities"),
    "leave": N_("Leave"),
    "expenses": N_("Expenses"),
}

# Vocabulary values with an English word; the others are shown as written.
_VALUES = {
    "sjukskrivning": N_("sick leave"),
    "föräldraledighet": N_("parental leave"),
    "tjänstledighet": N_("leave of absence"),
    "seminarium": N_("seminar"),
    "undervisning": N_("teaching"),
    "handledning": N_("supervising others"),
    "konferens": N_("conference"),
    "teoretiska studier": N_("theoretical studies"),
    "vetenskapligt arbete": N_("scientific work"),
    "kvalitetsarbete": N_("quality improvement work"),
    "annan": N_("other"),
}


def value(word: str) -> str:
    """A vocabulary value (a leave kind, an activity kind...) as the reader says it."""
    message = _VALUES.get(word)
    return _(message) if message else word


def kind_title(folder: str) -> str:
    message = KIND_TITLES.get(folder)
    return _(message) if message else folder


# Record status, for tables: a record is planned, ongoing (done but not over) or done.
ROW_STATUS = {"planned": N_("planned"), "ongoing": N_("ongoing"), "done": N_("done")}


def row_status(status: str) -> str:
    return _(ROW_STATUS[status])


FORM_STATES = {
    "application": N_("filled in when you apply (`stfolio forms`)"),
    "empty": N_("nothing recorded yet"),
    "ok": N_("complete"),
    "incomplete": N_("incomplete"),
}


def form_state(state: str) -> str:
    message = FORM_STATES.get(state)
    return _(message) if message else state


def roles(slugs: list[str] | tuple[str, ...], joint: bool = False) -> str:
    """'handledare eller kursledare' (either signs) or 'handledare och verksamhetschef' (both sign)."""
    from stfolio.catalogue import role_label

    names = [role_label(slug) for slug in slugs]
    if len(names) < 2:
        return "".join(names)
    pattern = _("{first} and {last}") if joint else _("{first} or {last}")
    return pattern.format(first=", ".join(names[:-1]), last=names[-1])
