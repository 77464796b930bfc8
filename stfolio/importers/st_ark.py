"""ST-ARK: the JSON backup of the ST-ARK browser app, read into placements and courses.

A backup is ``{schemaVersion, app: {name, version}, exportedAt, profile, placements[],
courses[], achievements[]}``. It is read with the standard ``json`` module and each part is
validated on its own with the pydantic models below: strict types (a number written as text is
reported, not guessed at) and ``extra="allow"``, so that keys stfolio does not know are named as
ignored rather than refused. Each placement and each course becomes one item; an achievement
adds its ``milestoneId`` (a delmål) to the placement or course it names. The mapping, and what
is not imported and why, is documented in ``docs/import.md``.

An item is imported whole or not at all: a placement with a bad date, or one whose achievement
names an unknown delmål, is left out with its reasons, so that importing a corrected backup
again writes exactly what was missing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from stfolio.i18n import _
from stfolio.importers.source import (
    Item,
    Problems,
    ProfileHints,
    Skipped,
    SourceRead,
    Where,
    clean_text,
    date_problem,
    literal,
    read_date,
    read_percent,
    read_source_bytes,
    safe,
)
from stfolio.text import fold
from stfolio.vocabulary import REGULATION_2015, REGULATION_2021

SCHEMA_VERSIONS = (1,)  # the versions this reader was written for; others are read with a warning


class _Part(BaseModel):
    """A part of the backup: strict types, unknown keys kept aside (``model_extra``) to name them."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class App(_Part):
    name: str | None = None
    version: str | int | float | None = None


class Profile(_Part):
    name: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    specialty: str | None = None
    speciality: str | None = None
    goalsVersion: str | int | None = None
    startDate: str | None = None
    homeClinic: str | None = None
    personalNumber: Any = None  # declared so that it is never read, quoted or listed as merely ignored


class Placement(_Part):
    id: str | int | None = None
    clinic: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    attendance: int | float | None = None
    supervisor: str | None = None
    note: str | None = None


class Course(_Part):
    id: str | int | None = None
    title: str | None = None
    city: str | None = None
    certificateDate: str | None = None
    note: str | None = None
    supervisorName: str | None = None
    supervisorSite: str | None = None
    courseLeaderName: str | None = None
    courseLeaderSite: str | None = None


class Achievement(_Part):
    id: str | int | None = None
    milestoneId: str | None = None
    placementId: str | int | None = None
    courseId: str | int | None = None
    date: Any = None  # when the goal was marked achieved: not imported (see docs/import.md)


class Backup(_Part):
    schemaVersion: Any = None
    app: Any = None
    exportedAt: Any = None
    profile: Any = None
    placements: Any = None
    courses: Any = None
    achievements: Any = None


def read_backup(path: Path, display: str, today: dt.date) -> SourceRead:
    """Read an ST-ARK backup into items; every problem is a finding at its JSON path."""
    problems = Problems(display)
    read = SourceRead(path, problems, "st-ark")
    data = _load_json(path, problems)
    if data is None:
        read.readable = False
        return read
    if not isinstance(data, dict) or not {"placements", "courses", "achievements", "profile"} & set(data):
        problems.add(
            "STF932",
            Where(""),
            _("this is JSON, but not an ST-ARK backup: it has no placements, courses, achievements or profile"),
            _("in ST-ARK, make a backup (JSON) and import that file"),
        )
        read.readable = False
        return read
    backup = Backup.model_validate(data)
    _check_version(backup, problems)
    _ignored(backup, Where(""), problems)
    read.profile = _profile(backup.profile, problems, today)
    reader = _Reader(read, today)
    for item in _parts(backup.placements, "placements", read):
        reader.placement(*item)
    for item in _parts(backup.courses, "courses", read):
        reader.course(*item)
    for item in _parts(backup.achievements, "achievements", read):
        reader.achievement(*item)
    return read


def _load_json(path: Path, problems: Problems) -> Any:
    raw = read_source_bytes(path, problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            "STF930",
            Where(""),
            _("the file is not UTF-8 text (byte {offset}); an ST-ARK backup is").format(offset=exc.start),
            _("make a new backup in ST-ARK; a file opened and saved in another program may have been changed"),
        )
        return None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        problems.add(
            "STF931",
            Where("", exc.lineno, exc.colno),
            _("not valid JSON: {reason}").format(reason=exc.msg),
            _("make a new backup in ST-ARK; a file opened and saved in another program may have been changed"),
        )
    except (ValueError, RecursionError):
        problems.add("STF931", Where(""), _("not valid JSON: nested too deeply, or NaN or Infinity as a number"))
    return None


def _no_constant(name: str) -> None:
    raise ValueError(name)


def _check_version(backup: Backup, problems: Problems) -> None:
    app = backup.app
    name = app.get("name") if isinstance(app, dict) else None
    if isinstance(name, str) and fold(name).replace(" ", "").replace("-", "") != "stark":
        problems.add(
            "STF933",
            Where("app.name"),
            _("app.name: '{name}' is not ST-ARK; reading it as an ST-ARK backup anyway").format(name=safe(name)),
        )
    version = backup.schemaVersion
    if version is not None and version not in SCHEMA_VERSIONS:
        problems.add(
            "STF933",
            Where("schemaVersion"),
            _("schemaVersion: {version} is not a version stfolio knows ({known}); fields may be missed").format(
                version=safe(version), known=", ".join(map(str, SCHEMA_VERSIONS))
            ),
            _("check what was imported, and report the version so stfolio can learn it"),
        )


def _ignored(part: BaseModel, where: Where, problems: Problems) -> None:
    """An info finding naming the keys of ``part`` that stfolio does not read."""
    extra = sorted(part.model_extra or {})
    if extra:
        problems.add(
            "STF942",
            where,
            _("{where}: ignored keys stfolio does not read: {keys}").format(
                where=where.path or _("the backup"), keys=", ".join(safe(key) for key in extra)
            ),
        )


def _parts(value: Any, name: str, read: SourceRead) -> list[tuple[Where, dict[str, Any]]]:
    """The objects of the list ``name``, each with its JSON path; an error for each that is not one."""
    if value is None:
        return []
    if not isinstance(value, list):
        reason = read.problems.add("STF935", Where(name), _expected(Where(name), "list", value))
        read.skipped.append(Skipped(Where(name), name, (reason,)))
        return []
    found = []
    for i, element in enumerate(value):
        where = Where(f"{name}[{i}]")
        if isinstance(element, dict):
            found.append((where, element))
        else:
            reason = read.problems.add("STF935", where, _expected(where, "object", element))
            read.skipped.append(Skipped(where, safe(element), (reason,)))
    return found


def _expected(where: Where, kind: str, value: Any) -> str:
    messages = {
        "text": _("{where}: expected text, found {value}"),
        "number": _("{where}: expected a number, found {value}"),
        "id": _("{where}: expected text or a number, found {value}"),
        "list": _("{where}: expected a list, found {value}"),
        "object": _("{where}: expected an object, found {value}"),
    }
    return messages[kind].format(where=where.path, value=literal(value))


def _validated(model: type[_Part], data: dict[str, Any], where: Where, problems: Problems) -> tuple[Any, list[str]]:
    """The part as ``model`` and a reason per key of the wrong type; those keys are left out of it.

    The rest is still validated, so that every problem of an item is reported in one run.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        wrong = sorted({str(error["loc"][0]) for error in exc.errors(include_url=False) if error["loc"]})
    reasons = []
    for name in wrong:
        annotation = str(model.model_fields[name].annotation)
        kind = "number" if "float" in annotation else "id" if "int" in annotation else "text"
        reasons.append(problems.add("STF935", where.child(name), _expected(where.child(name), kind, data[name])))
    rest = model.model_validate({key: value for key, value in data.items() if key not in wrong})
    return rest.model_copy(update=dict.fromkeys(wrong, _WRONG)), reasons


_WRONG: Any = object()  # stands for a value of the wrong type, already reported


def _profile(value: Any, problems: Problems, today: dt.date) -> ProfileHints:
    hints = ProfileHints()
    where = Where("profile")
    if value is None:
        return hints
    if not isinstance(value, dict):
        problems.add("STF935", where, _expected(where, "object", value))
        return hints
    if "personalNumber" in value:
        problems.add(
            "STF941",
            where.child("personalNumber"),
            _("profile.personalNumber is never imported: a personnummer does not belong in a portfolio"),
        )
    profile, _reasons = _validated(Profile, value, where, problems)
    _ignored(profile, where, problems)
    given = {name: getattr(profile, name) for name in Profile.model_fields}
    given = {name: value for name, value in given.items() if value is not _WRONG and value is not None}
    name = given.get("name") or " ".join(given[part] for part in ("firstName", "lastName") if part in given) or None
    if name is not None:
        hints.name = clean_text(name, where.child("name"), problems)
    specialty = given.get("specialty") or given.get("speciality")
    if specialty is not None:
        hints.specialty = clean_text(specialty, where.child("specialty"), problems)
    if "homeClinic" in given:
        hints.clinic = clean_text(given["homeClinic"], where.child("homeClinic"), problems)
    if "startDate" in given:
        day = read_date(given["startDate"], today)
        if date_problem(given["startDate"], day, where.child("startDate"), problems) is None:
            hints.st_start = day
    if "goalsVersion" in given:
        hints.regulation = _regulation(given["goalsVersion"], where.child("goalsVersion"), problems)
    return hints


def _regulation(value: str | int, where: Where, problems: Problems) -> str | None:
    text = str(value)
    if "2015" in text:
        return REGULATION_2015
    if "2021" in text:
        return REGULATION_2021
    problems.add(
        "STF937",
        where,
        _("{where}: '{value}' names neither the 2015 nor the 2021 målbeskrivningar").format(
            where=where.path, value=safe(text)
        ),
        _("give --regulation 2015 or 2021"),
    )
    return None


class _Reader:
    """Reads placements, courses and achievements into the items of one SourceRead."""

    def __init__(self, read: SourceRead, today: dt.date) -> None:
        self.read = read
        self.problems = read.problems
        self.today = today
        self.by_key: dict[tuple[str, str], list[Item]] = {}
        self.ignored_seen: set[str] = set()

    def _ignore(self, part: _Part, where: Where, list_name: str) -> None:
        # Named once per list, not for every item, so a long backup does not repeat itself.
        new = sorted(set(part.model_extra or {}) - self.ignored_seen)
        self.ignored_seen |= set(new)
        if new:
            self.problems.add(
                "STF942",
                where,
                _("{where}: ignored keys stfolio does not read: {keys}").format(
                    where=f"{list_name}[]", keys=", ".join(safe(key) for key in new)
                ),
            )

    def _text(self, value: str | None, where: Where, required: bool, reasons: list[str]) -> str | None:
        if value is _WRONG:
            return None
        if value is None or not value.strip():
            if required:
                reasons.append(
                    self.problems.add(
                        "STF934",
                        where,
                        _("{where}: missing; the item cannot be imported without it").format(where=where.path),
                    )
                )
            return None
        text = clean_text(value.strip(), where, self.problems)
        if text is None:
            reasons.append(_("{where}: holds a personnummer").format(where=where.path))
        return text

    def _date(self, value: str | None, where: Where, reasons: list[str]) -> dt.date | None:
        if value is _WRONG:
            return None
        if value is None or not value.strip():
            reasons.append(
                self.problems.add(
                    "STF934",
                    where,
                    _("{where}: missing; the item cannot be imported without it").format(where=where.path),
                )
            )
            return None
        day = read_date(value, self.today)
        problem = date_problem(value, day, where, self.problems)
        if problem is not None:
            reasons.append(problem)
            return None
        return day

    def _item(self, where: Where, kind: str, label: str, key: str | int | None, list_name: str) -> Item:
        item = Item(where, kind, label)
        if key is not None:
            item.key = str(key)
            self.by_key.setdefault((list_name, str(key)), []).append(item)
        self.read.items.append(item)
        return item

    def placement(self, where: Where, data: dict[str, Any]) -> None:
        part, reasons = _validated(Placement, data, where, self.problems)
        self._ignore(part, where, "placements")
        label = safe(part.clinic) if isinstance(part.clinic, str) else where.path
        item = self._item(where, "placement", label, _key(part.id), "placements")
        item.reasons.extend(reasons)
        reasons = item.reasons
        unit = self._text(part.clinic, where.child("clinic"), True, reasons)
        start = self._date(part.startDate, where.child("startDate"), reasons)
        end = self._date(part.endDate, where.child("endDate"), reasons)
        if start is not None and end is not None and end < start:
            reasons.append(
                self.problems.add(
                    "STF937",
                    where.child("endDate"),
                    _("{where}: {end} is before the start {start}").format(
                        where=where.child("endDate").path, end=end, start=start
                    ),
                    _("correct the dates in ST-ARK and make a new backup"),
                )
            )
        extent = self._extent(part.attendance, where.child("attendance"), reasons)
        supervisor = self._text(part.supervisor, where.child("supervisor"), False, reasons)
        notes = self._text(part.note, where.child("note"), False, reasons)
        item.fields = {
            "unit": unit,
            "start": start,
            "end": end,
            "extent": extent,
            "supervisor": {"name": supervisor} if supervisor else None,
            "notes": notes,
            "status": "planned" if start is not None and start > self.today else None,
        }
        if supervisor:
            item.signer = (supervisor, "handledare")

    def _extent(self, value: float | None, where: Where, reasons: list[str]) -> int | None:
        if value is _WRONG:
            return None
        if value is None:
            reasons.append(
                self.problems.add(
                    "STF934",
                    where,
                    _("{where}: missing; the item cannot be imported without it").format(where=where.path),
                )
            )
            return None
        percent, rounded = read_percent(value)
        if percent is None or not 1 <= percent <= 100:
            reasons.append(
                self.problems.add(
                    "STF937",
                    where,
                    _("{where}: {value} is not a percentage of full time between 1 and 100").format(
                        where=where.path, value=safe(value)
                    ),
                )
            )
            return None
        if rounded:
            self.problems.add(
                "STF944",
                where,
                _("{where}: {value} % imported as {rounded} %: stfolio counts whole percent").format(
                    where=where.path, value=safe(value), rounded=int(percent)
                ),
            )
        return int(percent)

    def course(self, where: Where, data: dict[str, Any]) -> None:
        part, reasons = _validated(Course, data, where, self.problems)
        self._ignore(part, where, "courses")
        label = safe(part.title) if isinstance(part.title, str) else where.path
        item = self._item(where, "course", label, _key(part.id), "courses")
        item.reasons.extend(reasons)
        reasons = item.reasons
        title = self._text(part.title, where.child("title"), True, reasons)
        start = self._date(part.certificateDate, where.child("certificateDate"), reasons)
        texts = {
            name: self._text(getattr(part, name), where.child(name), False, reasons)
            for name in ("note", "city", "courseLeaderName", "courseLeaderSite", "supervisorName", "supervisorSite")
        }
        item.fields = {
            "title": title,
            "start": start,
            "provider": texts["courseLeaderSite"],
            "notes": _course_notes(texts) or None,
            "status": "planned" if start is not None and start > self.today else None,
        }
        if texts["courseLeaderName"]:
            item.signer = (texts["courseLeaderName"], "kursledare")
        elif texts["supervisorName"]:
            item.signer = (texts["supervisorName"], "handledare")

    def achievement(self, where: Where, data: dict[str, Any]) -> None:
        part, reasons = _validated(Achievement, data, where, self.problems)
        label = safe(part.milestoneId) if isinstance(part.milestoneId, str) else where.path
        if reasons:
            self.read.skipped.append(Skipped(where, label, tuple(reasons)))
            return
        self._ignore(part, where, "achievements")
        target = self._target(part, where)
        if part.milestoneId is None or not part.milestoneId.strip():
            reason = self.problems.add(
                "STF934",
                where.child("milestoneId"),
                _("{where}: missing").format(where=where.child("milestoneId").path),
            )
            self.read.skipped.append(Skipped(where, label, (reason,)))
        elif isinstance(target, str):
            self.read.skipped.append(Skipped(where, label, (target,)))
        else:
            target.delmal.append((part.milestoneId.strip(), where.child("milestoneId")))

    def _target(self, part: Achievement, where: Where) -> Item | str:
        """The placement or course an achievement names, or why there is none."""
        links = (("placementId", part.placementId), ("courseId", part.courseId))
        given = [(name, value) for name, value in links if value is not None]
        if len(given) != 1:
            return self.problems.add(
                "STF939",
                where,
                _("{where}: names neither a placementId nor a courseId").format(where=where.path)
                if not given
                else _("{where}: names both a placementId and a courseId").format(where=where.path),
                _("an achievement belongs to one placement or one course"),
            )
        name, value = given[0]
        list_name = "placements" if name == "placementId" else "courses"
        found = self.by_key.get((list_name, str(value)), [])
        if len(found) == 1:
            return found[0]
        message = (
            _("{where}: {key} '{value}' is not the id of any of the backup's {list}")
            if not found
            else _("{where}: {key} '{value}' is the id of more than one of the backup's {list}")
        )
        return self.problems.add(
            "STF939",
            where.child(name),
            message.format(where=where.child(name).path, key=name, value=safe(value), list=list_name),
        )


def _key(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _course_notes(texts: dict[str, str | None]) -> str:
    """What ST-ARK knows about a course beyond its title and date, kept as one line of notes.

    Written in Swedish whatever the language of the messages, like every value of a record, so
    that the same backup always gives the same files (and a second import finds them unchanged).
    """
    parts = [texts["note"]] if texts["note"] else []
    if texts["city"]:
        parts.append(f"Ort: {texts['city']}")
    for name, site, label in (
        ("courseLeaderName", "courseLeaderSite", "Kursledare"),
        ("supervisorName", "supervisorSite", "Handledare"),
    ):
        if texts[name]:
            parts.append(f"{label}: {texts[name]}" + (f" ({texts[site]})" if texts[site] else ""))
    return "; ".join(part for part in parts if part)
