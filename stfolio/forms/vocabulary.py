"""The closed vocabulary of portfolio quantities that go into the forms.

Mapping files name the value of each field by one of these keys, never by free text, so
the code that fills forms from a portfolio has a finite list to provide and a test can
check that every mapping file speaks this language. Each key has a meaning and a format;
``docs/forms.md`` shows the same table (a test keeps the two equal).

Dates are written as the forms ask, ``ååmmdd`` (``250131``), and periods ``ååmmdd–ååmmdd``
with an en dash. Keys marked personal never come from the portfolio: the trainee types
them at fill time (the portfolio goes into git and must hold no personnummer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    meaning: str
    format: str
    personal: bool = False


KEYS: dict[str, Key] = {
    # the trainee
    "trainee.last_name": Key("the trainee's surname(s)", "text"),
    "trainee.first_name": Key("the trainee's given name(s)", "text"),
    "trainee.personnummer": Key("the trainee's personnummer", "ååååmmdd-nnnn", personal=True),
    "trainee.address": Key("postal address (utdelningsadress)", "text", personal=True),
    "trainee.postal_code": Key("postnummer", "nnn nn", personal=True),
    "trainee.city": Key("postort", "text", personal=True),
    "trainee.phone_home": Key("private phone with area code", "text", personal=True),
    "trainee.phone_mobile": Key("mobile phone", "text", personal=True),
    "trainee.phone_work": Key("work phone with area code", "text", personal=True),
    "trainee.email": Key("e-mail address", "text", personal=True),
    "trainee.workplace": Key("the trainee's workplace (arbetsplats): employer, clinic, town", "text"),
    # the application
    "specialty.name": Key(
        "the specialty the application is for, as Socialstyrelsen names it", "text, e.g. 'Psykiatri'"
    ),
    "attachment.number": Key(
        "the number the trainee gives this intyg in the application (Bilaga nr); "
        "continuation copies get the labels the caller passes",
        "text, e.g. '7' or '7b'",
    ),
    "attachments.bt_delmal": Key("bilagor nr of the intyg on BT delmål (bilaga 2)", "text, e.g. '2–6'"),
    "attachments.bt_fullgjord": Key("bilaga nr of the intyg om fullgjord BT (bilaga 3)", "text"),
    "attachments.bt_baskompetens": Key("bilaga nr of the intyg om uppnådd baskompetens (bilaga 4)", "text"),
    "attachments.pre_license": Key("bilagor nr for service before legitimation", "text"),
    "attachments.foreign_service": Key("bilaga nr for service abroad", "text"),
    "attachments.st_fullgjord": Key("bilaga nr of the intyg om fullgjord ST (bilaga 6)", "text"),
    "attachments.st_uppnadd": Key("bilaga nr of the intyg om uppnådd specialistkompetens", "text"),
    "attachments.auskultation": Key("bilagor nr of the intyg on auskultationer", "text"),
    "attachments.klinisk": Key("bilagor nr of the intyg on klinisk tjänstgöring under handledning", "text"),
    "attachments.kurs": Key("bilagor nr of the kursintyg", "text"),
    "attachments.utveckling": Key(
        "bilagor nr of the intyg on utvecklingsarbete / kvalitets- och utvecklingsarbete", "text"
    ),
    "attachments.skriftligt": Key("bilaga nr of the intyg on självständigt skriftligt arbete", "text"),
    "attachments.sta3": Key("bilagor nr of the intyg on delmål STa3 (bilaga 12)", "text"),
    "attachments.tredjeland": Key("bilagor nr of the intyg for specialistläkare från tredjeland", "text"),
    "attachments.other": Key("a further bilaga (2015 ansökan, page 3 list): what it is and its number", "text"),
    "application.bt_approved_date": Key("date of the intyg om godkänd bastjänstgöring", "ååmmdd"),
    "application.fee_paid_date": Key("the date the applicant paid the application fee", "ååmmdd", personal=True),
    # the intyg
    "intyg.delmal": Key(
        "the delmål the intyg covers, in catalogue order", "ids joined by ', ', e.g. 'STa1, STb2, STc3'"
    ),
    "intyg.description": Key(
        "the free-text description the form asks for (activity, course, service)", "text, may wrap"
    ),
    "intyg.description_activities": Key(
        "the education activities done to reach the delmål (bilaga 2, 12, 13)", "text, may wrap"
    ),
    "intyg.description_checked": Key(
        "how it was checked that the delmål was reached (bilaga 2, 12, 13)", "text, may wrap"
    ),
    "placement.unit": Key("where the placement or auskultation was: hospital, clinic, unit", "text"),
    "placement.period": Key("the placement's period", "ååmmdd–ååmmdd"),
    "course.subject": Key("the course's subject, as a heading", "text"),
    "course.period": Key("the course's period", "ååmmdd–ååmmdd"),
    "course.leader": Key("the course leader's name (2015 kursintyg)", "text"),
    "activity.subject": Key("the subject of the development work or written work, as a heading", "text"),
    "bt.primary_care": Key("which parts of BT were done in primärvård (bilaga 3)", "text, may wrap"),
    "bt.emergency_care": Key("which parts of BT were done in akut sjukvård (bilaga 3)", "text, may wrap"),
    # rows of a tjänsteförteckning
    "rows[i].unit": Key("row i: tjänstgöringsställe (hospital, clinic, unit)", "text"),
    "rows[i].period": Key("row i: period", "ååmmdd–ååmmdd"),
    "rows[i].extent_percent": Key("row i: extent in per cent of full time", "number, e.g. '100' or '75'"),
    "rows[i].fte_months": Key("row i: the extent as full-time months", "number with decimal comma, e.g. '5,5'"),
    "rows.total_fte_months": Key(
        "sum of full-time months over all rows; printed on the last copy only", "number with decimal comma"
    ),
    # who signs
    "signer.name": Key("the intyg's issuer (handledare, kursledare or verksamhetschef), printed name", "text"),
    "signer.specialty": Key("the issuer's specialty, when the issuer is a specialist", "text"),
    "signer.workplace": Key("the issuer's tjänsteställe", "text"),
    "signer.role": Key("who issues a kursintyg", "'handledare' or 'kursledare'"),
    "handledare.name": Key("the huvudansvarig handledare's printed name", "text"),
    "handledare.specialty": Key("the huvudansvarig handledare's specialty", "text"),
    "handledare.workplace": Key("the huvudansvarig handledare's tjänsteställe", "text"),
    "handledare.training_year": Key("the year the handledare took handledarutbildning", "åååå"),
    "assessor.name": Key("the second assessor (extern bedömare, bilaga 4; specialistläkare, bilaga 7)", "text"),
    "assessor.specialty": Key("the second assessor's specialty", "text"),
    "assessor.workplace": Key("the second assessor's tjänsteställe", "text"),
    "verksamhetschef.name": Key("the verksamhetschef's printed name", "text"),
    "verksamhetschef.workplace": Key("the verksamhetschef's tjänsteställe", "text"),
    "designee.name": Key("verksamhetschefen or the specialist appointed under 4 kap. 4 § (2015 forms)", "text"),
    "designee.specialty": Key("that person's specialty", "text"),
    "designee.workplace": Key("that person's tjänsteställe", "text"),
    "studierektor.last_name": Key("the studierektor's surname", "text"),
    "studierektor.first_name": Key("the studierektor's given name", "text"),
    "studierektor.workplace": Key("the studierektor's tjänsteställe", "text"),
}

ROW_COLUMNS = frozenset(k[len("rows[i].") :] for k in KEYS if k.startswith("rows[i]."))

_ROW = re.compile(r"^rows\[(\d+)\]\.([a-z_]+)$")
_TEMPLATE_KEY = re.compile(r"\{([a-z_.\[\]0-9]+)\}")


def vocabulary_key(key: str) -> str:
    """The vocabulary entry a concrete key belongs to: 'rows[3].unit' → 'rows[i].unit'."""
    match = _ROW.match(key)
    return f"rows[i].{match.group(2)}" if match else key


def is_known_key(key: str) -> bool:
    return vocabulary_key(key) in KEYS


def is_personal(key: str) -> bool:
    entry = KEYS.get(vocabulary_key(key))
    return entry is not None and entry.personal


def template_keys(template: str) -> list[str]:
    """The keys a template such as '{placement.unit}, {placement.period}' uses, in order."""
    return _TEMPLATE_KEY.findall(template)


def render_template(template: str, values: dict[str, str]) -> str:
    """Fill a template; a key without a value leaves its part (and a dangling separator) out."""
    parts = [p for p in (values.get(k, "").strip() for k in template_keys(template)) if p]
    if not parts:
        return ""
    if len(parts) == len(template_keys(template)):
        return _TEMPLATE_KEY.sub(lambda m: values.get(m.group(1), "").strip(), template)
    return ", ".join(parts)
