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


# --- Posts in Cablegate IDs ---------------------------------------------------------------
#
# Every post that sends cables, spelt as Cablegate IDs spell it ("MEXICO" for Mexico City,
# "HOCHIMINHCITY", "USUNESCOPARISFR"). Drawn from the posts of the development corpus's
# IDs and the State Department's routing list of embassies, consulates and missions
# (shared/data/route2name.csv, RUEH… indicators), with that list's typos corrected
# (COLUMBO, QUINTO, VAOUNDE…). A REF citation resolves only to one of these, so that
# "PARIS POINTS APRIL 10" or "WHITE HOUSE WASHINGTON DC 481" is never a cable.
SENDING_POSTS = frozenset(
    """
    ABIDJAN ABUDHABI ABUJA ACCRA ADANA ADDISABABA AITKAOHSIUNG AITTAIPEI ALGIERS ALMATY
    AMMAN AMSTERDAM ANKARA ANTANANARIVO APIA ASHGABAT ASMARA ASTANA ASUNCION ATHENS
    AUCKLAND BAGHDAD BAKU BAMAKO BANDARSERIBEGAWAN BANGKOK BANGUI BANJUL BARCELONA BASRAH
    BEIJING BEIRUT BELFAST BELGRADE BELMOPAN BERLIN BERN BISHKEK BOGOTA BRASILIA BRATISLAVA
    BRAZZAVILLE BRIDGETOWN BRUSSELS BUCHAREST BUDAPEST BUENOSAIRES BUJUMBURA CAIRO CALCUTTA
    CALGARY CANBERRA CAPETOWN CARACAS CASABLANCA CDGENEVA CHENGDU CHENNAI CHIANGMAI CHISINAU
    CIUDADJUAREZ COLOMBO CONAKRY COPENHAGEN COTONOU CURACAO DAKAR DAMASCUS DARESSALAAM
    DHAHRAN DHAKA DILI DJIBOUTI DOHA DUBAI DUBLIN DURBAN DUSHANBE DUSSELDORF EDINBURGH
    FLORENCE FRANKFURT FREETOWN FUKUOKA GABORONE GENEVA GEORGETOWN GRENADA GUADALAJARA
    GUANGZHOU GUATEMALA GUAYAQUIL HALIFAX HAMBURG HAMILTON HANOI HARARE HAVANA HELSINKI
    HERAT HERMOSILLO HOCHIMINHCITY HONGKONG HYDERABAD IRANRPODUBAI ISLAMABAD ISTANBUL
    JAKARTA JEDDAH JERUSALEM JOHANNESBURG JUBA KABUL KAMPALA KARACHI KATHMANDU KHARTOUM
    KIEV KIGALI KINGSTON KINSHASA KIRKUK KOLKATA KOLONIA KOROR KRAKOW KUALALUMPUR KUWAIT
    KYIV LAGOS LAHORE LAPAZ LEIPZIG LIBREVILLE LILONGWE LIMA LISBON LJUBLJANA LOME LONDON
    LUANDA LUSAKA LUXEMBOURG LYON MADRAS MADRID MAJURO MALABO MANAGUA MANAMA MANILA MAPUTO
    MARSEILLE MASERU MATAMOROS MAZARESHARIF MBABANE MELBOURNE MERIDA MEXICO MILAN MINSK
    MONROVIA MONTERREY MONTEVIDEO MONTREAL MOSCOW MUMBAI MUNICH MUSCAT NAGOYA NAHA NAIROBI
    NAPLES NASSAU NDJAMENA NEWDELHI NIAMEY NICOSIA NOGALES NOUAKCHOTT NUEVOLAREDO OSAKAKOBE
    OSLO OTTAWA OUAGADOUGOU PANAMA PARAMARIBO PARIS PARTO PERTH PESHAWAR PHNOMPENH PODGORICA
    PONTADELGADA PORTAUPRINCE PORTLOUIS PORTMORESBY PORTOFSPAIN PRAGUE PRAIA PRETORIA
    PRISTINA QUEBEC QUITO RABAT RANGOON RECIFE REOBASRAH REOHILLAH REOKIRKUK REOMOSUL
    REYKJAVIK RIGA RIODEJANEIRO RIYADH ROME RPODUBAI SANAA SANJOSE SANSALVADOR SANTIAGO
    SANTODOMINGO SAOPAULO SAPPORO SARAJEVO SEOUL SHANGHAI SHENYANG SINGAPORE SKOPJE SOFIA
    STATE STOCKHOLM STPETERSBURG STRASBOURG SURABAYA SUVA SYDNEY TALLINN TASHKENT
    TBILISI TEGUCIGALPA TEHRAN TELAVIV THEHAGUE THESSALONIKI TIJUANA TIRANA TOKYO TORONTO
    TRIPOLI TUNIS ULAANBAATAR UNROME UNVIEVIENNA USAUADDISABABA USEUBRUSSELS USNATO
    USOSCE USUNESCOPARISFR USUNNEWYORK VALLETTA VANCOUVER VATICAN VIENNA VIENTIANE VILNIUS
    VLADIVOSTOK WARSAW WELLINGTON WINDHOEK WINNIPEG YAOUNDE YEKATERINBURG YEREVAN ZAGREB
    """.split()
)

# Posts as drafters write them in citations, where the Cablegate spelling does not
# follow from dropping spaces, dots, hyphens and apostrophes (SAN JOSE -> SANJOSE,
# N'DJAMENA -> NDJAMENA, PORT-OF-SPAIN -> PORTOFSPAIN). Keys are upper case, single spaces.
CITED_POST_ALIASES = {
    "SECSTATE": "STATE",
    "SECSTATE WASHDC": "STATE",
    "SECSTATE WASHINGTON": "STATE",
    "DEPT": "STATE",
    "MEXICO CITY": "MEXICO",
    "GUATEMALA CITY": "GUATEMALA",
    "PANAMA CITY": "PANAMA",
    "KUWAIT CITY": "KUWAIT",
    "VATICAN CITY": "VATICAN",
    "HOLY SEE": "VATICAN",
    "VAT": "VATICAN",
    "HCMC": "HOCHIMINHCITY",
    "HO CHI MINH": "HOCHIMINHCITY",
    "HK": "HONGKONG",
    "BA": "BUENOSAIRES",
    "BSAS": "BUENOSAIRES",
    "BUENOS AIR": "BUENOSAIRES",
    "KL": "KUALALUMPUR",
    "RIO": "RIODEJANEIRO",
    "RIO DE JAN": "RIODEJANEIRO",
    "HAGUE": "THEHAGUE",
    "SAINT PETERSBURG": "STPETERSBURG",
    "UNVIE": "UNVIEVIENNA",
    "USUN": "USUNNEWYORK",
    "USUN NEW YORK": "USUNNEWYORK",
    "USEU BRUSSELS": "USEUBRUSSELS",
    "UNVIE VIENNA": "UNVIEVIENNA",
    "USNATO BRUSSELS": "USNATO",
    "TALLIN": "TALLINN",
    "TRIPOLII": "TRIPOLI",
    "SANJSE": "SANJOSE",
    "SATTE": "STATE",
    "SECTATE": "STATE",
    "USUN NY": "USUNNEWYORK",
    "USEU": "USEUBRUSSELS",
    "UNESCO": "USUNESCOPARISFR",
    "UNESCO PARIS": "USUNESCOPARISFR",
    "USUNESCO": "USUNESCOPARISFR",
    "USUNESCO PARIS": "USUNESCOPARISFR",
    "DUBAI RPO": "RPODUBAI",
    "RPO DUBAI": "RPODUBAI",
    "IRAN RPO": "RPODUBAI",
    "IRPO DUBAI": "RPODUBAI",
    "RPO": "RPODUBAI",
    "UN ROME": "UNROME",
    "USUN ROME": "UNROME",
    "CD GENEVA": "CDGENEVA",
    "AIT": "AITTAIPEI",
    "TAIPEI": "AITTAIPEI",
    "USOSCE VIENNA": "USOSCE",
    "USAU": "USAUADDISABABA",
}
# Words before a post that name its office, not the post: "EMBASSY VIENNA 1234".
_OFFICE_WORDS = frozenset(
    "AMEMBASSY EMBASSY EMB AMCONSUL AMCONSULATE CONSULATE CONGEN USMISSION MISSION US USINT "
    "USLO USOFFICE".split()
)
_NOT_IN_POST = re.compile(r"[ .'-]")


def cited_post(words: str) -> str | None:
    """The Cablegate spelling of a post as a citation writes it, or None if it sends no cables.

    `cited_post("MEXICO CITY") == "MEXICO"`, `cited_post("EMBASSY VIENNA") == "VIENNA"`,
    `cited_post("PARIS POINTS") is None`.
    """
    parts = words.upper().replace("-", " ").split()
    while len(parts) > 1 and parts[0] in _OFFICE_WORDS:
        parts.pop(0)
    # A trailing country code: "USUNESCO PARIS FR", "USNATO BRUSSELS BE".
    for candidate in (parts, parts[:-1] if len(parts) > 1 and len(parts[-1]) == 2 else None):
        if not candidate:
            continue
        name = " ".join(candidate)
        compact = _NOT_IN_POST.sub("", name)
        post = CITED_POST_ALIASES.get(name) or CITED_POST_ALIASES.get(compact) or compact
        if post in SENDING_POSTS:
            return post
    return None
