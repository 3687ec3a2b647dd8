"""Text from the input, made safe to print in the ingest's report."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators and bidi
# controls: anything that could end a line, move the cursor, or reorder what a
# terminal shows. A backslash is escaped too, so an escape cannot be faked.
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\\]"
)


def printable(text: str) -> str:
    """`text` on one line, each unprintable character written as a Python escape."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    if char == "\\":
        return "\\\\"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
