"""Post names: from a telegram's FM line or a classification line to WikiLeaks' spelling.

WikiLeaks names the sending post "Embassy Moscow", "Consulate Sao Paulo", "Mission USNATO",
"Secretary of State" and so on. The rule is the sender's office (AMEMBASSY, AMCONSUL, …)
plus the city in title case; the exceptions below are the posts whose name does not
follow from that rule (renamed cities, missions to organisations, special offices).
"""

from __future__ import annotations

import re

# Offices whose WikiLeaks name is not "<Office> <City>", keyed by the FM line text
# (upper case, single spaces, no trailing country code).
_SPECIAL_SENDERS = {
    "SECSTATE WASHDC": "Secretary of State",
    "SECSTATE WASHINGTON": "Secretary of State",
    "USMISSION USNATO": "Mission USNATO",
    "USNATO": "Mission USNATO",
    "USMISSION USUN NEW YORK": "USUN New York",
    "USUN NEW YORK": "USUN New York",
    "USMISSION UNVIE VIENNA": "UNVIE",
    "UNVIE VIENNA": "UNVIE",
    "USMISSION GENEVA": "US Mission Geneva",
    "USEU BRUSSELS": "USEU Brussels",
    "USINT HAVANA": "US Interests Section Havana",
    "USLO TRIPOLI": "Embassy Tripoli",  # the liaison office became the embassy
    "IRAN RPO DUBAI": "Iran RPO Dubai",
    "RPO DUBAI": "Iran RPO Dubai",
    "USDEL SECRETARY": "US Delegation, Secretary",
    "PARTO": "US Delegation, Secretary",  # the Secretary's travelling party
    "AIT TAIPEI": "American Institute Taiwan, Taipei",
    "USOFFICE PRISTINA": "Embassy Pristina",
    "USMISSION USOSCE": "Mission USOSCE",
    "USOSCE": "Mission USOSCE",
    "USMISSION UNESCO PARIS": "Mission UNESCO",
    "USMISSION UN ROME": "UN Rome",
    "USCINCSO MIAMI FL": "USCINCSO",
    "STATE": "Secretary of State",
    "SECSTATE": "Secretary of State",
}

# Cities whose name changed; WikiLeaks files old and new spellings under the new one.
_RENAMED_CITIES = {"CALCUTTA": "KOLKATA", "KIEV": "KYIV", "BOMBAY": "MUMBAI", "MADRAS": "CHENNAI"}

_OFFICES = {
    "AMEMBASSY": "Embassy",
    "AMCONSUL": "Consulate",
    "AMCONSULATE": "Consulate",
    "USMISSION": "Mission",
}

# Consulates, for when only the post's name is known (partial extracts have no FM line):
# a bare city is otherwise an embassy.
_CONSULATE_CITIES = frozenset(
    name.replace("_", " ")
    for name in """
    ADANA AUCKLAND BARCELONA BASRAH BELFAST CALGARY CAPE_TOWN CASABLANCA CHENGDU CHENNAI
    CHIANG_MAI CIUDAD_JUAREZ CURACAO DHAHRAN DUBAI DURBAN DUSSELDORF EDINBURGH ERBIL
    FLORENCE FRANKFURT FUKUOKA GUADALAJARA GUANGZHOU GUAYAQUIL HALIFAX HAMBURG HAMILTON
    HERMOSILLO HO_CHI_MINH_CITY HONG_KONG HYDERABAD ISTANBUL JEDDAH JERUSALEM JOHANNESBURG
    KARACHI KIRKUK KOLKATA KRAKOW LAGOS LAHORE LEIPZIG LYON MARSEILLE MATAMOROS MELBOURNE
    MERIDA MILAN MONTERREY MONTREAL MUMBAI MUNICH NAGOYA NAHA NAPLES NOGALES NUEVO_LAREDO
    OSAKA_KOBE PERTH PESHAWAR PONTA_DELGADA QUEBEC RECIFE RIO_DE_JANEIRO SAO_PAULO SAPPORO
    SHANGHAI SHENYANG ST_PETERSBURG STRASBOURG SURABAYA SYDNEY THESSALONIKI TIJUANA TORONTO
    VANCOUVER VLADIVOSTOK WINNIPEG YEKATERINBURG
    """.split()
)

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def _clean(text: str) -> str:
    """Upper case, single spaces, without "//…//" office symbols or a country code."""
    words = text.split("//", 1)[0].upper().split()
    # A trailing country code: "AMEMBASSY TRIPOLI LY", "USNMR SHAPE BE" (three words or
    # more, so that a two-word name is never cut).
    if len(words) >= 3 and _COUNTRY_CODE.fullmatch(words[-1]):
        words.pop()
    return " ".join(words)


def _city(name: str) -> str:
    name = _RENAMED_CITIES.get(name, name)
    return name.title()


def origin_from_sender(sender: str) -> str | None:
    """The WikiLeaks origin for an FM line's sender: "AMEMBASSY MOSCOW" -> "Embassy Moscow"."""
    sender = _clean(sender)
    if not sender:
        return None
    if sender in _SPECIAL_SENDERS:
        return _SPECIAL_SENDERS[sender]
    if sender.startswith("USDEL SECRETARY"):
        return _SPECIAL_SENDERS["USDEL SECRETARY"]
    office, _, city = sender.partition(" ")
    if office in _OFFICES and city:
        if office == "USMISSION" and city in _SPECIAL_SENDERS:
            return _SPECIAL_SENDERS[city]
        return f"{_OFFICES[office]} {_city(city)}"
    return None


def origin_from_post(post: str) -> str | None:
    """The WikiLeaks origin for a post as a classification line writes it ("SAO PAULO").

    Less certain than the FM line (an embassy and a consulate are told apart only by
    the list of consulates above), so it is used only when there is no FM line.
    """
    post = _clean(post)
    if not post or not post.replace(" ", "").isalpha() or set(post) == {"X"}:
        return None
    if post in _SPECIAL_SENDERS:
        return _SPECIAL_SENDERS[post]
    if post.startswith("E F T O ") or post.startswith("EFTO "):
        post = post.split(" ", 4 if post.startswith("E ") else 1)[-1]
    city = _RENAMED_CITIES.get(post, post)
    office = "Consulate" if city in _CONSULATE_CITIES else "Embassy"
    return f"{office} {city.title()}"


def id_post_from_sender(sender: str) -> str | None:
    """The post as Cablegate IDs spell it, from an FM line: "AMEMBASSY LA PAZ" -> "LAPAZ"."""
    sender = _clean(sender)
    if sender in ("SECSTATE WASHDC", "SECSTATE WASHINGTON"):
        return "STATE"
    office, _, rest = sender.partition(" ")
    if rest and office in ("AMEMBASSY", "AMCONSUL", "AMCONSULATE", "USMISSION", "USINT", "USLO"):
        sender = rest
    return sender.replace(" ", "") or None
