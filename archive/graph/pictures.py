"""The citation pictures the pages show: a cable's neighbourhood and a thread's
best-linked cables, each capped, drawn (layout.py, svg.py) and listed in words for
readers who cannot see the drawing."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from archive.graph.layout import Edge, Node, choose, lay_out
from archive.graph.neighbourhood import neighbourhood
from archive.graph.svg import node_title, svg
from archive.models import Cable, CitationThread, Reference, ThreadCable

CAP = 40  # nodes drawn at most: beyond, labels no longer fit a page's width


@dataclass(frozen=True)
class Row:
    """One node of a picture, in words (the text alternative)."""

    node: Node
    relation: str = ""

    @property
    def title(self) -> str:
        return node_title(self.node)


@dataclass(frozen=True)
class Picture:
    markup: SafeString  # the <svg> element
    standalone: str  # the same as a file of its own
    rows: list[Row]  # the nodes drawn, in date order
    drawn: int
    left_out: int
    second_hop: bool  # False: the first hop filled the picture, the second was not counted


@dataclass(frozen=True)
class CableGraph:
    """What the cable page shows of the graph."""

    picture: Picture | None  # None: the cable cites and is cited by nothing
    thread: CitationThread | None
    citing_url: str  # the list of cables citing this one
    svg_url: str


def cable_graph(cable: Cable) -> CableGraph:
    link = ThreadCable.objects.filter(cable=cable).select_related("thread").first()
    return CableGraph(
        picture=cable_picture(cable),
        thread=link.thread if link else None,
        citing_url=reverse("archive:cables") + "?" + urlencode({"cites": cable.reference_id}),
        svg_url=reverse("archive:cable_graph", args=[cable.reference_id]),
    )


def cable_picture(cable: Cable) -> Picture | None:
    found = neighbourhood(cable, first_hop_enough=CAP - 1)
    if len(found.nodes) < 2:
        return None
    kept, left_out = choose(found.nodes, CAP, found.centre.when)
    edges = found.edges if found.second_hop else found.edges_among([n.id for n in kept])
    title = (
        f"Citation graph of cable {cable.reference_id}: {len(kept)} cables, older left, newer right"
    )
    return _picture(kept, edges, left_out, title, found.relations, found.second_hop)


def thread_picture(thread: CitationThread) -> Picture:
    """The thread's best-linked cables (at most CAP) and the REF lines between them."""
    links = (
        ThreadCable.objects.filter(thread=thread)
        .order_by("-degree", "date", "cable_id")
        .select_related("cable")
        .only(
            "degree",
            "cable__reference_id",
            "cable__date",
            "cable__subject",
            "cable__subject_fallback",
        )
    )[:CAP]
    cables = {link.cable_id: link.cable for link in links}
    edges = [
        Edge(cables[a].reference_id, cables[b].reference_id)
        for a, b in Reference.objects.filter(
            cable_id__in=list(cables), cited_id__in=list(cables)
        ).values_list("cable_id", "cited_id")
    ]
    nodes = [
        Node(
            id=c.reference_id,
            when=c.date.date() if c.date else None,
            subject=c.subject or c.subject_fallback,
            url=c.page_url,
        )
        for c in cables.values()
    ]
    title = (
        f"Citation thread {thread.key}: {len(nodes)} of its {thread.size} cables, "
        "older left, newer right"
    )
    return _picture(nodes, edges, thread.size - len(nodes), title, {}, True)


def _picture(
    nodes: list[Node],
    edges: list[Edge],
    left_out: int,
    title: str,
    relations: dict[str, str],
    complete: bool,
) -> Picture:
    drawing = lay_out(nodes, edges, left_out=left_out, title=title)
    rows = [Row(node, relations.get(node.id, "")) for node in drawing.kept]
    return Picture(
        markup=mark_safe(svg(drawing)),  # noqa: S308 - svg() escapes every text it writes
        standalone=svg(drawing, standalone=True),
        rows=rows,
        drawn=len(nodes),
        left_out=left_out,
        second_hop=complete,
    )
