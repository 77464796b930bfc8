"""Readiness for an application to Socialstyrelsen, and the forms to send with it.

Under HSLF-FS 2021:8 a trainee applies twice: for *intyg om godkänd BT* (bilaga 1, with
bilagor 2–4) once BT is done, and later for *bevis om specialistkompetens* (bilaga 5, with
6–12, and 13 for a specialist from a third country), which asks only for the date of the
godkänd BT. Under SOSFS 2015:8 there is one application (bilaga 1, with 2–7, and 8 a/8 b for a
third country). Which form belongs to which application is data of the catalogue
(``intyg_forms``: ``application``, ``joint``, ``only_for``).

Severity follows certainty: what blocks by a verified rule is an error (ST or BT time short,
a delmål of a verified catalogue entry not attested, the BT date missing); what only the
unverified catalogue says is still missing is a warning that says so (``likely``), so nobody
is told "not ready" on a guess, and nobody is told "ready" while a likely requirement is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from stfolio.catalogue import IntygForm, role_label
from stfolio.context import Context
from stfolio.figures.service import Service, counted_placements, months_between
from stfolio.figures.verdicts import ATTESTED, STATE_WORDS, Verdict, activity_kinds, finished, state_label
from stfolio.findings import Finding, Severity, make
from stfolio.i18n import T, Text, _, iso, listing, number
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Placement, Record
from stfolio.text import fold

Which = Literal["bt", "st"]
APPLICATIONS: dict[str, str] = {
    "bt": "ansökan om intyg om godkänd BT",
    "st": "ansökan om bevis om specialistkompetens",
}
PROFILE = "stfolio.yaml"


@dataclass
class FormItem:
    source: str  # the record file, or what the item is
    description: str  # what goes on the form: unit and period, course title, ...
    delmal: list[str]
    intyg: str  # the intyg found, or why none (in the user's language, for the command line)
    ok: bool
    months: float | None = None  # for the service lists (bilaga 3 and 6)
    signer: str | None = None  # "name (role, date)" of the intyg found

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("source", "description", "delmal", "intyg", "ok", "months", "signer")}


@dataclass
class FormStatus:
    form: IntygForm
    purpose: str  # what the form must cover
    items: list[FormItem] = field(default_factory=list)
    separate: bool = False  # kept for readers of older versions: always False now
    application_form: bool = False  # the ansökan itself: filled at application time, no record needed

    @property
    def ok(self) -> bool:
        return self.application_form or (all(item.ok for item in self.items) and bool(self.items))

    @property
    def state(self) -> str:
        """'application' (the ansökan itself), 'empty', 'ok' or 'incomplete'."""
        if self.application_form:
            return "application"
        if not self.items:
            return "empty"
        return "ok" if self.ok else "incomplete"

    def as_dict(self) -> dict[str, object]:
        return {
            "form": self.form.id,
            "title": self.form.title,
            "issued_by": self.form.issued_by,
            "joint": self.form.joint,
            "verified": self.form.verified,
            "purpose": self.purpose,
            "state": self.state,
            "ok": self.ok,
            "items": [item.as_dict() for item in self.items],
        }


@dataclass
class Readiness:
    application: Which
    blockers: list[Finding]  # by verified rules: errors
    likely: list[Finding]  # what the unverified catalogue says is missing: warnings, labelled so
    notes: list[Finding]  # the huvudhandledare, the catalogue's standing
    forms: list[FormStatus]
    verdicts: list[Verdict]  # the delmål this application covers
    service: Service

    @property
    def findings(self) -> list[Finding]:
        return self.blockers + self.likely + self.notes

    @property
    def ready(self) -> bool:
        """Nothing blocks by a verified rule (``likely`` may still be open: see ``state``)."""
        return not self.blockers

    @property
    def state(self) -> str:
        """'ready', 'ready-but-unverified-open' or 'not-ready'."""
        if self.blockers:
            return "not-ready"
        return "ready-but-unverified-open" if self.likely else "ready"


def next_application(ctx: Context) -> Which:
    """The application that comes next: BT until its godkänd-BT date is recorded, then ST."""
    assert ctx.catalogue is not None and ctx.portfolio.profile is not None
    profile = ctx.portfolio.profile
    if ctx.catalogue.meta.time_rules.bt is None:
        return "st"
    return "st" if profile.bt is not None and profile.bt.approved is not None else "bt"


def period(record: Record) -> str:
    first, last = record.first_day(), record.last_day()
    return f"{first}–{last}" if last != first else f"{first}"


def describe(entry: Entry[Record]) -> str:
    record = entry.record
    if isinstance(record, Placement):
        return f"{record.unit}, {period(record)}, {record.extent} %"
    if isinstance(record, Course):
        provider = f" ({record.provider})" if record.provider else ""
        return f"{record.title}{provider}, {period(record)}"
    if isinstance(record, Activity):
        return f"{record.kind}: {record.title}, {period(record)}"
    if isinstance(record, Assessment):
        return f"{record.instrument} {record.date}"
    return entry.path


def intyg_text(entry: Entry[Record], roles: list[str], ctx: Context) -> tuple[str, bool, str | None]:
    """(text for the command line, whether a fitting intyg exists, "name (role, date)").

    An intyg whose scan is missing, outside the portfolio or changed does not count.
    """
    record = entry.record
    broken = None
    for index, intyg in enumerate(record.intyg_list()):
        role = fold(intyg.role).replace(" ", "-")
        if role in roles or (role == "handledare" and "huvudhandledare" in roles):
            if not ctx.intyg_attests(entry.path, index):
                broken = broken or str(
                    T("the scan {file} is missing, outside the portfolio or changed (see check)", file=intyg.file)
                )
                continue
            where = intyg.file or _("no scan in evidence/")
            signer = f"{intyg.issued_by} ({intyg.role}, {iso(intyg.date)})"
            return str(T("{file}, signed by {signer}", file=where, signer=signer)), True, signer
    if broken:
        return broken, False, None
    if record.intyg_list():
        return _("intyg signed by a role this form does not accept"), False, None
    return _("no intyg yet"), False, None


def _goals_for(entry: Entry[Record], ctx: Context, which: Which) -> list[str]:
    """The record's delmål that this application's forms attest: BT goals for BT, the rest for ST."""
    assert ctx.catalogue is not None
    goals = ctx.catalogue.goals
    named = entry.record.named_delmal()
    if which == "bt":
        return [g for g in named if g in goals and goals[g].group == "BT"]
    return [g for g in named if g not in goals or goals[g].group != "BT"]


def signers(form: IntygForm) -> str:
    joiner = T(" and ") if form.joint else T(" or ")
    return str(listing([role_label(r) for r in form.issued_by], joiner))


def _activity_form(form: IntygForm, kind: str, ctx: Context, which: Which) -> FormStatus:
    labels = ctx.catalogue.meta.activity_kinds if ctx.catalogue else {}
    status = FormStatus(
        form,
        str(
            T(
                "one per {activity}, signed by {signers}, listing its delmål",
                activity=labels.get(kind, kind).lower(),
                signers=signers(form),
            )
        ),
    )
    for entry in ctx.portfolio.entries:
        if not finished(entry, ctx.as_of) or kind not in activity_kinds(entry):
            continue
        goals = _goals_for(entry, ctx, which)
        if not goals:
            continue  # nothing for this application: no delmål, or only the other application's
        text, ok, signer = intyg_text(entry, list(form.issued_by), ctx)
        status.items.append(FormItem(entry.path, describe(entry), goals, text, ok, signer=signer))
    return status


def _bt_goal_form(form: IntygForm, ctx: Context) -> FormStatus:
    """Bilaga 2: one intyg per placement or course (and signer) naming the BT delmål it covers."""
    status = FormStatus(
        form, str(T("one per placement or course with its BT delmål, signed by {signers}", signers=signers(form)))
    )
    for entry in ctx.portfolio.entries:
        goals = _goals_for(entry, ctx, "bt")
        if (
            not goals
            or not finished(entry, ctx.as_of)
            or not set(activity_kinds(entry)) & {"klinisk-tjanstgoring", "kurs"}
        ):
            continue
        roles = sorted({*form.issued_by, "kursledare"}) if isinstance(entry.record, Course) else list(form.issued_by)
        text, ok, signer = intyg_text(entry, roles, ctx)
        status.items.append(FormItem(entry.path, describe(entry), goals, text, ok, signer=signer))
    return status


def _service_form(form: IntygForm, ctx: Context, bt_only: bool) -> FormStatus:
    """Bilaga 3 (BT) or 6 (ST): every placement with period, sysselsättningsgrad and months."""
    assert ctx.catalogue is not None and ctx.portfolio.profile is not None and ctx.service is not None
    profile = ctx.portfolio.profile
    rules = ctx.catalogue.meta.time_rules
    service = ctx.service
    if bt_only:
        assert ctx.bt is not None
        minimum: float = ctx.bt.rules.minimum_months
        purpose = str(
            T(
                "every BT placement with period, sysselsättningsgrad, months and its akut or primärvård part; "
                "{minimum} needed",
                minimum=number(minimum),
            )
        )
    else:
        minimum = rules.minimum_months
        purpose = str(
            T("every placement with period, sysselsättningsgrad and months; {minimum} needed", minimum=number(minimum))
        )
    status = FormStatus(form, purpose)
    for entry in sorted(counted_placements(ctx.portfolio), key=lambda e: e.record.start):
        record = entry.record
        if record.status != "done" or (bt_only and record.bt is None):
            continue
        served = months_between(max(record.start, profile.st_start), min(record.end, ctx.as_of))
        fte = served * record.extent / 100
        part = f", BT {record.bt}" if bt_only and record.bt else ""
        status.items.append(
            FormItem(
                entry.path,
                f"{record.unit}, {period(record)}, {record.extent} %{part}",
                [],
                str(T("{months} months", months=float(fte))),
                True,
                fte,
            )
        )
    total = ctx.bt.total if bt_only and ctx.bt is not None else service.served
    status.items.append(
        FormItem(
            "total",
            _("full-time equivalent months after leave"),
            [],
            str(T("{months} of {minimum}", months=float(total), minimum=number(minimum))),
            total >= minimum,
            total,
        )
    )
    return status


def _competence_form(form: IntygForm, ctx: Context, verdicts: list[Verdict]) -> FormStatus:
    """Bilaga 4 (baskompetens) or 7 / 2015 bilaga 2 (specialistkompetens): signed when every delmål is met."""
    assert ctx.portfolio.profile is not None
    supervisor = ctx.portfolio.profile.supervisor
    ok = bool(supervisor and supervisor.handledarutbildning and supervisor.specialty)
    if supervisor:
        trained = {True: _("yes"), False: _("no"), None: _("not recorded")}[supervisor.handledarutbildning]
        text = str(
            T(
                "{name} ({specialty}; handledarutbildning: {trained})",
                name=supervisor.name,
                specialty=supervisor.specialty or _("specialty not recorded"),
                trained=trained,
            )
        )
    else:
        text = _("no huvudhandledare in stfolio.yaml")
    attested = sum(1 for v in verdicts if v.status == ATTESTED)
    items = [
        FormItem(PROFILE, "huvudhandledare", [], text, ok),
        FormItem(
            "delmål",
            _("every delmål attested"),
            [],
            str(T("{attested} of {total}", attested=attested, total=len(verdicts))),
            attested == len(verdicts),
        ),
    ]
    return FormStatus(form, str(T("signed by {signers} when every delmål is met", signers=signers(form))), items)


def _ansokan(form: IntygForm, ctx: Context, which: Which) -> FormStatus:
    """The ansökan itself: filled in when applying (`stfolio forms`); the ST one asks for the BT date."""
    assert ctx.portfolio.profile is not None
    purpose = _("the application itself, signed by you; its förteckning lists the bilagor below")
    status = FormStatus(form, purpose, application_form=True)
    if which == "st" and ctx.bt is not None:
        bt = ctx.portfolio.profile.bt
        approved = bt.approved if bt else None
        text = (
            str(T("intyg om godkänd BT of {date}", date=approved))
            if approved
            else _("the date of the intyg om godkänd BT is not recorded")
        )
        status.items.append(FormItem(PROFILE, _("date of the godkänd BT"), [], text, approved is not None))
    return status


def forms_for(ctx: Context, which: Which, verdicts: list[Verdict]) -> list[FormStatus]:
    """The forms of application ``which``, with what the portfolio has for each."""
    assert ctx.catalogue is not None and ctx.portfolio.profile is not None
    profile = ctx.portfolio.profile
    forms = []
    for form in ctx.catalogue.meta.intyg_forms:
        if form.application != which or (form.only_for == "tredjeland" and not profile.tredjeland):
            continue
        covers = form.covers
        if covers.startswith("ansokan-"):
            forms.append(_ansokan(form, ctx, which))
        elif covers == "BT":
            forms.append(_bt_goal_form(form, ctx))
        elif covers in ("fullgjord-bastjanstgoring", "fullgjord-tjanstgoring"):
            forms.append(_service_form(form, ctx, bt_only=covers == "fullgjord-bastjanstgoring"))
        elif covers in ("baskompetens", "specialistkompetens", "tredjeland-specialistkompetens"):
            forms.append(_competence_form(form, ctx, verdicts))
        elif covers in ctx.catalogue.goals:
            status = FormStatus(
                form, str(T("the activities behind {goal} and how the competence was checked", goal=covers))
            )
            for naming in ctx.portfolio.entries:
                if finished(naming, ctx.as_of) and covers in naming.record.named_delmal():
                    text, ok, signer = intyg_text(naming, list(form.issued_by), ctx)
                    status.items.append(FormItem(naming.path, describe(naming), [covers], text, ok, signer=signer))
            forms.append(status)
        elif covers == "tredjeland":
            forms.append(_tredjeland_form(form, ctx, which, verdicts))
        else:
            forms.append(_activity_form(form, covers, ctx, which))
    return forms


def _tredjeland_form(form: IntygForm, ctx: Context, which: Which, verdicts: list[Verdict]) -> FormStatus:
    """One intyg per delmål for a specialist from a third country (2021 bilaga 13, 2015 8 a)."""
    status = FormStatus(form, str(T("one per delmål, signed by {signers}", signers=signers(form))))
    for verdict in verdicts:
        ok = verdict.status == ATTESTED
        status.items.append(
            FormItem(verdict.goal.id, verdict.goal.title, [verdict.goal.id], state_label(verdict.status), ok)
        )
    return status


def _unverified(verified: bool) -> Text | str:
    return "" if verified else T(" (rests on a catalogue entry not verified against Socialstyrelsen's målbeskrivning)")


def _time_blockers(ctx: Context, which: Which) -> tuple[list[Finding], list[Finding]]:
    """The time figures this application needs: (by verified rules, by unverified ones)."""
    assert ctx.catalogue is not None and ctx.service is not None
    rules, service = ctx.catalogue.meta.time_rules, ctx.service
    where = ctx.profile_location("st_start")
    blockers: list[Finding] = []
    likely: list[Finding] = []
    if which == "st" and service.served < rules.minimum_months:
        end = service.projected_completion(rules.minimum_months)
        message = T(
            "ST time {served} months is below the minimum {minimum}: {left} months to go{earliest}",
            served=float(service.served),
            minimum=rules.minimum_months,
            left=float(rules.minimum_months - service.served),
            earliest=T(", earliest {date}", date=end) if end else "",
        )
        (blockers if rules.verified else likely).append(_severity(make("STF801", where, message), rules.verified))
    bt = ctx.bt
    if which == "bt" and bt is not None:
        need, parts = bt.rules, bt.rules.verified_parts
        if bt.total < need.minimum_months:
            verified = parts.minimum_months if parts else need.verified
            message = T(
                "BT is not complete: {total} of {minimum} months{unverified}",
                total=float(bt.total),
                minimum=need.minimum_months,
                unverified=_unverified(verified),
            )
            (blockers if verified else likely).append(_severity(make("STF802", where, message), verified))
        short: list[str | Text] = []
        if bt.akut < need.akut_months:
            short.append(T("akut {months} of {minimum}", months=float(bt.akut), minimum=need.akut_months))
        if bt.primarvard < need.primarvard_months:
            short.append(
                T("primärvård {months} of {minimum}", months=float(bt.primarvard), minimum=need.primarvard_months)
            )
        verified = bool(parts.akut_months and parts.primarvard_months) if parts else need.verified
        if short:
            message = T(
                "BT's composition is short: {short}{unverified}", short=listing(short), unverified=_unverified(verified)
            )
            (blockers if verified else likely).append(_severity(make("STF806", where, message), verified))
    return blockers, likely


def _severity(finding: Finding, verified: bool) -> Finding:
    """Errors for verified rules; a warning, never an error on its own, for an unverified one."""
    from dataclasses import replace

    return finding if verified else replace(finding, severity=Severity.WARNING)


def _goal_findings(ctx: Context, verdicts: list[Verdict]) -> tuple[list[Finding], list[Finding]]:
    blockers: list[Finding] = []
    likely: list[Finding] = []
    for verdict in verdicts:
        if verdict.status == ATTESTED:
            continue
        missing = listing([r.what for r in verdict.missing], "; ") if verdict.missing else T("an intyg")
        records = listing(list(verdict.done)) if verdict.done else T("no records yet")
        hint = T(
            "records: {records}{planned}",
            records=records,
            planned=T("; planned: {records}", records=listing(list(verdict.planned))) if verdict.planned else "",
        )
        where = ctx.profile_location("specialty")
        message = T(
            "delmål {goal} ({title}): {state}; missing {missing}{unverified}",
            goal=verdict.goal.id,
            title=verdict.goal.title,
            state=T(STATE_WORDS[verdict.status]),
            missing=missing,
            unverified=_unverified(verdict.goal.verified),
        )
        if verdict.goal.verified:
            blockers.append(make("STF803", where, message, hint))
        else:
            likely.append(make("STF807", where, message, hint))
    return blockers, likely


def _bt_date_blocker(ctx: Context, which: Which) -> list[Finding]:
    profile = ctx.portfolio.profile
    assert profile is not None
    if which != "st" or ctx.bt is None or (profile.bt is not None and profile.bt.approved is not None):
        return []
    where = ctx.profile_location("bt") if profile.bt else ctx.profile_location("st_start")
    return [
        make(
            "STF808",
            where,
            T(
                "the ansökan om bevis om specialistkompetens asks for the date of your intyg om godkänd BT, "
                "and none is recorded"
            ),
            T(
                "apply for the intyg om godkänd BT first (`stfolio check --application bt`); "
                "then add approved: YYYY-MM-DD under bt: in stfolio.yaml"
            ),
        )
    ]


def _supervisor_notes(ctx: Context) -> list[Finding]:
    profile = ctx.portfolio.profile
    assert profile is not None
    supervisor = profile.supervisor
    if supervisor is None:
        return [make("STF804", ctx.profile_location(), T("no huvudhandledare in stfolio.yaml"), T("add supervisor:"))]
    notes = []
    if supervisor.handledarutbildning is not True:
        notes.append(
            make(
                "STF804",
                ctx.profile_location("supervisor"),
                T(
                    "the huvudhandledare {name} has no recorded handledarutbildning, which intyg require",
                    name=supervisor.name,
                ),
                T("add handledarutbildning: true under supervisor: once it is done"),
            )
        )
    spec = ctx.goals.specialties.get(profile.specialty)
    same = supervisor.specialty and (
        fold(supervisor.specialty).replace(" ", "-") == profile.specialty
        or (spec is not None and fold(supervisor.specialty) == fold(spec.name))
    )
    if not supervisor.specialty:
        notes.append(
            make(
                "STF804",
                ctx.profile_location("supervisor"),
                T(
                    "the huvudhandledare's specialty is not recorded; "
                    "the intyg om uppnådd specialistkompetens asks for it"
                ),
                T("add specialty: under supervisor: in stfolio.yaml"),
            )
        )
    elif not same:
        notes.append(
            make(
                "STF804",
                ctx.profile_location("supervisor", "specialty"),
                T(
                    "the huvudhandledare is a specialist in {theirs}, not in {yours}",
                    theirs=supervisor.specialty,
                    yours=profile.specialty,
                ),
                T("an ST handledare should be a specialist in the trainee's specialty"),
            )
        )
    return notes


def _standing(ctx: Context, verdicts: list[Verdict]) -> list[Finding]:
    profile = ctx.portfolio.profile
    assert profile is not None
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    if not unverified:
        return []
    return [
        make(
            "STF805",
            ctx.profile_location("regulation"),
            T(
                "{unverified} of {total} delmål verdicts rest on catalogue entries not verified against "
                "Socialstyrelsen's målbeskrivning for {regulation}",
                unverified=unverified,
                total=len(verdicts),
                regulation=profile.regulation,
            ),
            T("check each requirement against the official målbeskrivning before sending"),
        )
    ]


def covered_verdicts(ctx: Context, which: Which) -> list[Verdict]:
    """The delmål this application attests: BT1–BT18 for BT, every other delmål for ST."""
    if which == "bt":
        return [v for v in ctx.verdicts if v.goal.group == "BT"]
    return [v for v in ctx.verdicts if v.goal.group != "BT"]


def readiness(ctx: Context, which: Which | None = None) -> Readiness:
    """What blocks application ``which`` (default: the next one), and the forms to send."""
    assert ctx.portfolio.profile is not None and ctx.catalogue is not None and ctx.service is not None
    which = which or next_application(ctx)
    verdicts = covered_verdicts(ctx, which)
    blockers, likely = _time_blockers(ctx, which)
    goal_blockers, goal_likely = _goal_findings(ctx, verdicts)
    blockers += _bt_date_blocker(ctx, which) + goal_blockers
    likely += goal_likely
    notes = _supervisor_notes(ctx) + _standing(ctx, verdicts)
    return Readiness(which, blockers, likely, notes, forms_for(ctx, which, verdicts), verdicts, ctx.service)
