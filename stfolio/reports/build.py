"""Reports: the typed context behind the årlig rapport, the IUP and the application underlag.

All arithmetic, grouping and sorting happen here (picture geometry in ``pictures``, one
record's row in ``rows``); the jinja2 templates in ``templates/`` only lay the context out
(Markdown and HTML share it; JSON is the context itself). Everything is computed as of one
date, from the figures the context computed once, so the same portfolio gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from stfolio.catalogue import role_label
from stfolio.context import Context
from stfolio.figures.service import COUNTED_KINDS, Service, add_months, months_between
from stfolio.figures.verdicts import ATTESTED, Verdict, finished
from stfolio.kinds import KINDS
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Meeting, Placement, Record
from stfolio.packs import Norm, load_pack
from stfolio.reports.labels import FORM_STATES_SV, STATUS_CLASS, STATUS_SV, sv_date, sv_number
from stfolio.reports.model import (
    Blocker,
    Count,
    Figure,
    FormBlock,
    FormRow,
    GoalGroup,
    GoalRow,
    Grid,
    Header,
    NormRow,
    Report,
    Section,
    Timeline,
    TimeSummary,
)
from stfolio.reports.pictures import grid, timeline
from stfolio.reports.rows import by_date, in_year, record_row
from stfolio.rules import CheckResult
from stfolio.rules.application import FormItem, FormStatus, readiness
from stfolio.rules.policies import norm_months, selected, when
from stfolio.text import kronor


def _header(ctx: Context, title: str, subtitle: str, names: dict[str, str]) -> Header:
    profile = ctx.portfolio.profile
    assert profile is not None
    supervisor = profile.supervisor
    bt = ""
    if profile.bt:
        bt = f"{profile.bt.start} – {profile.bt.end}" if profile.bt.end else f"från {profile.bt.start}"
    return Header(
        title=title,
        subtitle=subtitle,
        trainee=profile.trainee.name,
        specialty=names.get(profile.specialty, profile.specialty),
        regulation=profile.regulation,
        clinic=profile.clinic or "",
        employer=profile.employer or "",
        supervisor=(supervisor.name + (f" ({supervisor.specialty})" if supervisor.specialty else ""))
        if supervisor
        else "",
        studierektor=profile.studierektor.name if profile.studierektor else "",
        st_start=profile.st_start.isoformat(),
        bt=bt,
        as_of=ctx.as_of.isoformat(),
        unverified_note=(
            "Delmålens krav kommer från stfolios målkatalog, som ännu inte är verifierad mot Socialstyrelsens "
            "målbeskrivning. Kontrollera kraven i målbeskrivningen."
        ),
    )


def _time(ctx: Context, service: Service) -> TimeSummary:
    assert ctx.catalogue is not None
    rules = ctx.catalogue.meta.time_rules
    end = service.projected_completion(rules.minimum_months)
    figures = [
        Figure(
            "ST-tid (heltidsekvivalenter)",
            sv_number(service.served),
            f"{rules.minimum_months} mån",
            service.served >= rules.minimum_months,
        )
    ]
    bt = ctx.bt
    if bt is not None:
        need = bt.rules
        figures += [
            Figure("BT totalt", sv_number(bt.total), f"{need.minimum_months} mån", bt.total >= need.minimum_months),
            Figure("BT akut sjukvård", sv_number(bt.akut), f"{need.akut_months} mån", bt.akut >= need.akut_months),
            Figure(
                "BT primärvård",
                sv_number(bt.primarvard),
                f"{need.primarvard_months} mån",
                bt.primarvard >= need.primarvard_months,
            ),
        ]
    percent = round(100 * min(1.0, service.served / rules.minimum_months))
    return TimeSummary(
        served=sv_number(service.served),
        planned=sv_number(service.planned),
        minimum=str(rules.minimum_months),
        percent=percent,
        leave=sv_number(service.leave),
        projected=sv_date(end),
        figures=figures,
        bar_width=percent,
    )


def _summary(paths: list[str], ctx: Context) -> str:
    """Records named for people: placements, courses and activities by title, the rest counted."""
    by_path = {e.path: e for e in ctx.portfolio.entries}
    named: dict[str, list[str]] = {}
    counted: dict[str, int] = {}
    for path in paths:
        entry = by_path.get(path)
        if entry is None:
            continue
        record = entry.record
        if isinstance(record, Placement):
            named.setdefault("Placering", []).append(record.title or record.unit)
        elif isinstance(record, Course):
            named.setdefault("Kurs", []).append(record.title)
        elif isinstance(record, Activity):
            named.setdefault(record.kind.capitalize(), []).append(record.title)
        else:
            counted[entry.kind] = counted.get(entry.kind, 0) + 1
    parts = [f"{label}: {', '.join(titles)}" for label, titles in named.items()]
    nouns = {"assessments": ("bedömning", "bedömningar"), "meetings": ("samtal", "samtal")}
    parts += [f"{n} {nouns[k][0] if n == 1 else nouns[k][1]}" for k, n in counted.items() if k in nouns]
    return "; ".join(parts)


def _goal_row(verdict: Verdict, ctx: Context) -> GoalRow:
    assessed = sorted(
        {
            e.record.instrument
            for e in ctx.portfolio.assessments
            if verdict.goal.id in e.record.delmal and finished(e, ctx.as_of)
        }
    )
    return GoalRow(
        id=verdict.goal.id,
        title=verdict.goal.title,
        group=verdict.goal.group,
        status=STATUS_SV[verdict.status],
        status_class=STATUS_CLASS[verdict.status],
        done=len(verdict.done),
        planned=len(verdict.planned),
        missing="; ".join(r.short for r in verdict.missing),
        records=verdict.done,
        planned_records=verdict.planned,
        assessed_by=", ".join(assessed),
        verified=verdict.goal.verified,
        done_summary=_summary(verdict.done, ctx),
        planned_summary=_summary(verdict.planned, ctx),
    )


def _goal_groups(ctx: Context, verdicts: list[Verdict]) -> list[GoalGroup]:
    assert ctx.catalogue is not None
    groups = []
    for group in ctx.catalogue.meta.groups:
        rows = [_goal_row(v, ctx) for v in verdicts if v.goal.group == group.id]
        if rows:
            groups.append(GoalGroup(group.id, group.title, sum(1 for r in rows if r.status_class == "attested"), rows))
    return groups


def _norms(ctx: Context, year: int | None) -> list[NormRow]:
    """Each local norm against what the year (or, without a year, the whole ST) shows."""
    profile = ctx.portfolio.profile
    assert profile is not None
    rows = []
    for name in profile.policies:
        pack, _ = load_pack(ctx.portfolio.root, name)
        if pack is None:
            continue
        for norm in pack.norms:
            row = _norm_row(ctx, pack.id, norm, year)
            if row is not None:
                rows.append(row)
    return rows


def _norm_row(ctx: Context, pack: str, norm: Norm, year: int | None) -> NormRow | None:
    """One norm against the year (or the whole ST): the figure, what was recorded, a verdict.

    Judged like `check` judges it: counts against the minimum pro-rated to the part of the
    period that has passed, rounded down; year-limited norms only over the ST years they cover.
    """
    assert ctx.portfolio.profile is not None
    st_start = ctx.portfolio.profile.st_start
    first = max(st_start, dt.date(year, 1, 1)) if year else st_start
    last = min(ctx.as_of, dt.date(year, 12, 31)) if year else ctx.as_of
    if norm.years:
        first = max(first, add_months(st_start, 12 * (min(norm.years) - 1)))
        last = min(last, add_months(st_start, 12 * max(norm.years)) - dt.timedelta(days=1))
    if norm.from_year:
        first = max(first, add_months(st_start, 12 * (norm.from_year - 1)))
    if last < first:
        return None
    if norm.deliverable is not None:
        done = [e for e in selected(ctx, norm.deliverable) if finished(e, ctx.as_of)]
        planned = selected(ctx, norm.deliverable, done_only=False)
        observed = "klart" if done else ("planerat" if planned else "saknas")
        # Planned work never meets a norm; it only shows that it is on its way.
        return NormRow(pack, norm.title, "krävs", observed, bool(done), "✓" if done else observed)
    if norm.budget is not None:
        spent = sum(e.record.amount for e in ctx.portfolio.expenses if e.record.status == "done")
        ok = spent <= norm.budget.total
        return NormRow(
            pack, norm.title, kronor(norm.budget.total), f"{kronor(spent)} använt", ok, "✓" if ok else "över budget"
        )
    selection = norm.count or norm.hours
    if selection is None or norm.minimum is None:
        return None
    entries = [e for e in selected(ctx, selection) if first <= when(e) <= last]
    if norm.per == "placement":
        ended = [
            p
            for p in ctx.portfolio.placements
            if p.record.kind in COUNTED_KINDS and finished(p, ctx.as_of) and first <= p.record.end <= last
        ]
        short = [
            p for p in ended if sum(1 for e in entries if p.record.start <= when(e) <= p.record.end) < norm.minimum
        ]
        observed = f"{len(ended) - len(short)} av {len(ended)} avslutade placeringar"
        return NormRow(
            pack,
            norm.title,
            f"{norm.minimum:g} per placering",
            observed,
            not short,
            "✓" if not short else "under normen",
        )
    if norm.per == "month" and norm.count is not None:
        # Month by month: two empty months are two shortfalls, whatever the year's total.
        months_judged = [m for m in norm_months(ctx, norm) if first <= m.start and m.end <= last]
        minimum = norm.minimum
        behind = [m for m in months_judged if sum(1 for e in entries if m.start <= when(e) <= m.end) < minimum]
        observed = f"{len(months_judged) - len(behind)} av {len(months_judged)} månader"
        return NormRow(
            pack, norm.title, f"{minimum:g} per månad", observed, not behind, "✓" if not behind else "under normen"
        )
    if norm.hours is not None:
        hours = sum(e.record.hours_spent() for e in entries)
        expected = norm.minimum * months_between(first, last)
        ok = hours >= int(expected)
        return NormRow(
            pack,
            norm.title,
            f"{norm.minimum:g} h/mån",
            f"{sv_number(hours)} h (minst {int(expected)} h väntat)",
            ok,
            "✓" if ok else "under normen",
        )
    expected = int(norm.minimum * months_between(first, last) / 12)
    label = "per 12 mån klinisk tjänstgöring" if norm.per == "service-year" else "per år"
    ok = len(entries) >= expected
    return NormRow(
        pack,
        norm.title,
        f"{norm.minimum:g} {label}",
        f"{len(entries)} (minst {expected} väntat)",
        ok,
        "✓" if ok else "under normen",
    )


def _signers_sv(form: FormStatus) -> str:
    """Jointly signed forms take 'och'; an activity intyg is signed by one of the roles: 'eller'."""
    return (" och " if form.form.joint else " eller ").join(role_label(r) for r in form.form.issued_by)


def _purpose_sv(form: FormStatus, ctx: Context) -> str:
    assert ctx.catalogue is not None
    covers = form.form.covers
    labels = ctx.catalogue.meta.activity_kinds
    if form.application_form:
        return "Själva ansökan, som du skriver under; dess förteckning anger bilagorna nedan."
    if covers == "BT":
        return "Ett intyg per placering eller kurs, med de BT-delmål det gäller."
    if covers == "fullgjord-bastjanstgoring":
        return "Alla BT-placeringar med period, sysselsättningsgrad, månader och del i akut sjukvård eller primärvård."
    if covers == "baskompetens":
        return "Utfärdas när alla BT-delmål är uppnådda, av huvudhandledaren och en extern bedömare."
    if covers == "fullgjord-tjanstgoring":
        minimum = ctx.catalogue.meta.time_rules.minimum_months
        return f"Alla placeringar med period, sysselsättningsgrad och månader; minst {minimum} månader heltid."
    if covers == "specialistkompetens":
        return "Utfärdas när alla delmål är uppnådda, med huvudhandledarens uppgifter."
    if covers in ctx.catalogue.goals:
        return f"Aktiviteterna bakom {covers} och hur kompetensen har kontrollerats."
    return f"Ett intyg per {labels.get(covers, covers).lower()}, med de delmål det gäller."


def _form_row(item: FormItem, ctx: Context) -> FormRow:
    profile = ctx.portfolio.profile
    assert profile is not None
    if item.months is not None:
        text = f"{sv_number(item.months)} mån"
    elif item.source == "stfolio.yaml":
        supervisor = profile.supervisor
        if supervisor is None:
            return FormRow(item.source, "Huvudhandledare", "", "ingen huvudhandledare i stfolio.yaml", False)
        trained = {True: "ja", False: "nej", None: "ej angivet"}[supervisor.handledarutbildning]
        specialty = supervisor.specialty or "specialitet ej angiven"
        return FormRow(
            item.source,
            "Huvudhandledare",
            "",
            f"{supervisor.name} ({specialty}; handledarutbildning: {trained})",
            item.ok,
        )
    elif item.source == "delmål":
        return FormRow("", "Alla delmål intygade", "", item.intyg.replace(" of ", " av "), item.ok)
    elif item.signer:
        text = f"intyg: {item.signer}"
    else:
        text = "intyg saknas"
    description = item.description if item.source != "total" else "Summa heltidsekvivalenta månader efter ledighet"
    return FormRow(item.source, description, ", ".join(item.delmal), text, item.ok)


def _forms(ctx: Context) -> tuple[list[FormBlock], list[Blocker], bool]:
    ready = readiness(ctx)
    blocks = []
    for form in ready.forms:
        status = FORM_STATES_SV[form.state]
        blocks.append(
            FormBlock(
                form.form.id,
                form.form.title,
                _signers_sv(form),
                _purpose_sv(form, ctx),
                status,
                form.form.verified,
                [_form_row(item, ctx) for item in form.items],
            )
        )
    assert ctx.catalogue is not None
    rules = ctx.catalogue.meta.time_rules
    blockers = []
    if ready.application == "st" and ready.service.served < rules.minimum_months:
        blockers.append(
            Blocker(
                "ST-tid",
                f"{sv_number(ready.service.served)} av {rules.minimum_months} månader",
                f"{sv_number(rules.minimum_months - ready.service.served)} månader kvar",
            )
        )
    if any(f.code in ("STF802", "STF806") for f in ready.findings) and ctx.bt is not None:
        blockers.append(Blocker("BT", f"{sv_number(ctx.bt.total)} månader", "längd eller sammansättning ej uppfylld"))
    for verdict in ready.verdicts:
        if verdict.status != ATTESTED:
            blockers.append(
                Blocker(
                    f"{verdict.goal.id} {verdict.goal.title}",
                    STATUS_SV[verdict.status],
                    "; ".join(r.short for r in verdict.missing),
                )
            )
    return blocks, blockers, ready.ready


# --- the three reports ---------------------------------------------------------------------


def _base(result: CheckResult) -> tuple[Context, Service, list[Verdict], dict[str, str]]:
    ctx = result.context
    assert ctx is not None and ctx.catalogue is not None and ctx.service is not None
    names = {spec.id: spec.name for spec in ctx.goals.specialties.values()}
    return ctx, ctx.service, ctx.verdicts, names


def _empty_report(
    kind: str, year: int | None, header: Header, time: TimeSummary, timeline: Timeline, grid: Grid
) -> dict[str, Any]:
    return {
        "kind": kind,
        "year": year,
        "header": header,
        "time": time,
        "sections": [],
        "goals": [],
        "advanced": [],
        "norms": [],
        "deviations": [],
        "plan": [],
        "plan_title": "",
        "timeline": timeline,
        "grid": grid,
        "forms": [],
        "blocking": [],
        "revisions": [],
        "research": [],
        "ready": None,
    }


def annual_report(result: CheckResult, year: int) -> Report:
    """Årlig rapport: the year's records and the delmål they advanced, norms, progress, plan."""
    ctx, service, verdicts, names = _base(result)
    header = _header(ctx, f"Årlig rapport {year}", f"ST-läkarens årliga rapport, {year}-01-01 – {year}-12-31", names)
    fields = _empty_report("annual", year, header, _time(ctx, service), timeline(ctx, service), grid(verdicts))
    sections = []
    year_entries: list[Entry[Record]] = []
    for kind in KINDS:
        if not kind.in_reports:
            continue
        entries = [
            e for e in by_date(ctx.portfolio.of_kind(kind.folder)) if in_year(e, year) and not e.record.is_planned()
        ]
        year_entries += entries
        sections.append(
            Section(
                kind.folder,
                kind.label_sv,
                [record_row(e, ctx.as_of) for e in entries],
                _counts(entries),
                has_delmal=kind.carries_delmal,
                has_intyg=kind.carries_intyg,
            )
        )
    named = {g for e in year_entries for g in e.record.named_delmal()}
    fields["sections"] = sections
    fields["advanced"] = [_goal_row(v, ctx) for v in verdicts if v.goal.id in named]
    fields["goals"] = _goal_groups(ctx, verdicts)
    fields["norms"] = _norms(ctx, year)
    fields["deviations"] = [f.message for f in result.findings if f.code == "STF702"]
    upcoming = [
        e
        for kind in ("placements", "courses", "activities")
        for e in ctx.portfolio.of_kind(kind)
        if e.record.is_planned() and when(e).year <= year + 1 and e.record.last_day() > ctx.as_of
    ]
    fields["plan"] = [record_row(e, ctx.as_of) for e in by_date(upcoming)]
    fields["plan_title"] = f"Plan för {year + 1}"
    return Report(**fields)


def _counts(entries: list[Entry[Record]]) -> list[Count]:
    """The year's assessments by instrument and meetings by kind; nothing for other kinds."""
    values: dict[str, int] = {}
    for entry in entries:
        record = entry.record
        value: str
        if isinstance(record, Assessment):
            value = record.instrument
        elif isinstance(record, Meeting):
            value = record.kind
        else:
            continue
        values[value] = values.get(value, 0) + 1
    return [Count(label, n) for label, n in sorted(values.items())]


def iup_report(result: CheckResult) -> Report:
    """IUP: planned and done placements and courses goal by goal, assessment, research, revisions."""
    ctx, service, verdicts, names = _base(result)
    header = _header(ctx, "Individuellt utbildningsprogram (IUP)", f"Utbildningsplan per {ctx.as_of}", names)
    fields = _empty_report("iup", None, header, _time(ctx, service), timeline(ctx, service), grid(verdicts))
    fields["goals"] = _goal_groups(ctx, verdicts)
    fields["sections"] = [
        Section(kind, title, [record_row(e, ctx.as_of) for e in by_date(ctx.portfolio.of_kind(kind))])
        for kind, title in (
            ("placements", "Placeringar, genomförda och planerade"),
            ("courses", "Kurser, genomförda och planerade"),
        )
    ]
    research = [e for e in ctx.portfolio.activities if e.record.kind in ("vetenskapligt arbete", "kvalitetsarbete")]
    fields["research"] = [record_row(e, ctx.as_of) for e in by_date(list(research))]
    revisions = [e for e in ctx.portfolio.meetings if e.record.kind == "IUP-revision"]
    fields["revisions"] = [record_row(e, ctx.as_of) for e in by_date(list(revisions))]
    fields["norms"] = _norms(ctx, None)
    fields["deviations"] = [f.message for f in result.findings if f.code == "STF702"]
    return Report(**fields)


def application_report(result: CheckResult) -> Report:
    """Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; blockers."""
    ctx, service, verdicts, names = _base(result)
    which = readiness(ctx).application
    header = _header(
        ctx,
        "Underlag för ansökan om intyg om godkänd BT"
        if which == "bt"
        else "Underlag för ansökan om bevis om specialistkompetens",
        f"Enligt {ctx.portfolio.profile.regulation if ctx.portfolio.profile else ''}, per {ctx.as_of}",
        names,
    )
    fields = _empty_report("application", None, header, _time(ctx, service), timeline(ctx, service), grid(verdicts))
    forms, blocking, ready = _forms(ctx)
    fields["forms"] = forms
    fields["blocking"] = blocking
    fields["ready"] = ready
    fields["goals"] = _goal_groups(ctx, verdicts)
    return Report(**fields)
