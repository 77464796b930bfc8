"""`stfolio status`: the portfolio at a glance – time, delmål coverage per group, local norms."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stfolio.catalogue import Catalogue
from stfolio.cli.views.words import requirement_words
from stfolio.context import Context
from stfolio.figures.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED, Verdict, state_label
from stfolio.i18n import N_, _, decimal, long_date, n_, percent, shown
from stfolio.i18n import Text as I18nText
from stfolio.rules import CheckResult

SYMBOLS = {ATTESTED: ("✔", "green"), MET: ("●", "cyan"), IN_PROGRESS: ("◐", "yellow"), NOT_STARTED: ("○", "dim")}


def bar(value: float, total: float, width: int = 30) -> Text:
    share = max(0.0, min(1.0, value / total)) if total else 0.0
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def status_view(result: CheckResult) -> Group:
    ctx = result.context
    portfolio = result.portfolio
    assert ctx is not None and ctx.catalogue is not None and portfolio.profile is not None
    profile = portfolio.profile
    heading = _("{name} – {specialty}, {regulation} – as of {date}").format(
        name=profile.trainee.name, specialty=profile.specialty, regulation=profile.regulation, date=long_date(ctx.as_of)
    )
    parts: list[RenderableType] = [Text(heading, style="bold")]
    parts += _time_lines(ctx)
    verdicts = ctx.verdicts
    for group in ctx.catalogue.meta.groups:
        in_group = [v for v in verdicts if v.goal.group == group.id]
        if in_group:
            parts.append(goal_table(group.title, group.id, in_group, ctx.catalogue))
    legend = "  ".join(f"{symbol} {state_label(status)}" for status, (symbol, _style) in SYMBOLS.items())
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    count = n_(
        "{n} of {total} catalogue entry not verified", "{n} of {total} catalogue entries not verified", len(verdicts)
    ).format(n=unverified, total=len(verdicts))
    parts.append(Text(f"{legend}   · {count}", style="dim"))
    norms = [f for f in result.findings if f.code == "STF702"]
    if norms:
        parts.append(Text(_("Local norms not met"), style="bold"))
        parts.extend(Text(f"  • {shown(f.message)}") for f in norms)
    problems = [f for f in result.problems if f.code != "STF702"]
    if problems:
        others = n_("{n} other problem: run `stfolio check`", "{n} other problems: run `stfolio check`", len(problems))
        parts.append(Text(others.format(n=len(problems)), style="yellow"))
    return Group(*parts)


def _st_time(served: float, minimum: int, planned: float, end: str | None) -> str:
    """'13.6 of 66 months (21%), 16.2 planned; earliest completion 6 April 2031', in the user's words."""
    values = {"served": decimal(served), "minimum": minimum, "percent": percent(served / minimum if minimum else 0.0)}
    if planned and end:
        words = _("{served} of {minimum} months ({percent}), {planned} planned; earliest completion {end}")
    elif planned:
        words = _("{served} of {minimum} months ({percent}), {planned} planned")
    elif end:
        words = _("{served} of {minimum} months ({percent}); earliest completion {end}")
    else:
        words = _("{served} of {minimum} months ({percent})")
    return words.format(**values, planned=decimal(planned), end=end)


def _time_lines(ctx: Context) -> list[RenderableType]:
    """ST time and BT as bars with their figures."""
    assert ctx.catalogue is not None and ctx.service is not None
    rules = ctx.catalogue.meta.time_rules
    service = ctx.service
    end = service.projected_completion(rules.minimum_months)
    labels = [_("ST time"), "BT"]
    width = max(len(label) for label in labels) + 2
    lines: list[RenderableType] = [
        Text.assemble(
            labels[0].ljust(width),
            bar(service.served, rules.minimum_months),
            " " + _st_time(service.served, rules.minimum_months, service.planned, long_date(end) if end else None),
        )
    ]
    bt = ctx.bt
    if bt is not None:
        need = bt.rules
        figures = _(
            "{total} months ({minimum} needed): akut {akut} ({akut_minimum}), primärvård {primarvard} ({primarvard_minimum})"
        )
        lines.append(
            Text.assemble(
                labels[1].ljust(width),
                bar(bt.total, need.minimum_months),
                " "
                + figures.format(
                    total=decimal(bt.total),
                    minimum=need.minimum_months,
                    akut=decimal(bt.akut),
                    akut_minimum=need.akut_months,
                    primarvard=decimal(bt.primarvard),
                    primarvard_minimum=need.primarvard_months,
                ),
                (" – " + _("met"), "green") if bt.met else (" – " + _("not yet met"), "yellow"),
            )
        )
    return lines


def goal_table(title: str, group: str, verdicts: list[Verdict], catalogue: Catalogue) -> Table:
    attested = sum(1 for v in verdicts if v.status == ATTESTED)
    heading = _("{id} – {title}: {attested} of {total} attested").format(
        id=group, title=title, attested=attested, total=len(verdicts)
    )
    table = Table(title=heading, title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column(_("Delmål"), no_wrap=True)
    table.add_column(_("Title"), ratio=3)
    table.add_column(_("Done"), justify="right", no_wrap=True)
    table.add_column(_("Planned"), justify="right", no_wrap=True)
    table.add_column(_("Missing"), ratio=2)
    for verdict in verdicts:
        symbol, style = SYMBOLS[verdict.status]
        missing = "; ".join(w.short for w in requirement_words(verdict, catalogue) if not w.requirement.met)
        table.add_row(
            Text(symbol, style=style),
            verdict.goal.id,
            verdict.goal.title,
            str(len(verdict.done)),
            str(len(verdict.planned)),
            missing or "–",
        )
    return table


def goal_detail(verdict: Verdict, catalogue: Catalogue) -> str:
    """One delmål's verdict in full: its records and each requirement with the files behind it."""
    lines = [
        _("{id} – {title}: {state}").format(
            id=verdict.goal.id, title=verdict.goal.title, state=state_label(verdict.status)
        )
    ]
    if verdict.done:
        lines.append(_("Records: {paths}").format(paths=_paths(verdict.done)))
    else:
        lines.append(_("Records: none done yet"))
    if verdict.planned:
        lines.append(_("Planned: {paths}").format(paths=_paths(verdict.planned)))
    marks = {True: _("ok"), False: _("missing")}
    width = max(len(mark) for mark in marks.values()) + 1
    for worded in requirement_words(verdict, catalogue):
        requirement = worded.requirement
        files, planned = _paths(requirement.records), _paths(requirement.planned)
        if files and planned:
            words = _("{what}: {files} (planned: {planned})")
        elif files:
            words = "{what}: {files}"
        elif planned:
            words = _("{what} (planned: {planned})")
        else:
            words = "{what}"
        line = words.format(what=worded.what, files=files, planned=planned)
        lines.append(f"  {marks[requirement.met]:<{width}}{line}")
    lines.extend(_("Note: {note}").format(note=_note(note)) for note in verdict.notes)
    return "\n".join(lines) + "\n"


# The notes the verdicts write (stfolio.figures.verdicts), translated here while they are plain
# English strings there; a note that is a lazy message already speaks the user's language.
NOTES = (
    N_("catalogue entry not verified against Socialstyrelsen's målbeskrivning"),
    N_("the catalogue does not know whether a course is required; check the målbeskrivning"),
)


def _note(note: str | I18nText) -> str:
    return shown(note) if isinstance(note, I18nText) else _(note)


def _paths(paths: list[str]) -> str:
    """Record paths are file names: escaped and masked (cli.output.shown)."""
    from stfolio.cli.output import shown as masked

    return ", ".join(masked(path) for path in paths)
