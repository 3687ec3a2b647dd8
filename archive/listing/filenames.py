"""File names of exported lists, made of their filters: the CSV of
`?tag=PREL&from=2009&to=2009` downloads as `cables_tag-PREL_2009.csv`, so a folder of
exports says what each one holds."""

from __future__ import annotations

import re
import unicodedata

from archive.listing.filters import FILTERS

MAX_STEM = 120  # characters; file systems allow 255, readers want far fewer
_UNSAFE = re.compile(r"[^A-Za-z0-9.]+")
_YES_NO = {
    "has_references": {"yes": "has-references", "no": "no-references"},
    "is_referenced": {"yes": "cited", "no": "not-cited"},
}


def export_filename(chosen: dict, extension: str) -> str:
    """`cables_<filter>_<filter>….<extension>` for the list's valid filters (as
    ListQuery.chosen holds them), in the registry's order; `cables.<extension>`
    for the whole archive. Only ASCII letters, digits, ".", "-" and "_"."""
    parts = [part for spec in FILTERS if (part := _part(spec.name, chosen))]
    stem = "_".join(["cables", *parts])
    if len(stem) > MAX_STEM:
        stem = stem[:MAX_STEM].rstrip("-_.")
    return f"{stem}.{extension}"


def _part(name: str, chosen: dict) -> str:
    value = chosen.get(name)
    if not value:
        return ""
    if name in _YES_NO:
        return _YES_NO[name][value]
    if name in ("from", "to"):
        start, end = chosen.get("from"), chosen.get("to")
        if start and end and start.text == end.text:  # one year, month or day
            return _safe(start.text) if name == "from" else ""
        return f"{name}-{_safe(value.text)}"
    values = value if isinstance(value, list) else [value]
    return f"{name}-" + "-".join(_safe(v) for v in values)


def _safe(text: str) -> str:
    """`text` as a file name's letters: accents dropped, anything else a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", ascii_text).strip("-.") or "x"
