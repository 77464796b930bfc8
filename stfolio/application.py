"""Readiness for the application for bevis om specialistkompetens.

``check --application`` adds the blocking problems (time short, BT not met, delmål not
attested) as errors, and lists the intyg and bilagor to send, form by form, from the
regulation's catalogue (``intyg_forms``): what each must cover and what the portfolio has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stfolio.catalogue import IntygForm, role_label
from stfolio.context import Context
from stfolio.findings import Finding, make
from stfolio.loader import Entry
from stfolio.model import value_of
from stfolio.text import fold
from stfolio.timerules import Service, compute_service, months, months_between, placements
from stfolio.verdicts import ATTESTED, PHRASES, Verdict, activity_kinds, all_verdicts, finished


@dataclass
class FormItem:
    source: str  # the record file, or what the item is
    description: str  # what goes on the form: unit and period, course title, ...
    delmal: list[str]
    intyg: str  # the intyg found, or why none (English, for the command line)
    ok: bool
    months: float | None = None  # for the service list (bilaga 6)
    signer: str | None = None  # "name (role, date)" of the intyg found

    def as_dict(self) -> dict[str, Any]:
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

    def as_dict(self) -> dict[str, Any]:
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


def period(record: Any) -> str:
    end = getattr(record, "end", None)
    return f"{record.start}–{end}" if end and end != record.start else f"{record.start}"


def describe(entry: Entry) -> str:
    record: Any = entry.record
    if entry.kind == "placements":
        return f"{record.unit}, {period(record)}, {record.extent} %"
    if entry.kind == "courses":
        provider = f" ({record.provider})" if record.provider else ""
        return f"{record.title}{provider}, {period(record)}"
    if entry.kind == "activities":
        return f"{record.kind}: {record.title}, {period(record)}"
    if entry.kind == "assessments":
        return f"{record.instrument} {record.date}"
    return entry.path


def intyg_text(entry: Entry, roles: list[str]) -> tuple[str, bool, str | None]:
    """(text for the command line, whether a fitting intyg exists, "name (role, date)")."""

    record: Any = entry.record
    for intyg in getattr(record, "intyg", ()):
        role = fold(intyg.role).replace(" ", "-")
        if role in roles or (role == "handledare" and "huvudhandledare" in roles):
            where = intyg.file or "no scan in evidence/"
            signer = f"{intyg.issued_by} ({intyg.role}, {intyg.date})"
            return f"{where}, signed by {signer}", True, signer
    if getattr(record, "intyg", ()):
        return "intyg signed by a role this form does not accept", False, None
    return "no intyg yet", False, None


def st_goals(entry: Entry, ctx: Context) -> list[str]:
    """The record's delmål other than BT goals: BT is attested on the BT application's forms."""
    assert ctx.catalogue is not None
    goals = ctx.catalogue.goals
    return [g for g in value_of(entry.record, "delmal", ()) if g not in goals or goals[g].group != "BT"]


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
        text, ok, signer = intyg_text(entry, list(form.issued_by))
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
            for entry in sorted(placements(ctx.portfolio), key=lambda e: e.record.start):  # type: ignore[attr-defined]
                record: Any = entry.record
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
            for entry in ctx.portfolio.entries:
                record = entry.record
                if finished(entry, ctx.as_of) and covers in value_of(record, "delmal", ()):
                    text, ok, signer = intyg_text(entry, list(form.issued_by))
                    status.items.append(FormItem(entry.path, describe(entry), [covers], text, ok, signer=signer))
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
    service = compute_service(ctx.portfolio, profile.st_start, ctx.as_of)
    verdicts = all_verdicts(ctx.portfolio, ctx.catalogue, ctx.as_of)
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
    bt = rules.bt
    if bt is not None:
        akut = service.bt_served.get("akut", 0.0)
        primar = service.bt_served.get("primärvård", 0.0)
        short = []
        if service.bt_total < bt.minimum_months:
            short.append(f"{months(service.bt_total)} of {bt.minimum_months} months")
        if akut < bt.akut_months:
            short.append(f"akut {months(akut)} of {bt.akut_months}")
        if primar < bt.primarvard_months:
            short.append(f"primärvård {months(primar)} of {bt.primarvard_months}")
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
