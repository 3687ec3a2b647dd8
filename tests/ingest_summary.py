"""Read the counts out of `ingest`'s summary, for the tests that compare them."""

from __future__ import annotations

import re

# "Stored 3,351 cables: 3,351 new, 9 updated, 0 older version kept; 0 unchanged (…)."
# "Not stored: 1 rejected (1 not a cable), 0 skipped."
_COUNT = re.compile(r"(\d[\d,]*) ([a-z ]+?)(?=[,.;(]| \()")


def summary_counts(output: str) -> dict[str, int]:
    """The summary's counts by name: new, updated, older version kept, unchanged,
    rejected, skipped."""
    lines = [line for line in output.splitlines() if line.startswith(("Stored ", "Not stored:"))]
    found = _COUNT.findall(" ".join(lines))
    return {name: int(n.replace(",", "")) for n, name in found if name != "cables"}
