"""The routing header of a telegram: everything before the classification line.

VZCZCXRO0863
PP RUEHDBU
DE RUEHMO #3996 2271134
ZNY CCCCC ZZH
P 151134Z AUG 07
FM AMEMBASSY MOSCOW
TO RUEHC/SECSTATE WASHDC PRIORITY 2937
INFO RUCNCIS/CIS COLLECTIVE PRIORITY
RUEHDX/MOSCOW POLITICAL COLLECTIVE PRIORITY
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .dates import PRECEDENCE, first_dtg

_FM = re.compile(r"^[ \t]*FM[ \t]+(?P<sender>[A-Z][A-Z0-9 ./'()&-]{1,80}?)[ \t]*$", re.M)
_DE = re.compile(r"^[ \t]*DE[ \t]+[A-Z]{4,8}[ \t]+#(?P<serial>\d{1,6})", re.M)
_RELAY = re.compile(r"^[ \t]*(?P<prec>ZZ|OO|PP|RR)[ \t]+[A-Z]{5,8}", re.M)
# "ZNY CCCCC ZZH": the security line repeats the level as five letters.
_SECURITY = re.compile(r"^[ \t]*ZN[YR][ \t]+(?P<level>CCCCC|SSSSS|UUUUU|TTTTT)\b", re.M)
_SECURITY_LEVELS = {
    "UUUUU": "UNCLASSIFIED",
    "CCCCC": "CONFIDENTIAL",
    "SSSSS": "SECRET",
    "TTTTT": "SECRET",
}
# "FM" is also the Foreign Minister ("FM Bot said …"): a sender line is all capitals.
_START_OF_HEADER = re.compile(
    r"^[ \t]*(?:VZCZC|FM[ \t]+[A-Z][A-Z0-9 ./'()&,-]{1,80}$|DE[ \t]+[A-Z]{4,8}[ \t]+#)", re.M
)

# Addressee lines: "RUEHC/SECSTATE WASHDC PRIORITY 2937" -> "SECSTATE WASHDC".
_ROUTING_INDICATOR = re.compile(r"^[A-Z0-9]{2,8}/")
# The precedence may be doubled ("NIACT IMMEDIATE") and the number a range
# ("2276-2279", 08STATE103511): neither is part of the addressee.
_TRAILER = re.compile(
    r"(?:[ \t]+(?:FLASH|IMMEDIATE|PRIORITY|ROUTINE|NIACT))*(?:[ \t]+\d{1,6}(?:-\d{1,6})?)?$"
)
# A page header printed inside a long addressee list: "PAGE 02 STATE 015113 182333Z".
_PAGE_HEADER = re.compile(r"^PAGE \d{2,3} [A-Z][A-Z ]{1,30} \d{5,6} \d{6}Z$")
_ADDRESSEE = re.compile(r"^[A-Z0-9][A-Z0-9 ./,&()'#:-]{0,120}$")
_NOT_ADDRESSEE = re.compile(
    r"^(?:BT|XMT|TAGS|SUBJECT|E\.O\.|SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|SENSITIVE"
    r"|UNCLAS|CONFIDENTIAL|SECRET|C O N|S E C|CLASSIFIED)\b"
)


@dataclass
class Routing:
    found: bool = False  # a routing header (FM line, DE line or date-time group) is present
    date: datetime | None = None
    precedence: str | None = None
    sender: str | None = None  # the FM line: "AMEMBASSY MOSCOW"
    de_serial: int | None = None  # "#3996": only the last four digits of the serial
    level: str | None = None  # from the security line, "CONFIDENTIAL"
    to: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)


def read_routing(header: str) -> Routing:
    """Read the routing fields from the text before the classification line."""
    routing = Routing()
    dtg = first_dtg(header)
    if dtg is not None:
        routing.date, letters = dtg
        routing.precedence = PRECEDENCE.get(letters[0]) if letters else None
    if routing.precedence is None and (relay := _RELAY.search(header)):
        routing.precedence = PRECEDENCE.get(relay["prec"][0])
    if fm := _FM.search(header):
        routing.sender = fm["sender"]
        routing.to, routing.info = _addressees(header[fm.end() :])
    if de := _DE.search(header):
        routing.de_serial = int(de["serial"])
    if security := _SECURITY.search(header):
        routing.level = _SECURITY_LEVELS[security["level"]]
    routing.found = bool(routing.sender or routing.de_serial is not None or dtg)
    return routing


def header_start(text: str) -> int | None:
    """Where a routing header begins, if the text has one."""
    match = _START_OF_HEADER.search(text)
    return match.start() if match else None


def _addressees(after_fm: str) -> tuple[list[str], list[str]]:
    """The TO and INFO lists: one addressee a line, until a line that is not one."""
    lists: dict[str, list[str]] = {"TO": [], "INFO": []}
    current: list[str] | None = None
    with_indicators = False
    for raw in after_fm.split("\n")[:400]:
        line = " ".join(raw.split())
        keyword, _, rest = line.partition(" ")
        if keyword in lists:
            current, line = lists[keyword], rest
            if current is lists["TO"]:
                with_indicators = bool(_ROUTING_INDICATOR.match(rest))
        elif current is None:
            continue
        if _PAGE_HEADER.match(line):  # "TO PAGE 02 STATE 015113 182333Z" (09STATE15113)
            continue
        if not _is_addressee(line, with_indicators):
            if line or current is lists["INFO"] or lists["TO"]:
                break
            continue
        current.append(_addressee(line))
    return lists["TO"], lists["INFO"]


def _is_addressee(line: str, with_indicators: bool) -> bool:
    if not line or _NOT_ADDRESSEE.match(line) or not _ADDRESSEE.match(line):
        return False
    # In a modern header every addressee has a routing indicator; a line without one
    # is already the text (a cable that lost its classification line starts "SIPDIS").
    return bool(_ROUTING_INDICATOR.match(line)) or not with_indicators


def _addressee(line: str) -> str:
    name = _ROUTING_INDICATOR.sub("", line)
    return _TRAILER.sub("", name).strip() or name
