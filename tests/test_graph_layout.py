"""The citation picture's layout and markup (archive/graph/layout.py, svg.py): pure
functions, no database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from archive.graph.layout import LANE_HEIGHT, Edge, Node, choose, label_width, lay_out
from archive.graph.svg import svg

SVG = "{http://www.w3.org/2000/svg}"


def _node(id_: str, when: date | None, hop: int = 1, **kw) -> Node:
    return Node(
        id=id_, when=when, subject=f"Subject of {id_}", url=f"/cables/{id_}/", hop=hop, **kw
    )


def _star(n: int, centre: date = date(2008, 6, 1)) -> list[Node]:
    """A current cable and n others, every third day before and after it."""
    nodes = [_node("08CENTRE1", centre, hop=0)]
    for i in range(1, n + 1):
        offset = timedelta(days=3 * i if i % 2 else -3 * i)
        nodes.append(_node(f"08POST{i}", centre + offset, hop=1 if i <= n // 2 else 2))
    return nodes


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_older_cables_are_left_of_newer_ones():
    nodes = [
        _node("09C3", date(2009, 3, 1)),
        _node("06A1", date(2006, 1, 5)),
        _node("08B2", date(2008, 2, 1), hop=0),
        _node("08B3", date(2008, 2, 1)),
    ]
    drawing = lay_out(nodes, [])
    by_date = sorted(drawing.nodes, key=lambda p: (p.node.when, p.node.id))
    xs = [p.x for p in by_date]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs), "cables of one day still get their own place"


def test_year_ticks_are_in_order_and_between_the_cables_of_either_side():
    nodes = [_node("05A", date(2005, 11, 1)), _node("07B", date(2007, 2, 1), hop=0)]
    drawing = lay_out(nodes, [])
    labels = [t.label for t in drawing.ticks]
    assert labels == ["2005", "2006", "2007"]
    left, right = (p.x for p in sorted(drawing.nodes, key=lambda p: p.node.when))
    tick_2007 = next(t for t in drawing.ticks if t.label == "2007")
    assert left < tick_2007.x < right


def test_a_short_span_is_ticked_by_quarter():
    nodes = [_node("08A", date(2008, 2, 1), hop=0), _node("08B", date(2008, 11, 20))]
    assert [t.label for t in lay_out(nodes, []).ticks] == ["2008", "Apr", "Jul", "Oct"]


def test_no_two_labels_of_a_lane_overlap():
    drawing = lay_out(_star(39), [])
    by_lane: dict[int, list] = {}
    for p in drawing.nodes:
        by_lane.setdefault(p.lane, []).append(p)
    for placed in by_lane.values():
        spans = sorted(
            (p.x - label_width(p.node) / 2, p.x + label_width(p.node) / 2) for p in placed
        )
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start
    assert len(by_lane) > 1
    assert drawing.height >= len(by_lane) * LANE_HEIGHT


def test_the_current_cable_sits_in_the_middle_lane():
    drawing = lay_out(_star(20), [])
    current = next(p for p in drawing.nodes if p.node.current)
    assert current.lane == 0


def test_the_cap_keeps_the_current_cable_then_the_first_hop_then_the_nearest():
    nodes = _star(60)
    kept, left_out = choose(nodes, 40, date(2008, 6, 1))
    assert len(kept) == 40 and left_out == 21
    assert kept[0].current
    hops = [n.hop for n in kept]
    assert hops == sorted(hops)
    first_hop = [n for n in nodes if n.hop == 1]
    assert all(n in kept for n in first_hop)
    dropped = [n for n in nodes if n not in kept]
    far_kept = [n for n in kept if n.hop == 2]
    distance = lambda n: abs((n.when - date(2008, 6, 1)).days)  # noqa: E731
    assert max(map(distance, far_kept)) <= min(map(distance, dropped))


def test_a_cap_below_one_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        choose(_star(3), 0)


def test_the_markup_is_valid_svg_with_a_link_and_title_per_node():
    nodes = _star(12)
    edges = [Edge(n.id, "08CENTRE1") for n in nodes[1:]]
    root = _parse(svg(lay_out(nodes, edges, title="Graph of 08CENTRE1")))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox", "").startswith("0 0 ")
    links = root.findall(f".//{SVG}a")
    assert len(links) == len(nodes)
    for link in links:
        title = link.find(f"{SVG}title").text
        node_id = link.find(f"{SVG}text").text
        assert link.get("href") == f"/cables/{node_id}/"
        assert title.startswith(node_id + ", ") and f"Subject of {node_id}" in title
    assert len(root.findall(f".//{SVG}path[@marker-end]")) == len(edges)


def test_the_current_cable_is_marked():
    root = _parse(svg(lay_out(_star(4), [])))
    current = [a for a in root.iter(f"{SVG}a") if a.get("aria-current") == "page"]
    assert len(current) == 1
    assert "ref-graph-current" in current[0].get("class")
    assert current[0].find(f"{SVG}title").text.endswith("this cable")


def test_a_cable_the_archive_lacks_is_drawn_differently_and_says_so():
    nodes = [
        _node("08CENTRE1", date(2008, 6, 1), hop=0),
        _node("07GONE5", date(2007, 7, 1), in_archive=False, estimated=True),
        _node("08HERE2", date(2008, 7, 1)),
    ]
    root = _parse(svg(lay_out(nodes, [Edge("08CENTRE1", "07GONE5")])))
    by_id = {a.find(f"{SVG}text").text: a for a in root.iter(f"{SVG}a")}
    missing, held = by_id["07GONE5"], by_id["08HERE2"]
    assert "ref-graph-missing" in missing.get("class")
    assert "ref-graph-missing" not in held.get("class")
    assert missing.find(f"{SVG}circle").get("stroke-dasharray")
    assert held.find(f"{SVG}circle").get("stroke-dasharray") is None
    title = missing.find(f"{SVG}title").text
    assert "not in the archive" in title and "2007, by its ID" in title


def test_text_is_escaped():
    nodes = [Node(id="08X1", when=date(2008, 1, 1), subject='<script>"&', url="/c/?a=1&b=2", hop=0)]
    markup = svg(lay_out(nodes, []), standalone=True)
    root = _parse(markup)
    assert "<script>" not in markup
    assert root.find(f".//{SVG}a").get("href") == "/c/?a=1&b=2"
    assert '<script>"&' in root.find(f".//{SVG}a/{SVG}title").text


def test_undated_cables_get_a_column_of_their_own_at_the_left():
    nodes = [
        _node("UNDATED", None),
        _node("08A", date(2008, 1, 1), hop=0),
        _node("09B", date(2009, 1, 1)),
    ]
    drawing = lay_out(nodes, [])
    xs = {p.node.id: p.x for p in drawing.nodes}
    assert xs["UNDATED"] < xs["08A"] < xs["09B"]
    assert drawing.ticks[0].label == "no date"


def test_the_markup_carries_no_inline_style_or_script():
    markup = svg(lay_out(_star(10), []), standalone=True)
    root = _parse(markup)
    for element in root.iter():
        assert element.tag not in (f"{SVG}style", f"{SVG}script")
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
