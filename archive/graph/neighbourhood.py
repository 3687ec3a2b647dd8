"""A cable's citation neighbourhood, read from the stored REF lines: the cables it
cites and the cables citing it (one hop), and theirs (two hops), with the cited
cables the archive lacks.

The first hop comes from the cable's own `references` and `cited_by` (which the
cable page has already prefetched); the second is one query on Reference, served
by the index of each end (reference_unique_position for `cable`, the foreign key's
index for `cited`), and one for the cables it reaches, by primary key.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from django.db.models import Prefetch, Q
from django.urls import reverse

from archive.graph.layout import Edge, Node
from archive.models import Cable, Reference, linkable_id

_CABLE_FIELDS = ("reference_id", "date", "subject", "subject_fallback")
RELATIONS_SHOWN = 3  # "cites A; cites B; cites C" at most, for a cable linked many ways


@dataclass(frozen=True)
class Neighbourhood:
    centre: Node
    nodes: list[Node]  # every node, the centre included
    edges: list[Edge]
    relations: dict[str, str]  # node ID → how it is linked to the centre, in words
    # False when the first hop alone had more than `first_hop_enough` cables: the
    # second was not read (a picture that draws the first hop first has no room for
    # it), and the edges between first-hop cables are read with `edges_among`.
    second_hop: bool = True
    pks: dict[str, int] = field(default_factory=dict)  # stored node ID → primary key

    def edges_among(self, ids: list[str]) -> list[Edge]:
        """The REF lines between the stored cables `ids`, besides `edges`."""
        pks = {self.pks[i]: i for i in ids if i in self.pks}
        rows = Reference.objects.filter(cable_id__in=list(pks), cited_id__in=list(pks))
        found = [
            Edge(pks[a], pks[b]) for a, b in rows.values_list("cable_id", "cited_id") if a != b
        ]
        return list(dict.fromkeys([*self.edges, *found]))


def with_first_hop(cables):
    """`cables` with what `neighbourhood` reads of each one's first hop prefetched
    (the cable page prefetches the same with more fields)."""
    fields = [f"{end}__{name}" for end in ("cable", "cited") for name in _CABLE_FIELDS]
    refs = Reference.objects.only("cable_id", "cited_id", "cited_reference_id", *fields)
    return cables.prefetch_related(
        Prefetch("references", queryset=refs.select_related("cited")),
        Prefetch("cited_by", queryset=refs.select_related("cable")),
    )


def neighbourhood(cable: Cable, first_hop_enough: int | None = None) -> Neighbourhood:
    """Two hops around `cable`; only one when the first has `first_hop_enough` or more."""
    builder = _Builder(cable)
    first_hop = builder.first_hop()
    enough = first_hop_enough is not None and len(builder.hops) - 1 >= first_hop_enough
    if first_hop and not enough:
        builder.second_hop(first_hop)
    return builder.result(second_hop=not enough)


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


@dataclass(frozen=True)
class _Cable:
    """What a node needs of a stored cable (read as plain values: a neighbourhood of
    a much-cited cable holds thousands, and model instances cost ten times more)."""

    pk: int
    reference_id: str
    day: date | None
    subject: str

    @classmethod
    def read(cls, values: tuple) -> _Cable:
        """From (pk, reference_id, date, subject, subject_fallback)."""
        pk, reference_id, when, subject, fallback = values
        return cls(pk, reference_id, when.date() if when else None, subject or fallback)

    @classmethod
    def of(cls, cable: Cable) -> _Cable:
        subject = cable.subject or cable.subject_fallback
        return cls(cable.pk, cable.reference_id, cable.date.date() if cable.date else None, subject)


class _Builder:
    def __init__(self, cable: Cable):
        self.cable = cable
        self.me = _Cable.of(cable)
        self.stored: dict[int, _Cable] = {cable.pk: self.me}
        self.hops: dict[str, int] = {cable.reference_id: 0}
        self.edges: list[Edge] = []
        self.missing_cited_on: dict[str, list[date]] = {}
        self.relations: dict[str, str] = {}

    def first_hop(self) -> set[int]:
        me = self.me
        found: set[int] = set()
        for ref in self.cable.references.all():
            if ref.cited is not None and ref.cited_id != me.pk:
                cited = self._cable(_Cable.of(ref.cited), 1)
                self._edge(me, cited)
                found.add(cited.pk)
                self._relate(cited.reference_id, "cited by this cable")
            elif ref.cited is None and ref.cited_reference_id:
                self._missing(ref.cited_reference_id, me, 1)
                self._relate(ref.cited_reference_id, "cited by this cable")
        for ref in self.cable.cited_by.all():
            if ref.cable_id != me.pk:
                citing = self._cable(_Cable.of(ref.cable), 1)
                self._edge(citing, me)
                found.add(citing.pk)
                self._relate(citing.reference_id, "cites this cable")
        return found

    def second_hop(self, first: set[int]) -> None:
        # One query, both ends joined, read as plain values.
        refs = Reference.objects.filter(Q(cable_id__in=first) | Q(cited_id__in=first))
        rows = refs.values_list(
            "cable_id",
            *(f"cable__{name}" for name in _CABLE_FIELDS),
            "cited_id",
            *(f"cited__{name}" for name in _CABLE_FIELDS),
            "cited_reference_id",
        )
        for row in rows:
            citing = self._cable(_Cable.read(row[0:5]), 2)
            cited_ref = row[10]
            if row[5] is not None:
                if row[5] == row[0]:
                    continue
                cited = self._cable(_Cable.read(row[5:10]), 2)
                self._edge(citing, cited)
                via, other = (citing, cited) if citing.pk in first else (cited, citing)
                verb = "cited by" if via is citing else "cites"
                self._relate(other.reference_id, f"{verb} {via.reference_id}")
            elif cited_ref:
                self._missing(cited_ref, citing, 2)
                self._relate(cited_ref, f"cited by {citing.reference_id}")

    def result(self, second_hop: bool) -> Neighbourhood:
        nodes = [self._stored_node(c) for c in self.stored.values()]
        nodes += [
            Node(
                id=ref_id,
                when=estimated_date(ref_id, cited_on),
                url=citing_list_url(ref_id),
                in_archive=False,
                hop=self.hops[ref_id],
                estimated=True,
            )
            for ref_id, cited_on in self.missing_cited_on.items()
        ]
        centre = next(n for n in nodes if n.hop == 0)
        return Neighbourhood(
            centre,
            nodes,
            list(dict.fromkeys(self.edges)),
            self.relations,
            second_hop,
            {c.reference_id: c.pk for c in self.stored.values()},
        )

    def _stored_node(self, cable: _Cable) -> Node:
        return Node(
            id=cable.reference_id,
            when=cable.day,
            subject=cable.subject,
            url=_address(cable.reference_id),
            hop=self.hops[cable.reference_id],
        )

    def _cable(self, cable: _Cable, hop: int) -> _Cable:
        cable = self.stored.setdefault(cable.pk, cable)
        self.hops[cable.reference_id] = min(hop, self.hops.get(cable.reference_id, hop))
        return cable

    def _missing(self, reference_id: str, citing: _Cable, hop: int) -> None:
        self.hops[reference_id] = min(hop, self.hops.get(reference_id, hop))
        dates = self.missing_cited_on.setdefault(reference_id, [])
        if citing.day:
            dates.append(citing.day)
        self.edges.append(Edge(citing.reference_id, reference_id))

    def _edge(self, citing: _Cable, cited: _Cable) -> None:
        self.edges.append(Edge(citing.reference_id, cited.reference_id))

    def _relate(self, reference_id: str, words: str) -> None:
        if reference_id == self.me.reference_id:
            return
        if self.hops.get(reference_id) == 1 and not words.endswith("this cable"):
            return  # a first-hop cable is described by its own link to this one
        known = self.relations.get(reference_id)
        if known is None:
            self.relations[reference_id] = words
        elif words not in known.split("; ") and known.count("; ") < RELATIONS_SHOWN - 1:
            self.relations[reference_id] = f"{known}; {words}"


def citing_list_url(reference_id: str) -> str:
    """Where a cable the archive lacks leads: the list of the cables here citing it
    (its own address answers 404, with the same list)."""
    return _list_url() + "?" + urlencode({"cites": reference_id})


def _address(reference_id: str) -> str | None:
    if not linkable_id(reference_id):
        return None
    return _cable_url().replace(_SLOT, quote(reference_id, safe=""))


_SLOT = "CABLEID"


@functools.cache
def _list_url() -> str:
    return reverse("archive:cables")


@functools.cache
def _cable_url() -> str:
    # reverse() once: it costs 50 µs a call, and a neighbourhood holds hundreds of nodes.
    return reverse("archive:cable", args=[_SLOT])
