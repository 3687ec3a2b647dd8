"""A cable's citation neighbourhood read from stored REF lines (archive/graph/
neighbourhood.py) and the picture made of it (pictures.py)."""

from __future__ import annotations

from datetime import date

import pytest

from archive.graph import pictures
from archive.graph.neighbourhood import estimated_date, neighbourhood, year_of_id
from archive.models import Cable
from tests.graph_cables import cable, cites

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """06A1 ← 07B2 ← 08C3 ← 09D4 ← 10E5 (each cites the one before), 08C3 also
    cites 05GONE9, which the archive lacks, and 07B2 cites 04GONE8."""
    made = {
        ref_id: cable(ref_id, day)
        for ref_id, day in [
            ("06A1", "2006-03-01"),
            ("07B2", "2007-03-01"),
            ("08C3", "2008-03-01"),
            ("09D4", "2009-03-01"),
            ("10E5", "2010-03-01"),
        ]
    }
    cites(made["07B2"], "06A1", "04GONE8")
    cites(made["08C3"], "07B2", "05GONE9")
    cites(made["09D4"], "08C3")
    cites(made["10E5"], "09D4")
    return made


def _around(reference_id: str):
    return neighbourhood(Cable.objects.get(reference_id=reference_id))


def test_it_reaches_two_hops_each_way_and_no_further(chain):
    found = _around("08C3")
    hops = {n.id: n.hop for n in found.nodes}
    assert hops == {
        "08C3": 0,
        "07B2": 1,
        "09D4": 1,
        "05GONE9": 1,
        "06A1": 2,
        "10E5": 2,
        "04GONE8": 2,
    }


def test_edges_run_from_the_citing_cable_to_the_cited_one(chain):
    edges = {(e.citing, e.cited) for e in _around("08C3").edges}
    assert ("08C3", "07B2") in edges and ("09D4", "08C3") in edges
    assert ("07B2", "06A1") in edges and ("10E5", "09D4") in edges
    assert ("08C3", "05GONE9") in edges and ("07B2", "04GONE8") in edges


def test_a_missing_cable_is_marked_and_dated_by_its_id_before_its_citer(chain):
    missing = {n.id: n for n in _around("08C3").nodes if not n.in_archive}
    assert set(missing) == {"05GONE9", "04GONE8"}
    gone = missing["05GONE9"]
    assert gone.estimated and gone.when.year == 2005
    assert gone.url == "/cables/?cites=05GONE9"  # the cables here citing it


def test_relations_say_how_each_cable_is_linked(chain):
    relations = _around("08C3").relations
    assert relations["07B2"] == "cited by this cable"
    assert relations["09D4"] == "cites this cable"
    assert relations["06A1"] == "cited by 07B2"
    assert relations["10E5"] == "cites 09D4"


def test_a_cable_citing_nothing_and_cited_by_none_has_no_picture(chain):
    alone = cable("08ALONE1", "2008-01-01")
    assert pictures.cable_picture(alone) is None


def test_the_picture_is_capped_and_counts_what_it_left_out(chain):
    hub = chain["08C3"]
    citers = [cable(f"08CITER{n}", f"2008-04-{1 + n % 28:02d}") for n in range(pictures.CAP + 5)]
    for citer in citers:
        cites(citer, "08C3")
    cites(citers[1], citers[0].reference_id)  # two first-hop cables linked to each other
    picture = pictures.cable_picture(Cable.objects.get(pk=hub.pk))
    one_hop = [n for n in neighbourhood(Cable.objects.get(pk=hub.pk)).nodes if n.hop <= 1]
    assert picture.drawn == pictures.CAP
    # The first hop alone overfills the picture: the second is neither read nor counted.
    assert not picture.second_hop
    assert picture.left_out == len(one_hop) - pictures.CAP > 0
    assert any(row.node.current for row in picture.rows)
    drawn = {row.node.id for row in picture.rows}
    assert "06A1" not in drawn and "10E5" not in drawn  # two hops away
    # The nearest in time are kept, and the REF line between two of them is drawn:
    # one edge from each first-hop cable to the hub, and theirs.
    assert {"08CITER0", "08CITER1"} <= drawn
    assert picture.markup.count('<path class="ref-graph-edge') == pictures.CAP


def test_a_picture_with_room_draws_the_second_hop(chain):
    picture = pictures.cable_picture(Cable.objects.get(reference_id="08C3"))
    assert picture.second_hop and picture.left_out == 0
    assert {row.node.id for row in picture.rows} >= {"06A1", "10E5", "04GONE8"}


def test_the_page_graph_names_the_thread_of_the_cable(chain):
    from archive.graph import threads

    threads.rebuild()
    graph = pictures.cable_graph(Cable.objects.get(reference_id="09D4"))
    assert graph.thread is not None and graph.thread.key == "06A1"
    assert graph.thread.size == 5
    assert graph.citing_url == "/cables/?cites=09D4"


@pytest.mark.parametrize(
    ("reference_id", "year"),
    [
        ("06TBILISI2601", 2006),
        ("89MOSCOW1", 1989),
        ("66PARIS1", 1966),
        ("STATE1", None),
        ("X", None),
    ],
)
def test_the_year_of_an_id(reference_id, year):
    assert year_of_id(reference_id) == year


def test_an_estimated_date_is_never_after_the_first_citing_cable():
    assert estimated_date("07GONE1", [date(2007, 2, 10), date(2008, 1, 1)]) == date(2007, 2, 9)
    assert estimated_date("07GONE1", [date(2009, 1, 1)]) == date(2007, 7, 1)
    assert estimated_date("07GONE1", [date(2007, 1, 1)]) == date(2007, 1, 1)
