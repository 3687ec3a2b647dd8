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
    out.append(("request, ms: median / p95 (first, uncached)", ""))
    for name, label in REQUEST_LABELS.items():
        r = result["requests"].get(name)
        if r:
            first = f" ({r['first_ms']:.1f})" if "first_ms" in r else ""
            out.append((f"  {label}", f"{r['median_ms']:.1f} / {r['p95_ms']:.1f}{first}"))
    out += _datasette_rows(result)
    by_kind = result.get("load_by_kind", {})
    if "skipped" in by_kind:
        out.append(("load per page kind", "skipped (no wrk)"))
    elif by_kind:
        connections = next(iter(by_kind.values()))["connections"]
        out.append((f"load per page kind at {connections} connections, req/s (errors)", ""))
        for kind, figures in by_kind.items():
            out.append((f"  {kind}", f"{figures['requests_per_s']:,.0f} ({figures['errors']})"))
    load = result.get("load", {})
    if "skipped" in load:
        out.append(("load", "skipped (no wrk)"))
    for connections, figures in load.items():
        if connections != "skipped":
            out.append(
                (
                    f"load, the mix at {connections} connections, req/s (errors)",
                    f"{figures['requests_per_s']:,.0f} ({figures['errors']})",
                )
            )
    out += _export_rows(result.get("exports", {}))
    for name, seconds in result.get("phases_seconds", {}).items():
        out.append((f"time: {name}, s", f"{seconds:,.0f}"))
    return out


def _datasette_rows(result: dict) -> list[tuple[str, str]]:
    pairs = result.get("datasette", {})
    if not pairs:
        skipped = result.get("datasette_setup", {}).get("skipped")
        return [("vs Datasette", "skipped")] if skipped else []
    out = [("vs Datasette: their median / ours (same facets; scalar facets only)", "")]
    for name, variants in pairs.items():
        ratios = [f"{variants[v]['ratio']:,.1f}×" for v in ("theirs", "scalar") if v in variants]
        out.append((f"  {REQUEST_LABELS.get(name, name)} ×", "; ".join(ratios)))
    export = result.get("datasette_setup", {}).get("export")
    if export:
        out.append(("  SQLite export for Datasette, s", f"{export['seconds']:,.1f}"))
    return out


def _export_rows(found: dict) -> list[tuple[str, str]]:
    out = []
    for kind in ("csv", "jsonl"):
        figures = found.get(kind)
        if not figures:
            continue
        label = f"whole {kind.upper()} export"
        if "skipped" in figures:
            out.append((label, "none"))
            continue
        memory = figures.get("worker_rss_mb", {})
        out.append((f"{label}: first byte ms", f"{figures['first_byte_ms']:,.0f}"))
        out.append((f"{label}: rows/s", f"{figures['rows_per_s']:,}"))
        out.append((f"{label}: worker RSS growth MB", f"{memory.get('growth', 0):,.0f}"))
    together = found.get("concurrent")
    if together:
        out.append(
            (
                f"{together['exports']} CSV exports at once: whole (s)",
                f"{together['completed_whole']} ({together['seconds']:,.0f})",
            )
        )
    return out


def missed(result: dict) -> str:
    return ", ".join(name for name, c in result.get("targets", {}).items() if not c["holds"])


def targets_table(result: dict) -> list[str]:
    """Each target of the largest run: its figure, the target, held or missed."""
    checks = result.get("targets", {})
    if not checks:
        return []
    body = [
        [name, _shown(c["value"]), str(c["target"]), "holds" if c["holds"] else "MISSED"]
        for name, c in checks.items()
    ]
    header = [f"target at {result['cables']:,} cables", "figure", "target", ""]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(4)]
    return [_line(header, widths), _line(["-" * w for w in widths], widths)] + [
        _line(line, widths) for line in body
    ]


def _shown(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_shown(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(results: list[dict]) -> str:
    if not results:
        return "no results"
    columns = [dict(rows(r)) for r in results]
    # Every figure of any run, in order: older runs lack the newer figures.
    labels = list(dict.fromkeys(label for r in results for label, _ in rows(r)))
    header = ["cables"] + [f"{r['cables']:,}" for r in results]
    body = [[label] + [c.get(label, "") for c in columns] for label in labels]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(line, widths) for line in body]
    first = results[-1]
    machine = first["machine"]
    lines.append("")
    lines += targets_table(first)
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
