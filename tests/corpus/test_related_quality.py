"""How good the related cables are, over the shared corpus: for each cable that
cites, or is cited by, another cable of the corpus, how often that other cable is
among the ten related ones (recall@10), for the four methods of
archive/related/methods.py and the panel's blends of them. The figures are printed
(pytest -s) and go in the README; the tests hold what the panel relies on: its
blend (embeddings, tags and origin, distinctive words) and its fallback where there
is no embedding (the last two) each find more linked cables than any method alone,
PostgreSQL's ts_rank text similarity included, and the panel stays quick."""

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


def test_without_embeddings_each_method_finds_most_linked_cables(corpus, links):
    sample = _sample(links)
    found = {name: _recall(method, links, sample) for name, method in _WITHOUT.items()}
    seconds = {}
    for name in ("text similarity", "distinctive words"):
        started = time.perf_counter()
        for cable_id in sample[:5]:
            _WITHOUT[name](cable_id)
        seconds[name] = (time.perf_counter() - started) / 5
    print(
        f"\nrecall@10 on {SAMPLE} of {len(links)} linked cables: "
        + ", ".join(f"{name} {value:.3f}" for name, value in found.items())
        + "; a cable: "
        + ", ".join(f"{name} {1000 * value:.1f} ms" for name, value in seconds.items())
    )
    # None is a guess: most of the linked cables are found.
    assert min(found.values()) > 0.5
    # Distinctive words find about as much as ts_rank does, read from their own
    # table instead of probing the full-text index once a word (the times are
    # printed, never asserted).
    assert found["distinctive words"] >= found["text similarity"] - 0.05


def test_the_fallback_blend_beats_each_method_without_embeddings(corpus, links):
    assert panel.FALLBACK is methods.blended_without_embedding
    everyone = sorted(links)
    on_all = {
        "fallback blend": _recall(methods.blended_without_embedding, links, everyone),
        "tags and origin": _recall(methods.by_tags_and_origin, links, everyone),
        "distinctive words": _recall(methods.by_terms, links, everyone),
    }
    sample = _sample(links)
    on_sample = {
        "fallback blend": _recall(methods.blended_without_embedding, links, sample),
        "text similarity": _recall(methods.by_text, links, sample),
    }
    print(
        f"\nrecall@10 on all {len(everyone)} linked cables: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_all.items())
        + f"; on {SAMPLE} of them: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_sample.items())
    )
    assert on_all["fallback blend"] > max(on_all["tags and origin"], on_all["distinctive words"])
    # ts_rank is too slow to run over every linked cable here (bench.related_quality
    # does: README "Related cables").
    assert on_sample["fallback blend"] > on_sample["text similarity"]


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
        "distinctive words": _recall(methods.by_terms, links, everyone),
    }
    sample = _sample(links)
    on_sample = {name: _recall(method, links, sample) for name, method in _ALL.items()}
    print(
        f"\nrecall@10 on all {len(everyone)} linked cables: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_all.items())
        + f"; on {SAMPLE} of them: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_sample.items())
    )
    assert on_all["blend"] > max(value for name, value in on_all.items() if name != "blend")
    assert on_sample["blend"] > on_sample["text similarity"]
    assert on_all["embeddings"] > 0.5


_WITHOUT = {
    "tags and origin": methods.by_tags_and_origin,
    "distinctive words": methods.by_terms,
    "text similarity": methods.by_text,
}
_ALL = {"blend": methods.blended, "embeddings": methods.by_embedding, **_WITHOUT}


def test_the_panel_shows_ten_other_cables_for_any_corpus_cable(corpus, links):
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
    by = "blend" if shown.by_meaning else "fallback blend"
    median = statistics.median(times)
    print(f"\nrelated panel, 200 corpus cables ({by}): median {median:.1f} ms, p95 {p95:.1f} ms")
