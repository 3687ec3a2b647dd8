"""Date-times found in cable texts, as tz-aware UTC datetimes.

The telegram's own date-time group ("P 151134Z AUG 07") is the authority; the other
forms come from partial extracts and from catalogue records pasted above a cable.
Every parser returns None for a malformed or impossible date instead of raising.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}

PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}

# "P 151134Z AUG 07", "O 241509Z OCT 07", "R 311858Z  MAR 09" (action and info precedence,
# "P R 021242Z NOV 06", take the first); partial extracts print the
# group alone ("291359Z Nov 00").
DTG = re.compile(
    r"^[ \t]*(?:(?P<prec>[ZOPR]{1,2})(?:[ \t]+[ZOPR]{1,2})?[ \t]+)?"  # "P", "OO", "P R"
    r"(?P<day>\d\d)(?P<hour>\d\d)(?P<minute>\d\d)Z"
    r"[ \t]{0,3}(?P<month>[A-Za-z]{3})[ \t]{0,3}(?P<year>\d\d)(?!\d)",
    re.MULTILINE,
)

# Forms seen above partial extracts and in pasted catalogue records.
_LONG = re.compile(  # "Wednesday, 29 November 2000, 13:59"
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d{1,2}) ([A-Z][a-z]{2})[a-z]{0,6} "
    r"(\d{4}),? (\d{1,2}):(\d\d)\b"
)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)")  # "2007-10-24 15:09:00"
_US = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d\d)")  # "3/23/2007 18:32"
_CTIME = re.compile(  # "Fri Jun 16 10:23:00 2006"
    r"\b[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d\d):(\d\d):\d\d (\d{4})\b"
)


def full_year(two_digits: int) -> int:
    """Cables run from the 1960s to 2010: "66" is 1966, "07" is 2007."""
    return two_digits + (1900 if two_digits >= 50 else 2000)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def from_dtg(match: re.Match) -> datetime | None:
    month = MONTHS.get(match["month"].upper())
    if month is None:
        return None
    year = full_year(int(match["year"]))
    return utc(year, month, int(match["day"]), int(match["hour"]), int(match["minute"]))


def first_dtg(text: str) -> tuple[datetime, str | None] | None:
    """The first valid date-time group and its precedence letter(s), if any."""
    for match in DTG.finditer(text):
        when = from_dtg(match)
        if when is not None:
            return when, match["prec"]
    return None


def other_date(text: str) -> datetime | None:
    """The first date-time in one of the non-telegram forms, or None."""
    found: list[tuple[int, datetime]] = []
    for pattern, build in (
        (_LONG, lambda d, mon, y, h, mi: (y, MONTHS.get(mon.upper()), d, h, mi)),
        (_ISO, lambda y, mon, d, h, mi: (y, mon, d, h, mi)),
        (_US, lambda mon, d, y, h, mi: (y, mon, d, h, mi)),
        (_CTIME, lambda mon, d, h, mi, y: (y, MONTHS.get(mon.upper()), d, h, mi)),
    ):
        for match in pattern.finditer(text):
            year, month, day, hour, minute = build(*match.groups())
            if month is None:
                continue
            when = utc(int(year), int(month), int(day), int(hour), int(minute))
            if when is not None:
                found.append((match.start(), when))
                break
    return min(found, key=lambda item: item[0])[1] if found else None
