"""How good the related cables are, over the shared corpus: for each cable that
cites, or is cited by, another cable of the corpus, how often that other cable is
among the ten related ones (recall@10), for the three methods of
archive/related/methods.py. The figures are printed (pytest -s) and go in the
README; the tests hold what the panel relies on: the embeddings beat both
methods without them, and the panel's fallback is the better of those two."""

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


def _recall(method, links: dict[int, set[int]], cables: list[int]) -> float:
    found = wanted = 0
    for cable_id in cables:
        shown = set(method(cable_id) or [])
        found += len(links[cable_id] & shown)
        wanted += len(links[cable_id])
    return found / wanted


@pytest.fixture(scope="module")
def links(corpus_db, django_db_blocker):
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


def test_the_fallback_is_the_better_method_without_embeddings(corpus, links):
    sample = random.Random(SEED).sample(sorted(links), SAMPLE)
    tags = _recall(methods.by_tags_and_origin, links, sample)
    started = time.monotonic()
    text = _recall(methods.by_text, links, sample)
    seconds = (time.monotonic() - started) / SAMPLE
    print(
        f"\nrecall@10 on {SAMPLE} of {len(links)} linked cables: tags and origin {tags:.3f},"
        f" text similarity {text:.3f} ({seconds:.2f} s a cable)"
    )
    better = methods.by_tags_and_origin if tags >= text else methods.by_text
    assert panel.FALLBACK is better


def test_the_embeddings_beat_both_methods_without_them(corpus, links):
    if not _embedded():
        pytest.skip(
            "this PostgreSQL server has no `vector` extension (pgvector), so the "
            "corpus has no embeddings to measure"
        )
    everyone = sorted(links)
    embeddings = _recall(methods.by_embedding, links, everyone)
    tags = _recall(methods.by_tags_and_origin, links, everyone)
    sample = random.Random(SEED).sample(everyone, SAMPLE)
    on_sample = {
        "embeddings": _recall(methods.by_embedding, links, sample),
        "tags and origin": _recall(methods.by_tags_and_origin, links, sample),
        "text similarity": _recall(methods.by_text, links, sample),
    }
    print(
        f"\nrecall@10 on all {len(everyone)} linked cables: embeddings {embeddings:.3f},"
        f" tags and origin {tags:.3f}; on {SAMPLE} of them: "
        + ", ".join(f"{name} {value:.3f}" for name, value in on_sample.items())
    )
    assert embeddings > tags
    assert on_sample["embeddings"] > max(on_sample["tags and origin"], on_sample["text similarity"])


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
    by = "embeddings" if shown.by_meaning else "tags and origin"
    median = statistics.median(times)
    print(f"\nrelated panel, 200 corpus cables ({by}): median {median:.1f} ms, p95 {p95:.1f} ms")
    assert p95 < 200
