"""How to cite a cable: one line, the same on its page and on the front page."""

from __future__ import annotations

from archive.models import Cable

SITE_NAME = "Cable archive"


def citation(cable: Cable, permanent_url: str) -> str:
    """`Embassy Moscow, “SUBJECT”, cable 07MOSCOW3996, 24 August 2007, Cable archive,
    https://…/cables/07MOSCOW3996/` (parts the cable lacks are left out)."""
    return f"{citation_lead(cable)}, {permanent_url}"


def citation_lead(cable: Cable) -> str:
    """The citation up to its permanent URL, which a page shows as a link."""
    parts = [cable.origin] if cable.origin else []
    if cable.subject:
        # Quotation marks inside the quoted subject become single ones.
        parts.append("“" + cable.subject.replace('"', "'") + "”")
    parts.append(f"cable {cable.reference_id}")
    if cable.date:
        parts.append(f"{cable.date.day} {cable.date:%B %Y}")
    parts.append(SITE_NAME)
    return ", ".join(parts)
