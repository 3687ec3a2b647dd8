"""The results table: one column per size, one row per figure."""

from __future__ import annotations

import json
from pathlib import Path

REQUEST_LABELS = {
    "list": "list, no filter",
    "tag": "one tag",
    "tag_dates": "tag + date range",
    "origin_class": "origin + classification",
    "text": "text query",
    "phrase": "phrase query",
    "deep_page": "deep page (cursor halfway)",
    "cable": "cable page",
    "person": "person page",
    "json": "JSON export (one tag)",
    "csv": "CSV export (tag + year)",
}


def load(folder: Path) -> list[dict]:
    results = [json.loads(p.read_text()) for p in folder.glob("*.json")]
    return sorted(results, key=lambda r: r["cables"])


def rows(result: dict) -> list[tuple[str, str]]:
    ingest, db = result["ingest"], result["database"]
    out = [
        ("ingest, cables/s", f"{ingest['first']['cables_per_s']:,.0f}"),
        ("ingest, seconds", f"{ingest['first']['seconds']:,.1f}"),
        ("ingest, peak RSS MB", f"{ingest['first']['peak_rss_mb']:,.0f}"),
        ("re-ingest unchanged, seconds", f"{ingest['again']['seconds']:,.1f}"),
        ("re-ingest speed-up", f"{ingest['again_speedup']}×"),
        ("re-ingest, peak RSS MB", f"{ingest['again']['peak_rss_mb']:,.0f}"),
        ("database size MB", f"{db['total_mb']:,.0f}"),
    ]
    for table in ("archive_cable", "archive_paragraph", "archive_cableversion"):
        if table in db["tables"]:
            t = db["tables"][table]
            out.append(
                (f"  {table} MB (indexes)", f"{t['total_mb']:,.0f} ({t['indexes_mb']:,.0f})")
            )
    out.append(("request, ms: median / p95", ""))
    for name, label in REQUEST_LABELS.items():
        r = result["requests"].get(name)
        if r:
            out.append((f"  {label}", f"{r['median_ms']:.1f} / {r['p95_ms']:.1f}"))
    load = result.get("load", {})
    if "skipped" in load:
        out.append(("load", "skipped (no wrk)"))
    for connections, figures in load.items():
        if connections != "skipped":
            out.append(
                (
                    f"load at {connections} connections, req/s (errors)",
                    f"{figures['requests_per_s']:,.0f} ({figures['errors']})",
                )
            )
    return out


def missed(result: dict) -> str:
    return ", ".join(name for name, c in result.get("targets", {}).items() if not c["holds"])


def table(results: list[dict]) -> str:
    if not results:
        return "no results"
    columns = [dict(rows(r)) for r in results]
    labels = [label for label, _ in rows(results[0])]
    header = ["cables"] + [f"{r['cables']:,}" for r in results]
    body = [[label] + [c.get(label, "") for c in columns] for label in labels]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(line, widths) for line in body]
    first = results[-1]
    machine = first["machine"]
    lines.append("")
    for result in results:
        lines.append(f"targets missed at {result['cables']:,}: {missed(result) or 'none'}")
    lines.append(
        f"{machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM,"
        f" {machine['postgresql']}, disk {machine['disk']['device']} ({machine['disk']['fstype']});"
        f" commit {first['commit']}"
    )
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int]) -> str:
    first = cells[0].ljust(widths[0])
    rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
    return "  ".join([first, *rest])
