"""Cables the mention tests write: seed 000 (tests/people_cables.py) with the text of
its paragraphs replaced by sentences that name people."""

from __future__ import annotations

import re

from tests.people_cables import cable as people_cable


def cable(
    post: str,
    serial: int,
    when: str,
    *paragraphs: str,
    sender: str | None = None,
    signer: str = "RUSSELL",
    classifier: str | None = None,
) -> str:
    text = people_cable(sender or f"AMEMBASSY {post}", post, serial, when, signer, classifier)
    start = text.index("11. (C) SUMMARY")
    end = text.rindex("\n\n", 0, text.rindex(signer))
    body = "\n\n".join(f"{n}. (C) {p}" for n, p in enumerate(paragraphs, 1))
    return text[:start] + body + text[end:]


def sentences_marked(html: str) -> list[str]:
    """The names a person's page highlights, in page order."""
    return re.findall(r"<mark>(.*?)</mark>", html)
