"""Where each sending post is: the place an origin names and the country it is in.

Origins are named as WikiLeaks names them ("Embassy Moscow", "Consulate Sao Paulo",
"Mission USNATO"), so sorting them as text puts every consulate before every embassy.
Lists of origins sort by place instead (Moscow under M), grouped by country. The
table below is the project's own: which country a post's city is in is a fact, keyed
by the post as Cablegate IDs spell it (archive.parsing.posts.SENDING_POSTS), so a
city of two words ("Sao Paulo") is found from its origin ("Consulate Sao Paulo").

Plain Python with no Django imports, like the TAGS glossary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Missions to international organisations are grouped together, after the countries.
ORGANISATIONS = "International organisations"
OTHER = "Other"

# Country -> the posts in it, as Cablegate IDs spell them.
_POSTS_BY_COUNTRY = {
    "Afghanistan": "KABUL HERAT MAZARESHARIF",
    "Albania": "TIRANA",
    "Algeria": "ALGIERS",
    "Angola": "LUANDA",
    "Argentina": "BUENOSAIRES",
    "Armenia": "YEREVAN",
    "Australia": "CANBERRA MELBOURNE PERTH SYDNEY",
    "Austria": "VIENNA",
    "Azerbaijan": "BAKU",
    "Bahamas": "NASSAU",
    "Bahrain": "MANAMA",
    "Bangladesh": "DHAKA",
    "Barbados": "BRIDGETOWN",
    "Belarus": "MINSK",
    "Belgium": "BRUSSELS",
    "Belize": "BELMOPAN",
    "Benin": "COTONOU",
    "Bermuda": "HAMILTON",
    "Bolivia": "LAPAZ",
    "Bosnia and Herzegovina": "SARAJEVO",
    "Botswana": "GABORONE",
    "Brazil": "BRASILIA RECIFE RIODEJANEIRO SAOPAULO",
    "Brunei": "BANDARSERIBEGAWAN",
    "Bulgaria": "SOFIA",
    "Burkina Faso": "OUAGADOUGOU",
    "Burma": "RANGOON",
    "Burundi": "BUJUMBURA",
    "Cambodia": "PHNOMPENH",
    "Cameroon": "YAOUNDE",
    "Canada": "OTTAWA CALGARY HALIFAX MONTREAL QUEBEC TORONTO VANCOUVER WINNIPEG",
    "Cape Verde": "PRAIA",
    "Central African Republic": "BANGUI",
    "Chad": "NDJAMENA",
    "Chile": "SANTIAGO",
    "China": "BEIJING CHENGDU GUANGZHOU HONGKONG SHANGHAI SHENYANG",
    "Colombia": "BOGOTA",
    "Costa Rica": "SANJOSE",
    "Côte d’Ivoire": "ABIDJAN",
    "Croatia": "ZAGREB",
    "Cuba": "HAVANA",
    "Curaçao": "CURACAO",
    "Cyprus": "NICOSIA",
    "Czech Republic": "PRAGUE",
    "Democratic Republic of the Congo": "KINSHASA",
    "Denmark": "COPENHAGEN",
    "Djibouti": "DJIBOUTI",
    "Dominican Republic": "SANTODOMINGO",
    "Ecuador": "QUITO GUAYAQUIL",
    "Egypt": "CAIRO",
    "El Salvador": "SANSALVADOR",
    "Equatorial Guinea": "MALABO",
    "Eritrea": "ASMARA",
    "Estonia": "TALLINN",
    "Ethiopia": "ADDISABABA",
    "Fiji": "SUVA",
    "Finland": "HELSINKI",
    "France": "PARIS LYON MARSEILLE STRASBOURG",
    "Gabon": "LIBREVILLE",
    "Georgia": "TBILISI",
    "Germany": "BERLIN BONN DUSSELDORF FRANKFURT HAMBURG LEIPZIG MUNICH",
    "Ghana": "ACCRA",
    "Greece": "ATHENS THESSALONIKI",
    "Grenada": "GRENADA",
    "Guatemala": "GUATEMALA",
    "Guinea": "CONAKRY",
    "Guyana": "GEORGETOWN",
    "Haiti": "PORTAUPRINCE",
    "Holy See": "VATICAN",
    "Honduras": "TEGUCIGALPA",
    "Hungary": "BUDAPEST",
    "Iceland": "REYKJAVIK",
    "India": "NEWDELHI CALCUTTA CHENNAI HYDERABAD KOLKATA MADRAS MUMBAI",
    "Indonesia": "JAKARTA SURABAYA",
    "Iran": "TEHRAN",
    "Iraq": "BAGHDAD BASRAH ERBIL KIRKUK REOBASRAH REOHILLAH REOKIRKUK REOMOSUL",
    "Ireland": "DUBLIN",
    "Israel": "TELAVIV",
    "Italy": "ROME FLORENCE MILAN NAPLES",
    "Jamaica": "KINGSTON",
    "Japan": "TOKYO FUKUOKA NAGOYA NAHA OSAKAKOBE SAPPORO",
    # The consulate general in Jerusalem reported to Washington, not to an embassy.
    "Jerusalem": "JERUSALEM",
    "Jordan": "AMMAN",
    "Kazakhstan": "ASTANA ALMATY",
    "Kenya": "NAIROBI",
    "Kosovo": "PRISTINA",
    "Kuwait": "KUWAIT",
    "Kyrgyzstan": "BISHKEK",
    "Laos": "VIENTIANE",
    "Latvia": "RIGA",
    "Lebanon": "BEIRUT",
    "Lesotho": "MASERU",
    "Liberia": "MONROVIA",
    "Libya": "TRIPOLI",
    "Lithuania": "VILNIUS",
    "Luxembourg": "LUXEMBOURG",
    "Macedonia": "SKOPJE",
    "Madagascar": "ANTANANARIVO",
    "Malawi": "LILONGWE",
    "Malaysia": "KUALALUMPUR",
    "Mali": "BAMAKO",
    "Malta": "VALLETTA",
    "Marshall Islands": "MAJURO",
    "Mauritania": "NOUAKCHOTT",
    "Mauritius": "PORTLOUIS",
    "Mexico": "MEXICO CIUDADJUAREZ GUADALAJARA HERMOSILLO MATAMOROS MERIDA MONTERREY "
    "NOGALES NUEVOLAREDO TIJUANA",
    "Micronesia": "KOLONIA",
    "Moldova": "CHISINAU",
    "Mongolia": "ULAANBAATAR",
    "Montenegro": "PODGORICA",
    "Morocco": "RABAT CASABLANCA",
    "Mozambique": "MAPUTO",
    "Namibia": "WINDHOEK",
    "Nepal": "KATHMANDU",
    "Netherlands": "THEHAGUE AMSTERDAM",
    "New Zealand": "WELLINGTON AUCKLAND",
    "Nicaragua": "MANAGUA",
    "Niger": "NIAMEY",
    "Nigeria": "ABUJA LAGOS",
    "Norway": "OSLO",
    "Oman": "MUSCAT",
    "Pakistan": "ISLAMABAD KARACHI LAHORE PESHAWAR",
    "Palau": "KOROR",
    "Panama": "PANAMA",
    "Papua New Guinea": "PORTMORESBY",
    "Paraguay": "ASUNCION",
    "Peru": "LIMA",
    "Philippines": "MANILA",
    "Poland": "WARSAW KRAKOW",
    "Portugal": "LISBON PONTADELGADA",
    "Qatar": "DOHA",
    "Republic of the Congo": "BRAZZAVILLE",
    "Romania": "BUCHAREST",
    "Russia": "MOSCOW STPETERSBURG VLADIVOSTOK YEKATERINBURG",
    "Rwanda": "KIGALI",
    "Samoa": "APIA",
    "Saudi Arabia": "RIYADH DHAHRAN JEDDAH",
    "Senegal": "DAKAR",
    "Serbia": "BELGRADE",
    "Sierra Leone": "FREETOWN",
    "Singapore": "SINGAPORE",
    "Slovakia": "BRATISLAVA",
    "Slovenia": "LJUBLJANA",
    "South Africa": "PRETORIA CAPETOWN DURBAN JOHANNESBURG",
    "South Korea": "SEOUL",
    "Spain": "MADRID BARCELONA",
    "Sri Lanka": "COLOMBO",
    # Juba was a consulate general in Sudan until South Sudan's independence in 2011.
    "Sudan": "KHARTOUM JUBA",
    "Suriname": "PARAMARIBO",
    "Swaziland": "MBABANE",
    "Sweden": "STOCKHOLM",
    "Switzerland": "BERN GENEVA",
    "Syria": "DAMASCUS",
    "Taiwan": "TAIPEI KAOHSIUNG",
    "Tajikistan": "DUSHANBE",
    "Tanzania": "DARESSALAAM",
    "Thailand": "BANGKOK CHIANGMAI",
    "The Gambia": "BANJUL",
    "Timor-Leste": "DILI",
    "Togo": "LOME",
    "Trinidad and Tobago": "PORTOFSPAIN",
    "Tunisia": "TUNIS",
    "Turkey": "ANKARA ADANA ISTANBUL",
    "Turkmenistan": "ASHGABAT",
    "Uganda": "KAMPALA",
    "Ukraine": "KYIV KIEV",
    "United Arab Emirates": "ABUDHABI DUBAI",
    "United Kingdom": "LONDON BELFAST EDINBURGH",
    "United States": "WASHINGTON",
    "Uruguay": "MONTEVIDEO",
    "Uzbekistan": "TASHKENT",
    "Venezuela": "CARACAS",
    "Vietnam": "HANOI HOCHIMINHCITY",
    "Yemen": "SANAA",
    "Zambia": "LUSAKA",
    "Zimbabwe": "HARARE",
}
COUNTRY_OF_POST = {
    post: country for country, posts in _POSTS_BY_COUNTRY.items() for post in posts.split()
}

# Origins whose name is not "<Office> <City>" (archive.parsing.posts._SPECIAL_SENDERS):
# origin -> (place, country or group).
_SPECIAL_ORIGINS = {
    "Secretary of State": ("Washington (Secretary of State)", "United States"),
    "US Delegation, Secretary": ("Secretary’s delegation", "United States"),
    "USCINCSO": ("Miami (US Southern Command)", "United States"),
    "US Interests Section Havana": ("Havana (Interests Section)", "Cuba"),
    "Iran RPO Dubai": ("Dubai (Iran Regional Presence Office)", "United Arab Emirates"),
    "American Institute Taiwan, Taipei": ("Taipei (American Institute in Taiwan)", "Taiwan"),
    "Mission USNATO": ("NATO, Brussels", ORGANISATIONS),
    "USEU Brussels": ("European Union, Brussels", ORGANISATIONS),
    "USUN New York": ("United Nations, New York", ORGANISATIONS),
    "UNVIE": ("UN agencies, Vienna", ORGANISATIONS),
    "US Mission Geneva": ("UN agencies, Geneva", ORGANISATIONS),
    "UN Rome": ("UN food and agriculture agencies, Rome", ORGANISATIONS),
    "Mission USOSCE": ("OSCE, Vienna", ORGANISATIONS),
    "Mission UNESCO": ("UNESCO, Paris", ORGANISATIONS),
}
_OFFICES = ("Embassy", "Consulate", "Mission")
_NOT_IN_POST = re.compile(r"[^A-Z]")


@dataclass(frozen=True)
class Place:
    place: str  # "Moscow", "Sao Paulo", "NATO, Brussels"
    country: str  # "Russia", ORGANISATIONS, OTHER
    office: str  # "Embassy", "Consulate", … or "" when the name gives none

    @property
    def sort_key(self) -> tuple:
        return (_folded(self.place), self.office != "Embassy", self.office)


def _folded(text: str) -> str:
    """For sorting: without accents or case, so "Côte" sorts under C."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def place_of(origin: str) -> Place:
    """Where an origin is: `place_of("Consulate Sao Paulo")` is Sao Paulo, Brazil."""
    origin = origin.strip()
    if origin in _SPECIAL_ORIGINS:
        place, country = _SPECIAL_ORIGINS[origin]
        return Place(place, country, "")
    office, _, city = origin.partition(" ")
    if office not in _OFFICES or not city:
        office, city = "", origin
    country = COUNTRY_OF_POST.get(_NOT_IN_POST.sub("", _folded(city).upper()), OTHER)
    return Place(city or origin, country, office)


def _group_key(country: str) -> tuple:
    # Countries alphabetically; the organisations, then anything unplaced, after them.
    return (country == ORGANISATIONS, country == OTHER, _folded(country))


def by_place(items, origin=lambda item: item) -> list[tuple[str, list]]:
    """`items` grouped by the country of `origin(item)`, each group sorted by place:
    [(country, [item, …]), …], countries in alphabetical order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(place_of(origin(item)).country, []).append(item)
    return [
        (country, sorted(group, key=lambda i: (place_of(origin(i)).sort_key, origin(i))))
        for country, group in sorted(groups.items(), key=lambda pair: _group_key(pair[0]))
    ]
