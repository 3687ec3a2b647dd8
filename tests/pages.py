"""WikiLeaks cable pages built by tests, as WikiLeaks prints them: site navigation,
the metadata table with its values in links, and the cable in two <pre> blocks
with encoded newlines. Knows nothing of Django (the parser's tests use it)."""

from __future__ import annotations


def wikileaks_page(header: str, body: str, table: dict[str, str]) -> str:
    def pre(text: str) -> str:
        return "<code><pre>" + text.replace("\n", "&#x000A;") + "</pre></code>"

    heads = "".join(f"<th>{name}</th>" for name in table)
    cells = "".join(f"<td>\n<a href='/x'>{value}</a>\n</td>" for value in table.values())
    return (
        "<!DOCTYPE html><html><body><div id='nav'>"
        + "<a href='/tag/PREL_0.html'>PREL</a> navigation " * 50
        + f"</div><table class='cable'><tr>{heads}</tr><tr>{cells}</tr></table>"
        + pre(header)
        + pre(body)
        + "</body></html>"
    )


def moscow_table(reference_id: str) -> dict[str, str]:
    """The metadata table of seed 000's page, under any Reference ID."""
    return {
        "Reference ID": reference_id,
        "Created": "2007-08-15 11:11",
        "Released": "2011-08-30 01:01",
        "Classification": "CONFIDENTIAL",
        "Origin": "Embassy Moscow",
    }
