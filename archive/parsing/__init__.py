"""Cable text in, plain records out. Knows nothing of Django.

The path of a document through the parser:

    decode_text()    bytes -> text without control characters, or ParseError for
                     empty/binary/undecodable input; notes on the encoding decided
    read_envelope()  format detection (WikiLeaks HTML page, raw telegram, copied web text),
                     routing header, ID, date, origin, classification, handling,
                     precedence, addressees, section; returns the body text after the
                     classification line
    read_body()      E.O./DECL, TAGS, SUBJECT, REF, Classified By, paragraphs, signer
    limits.check()   ParseError for a cable that holds more than a cable may (limits.py;
                     read_envelope checks the length of the text first)
"""

from __future__ import annotations

from . import limits
from .body import read_body
from .decoding import decode_text
from .envelope import read_envelope
from .records import Cable, ClassifiedBy, Paragraph, ParseError, Reference, Section

__all__ = [
    "Cable",
    "ClassifiedBy",
    "Paragraph",
    "ParseError",
    "Reference",
    "Section",
    "parse",
]


def parse(data: bytes | str, source: str | None = None) -> Cable:
    """Parse one document; raise ParseError with a one-line reason if it is not a cable."""
    decoded = decode_text(data, source)
    envelope = read_envelope(decoded.text)
    body = read_body(envelope.body, cable_id=envelope.id)
    limits.check(body.references, body.tags, body.paragraphs)
    handling = list(dict.fromkeys([*envelope.handling, *body.handling]))
    return Cable(
        id=envelope.id,
        date=envelope.date,
        origin=envelope.origin,
        classification=envelope.classification,
        handling=handling,
        precedence=envelope.precedence,
        subject=body.subject,
        tags=body.tags,
        references=body.references,
        classified_by=body.classified_by,
        signer=body.signer,
        to=envelope.to,
        info=envelope.info,
        declassify_on=body.declassify_on,
        section=envelope.section,
        paragraphs=body.paragraphs,
        source=source,
        released=envelope.released,
        partial=envelope.partial,
        from_table=envelope.from_table,
        text=envelope.original,
        notes=[*decoded.notes, *envelope.notes],
    )
