"""What issue 8 asks of the archive at 250,000 cables on this machine, and whether a
run's figures meet it. Each entry: the figure, the target as written, and holds."""

from __future__ import annotations

LIST_PAGES = ("list", "tag", "tag_dates", "origin_class", "deep_page", "text", "phrase", "json")
LIST_P95_MS = 150
CABLE_P95_MS = 30
PERSON_P95_MS = 100
INGEST_CABLES_PER_S = 1000
INGEST_PEAK_RSS_MB = 1024
REINGEST_SPEEDUP = 20
FIRST_BYTE_MS = 300
EXPORT_ROWS_PER_S = 20_000
LOAD_RPS = {"cable": 300, "list": 200, "search": 50}
CONCURRENT_EXPORTS = 5
DATASETTE_LEAD = 5  # their median / ours, on every list, search and export pair
CABLE_WITHIN = 2  # our cable page at most twice Datasette's row page


def _entry(value, op: str, target, holds: bool) -> dict:
    return {"value": value, "target": f"{op} {target:,}", "holds": bool(holds)}


def at_most(value, target) -> dict:
    return _entry(value, "≤", target, value is not None and value <= target)


def at_least(value, target) -> dict:
    return _entry(value, "≥", target, value is not None and value >= target)


def check(result: dict) -> dict:
    checks: dict[str, dict] = {}
    ingest = result.get("ingest", {})
    if ingest:
        checks["ingest cables/s"] = at_least(ingest["first"]["cables_per_s"], INGEST_CABLES_PER_S)
        checks["ingest peak RSS MB"] = _entry(
            ingest["first"]["peak_rss_mb"],
            "<",
            INGEST_PEAK_RSS_MB,
            ingest["first"]["peak_rss_mb"] < INGEST_PEAK_RSS_MB,
        )
        checks["re-ingest speed-up ×"] = at_least(ingest["again_speedup"], REINGEST_SPEEDUP)

    requests = result.get("requests", {})
    for name in LIST_PAGES:
        if name in requests:
            checks[f"{name} p95 ms"] = at_most(requests[name]["p95_ms"], LIST_P95_MS)
    if "cable" in requests:
        checks["cable page p95 ms"] = at_most(requests["cable"]["p95_ms"], CABLE_P95_MS)
    if "person" in requests:
        checks["person page p95 ms"] = at_most(requests["person"]["p95_ms"], PERSON_P95_MS)

    for kind, figures in result.get("exports", {}).items():
        if kind == "concurrent" or "skipped" in figures:
            continue
        checks[f"{kind} export first byte ms"] = at_most(figures["first_byte_ms"], FIRST_BYTE_MS)
        checks[f"{kind} export rows/s"] = at_least(figures["rows_per_s"], EXPORT_ROWS_PER_S)
        checks[f"{kind} export memory flat"] = _entry(
            figures.get("worker_rss_mb", {}).get("growth"),
            "growth <",
            64,
            figures.get("memory_flat", False) and figures.get("complete", False),
        )
    together = result.get("exports", {}).get("concurrent")
    if together:
        checks["concurrent CSV exports whole"] = _entry(
            f"{together['completed_whole']} of {together['exports']}",
            "≥",
            CONCURRENT_EXPORTS,
            together["completed_whole"] >= CONCURRENT_EXPORTS,
        )

    load = result.get("load_by_kind", {})
    for kind, target in LOAD_RPS.items():
        if kind in load:
            figures = load[kind]
            checks[f"load {kind} req/s, 0 errors"] = _entry(
                {"requests_per_s": figures["requests_per_s"], "errors": figures["errors"]},
                "≥",
                target,
                figures["requests_per_s"] >= target and figures["errors"] == 0,
            )

    for name, variants in result.get("datasette", {}).items():
        for variant, figures in variants.items():
            label = f"vs Datasette: {name}" + (" (scalar facets)" if variant == "scalar" else "")
            if name == "cable":
                checks[label + " ratio"] = at_least(figures["ratio"], round(1 / CABLE_WITHIN, 2))
            else:
                checks[label + " ratio"] = at_least(figures["ratio"], DATASETTE_LEAD)
    return checks
