"""Bytes to text: the encoding decided on the file as a whole, and control characters out.

A file is UTF-8 when its bytes are. One that is not is either a UTF-8 file with a few
stray bytes (a copy cut mid-character, a byte of another file pasted in) or a legacy
file in Windows-1252. The two are told apart by their non-ASCII bytes: in UTF-8 they
come in valid multi-byte sequences, in Windows-1252 an accented letter is one byte that
starts no valid sequence. Decoding a UTF-8 file as Windows-1252 because of one stray
byte would turn every other accented letter into two ("CAFÃ‰ ZÃœRICH"); so the stray
bytes are replaced instead, and each decision is written in the notes the caller
reports.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field

from .records import ParseError


@dataclass
class Decoded:
    text: str  # LF newlines, no BOM, no control characters but tab, newline and form feed
    notes: list[str] = field(default_factory=list)  # what was decided or changed, for the report


def decode(data: bytes | str, source: str | None = None) -> str:
    """The text of `data`, as `decode_text` gives it, without the notes."""
    return decode_text(data, source).text


def decode_text(data: bytes | str, source: str | None = None) -> Decoded:
    """Bytes (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252) or text, to
    text with LF newlines and without control characters; ParseError if it is no text."""
    name = source or "input"
    notes: list[str] = []
    if isinstance(data, bytes):
        data = _decode_bytes(data, name, notes)
    elif not isinstance(data, str):
        raise ParseError(f"{name}: expected bytes or text, got {type(data).__name__}")
    text = data.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ParseError(f"{name}: empty input; give the text of a cable")
    head = text[:10000]
    if "\x00" in text or len(_BINARY_CONTROL.findall(head)) > len(head) // 20:
        raise ParseError(f"{name}: binary data, not text; give the text of a cable")
    text, removed = strip_controls(text)
    if removed:
        notes.append(controls_note(removed))
    if not text.strip():
        raise ParseError(f"{name}: empty input; give the text of a cable")
    return Decoded(text, notes)


# --- control characters ------------------------------------------------------------------

# Text with more than one character in twenty of these (in its first 10,000) is binary.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What no stored field may hold: C0 controls but tab, newline and form feed (a page
# break in telegrams; carriage returns are newlines by now), DEL, and the C1 controls.
# The web delimits search snippets with \x02 and \x03, and a terminal obeys \x1b.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> tuple[str, Counter[str]]:
    """The text without control characters, and how many of each went."""
    if _CONTROL.search(text) is None:
        return text, Counter()
    return _CONTROL.sub("", text), Counter(_CONTROL.findall(text))


def controls_note(removed: Counter[str], where: str = "") -> str | None:
    """The note for the report on the control characters `strip_controls` removed."""
    if not removed:
        return None
    listed = ", ".join(f"U+{ord(char):04X}" for char in list(removed)[:5])
    more = ", …" if len(removed) > 5 else ""
    return f"removed {_count(removed.total(), 'control character')} ({listed}{more}){where}"


# --- encodings ---------------------------------------------------------------------------

# A well-formed UTF-8 multi-byte sequence (RFC 3629: no overlong forms, no surrogates,
# nothing above U+10FFFF), or else one byte outside ASCII that starts none.
_UTF8_OR_STRAY = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
    rb"|(?P<stray>[\x80-\xff])"
)
_LISTED_BYTES = 3


def _decode_bytes(data: bytes, name: str, notes: list[str]) -> str:
    if not data.strip():
        raise ParseError(f"{name}: empty input; give the text of a cable")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError(f"{name}: undecodable UTF-16 text ({error.reason})") from None
    if b"\x00" in data[:10000]:
        raise ParseError(f"{name}: binary data, not text; give the text of a cable")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sequences, strays = _utf8_census(data)
    # A legacy file spells a valid sequence only by chance ("Ã©"), a UTF-8 file holds a
    # stray byte only by accident: the more frequent of the two tells which file it is.
    if sequences >= len(strays):
        notes.append(
            f"decoded as UTF-8; {_count(len(strays), 'invalid byte')} replaced with U+FFFD "
            f"({_listed(data, strays)})"
        )
        return data.decode("utf-8-sig", errors="replace")
    try:
        # The five bytes Windows-1252 leaves undefined mean the input is something else.
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"{name}: undecodable text (neither UTF-8 nor Windows-1252, byte "
            f"0x{data[error.start]:02x} at {error.start})"
        ) from None
    notes.append(
        f"decoded as Windows-1252: the file is not UTF-8 ({_count(len(strays), 'byte')} "
        f"outside ASCII that start no UTF-8 sequence, against "
        f"{_count(sequences, 'valid UTF-8 sequence')})"
    )
    return text


def _utf8_census(data: bytes) -> tuple[int, list[int]]:
    """How many valid UTF-8 multi-byte sequences the bytes hold, and where the stray bytes are."""
    sequences = 0
    strays: list[int] = []
    for match in _UTF8_OR_STRAY.finditer(data):
        if match.lastgroup == "stray":
            strays.append(match.start())
        else:
            sequences += 1
    return sequences, strays


def _listed(data: bytes, offsets: list[int]) -> str:
    shown = ", ".join(f"0x{data[at]:02x} at offset {at:,}" for at in offsets[:_LISTED_BYTES])
    return shown + (", …" if len(offsets) > _LISTED_BYTES else "")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' if number != 1 else ''}"
