"""The application underlag's content: per intyg form what the portfolio has, and what still blocks.

Reads the readiness that ``check --application`` computes (``rules.application``) and words it
for people; the forms, their items and the blockers are not judged again here.
"""

from __future__ import annotations

from stfolio.context import Context
from stfolio.figures.verdicts import state_label
from stfolio.i18n import _, decimal
from stfolio.reports.goals import GoalFacts
from stfolio.reports.labels import form_state, roles
from stfolio.reports.model import Blocker, FormBlock, FormRow
from stfolio.rules.application import FormItem, FormStatus, readiness


def _purpose(form: FormStatus, ctx: Context) -> str:
    assert ctx.catalogue is not None
    covers = form.form.covers
    labels = ctx.catalogue.meta.activity_kinds
    if form.application_form:
        return _("The application itself, signed by you; its list of bilagor names the forms below.")
    if covers == "BT":
        return _("One intyg per placement or course, with the BT-delmål it covers.")
    if covers == "fullgjord-bastjanstgoring":
        return _("Every BT placement with period, sysselsättningsgrad, months and its akut or primärvård part.")
    if covers == "baskompetens":
        return _("Issued when every BT-delmål is met, by the huvudhandledare and an extern bedömare.")
    if covers in ("tredjeland", "tredjeland-specialistkompetens"):
        return _("For a specialist from a third country: how each delmål was met.")
    if covers == "fullgjord-tjanstgoring":
        minimum = ctx.catalogue.meta.time_rules.minimum_months
        return _(
            "Every placement with period, sysselsättningsgrad and months; at least {minimum} months full time."
        ).format(minimum=minimum)
    if covers == "specialistkompetens":
        return _("Issued when every delmål is met, with the huvudhandledare's details.")
    if covers in ctx.catalogue.goals:
        return _("The activities behind {goal} and how the competence was checked.").format(goal=covers)
    return _("One intyg per {activity}, with the delmål it covers.").format(activity=labels.get(covers, covers).lower())


def _form_row(item: FormItem, ctx: Context) -> FormRow:
    profile = ctx.portfolio.profile
    assert profile is not None
    if item.months is not None:
        text = _("{months} months").format(months=decimal(item.months))
    elif item.source == "stfolio.yaml":
        supervisor = profile.supervisor
        title = _("Huvudhandledare")
        if supervisor is None:
            return FormRow(item.source, title, "", _("no huvudhandledare in stfolio.yaml"), False)
        trained = {True: _("yes"), False: _("no"), None: _("not recorded")}[supervisor.handledarutbildning]
        text = _("{name} ({specialty}; handledarutbildning: {trained})").format(
            name=supervisor.name, specialty=supervisor.specialty or _("specialty not recorded"), trained=trained
        )
        return FormRow(item.source, title, "", text, item.ok)
    elif item.source == "delmål":
        text = item.intyg.replace(" of ", " " + _("of") + " ")
        return FormRow("", _("Every delmål attested"), "", text, item.ok)
    elif item.signer:
        text = _("intyg: {signer}").format(signer=item.signer)
    else:
        text = _("intyg missing")
    description = item.description
    if item.source == "total":
        description = _("Total full-time equivalent months after leave")
    return FormRow(item.source, description, ", ".join(item.delmal), text, item.ok)


def forms_and_blockers(ctx: Context, facts: list[GoalFacts]) -> tuple[list[FormBlock], list[Blocker], bool]:
    ready = readiness(ctx)
    blocks = [
        FormBlock(
            form.form.id,
            form.form.title,
            roles(form.form.issued_by, joint=form.form.joint),
            _purpose(form, ctx),
            form_state(form.state),
            form.form.verified,
            [_form_row(item, ctx) for item in form.items],
        )
        for form in ready.forms
    ]
    assert ctx.catalogue is not None
    minimum = ctx.catalogue.meta.time_rules.minimum_months
    blockers = []
    if ready.application == "st" and ready.service.served < minimum:
        blockers.append(
            Blocker(
                _("ST time"),
                _("{served} of {minimum} months").format(served=decimal(ready.service.served), minimum=minimum),
                _("{months} months to go").format(months=decimal(minimum - ready.service.served)),
            )
        )
    if any(f.code in ("STF802", "STF806") for f in ready.findings) and ctx.bt is not None:
        blockers.append(
            Blocker(
                "BT",
                _("{months} months").format(months=decimal(ctx.bt.total)),
                _("length or composition not met"),
            )
        )
    covered = {v.goal.id for v in ready.verdicts}  # BT-delmål for BT, the others for ST
    for goal in facts:
        if goal.id in covered and not goal.attested:
            blockers.append(Blocker(f"{goal.id} {goal.title}", state_label(goal.state), "; ".join(goal.remains)))
    return blocks, blockers, ready.ready
