"""The verified catalogue entries cannot drift from Socialstyrelsen's own documents.

The documents are not part of the repository: they are read from ``../shared/sources`` beside
the repository root, or from ``$STFOLIO_SOURCES`` (see that folder's README.md). Without them
every test here is skipped with the reason; nothing else in the suite needs them.

What is compared, per source: the goal ids, the titles where the source has titles, the
prescribed and advised activities (so also the course flag) and, for the forms, the number,
the printed title and the signers. The text layers are ``pdftotext -layout`` output (the 2015
målbeskrivning, the forms) or OCR (the 2021 scan, whose page images were read to verify it; the
OCR is only a guard here, with patterns that tolerate its reading errors).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stfolio.catalogue import Goal, GoalFile, IntygForm, RegulationMeta
from stfolio.loader import load_file
from stfolio.resources import goals_dir

R2021, R2015 = "HSLF-FS 2021:8", "SOSFS 2015:8"
BESIDE_REPO = Path(__file__).resolve().parents[2] / "shared" / "sources"


def sources_root() -> Path:
    configured = os.environ.get("STFOLIO_SOURCES")
    root = Path(configured) if configured else BESIDE_REPO
    if not (root / "malbeskrivningar").is_dir() or not (root / "forms").is_dir():
        pytest.skip(f"Socialstyrelsen's source documents not found at {root} (set STFOLIO_SOURCES)")
    return root


def read(rel: str) -> str:
    path = sources_root() / rel
    if not path.is_file():
        pytest.skip(f"source text {rel} not found at {path}")
    return path.read_text(encoding="utf-8")


def norm(text: str) -> str:
    """Compare texts as words: ligatures unfolded, case, hyphenation and line breaks ignored."""
    text = unicodedata.normalize("NFKC", text).lower().replace(" – ", " ")
    text = re.sub(r"-\s+", "", text)  # "läkemedels- behandlingen", and "hälso- och" alike on both sides
    return re.sub(r"\s+", " ", text).strip()


def goal_file(rel: str) -> GoalFile:
    _source, model, findings = load_file(goals_dir(), rel, GoalFile)
    assert findings == [] and isinstance(model, GoalFile)
    return model


def regulation(rel: str) -> RegulationMeta:
    _source, model, findings = load_file(goals_dir(), rel, RegulationMeta)
    assert findings == [] and isinstance(model, RegulationMeta)
    return model


def required(goal: Goal) -> set[str]:
    """Activities the goal demands: prescribed ones and each either/or choice."""
    return set(goal.activities.prescribed) | {kind for group in goal.activities.alternatives for kind in group}


# --- SOSFS 2015:8, psykiatri: a text layer in three columns ------------------------------------

MB2015 = "malbeskrivningar/psykiatri-2015-sosfs-2015-8.txt"
HEADING_2015 = re.compile(r"^\s*Delmål ([abc]\d+)\s{2,}Utbildnings-\s{2,}Uppföljning\s*$")
# Words that name an activity in the middle column; case matters, so that the kompetenskrav
# ("kunna handleda", "systematiskt kvalitets- och") in the left column are not taken for one.
PRESCRIBED_2015 = {
    "Klinisk tjänstgöring": "klinisk-tjanstgoring",
    "Deltagande i en eller": "kurs",
    "auskultation": "auskultation",
    "Kvalitets- och": "kvalitetsarbete",
    "Självständigt skriftligt": "skriftligt-arbete",
}
ADVISED_2015 = {
    "seminarium": "seminarium",
    "Medsittning": "medsittning",
    "Teoretiska studier": "teoretiska-studier",
    "yrkesrelaterad": "sammankomst",
    "professionell": "reflektion",
    "Handleda under": "handleda",
    "Undervisa under": "undervisa",
    "simulerad": "simulering",
}


@dataclass
class SourceGoal:
    title: str = ""
    prescribed: set[str] = field(default_factory=set)
    advised: set[str] = field(default_factory=set)


def goals_2015() -> dict[str, SourceGoal]:
    """Each delmål table of the 2015 chapter: its title, and its activities before and after
    the line 'Allmänna råd' (the layout keeps the rows of a table in vertical order)."""
    tables: dict[str, tuple[int, list[str]]] = {}
    current = None
    for line in read(MB2015).splitlines():
        heading = HEADING_2015.match(line)
        if heading:
            current = heading.group(1)
            tables[current] = (line.index("Utbildnings-"), [])
        elif current is not None and "LÄKARNAS SPECIALISERINGSTJÄNSTGÖRING" in line:
            current = None  # the page footer ends the table
        elif current is not None:
            tables[current][1].append(line)
    found = {}
    for goal_id, (middle, lines) in tables.items():
        title = []
        for line in lines:
            if "Den specialistkompetenta läkaren ska" in line:
                break
            title += [m.group() for m in re.finditer(r"\S+(?: \S+)*", line) if m.start() < middle - 2]
        split = next((i for i, line in enumerate(lines) if re.search(r"\bAllmänna råd\b", line)), len(lines))
        found[goal_id] = SourceGoal(
            norm(" ".join(title)),
            {kind for word, kind in PRESCRIBED_2015.items() for line in lines[:split] if word in line},
            {kind for word, kind in ADVISED_2015.items() for line in lines[split:] if word in line},
        )
    return found


def test_2015_psykiatri_has_exactly_the_goals_the_chapter_lists() -> None:
    text = read(MB2015)
    assert "För psykiatri gäller a1–a6, b1–b5 samt c1–c13." in text
    common = [g.id for g in goal_file("sosfs-2015-8/common.yaml").goals]
    specific = [g.id for g in goal_file("sosfs-2015-8/specialties/psykiatri.yaml").goals]
    assert common == [f"a{i}" for i in range(1, 7)] + [f"b{i}" for i in range(1, 6)]
    assert specific == [f"c{i}" for i in range(1, 14)]
    assert list(goals_2015()) == common + specific


@pytest.mark.parametrize("rel", ["sosfs-2015-8/common.yaml", "sosfs-2015-8/specialties/psykiatri.yaml"])
def test_2015_verified_goals_match_the_psykiatri_chapter(rel: str) -> None:
    source = goals_2015()
    checked = 0
    for goal in goal_file(rel).goals:
        if not goal.verified:
            continue
        checked += 1
        found = source[goal.id]
        if found.title:
            assert norm(goal.title) == found.title, goal.id
        else:  # the c-goals have numbers only: our titles are labels, and the note says so
            assert goal.note and "Title is our label" in goal.note, goal.id
        assert required(goal) == found.prescribed, goal.id
        assert set(goal.activities.advised) == found.advised, goal.id
        assert goal.course == ("required" if "kurs" in found.prescribed else "none"), goal.id
        assert goal.note and goal.note.startswith("Verified: SoS-MB2015-psykiatri p. "), goal.id
    assert checked == len(goal_file(rel).goals)


def test_2015_c1_to_c4_list_a_course() -> None:
    source = goals_2015()
    assert all("kurs" in source[f"c{i}"].prescribed for i in range(1, 5))
    goals = {g.id: g for g in goal_file("sosfs-2015-8/specialties/psykiatri.yaml").goals}
    assert [goals[f"c{i}"].course for i in range(1, 5)] == ["required"] * 4


# --- HSLF-FS 2021:8, psykiatri STc: OCR of a scan ------------------------------------------------

SCAN_OCR = "malbeskrivningar/psykiatri-2021-stc-skannad.ocr.txt"
# Patterns that survive the OCR's reading errors ("Medisittning", "Deliagande", "ien eller").
ADVISED_2021 = {
    r"seminarium": "seminarium",
    r"me\w{0,2}sittning": "medsittning",
    r"teoretiska": "teoretiska-studier",
    r"auskultation": "auskultation",
    r"kurser": "kurs",
}


def activity_sections_2021() -> list[tuple[str, str]]:
    """(prescribed, advised) text of each 'Utbildningsaktiviteter' section, in page order.

    The OCR reads each page column by column, so the n-th section belongs to the n-th delmål.
    A section ends at the next 'Utbildningsaktiviteter' or 'Intyg' heading."""
    sections: list[list[str]] = []
    current: list[str] | None = None
    for line in read(SCAN_OCR).splitlines():
        bare = line.strip(" |")
        if bare in ("Utbildningsaktiviteter", "Intyg"):
            if current is not None:
                sections.append(current)
            current = [] if bare == "Utbildningsaktiviteter" else None
        elif current is not None:
            current.append(line)
    if current is not None:
        sections.append(current)
    result = []
    for lines in sections:
        split = next((i for i, line in enumerate(lines) if "Allmänna råd" in line), len(lines))
        result.append((norm(" ".join(lines[:split])), norm(" ".join(lines[split:]))))
    return result


def test_2021_psykiatri_has_exactly_the_stc_goals_of_the_scan() -> None:
    ids = [int(n) for n in re.findall(r"Delmål STc(\d+)", read(SCAN_OCR))]
    assert ids == list(range(1, 15))
    shipped = [g.id for g in goal_file("hslf-fs-2021-8/specialties/psykiatri.yaml").goals]
    assert shipped == [f"STc{i}" for i in range(1, 15)]


def test_2021_verified_stc_goals_match_the_scan() -> None:
    sections = activity_sections_2021()
    goals = goal_file("hslf-fs-2021-8/specialties/psykiatri.yaml").goals
    assert len(sections) == len(goals) == 14
    for goal, (prescribed, advised) in zip(goals, sections, strict=True):
        assert goal.verified, goal.id
        assert goal.note and goal.note.startswith("Verified: SoS-MB2021-psykiatri-STc page image "), goal.id
        assert "Title is our label" in goal.note, goal.id  # the scan numbers the goals only
        assert "klinisk tjänstgöring under" in prescribed, goal.id
        course_prescribed = "kurser" in prescribed
        assert ("kurs" in goal.activities.prescribed) == course_prescribed, goal.id
        found_advised = {kind for pattern, kind in ADVISED_2021.items() if re.search(pattern, advised)}
        assert set(goal.activities.advised) == found_advised, goal.id
        expected = "required" if course_prescribed else "advised" if "kurs" in found_advised else "none"
        assert goal.course == expected, goal.id


# --- The forms of both regulations ---------------------------------------------------------------

# How each role of issued_by is named on the forms.
SIGNER_WORDS = {
    "handledare": "handledare",
    "huvudhandledare": "huvudansvarig handledare",
    "kursledare": "kursledare",
    "verksamhetschef": "verksamhetschef",
    "extern-bedomare": "extern bedömare",
    "intygsutfardande-specialist": "specialistläkare, utöver den huvudansvariga handledaren",
    "sokande": "sökandens",
}


def form_texts(folder: str, footer: str) -> dict[str, str]:
    """Form id ('bilaga-8a') -> normalised text, numbered by the footer each form prints."""
    root = sources_root() / "forms" / folder
    found: dict[str, str] = {}
    for path in sorted(root.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        numbers = set(re.findall(rf"{re.escape(footer)} - Bilaga (\d+(?: [a-z])?)\b", text))
        assert len(numbers) == 1, path.name
        form_id = "bilaga-" + numbers.pop().replace(" ", "")
        assert form_id not in found, path.name
        found[form_id] = norm(text)
    return found


@pytest.mark.parametrize(
    ("rel", "folder", "footer", "count"),
    [
        ("hslf-fs-2021-8/regulation.yaml", "2021", "HSLF-FS 2021:8", 13),
        ("sosfs-2015-8/regulation.yaml", "2015", "SOSFS 2015:8", 9),
    ],
)
def test_every_form_is_shipped_with_its_number_title_and_signers(
    rel: str, folder: str, footer: str, count: int
) -> None:
    texts = form_texts(folder, footer)
    forms: list[IntygForm] = regulation(rel).intyg_forms
    assert len(texts) == count
    assert sorted(f.id for f in forms) == sorted(texts)
    for form in forms:
        text = texts[form.id]
        assert form.verified, form.id
        assert norm(form.title) in text, form.id
        for role in form.issued_by:
            assert norm(SIGNER_WORDS[role]) in text, (form.id, role)
        assert form.note and form.note.startswith(f"Verified: SoS-Blanketter{folder} "), form.id


def test_the_2021_specialist_application_asks_only_for_the_date_of_the_godkand_bt() -> None:
    text = form_texts("2021", "HSLF-FS 2021:8")["bilaga-5"]
    assert "intyg om godkänd bastjänstgöring datum (ååmmdd)" in text
    assert "delmål i bastjänstgöringen" not in text and "uppnådd baskompetens" not in text


def test_bilaga_7_of_2021_is_not_signed_by_the_verksamhetschef() -> None:
    text = form_texts("2021", "HSLF-FS 2021:8")["bilaga-7"]
    assert "verksamhetschef" not in text
    form = next(f for f in regulation("hslf-fs-2021-8/regulation.yaml").intyg_forms if f.id == "bilaga-7")
    assert form.issued_by == ["huvudhandledare", "intygsutfardande-specialist"]
