"""A Drawing (layout.py) as SVG markup. Knows nothing of Django.

The site's policy allows no inline style: colours and strokes are presentation
attributes, so the file looks right on its own (graph.svg), and the page's
stylesheet (static/archive.css, `.ref-graph …`) refines them where it is inline.
Every node is a link with a <title> (ID, date, subject) as its accessible name.
"""

from __future__ import annotations

import math
from html import escape

from archive.graph.layout import LABEL_CHAR, Drawing, Line, Node, Placed, label_width

INK = "#1b1b1b"
ACCENT = "#0b5394"
MISSING = "#8a8a8a"
CURRENT = "#a65300"
EDGE = "#8c99a6"
FAR = "#7fa6cc"  # two steps away
FAR_STROKE = "#5b87b5"


def svg(drawing: Drawing, *, standalone: bool = False, label: str = "") -> str:
    """The drawing's markup. `standalone`: a file of its own (an XML declaration's
    namespace and a fixed size); otherwise sized by the page's stylesheet."""
    size = f' width="{drawing.width}" height="{drawing.height}"' if standalone else ""
    title = label or drawing.title or "Citation graph"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ref-graph" viewBox="0 0 '
        f'{drawing.width} {drawing.height}"{size} role="group" aria-label="{_e(title)}"'
        f' font-family="DejaVu Sans Mono, Menlo, Consolas, monospace">',
        f"<title>{_e(title)}</title>",
        _arrow_marker(),
        _axis(drawing),
        '<g class="ref-graph-edges" fill="none">',
        *(_line(line) for line in drawing.lines),
        "</g>",
        '<g class="ref-graph-nodes">',
        *(_node(placed) for placed in drawing.nodes),
        "</g>",
        _legend(drawing),
        "</svg>",
    ]
    return "\n".join(parts)


def node_title(node: Node) -> str:
    """What a node says to a screen reader or a pointer resting on it."""
    when = node.when.strftime("%-d %b %Y") if node.when else "date unknown"
    if node.estimated:
        when = f"{node.when.year}, by its ID" if node.when else "date unknown"
    parts = [node.id, when]
    if node.subject:
        parts.append(node.subject)
    if node.current:
        parts.append("this cable")
    if not node.in_archive:
        parts.append("not in the archive")
    return ", ".join(parts)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _arrow_marker() -> str:
    # Edges run from the citing cable to the one it cites: the head at the cited end.
    return (
        '<defs><marker id="ref-graph-arrow" viewBox="0 0 8 8" refX="7" refY="4"'
        ' markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
        f'<path d="M0,0 L8,4 L0,8 z" fill="{EDGE}"/></marker></defs>'
    )


def _axis(drawing: Drawing) -> str:
    y = drawing.axis_y
    parts = [
        f'<g class="ref-graph-axis" fill="{INK}" font-size="12" aria-hidden="true">',
        f'<line x1="16" y1="{y}" x2="{drawing.width - 16}" y2="{y}" stroke="{INK}"'
        ' stroke-width="1"/>',
    ]
    for tick in drawing.ticks:
        parts.append(
            f'<line class="ref-graph-tick" x1="{tick.x}" y1="{y - 4}" x2="{tick.x}"'
            f' y2="{y + 4}" stroke="{INK}" stroke-width="1"/>'
            f'<text x="{tick.x}" y="{y + 20}" text-anchor="middle">{_e(tick.label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


# What each mark means, under the axis: (fill, stroke, dashed, words).
_KEY = [
    (CURRENT, INK, False, "this cable"),
    (ACCENT, ACCENT, False, "cites it or cited by it"),
    (FAR, FAR_STROKE, False, "two steps away"),
    ("#ffffff", MISSING, True, "not in the archive"),
]


def _legend(drawing: Drawing) -> str:
    nodes = [placed.node for placed in drawing.nodes]
    around = any(n.current for n in nodes)  # a cable's picture, not a thread's
    present = {
        "this cable": around,
        "cites it or cited by it": around and any(n.hop == 1 and n.in_archive for n in nodes),
        "two steps away": around and any(n.hop >= 2 and n.in_archive for n in nodes),
        "not in the archive": any(not n.in_archive for n in nodes),
    }
    shown = [key for key in _KEY if present[key[3]]]
    y = drawing.height - 14
    parts = [f'<g class="ref-graph-key" font-size="12" fill="{INK}" aria-hidden="true">']
    x = 20.0
    for fill, stroke, dashed, words in shown:
        dash = ' stroke-dasharray="3 2"' if dashed else ""
        parts.append(
            f'<circle cx="{x + 6}" cy="{y - 4}" r="6" fill="{fill}" stroke="{stroke}"'
            f' stroke-width="1.5"{dash}/><text x="{x + 17}" y="{y}">{_e(words)}</text>'
        )
        x += 17 + len(words) * LABEL_CHAR + 26
    parts.append("</g>")
    return "".join(parts)


def _line(line: Line) -> str:
    a, b = line.citing, line.cited
    # A gentle curve, so edges between nodes of one lane do not run through labels.
    bend = -14 if a.y <= b.y else 14
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2 + (bend if a.lane == b.lane else 0)
    # The arrow ends at the cited node's rim, not under it.
    ex, ey = _towards(b.x, b.y, mx, my, _radius(b.node) + 2)
    css = "ref-graph-edge ref-graph-edge-current" if line.touches_current else "ref-graph-edge"
    width = "1.6" if line.touches_current else "1"
    return (
        f'<path class="{css}" d="M{a.x},{a.y} Q{mx},{my} {ex},{ey}" stroke="{EDGE}"'
        f' stroke-width="{width}" marker-end="url(#ref-graph-arrow)"/>'
    )


def _towards(x: float, y: float, to_x: float, to_y: float, distance: float) -> tuple[float, float]:
    """The point `distance` from (x, y) in the direction of (to_x, to_y)."""
    dx, dy = to_x - x, to_y - y
    length = math.hypot(dx, dy)
    if length <= distance:
        return round(x, 1), round(y, 1)
    return round(x + dx / length * distance, 1), round(y + dy / length * distance, 1)


def _radius(node: Node) -> int:
    return 9 if node.current else 6


def _node(placed: Placed) -> str:
    node = placed.node
    classes = ["ref-graph-node"]
    radius, fill, stroke, dash = _radius(node), ACCENT, ACCENT, ""
    if node.current:
        classes.append("ref-graph-current")
        fill, stroke = CURRENT, INK
    elif not node.in_archive:
        classes.append("ref-graph-missing")
        fill, stroke, dash = "#ffffff", MISSING, ' stroke-dasharray="3 2"'
    elif node.hop >= 2:
        classes.append("ref-graph-far")
        fill, stroke = FAR, FAR_STROKE
    shape = (
        f'<circle cx="{placed.x}" cy="{placed.y}" r="{radius}" fill="{fill}" stroke="{stroke}"'
        f' stroke-width="1.5"{dash}/>'
    )
    weight = ' font-weight="bold"' if node.current else ""
    colour = MISSING if not node.in_archive else INK
    # A label that would run off either end is set against the node instead.
    half, width = label_width(node) / 2, placed.width
    anchor, x = "middle", placed.x
    if placed.x + half > width - 2:
        anchor, x = "end", placed.x + radius
    elif placed.x - half < 2:
        anchor, x = "start", placed.x - radius
    label = (
        f'<text x="{x}" y="{placed.y + 19}" text-anchor="{anchor}" font-size="12"'
        f' fill="{colour}"{weight}>{_e(node.id)}</text>'
    )
    title = f"<title>{_e(node_title(node))}</title>"
    inner = title + shape + label
    css = " ".join(classes)
    if node.url is None:
        return f'<g class="{css}">{inner}</g>'
    current = ' aria-current="page"' if node.current else ""
    return f'<a class="{css}" href="{_e(node.url)}"{current}>{inner}</a>'
