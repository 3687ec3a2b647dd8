"""Cables the people tests write: seed 000 sent from another post, on another date,
with another classifying officer and signature."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from tests.conftest import seed

SEED = seed("000").read_text(encoding="utf-8")
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def cable(
    sender: str,
    post: str,
    serial: int,
    when: str,
    signer: str,
    classifier: str | None = None,
    title: str = "Ambassador",
) -> str:
    """`when` is "2009-03"; `post` the post as the classification line writes it
    (the cable's ID is <year><post><serial>)."""
    year, month = (int(part) for part in when.split("-"))
    text = SEED.replace("FM AMEMBASSY MOSCOW", f"FM {sender}")
    text = text.replace("MOSCOW 003996", f"{post} {serial:06d}")
    text = text.replace("DE RUEHMO #3996", f"DE RUEHMO #{serial % 10000:04d}")
    text = text.replace(" AUG 07", f" {MONTHS[month - 1]} {year % 100:02d}")
    line = "Classified By: A/POL Colin Cleary. Reasons 1.4 (b) and (d)."
    if classifier is None:
        text = text.replace(line, "")
    else:
        text = text.replace(line, f"Classified By: {title} {classifier}. Reasons 1.4 (b) and (d).")
    return text.replace("\nRUSSELL", f"\n{signer}")


def write(folder: Path, cables: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(cables):
        path = folder / f"{number:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def ingest(*paths: Path) -> str:
    out = io.StringIO()
    call_command("ingest", "--no-progress", "--workers", "1", *map(str, paths), stdout=out)
    return out.getvalue()
