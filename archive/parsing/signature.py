"""The signature: the surname on the last line of a cable ("RUSSELL").

It is looked for behind what the wire and the releases put after it: NNNN,
"End Cable Text", a catalogue line ("2003ROME05149 - Classification: …"),
rules of "#" or "-", "NOTE BY OC/T" and release date stamps on its own line.
"""

from __future__ import annotations

import re

from .cleaning import ends_sentence, is_rule

# One to three words of letters: "RUSSELL", "Melville", "VAN VOORST".
_SIGNATURE = re.compile(
    r"[A-Za-z][A-Za-z'\u2019-]{1,25}(?: [A-Za-z][A-Za-z'\u2019-]{0,25}){0,2}\.?"
)
# Closing lines that are not signatures: end markers, markings, transmission
# trailers and the "visit our classified website" footers of some posts.
_NOT_SIGNATURES = {
    "END", "BT", "NNNN", "SIPDIS", "NOFORN", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET",
    "SENSITIVE", "SENSITIVE BUT UNCLASSIFIED", "END COMMENT", "END NOTE", "END SUMMARY",
    "UNQUOTE", "END QUOTE", "END TEXT", "END CABLE", "EXDIS", "NODIS", "LIMDIS", "SBU",
    "THANKS", "THANK YOU", "REGARDS", "NONE", "ENDS", "XXXXXXXXXXXX", "CABLE ENDS",
    "FOR OFFICIAL USE ONLY", "LIMITED OFFICIAL USE",
}  # fmt: skip
# The catalogue line some releases print after the cable:
# "2003ROME05149 - Classification: CONFIDENTIAL", "2005CARACA02404 - CONFIDENTIAL".
_CATALOGUE = r"\d{4}[A-Z]{3,10}\d{3,6}\s+-\s+(?:Classification:\s*)?[A-Z/ ]{4,40}"
_TRAILER = re.compile(
    r"\s*(?:=+ *CABLE ENDS *=+|(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|SENSITIVE BUT UNCLASSIFIED)\s*"
    r"|.*(?:Classified Website|https?://|www\.|\.gov/).*|(?:NNNN\s*)?" + _CATALOGUE + r"\s*"
    r"|NNNN|BT|END CABLE TEXT|NOTE BY OC/T\b.*|#+|-+|[\"',\s]*)",
    re.IGNORECASE,
)
# What the transmission and the release left on the signature's own line:
# "RICE NNNN", "STEVENS 0 02/14/2008" and "SOBEL 2008-01-08" (release stamps),
# 'DONOVAN ",10/5/2006' (a spreadsheet cell), "MANZANARES ." and "GFOELLER ",".
_STAMP = re.compile(
    r"(?:\s+NNNN|\s*[\"',]*\s*(?:\b0\s+)?(?:\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s+\d{1,2}:\d{2})?|\s+\.|\s*[\"',]{1,3})\s*$",
    re.IGNORECASE,
)


# A signature glued to the last sentence by WikiLeaks' unwrapping:
# "…interest to the U.S. AGUIRRE", "…End comment. RUBIN".
_GLUED = re.compile(
    r"(?:[.!?)\"'\u201d*]|X{4,}|\bEND (?:COMMENT|NOTE|SUMMARY))"
    r"\s+(?P<name>[A-Z][A-Za-z'\u2019-]{1,25})\s*$",
    re.IGNORECASE,
)


# The "Visit London's Classified Website: …" footer of some posts, which
# WikiLeaks often glued to the last sentence and the signature:
# "…End Note.) Visit Embassy Manama's Classified Website: XXXXXXXXXXXX*** HENZEL".
# Wrapped addresses leave a fragment behind ("Portal:Unit ed_Kingdom").
_URL_TAIL = r"(?-i: [a-z_./][\w./]{0,15}(?=\s|$))"
_FOOTER = re.compile(
    r"(?:Please\s{1,3})?Visit\s[^\n]{0,60}?Classified\s{1,3}Web\s?site"
    r"(?:\s{0,3}at\b)?\s{0,3}[:;]?"
    r"(?:\s{0,3}\(?(?:(?:https?://\S{1,120}|X{4,40})" + _URL_TAIL + r"?|[\s*]{3,80})\)?){0,4}",
    re.IGNORECASE,
)
# Longer lines are text, even with an address in them.
_MAX_TRAILER = 200


def split_signature(lines: list[str]) -> tuple[list[str], str | None]:
    """The lines without the signature and trailers, and the signer in capitals."""
    lines = _cut_footer(lines)
    end = _strip_trailers(lines, len(lines))
    if end == 0:
        return lines, None
    last = _unstamped(lines[end - 1])
    signer = _signer(last)
    previous = lines[end - 2] if end > 1 else ""
    if signer is None and _after_text(previous) and re.fullmatch(r"[a-z]{4,20}", last):
        signer = _signer(last.capitalize())  # "kurtzer" under the web site footer
    # A release stamp or NNNN after the name marks it as the signature line.
    stamped = last != lines[end - 1].strip() and bool(_RELEASE_STAMP.search(lines[end - 1]))
    if (
        previous.strip()
        and not stamped
        and not (ends_sentence(previous) or is_rule(previous) or _after_text(previous))
        and not _shouted_after_text(last, previous)
    ):
        signer = None  # the last line of a hard-wrapped sentence, not a signature
    if signer is not None:
        return lines[: _strip_trailers(lines, end - 1)], signer
    glued = _GLUED.search(last[-200:])
    if glued and glued.group("name")[0].isupper():
        signer = _signer(glued.group("name"))
        if signer is not None:
            cut = len(last) - len(last[-200:]) + glued.start("name")
            return [*lines[: end - 1], last[:cut].rstrip()], signer
    return lines[:end], None


_RELEASE_STAMP = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\s*$|\d{4}-\d{2}-\d{2}\s*$|NNNN\s*$")


def _shouted_after_text(last: str, previous: str) -> bool:
    """ "FRISBIE" under a line of mixed-case text: a surname in capitals does not carry
    on a sentence of lower case, whatever the line above ends with (a list item, a
    heading, a table row, a sentence that lost its full stop)."""
    word = last.rstrip(".")
    return (
        len(word) >= 4
        and word.isupper()
        and " " not in word
        and word not in _ACRONYMS
        and any(letter.islower() for letter in previous)
    )


# Capitalised words that end a wrapped sentence more often than they sign a cable.
_ACRONYMS = {
    "NATO", "IAEA", "UNSC", "USAID", "UNHCR", "OSCE", "ASEAN", "OPEC", "UNDP", "UNGA",
    "UNICEF", "WHO", "GSP", "FTA", "CAFTA", "NAFTA", "ICTY", "EULEX", "UNMIK", "ISAF",
    "MINUSTAH", "AMISOM", "AFRICOM", "CENTCOM", "EUCOM", "SOUTHCOM", "PEPFAR", "USTR",
    "IMF", "WTO", "OAS", "SADC", "ECOWAS", "FARC", "HAMAS", "PKK", "PRT", "MFA", "GOI",
}  # fmt: skip


def _unstamped(line: str) -> str:
    """The line without the stamps left after a signature, and with single spaces."""
    line = " ".join(line.split())
    # Stamps are short: searching the end of the line only keeps a long one fast.
    head, tail = line[:-_STAMP_SPAN], line[-_STAMP_SPAN:]
    previous = None
    while previous != tail:
        previous, tail = tail, _STAMP.sub("", tail).rstrip()
    return head + tail


_STAMP_SPAN = 60


def _strip_trailers(lines: list[str], end: int) -> int:
    """Index after the last line before `end` that is not a trailer."""
    while end > 0 and len(lines[end - 1]) < _MAX_TRAILER and _TRAILER.fullmatch(lines[end - 1]):
        end -= 1
    return end


def _cut_footer(lines: list[str]) -> list[str]:
    """Put a footer found in the last lines of text on a line of its own."""
    seen = 0
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].strip():
            continue
        footer = _FOOTER.search(lines[index])
        if footer:
            line = lines[index]
            before = line[: footer.start()].rstrip(" *")  # the rule of stars above it
            pieces = [before, footer.group(), line[footer.end() :].strip()]
            kept = [piece for piece in pieces if re.search(r"\w", piece)]  # not a lone quote
            return [*lines[:index], *kept, *lines[index + 1 :]]
        seen += 1
        if seen == 3:
            break
    return lines


_BEFORE_THE_SURNAME = {
    "CDA", "CHARGE", "AMB", "AMBASSADOR", "DCM", "CG", "PO", "MINIMIZE", "CONSIDERED",
    "KINGDOM",
}  # fmt: skip
_PARTICLES = {"van", "von", "de", "der", "del", "da", "di", "la", "le"}


def _after_text(line: str) -> bool:
    """Lines that may stand right above a signature: footers, links, redactions."""
    return bool(
        re.search(r"https?://|www\.|Website|X{4,}|\*{4,}|-{4,}|END \w+$", line, re.IGNORECASE)
    )


def _signer(line: str) -> str | None:
    candidate = line.strip().strip("\"'").strip()
    if not _SIGNATURE.fullmatch(candidate):
        return None
    written = candidate.rstrip(".").split()
    if any(not word[0].isupper() and word not in _PARTICLES for word in written):
        return None  # "Second paragraph." is prose, "van Voorst" a name
    words = [word.upper() for word in written]
    # What stands before the surname on its line is not part of it: the signer's
    # title ("CDA Griffiths"), the STATE "MINIMIZE CONSIDERED" line run into it, and
    # the end of a wrapped footer address ("…/United_Kingdom LeBaron").
    while len(words) > 1 and words[0] in _BEFORE_THE_SURNAME:
        words.pop(0)
    # A doubled surname ("KUBISKE KUBISKE") is one signature printed twice.
    unique = list(dict.fromkeys(words))
    signer = " ".join(unique)
    if signer in _NOT_SIGNATURES or unique[0] in {"END", "PARA", "SEE", "REF", "SUBJECT", "TAGS"}:
        return None
    if any(
        word in {"OF", "THE", "AND", "IN", "TO", "FOR", "IMMEDIATE", "PRIORITY"} for word in unique
    ):
        return None
    return signer
