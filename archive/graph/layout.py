"""Where each cable of a citation picture goes: nodes, edges and dates in,
positioned shapes out. Knows nothing of Django or the database (svg.py draws the
result; neighbourhood.py and threads.py gather the nodes).

The horizontal axis is time, older left, newer right, but not linear: cables
cluster (a week of cables citing each other, then nothing for a year), and on a
linear axis a cluster is one blob. Each node's x is half its place in time and half
its rank among the nodes, so the order is always the order of the dates and a busy
week gets room; the year ticks are placed on the same map, so they stay true.
Nodes are then stacked in lanes, nearest the middle first, so no two labels overlap.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

WIDTH = 960  # the drawing's own units: the viewBox, scaled by the page
MARGIN = 56  # room for half a label at either end
UNDATED_ROOM = 90  # a column at the left for cables of unknown date
LANE_HEIGHT = 38
TOP = 16
AXIS_ROOM = 58  # the year ticks under the lanes, and the key under them
LABEL_FONT = 12
LABEL_CHAR = 7.4  # width of a character of the monospaced label, at LABEL_FONT
LABEL_GAP = 8
MIN_TICK_GAP = 40  # year labels closer than this to the previous one are left out


@dataclass(frozen=True)
class Node:
    id: str  # the cable ID, as shown: "07MOSCOW3996"
    when: date | None  # its date; None when unknown
    subject: str = ""
    url: str | None = None
    in_archive: bool = True
    hop: int = 1  # steps from the cable the picture is about (0: that cable)
    estimated: bool = False  # `when` is a guess from the year in the ID

    @property
    def current(self) -> bool:
        return self.hop == 0


@dataclass(frozen=True)
class Edge:
    citing: str
    cited: str


@dataclass(frozen=True)
class Placed:
    node: Node
    x: float
    y: float
    lane: int
    width: int = WIDTH  # of the drawing it is placed in


@dataclass(frozen=True)
class Line:
    citing: Placed
    cited: Placed

    @property
    def touches_current(self) -> bool:
        return self.citing.node.current or self.cited.node.current


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    axis_y: float
    nodes: list[Placed]
    lines: list[Line]
    ticks: list[Tick]
    left_out: int = 0  # nodes of the neighbourhood not drawn (the cap)
    title: str = ""
    kept: list[Node] = field(default_factory=list)  # the nodes drawn, in date order


def choose(nodes: list[Node], cap: int, centre: date | None = None) -> tuple[list[Node], int]:
    """At most `cap` nodes: the current cable, then the nearest hops first and,
    within a hop, the nearest in time to `centre` (the current cable's date).
    Returns the nodes kept and how many were left out."""
    if cap < 1:
        raise ValueError("a picture needs room for at least one cable")

    def distance(node: Node) -> float:
        if node.when is None or centre is None:
            return float("inf")
        return abs((_day(node.when) - _day(centre)).days)

    ranked = sorted(nodes, key=lambda n: (n.hop, distance(n), n.id))
    return ranked[:cap], max(0, len(ranked) - cap)


def lay_out(nodes: list[Node], edges: list[Edge], *, left_out: int = 0, title: str = "") -> Drawing:
    """Place `nodes` (already chosen) and the `edges` between them."""
    dated = sorted((n for n in nodes if n.when is not None), key=lambda n: (_day(n.when), n.id))
    undated = sorted((n for n in nodes if n.when is None), key=lambda n: n.id)
    left = MARGIN + (UNDATED_ROOM if undated else 0)
    span = WIDTH - MARGIN - left
    fractions = _fractions([_day(n.when) for n in dated])
    xs = {n.id: left + f * span for n, f in zip(dated, fractions, strict=True)}
    for n in undated:
        xs[n.id] = MARGIN + (UNDATED_ROOM / 2 if dated else span / 2)
    order = [*undated, *dated]
    lanes = _lanes(order, xs)
    lowest, highest = min(lanes.values(), default=0), max(lanes.values(), default=0)
    placed = {
        n.id: Placed(n, round(xs[n.id], 1), _lane_y(lanes[n.id] - lowest), lanes[n.id])
        for n in order
    }
    axis_y = TOP + (highest - lowest + 1) * LANE_HEIGHT + 4
    ticks = _ticks([_day(n.when) for n in dated], fractions, left, span)
    if undated:
        ticks.insert(0, Tick(MARGIN + UNDATED_ROOM / 2, "no date"))
    lines = [
        Line(placed[e.citing], placed[e.cited])
        for e in dict.fromkeys(edges)
        if e.citing in placed and e.cited in placed and e.citing != e.cited
    ]
    return Drawing(
        width=WIDTH,
        height=round(axis_y + AXIS_ROOM),
        axis_y=axis_y,
        nodes=[placed[n.id] for n in order],
        lines=lines,
        ticks=ticks,
        left_out=left_out,
        title=title,
        kept=order,
    )


def _lane_y(row: int) -> float:
    return TOP + row * LANE_HEIGHT + 10


def label_width(node: Node) -> float:
    return len(node.id) * LABEL_CHAR + LABEL_GAP


def _day(when: date) -> date:
    return when.date() if isinstance(when, datetime) else when


def _fractions(days: list[date]) -> list[float]:
    """0..1 for each (sorted) date: half time, half rank, so order is kept."""
    if len(days) < 2:
        return [0.5] * len(days)
    first, last = days[0].toordinal(), days[-1].toordinal()
    spread = last - first
    n = len(days) - 1
    return [
        0.5 * (i / n) + 0.5 * ((d.toordinal() - first) / spread if spread else i / n)
        for i, d in enumerate(days)
    ]


def _lanes(order: list[Node], xs: dict[str, float]) -> dict[str, int]:
    """A lane per node, 0 the middle, then 1, -1, 2, -2…: the first in which its
    label overlaps no other. The current cable is placed first, in the middle."""
    taken: dict[int, list[tuple[float, float]]] = {}
    lanes: dict[str, int] = {}

    def fits(lane: int, start: float, end: float) -> bool:
        return all(end <= a or start >= b for a, b in taken.get(lane, []))

    def place(node: Node, lane: int) -> None:
        half = label_width(node) / 2
        taken.setdefault(lane, []).append((xs[node.id] - half, xs[node.id] + half))
        lanes[node.id] = lane

    current = [n for n in order if n.current]
    for node in current[:1]:
        place(node, 0)
    for node in order:
        if node.id in lanes:
            continue
        half = label_width(node) / 2
        start, end = xs[node.id] - half, xs[node.id] + half
        lane = next(lane for lane in _lane_order() if fits(lane, start, end))
        place(node, lane)
    return lanes


def _lane_order():
    yield 0
    step = 1
    while True:
        yield step
        yield -step
        step += 1


def _ticks(days: list[date], fractions: list[float], left: float, span: float) -> list[Tick]:
    """A tick at each 1 January inside the span (each quarter when it is a year or
    two), and the first year at the left end, on the same map as the nodes; ticks
    too close to the last are left out."""
    if not days:
        return []
    if days[0] == days[-1]:
        return [Tick(left + fractions[0] * span, str(days[0].year))]
    ordinals = [d.toordinal() for d in days]
    wanted = [(str(days[0].year), ordinals[0])]
    if days[-1].year - days[0].year <= 1:
        # A span of a year or two: the quarters too ("Apr"), so the axis still tells when.
        for year in range(days[0].year, days[-1].year + 1):
            for month in (1, 4, 7, 10):
                day = date(year, month, 1)
                if days[0] < day <= days[-1]:
                    label = str(year) if month == 1 else day.strftime("%b")
                    wanted.append((label, day.toordinal()))
    else:
        wanted += [
            (str(y), date(y, 1, 1).toordinal()) for y in range(days[0].year + 1, days[-1].year + 1)
        ]
    ticks: list[Tick] = []
    for label, ordinal in wanted:
        x = left + _interpolate(ordinal, ordinals, fractions) * span
        if ticks and x - ticks[-1].x < MIN_TICK_GAP:
            continue
        ticks.append(Tick(round(x, 1), label))
    return ticks


def _interpolate(ordinal: int, ordinals: list[int], fractions: list[float]) -> float:
    """The x fraction of a day between the nodes' days (piecewise linear)."""
    i = bisect_right(ordinals, ordinal)
    if i == 0:
        return fractions[0]
    if i == len(ordinals):
        return fractions[-1]
    a, b = ordinals[i - 1], ordinals[i]
    if a == b:
        return fractions[i]
    share = (ordinal - a) / (b - a)
    return fractions[i - 1] + share * (fractions[i] - fractions[i - 1])
