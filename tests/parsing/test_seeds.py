"""The seed table, read end to end through archive.parsing.parse."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from archive.parsing import ParseError, parse
from archive.parsing.tags import canonical_tag

_ROOT = Path(__file__).resolve().parents[2]
_SHARED_SEEDS = _ROOT.parent / "shared" / "seeds"
_PROJECT_SEEDS = _ROOT / "archive" / "fixtures" / "seeds"


def seed(prefix: str) -> Path:
    for folder in (_PROJECT_SEEDS, _SHARED_SEEDS):
        found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.exists() else []
        if found:
            return found[0]
    pytest.skip(f"seed {prefix} not found in {_PROJECT_SEEDS} or {_SHARED_SEEDS}")


def read(prefix: str):
    path = seed(prefix)
    return parse(path.read_bytes(), source=path.name)


def markings(cable) -> list[str | None]:
    return [p.classification for p in cable.paragraphs]


def test_seed_000_peace_mission_exercise():
    cable = read("000")
    assert cable.id == "07MOSCOW3996"
    assert cable.date == datetime(2007, 8, 15, 11, 34, tzinfo=UTC)
    assert cable.origin == "Embassy Moscow"
    assert cable.classification == "CONFIDENTIAL"
    assert cable.tags == ["PREL", "MOPS", "PTER", "RS", "CH"]
    assert cable.subject == (
        '"PEACE MISSION 2007": SHANGHAI COOPERATION ORGANIZATION MILITARY EXERCISE IN CHELYABINSK'
    )
    assert cable.references == []
    assert (cable.classified_by.name, cable.classified_by.title) == ("Colin Cleary", "A/POL")
    assert cable.signer == "RUSSELL"
    assert cable.declassify_on == date(2017, 8, 13)
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4, 5, 6]
    assert markings(cable) == "C U C C C C".split()
    assert "some Central Asian countries could desert" in cable.paragraphs[3].text


def test_seed_001_sco_military_links():
    cable = read("001")
    assert cable.id == "07MOSCOW4141"
    assert cable.date == datetime(2007, 8, 24, 2, 44, tzinfo=UTC)
    assert cable.origin == "Embassy Moscow"
    assert cable.classification == "CONFIDENTIAL"
    assert cable.tags == ["PREL", "MOPS", "PTER", "RS", "CH"]
    assert [(r.label, r.text, r.id) for r in cable.references] == [
        (None, "MOSCOW 3996", "07MOSCOW3996")
    ]
    assert (cable.classified_by.name, cable.classified_by.title) == (
        "Colin Cleary",
        "Deputy Political M/C",
    )
    assert cable.signer == "MELVILLE"
    assert cable.declassify_on == date(2017, 8, 20)
    assert [p.number for p in cable.paragraphs] == list(range(1, 9))
    assert markings(cable) == ["C"] * 8
    assert "since it is strong both militarily and economically" in cable.paragraphs[5].text


def test_seed_003_nrc_missile_defense():
    cable = read("003")
    assert cable.id == "07USNATO577"
    assert cable.date == datetime(2007, 10, 24, 15, 9, tzinfo=UTC)
    assert cable.origin == "Mission USNATO"
    assert cable.classification == "CONFIDENTIAL//NOFORN"
    assert cable.section is not None
    assert (cable.section.number, cable.section.of) == (1, 3)
    assert "SIPDIS" in cable.handling and "NOFORN" in cable.handling
    assert cable.precedence == "IMMEDIATE"
    assert len(cable.info) == 10
    assert cable.tags == ["NATO", "PREL", "MARR", "RU"]
    assert [canonical_tag(tag) for tag in cable.tags] == ["NATO", "PREL", "MARR", "RS"]
    assert cable.subject == "NRC: RUSSIANS ILL-PREPARED TO RESPOND TO US 2+2 MISSILE DEFENSE OFFER"
    assert [(r.label, r.id) for r in cable.references] == [
        ("A", "07USNATO263"),
        ("B", "07USNATO430"),
        ("C", "07USNATO544"),
    ]
    assert (cable.classified_by.name, cable.classified_by.title) == ("Richard Olson", "Charge")
    assert cable.signer == "OLSON"
    assert cable.declassify_on == date(2017, 10, 17)
    assert [p.number for p in cable.paragraphs] == list(range(1, 14))
    assert markings(cable) == "C/NF C C C C C/NF C C/NF C/NF C C C/NF U".split()
    assert "met with their Russian counterparts October 12-13" in cable.paragraphs[1].text


def test_seed_004_missile_defense_consultations():
    cable = read("004")
    assert cable.id == "06MOSCOW12473"
    assert cable.date == datetime(2006, 11, 16, 15, 8, tzinfo=UTC)
    assert cable.origin == "Embassy Moscow"
    assert cable.classification == "SECRET"
    assert cable.tags == ["MARR", "MCAP", "PARM", "PREL", "RS"]
    assert cable.references == []
    assert (cable.classified_by.name, cable.classified_by.title) == (
        "Daniel A. Russell",
        "Deputy Chief of Mission",
    )
    assert cable.signer == "BURNS"
    assert cable.declassify_on == date(2016, 11, 15)
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4]
    assert markings(cable) == ["S"] * 4


def test_seed_002_the_research_paper_is_not_a_cable():
    path = next(_SHARED_SEEDS.glob("002_*.txt"), None)
    if path is None:
        pytest.skip(f"seed 002 not found in {_SHARED_SEEDS}")
    with pytest.raises(ParseError, match="not a cable"):
        parse(path.read_bytes(), source=path.name)
