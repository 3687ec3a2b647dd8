"""People named in the text over the whole corpus: the judged sample's precision, the
share of cables that name someone, and how long the ingest's mention step takes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from archive.mentions import store
from archive.mentions.extract import extract
from archive.models import Cable, Mention, MentionedPerson, MentionScan, Paragraph

pytestmark = pytest.mark.django_db

JUDGED = Path(__file__).resolve().parents[1] / "data" / "mentions_judged.json"
PRECISION_TARGET = 0.95


def judged() -> list[dict]:
    return json.loads(JUDGED.read_text(encoding="utf-8"))["mentions"]


def paragraphs_of(reference_id: str) -> list[str]:
    return list(
        Paragraph.objects.filter(cable__reference_id=reference_id)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_the_judged_sample_is_what_the_extractor_reads_today(corpus):
    # A change to the extractor that moves, drops or renames a judged mention must be
    # judged again, not left to a stale figure.
    stale = []
    for cable in sorted({j["cable"] for j in judged()}):
        found = {(m.paragraph, m.start): m for m in extract(paragraphs_of(cable))}
        for j in (j for j in judged() if j["cable"] == cable):
            m = found.get((j["paragraph"], j["start"]))
            if m is None or (m.name, m.title, m.rule) != (j["name"], j["title"], j["rule"]):
                stale.append((cable, j["name"], m and (m.name, m.title, m.rule)))
    assert stale == []


def test_the_judged_sample_is_precise_enough_and_the_corpus_is_covered(corpus, capsys):
    sample = judged()
    assert len(sample) >= 200
    assert len({j["cable"] for j in sample}) >= 100
    precision = sum(j["correct"] for j in sample) / len(sample)
    cables = Cable.objects.count()
    named = Cable.objects.filter(mentions__isnull=False).distinct().count()
    with capsys.disabled():
        print(
            f"\nmentions: precision {precision:.3f} on {len(sample)} judged mentions; "
            f"{named} of {cables} cables ({named / cables:.1%}) name someone; "
            f"{Mention.objects.count()} mentions in all"
        )
    assert precision >= PRECISION_TARGET
    assert named / cables > 0.5


def test_the_ingest_stores_what_the_extractor_reads(corpus):
    for cable in sorted({j["cable"] for j in judged()})[:20]:
        stored = set(
            Mention.objects.filter(cable__reference_id=cable).values_list(
                "paragraph__position", "start", "name"
            )
        )
        read = {(m.paragraph, m.start, m.name) for m in extract(paragraphs_of(cable))}
        assert stored == read, cable


def test_every_mention_of_the_corpus_has_its_person_and_a_right_span(corpus):
    assert not Mention.objects.filter(person__isnull=True).exists()
    for m in Mention.objects.select_related("paragraph").order_by("?")[:500]:
        assert m.paragraph.text[m.start : m.end] == m.name
        assert "XXXXXX" not in m.name.upper()


def test_the_mention_step_of_the_ingest_is_quick_on_the_whole_corpus(corpus, capsys):
    MentionScan.objects.all().delete()  # as if no run had read them yet
    started = time.monotonic()
    read = store.read_mentions(workers=2)
    seconds = time.monotonic() - started
    with capsys.disabled():
        print(f"\nmentions: read {read} cables in {seconds:.1f} s with 2 workers")
    assert read == Cable.objects.filter(versions__is_current=True).distinct().count()
    assert seconds < 120  # the budget is about 60 s; twice that fails on any machine


def test_an_ambassador_the_text_names_is_the_officer_who_signs_as_them(corpus, capsys):
    # Louis Susman signs Embassy London's cables, and its cables name "Ambassador Susman".
    susman = Mention.objects.filter(name="Susman", title="Ambassador").select_related("person")
    assert susman.exists()
    assert {m.person.officer_slug for m in susman} == {"louis-susman"}
    tied = MentionedPerson.objects.exclude(officer_slug="").count()
    with capsys.disabled():
        print(f"\nmentions: {tied} of {MentionedPerson.objects.count()} people are officers too")
