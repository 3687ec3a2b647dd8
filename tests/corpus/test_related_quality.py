"""How good the related cables are, over the shared corpus: for each cable that
cites, or is cited by, another cable of the corpus, how often that other cable is
among the ten related ones (recall@10), for the three methods of
archive/related/methods.py and their blend. The figures are printed (pytest -s)
and go in the README; the tests hold what the panel relies on: its blend of
embeddings with tags and origin beats each of them, both find most linked cables,
and the panel stays quick."""

from __future__ import annotations

import random
import statistics
import time
from collections import defaultdict

import pytest
from django.db import connection

from archive.models import Cable
from archive.related import methods, panel, storage
from archive.related.panel import related_panel

pytestmark = pytest.mark.django_db

# The text method probes the full-text index once per distinctive term of the
# cable (about 160): over every linked cable it would take many minutes, so it is
# measured, with the other two alike, on this many linked cables drawn at random.
SAMPLE = 120
SEED = 12


def _sample(links: dict[int, set[int]]) -> list[int]:
    """SAMPLE linked cables, the same on every run: drawn from them in the order of
    their IDs (the rows' ids depend on the order the ingest's writers took)."""
    ids = dict(Cable.objects.filter(pk__in=links).values_list("pk", "reference_id"))
    return random.Random(SEED).sample(sorted(links, key=ids.get), SAMPLE)


def _links() -> dict[int, set[int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT cable_id, cited_id FROM archive_reference"
            " WHERE cited_id IS NOT NULL AND cited_id <> cable_id"
        )
        links = defaultdict(set)
        for citing, cited in cursor.fetchall():
            links[citing].add(cited)
            links[cited].add(citing)
    return dict(links)


# The lists each method gave, kept for the module: the text method's are slow.
_shown: dict[tuple[str, int], list[int]] = {}


def _recall(method, links: dict[int, set[int]], cables: list[int]) -> float:
    found = wanted = 0
    for cable_id in cables:
        key = (method.__name__, cable_id)
        if key not in _shown:
            _shown[key] = method(cable_id) or []
        shown = set(_shown[key])
        found += len(links[cable_id] & shown)
        wanted += len(links[cable_id])
    return found / wanted


@pytest.fixture(scope="module")
def links(corpus_db, django_db_blocker):
    _shown.clear()
    with django_db_blocker.unblock():
        found = _links()
        storage.forget()
    assert len(found) > 300, "the corpus should hold hundreds of linked cables"
    return found


def _embedded() -> bool:
    storage.forget()
    if not storage.available():
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {storage.TABLE}")
        return cursor.fetchone()[0] == Cable.objects.count()


def test_without_embeddings_both_methods_find_most_linked_cables(corpus, links):
    sample = _sample(links)
    tags = _recall(methods.by_tags_and_origin, links, sample)
    text = _recall(methods.by_text, links, sample)
    started = time.monotonic()
    for cable_id in sample[:5]:
        methods.by_text(cable_id)
    seconds = (time.monotonic() - started) / 5
    print(
        f"\nrecall@10 on {SAMPLE} of {len(links)} linked cables: tags and origin {tags:.3f},"
        f" text similarity {text:.3f} ({seconds:.2f} s a cable)"
    )
    # Neither is a guess: most of the linked cables are found.
    assert min(tags, text) > 0.5
    # The panel's fallback is the quick one: text similarity costs a page far more.
    assert panel.FALLBACK is methods.by_tags_and_origin
    assert seconds > 0.02


def test_the_blend_beats_each_of_its_parts(corpus, links):
    if not _embedded():
        pytest.skip(
            "this PostgreSQL server has no `vector` extension (pgvector), so the "
            "corpus has no embeddings to measure"
        )
    everyone = sorted(links)
    on_all = {
        "blend": _recall(methods.blended, links, everyone),
        "embeddings": _recall(methods.by_embedding, links, everyone),
        "tags and origin": _recall(methods.by_tags_and_origin, links, everyone),
    }
    sample = _sample(links)
    on_sample = {name: _recall(method, links, sample) for name, method in _ALL.items()}
    print(
        f"\nrecall@10 on all {len(everyone)} linked cables: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_all.items())
        + f"; on {SAMPLE} of them: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_sample.items())
    )
    assert on_all["blend"] > max(on_all["embeddings"], on_all["tags and origin"])
    assert on_all["embeddings"] > 0.5


_ALL = {
    "blend": methods.blended,
    "embeddings": methods.by_embedding,
    "tags and origin": methods.by_tags_and_origin,
    "text similarity": methods.by_text,
}


def test_the_panel_is_quick_on_the_corpus(corpus, links):
    storage.forget()
    cables = list(Cable.objects.order_by("?")[:200])
    related_panel(cables[0])  # the table check, once per process
    times = []
    for cable in cables:
        started = time.perf_counter()
        shown = related_panel(cable)
        times.append(1000 * (time.perf_counter() - started))
        assert cable not in shown.cables and len(shown.cables) == methods.SHOWN
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    by = "blend" if shown.by_meaning else "tags and origin"
    median = statistics.median(times)
    print(f"\nrelated panel, 200 corpus cables ({by}): median {median:.1f} ms, p95 {p95:.1f} ms")
    assert p95 < 200
