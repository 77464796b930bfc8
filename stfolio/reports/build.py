"""Reports: the typed context behind the årlig rapport, the IUP and the application underlag.

All arithmetic, grouping and sorting happen here (picture geometry in ``pictures``, one
record's row in ``rows``, the follow-up box in ``attention``, norms in ``norms``, the forms in
``underlag``, and every reading of a delmål verdict in ``goals``); the jinja2 templates in
``templates/`` only lay the context out (Markdown and HTML share it; JSON is the context
itself). Everything is computed as of one date, from the figures the context computed once,
so the same portfolio gives the same bytes. Words are in the user's language (``i18n``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from stfolio import i18n
from stfolio.context import Context
from stfolio.figures.service import Service
from stfolio.figures.verdicts import finished, state_label
from stfolio.i18n import _, decimal, long_date, n_
from stfolio.kinds import KINDS
from stfolio.loader import Entry
from stfolio.model import Activity, Assessment, Course, Meeting, Placement, Record
from stfolio.reports.attention import attention
from stfolio.reports.goals import GoalFacts, compact_ids, goal_facts, state_class
from stfolio.reports.labels import kind_title, value
from stfolio.reports.model import (
    Count,
    Figure,
    GoalGroup,
    GoalRow,
    Header,
    Report,
    Row,
    Section,
    TimeSummary,
)
from stfolio.reports.norms import norm_rows
from stfolio.reports.pictures import grid, timeline
from stfolio.reports.rows import SUMMARY, by_date, in_year, record_row
from stfolio.reports.underlag import forms_and_blockers
from stfolio.rules import CheckResult
from stfolio.rules.policies import when


def _header(ctx: Context, title: str, subtitle: str) -> Header:
    profile = ctx.portfolio.profile
    assert profile is not None
    names = {spec.id: spec.name for spec in ctx.goals.specialties.values()}
    supervisor = profile.supervisor
    bt = ""
    if profile.bt:
        bt = (
            f"{profile.bt.start} – {profile.bt.end}"
            if profile.bt.end
            else _("from {date}").format(date=profile.bt.start)
        )
    who = ""
    if supervisor:
        who = f"{supervisor.name} ({supervisor.specialty})" if supervisor.specialty else supervisor.name
    return Header(
        title=title,
        subtitle=subtitle,
        trainee=profile.trainee.name,
        specialty=names.get(profile.specialty, profile.specialty),
        regulation=profile.regulation,
        clinic=profile.clinic or "",
        employer=profile.employer or "",
        supervisor=who,
        studierektor=profile.studierektor.name if profile.studierektor else "",
        st_start=profile.st_start.isoformat(),
        bt=bt,
        as_of=ctx.as_of.isoformat(),
        as_of_long=long_date(ctx.as_of),
        unverified_note=_(
            "The delmål requirements come from stfolio's goal catalogue, which is not yet verified against "
            "Socialstyrelsen's målbeskrivning. Check the requirements in the målbeskrivning."
        ),
        lang=i18n.current(),
    )


def _months(n: float) -> str:
    return _("{n} months").format(n=n)


def _time(ctx: Context, service: Service) -> TimeSummary:
    assert ctx.catalogue is not None
    rules = ctx.catalogue.meta.time_rules
    end = service.projected_completion(rules.minimum_months)
    figures = [
        Figure(
            _("ST time (full-time equivalent)"),
            decimal(service.served),
            _months(rules.minimum_months),
            service.served >= rules.minimum_months,
        )
    ]
    bt = ctx.bt
    if bt is not None:
        need = bt.rules
        figures += [
            Figure(_("BT in total"), decimal(bt.total), _months(need.minimum_months), bt.total >= need.minimum_months),
            Figure(_("BT acute care"), decimal(bt.akut), _months(need.akut_months), bt.akut >= need.akut_months),
            Figure(
                _("BT primary care"),
                decimal(bt.primarvard),
                _months(need.primarvard_months),
                bt.primarvard >= need.primarvard_months,
            ),
        ]
    percent = round(100 * min(1.0, service.served / rules.minimum_months))
    return TimeSummary(
        served=decimal(service.served),
        planned=decimal(service.planned) if service.planned >= 0.05 else "",
        minimum=str(rules.minimum_months),
        percent=percent,
        leave=decimal(service.leave) if service.leave >= 0.05 else "",
        projected=long_date(end) if end else "",
        figures=figures,
        bar_width=percent,
    )


def _summary(paths: list[str], entries: dict[str, Entry[Record]], instruments: Sequence[str] = ()) -> str:
    """Records named for people: placements, courses and activities by title, the rest counted."""
    named: dict[str, list[str]] = {}
    counted: dict[str, int] = {}
    for path in paths:
        entry = entries.get(path)
        if entry is None:
            continue
        record = entry.record
        if isinstance(record, Placement):
            named.setdefault(_("Placement"), []).append(record.title or record.unit)
        elif isinstance(record, Course):
            named.setdefault(_("Course"), []).append(record.title)
        elif isinstance(record, Activity):
            label = value(record.kind)
            named.setdefault(label[:1].upper() + label[1:], []).append(record.title)
        else:
            counted[entry.kind] = counted.get(entry.kind, 0) + 1
    parts = [f"{label}: {', '.join(titles)}" for label, titles in named.items()]
    if "assessments" in counted:
        n = counted["assessments"]
        text = n_("{n} assessment", "{n} assessments", n).format(n=n)
        if instruments:
            text += f" ({', '.join(value(i) for i in instruments)})"
        parts.append(text)
    if "meetings" in counted:
        n = counted["meetings"]
        parts.append(n_("{n} meeting", "{n} meetings", n).format(n=n))
    return "; ".join(parts)


class _Goals:
    """The delmål of a report, read once through ``goals``: facts, then rows and groups."""

    def __init__(self, ctx: Context) -> None:
        assert ctx.catalogue is not None
        self.ctx = ctx
        self.entries = {e.path: e for e in ctx.portfolio.entries}
        self.facts = [goal_facts(v, ctx.catalogue, self.entries, ctx.as_of) for v in ctx.verdicts]
        self.order = [f.id for f in self.facts]

    def row(self, facts: GoalFacts, this_year: int = 0) -> GoalRow:
        assessed = sorted(
            {
                e.record.instrument
                for e in self.ctx.portfolio.assessments
                if facts.id in e.record.delmal and finished(e, self.ctx.as_of)
            }
        )
        return GoalRow(
            id=facts.id,
            title=facts.title,
            group=facts.group,
            status=state_label(facts.state),
            status_class=state_class(facts.state),
            done=len(facts.done),
            planned=len(facts.planned),
            missing="; ".join(facts.remains),
            this_year=this_year,
            records=facts.done,
            planned_records=facts.planned,
            assessed_by=", ".join(value(a) for a in assessed),
            verified=facts.verified,
            done_summary=_summary(facts.done, self.entries, assessed),
            planned_summary=_summary(facts.planned, self.entries),
        )

    def groups(self, year_counts: dict[str, int] | None = None) -> list[GoalGroup]:
        assert self.ctx.catalogue is not None
        counts = year_counts or {}
        groups = []
        for group in self.ctx.catalogue.meta.groups:
            members = [f for f in self.facts if f.group == group.id]
            if not members:
                continue
            rows = [self.row(f, counts.get(f.id, 0)) for f in members]
            attested = [f.id for f in members if f.attested]
            groups.append(
                GoalGroup(
                    group.id,
                    group.title,
                    len(attested),
                    rows,
                    compact_ids(attested, [f.id for f in members]),
                    [r for r, f in zip(rows, members, strict=True) if not f.attested],
                )
            )
        return groups


# --- the three reports ---------------------------------------------------------------------


def _base(result: CheckResult, kind: str, title: str, subtitle: str, detail: str) -> tuple[dict[str, Any], _Goals]:
    ctx = result.context
    assert ctx is not None and ctx.catalogue is not None and ctx.service is not None
    goals = _Goals(ctx)
    fields: dict[str, Any] = {
        "kind": kind,
        "year": None,
        "header": _header(ctx, title, subtitle),
        "attention": None,
        "detail": detail,
        "time": _time(ctx, ctx.service),
        "sections": [],
        "goals": [],
        "norms": [],
        "plan": [],
        "plan_title": "",
        "timeline": timeline(ctx, ctx.service),
        "grid": grid(ctx.verdicts),
        "forms": [],
        "blocking": [],
        "revisions": [],
        "research": [],
        "ready": None,
    }
    return fields, goals


def _section(key: str, title: str, rows: list[Row], counts: list[Count] | None = None, status: bool = False) -> Section:
    """A table of records with only the columns something is in."""
    return Section(
        key,
        title,
        rows,
        counts or [],
        has_delmal=any(r.delmal for r in rows),
        has_intyg=any(r.intyg for r in rows),
        has_status=status,
    )


def annual_report(result: CheckResult, year: int, detail: str = SUMMARY) -> Report:
    """Årlig rapport: the year's records and the delmål they advanced, norms, progress, plan."""
    title = _("Årlig rapport {year}").format(year=year)
    subtitle = _("The ST-läkare's annual report, {first} – {last}").format(
        first=dt.date(year, 1, 1), last=dt.date(year, 12, 31)
    )
    fields, goals = _base(result, "annual", title, subtitle, detail)
    ctx = goals.ctx
    fields["year"] = year
    sections = []
    named: dict[str, int] = {}
    for kind in KINDS:
        if not kind.in_reports:
            continue
        entries = [
            e for e in by_date(ctx.portfolio.of_kind(kind.folder)) if in_year(e, year) and not e.record.is_planned()
        ]
        for entry in entries:
            for goal in entry.record.named_delmal():
                named[goal] = named.get(goal, 0) + 1
        rows = [record_row(e, ctx.as_of, detail, goals.order) for e in entries]
        sections.append(_section(kind.folder, kind_title(kind.folder), rows, _counts(entries)))
    fields["sections"] = sections
    fields["goals"] = goals.groups(named)
    fields["norms"] = norm_rows(ctx, year)
    upcoming = [
        e
        for kind in ("placements", "courses", "activities")
        for e in ctx.portfolio.of_kind(kind)
        if e.record.is_planned() and when(e).year <= year + 1 and e.record.last_day() > ctx.as_of
    ]
    fields["plan"] = [record_row(e, ctx.as_of, detail, goals.order) for e in by_date(upcoming)]
    fields["plan_title"] = _("Plan for {year}").format(year=year + 1)
    fields["attention"] = attention(result.findings, ctx, goals.facts, fields["norms"])
    return Report(**fields)


def _counts(entries: list[Entry[Record]]) -> list[Count]:
    """The year's assessments by instrument and meetings by kind; nothing for other kinds."""
    values: dict[str, int] = {}
    for entry in entries:
        record = entry.record
        word: str
        if isinstance(record, Assessment):
            word = value(record.instrument)
        elif isinstance(record, Meeting):
            word = record.kind
        else:
            continue
        values[word] = values.get(word, 0) + 1
    return [Count(label, n) for label, n in sorted(values.items(), key=lambda item: item[0].casefold())]


def iup_report(result: CheckResult, detail: str = SUMMARY) -> Report:
    """IUP: planned and done placements and courses goal by goal, assessment, research, revisions."""
    ctx = result.context
    assert ctx is not None
    title = _("Individuellt utbildningsprogram (IUP)")
    subtitle = _("Training plan as of {date}").format(date=long_date(ctx.as_of))
    fields, goals = _base(result, "iup", title, subtitle, detail)
    fields["goals"] = goals.groups()

    def rows(entries: list[Entry[Record]]) -> list[Row]:
        return [record_row(e, ctx.as_of, detail, goals.order) for e in by_date(entries)]

    fields["sections"] = [
        _section(
            "placements", _("Placements, done and planned"), rows(ctx.portfolio.of_kind("placements")), status=True
        ),
        _section("courses", _("Courses, done and planned"), rows(ctx.portfolio.of_kind("courses")), status=True),
    ]
    research = [e for e in ctx.portfolio.activities if e.record.kind in ("vetenskapligt arbete", "kvalitetsarbete")]
    fields["research"] = rows(list(research))
    revisions = [e for e in ctx.portfolio.meetings if e.record.kind == "IUP-revision"]
    fields["revisions"] = rows(list(revisions))
    fields["norms"] = norm_rows(ctx, None)
    fields["attention"] = attention(result.findings, ctx, goals.facts, fields["norms"])
    return Report(**fields)


def application_report(result: CheckResult, detail: str = SUMMARY) -> Report:
    """Underlag för ansökan: per intyg form the delmål, periods and descriptions; time; blockers."""
    ctx = result.context
    assert ctx is not None and ctx.portfolio.profile is not None
    from stfolio.rules.application import next_application

    if next_application(ctx) == "bt":
        title = _("Underlag for the application for intyg om godkänd BT")
    else:
        title = _("Underlag for the application for bevis om specialistkompetens")
    subtitle = _("Under {regulation}, as of {date}").format(
        regulation=ctx.portfolio.profile.regulation, date=long_date(ctx.as_of)
    )
    fields, goals = _base(result, "application", title, subtitle, detail)
    forms, blocking, ready = forms_and_blockers(ctx, goals.facts)
    fields["forms"] = forms
    fields["blocking"] = blocking
    fields["ready"] = ready
    fields["goals"] = goals.groups()
    fields["attention"] = attention(result.findings, ctx, goals.facts, [])
    return Report(**fields)
