"""Make archive/data/officeholders.tsv from the State Department historian's tables.

    .venv/bin/python scripts/officeholders.py            # writes the shipped table
    .venv/bin/python scripts/officeholders.py --check    # says whether it is up to date

Reads `chiefs-of-mission.tsv` and `principal-officers.tsv` (HistoryAtState/pocom @
44d2226, "Principal Officers & Chiefs of Mission", US government work, public domain;
see ../shared/data/SOURCES.md) and keeps what the archive needs of them: every term in
office that overlaps 1960-2011, with the archive posts (cable origins) whose signatures
the officeholder gives. The post names and the office titles of missions to
organisations are the project's own.

Which posts a term signs for:

- An embassy's cables are signed by the chief of mission (ambassador or chargé), so a
  country's chiefs map to its embassy ("egypt" -> "Embassy Cairo"), and a mission to
  an organisation's to that mission ("representative-to-nato" -> "Mission USNATO").
- Consulates are not mapped: their cables are signed by the principal officer (the
  consul general), whom these tables do not list. Countries served from an embassy
  elsewhere (Andorra from Madrid, Dominica from Bridgetown) have no post of their own:
  their chief signs as the chief of the embassy they sit in, which has its own rows.
- STATE cables ("Secretary of State") carry the Secretary's surname; every principal
  officer of the Department is mapped to it too (a signature is tied only when its
  surname matches an officeholder of that day), and the Secretary also to the
  travelling party ("US Delegation, Secretary"). Officers outside the Department
  (USIA, USTR, AID, ACDA) keep their offices in the table but sign for no post, and
  "Career Ambassador", a rank rather than an office, is left out.

A term starts when the source says the officeholder started (presented credentials,
took the oath) or, where it gives no start, when they were appointed; a term with
neither, or appointed with no start and no end (a nomination that never led to
service), is left out.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "archive" / "data" / "officeholders.tsv"
SOURCES = ("chiefs-of-mission.tsv", "principal-officers.tsv")
FIRST_YEAR, LAST_YEAR = 1960, 2011

HEADER = (
    "# Officeholders of the posts that sign cables, 1960-2011: US chiefs of mission by\n"
    "# embassy or mission, the Secretary of State and the Department's principal officers.\n"
    "# Source: HistoryAtState/pocom @ 44d2226 (US Department of State, Office of the\n"
    "# Historian, Principal Officers & Chiefs of Mission), public domain. Made by\n"
    "# scripts/officeholders.py; do not edit by hand. Dates as precise as the source gives\n"
    "# them; posts are the archive's cable origins, separated by ';'.\n"
)
SOURCE_COLUMNS = (
    "person_id forename surname suffix role kind mission appointed started ended".split()
)
COLUMNS = ["person", "name", "surname", "office", "mission", "posts", "started", "ended"]

# A post with the years it held that name for this mission: Berlin was East Germany's
# until 1990 and united Germany's from 1999; Taipei had the embassy to China until 1979.
Post = str | tuple[str, str | None, str | None]

# Country id -> (name, embassy posts). An empty list: served from another embassy.
COUNTRIES: dict[str, tuple[str, list[Post]]] = {
    "afghanistan": ("Afghanistan", ["Embassy Kabul"]),
    "albania": ("Albania", ["Embassy Tirana"]),
    "algeria": ("Algeria", ["Embassy Algiers"]),
    "andorra": ("Andorra", []),
    "angola": ("Angola", ["Embassy Luanda"]),
    "antigua-barbuda": ("Antigua and Barbuda", []),
    "argentina": ("Argentina", ["Embassy Buenos Aires"]),
    "armenia": ("Armenia", ["Embassy Yerevan"]),
    "australia": ("Australia", ["Embassy Canberra"]),
    "austria": ("Austria", ["Embassy Vienna"]),
    "azerbaijan": ("Azerbaijan", ["Embassy Baku"]),
    "bahamas": ("The Bahamas", ["Embassy Nassau"]),
    "bahrain": ("Bahrain", ["Embassy Manama"]),
    "bangladesh": ("Bangladesh", ["Embassy Dhaka"]),
    "barbados": ("Barbados", ["Embassy Bridgetown"]),
    "belarus": ("Belarus", ["Embassy Minsk"]),
    "belgium": ("Belgium", ["Embassy Brussels"]),
    "belize": ("Belize", ["Embassy Belmopan", "Embassy Belize"]),
    "benin": ("Benin", ["Embassy Cotonou"]),
    "bolivia": ("Bolivia", ["Embassy La Paz"]),
    "bosnia-herzegovina": ("Bosnia and Herzegovina", ["Embassy Sarajevo"]),
    "botswana": ("Botswana", ["Embassy Gaborone"]),
    "brazil": ("Brazil", ["Embassy Brasilia", ("Embassy Rio De Janeiro", None, "1972-12-31")]),
    "brunei": ("Brunei", ["Embassy Bandar Seri Begawan"]),
    "bulgaria": ("Bulgaria", ["Embassy Sofia"]),
    "burkina-faso": ("Burkina Faso", ["Embassy Ouagadougou"]),
    "burma": ("Burma", ["Embassy Rangoon"]),
    "burundi": ("Burundi", ["Embassy Bujumbura"]),
    "cambodia": ("Cambodia", ["Embassy Phnom Penh"]),
    "cameroon": ("Cameroon", ["Embassy Yaounde"]),
    "canada": ("Canada", ["Embassy Ottawa"]),
    "cape-verde": ("Cape Verde", ["Embassy Praia"]),
    "central-african-republic": ("Central African Republic", ["Embassy Bangui"]),
    "chad": ("Chad", ["Embassy Ndjamena"]),
    "chile": ("Chile", ["Embassy Santiago"]),
    "china": (
        "China",
        [("Embassy Taipei", None, "1979-02-28"), ("Embassy Beijing", "1979-03-01", None)],
    ),
    "colombia": ("Colombia", ["Embassy Bogota"]),
    "comoros": ("Comoros", ["Embassy Moroni"]),
    "congo-democratic-republic": ("Democratic Republic of the Congo", ["Embassy Kinshasa"]),
    "congo-republic": ("Republic of the Congo", ["Embassy Brazzaville"]),
    "costa-rica": ("Costa Rica", ["Embassy San Jose"]),
    "cote-divoire": ("Côte d’Ivoire", ["Embassy Abidjan"]),
    "croatia": ("Croatia", ["Embassy Zagreb"]),
    "cuba": (
        "Cuba",
        [
            ("Embassy Havana", None, "1961-01-03"),
            ("US Interests Section Havana", "1977-09-01", "2015-07-19"),
        ],
    ),
    "cyprus": ("Cyprus", ["Embassy Nicosia"]),
    "czech-republic": ("Czech Republic", ["Embassy Prague"]),
    "czechoslovakia": ("Czechoslovakia", ["Embassy Prague"]),
    "denmark": ("Denmark", ["Embassy Copenhagen"]),
    "djibouti": ("Djibouti", ["Embassy Djibouti"]),
    "dominica": ("Dominica", []),
    "dominican-republic": ("Dominican Republic", ["Embassy Santo Domingo"]),
    "ecuador": ("Ecuador", ["Embassy Quito"]),
    "egypt": ("Egypt", ["Embassy Cairo"]),
    "el-salvador": ("El Salvador", ["Embassy San Salvador"]),
    "equatorial-guinea": ("Equatorial Guinea", ["Embassy Malabo"]),
    "eritrea": ("Eritrea", ["Embassy Asmara"]),
    "estonia": ("Estonia", ["Embassy Tallinn"]),
    "ethiopia": ("Ethiopia", ["Embassy Addis Ababa"]),
    "fiji": ("Fiji", ["Embassy Suva"]),
    "finland": ("Finland", ["Embassy Helsinki"]),
    "france": ("France", ["Embassy Paris"]),
    "gabon": ("Gabon", ["Embassy Libreville"]),
    "gambia": ("The Gambia", ["Embassy Banjul"]),
    "georgia": ("Georgia", ["Embassy Tbilisi"]),
    "german-democratic-republic": ("German Democratic Republic", ["Embassy Berlin"]),
    "germany": (
        "Germany",
        [("Embassy Bonn", None, "1999-08-31"), ("Embassy Berlin", "1999-01-01", None)],
    ),
    "ghana": ("Ghana", ["Embassy Accra"]),
    "greece": ("Greece", ["Embassy Athens"]),
    "grenada": ("Grenada", ["Embassy Grenada"]),
    "guatemala": ("Guatemala", ["Embassy Guatemala"]),
    "guinea": ("Guinea", ["Embassy Conakry"]),
    "guinea-bissau": ("Guinea-Bissau", ["Embassy Bissau"]),
    "guyana": ("Guyana", ["Embassy Georgetown"]),
    "haiti": ("Haiti", ["Embassy Port Au Prince"]),
    "holy-see": ("Holy See", ["Embassy Vatican"]),
    "honduras": ("Honduras", ["Embassy Tegucigalpa"]),
    "hungary": ("Hungary", ["Embassy Budapest"]),
    "iceland": ("Iceland", ["Embassy Reykjavik"]),
    "india": ("India", ["Embassy New Delhi"]),
    "indonesia": ("Indonesia", ["Embassy Jakarta"]),
    "iran": ("Iran", ["Embassy Tehran"]),
    "iraq": ("Iraq", ["Embassy Baghdad"]),
    "ireland": ("Ireland", ["Embassy Dublin"]),
    "israel": ("Israel", ["Embassy Tel Aviv"]),
    "italy": ("Italy", ["Embassy Rome"]),
    "jamaica": ("Jamaica", ["Embassy Kingston"]),
    "japan": ("Japan", ["Embassy Tokyo"]),
    "jordan": ("Jordan", ["Embassy Amman"]),
    "kazakhstan": ("Kazakhstan", ["Embassy Astana", "Embassy Almaty"]),
    "kenya": ("Kenya", ["Embassy Nairobi"]),
    "kiribati": ("Kiribati", []),
    "korea": ("Korea", ["Embassy Seoul"]),
    "kosovo": ("Kosovo", ["Embassy Pristina"]),
    "kuwait": ("Kuwait", ["Embassy Kuwait"]),
    "kyrgyzstan": ("Kyrgyzstan", ["Embassy Bishkek"]),
    "laos": ("Laos", ["Embassy Vientiane"]),
    "latvia": ("Latvia", ["Embassy Riga"]),
    "lebanon": ("Lebanon", ["Embassy Beirut"]),
    "lesotho": ("Lesotho", ["Embassy Maseru"]),
    "liberia": ("Liberia", ["Embassy Monrovia"]),
    "libya": ("Libya", ["Embassy Tripoli"]),
    "liechtenstein": ("Liechtenstein", []),
    "lithuania": ("Lithuania", ["Embassy Vilnius"]),
    "luxembourg": ("Luxembourg", ["Embassy Luxembourg"]),
    "macedonia": ("Macedonia", ["Embassy Skopje"]),
    "madagascar": ("Madagascar", ["Embassy Antananarivo"]),
    "malawi": ("Malawi", ["Embassy Lilongwe"]),
    "malaysia": ("Malaysia", ["Embassy Kuala Lumpur"]),
    "maldives": ("Maldives", []),
    "mali": ("Mali", ["Embassy Bamako"]),
    "malta": ("Malta", ["Embassy Valletta"]),
    "marshall-islands": ("Marshall Islands", ["Embassy Majuro"]),
    "mauritania": ("Mauritania", ["Embassy Nouakchott"]),
    "mauritius": ("Mauritius", ["Embassy Port Louis"]),
    "mexico": ("Mexico", ["Embassy Mexico"]),
    "micronesia": ("Micronesia", ["Embassy Kolonia"]),
    "moldova": ("Moldova", ["Embassy Chisinau"]),
    "monaco": ("Monaco", []),
    "mongolia": ("Mongolia", ["Embassy Ulaanbaatar"]),
    "montenegro": ("Montenegro", ["Embassy Podgorica"]),
    "morocco": ("Morocco", ["Embassy Rabat"]),
    "mozambique": ("Mozambique", ["Embassy Maputo"]),
    "namibia": ("Namibia", ["Embassy Windhoek"]),
    "nauru": ("Nauru", []),
    "nepal": ("Nepal", ["Embassy Kathmandu"]),
    "netherlands": ("Netherlands", ["Embassy The Hague"]),
    "new-zealand": ("New Zealand", ["Embassy Wellington"]),
    "nicaragua": ("Nicaragua", ["Embassy Managua"]),
    "niger": ("Niger", ["Embassy Niamey"]),
    "nigeria": ("Nigeria", ["Embassy Abuja", "Embassy Lagos"]),
    "norway": ("Norway", ["Embassy Oslo"]),
    "oman": ("Oman", ["Embassy Muscat"]),
    "pakistan": ("Pakistan", ["Embassy Islamabad", "Embassy Karachi"]),
    "palau": ("Palau", ["Embassy Koror"]),
    "panama": ("Panama", ["Embassy Panama"]),
    "papua-new-guinea": ("Papua New Guinea", ["Embassy Port Moresby"]),
    "paraguay": ("Paraguay", ["Embassy Asuncion"]),
    "peru": ("Peru", ["Embassy Lima"]),
    "philippines": ("Philippines", ["Embassy Manila"]),
    "poland": ("Poland", ["Embassy Warsaw"]),
    "portugal": ("Portugal", ["Embassy Lisbon"]),
    "qatar": ("Qatar", ["Embassy Doha"]),
    "romania": ("Romania", ["Embassy Bucharest"]),
    "russia": ("Russia (Soviet Union until 1991)", ["Embassy Moscow"]),
    "rwanda": ("Rwanda", ["Embassy Kigali"]),
    "saint-kitts-nevis": ("Saint Kitts and Nevis", []),
    "saint-lucia": ("Saint Lucia", []),
    "saint-vincent-grenadines": ("Saint Vincent and the Grenadines", []),
    "samoa": ("Samoa", ["Embassy Apia"]),
    "san-marino": ("San Marino", []),
    "sao-tome-and-principe": ("São Tomé and Príncipe", []),
    "saudi-arabia": ("Saudi Arabia", ["Embassy Riyadh", ("Embassy Jeddah", None, "1984-12-31")]),
    "senegal": ("Senegal", ["Embassy Dakar"]),
    "serbia": ("Serbia", ["Embassy Belgrade"]),
    "seychelles": ("Seychelles", ["Embassy Victoria"]),
    "sierra-leone": ("Sierra Leone", ["Embassy Freetown"]),
    "singapore": ("Singapore", ["Embassy Singapore"]),
    "slovakia": ("Slovakia", ["Embassy Bratislava"]),
    "slovenia": ("Slovenia", ["Embassy Ljubljana"]),
    "solomon-islands": ("Solomon Islands", ["Embassy Honiara"]),
    "somalia": ("Somalia", ["Embassy Mogadishu"]),
    "south-africa": ("South Africa", ["Embassy Pretoria"]),
    "south-sudan": ("South Sudan", ["Embassy Juba"]),
    "spain": ("Spain", ["Embassy Madrid"]),
    "sri-lanka": ("Sri Lanka", ["Embassy Colombo"]),
    "sudan": ("Sudan", ["Embassy Khartoum"]),
    "suriname": ("Suriname", ["Embassy Paramaribo"]),
    "swaziland": ("Swaziland", ["Embassy Mbabane"]),
    "sweden": ("Sweden", ["Embassy Stockholm"]),
    "switzerland": ("Switzerland", ["Embassy Bern"]),
    "syria": ("Syria", ["Embassy Damascus"]),
    "tajikistan": ("Tajikistan", ["Embassy Dushanbe"]),
    "tanzania": ("Tanzania", ["Embassy Dar Es Salaam"]),
    "thailand": ("Thailand", ["Embassy Bangkok"]),
    "timor-leste": ("Timor-Leste", ["Embassy Dili"]),
    "togo": ("Togo", ["Embassy Lome"]),
    "tonga": ("Tonga", []),
    "trinidad-and-tobago": ("Trinidad and Tobago", ["Embassy Port Of Spain"]),
    "tunisia": ("Tunisia", ["Embassy Tunis"]),
    "turkey": ("Turkey", ["Embassy Ankara"]),
    "turkmenistan": ("Turkmenistan", ["Embassy Ashgabat"]),
    "tuvalu": ("Tuvalu", []),
    "uganda": ("Uganda", ["Embassy Kampala"]),
    "ukraine": ("Ukraine", ["Embassy Kyiv"]),
    "united-arab-emirates": ("United Arab Emirates", ["Embassy Abu Dhabi"]),
    "united-kingdom": ("United Kingdom", ["Embassy London"]),
    "uruguay": ("Uruguay", ["Embassy Montevideo"]),
    "uzbekistan": ("Uzbekistan", ["Embassy Tashkent"]),
    "vanuatu": ("Vanuatu", []),
    "venezuela": ("Venezuela", ["Embassy Caracas"]),
    "vietnam": ("Vietnam", ["Embassy Hanoi"]),
    "vietnam-south": ("South Vietnam", ["Embassy Saigon"]),
    "yemen": ("Yemen", ["Embassy Sanaa"]),
    "yugoslavia": ("Yugoslavia", ["Embassy Belgrade"]),
    "zambia": ("Zambia", ["Embassy Lusaka"]),
    "zimbabwe": ("Zimbabwe", ["Embassy Harare"]),
}

# Organisation id -> (name, the office's title, posts). The source names the office
# only by the organisation's id. Missions whose cables the archive's post names do
# not cover (parsing/posts.py) sign for no post.
ORGANISATIONS: dict[str, tuple[str, str, list[Post]]] = {
    "representative-to-nato": ("NATO", "Permanent Representative", ["Mission USNATO"]),
    "representative-to-un": ("United Nations", "Permanent Representative", ["USUN New York"]),
    "representative-to-eu": ("European Union", "Representative", ["USEU Brussels"]),
    "representative-to-iaea": ("International Atomic Energy Agency", "Representative", ["UNVIE"]),
    "representative-unvo": ("United Nations Office at Vienna", "Representative", ["UNVIE"]),
    "representative-uneo": (
        "United Nations Office at Geneva",
        "Representative",
        ["US Mission Geneva"],
    ),
    "representative-to-osce": ("OSCE", "Representative", ["Mission USOSCE"]),
    "representative-to-unesco": ("UNESCO", "Permanent Representative", ["Mission UNESCO"]),
    "representative-to-unafa": (
        "UN Agencies for Food and Agriculture",
        "Representative",
        ["UN Rome"],
    ),
    "representative-to-oecd": ("OECD", "Representative", []),
    "representative-to-oas": ("Organization of American States", "Permanent Representative", []),
    "representative-to-icao": ("ICAO", "Representative on the Council", []),
    "representative-to-au": ("African Union", "Representative", []),
    "representative-to-asean": ("ASEAN", "Representative", []),
    "representative-to-unido": ("UNIDO", "Representative", []),
    "representative-to-usoarn": ("Nuclear and Space Arms Negotiations", "Representative", []),
}

DEPARTMENT = "Secretary of State"
SECRETARY_POSTS = [DEPARTMENT, "US Delegation, Secretary"]
# Principal officers outside the Department of State, and a rank that is no office.
NOT_AT_THE_DEPARTMENT = (
    "Director of the U.S. Information Agency",
    "U.S. Trade Representative",
    "Administrator of the Agency for International Development",
    "Director of the U.S. Arms Control and Disarmament Agency",
    "Director of the International Cooperation Administration",
    "Director of the Mutual Security Agency",
)
NOT_AN_OFFICE = {"Career Ambassador"}


class SourceError(Exception):
    """The source tables cannot be read as expected; the message says which and why."""


@dataclass(frozen=True)
class Term:
    person: str
    name: str
    surname: str
    office: str
    mission: str
    posts: tuple[str, ...]
    started: str
    ended: str

    def row(self) -> list[str]:
        return [
            self.person,
            self.name,
            self.surname,
            self.office,
            self.mission,
            ";".join(self.posts),
            self.started,
            self.ended,
        ]


def _bounds(date: str, last: bool) -> str:
    """The first (or last) day a source date of any precision ("1977-09") may mean."""
    if len(date) == 10:
        return date
    if len(date) == 7:
        return f"{date}-31" if last else f"{date}-01"
    return f"{date}-12-31" if last else f"{date}-01-01"


def _overlaps(started: str, ended: str, since: str | None, until: str | None) -> bool:
    if until is not None and _bounds(started, last=False) > until:
        return False
    return since is None or not ended or _bounds(ended, last=True) >= since


def _posts(posts: list[Post], started: str, ended: str) -> tuple[str, ...]:
    out = []
    for post in posts:
        name, since, until = (post, None, None) if isinstance(post, str) else post
        if _overlaps(started, ended, since, until):
            out.append(name)
    return tuple(out)


def _display_name(row: dict[str, str]) -> str:
    # "William Blaine (Bill)": the nickname in brackets is not part of the name.
    forename = " ".join(w for w in row["forename"].split() if not w.startswith("("))
    return " ".join(part for part in (forename, row["surname"], row["suffix"]) if part)


def _office(row: dict[str, str], source: str) -> tuple[str, str, list[Post]] | None:
    """(office, mission's name, posts), or None for a row the archive does not keep."""
    if source == "principal-officers.tsv":
        office = row["role"]
        if office in NOT_AN_OFFICE:
            return None
        if office in NOT_AT_THE_DEPARTMENT:
            return office, "", []
        if office.startswith("Secretary of State"):
            return office, "", list(SECRETARY_POSTS)
        return office, "", [DEPARTMENT]
    mission = row["mission"]
    if row["kind"] == "organization":
        if mission not in ORGANISATIONS:
            raise SourceError(f"{source}: no post is known for the organisation {mission!r}")
        name, title, posts = ORGANISATIONS[mission]
        return (title if row["role"] == mission else row["role"]), name, posts
    if mission not in COUNTRIES:
        raise SourceError(f"{source}: no post is known for the country {mission!r}")
    name, posts = COUNTRIES[mission]
    # The liaison office in Peking (1973-79) was not the embassy in Taipei.
    if mission == "china" and row["role"] == "Chief":
        return row["role"], name, []
    return row["role"], name, posts


def _in_range(started: str, ended: str) -> bool:
    if _bounds(started, last=False) > f"{LAST_YEAR}-12-31":
        return False
    if ended:
        return _bounds(ended, last=True) >= f"{FIRST_YEAR}-01-01"
    # No end given: a term still open, or one the source does not close. Only one
    # that began within a usual tour of 1960 can reach into the archive's years.
    return _bounds(started, last=False) >= f"{FIRST_YEAR - 3}-01-01"


def terms_from(path: Path) -> list[Term]:
    """The terms of one source table that the archive keeps."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
    missing = set(SOURCE_COLUMNS) - set(rows[0] if rows else ())
    if missing:
        raise SourceError(f"{path}: lacks the columns {', '.join(sorted(missing))}")
    terms = []
    for row in rows:
        started = row["started"] or (row["appointed"] if row["ended"] else "")
        if not started or not _in_range(started, row["ended"]):
            continue
        office = _office(row, path.name)
        if office is None:
            continue
        title, mission, posts = office
        terms.append(
            Term(
                person=row["person_id"],
                name=_display_name(row),
                surname=row["surname"],
                office=title,
                mission=mission,
                posts=_posts(posts, started, row["ended"]),
                started=started,
                ended=row["ended"],
            )
        )
    return terms


def build(data: Path) -> str:
    """The text of the archive's officeholders table made from the tables in `data`."""
    terms = [term for name in SOURCES for term in terms_from(data / name)]
    terms.sort(key=lambda t: (t.person, t.started, t.office, t.mission, t.ended))
    lines = [HEADER, "\t".join(COLUMNS) + "\n"]
    for term in terms:
        if any("\t" in value or "\n" in value for value in term.row()):
            raise SourceError(f"{term.person}: a value holds a tab or a line break")
        lines.append("\t".join(term.row()) + "\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help=f"folder holding {' and '.join(SOURCES)} (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"table to write (default: {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the table differs from what the sources give",
    )
    args = parser.parse_args(argv)
    try:
        text = build(args.data)
    except SourceError as error:
        print(f"officeholders: {error}", file=sys.stderr)
        return 2
    rows = text.count("\n") - HEADER.count("\n") - 1
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print(f"{args.out} is not what {args.data} gives: run this script again")
            return 1
        print(f"{args.out} is up to date ({rows} terms)")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {rows} terms to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
