"""Citation threads: connected components of cables linked by REF lines
(archive/graph/threads.py)."""

from __future__ import annotations

import pytest

from archive.graph.pictures import CAP, thread_picture
from archive.graph.threads import components, rebuild
from archive.models import CitationThread, ThreadCable
from tests.graph_cables import cable, cites


def test_components_join_edges_either_way_largest_first():
    found = components([(1, 2), (3, 2), (10, 11), (4, 3)])
    assert found == [{1, 2, 3, 4}, {10, 11}]


@pytest.mark.django_db
def test_threads_are_components_of_three_or_more_with_their_figures():
    a = cable("07MOSCOW1", "2007-01-05", origin="Embassy Moscow")
    b = cable("07KYIV2", "2007-02-01", origin="Embassy Kyiv")
    c = cable("07MOSCOW3", "2007-03-01", origin="Embassy Moscow")
    d = cable("08MOSCOW4", "2008-01-01", origin="Embassy Moscow")
    cites(b, "07MOSCOW1")
    cites(c, "07KYIV2", "07MOSCOW1")  # a triangle: three REF lines
    cites(d, "08MOSCOW4")  # a cable citing itself is no thread
    cable("09PARIS1", "2009-01-01")
    cites(cable("09PARIS2", "2009-02-01"), "09PARIS1")  # two cables are no thread
    x, y = cable("10ROME1", "2010-01-01"), cable("10ROME2", "2010-01-02")
    cites(x, "10GONE1")
    cites(y, "10GONE1")  # citing the same missing cable links nothing

    assert rebuild() == 1
    thread = CitationThread.objects.get()
    assert thread.key == "07MOSCOW1"
    assert thread.size == 3 and thread.links == 3
    assert thread.first_date == a.date and thread.last_date == c.date
    assert thread.origins == ["Embassy Moscow", "Embassy Kyiv"] and thread.origin_count == 2
    members = ThreadCable.objects.filter(thread=thread).order_by("date")
    assert [m.cable_id for m in members] == [a.pk, b.pk, c.pk]
    assert {m.cable_id: m.degree for m in members} == {a.pk: 2, b.pk: 2, c.pk: 2}


@pytest.mark.django_db
def test_a_rebuild_replaces_the_threads_when_chains_join():
    first = [cable(f"07A{n}", f"2007-0{n}-01") for n in range(1, 4)]
    cites(first[1], "07A1")
    cites(first[2], "07A2")
    second = [cable(f"08B{n}", f"2008-0{n}-01") for n in range(1, 4)]
    cites(second[1], "08B1")
    cites(second[2], "08B2")
    assert rebuild() == 2
    cites(second[0], "07A3")
    assert rebuild() == 1
    assert CitationThread.objects.get().size == 6
    assert ThreadCable.objects.count() == 6


@pytest.mark.django_db
def test_a_thread_too_large_to_draw_is_drawn_as_a_connected_part_of_it():
    # A long chain, and a hub its first cables cite: the best-linked cables are
    # the hub's citers, which do not cite each other.
    chain = [cable(f"07C{n}", "2007-01-01") for n in range(CAP + 10)]
    for n in range(1, len(chain)):
        cites(chain[n], chain[n - 1].reference_id)
    hub = cable("06HUB1", "2006-06-01")
    for n in range(CAP):
        cites(cable(f"08H{n}", "2008-01-01"), hub.reference_id, chain[n % 3].reference_id)
    rebuild()
    thread = CitationThread.objects.get()
    picture = thread_picture(thread)
    assert picture.drawn == CAP and picture.left_out == thread.size - CAP
    drawn = {row.node.id for row in picture.rows}
    linked = {end for edge in picture.edges for end in edge}
    assert drawn == linked  # every cable drawn is linked to another drawn one
