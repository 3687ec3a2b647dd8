"""The request mix timed on our server and, interleaved, on Datasette's.

For each request of the mix, each repetition sends ours, then each Datasette variant
of it, one after the other, each on its own kept-alive connection: a burst of noise
on the shared machine slows both sides of a pair alike, and the ratio (their
median / our median) is the figure that survives it.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass

from bench import client, measure

EXPORTS = ("csv",)  # whole-file exports: seconds each, so fewer repetitions


@dataclass
class Plan:
    """How often each request is timed. Each side of a pair (ours, each Datasette
    variant) is a series of its own that stops at `repeat` timings, or once it has
    spent `budget_seconds` and been timed `min_repeat` times, or at three budgets
    whatever its count: a Datasette page that takes a minute at 250,000 cables is
    timed twice, not thirty times, and the run stays well under an hour."""

    repeat: int = 30  # timed repetitions of a page
    export_repeat: int = 5  # of a whole export
    min_repeat: int = 3
    budget_seconds: float = 30  # per series

    def more(self, times: list[float], repeat: int) -> bool:
        spent = sum(times) / 1000
        if len(times) >= repeat or spent >= 3 * self.budget_seconds:
            return False
        return len(times) < self.min_repeat or spent < self.budget_seconds


def time_mix(
    our_port: int,
    mix: dict[str, list[str]],
    plan: Plan,
    their_port: int | None = None,
    theirs: dict[str, dict[str, list[str]]] | None = None,
    log=lambda message: None,
) -> tuple[dict, dict]:
    """(our figures per request, Datasette's figures per request and variant with the
    ratio to ours). Without Datasette, only ours are timed."""
    ours_conn = http.client.HTTPConnection("127.0.0.1", our_port, timeout=600)
    their_conn = (
        http.client.HTTPConnection("127.0.0.1", their_port, timeout=600) if their_port else None
    )
    theirs = theirs if their_conn else {}
    ours_out: dict = {}
    theirs_out: dict = {}
    for name, paths in mix.items():
        variants = theirs.get(name, {})
        repeat = plan.export_repeat if name in EXPORTS else plan.repeat
        # One warm-up of each side: connections open, code paths loaded. Ours is
        # kept as the request's cold figure: it is the one our page cache has not
        # seen, the cost of a first visitor (the timed repetitions are mostly hits).
        cold_ms = client.timed_get(ours_conn, paths[0])[0]
        for their_paths in variants.values():
            client.get(their_conn, their_paths[0])
        ours = _Series(paths[0])
        their_series = {variant: _Series(ps[0]) for variant, ps in variants.items()}
        for i in range(repeat):
            if not plan.more(ours.times, repeat):
                break
            ours.add(i, *client.timed_get(ours_conn, paths[i % len(paths)]))
            for variant, their_paths in variants.items():
                if plan.more(their_series[variant].times, repeat):
                    their_series[variant].add(
                        i, *client.timed_get(their_conn, their_paths[i % len(their_paths)])
                    )
        ours_out[name] = {**ours.figures(), "first_ms": round(cold_ms, 1)}
        if variants:
            theirs_out[name] = {}
            for variant, series in their_series.items():
                figures = series.figures()
                # Against our timings of the same repetitions: those sent beside theirs.
                beside = [ours.times[ours.rounds.index(i)] for i in series.rounds]
                figures["ours_median_ms"] = round(measure.percentile(beside, 0.5), 1)
                figures["ratio"] = _ratio(figures["median_ms"], figures["ours_median_ms"])
                theirs_out[name][variant] = figures
            shown = ", ".join(f"{v} {f['ratio']}×" for v, f in theirs_out[name].items())
            log(
                f"{name}: ours {ours_out[name]['median_ms']} ms median "
                f"(first {ours_out[name]['first_ms']} ms); datasette {shown}"
            )
    ours_conn.close()
    if their_conn:
        their_conn.close()
    return ours_out, theirs_out


class _Series:
    def __init__(self, path: str):
        self.path, self.times, self.statuses, self.size = path, [], set(), 0
        self.rounds: list[int] = []  # which repetitions of the request this series ran

    def add(self, round_: int, ms: float, status: int, size: int) -> None:
        self.rounds.append(round_)
        self.times.append(ms)
        self.statuses.add(status)
        self.size = size

    def figures(self) -> dict:
        return {
            "path": self.path,
            "repeat": len(self.times),
            "median_ms": round(measure.percentile(self.times, 0.5), 1),
            "p95_ms": round(measure.percentile(self.times, 0.95), 1),
            "max_ms": round(max(self.times), 1),
            "status": sorted(self.statuses),
            "bytes": self.size,
        }


def _ratio(theirs_ms: float, ours_ms: float) -> float:
    return round(theirs_ms / ours_ms, 2) if ours_ms > 0 else 0.0
