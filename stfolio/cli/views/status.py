"""`stfolio status`: the portfolio at a glance – time, delmål coverage per group, local norms."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stfolio.context import Context
from stfolio.figures.verdicts import ATTESTED, IN_PROGRESS, MET, NOT_STARTED, Verdict, state_label
from stfolio.rules import CheckResult
from stfolio.text import months

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
    parts: list[RenderableType] = [
        Text(f"{profile.trainee.name} – {profile.specialty}, {profile.regulation} – as of {ctx.as_of}", style="bold")
    ]
    parts += _time_lines(ctx)
    verdicts = ctx.verdicts
    for group in ctx.catalogue.meta.groups:
        in_group = [v for v in verdicts if v.goal.group == group.id]
        if in_group:
            parts.append(goal_table(group.title, group.id, in_group))
    legend = "  ".join(f"{symbol} {state_label(status)}" for status, (symbol, _style) in SYMBOLS.items())
    unverified = sum(1 for v in verdicts if not v.goal.verified)
    parts.append(Text(legend + f"   · {unverified} of {len(verdicts)} catalogue entries not verified", style="dim"))
    norms = [f for f in result.findings if f.code == "STF702"]
    if norms:
        parts.append(Text("Local norms not met", style="bold"))
        parts.extend(Text(f"  • {f.message}") for f in norms)
    problems = [f for f in result.problems if f.code != "STF702"]
    if problems:
        parts.append(Text(f"{len(problems)} other problems: run `stfolio check`", style="yellow"))
    return Group(*parts)


def _time_lines(ctx: Context) -> list[RenderableType]:
    """ST time and BT as bars with their figures."""
    assert ctx.catalogue is not None and ctx.service is not None
    rules = ctx.catalogue.meta.time_rules
    service = ctx.service
    end = service.projected_completion(rules.minimum_months)
    lines: list[RenderableType] = [
        Text.assemble(
            "ST time  ",
            bar(service.served, rules.minimum_months),
            f" {months(service.served)} of {rules.minimum_months} months ({service.served / rules.minimum_months:.0%})",
            f", {months(service.planned)} planned" if service.planned else "",
            f"; earliest completion {end}" if end else "",
        )
    ]
    bt = ctx.bt
    if bt is not None:
        need = bt.rules
        lines.append(
            Text.assemble(
                "BT       ",
                bar(bt.total, need.minimum_months),
                f" {months(bt.total)} months ({need.minimum_months} needed): akut {months(bt.akut)} "
                f"({need.akut_months}), primärvård {months(bt.primarvard)} ({need.primarvard_months})",
                (" – met", "green") if bt.met else (" – not yet met", "yellow"),
            )
        )
    return lines


def goal_table(title: str, group: str, verdicts: list[Verdict]) -> Table:
    attested = sum(1 for v in verdicts if v.status == ATTESTED)
    table = Table(title=f"{group} – {title}: {attested} of {len(verdicts)} attested", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("Delmål", no_wrap=True)
    table.add_column("Title", ratio=3)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Planned", justify="right", no_wrap=True)
    table.add_column("Missing", ratio=2)
    for verdict in verdicts:
        symbol, style = SYMBOLS[verdict.status]
        missing = "; ".join(r.short for r in verdict.missing)
        table.add_row(
            Text(symbol, style=style),
            verdict.goal.id,
            verdict.goal.title,
            str(len(verdict.done)),
            str(len(verdict.planned)),
            missing or "–",
        )
    return table


def goal_detail(verdict: Verdict) -> str:
    """One delmål's verdict in full: its records and each requirement with the files behind it."""
    lines = [f"{verdict.goal.id} – {verdict.goal.title}: {state_label(verdict.status)}"]
    lines.append("Records: " + (_paths(verdict.done) or "none done yet"))
    if verdict.planned:
        lines.append("Planned: " + _paths(verdict.planned))
    for requirement in verdict.requirements:
        mark = "ok" if requirement.met else "missing"
        files = _paths(requirement.records)
        planned = f" (planned: {_paths(requirement.planned)})" if requirement.planned else ""
        lines.append(f"  {mark:<8}{requirement.what}" + (f": {files}" if files else "") + planned)
    lines.extend(f"Note: {note}" for note in verdict.notes)
    return "\n".join(lines) + "\n"


def _paths(paths: list[str]) -> str:
    """Record paths are file names: escaped and masked (cli.output.shown)."""
    from stfolio.cli.output import shown

    return ", ".join(shown(path) for path in paths)
