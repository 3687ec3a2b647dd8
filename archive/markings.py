"""What the classification and handling markings on a cable mean, in our own words
(for the front page). Keyed by the marking as the cables write it."""

from __future__ import annotations

# Classification levels, lowest first: the first word of a cable's classification line.
LEVELS: tuple[tuple[str, str], ...] = (
    (
        "UNCLASSIFIED",
        "Not classified. Many such cables were still not meant for the public: "
        "“FOR OFFICIAL USE ONLY” or “SBU” (sensitive but unclassified) follows the level then.",
    ),
    (
        "CONFIDENTIAL",
        "The lowest classification: its disclosure could be expected to damage national security.",
    ),
    (
        "SECRET",
        "Its disclosure could be expected to cause serious damage to national security.",
    ),
    (
        "TOP SECRET",
        "Exceptionally grave damage. No cable of the 2010–2011 release carries it.",
    ),
)

# Handling and distribution markings, which restrict who may read a cable.
HANDLING: dict[str, str] = {
    "NOFORN": "Not to be released to foreign nationals or governments, allies included.",
    "SIPDIS": "Cleared for distribution on SIPRNet, the Defense Department's secret "
    "network: the marking that put most of these cables within reach of the leak.",
    "EXDIS": "Exclusive distribution: only to officers with an essential need to know.",
    "NODIS": "No distribution beyond the addressees without the originator's approval.",
    "LIMDIS": "Limited distribution within the receiving offices.",
    "STADIS": "Distribution within the State Department only.",
    "ORCON": "Dissemination controlled by the originator.",
}

PARAGRAPH_MARKINGS = (
    "Each paragraph may open with its own marking in brackets: (U) unclassified, "
    "(SBU) sensitive but unclassified, (C) confidential, (S) secret, and a handling "
    "code such as (S/NF) for secret, no foreign nationals. The cable pages show it "
    "beside the paragraph."
)


def level_of(classification: str) -> str:
    """The classification level a marking starts with ("SECRET//NOFORN" → "SECRET")."""
    text = classification.upper()
    for level, _ in sorted(LEVELS, key=lambda pair: -len(pair[0])):
        if text.startswith(level):
            return level
    return ""
