"""The citation pictures the pages show: a cable's neighbourhood and a thread's
best-linked cables, each capped, drawn (layout.py, svg.py) and listed in words for
readers who cannot see the drawing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
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
    edges: list[tuple[str, str]]  # (citing, cited) IDs of the REF lines drawn


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
    """The whole thread when it has at most CAP cables; otherwise a connected part of
    it: its best-linked cable, then, a step at a time, the best-linked cables next to
    those chosen (the CAP best-linked of a large thread seldom cite each other, and
    a picture of unlinked dots says nothing of the chain)."""
    chosen = _grow(thread)
    cables = {
        c.pk: c
        for c in Cable.objects.filter(pk__in=chosen).only(
            "reference_id", "date", "subject", "subject_fallback"
        )
    }
    edges = [
        Edge(cables[a].reference_id, cables[b].reference_id)
        for a, b in Reference.objects.filter(
            cable_id__in=list(cables), cited_id__in=list(cables)
        ).values_list("cable_id", "cited_id")
        if a != b
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


def _grow(thread: CitationThread) -> list[int]:
    members = ThreadCable.objects.filter(thread=thread)
    if thread.size <= CAP:
        return list(members.values_list("cable_id", flat=True))
    seed = members.order_by("-degree", "date", "cable_id").values_list("cable_id", flat=True)
    chosen = list(seed[:1])
    frontier = set(chosen)
    while frontier and len(chosen) < CAP:
        pairs = Reference.objects.filter(
            Q(cable_id__in=frontier) | Q(cited_id__in=frontier), cited__isnull=False
        ).values_list("cable_id", "cited_id")
        near = {pk for pair in pairs for pk in pair} - set(chosen)
        best = (
            members.filter(cable_id__in=near)
            .order_by("-degree", "date", "cable_id")
            .values_list("cable_id", flat=True)[: CAP - len(chosen)]
        )
        frontier = set(best)
        chosen += list(best)
    return chosen


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
        edges=[(line.citing.node.id, line.cited.node.id) for line in drawing.lines],
    )
