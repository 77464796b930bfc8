"""Time rules: ST length, BT length and composition, BT advice, overlaps, dates that cannot be.

The figures come from the context (``stfolio.figures.service``, computed once per run); the
rules here only judge them and say so, each with its figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from stfolio.catalogue import BtRules
from stfolio.context import Context
from stfolio.figures.service import ONE_DAY, BtFigures, Service, add_months, counted_placements
from stfolio.figures.verdicts import ATTESTED
from stfolio.findings import Finding, Location, Severity, make
from stfolio.i18n import T, Text, Tn, iso, listing
from stfolio.vocabulary import REGULATION_2015


def unverified(verified: bool) -> Text | str:
    """The note after a figure whose rule no official source has confirmed (empty when one has)."""
    return "" if verified else T(" (rule not verified against an official source)")


def _part_verified(rules: BtRules, part: str) -> bool:
    """Whether one figure of the BT rules is verified (a catalogue may flag each one)."""
    parts = rules.verified_parts
    return bool(getattr(parts, part)) if parts is not None else rules.verified


def bt_end(ctx: Context) -> dt.date | None:
    """The day BT ended, once it has: its recorded end before the as-of date, or its approval."""
    profile = ctx.portfolio.profile
    if profile is None or profile.bt is None:
        return None
    if profile.bt.end is not None and profile.bt.end < ctx.as_of:
        return profile.bt.end
    if profile.bt.approved is not None:
        return profile.bt.end or profile.bt.approved
    return None


def check_time(ctx: Context) -> list[Finding]:
    """ST length, BT length and composition, BT advice, overlaps: each with its figures."""
    profile = ctx.portfolio.profile
    service = ctx.service
    if profile is None or ctx.catalogue is None or service is None:
        return []
    rules = ctx.catalogue.meta.time_rules
    findings = _overlap_findings(service)
    findings += _placement_findings(ctx)
    findings += _planned_in_the_past(ctx)
    findings += _done_in_the_future(ctx)
    findings += _profile_dates(ctx)
    where = ctx.profile_location("st_start")
    end = service.projected_completion(rules.minimum_months)
    findings.append(
        make(
            "STF601",
            where,
            T(
                "ST time: {served} of {minimum} months full-time equivalent served by {date}"
                "{planned}{leave}{completion}{unverified}",
                served=float(service.served),
                minimum=rules.minimum_months,
                date=ctx.as_of,
                planned=T(", {months} more planned", months=float(service.planned)) if service.planned else "",
                leave=T(", {months} months of leave deducted", months=float(service.leave)) if service.leave else "",
                completion=T("; earliest completion {date} (full time after the plan)", date=end) if end else "",
                unverified=unverified(rules.verified),
            ),
        )
    )
    if ctx.bt is not None:
        findings += _bt_findings(ctx, service, ctx.bt)
    return findings


def _overlap_findings(service: Service) -> list[Finding]:
    findings = []
    for overlap in service.overlaps:
        first = overlap.entries[0]
        period = iso(overlap.day) + (f"–{iso(overlap.last_day)}" if overlap.last_day != overlap.day else "")
        findings.append(
            make(
                "STF603",
                first.location("start"),
                T(
                    "placements add up to {percent} % on {period}: {records}",
                    percent=round(overlap.level * 100),
                    period=period,
                    records=listing([e.path for e in overlap.entries]),
                ),
                T("sysselsättningsgrad can total at most 100 %; correct the dates or the extent"),
            )
        )
    return findings


def _placement_findings(ctx: Context) -> list[Finding]:
    profile = ctx.portfolio.profile
    assert profile is not None
    findings = []
    for entry in counted_placements(ctx.portfolio):
        record = entry.record
        if record.start < profile.st_start:
            findings.append(
                make(
                    "STF607",
                    entry.location("start"),
                    T(
                        "placement starts {start}, before ST start {st_start}; time before ST start is not counted",
                        start=record.start,
                        st_start=profile.st_start,
                    ),
                    T(
                        "credit for earlier service (tillgodoräknande) is decided by Socialstyrelsen; "
                        "check st_start in stfolio.yaml"
                    ),
                )
            )
        if record.bt is not None and profile.regulation == REGULATION_2015:
            findings.append(
                make(
                    "STF608",
                    entry.location("bt", key=True),
                    T("a BT placement in a portfolio under SOSFS 2015:8, which has no BT"),
                    T("remove the bt: line; or, if your ST follows HSLF-FS 2021:8, change regulation in stfolio.yaml"),
                )
            )
    return findings


def _planned_in_the_past(ctx: Context) -> list[Finding]:
    findings = []
    for entry in ctx.portfolio.entries:
        if not entry.record.is_planned():
            continue
        last = entry.record.last_day()
        if last < ctx.as_of:
            findings.append(
                make(
                    "STF609",
                    entry.location("status") if "status" in entry.source.data else entry.location(),
                    T("planned, but its last day {date} has passed", date=last),
                    T("if it happened, set status: done (add its intyg); if not, move it to new dates or delete it"),
                )
            )
    return findings


def _done_in_the_future(ctx: Context) -> list[Finding]:
    """A record marked done that has not begun by the as-of date, and intyg dated after it."""
    findings = []
    for entry in ctx.portfolio.entries:
        record = entry.record
        if not record.is_planned() and record.first_day() > ctx.as_of:
            findings.append(
                make(
                    "STF614",
                    entry.location("status") if "status" in entry.source.data else entry.location(),
                    T("marked done, but it begins {date}, after {as_of}", date=record.first_day(), as_of=ctx.as_of),
                    T("set status: planned until it has happened, or correct the date"),
                )
            )
        for index, intyg in enumerate(record.intyg_list()):
            if intyg.date > ctx.as_of:
                findings.append(
                    make(
                        "STF615",
                        entry.location("intyg", index, "date"),
                        T("intyg dated {date}, after {as_of}", date=intyg.date, as_of=ctx.as_of),
                        T("an intyg is signed before it is recorded; correct the date"),
                    )
                )
    return findings


def _profile_dates(ctx: Context) -> list[Finding]:
    """Dates in the profile that contradict each other."""
    profile = ctx.portfolio.profile
    assert profile is not None
    findings = []
    if profile.bt is not None and profile.bt.start < profile.st_start:
        findings.append(
            make(
                "STF610",
                ctx.profile_location("bt", "start"),
                T(
                    "BT starts {start}, before ST start {st_start}; ST opens with BT, "
                    "so BT days before st_start are not counted",
                    start=profile.bt.start,
                    st_start=profile.st_start,
                ),
                T("set st_start to the first day of BT"),
            )
        )
    legitimation = profile.legitimation.date if profile.legitimation else None
    if legitimation is not None and legitimation > profile.st_start:
        findings.append(
            make(
                "STF610",
                ctx.profile_location("legitimation", "date"),
                T(
                    "legitimation {date} is after ST start {st_start}; ST is done as a legitimerad läkare",
                    date=legitimation,
                    st_start=profile.st_start,
                ),
                T("check both dates in stfolio.yaml"),
            )
        )
    return findings


def bt_location(ctx: Context) -> Location:
    profile = ctx.portfolio.profile
    return ctx.profile_location("bt") if profile and profile.bt else ctx.profile_location("st_start")


def _bt_findings(ctx: Context, service: Service, bt: BtFigures) -> list[Finding]:
    profile = ctx.portfolio.profile
    assert profile is not None
    rules = bt.rules
    bt_start = profile.bt.start if profile.bt else profile.st_start
    location = bt_location(ctx)
    split_verified = _part_verified(rules, "akut_months") and _part_verified(rules, "primarvard_months")
    minimum_met = bt.total >= rules.minimum_months
    split_met = bt.akut >= rules.akut_months and bt.primarvard >= rules.primarvard_months
    findings = [
        make(
            "STF602",
            location,
            T(
                "BT: {total} months served (akut {akut}, primärvård {primarvard}{other}); "
                "at least {minimum} are needed{minimum_unverified}: {minimum_state}; "
                "{akut_minimum} akut and {primarvard_minimum} primärvård{split_unverified}: {split_state}",
                total=float(bt.total),
                akut=float(bt.akut),
                primarvard=float(bt.primarvard),
                other=T(", other {months}", months=float(bt.other)) if bt.other > 0.05 else "",
                minimum=rules.minimum_months,
                minimum_unverified=unverified(_part_verified(rules, "minimum_months")),
                minimum_state=_met(minimum_met),
                akut_minimum=rules.akut_months,
                primarvard_minimum=rules.primarvard_months,
                split_unverified=unverified(split_verified),
                split_state=_met(split_met),
            ),
        )
    ]
    findings += _bt_ended(ctx, bt, split_verified)
    finish = rules.finish_within_months
    if finish:
        deadline = add_months(bt_start, finish) - ONE_DAY
        finished = profile.bt.end if profile.bt and profile.bt.end else (service.bt_last_day if bt.met else None)
        late = (finished is not None and finished > deadline) or (finished is None and ctx.as_of > deadline)
        if late:
            findings.append(
                make(
                    "STF604",
                    location,
                    T(
                        "BT is not finished within {months} months of its start {start} (by {deadline}), "
                        "as Socialstyrelsen advises{unverified}",
                        months=finish,
                        start=bt_start,
                        deadline=deadline,
                        unverified=unverified(_part_verified(rules, "finish_within_months")),
                    ),
                    T("plan the remaining BT placements first; talk to your BT studierektor"),
                )
            )
    if rules.max_workplaces and len(service.bt_units) > rules.max_workplaces:
        findings.append(
            make(
                "STF605",
                location,
                T(
                    "BT has {count} workplaces; Socialstyrelsen advises at most {most}{unverified}",
                    count=len(service.bt_units),
                    most=rules.max_workplaces,
                    unverified=unverified(_part_verified(rules, "max_workplaces")),
                ),
                T("fewer, longer placements are preferred"),
            )
        )
    return findings


def _bt_ended(ctx: Context, bt: BtFigures, split_verified: bool) -> list[Finding]:
    """Once BT has ended, time that is short can no longer be made up: judged, not 'not yet met'."""
    end = bt_end(ctx)
    if end is None:
        return []
    rules = bt.rules
    location = bt_location(ctx)
    findings = []
    if bt.total < rules.minimum_months:
        verified = _part_verified(rules, "minimum_months")
        findings.append(
            _certain(
                make(
                    "STF611",
                    location,
                    T(
                        "BT ended {date} with {total} months served; at least {minimum} are needed{unverified}",
                        date=end,
                        total=float(bt.total),
                        minimum=rules.minimum_months,
                        unverified=unverified(verified),
                    ),
                    T(
                        "BT must be at least six months: add the missing BT placement, or correct bt.end in stfolio.yaml"
                    ),
                ),
                verified,
            )
        )
    short: list[str | Text] = []
    if bt.akut < rules.akut_months:
        short.append(T("akut {months} of {minimum}", months=float(bt.akut), minimum=rules.akut_months))
    if bt.primarvard < rules.primarvard_months:
        short.append(
            T("primärvård {months} of {minimum}", months=float(bt.primarvard), minimum=rules.primarvard_months)
        )
    if short:
        findings.append(
            _certain(
                make(
                    "STF612",
                    location,
                    T(
                        "BT ended {date} without the akut and primärvård parts: {short}{unverified}",
                        date=end,
                        short=listing(short),
                        unverified=unverified(split_verified),
                    ),
                    T("check the requirement in Socialstyrelsen's målbeskrivning for BT with your BT studierektor"),
                ),
                split_verified,
            )
        )
    open_goals = [v for v in ctx.verdicts if v.goal.group == "BT" and v.status != ATTESTED]
    if open_goals:
        goals_verified = all(v.goal.verified for v in open_goals)
        findings.append(
            make(
                "STF613",
                location,
                Tn(
                    "BT ended {date}, and {count} BT-delmål is not attested: {goals}{unverified}",
                    "BT ended {date}, and {count} BT-delmål are not attested: {goals}{unverified}",
                    len(open_goals),
                    date=end,
                    count=len(open_goals),
                    goals=listing([v.goal.id for v in open_goals]),
                    unverified=""
                    if goals_verified
                    else T(" (rests on catalogue entries not verified against the målbeskrivning)"),
                ),
                T(
                    "ask the handledare for the intyg om delmål i BT (bilaga 2); "
                    "`stfolio status --goal BT1` shows what is missing"
                ),
            )
        )
    return findings


def _met(met: bool) -> Text:
    return T("met") if met else T("not yet met")


def _certain(finding: Finding, verified: bool) -> Finding:
    """An error only when the rule is verified; otherwise a warning that says it is unverified."""
    return finding if verified else replace(finding, severity=Severity.WARNING)
