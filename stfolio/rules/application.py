"""Readiness for the application for bevis om specialistkompetens.

``check --application`` adds the blocking problems (time short, BT not met, delmål not
attested) as errors, and lists the intyg and bilagor to send, form by form, from the
regulation's catalogue (``intyg_forms``): what each must cover and what the portfolio has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stfolio.catalogue import IntygForm, role_label
from stfolio.context import Context
from stfolio.figures.service import Service, counted_placements, months_between
from stfolio.figures.verdicts import ATTESTED, PHRASES, Verdict, activity_kinds, finished
from stfolio.findings import Finding, make
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Placement, Record
from stfolio.text import fold, months


@dataclass
class FormItem:
    source: str  # the record file, or what the item is
    description: str  # what goes on the form: unit and period, course title, ...
    delmal: list[str]
    intyg: str  # the intyg found, or why none (English, for the command line)
    ok: bool
    months: float | None = None  # for the service list (bilaga 6)
    signer: str | None = None  # "name (role, date)" of the intyg found

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("source", "description", "delmal", "intyg", "ok", "months", "signer")}


@dataclass
class FormStatus:
    form: IntygForm
    purpose: str  # what the form must cover
    items: list[FormItem] = field(default_factory=list)
    separate: bool = False  # sent with another application (BT), not this one

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items) and (bool(self.items) or self.separate)

    @property
    def state(self) -> str:
        """'separate' (goes with the BT application), 'empty', 'ok' or 'incomplete'."""
        if self.separate:
            return "separate"
        if not self.items:
            return "empty"
        return "ok" if self.ok else "incomplete"

    def as_dict(self) -> dict[str, object]:
        return {
            "form": self.form.id,
            "title": self.form.title,
            "issued_by": self.form.issued_by,
            "verified": self.form.verified,
            "purpose": self.purpose,
            "separate": self.separate,
            "ok": self.ok,
            "items": [item.as_dict() for item in self.items],
        }


@dataclass
class Readiness:
    findings: list[Finding]
    forms: list[FormStatus]
    verdicts: list[Verdict]
    service: Service

    @property
    def ready(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


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
                broken = broken or f"the scan {intyg.file} is missing, outside the portfolio or changed (see check)"
                continue
            where = intyg.file or "no scan in evidence/"
            signer = f"{intyg.issued_by} ({intyg.role}, {intyg.date})"
            return f"{where}, signed by {signer}", True, signer
    if broken:
        return broken, False, None
    if record.intyg_list():
        return "intyg signed by a role this form does not accept", False, None
    return "no intyg yet", False, None


def st_goals(entry: Entry[Record], ctx: Context) -> list[str]:
    """The record's delmål other than BT goals: BT is attested on the BT application's forms."""
    assert ctx.catalogue is not None
    goals = ctx.catalogue.goals
    return [g for g in entry.record.named_delmal() if g not in goals or goals[g].group != "BT"]


def _activity_form(form: IntygForm, kind: str, ctx: Context) -> FormStatus:
    labels = ctx.catalogue.meta.activity_kinds if ctx.catalogue else {}
    status = FormStatus(
        form,
        f"one per {labels.get(kind, kind).lower()}, signed by {signers(form, 'or')}, listing its delmål",
    )
    for entry in ctx.portfolio.entries:
        if not finished(entry, ctx.as_of) or kind not in activity_kinds(entry):
            continue
        goals = st_goals(entry, ctx)
        if not goals:
            continue  # nothing for this application: no delmål, or BT goals only
        text, ok, signer = intyg_text(entry, list(form.issued_by), ctx)
        status.items.append(FormItem(entry.path, describe(entry), goals, text, ok, signer=signer))
    return status


def signers(form: IntygForm, joiner: str) -> str:
    return f" {joiner} ".join(role_label(r) for r in form.issued_by)


def application_forms(ctx: Context, service: Service, verdicts: list[Verdict]) -> list[FormStatus]:
    assert ctx.catalogue is not None and ctx.portfolio.profile is not None
    profile = ctx.portfolio.profile
    minimum = ctx.catalogue.meta.time_rules.minimum_months
    forms = []
    for form in ctx.catalogue.meta.intyg_forms:
        covers = form.covers
        if covers in ("BT", "fullgjord-bastjanstgoring", "baskompetens"):
            forms.append(
                FormStatus(
                    form,
                    "part of the application for intyg om godkänd BT; the ST application gives its date",
                    separate=True,
                )
            )
        elif covers in ("fullgjord-tjanstgoring",):
            status = FormStatus(form, f"every placement with period, sysselsättningsgrad and months; {minimum} needed")
            for entry in sorted(counted_placements(ctx.portfolio), key=lambda e: e.record.start):
                record = entry.record
                if record.status != "done":
                    continue
                served = months_between(max(record.start, profile.st_start), min(record.end, ctx.as_of))
                fte = served * record.extent / 100
                status.items.append(
                    FormItem(
                        entry.path,
                        f"{record.unit}, {period(record)}, {record.extent} %",
                        [],
                        f"{months(fte)} months",
                        True,
                        fte,
                    )
                )
            status.items.append(
                FormItem(
                    "total",
                    "full-time equivalent months after leave",
                    [],
                    f"{months(service.served)} of {minimum}",
                    service.served >= minimum,
                    service.served,
                )
            )
            forms.append(status)
        elif covers == "specialistkompetens":
            supervisor = profile.supervisor
            ok = bool(supervisor and supervisor.handledarutbildning and supervisor.specialty)
            if supervisor:
                trained = {True: "yes", False: "no", None: "not recorded"}[supervisor.handledarutbildning]
                text = f"{supervisor.name} ({supervisor.specialty or 'specialty not recorded'}; handledarutbildning: {trained})"
            else:
                text = "no huvudhandledare in stfolio.yaml"
            attested = sum(1 for v in verdicts if v.status == ATTESTED)
            forms.append(
                FormStatus(
                    form,
                    f"signed by {signers(form, 'and')} when every delmål is met",
                    [
                        FormItem(PROFILE, "huvudhandledare", [], text, ok),
                        FormItem(
                            "delmål",
                            "every delmål attested",
                            [],
                            f"{attested} of {len(verdicts)}",
                            attested == len(verdicts),
                        ),
                    ],
                )
            )
        elif ctx.catalogue and covers in ctx.catalogue.goals:
            status = FormStatus(form, f"the activities behind {covers} and how the competence was checked")
            for naming in ctx.portfolio.entries:
                if finished(naming, ctx.as_of) and covers in naming.record.named_delmal():
                    text, ok, signer = intyg_text(naming, list(form.issued_by), ctx)
                    status.items.append(FormItem(naming.path, describe(naming), [covers], text, ok, signer=signer))
            forms.append(status)
        else:
            forms.append(_activity_form(form, covers, ctx))
    return forms


PROFILE = "stfolio.yaml"


def readiness(ctx: Context) -> Readiness:
    """Everything that blocks the application, and the forms to send."""
    profile = ctx.portfolio.profile
    assert profile is not None and ctx.catalogue is not None
    rules = ctx.catalogue.meta.time_rules
    service = ctx.service
    assert service is not None
    verdicts = ctx.verdicts
    findings = []
    where = ctx.profile_location("st_start")
    if service.served < rules.minimum_months:
        end = service.projected_completion(rules.minimum_months)
        findings.append(
            make(
                "STF801",
                where,
                f"ST time {months(service.served)} months is below the minimum {rules.minimum_months}: "
                f"{months(rules.minimum_months - service.served)} months to go" + (f", earliest {end}" if end else ""),
            )
        )
    bt = ctx.bt
    if bt is not None:
        short = []
        if bt.total < bt.rules.minimum_months:
            short.append(f"{months(bt.total)} of {bt.rules.minimum_months} months")
        if bt.akut < bt.rules.akut_months:
            short.append(f"akut {months(bt.akut)} of {bt.rules.akut_months}")
        if bt.primarvard < bt.rules.primarvard_months:
            short.append(f"primärvård {months(bt.primarvard)} of {bt.rules.primarvard_months}")
        if short:
            findings.append(make("STF802", where, "BT is not complete: " + ", ".join(short)))
    for verdict in verdicts:
        if verdict.status == ATTESTED:
            continue
        missing = "; ".join(r.what for r in verdict.missing) or "an intyg"
        records = ", ".join(verdict.done) or "no records yet"
        findings.append(
            make(
                "STF803",
                ctx.profile_location("specialty"),
                f"delmål {verdict.goal.id} ({verdict.goal.title}): {PHRASES[verdict.status]}; missing {missing}",
                f"records: {records}" + (f"; planned: {', '.join(verdict.planned)}" if verdict.planned else ""),
            )
        )
    supervisor = profile.supervisor
    if supervisor is None:
        findings.append(make("STF804", ctx.profile_location(), "no huvudhandledare in stfolio.yaml", "add supervisor:"))
    else:
        if supervisor.handledarutbildning is not True:
            findings.append(
                make(
                    "STF804",
                    ctx.profile_location("supervisor"),
                    f"the huvudhandledare {supervisor.name} has no recorded handledarutbildning, which intyg require",
                    "add handledarutbildning: true under supervisor: once it is done",
                )
            )
        spec = ctx.goals.specialties.get(profile.specialty)
        same = supervisor.specialty and (
            fold(supervisor.specialty).replace(" ", "-") == profile.specialty
            or (spec is not None and fold(supervisor.specialty) == fold(spec.name))
        )
        if not supervisor.specialty:
            findings.append(
                make(
                    "STF804",
                    ctx.profile_location("supervisor"),
                    "the huvudhandledare's specialty is not recorded; the intyg om uppnådd specialistkompetens asks for it",
                    "add specialty: under supervisor: in stfolio.yaml",
                )
            )
        elif not same:
            findings.append(
                make(
                    "STF804",
                    ctx.profile_location("supervisor", "specialty"),
                    f"the huvudhandledare is a specialist in {supervisor.specialty}, not in {profile.specialty}",
                    "an ST handledare should be a specialist in the trainee's specialty",
                )
            )
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    if unverified:
        findings.append(
            make(
                "STF805",
                ctx.profile_location("regulation"),
                f"{unverified} of {len(verdicts)} delmål verdicts rest on catalogue entries not verified against "
                f"Socialstyrelsen's målbeskrivning for {profile.regulation}",
                "check each requirement against the official målbeskrivning before sending",
            )
        )
    return Readiness(findings, application_forms(ctx, service, verdicts), verdicts, service)
