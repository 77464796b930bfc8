"""Benchmark stfolio against the floor of reading the same YAML with libyaml.

Generates a synthetic, valid five-year ST portfolio in psykiatri under HSLF-FS 2021:8
(1,000 records by default, and 10× that for the scaling figure), then times whole
processes -- wall clock and peak RSS, one warm-up round, then the median and minimum of
``--runs`` rounds -- and compares them with the targets of issue 17 (speed):

- cold ``check`` (an empty result cache) ≤ 2.0× the floor at 1,000 records (aim 1.5×) and
  ≤ 1.5× at 10,000; the floor is a bare ``python -c`` that parses every .yaml file with
  ``yaml.CSafeLoader``, what any YAML-reading tool must pay;
- warm ``check`` (answered from the cache) ≤ 0.3× the floor;
- ``check`` after one record changed ≤ 1.2× the cold check;
- ``report annual -f html``, ``report iup`` and ``status`` (cold) ≤ 2.5× the floor;
- peak RSS of the cold check at 10,000 records ≤ 60 MB;
- 10× the records in ≤ 10× the time; ``stfolio --version`` ≤ 1.5× ``import typer``.

Every command runs with the interpreter running this script, so the floor and stfolio
pay the same start-up. Run it from the project's venv::

    .venv/bin/python bench/bench.py [--runs 5] [--records 1000] [--json FILE] [--keep]

The generator is deterministic (fixed seed): the same options give byte-identical
portfolios. See bench/README.md for what each figure means and the figures measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 20210901
BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"

ST_START = dt.date(2021, 9, 1)
BT_END = dt.date(2022, 8, 31)
ST_END = dt.date(2026, 8, 31)  # five years: the minimum 60 months of ST, BT included

# Share of each record kind in a portfolio (per 1,000 records), as the issue asks.
MIX = {
    "placements": 20,
    "courses": 40,
    "assessments": 200,
    "meetings": 500,
    "activities": 150,
    "leave": 6,
    "expenses": 84,
}

# The delmål of HSLF-FS 2021:8 that apply to psykiatri.
BT_GOALS = [f"BT{i}" for i in range(1, 19)]
STA_GOALS = [f"STa{i}" for i in range(1, 8)]
STB_GOALS = [f"STb{i}" for i in range(1, 5)]
STC_GOALS = [f"STc{i}" for i in range(1, 15)]
ST_GOALS = STA_GOALS + STB_GOALS + STC_GOALS

# The targets of issue 17 (speed), as ratios to the floor unless said otherwise.
TARGET_CHECK_FLOOR = 2.0  # cold check, 1,000 records
AIM_CHECK_FLOOR = 1.5
TARGET_CHECK_FLOOR_10X = 1.5  # cold check, 10,000 records
TARGET_WARM = 0.3  # check answered from the result cache
TARGET_CHANGED = 1.2  # one file changed, as a ratio to the cold check
TARGET_REPORTS = 2.5  # report annual -f html, report iup, status (cold)
TARGET_RSS_MB = 60.0  # peak RSS of the cold check at 10,000 records
TARGET_SCALING = 10.0  # 10x the records in at most 10x the time
TARGET_VERSION_TYPER = 1.5

# A bare interpreter reading and parsing every .yaml file under the portfolio folders given
# (one for `check`, many for the cohort bench) with libyaml.
FLOOR_SCRIPT = """\
import os, sys, yaml
n = 0
for top in sys.argv[1:]:
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(('.yaml', '.yml')):
                with open(os.path.join(folder, name), encoding='utf-8') as f:
                    yaml.load(f.read(), Loader=yaml.CSafeLoader)
                n += 1
print(n, 'files')
"""

# --------------------------------------------------------------------------------------
# Text banks: fictional people and places, plausible Swedish free text, no patient data.
# --------------------------------------------------------------------------------------

TRAINEE = "Elin Bergqvist"
HUVUDHANDLEDARE = {
    "name": "Per Lindqvist",
    "title": "överläkare",
    "specialty": "psykiatri",
    "workplace": "Allmänpsykiatrisk mottagning, Vuxenpsykiatri Lund",
    "handledarutbildning": True,
}
STUDIEREKTOR = {
    "name": "Maria Öberg",
    "title": "studierektor för ST, specialistläkare",
    "specialty": "psykiatri",
    "workplace": "Psykiatri Skåne",
    "handledarutbildning": True,
}
COLLEAGUES = [
    ("Anna Sandberg", "överläkare"),
    ("Erik Holmgren", "specialistläkare"),
    ("Sara Nyberg", "överläkare"),
    ("Jonas Wallin", "specialistläkare"),
    ("Karin Åström", "biträdande överläkare"),
    ("Mikael Berglund", "överläkare"),
    ("Lina Forsberg", "specialistläkare"),
    ("Ahmed Haddad", "överläkare"),
    ("Sofia Lundgren", "specialistläkare"),
    ("Gustav Engström", "överläkare, sektionschef"),
    ("Nadia Rahimi", "specialistläkare"),
    ("Oskar Dahlberg", "biträdande överläkare"),
    ("Helena Sjöberg", "överläkare"),
    ("Viktor Ekström", "specialistläkare"),
]
KURSLEDARE = ["Anders Nyström", "Eva Lindblad", "Lars Hedlund", "Cecilia Strand", "Tomas Blom", "Ingrid Hallberg"]

# (title, unit, kind, bt category, goals pool)
BT_PLACEMENTS = [
    (
        "BT akutsjukvård",
        "Akutmottagningen, Skånes universitetssjukhus Lund",
        "klinisk tjänstgöring",
        "akut",
        ["BT1", "BT2", "BT3", "BT4", "BT5", "BT6", "BT7", "BT8", "BT12", "BT13", "BT14"],
    ),
    (
        "BT primärvård",
        "Vårdcentralen Sorgenfri, Region Skåne",
        "klinisk tjänstgöring",
        "primärvård",
        ["BT1", "BT2", "BT5", "BT7", "BT8", "BT9", "BT10", "BT11", "BT15", "BT16", "BT17"],
    ),
    (
        "BT psykiatri",
        "Psykiatrisk akutmottagning och heldygnsvård, Vuxenpsykiatri Lund",
        "klinisk tjänstgöring",
        "annan",
        ["BT1", "BT2", "BT3", "BT6", "BT9", "BT12", "BT13", "BT15", "BT16", "BT17", "BT18"],
    ),
]
ST_PLACEMENTS = [
    (
        "ST allmänpsykiatrisk öppenvård",
        "Allmänpsykiatrisk mottagning, Vuxenpsykiatri Lund",
        "klinisk tjänstgöring",
        ["STa4", "STa5", "STb1", "STb2", "STc1", "STc2", "STc3", "STc4", "STc5", "STc9", "STc12"],
    ),
    (
        "ST psykiatrisk heldygnsvård",
        "Psykiatrisk heldygnsvård avdelning 3, Vuxenpsykiatri Lund",
        "klinisk tjänstgöring",
        ["STa1", "STa3", "STa5", "STc1", "STc3", "STc6", "STc7", "STc13", "STc14"],
    ),
    (
        "ST psykosmottagning",
        "Psykosmottagningen, Vuxenpsykiatri Lund",
        "klinisk tjänstgöring",
        ["STa4", "STc1", "STc4", "STc6", "STc7", "STc12"],
    ),
    (
        "ST affektiva mottagningen",
        "Affektiva mottagningen, Vuxenpsykiatri Lund",
        "klinisk tjänstgöring",
        ["STa4", "STc1", "STc2", "STc3", "STc5", "STc8"],
    ),
    (
        "Sidotjänstgöring barn- och ungdomspsykiatri",
        "BUP-mottagningen Lund, Barn- och ungdomspsykiatri Skåne",
        "sidotjänstgöring",
        ["STb3", "STc10", "STc11"],
    ),
    (
        "Sidotjänstgöring beroendevård",
        "Beroendecentrum Malmö, Psykiatri Skåne",
        "sidotjänstgöring",
        ["STc2", "STc8", "STc9"],
    ),
    (
        "Sidotjänstgöring neurologi",
        "Neurologiska kliniken, Skånes universitetssjukhus Lund",
        "sidotjänstgöring",
        ["STb4", "STc1", "STc11"],
    ),
    (
        "Auskultation rättspsykiatri",
        "Regionala rättspsykiatriska kliniken, Trelleborg",
        "auskultation",
        ["STc13", "STc14"],
    ),
    (
        "ST konsultationspsykiatri",
        "Konsultationspsykiatrin, Skånes universitetssjukhus Lund",
        "klinisk tjänstgöring",
        ["STa3", "STb4", "STc1", "STc3", "STc10"],
    ),
    (
        "ST äldrepsykiatri",
        "Äldrepsykiatriska mottagningen, Vuxenpsykiatri Lund",
        "klinisk tjänstgöring",
        ["STa5", "STc1", "STc2", "STc11"],
    ),
]
PLACEMENT_NOTES = [
    "Placeringen följer IUP:n; målen stämdes av med huvudhandledaren vid starten.",
    "Handledning en timme i veckan med placeringens handledare.",
    "Egen mottagning två dagar i veckan under senare halvan av placeringen.",
    "Primärjourer under hela perioden, bakjour från specialistläkare.",
    "Deltog i teamets behandlingskonferenser och i veckans fallseminarium.",
    "Slutbedömning gjord tillsammans med huvudhandledaren; intyg utfärdat.",
    "Nedsatt tjänstgöringsgrad under en period, se leave/.",
    "Självständigt ansvar för vårdplanering och samordnade individuella planer.",
]

COURSES = [
    ("Psykiatrisk diagnostik", ["STa4", "STb1", "STc1", "STc2"]),
    ("Psykofarmakologi", ["STc4", "STc5"]),
    ("Affektiva sjukdomar", ["STc3", "STc5"]),
    ("Psykossjukdomar", ["STc4", "STc6"]),
    ("Beroendelära", ["STc8", "STc9"]),
    ("Barn- och ungdomspsykiatri för vuxenpsykiatrer", ["STb3", "STc10"]),
    ("Rättspsykiatri och psykiatrisk juridik", ["STc13", "STc14"]),
    ("Neuropsykiatri hos vuxna", ["STc11"]),
    ("Äldrepsykiatri", ["STc11", "STc2"]),
    ("Psykoterapi: kognitiv beteendeterapi", ["STc7"]),
    ("Psykoterapi: psykodynamisk grundkurs", ["STc7"]),
    ("Suicidologi och suicidprevention", ["STc3"]),
    ("Akutpsykiatri och psykiatrisk riskbedömning", ["STc3", "STc12"]),
    ("Personlighetssyndrom", ["STc6", "STc7"]),
    ("Ätstörningar", ["STc10"]),
    ("Transkulturell psykiatri", ["STa1", "STc1"]),
    ("Ledarskap för ST-läkare", ["STa5", "STa6"]),
    ("Handledning och pedagogik", ["STa3", "STa6"]),
    ("Kvalitets- och patientsäkerhetsarbete", ["STa2", "STb2"]),
    ("Vetenskapligt förhållningssätt och forskningsmetodik", ["STa7"]),
    ("Försäkringsmedicin för ST-läkare", ["STb2"]),
    ("Medicinsk etik i psykiatrin", ["STa1"]),
    ("Elektrokonvulsiv behandling", ["STc5"]),
    ("Traumarelaterade tillstånd", ["STc6", "STc7"]),
    ("Konsultationspsykiatri", ["STb4", "STc1"]),
    ("Sömn och sömnstörningar", ["STc2"]),
]
BT_COURSES = [
    ("BT-kurs akut omhändertagande", ["BT3", "BT4", "BT5"]),
    ("BT-kurs lagar, styrning och dokumentation", ["BT14", "BT15", "BT16"]),
    ("BT-kurs psykiatri för BT-läkare", ["BT6", "BT12"]),
    ("BT-kurs barn och unga", ["BT10", "BT11"]),
    ("BT-kurs palliativ vård och smärta", ["BT13"]),
]
PROVIDERS = [
    "Lipus-certifierad kurs, Stockholm",
    "Lipus-certifierad kurs, Göteborg",
    "Region Skåne, Centrum för ST-utbildning",
    "Karolinska Institutet, Uppdragsutbildning",
    "Lunds universitet, Medicinska fakulteten",
    "Svenska Psykiatriska Föreningen",
    "Psykiatri Skåne, FoU-enheten",
]
COURSE_NOTES = [
    "Internatkurs; resa och logi finns under expenses/.",
    "Kursen var uppdelad på två tillfällen med hemuppgift emellan.",
    "Digital kurs med gruppdiskussioner i mindre grupper och avslutande examination.",
    "Skriftlig examination godkänd; kursintyg inskannat under evidence/.",
    "Bra kurs med många fallbeskrivningar; sammanfattning presenterad på ST-seminariet.",
    "Kursen ingår i regionens gemensamma kursplan för ST i psykiatri.",
]

INSTRUMENTS = [("mini-CEX", 40), ("CBD", 30), ("DOPS", 5), ("medsittning", 20), ("360", 5)]
ASSESSMENT_TITLES = {
    "mini-CEX": [
        "Suicidriskbedömning vid nybesök",
        "Psykiatriskt status vid akutbesök",
        "Bedömning av tvångsvårdsindikation",
        "Strukturerad anamnes vid misstänkt bipolär sjukdom",
        "Samtal med anhörig om vårdplan",
        "Utskrivningssamtal från heldygnsvård",
        "Bedömning av abstinens vid akutbesök",
    ],
    "CBD": [
        "Läkemedelsbehandling vid behandlingsresistent depression",
        "Litiumbehandling och njurfunktion",
        "Klozapininsättning och biverkningsuppföljning",
        "Differentialdiagnostik vid förstagångspsykos",
        "Journalföring vid vårdintyg enligt LPT",
        "Riskbedömning inför permission",
        "Utredning av misstänkt neuropsykiatrisk funktionsnedsättning",
    ],
    "DOPS": [
        "Lumbalpunktion under handledning",
        "EKG-tolkning inför antipsykotisk behandling",
        "ECT-behandling under handledning",
        "Venprovtagning och blodgas",
    ],
    "medsittning": [
        "Medsittning vid nybesök på mottagningen",
        "Medsittning vid läkarsamtal på avdelningen",
        "Medsittning vid telefonrådgivning",
        "Medsittning vid återbesök med läkemedelsuppföljning",
    ],
    "360": ["360-graders bedömning inför halvtidsavstämning", "360-graders bedömning i slutet av placeringen"],
}
FEEDBACK_GOOD = [
    "Strukturerat och empatiskt samtal med tydlig agenda från början.",
    "Systematisk riskbedömning med god dokumentation av skyddsfaktorer.",
    "Bra förmåga att sammanfatta och återkoppla till patienten i slutet av besöket.",
    "Säker i differentialdiagnostiska resonemang och väl förankrad i riktlinjerna.",
    "Tydlig och respektfull kommunikation med teamet och med anhöriga.",
    "God tidshållning trots ett komplext och känsloladdat samtal.",
    "Relevant och välmotiverad läkemedelsbehandling med tydlig plan för uppföljning.",
    "Bra juridiska resonemang kring tvångsvård och proportionalitet.",
]
FEEDBACK_DEVELOP = [
    "Använd vårdplanen mer aktivt och stäm av med teamet samma dag.",
    "Fråga tidigare efter somatisk samsjuklighet och aktuella läkemedel.",
    "Dokumentera bedömningens grunder tydligare i journalen.",
    "Ge patienten mer utrymme innan strukturerade frågor tar över.",
    "Planera uppföljningen mer konkret med datum och ansvarig.",
    "Läs på om interaktioner vid kombinationsbehandling inför nästa tillfälle.",
    "Öva på att avsluta samtalet när tiden är ute utan att tappa alliansen.",
]

MEETING_TOPICS = [
    "Genomgång av veckans patientfall och svåra bedömningar",
    "Jourerfarenheter och bakjourens roll",
    "Läkemedelsbehandling vid bipolär sjukdom",
    "Tvångsvårdslagstiftningen i praktiken",
    "Arbetsbelastning och återhämtning",
    "Planering av kommande sidotjänstgöring",
    "Uppföljning av senaste bedömningen",
    "Kvalitetsarbetets projektplan och tidsplan",
    "Det vetenskapliga arbetets frågeställning och metod",
    "Samverkan med kommunens socialtjänst",
    "Suicidprevention på mottagningen",
    "Kommunikation med anhöriga",
    "Att leda teamets behandlingskonferens",
    "Undervisning av läkarstudenter och AT-läkare",
    "Litteratur inför specialistexamen",
    "Etiska dilemman vid vård mot patientens vilja",
    "Försäkringsmedicinska bedömningar och sjukintyg",
    "Delmål som återstår enligt IUP:n",
]
MEETING_ACTIONS = [
    "Läsa Socialstyrelsens riktlinjer om depression och ångest",
    "Boka medsittning med handledaren inom två veckor",
    "Ta fram förslag på kvalitetsarbete till nästa samtal",
    "Anmäla sig till kursen i psykofarmakologi",
    "Stämma av placeringsschemat med studierektor",
    "Skriva utkast till vetenskapligt arbete",
    "Förbereda fallpresentation till ST-seminariet",
    "Göra en CBD på ett utskrivningsärende",
    "Uppdatera IUP:n med nya delmål",
    "Kontakta BUP om sidotjänstgöring",
    "Hospitera en dag på beroendecentrum",
    "Nästa handledarsamtal om två veckor",
]
MEETING_NOTES = [
    "Samtalet hölls digitalt på grund av jourschemat.",
    "Kort samtal; fortsättning vid nästa tillfälle.",
    "Handledaren betonade vikten av att reflektera över egna reaktioner i svåra möten.",
    "Vi gick igenom progressionen mot delmålen och justerade planen för halvåret.",
]
MEETING_KINDS = [("handledarsamtal", 86), ("IUP-revision", 6), ("studierektorssamtal", 4), ("utvecklingssamtal", 4)]

ACTIVITIES: dict[str, list[tuple[str, list[str]]]] = {
    "seminarium": [
        ("ST-seminarium: suicidriskbedömning", ["STc3"]),
        ("ST-seminarium: psykofarmakologi hos äldre", ["STc5", "STc11"]),
        ("ST-seminarium: fallpresentation om förstagångspsykos", ["STc6"]),
        ("Journal club: ketamin vid svår depression", ["STa7", "STc5"]),
        ("ST-seminarium: tvångsvårdslagstiftning", ["STc13", "STc14"]),
        ("ST-seminarium: neuropsykiatriska utredningar", ["STc11"]),
        ("Regionalt ST-seminarium i psykiatri", ["STc1"]),
    ],
    "undervisning": [
        ("Undervisning av läkarstudenter i psykiatriskt status", ["STa3"]),
        ("Undervisning av sjuksköterskor om antipsykotika", ["STa3", "STc5"]),
        ("Föreläsning för AT-läkare om akutpsykiatri", ["STa3", "STc12"]),
    ],
    "handledning": [
        ("Handledning av AT-läkare på mottagningen", ["STa3"]),
        ("Handledning av läkarstudent under psykiatriplacering", ["STa3"]),
    ],
    "konferens": [
        ("Svenska Psykiatrikongressen", ["STc1"]),
        ("Nordiskt psykiatrikongress", ["STc1", "STa7"]),
        ("Riksstämman, psykiatrisektionen", ["STa1"]),
    ],
    "teoretiska studier": [
        ("Självstudier inför specialistexamen", ["STc1", "STc2"]),
        ("Läsning om psykoterapeutiska metoder", ["STc7"]),
        ("Självstudier i psykiatrisk juridik", ["STc13"]),
    ],
    "kvalitetsarbete": [
        ("Uppföljning av metabola kontroller vid antipsykotikabehandling", ["STa2", "STc4", "STc5"]),
        ("Förbättrad överrapportering mellan avdelning och mottagning", ["STa2", "STb2"]),
    ],
    "vetenskapligt arbete": [
        ("Vetenskapligt arbete: litiumbehandling och njurfunktion över tid", ["STa7"]),
    ],
}
ACTIVITY_WEIGHTS = {
    "seminarium": 45,
    "undervisning": 15,
    "handledning": 10,
    "konferens": 6,
    "kvalitetsarbete": 4,
    "vetenskapligt arbete": 2,
}
ACTIVITY_NOTES = [
    "Förberedde ett kort inledande föredrag och ledde diskussionen efteråt.",
    "Presentationen finns i den gemensamma mappen för ST-läkare.",
    "Utvärdering från deltagarna var positiv; förslag på fler fallbeskrivningar.",
    "Arbetet redovisades muntligt på enhetens arbetsplatsträff.",
    "Handledning skedde löpande med huvudhandledaren under arbetets gång.",
]

LEAVE_NOTES = {
    "föräldraledighet": "Föräldraledighet; placeringen förlängs motsvarande tid.",
    "sjukskrivning": "Sjukskriven; ingen påverkan på planerade kurser.",
    "tjänstledighet": "Tjänstledig för studier, överenskommet med verksamhetschefen.",
}

EXPENSE_TEXT = {
    "kursavgift": "Kursavgift {course}",
    "resa": "Tåg tur och retur till {course}",
    "logi": "Hotell under kursen {course}",
    "litteratur": "Kurslitteratur: {book}",
    "konferens": "Konferensavgift {conference}",
}
BOOKS = [
    "Psykiatri (Herlofson m.fl.)",
    "Klinisk psykofarmakologi",
    "Akutpsykiatri",
    "Rättspsykiatri i praktiken",
    "Kognitiv beteendeterapi i praktiken",
    "Barn- och ungdomspsykiatri",
]


# --------------------------------------------------------------------------------------
# Writing YAML by hand, in the style of the shipped example: flow lists for delmål,
# block lists for topics, folded scalars for long text.
# --------------------------------------------------------------------------------------

_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and text.lower() not in _YAML_WORDS
        and (text[0].isalpha() or text[0] == "(")
        and ":" not in text
        and "#" not in text
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _emit(pairs: dict[str, Any], indent: str = "") -> Iterator[str]:
    for key, value in pairs.items():
        if value is None:
            continue
        if isinstance(value, dict):
            yield f"{indent}{key}:"
            yield from _emit(value, indent + "  ")
        elif isinstance(value, list) and key == "delmal":
            yield f"{indent}{key}: [{', '.join(value)}]"
        elif isinstance(value, list):
            if not value:
                continue
            yield f"{indent}{key}:"
            for item in value:
                if isinstance(item, dict):
                    lines = list(_emit(item, indent + "  "))
                    yield indent + "- " + lines[0][len(indent) + 2 :]
                    yield from lines[1:]
                else:
                    yield f"{indent}- {_scalar(item)}"
        elif isinstance(value, str) and len(value) > 90:
            yield f"{indent}{key}: >-"
            for line in textwrap.wrap(value, 96 - len(indent)):
                yield f"{indent}  {line}"
        else:
            yield f"{indent}{key}: {_scalar(value)}"


def to_yaml(pairs: dict[str, Any]) -> str:
    return "\n".join(_emit(pairs)) + "\n"


def slug(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].rstrip("-")


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------


@dataclass
class Generated:
    root: Path
    counts: dict[str, int]
    yaml_files: int
    yaml_bytes: int
    evidence_files: int


@dataclass
class _Period:
    start: dt.date
    end: dt.date
    title: str
    unit: str
    supervisor: dict[str, Any]


@dataclass
class _Writer:
    root: Path
    rng: random.Random
    written: set[str] = field(default_factory=set)
    yaml_bytes: int = 0
    evidence: int = 0

    def record(self, kind: str, date: dt.date, name: str, pairs: dict[str, Any]) -> str:
        base = f"{kind}/{date.isoformat()}-{slug(name)}"
        rel, n = f"{base}.yaml", 1
        while rel in self.written:
            n += 1
            rel = f"{base}-{n}.yaml"
        self.written.add(rel)
        data = to_yaml(pairs).encode()
        (self.root / rel).write_bytes(data)
        self.yaml_bytes += len(data)
        return rel

    def scan(self, date: dt.date, name: str, title: str) -> tuple[str, str]:
        """A placeholder 'scanned' intyg in evidence/: its path and sha256."""
        rel = f"evidence/{date.isoformat()}-{slug(name)}.pdf"
        n = 1
        while (self.root / rel).exists():
            n += 1
            rel = f"evidence/{date.isoformat()}-{slug(name)}-{n}.pdf"
        body = (
            b"%PDF-1.4\n% stfolio bench: placeholder for a scanned intyg\n"
            + f"% {title} ({date.isoformat()})\n".encode()
            + self.rng.randbytes(self.rng.randint(2048, 6144)).hex().encode()
            + b"\n%%EOF\n"
        )
        (self.root / rel).write_bytes(body)
        self.evidence += 1
        return rel, hashlib.sha256(body).hexdigest()


def _shares(records: int) -> dict[str, int]:
    counts = {kind: max(1, round(records * share / 1000)) for kind, share in MIX.items()}
    counts["meetings"] += records - sum(counts.values())  # meetings absorb rounding
    return counts


def _spread(rng: random.Random, n: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """``n`` sorted dates spread evenly over [start, end] with jitter, on weekdays."""
    span = (end - start).days
    dates = []
    for i in range(n):
        day = start + dt.timedelta(days=int(span * (i + rng.random()) / n))
        while day.weekday() >= 5 and day > start:
            day -= dt.timedelta(days=1)
        dates.append(day)
    return sorted(dates)


def _monthly(rng: random.Random, n: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """``n`` sorted weekdays, at least one in every month of [start, end] when ``n`` allows."""
    months = [(y, m) for y in range(start.year, end.year + 1) for m in range(1, 13)]
    months = [ym for ym in months if (start.year, start.month) <= ym <= (end.year, end.month)]
    dates = []
    for i in range(n):
        year, month = months[i * len(months) // n]
        day = dt.date(year, month, rng.randint(3, 28))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        dates.append(day)
    return sorted(dates)


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _person(rng: random.Random, workplace: str) -> dict[str, Any]:
    name, title = rng.choice(COLLEAGUES)
    return {"name": name, "title": title, "specialty": "psykiatri", "workplace": workplace}


def _goals(rng: random.Random, date: dt.date, pool: Sequence[str], low: int, high: int) -> list[str]:
    """A few delmål from ``pool`` (or the phase's goals), in catalogue order."""
    phase = BT_GOALS if date <= BT_END else ST_GOALS
    candidates = [g for g in pool if g in phase] or phase
    chosen = set(rng.sample(candidates, min(len(candidates), rng.randint(low, high))))
    return [g for g in BT_GOALS + ST_GOALS if g in chosen]


def _sentences(rng: random.Random, bank: Sequence[str], low: int, high: int) -> str:
    return " ".join(rng.sample(list(bank), rng.randint(low, high)))


def generate_portfolio(root: Path, records: int, seed: int = SEED) -> Generated:
    """Write a valid portfolio of ``records`` records at ``root`` (which must not exist)."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    for kind in [*MIX, "evidence"]:
        (root / kind).mkdir()
    writer = _Writer(root, rng)
    counts = _shares(records)
    profile = _profile().encode()
    (root / "stfolio.yaml").write_bytes(profile)
    writer.yaml_bytes += len(profile)
    (root / "README.md").write_text(
        f"# ST-portfölj: {TRAINEE}\n\nSyntetisk portfölj för stfolio:s benchmark ({records} poster). "
        "Alla personer och händelser är påhittade.\n",
        encoding="utf-8",
    )
    placements = _placements(writer, counts["placements"])
    courses = _courses(writer, counts["courses"])
    _assessments(writer, counts["assessments"], placements)
    _meetings(writer, counts["meetings"])
    _activities(writer, counts["activities"])
    _leave(writer, counts["leave"])
    _expenses(writer, counts["expenses"], courses)
    return Generated(root, counts, len(writer.written) + 1, writer.yaml_bytes, writer.evidence)


def _profile() -> str:
    return "# stfolio profile (portfolio format 1): synthetic, for bench/bench.py\n" + to_yaml(
        {
            "format": 1,
            "trainee": {"name": TRAINEE},
            "regulation": "HSLF-FS 2021:8",
            "specialty": "psykiatri",
            "st_start": ST_START,
            "bt": {"start": ST_START, "end": BT_END},
            "legitimation": {"date": dt.date(2021, 6, 14), "route": "utländsk examen"},
            "employer": "Region Skåne",
            "clinic": "Vuxenpsykiatri Lund, Psykiatri Skåne",
            "supervisor": HUVUDHANDLEDARE,
            "studierektor": STUDIEREKTOR,
            "policies": ["se-sus"],
            "language": "sv",
        }
    )


def _consecutive(n: int, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    span = (end - start).days + 1
    edges = [start + dt.timedelta(days=span * i // n) for i in range(n + 1)]
    return [(edges[i], edges[i + 1] - dt.timedelta(days=1)) for i in range(n)]


def _placements(w: _Writer, n: int) -> list[_Period]:
    rng = w.rng
    n_bt = max(1, round(n / 5)) if n > 1 else 0
    # BT: four months each of akut, primärvård and psykiatri, each split into its share of
    # the BT placements, so BT's time rules (3 months akut, 3 primärvård) are met.
    per_bt = [n_bt // 3 + (1 if c < n_bt % 3 else 0) for c in range(3)]
    periods: list[tuple[dt.date, dt.date]] = []
    categories: list[int] = []
    thirds = _consecutive(3, ST_START, BT_END)
    for category, count in enumerate(per_bt):
        if count:
            periods += _consecutive(count, *thirds[category])
            categories += [category] * count
    periods += _consecutive(n - len(periods), BT_END + dt.timedelta(days=1), ST_END)
    result = []
    for i, (start, end) in enumerate(periods):
        if i < len(categories):
            title, unit, kind, bt, pool = BT_PLACEMENTS[categories[i]]
        else:
            title, unit, kind, pool = ST_PLACEMENTS[(i - len(categories)) % len(ST_PLACEMENTS)]
            bt = None
        supervisor = HUVUDHANDLEDARE if unit == HUVUDHANDLEDARE["workplace"] else _person(rng, unit)
        supervisor = {**supervisor, "handledarutbildning": True}
        delmal = _goals(rng, start, pool, 3, 8)
        file, sha = w.scan(end, f"intyg-{title}", title)
        w.record(
            "placements",
            start,
            title,
            {
                "status": "done",
                "delmal": delmal,
                "notes": _sentences(rng, PLACEMENT_NOTES, 1, 2),
                "start": start,
                "end": end,
                "title": title,
                "unit": unit,
                "kind": kind,
                "bt": bt,
                "extent": 100 if bt else rng.choice([100, 100, 100, 100, 100, 80]),
                "supervisor": supervisor,
                "intyg": [
                    {
                        "file": file,
                        "issued_by": supervisor["name"],
                        "role": "handledare",
                        "date": end,
                        "delmal": delmal,
                        "sha256": sha,
                    }
                ],
            },
        )
        result.append(_Period(start, end, title, unit, supervisor))
    return result


def _courses(w: _Writer, n: int) -> list[tuple[str, str, dt.date]]:
    rng = w.rng
    result = []
    for i, start in enumerate(_spread(rng, n, ST_START + dt.timedelta(days=30), ST_END - dt.timedelta(days=14))):
        bank = BT_COURSES if start <= BT_END else COURSES
        title, pool = bank[i % len(bank)]
        if i >= len(COURSES) + len(BT_COURSES):
            title = f"{title}, fördjupning {i // len(bank)}"
        one_day = rng.random() < 0.2
        end = None if one_day else start + dt.timedelta(days=rng.choice([1, 2, 3, 4]))
        last = end or start
        file, sha = w.scan(last, f"kursintyg-{title}", title)
        rel = w.record(
            "courses",
            start,
            title,
            {
                "status": "done",
                "delmal": _goals(rng, start, pool, 1, 3),
                "notes": _sentences(rng, COURSE_NOTES, 1, 2) if rng.random() < 0.7 else None,
                "title": title,
                "provider": rng.choice(PROVIDERS),
                "start": start,
                "end": end,
                "cost": None if one_day else rng.choice([2500, 4800, 6500, 9800, 12000, 14500]),
                "intyg": [
                    {
                        "file": file,
                        "issued_by": rng.choice(KURSLEDARE),
                        "role": "kursledare",
                        "date": last,
                        "sha256": sha,
                    }
                ],
            },
        )
        result.append((rel, title, start))
    return result


def _at(placements: list[_Period], date: dt.date) -> _Period:
    for period in placements:
        if period.start <= date <= period.end:
            return period
    return placements[-1]


def _assessments(w: _Writer, n: int, placements: list[_Period]) -> None:
    rng = w.rng
    for date in _spread(rng, n, ST_START + dt.timedelta(days=21), ST_END):
        instrument = _weighted(rng, INSTRUMENTS)
        title = rng.choice(ASSESSMENT_TITLES[instrument])
        place = _at(placements, date)
        feedback = " ".join(rng.sample(FEEDBACK_GOOD, rng.randint(1, 2)) + rng.sample(FEEDBACK_DEVELOP, 1))
        w.record(
            "assessments",
            date,
            f"{instrument}-{title}",
            {
                "status": "done",
                "delmal": _goals(rng, date, [], 1, 2),
                "date": date,
                "instrument": instrument,
                "title": title,
                "assessor": place.supervisor if rng.random() < 0.5 else _person(rng, place.unit),
                "setting": place.unit,
                "feedback": feedback,
            },
        )


def _meetings(w: _Writer, n: int) -> None:
    rng = w.rng
    for date in _spread(rng, n, ST_START + dt.timedelta(days=2), ST_END):
        kind = _weighted(rng, MEETING_KINDS)
        participants = [HUVUDHANDLEDARE["name"]]
        if kind in ("IUP-revision", "studierektorssamtal"):
            participants.append(STUDIEREKTOR["name"])
        w.record(
            "meetings",
            date,
            kind,
            {
                "status": "done",
                "delmal": _goals(rng, date, [], 1, 2) if rng.random() < 0.4 else None,
                "notes": rng.choice(MEETING_NOTES) if rng.random() < 0.25 else None,
                "date": date,
                "kind": kind,
                "duration_minutes": 90 if kind == "IUP-revision" else rng.choice([30, 45, 60, 60, 60]),
                "participants": participants,
                "topics": rng.sample(MEETING_TOPICS, rng.randint(2, 4)),
                "actions": rng.sample(MEETING_ACTIONS, rng.randint(1, 3)),
            },
        )


def _activities(w: _Writer, n: int) -> None:
    rng = w.rng
    weights = list(ACTIVITY_WEIGHTS.items())
    # Half are logged study time (teoretiska studier), spread so every month has some, as a
    # trainee following the se-sus norm of 4 hours a month would log it; the rest are mixed.
    study = _monthly(rng, n // 2, ST_START, ST_END)
    other = _spread(rng, n - n // 2, ST_START + dt.timedelta(days=14), ST_END - dt.timedelta(days=7))
    for start, kind in sorted([(d, "teoretiska studier") for d in study] + [(d, "") for d in other]):
        kind = kind or _weighted(rng, weights)
        title, pool = rng.choice(ACTIVITIES[kind])
        long = kind in ("kvalitetsarbete", "vetenskapligt arbete")
        end = start + dt.timedelta(days=rng.randint(60, 150)) if long else None
        end = min(end, ST_END) if end else None
        if kind == "konferens":
            end = start + dt.timedelta(days=2)
        hours = rng.choice([40, 60, 80, 120]) if long else rng.choice([1, 1.5, 2, 3, 4, 8])
        if kind == "teoretiska studier":
            hours = rng.choice([4, 5, 6, 8])
        elif kind == "konferens":
            hours = rng.choice([16, 20, 24])
        supervisor = HUVUDHANDLEDARE if long else None
        w.record(
            "activities",
            start,
            title,
            {
                "status": "done",
                "delmal": _goals(rng, start, pool, 1, 2),
                "notes": rng.choice(ACTIVITY_NOTES) if rng.random() < 0.5 else None,
                "kind": kind,
                "title": title,
                "start": start,
                "end": end,
                "hours": hours,
                "supervisor": supervisor,
                "intyg": [
                    {
                        "issued_by": HUVUDHANDLEDARE["name"],
                        "role": "handledare",
                        "date": end or start,
                    }
                ]
                if long
                else None,
            },
        )


def _leave(w: _Writer, n: int) -> None:
    rng = w.rng
    first, last = BT_END + dt.timedelta(days=30), ST_END - dt.timedelta(days=90)
    longest = max(1, (last - first).days // n // 2)  # leave periods never overlap
    for start in _spread(rng, n, first, last):
        kind = rng.choice(["sjukskrivning", "sjukskrivning", "tjänstledighet", "föräldraledighet"])
        days = {"sjukskrivning": rng.randint(2, 9), "tjänstledighet": rng.randint(5, 14)}.get(kind, 60)
        days = min(days, longest)
        w.record(
            "leave",
            start,
            kind,
            {
                "kind": kind,
                "start": start,
                "end": start + dt.timedelta(days=days),
                "extent": 50 if kind == "föräldraledighet" else 100,
                "status": "done",
                "notes": LEAVE_NOTES[kind] if rng.random() < 0.5 else None,
            },
        )


def _expenses(w: _Writer, n: int, courses: list[tuple[str, str, dt.date]]) -> None:
    rng = w.rng
    for i in range(n):
        category = rng.choice(["kursavgift", "resa", "logi", "litteratur", "konferens", "kursavgift", "resa"])
        rel, title, start = courses[i % len(courses)]
        course = rel if category in ("kursavgift", "resa", "logi") else None
        date = start - dt.timedelta(days=rng.randint(20, 60)) if category == "kursavgift" else start
        date = max(date, ST_START)
        amount = {
            "kursavgift": rng.choice([2500, 4800, 6500, 9800, 12000]),
            "resa": rng.choice([640, 980, 1250, 1840, 2360]),
            "logi": rng.choice([1190, 2380, 3570, 4760]),
            "litteratur": rng.choice([349, 495, 629, 895]),
            "konferens": rng.choice([3500, 4900, 6200]),
        }[category]
        description = EXPENSE_TEXT[category].format(
            course=title, book=rng.choice(BOOKS), conference=rng.choice(ACTIVITIES["konferens"])[0]
        )
        w.record(
            "expenses",
            date,
            f"{category}-{title}" if course else category,
            {
                "date": date,
                "amount": amount,
                "category": category,
                "description": description,
                "course": course,
                "status": "done",
            },
        )


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


@dataclass
class Timing:
    """One command, timed in every round. ``prepare`` runs before each run, untimed, and returns
    extra environment (a fresh cache folder for a cold run, an edited record, ...)."""

    name: str
    argv: list[str]
    prepare: Callable[[], dict[str, str]] | None = None
    codes: tuple[int, ...] = (0,)  # the exit codes that are the expected answer
    runs: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # peak resident set size of each run, bytes

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def min(self) -> float:
        return min(self.runs)


def _run_once(argv: list[str], env: dict[str, str], codes: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall clock and peak RSS (``wait4``: this child's own) of one whole process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in codes:
            out.seek(0)
            err.seek(0)
            sys.exit(
                f"bench: `{' '.join(argv)}` exited {proc.returncode}\n"
                f"{out.read().decode(errors='replace')[-3000:]}{err.read().decode(errors='replace')[-3000:]}"
            )
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    return elapsed, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def measure(timings: list[Timing], runs: int, env: dict[str, str]) -> None:
    """One warm-up round, then ``runs`` rounds; commands interleave so drift hits all alike."""
    for round_no in range(runs + 1):
        for timing in timings:
            extra = timing.prepare() if timing.prepare else {}
            elapsed, rss = _run_once(timing.argv, {**env, **extra}, timing.codes)
            if round_no:
                timing.runs.append(elapsed)
                timing.rss.append(rss)
        print(f"  round {round_no or 'warm-up'}{'/' + str(runs) if round_no else ''} done", file=sys.stderr)


def check_findings(stfolio: list[str], root: Path, env: dict[str, str]) -> dict[str, int]:
    """Run check once with --format json; refuse a generated portfolio with errors."""
    proc = subprocess.run([*stfolio, "check", str(root), "--format", "json"], capture_output=True, env=env)
    try:
        payload = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"bench: check did not produce JSON:\n{proc.stdout.decode()}{proc.stderr.decode()}")
    by_severity = {"error": 0, "warning": 0, "info": 0}
    for finding in payload["findings"]:
        by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    if proc.returncode != 0 or by_severity["error"]:
        shown = "\n".join(
            f"{f['path']}:{f.get('line', 0)}: {f['severity']} {f['code']} {f['message']}"
            for f in payload["findings"][:20]
        )
        sys.exit(f"bench: the generated portfolio {root} has errors (a bug in the generator):\n{shown}")
    return {"files": payload["files"], **by_severity}


class Caches:
    """The result-cache folders of the runs: a new empty one per cold run, one kept warm."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.count = 0

    def cold(self) -> dict[str, str]:
        self.count += 1
        return {"STFOLIO_CACHE_DIR": str(self.base / f"cold-{self.count}")}

    def warm(self, name: str) -> dict[str, str]:
        return {"STFOLIO_CACHE_DIR": str(self.base / name)}


def verify_cache(stfolio: list[str], argv: list[str], env: dict[str, str]) -> None:
    """Refuse to time a warm run that is not a cache hit, or whose output differs from a fresh run."""
    fresh = subprocess.run([*stfolio, *argv], capture_output=True, env={**env, "STFOLIO_NO_CACHE": "1"})
    for _ in range(2):  # the first stores, the second answers
        time.sleep(0.2)
        cached = subprocess.run([*stfolio, *argv], capture_output=True, env=env)
    traced = subprocess.run([sys.executable, "-X", "importtime", *stfolio[1:], *argv], capture_output=True, env=env)
    if (cached.stdout, cached.stderr, cached.returncode) != (fresh.stdout, fresh.stderr, fresh.returncode):
        sys.exit(f"bench: the cached answer of `{' '.join(argv)}` differs from a fresh one")
    if stfolio[1:2] == ["-m"] and b"typer" in traced.stderr:
        sys.exit(f"bench: `{' '.join(argv)}` was not answered from the cache (typer was imported)")


class OneFileChanged:
    """Before each run: one record edited (a comment added or taken away, so every run is a
    valid portfolio), then aged past the cache's racy window so the answer is stored, as when a
    record is saved and then committed."""

    def __init__(self, root: Path, cache: dict[str, str]) -> None:
        self.root = root
        self.path = sorted((root / "meetings").glob("*.yaml"))[0]
        self.original = self.path.read_text(encoding="utf-8")
        self.cache = cache
        self.flip = False

    def __call__(self) -> dict[str, str]:
        self.flip = not self.flip
        text = self.original + ("# ändrad inför nästa commit\n" if self.flip else "")
        self.path.write_text(text, encoding="utf-8")
        time.sleep(0.15)
        return self.cache


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _target(name: str, ratio: float, target: float, unit: str = "×", aim: float | None = None) -> dict[str, Any]:
    passed = ratio <= target
    return {"name": name, "ratio": round(ratio, 3), "target": target, "unit": unit, "aim": aim, "pass": passed}


def report(results: dict[str, Any]) -> str:
    cfg = results["config"]
    lines = [
        f"stfolio bench: {cfg['records']:,} and {cfg['records'] * 10:,} records; "
        f"median and min of {cfg['runs']} run{'s' if cfg['runs'] != 1 else ''} after 1 warm-up; wall clock per process",
        f"python {cfg['python_version']} ({cfg['python']}), {cfg['cpus']} CPUs, {cfg['platform']}",
        f"stfolio run as: {' '.join(cfg['stfolio_command'])}; load average at the start: {cfg['load_average']}",
        "",
        f"{'figure':<48}{'median':>10}{'min':>10}{'peak RSS':>10}",
    ]
    for row in results["timings"].values():
        rss = f"{row['rss_mb']:.0f} MB"
        lines.append(f"{row['label']:<48}{_ms(row['median_s']):>10}{_ms(row['min_s']):>10}{rss:>10}")
    lines += ["", f"{'target':<48}{'figure':>10}{'limit':>10}  result"]
    for t in results["targets"]:
        verdict = "PASS" if t["pass"] else "MISS"
        share = t["ratio"] / t["target"]
        aim = f"; aim {t['aim']}{t['unit']}: {'met' if t['ratio'] <= t['aim'] else 'not met'}" if t["aim"] else ""
        figure = f"{t['ratio']:.2f}{t['unit']}" if t["unit"] == "×" else f"{t['ratio']:.0f} {t['unit']}"
        limit = f"{t['target']:.1f}{t['unit']}" if t["unit"] == "×" else f"{t['target']:.0f} {t['unit']}"
        lines.append(f"{t['name']:<48}{figure:>10}{limit:>10}  {verdict} ({share:.0%} of the limit{aim})")
    lines += ["", "other figures"]
    for name, value in results["other_ratios"].items():
        lines.append(f"  {name:<46}{value:>10}")
    lines.append("")
    for p in results["portfolios"].values():
        lines.append(
            f"{p['records']:,} records: {p['yaml_files']:,} YAML files ({p['yaml_bytes'] / 1024:,.0f} KiB), "
            f"{p['evidence_files']} evidence files; check found errors: {p['findings']['error']}, "
            f"warnings: {p['findings']['warning']}, notes: {p['findings']['info']}"
        )
    return "\n".join(lines)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], prog="bench.py")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command after one warm-up (default 5)")
    parser.add_argument("--records", type=int, default=1000, help="records in the base portfolio (default 1000)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--keep", action="store_true", help=f"keep the generated portfolios, in {OUT_DIR}")
    parser.add_argument(
        "--entry",
        choices=["module", "script"],
        default="module",
        help="run stfolio as `python -m stfolio` (default) or as the console script beside the interpreter",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.records < 100:
        parser.error("--runs must be at least 1 and --records at least 100")
    return args


def _stfolio_command(entry: str) -> list[str]:
    missing = [name for name in ("stfolio", "yaml", "typer") if importlib.util.find_spec(name) is None]
    if missing or not hasattr(importlib.import_module("yaml"), "CSafeLoader"):
        sys.exit(
            f"bench: run me with the project's venv python (stfolio, typer, PyYAML with libyaml); missing: {missing}"
        )
    if entry == "script":
        script = Path(sys.executable).parent / "stfolio"
        if not script.exists():
            sys.exit(f"bench: no console script at {script}")
        return [str(script)]
    return [sys.executable, "-m", "stfolio"]


def _timings(
    stfolio: list[str], small: Path, large: Path, empty: Path, caches: Caches, changed: OneFileChanged
) -> dict[str, Timing]:
    python = sys.executable
    n_small, n_large = f"{_records(small):,}", f"{_records(large):,}"
    return {
        "check": Timing(f"check {n_small} records, cold", [*stfolio, "check", str(small)], caches.cold),
        "floor": Timing(f"floor {n_small} records (CSafeLoader)", [python, "-c", FLOOR_SCRIPT, str(small)]),
        "check_warm": Timing(
            f"check {n_small} records, warm (cache hit)", [*stfolio, "check", str(small)], lambda: caches.warm("warm")
        ),
        "check_changed": Timing(
            f"check {n_small} records, one file changed", [*stfolio, "check", str(changed.root)], changed
        ),
        "report_annual": Timing(
            f"report annual -f html, {n_small} records",
            [*stfolio, "report", "annual", "-f", "html", "-C", str(small)],
            caches.cold,
        ),
        "report_iup": Timing(
            f"report iup, {n_small} records", [*stfolio, "report", "iup", "-C", str(small)], caches.cold
        ),
        "status": Timing(f"status, {n_small} records", [*stfolio, "status", str(small)], caches.cold),
        "check_10x": Timing(f"check {n_large} records, cold", [*stfolio, "check", str(large)], caches.cold),
        "floor_10x": Timing(f"floor {n_large} records (CSafeLoader)", [python, "-c", FLOOR_SCRIPT, str(large)]),
        "version": Timing("stfolio --version", [*stfolio, "--version"]),
        "import_typer": Timing('python -c "import typer"', [python, "-c", "import typer"]),
        # The fixed cost: start-up, catalogue and rules with nothing to judge.
        # A profile without records has errors (BT not served): exit 1 is its answer.
        "check_profile": Timing(
            "check, profile only (0 records), cold", [*stfolio, "check", str(empty)], caches.cold, codes=(0, 1)
        ),
        "floor_profile": Timing("floor, profile only (0 records)", [python, "-c", FLOOR_SCRIPT, str(empty)]),
    }


def _records(root: Path) -> int:
    return int(root.name.rsplit("-", 1)[1])


def _targets(t: dict[str, Timing], n: int) -> list[dict[str, Any]]:
    floor, floor_l = t["floor"].median, t["floor_10x"].median
    mb = 1024 * 1024
    return [
        _target(
            f"cold check / floor ({n:,} records)", t["check"].median / floor, TARGET_CHECK_FLOOR, aim=AIM_CHECK_FLOOR
        ),
        _target(f"cold check / floor ({n * 10:,} records)", t["check_10x"].median / floor_l, TARGET_CHECK_FLOOR_10X),
        _target(f"warm check / floor ({n:,} records)", t["check_warm"].median / floor, TARGET_WARM),
        _target("one file changed / cold check", t["check_changed"].median / t["check"].median, TARGET_CHANGED),
        _target("report annual -f html / floor", t["report_annual"].median / floor, TARGET_REPORTS),
        _target("report iup / floor", t["report_iup"].median / floor, TARGET_REPORTS),
        _target("status / floor", t["status"].median / floor, TARGET_REPORTS),
        _target(f"peak RSS, check {n * 10:,} records", max(t["check_10x"].rss) / mb, TARGET_RSS_MB, unit="MB"),
        _target(f"check {n * 10:,} / check {n:,} (growth)", t["check_10x"].median / t["check"].median, TARGET_SCALING),
        _target(
            "stfolio --version / import typer", t["version"].median / t["import_typer"].median, TARGET_VERSION_TYPER
        ),
    ]


def _other(t: dict[str, Timing], n_small: int, n_large: int) -> dict[str, Any]:
    check_s, check_l, check_0 = t["check"].median, t["check_10x"].median, t["check_profile"].median
    floor_s, floor_l, floor_0 = t["floor"].median, t["floor_10x"].median, t["floor_profile"].median
    mb = 1024 * 1024
    return {
        f"floor {n_large:,} / floor {n_small:,}": round(floor_l / floor_s, 2),
        f"peak RSS, floor {n_large:,} records (MB)": round(max(t["floor_10x"].rss) / mb, 1),
        f"peak RSS, check {n_small:,} records (MB)": round(max(t["check"].rss) / mb, 1),
        # The slope between the two sizes: the cost of one more record, start-up excluded.
        "check, ms per extra record": round((check_l - check_s) / (n_large - n_small) * 1000, 3),
        "floor, ms per extra file": round((floor_l - floor_s) / (n_large - n_small) * 1000, 3),
        "check / floor (profile only)": round(check_0 / floor_0, 2),
        "check, profile only, minus floor (ms)": round((check_0 - floor_0) * 1000),
        # Scaling of the per-record work alone: above 10 means worse than linear somewhere.
        f"check minus profile-only, {n_large:,} / {n_small:,}": round((check_l - check_0) / (check_s - check_0), 2),
        f"floor minus profile-only, {n_large:,} / {n_small:,}": round((floor_l - floor_0) / (floor_s - floor_0), 2),
    }


def _generate(base: Path, sizes: tuple[int, ...], seed: int, stfolio: list[str], env: dict[str, str]) -> dict[int, Any]:
    portfolios = {}
    for n in sizes:
        root = base / f"portfolio-{n}"
        if root.exists():
            shutil.rmtree(root)
        started = time.perf_counter()
        generated = generate_portfolio(root, n, seed)
        print(
            f"generated {n:,} records in {root} ({time.perf_counter() - started:.1f} s); checking it once",
            file=sys.stderr,
        )
        portfolios[n] = (generated, check_findings(stfolio, root, {**env, "STFOLIO_NO_CACHE": "1"}))
    return portfolios


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    stfolio_cmd = _stfolio_command(args.entry)
    python = sys.executable
    # Same environment for every process; no colour, no user site surprises, never the user's cache.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and not k.startswith("STFOLIO_")}
    env["NO_COLOR"] = "1"
    base = OUT_DIR if args.keep else Path(tempfile.mkdtemp(prefix="stfolio-bench-"))
    base.mkdir(exist_ok=True)
    small_n, large_n = args.records, args.records * 10
    caches = Caches(base / "cache")
    shutil.rmtree(caches.base, ignore_errors=True)
    try:
        portfolios = _generate(base, (small_n, large_n), args.seed, stfolio_cmd, env)
        small, large = portfolios[small_n][0].root, portfolios[large_n][0].root
        empty = base / "portfolio-0"
        shutil.rmtree(empty, ignore_errors=True)
        empty.mkdir()
        (empty / "stfolio.yaml").write_text(_profile(), encoding="utf-8")
        verify_cache(stfolio_cmd, ["check", str(small)], {**env, **caches.warm("warm")})
        # Its own copy of the portfolio, so the edits never touch what the other figures read.
        edited = base / f"edited-{small_n}"
        shutil.rmtree(edited, ignore_errors=True)
        shutil.copytree(small, edited)
        changed = OneFileChanged(edited, caches.warm("changed"))
        timings = _timings(stfolio_cmd, small, large, empty, caches, changed)
        print(f"timing {len(timings)} commands, 1 warm-up + {args.runs} rounds", file=sys.stderr)
        measure(list(timings.values()), args.runs, env)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    results: dict[str, Any] = {
        "config": {
            "records": small_n,
            "runs": args.runs,
            "warmup": 1,
            "seed": args.seed,
            "python": python,
            "python_version": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(terse=True),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "stfolio_command": [Path(a).name if a == python else a for a in stfolio_cmd],
            "entry": args.entry,
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        "portfolios": {
            str(n): {
                "records": n,
                "counts": g.counts,
                "yaml_files": g.yaml_files,
                "yaml_bytes": g.yaml_bytes,
                "evidence_files": g.evidence_files,
                "findings": f,
                "kept_at": str(g.root) if args.keep else None,
            }
            for n, (g, f) in portfolios.items()
        },
        "timings": {
            key: {
                "label": t.name,
                "median_s": round(t.median, 4),
                "min_s": round(t.min, 4),
                "runs_s": [round(r, 4) for r in t.runs],
                "rss_mb": round(max(t.rss) / 1024 / 1024, 1),
            }
            for key, t in timings.items()
        },
        "targets": _targets(timings, small_n),
        "other_ratios": _other(timings, small_n, large_n),
    }
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
