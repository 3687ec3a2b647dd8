"""What one cable may hold: past these, an input is refused with the count and the cap.

The parser reads in linear time; the caps bound the time and memory one file may
take, keep a hostile file from filling the tables with rows no page can show, and sit
far above anything real. The maxima over the 3,356 WikiLeaks pages of the development
corpora (`shared/corpus/`) are 17 REF citations (09BRASILIA391), 21 tags
(10STATE18437), 66 paragraphs (09STATE119085), tags of 34 characters (09CAIRO2205)
and a text of 55,106 characters (09STATE40237). The database stores the position of
a tag and of a reference as a smallint, so their caps must also stay well under 32,767.
"""

from __future__ import annotations

from .records import Paragraph, ParseError, Reference, shown

# The cable's text (a page's <pre> blocks, or the whole input), in characters. The
# longest in the corpora has 55,106 (09STATE40237). Time and memory grow with the
# number of lines and blocks, about 13 µs and 275 bytes a block: 20 MB of one-letter
# blocks took 85 s and 1.8 GB, 2,000,000 characters take a few seconds and 200 MB.
MAX_TEXT = 2_000_000
MAX_REFERENCES = 1_000  # about 60 times the corpus maximum
MAX_TAGS = 200  # about 10 times: a TAGS line is one or two lines of codes
MAX_PARAGRAPHS = 5_000  # about 75 times, for cables of unnumbered blocks (lists, tables)
# A tag is a code ("PREL", "KPAO") or a person tag with a name ("OVIP (RICE,
# CONDOLEEZZA)"); a longer token is text run into the TAGS line. The tag is a page
# address and a key of the unique index on tag codes.
MAX_TAG_LENGTH = 100


def check_text(text: str) -> None:
    """Raise ParseError if the text is longer than a cable may be."""
    if len(text) > MAX_TEXT:
        raise ParseError(
            f"a text of {len(text):,} characters, more than the {MAX_TEXT:,} a cable may hold"
        )


def check(references: list[Reference], tags: list[str], paragraphs: list[Paragraph]) -> None:
    """Raise ParseError if the cable holds more than a cable may."""
    for what, count, cap in (
        ("REF citations", len(references), MAX_REFERENCES),
        ("tags", len(tags), MAX_TAGS),
        ("paragraphs", len(paragraphs), MAX_PARAGRAPHS),
    ):
        if count > cap:
            raise ParseError(f"too many {what}: {count:,}, more than the {cap:,} a cable may hold")
    longest = max(tags, key=len, default="")
    if len(longest) > MAX_TAG_LENGTH:
        raise ParseError(
            f"a tag of {len(longest):,} characters ({shown(longest, 20)}), more than the "
            f"{MAX_TAG_LENGTH} a tag may have"
        )
