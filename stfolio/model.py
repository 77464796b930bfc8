"""The portfolio format, version 1: the profile and one model per record kind.

Every model forbids unknown fields, so a typo in a key is a finding rather than a silently
ignored value. Field descriptions double as the documentation shown by editors through the
JSON Schemas. Domain words stay Swedish where trainees know them in Swedish:

- *delmål*: one goal of Socialstyrelsen's målbeskrivning (``STa3``, ``BT7``, ``c12``);
  written ``delmal`` as a key so it can be typed on any keyboard;
- *intyg*: a signed certificate attesting an activity and the delmål it covers;
- *handledare*: the supervisor; *huvudhandledare* the main one named in the profile;
- *sysselsättningsgrad*: the extent of a placement in percent of full time;
- *BT* (bastjänstgöring): the first ≥ 6 months of ST under HSLF-FS 2021:8.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from stfolio.vocabulary import (
    ActivityKind,
    BtCategory,
    ExpenseCategory,
    Instrument,
    IntygRole,
    LeaveKind,
    MeetingKind,
    PlacementKind,
    Regulation,
    Route,
    Status,
    canonical_delmal,
)

EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _plausible(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError(
            "implausible_date",
            "{value} is outside the years {earliest}–{latest}",
            {"value": value.isoformat(), "earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
        )
    return value


def _not_a_number(value: Any) -> Any:
    # pydantic would read 1735689600 as a Unix timestamp; nobody means that in a portfolio.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("date_from_number", "a number is not a date")
    return value


def _lower(value: Any) -> Any:
    # PowerShell's Get-FileHash prints SHA-256 in capitals.
    return value.strip().lower() if isinstance(value, str) else value


def _number_as_text(value: Any) -> Any:
    # `instrument: 360` arrives from YAML as the number 360.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _delmal_ids(value: Any) -> Any:
    # Delmål ids are case-insensitive on input: `stc6` is STc6.
    if isinstance(value, list):
        return [canonical_delmal(item) if isinstance(item, str) else item for item in value]
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number), AfterValidator(_plausible)]
DelmalIds = Annotated[list[str], BeforeValidator(_delmal_ids)]
Text = Annotated[str, Field(min_length=1)]
Percent = Annotated[int, Field(ge=1, le=100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Record(_Model):
    """What every record kind offers the rules, whatever its own fields.

    Rules and reports that walk records of every kind ask these questions instead of looking
    fields up by name, so they stay typed and a new kind answers them by overriding.
    """

    def first_day(self) -> dt.date:
        """The day the record happened, or its first day."""
        raise NotImplementedError

    def last_day(self) -> dt.date:
        """Its last day, inclusive (the first day for one-day records)."""
        return self.first_day()

    def is_planned(self) -> bool:
        return self.field_value("status") == "planned"

    def named_delmal(self) -> list[str]:
        """The delmål the record itself names (not those only in its intyg)."""
        return []

    def intyg_list(self) -> list[Intyg]:
        return []

    def hours_spent(self) -> float:
        """Hours recorded (activities); 0 for kinds without hours."""
        return 0.0

    def name_words(self) -> list[str]:
        """What the record's file is named after, after its date: `log` writes DATE-WORDS.yaml."""
        return []

    def field_value(self, name: str) -> object:
        """A field by name, for data-driven selections (policy packs); None if the kind lacks it.

        Reads the instance dict: pydantic's path for a missing attribute raises and costs ~30x
        more, and the policy rules ask for fields of every record, for every norm and period.
        """
        return self.__dict__.get(name)


def _end_not_before_start(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    start = info.data.get("start")
    if value is not None and isinstance(start, dt.date) and value < start:
        raise PydanticCustomError(
            "end_before_start",
            "end {end} is before start {start}",
            {"end": value.isoformat(), "start": start.isoformat()},
        )
    return value


class Person(_Model):
    """A person named in the portfolio: supervisor, assessor, studierektor."""

    name: Text = Field(description="Full name.")
    title: str | None = Field(None, description="Role or title, e.g. 'specialistläkare' or 'överläkare'.")
    specialty: str | None = Field(None, description="The person's specialty, e.g. 'psykiatri'.")
    workplace: str | None = Field(None, description="Tjänsteställe: the unit where the person works.")
    handledarutbildning: bool | None = Field(
        None, description="Whether the person has completed a handledarutbildning (supervisor training)."
    )


class Intyg(_Model):
    """A signed intyg (certificate), ideally scanned into ``evidence/``."""

    file: str | None = Field(
        None, description="Path of the scanned intyg, relative to the portfolio root, e.g. 'evidence/2025-intyg.pdf'."
    )
    issued_by: Text = Field(description="Name of the person who signed the intyg.")
    role: IntygRole = Field(description="The signer's role: handledare, kursledare, verksamhetschef, ...")
    date: Date = Field(description="Date the intyg was signed (YYYY-MM-DD).")
    delmal: DelmalIds = Field(
        default_factory=list, description="Delmål the intyg attests; empty means the record's own delmål."
    )
    sha256: Annotated[str, BeforeValidator(_lower), Field(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        None, description="SHA-256 of the evidence file, so a swapped or changed file is noticed."
    )


class _Record(Record):
    status: Status = Field("done", description="'done' for what happened, 'planned' for the IUP's plan.")
    delmal: DelmalIds = Field(
        default_factory=list, description="Delmål this record contributes to, e.g. [STa2, STc4] or [BT1]."
    )
    notes: str | None = Field(None, description="Free text. Never write patient data here.")

    def named_delmal(self) -> list[str]:
        return self.delmal


class _Period(_Record):
    start: Date = Field(description="First day (YYYY-MM-DD).")
    end: Date = Field(description="Last day, inclusive (YYYY-MM-DD).")

    _check_end = field_validator("end")(_end_not_before_start)

    def first_day(self) -> dt.date:
        return self.start

    def last_day(self) -> dt.date:
        return self.end


class Placement(_Period):
    """A placement (placering/randning): clinical service under supervision."""

    title: str | None = Field(None, description="Short name, e.g. 'BT akutsjukvård'.")
    unit: Text = Field(description="Tjänstgöringsställe: clinic and hospital or vårdcentral.")
    kind: PlacementKind = Field(
        "klinisk tjänstgöring", description="klinisk tjänstgöring, sidotjänstgöring or auskultation."
    )
    bt: BtCategory | None = Field(
        None, description="For BT placements under HSLF-FS 2021:8: akut, primärvård or annan. Omit for ST."
    )
    extent: Percent = Field(100, description="Sysselsättningsgrad: percent of full time, 1–100.")
    supervisor: Person | None = Field(None, description="The clinical supervisor (handledare) at the placement.")
    intyg: list[Intyg] = Field(default_factory=list, description="Intyg attesting the placement.")

    def intyg_list(self) -> list[Intyg]:
        return self.intyg

    def name_words(self) -> list[str]:
        return (["bt", self.bt] if self.bt else []) + [self.title or self.unit]


class Course(_Record):
    """A course (kurs), e.g. an ST course toward an a/STa or c/STc delmål."""

    title: Text = Field(description="Course title.")
    provider: str | None = Field(None, description="Course organiser, e.g. 'Lipus-certifierad, Region Skåne'.")
    start: Date = Field(description="First day (YYYY-MM-DD).")
    end: Date | None = Field(None, description="Last day, inclusive; omit for a one-day course.")
    cost: Annotated[float, Field(ge=0, le=10_000_000, allow_inf_nan=False)] | None = Field(
        None, description="Course fee in SEK."
    )
    intyg: list[Intyg] = Field(default_factory=list, description="Kursintyg, signed by kursledare or handledare.")

    _check_end = field_validator("end")(_end_not_before_start)

    def first_day(self) -> dt.date:
        return self.start

    def last_day(self) -> dt.date:
        return self.end or self.start

    def intyg_list(self) -> list[Intyg]:
        return self.intyg

    def name_words(self) -> list[str]:
        return [self.title]


class Assessment(_Record):
    """A structured assessment (bedömning): mini-CEX, CBD, DOPS, medsittning, 360."""

    date: Date = Field(description="Date of the assessment (YYYY-MM-DD).")
    instrument: Annotated[Instrument, BeforeValidator(_number_as_text)] = Field(
        description="mini-CEX, CBD, DOPS, medsittning, 360 or annan."
    )
    title: str | None = Field(None, description="What was assessed, without patient details.")
    assessor: Person | None = Field(None, description="Who assessed.")
    setting: str | None = Field(None, description="Where: unit or placement.")
    feedback: str | None = Field(None, description="Feedback given. Never write patient data here.")

    def first_day(self) -> dt.date:
        return self.date

    def name_words(self) -> list[str]:
        return [self.instrument] + ([self.title] if self.title else [])


class Meeting(_Record):
    """A meeting: handledarsamtal, IUP revision, studierektor meeting or utvecklingssamtal."""

    date: Date = Field(description="Date of the meeting (YYYY-MM-DD).")
    kind: MeetingKind = Field(description="handledarsamtal, IUP-revision, studierektorssamtal or utvecklingssamtal.")
    duration_minutes: Annotated[int, Field(ge=1, le=600)] | None = Field(None, description="Length in minutes.")
    participants: list[str] = Field(default_factory=list, description="Names of those present besides the trainee.")
    topics: list[str] = Field(default_factory=list, description="What was discussed.")
    actions: list[str] = Field(default_factory=list, description="What was agreed to do next.")

    def first_day(self) -> dt.date:
        return self.date

    def name_words(self) -> list[str]:
        return [self.kind]


class Activity(_Record):
    """Another learning activity: vetenskapligt arbete, kvalitetsarbete, seminarium, ..."""

    kind: ActivityKind = Field(
        description=(
            "vetenskapligt arbete, kvalitetsarbete (kvalitets- och utvecklingsarbete), seminarium, "
            "undervisning, handledning (of others), konferens or teoretiska studier."
        )
    )
    title: Text = Field(description="Title or subject.")
    start: Date = Field(description="First day, or the day (YYYY-MM-DD).")
    end: Date | None = Field(None, description="Last day, inclusive; omit for a single day.")
    hours: Annotated[float, Field(gt=0, le=10000)] | None = Field(None, description="Time spent, in hours.")
    supervisor: Person | None = Field(None, description="Who supervised the work, where relevant.")
    intyg: list[Intyg] = Field(default_factory=list, description="Intyg attesting the activity.")

    _check_end = field_validator("end")(_end_not_before_start)

    def first_day(self) -> dt.date:
        return self.start

    def last_day(self) -> dt.date:
        return self.end or self.start

    def intyg_list(self) -> list[Intyg]:
        return self.intyg

    def hours_spent(self) -> float:
        return self.hours or 0.0

    def name_words(self) -> list[str]:
        return [self.kind, self.title]


class Leave(Record):
    """Leave (ledighet) that does not count as service: parental, sick, unpaid leave."""

    kind: LeaveKind = Field(description="föräldraledighet, sjukskrivning, tjänstledighet or annan.")
    start: Date = Field(description="First day (YYYY-MM-DD).")
    end: Date = Field(description="Last day, inclusive (YYYY-MM-DD).")
    extent: Percent = Field(100, description="Percent of full time on leave, 1–100.")
    status: Status = Field("done", description="'done' or 'planned'.")
    notes: str | None = Field(None, description="Free text.")

    _check_end = field_validator("end")(_end_not_before_start)

    def first_day(self) -> dt.date:
        return self.start

    def last_day(self) -> dt.date:
        return self.end

    def name_words(self) -> list[str]:
        return [self.kind]


class Expense(Record):
    """An expense against the individual course budget ("ST-ryggsäck")."""

    date: Date = Field(description="Date of the expense (YYYY-MM-DD).")
    amount: Annotated[float, Field(gt=0, le=10_000_000, allow_inf_nan=False)] = Field(description="Amount in SEK.")
    category: ExpenseCategory = Field(description="kursavgift, resa, logi, litteratur, konferens or annan.")
    description: str | None = Field(None, description="What it was for.")
    course: str | None = Field(
        None, description="The course record it belongs to, as a path, e.g. 'courses/2025-05-12-ledarskap.yaml'."
    )
    status: Status = Field("done", description="'done' or 'planned'.")

    def first_day(self) -> dt.date:
        return self.date

    def name_words(self) -> list[str]:
        return [self.category] + ([self.description] if self.description else [])


class Trainee(_Model):
    name: Text = Field(description="The ST-läkare's full name.")


class Legitimation(_Model):
    date: Date | None = Field(None, description="Date of Swedish legitimation as läkare.")
    route: Route | None = Field(
        None, description="How legitimation was reached: 'svensk AT', 'sexårig läkarexamen' or 'utländsk examen'."
    )


class BtPeriod(_Model):
    start: Date = Field(description="First day of BT (YYYY-MM-DD); BT opens ST under HSLF-FS 2021:8.")
    end: Date | None = Field(None, description="Last day of BT, when known.")
    approved: Date | None = Field(
        None,
        description="Date of Socialstyrelsen's intyg om godkänd BT, once granted; the ST application asks for it.",
    )

    _check_end = field_validator("end")(_end_not_before_start)


class Profile(_Model):
    """The portfolio's profile, ``stfolio.yaml``: who, under which rules, where."""

    format: Literal[1] = Field(1, description="Portfolio format version.")
    trainee: Trainee = Field(description="The ST-läkare.")
    regulation: Regulation = Field(description="'HSLF-FS 2021:8' (with BT) or 'SOSFS 2015:8'.")
    specialty: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] = Field(
        description="Specialty id, e.g. 'psykiatri', 'allmanmedicin' (see `stfolio goals specialties`)."
    )
    st_start: Date = Field(description="First day of ST (YYYY-MM-DD); under HSLF-FS 2021:8 the BT start.")
    bt: BtPeriod | None = Field(None, description="BT period, HSLF-FS 2021:8 only.")
    legitimation: Legitimation | None = Field(None, description="Legitimation date and route.")
    employer: str | None = Field(None, description="Employer (region or company).")
    clinic: str | None = Field(None, description="The clinic (hemklinik) where ST is done.")
    supervisor: Person | None = Field(None, description="Huvudhandledare: the main supervisor.")
    studierektor: Person | None = Field(None, description="The director of studies.")
    policies: list[str] = Field(default_factory=list, description="Local policy packs followed, e.g. [se-sus].")
    tredjeland: bool = Field(
        False,
        description="A specialist from a country outside the EU/EEA and Switzerland, applying for Swedish "
        "specialist competence: adds the tredjeland intyg to the application.",
    )
    language: Literal["sv", "en"] = Field("sv", description="Language of reports.")


PROFILE_FILE = "stfolio.yaml"


def field_names(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """Names of the fields accepted at ``path`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
