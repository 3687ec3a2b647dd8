"""A cable's citation neighbourhood, read from the stored REF lines: the cables it
cites and the cables citing it (one hop), and theirs (two hops), with the cited
cables the archive lacks.

The first hop comes from the cable's own `references` and `cited_by` (which the
cable page has already prefetched); the second is one query on Reference, served
by the index of each end (reference_unique_position for `cable`, the foreign key's
index for `cited`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from archive.graph.layout import Edge, Node
from archive.models import Cable, Reference

_CABLE_FIELDS = ("reference_id", "date", "subject", "subject_fallback")


@dataclass(frozen=True)
class Neighbourhood:
    centre: Node
    nodes: list[Node]  # every node, the centre included
    edges: list[Edge]
    relations: dict[str, str]  # node ID → how it is linked to the centre, in words


def neighbourhood(cable: Cable) -> Neighbourhood:
    builder = _Builder(cable)
    first_hop = builder.first_hop()
    if first_hop:
        builder.second_hop(first_hop)
    return builder.result()


def year_of_id(reference_id: str) -> int | None:
    """The year a canonical cable ID starts with: "06TBILISI2601" → 2006."""
    if len(reference_id) < 3 or not reference_id[:2].isdigit() or reference_id[2].isdigit():
        return None
    yy = int(reference_id[:2])
    return (1900 if yy >= 66 else 2000) + yy


def estimated_date(reference_id: str, cited_on: list[date]) -> date | None:
    """A date to draw a missing cable at: the middle of the year its ID names,
    though never after the first cable citing it (a cable cites older ones)."""
    year = year_of_id(reference_id)
    if year is None:
        return None
    guess = date(year, 7, 1)
    if cited_on:
        before = min(cited_on) - timedelta(days=1)
        guess = max(date(year, 1, 1), min(guess, before))
    return guess


class _Builder:
    def __init__(self, cable: Cable):
        self.cable = cable
        self.stored: dict[int, Cable] = {cable.pk: cable}
        self.hops: dict[str, int] = {cable.reference_id: 0}
        self.edges: list[Edge] = []
        self.missing_cited_on: dict[str, list[date]] = {}
        self.relations: dict[str, str] = {}

    def first_hop(self) -> set[int]:
        me = self.cable
        found: set[int] = set()
        for ref in me.references.all():
            if ref.cited is not None and ref.cited_id != me.pk:
                self._cable(ref.cited, 1)
                self._edge(me, ref.cited)
                found.add(ref.cited_id)
                self._relate(ref.cited.reference_id, "cited by this cable")
            elif ref.cited is None and ref.cited_reference_id:
                self._missing(ref.cited_reference_id, me, 1)
                self._relate(ref.cited_reference_id, "cited by this cable")
        for ref in me.cited_by.all():
            if ref.cable_id != me.pk:
                self._cable(ref.cable, 1)
                self._edge(ref.cable, me)
                found.add(ref.cable_id)
                self._relate(ref.cable.reference_id, "cites this cable")
        return found

    def second_hop(self, first: set[int]) -> None:
        refs = (
            Reference.objects.filter(Q(cable_id__in=first) | Q(cited_id__in=first))
            .select_related("cable", "cited")
            .only(
                "cable_id",
                "cited_id",
                "cited_reference_id",
                *(f"cable__{name}" for name in _CABLE_FIELDS),
                *(f"cited__{name}" for name in _CABLE_FIELDS),
            )
        )
        for ref in refs:
            citing = ref.cable
            self._cable(citing, 2)
            if ref.cited is not None:
                if ref.cited_id == ref.cable_id:
                    continue
                self._cable(ref.cited, 2)
                self._edge(citing, ref.cited)
                via, other = (citing, ref.cited) if ref.cable_id in first else (ref.cited, citing)
                verb = "cited by" if via is citing else "cites"
                self._relate(other.reference_id, f"{verb} {via.reference_id}")
            elif ref.cited_reference_id:
                self._missing(ref.cited_reference_id, citing, 2)
                self._relate(ref.cited_reference_id, f"cited by {citing.reference_id}")

    def result(self) -> Neighbourhood:
        nodes = [self._stored_node(c) for c in self.stored.values()]
        nodes += [
            Node(
                id=ref_id,
                when=estimated_date(ref_id, cited_on),
                url=_address(ref_id),
                in_archive=False,
                hop=self.hops[ref_id],
                estimated=True,
            )
            for ref_id, cited_on in self.missing_cited_on.items()
        ]
        centre = next(n for n in nodes if n.hop == 0)
        return Neighbourhood(centre, nodes, list(dict.fromkeys(self.edges)), self.relations)

    def _stored_node(self, cable: Cable) -> Node:
        return Node(
            id=cable.reference_id,
            when=cable.date.date() if cable.date else None,
            subject=cable.subject or cable.subject_fallback,
            url=cable.page_url,
            hop=self.hops[cable.reference_id],
        )

    def _cable(self, cable: Cable, hop: int) -> None:
        self.stored.setdefault(cable.pk, cable)
        self.hops[cable.reference_id] = min(hop, self.hops.get(cable.reference_id, hop))

    def _missing(self, reference_id: str, citing: Cable, hop: int) -> None:
        self.hops[reference_id] = min(hop, self.hops.get(reference_id, hop))
        dates = self.missing_cited_on.setdefault(reference_id, [])
        if citing.date:
            dates.append(citing.date.date())
        self.edges.append(Edge(citing.reference_id, reference_id))

    def _edge(self, citing: Cable, cited: Cable) -> None:
        self.edges.append(Edge(citing.reference_id, cited.reference_id))

    def _relate(self, reference_id: str, words: str) -> None:
        if reference_id == self.cable.reference_id:
            return
        if self.hops.get(reference_id) == 1 and not words.endswith("this cable"):
            return  # a first-hop cable is described by its own link to this one
        known = self.relations.get(reference_id)
        if known is None:
            self.relations[reference_id] = words
        elif words not in known.split("; "):
            self.relations[reference_id] = f"{known}; {words}"


def _address(reference_id: str) -> str | None:
    # A cable the archive lacks still has a page: the cables here that cite it.
    return Cable(reference_id=reference_id).page_url
