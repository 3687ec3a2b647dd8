"""Which sections of a long cable its text holds.

A long telegram goes out in sections, each opening with the classification line
"C O N F I D E N T I A L SECTION 01 OF 06 BRASILIA 000391"; the published text marks
each later one with a page header, "BRASILIA 00000391 002 OF 006". A text often holds
them all (09BRASILIA391), sometimes only some.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MARK = re.compile(r"\bSECTION\s{1,3}(\d{1,2})\s{1,3}OF\s{1,3}(\d{1,2})\b", re.IGNORECASE)
# The page header that opens each later section in the published text:
# "BRASILIA 00000391 002 OF 006" (CABLES.md).
_PAGE = re.compile(r"\b\d{8}\s{1,3}(\d{3})(?:\.\d)?\s{1,3}OF\s{1,3}(\d{3})\b")


@dataclass(frozen=True)
class Sections:
    present: tuple[int, ...]  # section numbers found, ascending
    total: int  # the "OF m" the markers agree on

    @property
    def complete(self) -> bool:
        return self.present == tuple(range(1, self.total + 1))


def sections_in(text: str) -> Sections | None:
    """The sections a cable text holds, or None if it carries no SECTION n OF m marker."""
    if not isinstance(text, str):
        return None
    marks = [(int(n), int(m)) for n, m in _MARK.findall(text)]
    if not marks:
        return None
    marks += [(int(n), int(m)) for n, m in _PAGE.findall(text)]
    totals = Counter(m for n, m in marks if 1 <= n <= m)
    if not totals:
        return None
    total = totals.most_common(1)[0][0]
    present = sorted({n for n, m in marks if m == total and 1 <= n <= total})
    return Sections(tuple(present), total)
