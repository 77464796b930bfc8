"""The cohort in every format: the terminal table, JSON, CSV, the workbook, the HTML page.

All formats show the same rows in the same order, the words in the user's language (JSON
keys, flag codes and dates never change with it). Nothing here computes a figure: the rows
and the compilation hold them; this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from stfolio.cohort.flags import flag_label, flag_text
from stfolio.cohort.model import BROKEN, IDENTIFIER, TraineeRow
from stfolio.cohort.run import Cohort
from stfolio.cohort.yearly import ALL, CLINIC, EMPLOYER, FIGURES, Compilation, Group, value
from stfolio.i18n import N_, _, decimal, n_
from stfolio.reports.sheets import DATE, INTEGER, NUMBER, Book, Column, Sheet, Value, to_csv, to_xlsx
from stfolio.text import escape_untrusted

FORMAT = "stfolio-cohort/1"
FORMATS = ("human", "json", "csv", "xlsx", "html")
BINARY = ("xlsx",)
SHEETS = ("trainees", "flags", "year", "groups")

FIGURE_WORDS = {
    "served_months": N_("Months served"),
    "handledarsamtal": N_("Handledarsamtal"),
    "assessments": N_("Assessments"),
    "iup_revisions": N_("IUP revisions"),
    "courses": N_("Courses"),
    "placements": N_("Placements"),
    "norms_met": N_("Norms met"),
    "norms_not_met": N_("Norms not met"),
}
BT_WORDS = {"approved": N_("approved"), "done": N_("finished"), "in-progress": N_("in progress")}


def figure_word(key: str) -> str:
    return _(FIGURE_WORDS[key])


def number(value: float | None) -> str:
    """13.85 as '13,9' (one decimal, the user's decimal sign), 66 as '66', None as '–'."""
    if value is None:
        return "–"
    return str(int(value)) if value == int(value) else decimal(value)


def regulation_short(row: TraineeRow) -> str:
    return row.regulation.split(" ")[-1] if row.regulation else ""


def bt_text(row: TraineeRow) -> str:
    """'in progress 4,0 of 6', 'done', 'approved 2026-09-30', or '' without BT (SOSFS 2015:8)."""
    if not row.bt_state:
        return ""
    words = _(BT_WORDS[row.bt_state])
    if row.bt_state == "in-progress":
        return _("{state} {served} of {needed}").format(
            state=words, served=number(row.bt_served), needed=number(row.bt_needed)
        )
    return words


def delmal_text(row: TraineeRow) -> str:
    """attested / in progress (requirements met, not attested, included) / not started."""
    return f"{row.delmal_attested}/{row.delmal_met + row.delmal_in_progress}/{row.delmal_not_started}"


def who(row: TraineeRow) -> str:
    """The trainee's name, or for a portfolio without one its folder's name."""
    return row.name or escape_untrusted(Path(row.path).name or row.path)


def flag_words(row: TraineeRow) -> str:
    return ", ".join(flag_label(f.code) for f in row.flags)


def summary_line(cohort: Cohort) -> str:
    rows = cohort.rows
    flagged = sum(1 for r in rows if r.flags)
    unreadable = sum(1 for r in rows if not r.readable)
    line = _("{n} portfolios as of {date}: {flagged} with risk flags, {broken} not readable").format(
        n=len(rows), date=cohort.as_of.isoformat(), flagged=flagged, broken=unreadable
    )
    return line


# --- JSON ------------------------------------------------------------------------------------


def row_dict(row: TraineeRow) -> dict[str, Any]:
    """One row as documented in docs/cohort.md."""
    flags = [{"code": f.code, "weight": f.weight, "text": flag_text(f), "values": dict(f.values)} for f in row.flags]
    base: dict[str, Any] = {"path": row.path, "state": row.state, "name": row.name or None}
    if row.state == BROKEN:
        return base | {"problem": row.problem, "risk": row.risk, "flags": flags}
    if row.state == IDENTIFIER:
        return base | {"identifiers": row.identifiers, "risk": row.risk, "flags": flags}
    data = base | {
        "specialty": row.specialty,
        "regulation": row.regulation,
        "clinic": row.clinic or None,
        "clinic_from_placement": row.clinic_from_placement,
        "employer": row.employer or None,
        "huvudhandledare": row.supervisor or None,
        "st_start": row.st_start,
        "time": {
            "served_months": row.served,
            "planned_months": row.planned,
            "leave_months": row.leave,
            "needed_months": row.needed,
            "expected_months": row.expected,
            "planned_completion": row.planned_completion,
            "earliest_completion": row.earliest_completion,
            "months_late": row.months_late,
        },
        "bt": None
        if not row.bt_state
        else {
            "state": row.bt_state,
            "start": row.bt_start,
            "served_months": row.bt_served,
            "needed_months": row.bt_needed,
            "months_since_start": row.bt_months,
        },
        "delmal": {
            "attested": row.delmal_attested,
            "met_not_attested": row.delmal_met,
            "in_progress": row.delmal_in_progress,
            "not_started": row.delmal_not_started,
            "total": row.delmal_total,
        },
        "norms_not_met": [{"pack": n.pack, "norm": n.norm, "title": n.title} for n in row.norms_behind],
        "last_handledarsamtal": {"date": row.last_handledarsamtal, "days_since": row.days_since_handledarsamtal},
        "last_iup_revision": {"date": row.last_iup, "days_since": row.days_since_iup},
        "intyg_missing": dict(row.intyg_missing),
        "errors": row.errors,
        "warnings": row.warnings,
        "risk": row.risk,
        "flags": flags,
    }
    if row.year is not None:
        data["year"] = {key: getattr(row.year, key) for key in FIGURES}
    return data


def group_dict(group: Group) -> dict[str, Any]:
    return {
        "level": group.level,
        "employer": group.employer or None,
        "clinic": group.clinic or None,
        "trainees": group.trainees,
        "figures": {key: {"total": f.total, "median": f.median} for key, f in group.figures},
    }


def to_json(cohort: Cohort) -> str:
    rows = cohort.rows
    payload: dict[str, Any] = {
        "format": FORMAT,
        "as_of": cohort.as_of.isoformat(),
        "config": cohort.config.model_dump(),
        "config_file": cohort.config_path,
        "counts": {
            "portfolios": len(rows),
            "flagged": sum(1 for r in rows if r.flags),
            "broken": sum(1 for r in rows if r.state == BROKEN),
            "identifier": sum(1 for r in rows if r.state == IDENTIFIER),
        },
        "trainees": [row_dict(r) for r in rows],
    }
    if cohort.compilation is not None:
        c = cohort.compilation
        payload["compilation"] = {
            "year": c.year,
            "left_out": c.left_out,
            "not_in_st": c.not_in_st,
            "groups": [group_dict(g) for g in c.groups],
        }
    return json.dumps(_escaped(payload), ensure_ascii=False, indent=2) + "\n"


def _escaped(value: object) -> object:
    if isinstance(value, str):
        return escape_untrusted(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    return value


# --- the terminal ----------------------------------------------------------------------------


def to_terminal(cohort: Cohort, width: int, colour: bool = False) -> str:
    """The overview as rich tables, ``width`` characters wide."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system="standard" if colour else None, highlight=False, emoji=False
    )
    console.print(Text(_("Cohort overview") + " – " + summary_line(cohort), style="bold"))
    table = Table(show_lines=True, expand=False, pad_edge=False)
    for header, justify, wrap, least in (
        (_("ST-läkare"), "left", True, 16),
        (_("Clinic"), "left", True, 14),
        (_("ST start"), "left", False, 10),
        (_("Months"), "right", False, 9),
        (_("Completion"), "left", False, 10),
        ("BT", "left", False, 7),
        (_("Delmål"), "right", False, 8),
        (_("Last"), "left", False, 22),
        (_("E/W"), "right", False, 5),
        (_("Risk"), "left", True, 16),
    ):
        table.add_column(header, justify=justify, no_wrap=not wrap, min_width=least)  # type: ignore[arg-type]
    for row in cohort.rows:
        risk = Text(flag_words(row), style="bold red" if row.risk >= 3 else "yellow")
        if not row.readable:
            table.add_row(Text(who(row), style="bold"), *(["–"] * 8), risk)
            continue
        person = Text(row.name, style="bold")
        person.append(f"\n{row.specialty} · {regulation_short(row)}")
        if row.supervisor:
            person.append("\n" + _("hh {name}").format(name=row.supervisor), style="dim")
        clinic = (row.clinic or "–") + (" *" if row.clinic_from_placement else "")
        if row.employer:
            clinic += "\n" + row.employer
        months = f"{number(row.served)}/{number(row.needed)}\n" + _("plan {expected}").format(
            expected=number(row.expected)
        )
        completion = row.earliest_completion or "–"
        if row.months_late:
            completion += "\n" + _("+{months} mo").format(months=number(row.months_late))
        bt = "–"
        if row.bt_state:
            bt = _(BT_WORDS[row.bt_state])
            if row.bt_state == "in-progress":
                bt += f"\n{number(row.bt_served)}/{number(row.bt_needed)}"
        last = _("HS {when}").format(when=_since(row.last_handledarsamtal, row.days_since_handledarsamtal))
        last += "\n" + _("IUP {when}").format(when=_since(row.last_iup, row.days_since_iup))
        table.add_row(
            person,
            clinic,
            row.st_start or "–",
            months,
            completion,
            bt,
            delmal_text(row),
            last,
            f"{row.errors}/{row.warnings}",
            risk,
        )
    console.print(table)
    console.print(
        Text(
            _(
                "Months: full-time months served of those needed, and what full time since ST start would give. "
                "Completion: the earliest, and how far after the planned one. Delmål: attested/in progress/not "
                "started. Last: handledarsamtal (HS) and IUP revision, days ago. E/W: errors/warnings of "
                "`stfolio check`. * clinic from the current placement."
            ),
            style="dim",
        )
    )
    reasons = [row for row in cohort.rows if row.flags]
    if reasons:
        console.print(Text("\n" + _("Risk flags"), style="bold"))
        for row in reasons:
            console.print(Text(who(row), style="bold"))
            for flag in row.flags:
                console.print(Text("  • " + flag_text(flag)))
    if cohort.compilation is not None:
        _print_year(console, cohort)
    return buffer.getvalue()


def _since(day: str | None, days: int | None) -> str:
    if day is None:
        return _("none")
    return _("{date} ({days} d)").format(date=day, days=days)


def group_name(group: Group) -> str:
    if group.level == ALL:
        return _("All trainees")
    if group.level == EMPLOYER:
        return _("{employer}, in all").format(employer=group.employer or _("(no employer)"))
    return group.clinic or _("(no clinic)")


def _print_year(console: Any, cohort: Cohort) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    compilation = cohort.compilation
    assert compilation is not None
    console.print(Text("\n" + _("Compilation of {year}").format(year=compilation.year), style="bold"))
    per = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=_("Per trainee"), title_justify="left")
    per.add_column(_("ST-läkare"))
    per.add_column(_("Clinic"))
    for key in FIGURES:
        per.add_column(_stacked(figure_word(key)), justify="right")
    for row in cohort.rows:
        if row.readable and row.year is not None:
            per.add_row(row.name, row.clinic or "–", *(number(value(row.year, key)) for key in FIGURES))
    console.print(per)
    groups = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, title=_("Per clinic and employer: total (median)"), title_justify="left"
    )
    groups.add_column(_("Clinic or employer"))
    groups.add_column(_("Trainees"), justify="right")
    for key in FIGURES:
        groups.add_column(_stacked(figure_word(key)), justify="right")
    for group in compilation.groups:
        style = "" if group.level == CLINIC else "bold"
        cells = [f"{number(f.total)} ({number(f.median)})" for _key, f in group.figures]
        groups.add_row(
            Text(("  " if group.level == CLINIC else "") + group_name(group), style=style),
            str(group.trainees),
            *cells,
            style=style,
        )
    console.print(groups)
    console.print(Text(_left_out(compilation), style="dim"))


def _stacked(header: str) -> str:
    """A header one word a line: the column is as wide as its longest word, and no header is cut."""
    return "\n".join(header.split())


def _left_out(compilation: Compilation) -> str:
    left = n_(
        "Left out: {n} portfolio that cannot be read or holds a personnummer",
        "Left out: {n} portfolios that cannot be read or hold a personnummer",
        compilation.left_out,
    ).format(n=compilation.left_out)
    later = n_("{n} whose ST began after {year}", "{n} whose ST began after {year}", compilation.not_in_st).format(
        n=compilation.not_in_st, year=compilation.year
    )
    return f"{left}; {later}."


# --- spreadsheets ----------------------------------------------------------------------------


def _date(text: str | None) -> Value:
    return dt.date.fromisoformat(text) if text else None


def workbook(cohort: Cohort) -> Book:
    """The overview as a workbook: trainees, the flags one per line, and with --year the compilation."""
    trainees = Sheet(
        "trainees",
        _("Overview"),
        [
            Column(_("ST-läkare")),
            Column(_("Specialty")),
            Column(_("Regulation")),
            Column(_("Clinic")),
            Column(_("Employer")),
            Column(_("Huvudhandledare")),
            Column(_("ST start"), DATE),
            Column(_("Months served"), NUMBER),
            Column(_("Months needed"), NUMBER),
            Column(_("Planned completion"), DATE),
            Column(_("Earliest completion"), DATE),
            Column(_("Months late"), NUMBER),
            Column("BT"),
            Column(_("Delmål attested"), INTEGER),
            Column(_("Delmål done, not attested"), INTEGER),
            Column(_("Delmål in progress"), INTEGER),
            Column(_("Delmål not started"), INTEGER),
            Column(_("Norms not met")),
            Column(_("Last handledarsamtal"), DATE),
            Column(_("Days since handledarsamtal"), INTEGER),
            Column(_("Last IUP revision"), DATE),
            Column(_("Days since IUP revision"), INTEGER),
            Column(_("Errors"), INTEGER),
            Column(_("Warnings"), INTEGER),
            Column(_("Risk"), INTEGER),
            Column(_("Risk flags")),
            Column(_("Folder")),
        ],
    )
    flags = Sheet("flags", _("Risk flags"), [Column(_("ST-läkare")), Column(_("Flag")), Column(_("Reason"))])
    for row in cohort.rows:
        codes = " ".join(f.code for f in row.flags)
        if not row.readable:
            trainees.rows.append([who(row), *([None] * 23), row.risk, codes, escape_untrusted(row.path)])
        else:
            trainees.rows.append(
                [
                    row.name,
                    row.specialty,
                    row.regulation,
                    row.clinic,
                    row.employer,
                    row.supervisor,
                    _date(row.st_start),
                    row.served,
                    row.needed,
                    _date(row.planned_completion),
                    _date(row.earliest_completion),
                    row.months_late,
                    bt_text(row),
                    row.delmal_attested,
                    row.delmal_met,
                    row.delmal_in_progress,
                    row.delmal_not_started,
                    ", ".join(n.key for n in row.norms_behind),
                    _date(row.last_handledarsamtal),
                    row.days_since_handledarsamtal,
                    _date(row.last_iup),
                    row.days_since_iup,
                    row.errors,
                    row.warnings,
                    row.risk,
                    codes,
                    escape_untrusted(row.path),
                ]
            )
        for flag in row.flags:
            flags.rows.append([who(row), flag.code, flag_text(flag)])
    sheets = [trainees, flags]
    compilation = cohort.compilation
    if compilation is not None:
        year = Sheet(
            "year",
            _("Year {year}").format(year=compilation.year),
            [Column(_("ST-läkare")), Column(_("Clinic")), Column(_("Employer"))]
            + [Column(figure_word(k), NUMBER if k == "served_months" else INTEGER) for k in FIGURES],
        )
        for row in cohort.rows:
            if row.readable and row.year is not None:
                figures: list[Value] = [getattr(row.year, k) for k in FIGURES]
                year.rows.append([row.name, row.clinic, row.employer, *figures])
        groups = Sheet(
            "groups",
            _("Clinics and employers"),
            [Column(_("Level")), Column(_("Employer")), Column(_("Clinic")), Column(_("Trainees"), INTEGER)]
            + [Column(f"{figure_word(k)}, {_(part)}", NUMBER) for k in FIGURES for part in (N_("total"), N_("median"))],
        )
        levels = {CLINIC: _("clinic"), EMPLOYER: _("employer"), ALL: _("all")}
        for group in compilation.groups:
            cells: list[Value] = []
            for _key, f in group.figures:
                cells += [f.total, f.median]
            groups.rows.append([levels[group.level], group.employer, group.clinic, group.trainees, *cells])
        sheets += [year, groups]
    return Book(_("Cohort overview"), "stfolio", cohort.as_of, sheets)


def to_csv_text(cohort: Cohort, sheet: str | None) -> str:
    from stfolio.errors import USAGE, StfolioError

    book = workbook(cohort)
    chosen = sheet or "trainees"
    keys = [s.key for s in book.sheets]
    if chosen not in keys:
        raise StfolioError(
            _("{key!r} is not a sheet of the cohort overview").format(key=chosen),
            hint=_("use --sheet with one of: {keys} (year and groups with --year)").format(keys=", ".join(SHEETS)),
            exit_code=USAGE,
        )
    return to_csv(book, chosen)


def to_xlsx_bytes(cohort: Cohort) -> bytes:
    return to_xlsx(workbook(cohort))


def write_file(path: Path, content: str | bytes, portfolios: list[str]) -> None:
    """Write the overview atomically, never into one of the cohort's portfolios (they are read only)."""
    import os

    from stfolio.errors import PROBLEM, USAGE, StfolioError
    from stfolio.files import replace_file, write_new_file

    target = Path(os.path.abspath(path))
    for folder in portfolios:
        for root in {Path(folder), Path(os.path.realpath(folder))}:
            if target.is_relative_to(root) or target.resolve().is_relative_to(root):
                raise StfolioError(
                    _(
                        "{path} is inside the portfolio {folder}; the cohort never writes into a trainee's portfolio"
                    ).format(path=path, folder=escape_untrusted(folder)),
                    hint=_("write the overview outside the portfolios, e.g. in the folder that holds them"),
                    exit_code=USAGE,
                )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            write_new_file(target, content)
            return
        if not target.is_file() or target.is_symlink():
            raise StfolioError(_("{path} is not a regular file").format(path=path), exit_code=USAGE)
        replace_file(target, content)
    except OSError as exc:
        raise StfolioError(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc), exit_code=PROBLEM
        ) from None
