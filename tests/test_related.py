"""The related-cables panel over the four seed cables, on real PostgreSQL: with
embeddings (the embedded server, which ships pgvector), without the extension
(PostgreSQL 15, or the table dropped inside the test), and with cables ingested
`--no-embed` and embedded later."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.html import escape

from archive.models import Cable
from archive.related import storage
from archive.related.embedding import missing_count
from archive.related.model import DIMENSIONS, MAX_TOKENS, Embedder, model_files
from tests.conftest import SEEDS

PEACE_MISSION = ["07MOSCOW3996", "07MOSCOW4141"]


def _offered() -> bool:
    with connection.cursor() as cursor:
        return storage.extension_offered(cursor)


@pytest.fixture(autouse=True)
def _ask_again():
    # Whether the table exists is kept per process; each test's database differs.
    storage.forget()
    yield
    storage.forget()


@pytest.fixture
def with_vectors(db):
    if not _offered():
        pytest.skip(
            "this PostgreSQL server has no `vector` extension (pgvector): the "
            "embedding tests run on the embedded server"
        )


def ingest(*options: str) -> str:
    out = io.StringIO()
    call_command("ingest", "--no-progress", *options, str(SEEDS), stdout=out)
    return out.getvalue()


def panel(client, reference_id: str):
    return client.get(f"/cables/{reference_id}/").context["related"]


# The model, without a database.


def test_the_model_files_come_from_installed_packages():
    graph, tokenizer = model_files()
    assert graph.name == "model.onnx" and "site-packages" in str(graph)
    assert tokenizer.name == "tokenizer.json" and "site-packages" in str(tokenizer)


def test_the_model_puts_texts_on_one_subject_closer_than_texts_on_two():
    vectors = Embedder().embed(
        [
            "The SCO held its Peace Mission 2007 exercise near Chelyabinsk.",
            "Russian and Chinese troops trained together in the Urals this August.",
            "The embassy's visa section will be closed on Thursday for a holiday.",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1


def test_a_long_text_is_cut_at_the_models_length_and_still_embeds_whole():
    embedder = Embedder()
    words = "sanctions " * (4 * MAX_TOKENS)
    cut = embedder.embed([words])[0]
    assert np.allclose(cut, embedder.embed([words + "visa holiday " * 50])[0], atol=1e-6)
    whole = embedder.embed_long(words + "visa holiday closed " * 400)
    assert abs(float(np.linalg.norm(whole)) - 1) < 1e-5
    assert float(whole @ cut) < 0.99  # the later windows count


# With embeddings.


def test_the_ingest_embeds_every_cable_and_the_panel_finds_the_twin(client, with_vectors):
    out = ingest()
    assert "Embedded 4 cables for the related-cables panel." in out
    assert missing_count() == 0
    related = panel(client, "07MOSCOW3996")
    assert related.by_meaning and related.note == ""
    shown = [c.reference_id for c in related.cables]
    assert shown[0] == "07MOSCOW4141"
    assert "07MOSCOW3996" not in shown and len(shown) == 3


def test_the_panel_shows_id_date_origin_and_subject_as_links(client, with_vectors):
    ingest()
    html = client.get("/cables/07MOSCOW3996/").content.decode()
    section = html[html.index('<section class="cable-related"') :]
    section = section[: section.index("</section>")]
    twin = Cable.objects.get(reference_id="07MOSCOW4141")
    assert 'href="/cables/07MOSCOW4141/"' in section
    assert twin.origin in section and twin.date.strftime("%-d %b %Y") in section
    assert escape(twin.subject[:40]) in section
    assert "Related by" not in section


def test_no_embed_leaves_them_to_the_embed_command_which_does_the_rest_once(client, with_vectors):
    out = ingest("--no-embed")
    assert "(--no-embed)" in out
    assert missing_count() == 4
    related = panel(client, "07MOSCOW3996")
    assert not related.by_meaning
    assert related.note.startswith("Related by shared words, tags and origin")
    assert "no embedding yet" in related.note
    assert related.cables  # the fallback still lists cables

    out = io.StringIO()
    call_command("embed", "--no-progress", stdout=out)
    assert out.getvalue().strip() == "Embedded 4 cables for the related-cables panel."
    assert missing_count() == 0
    again = io.StringIO()
    call_command("embed", "--no-progress", stdout=again)
    assert "nothing to do" in again.getvalue()
    assert panel(client, "07MOSCOW3996").by_meaning


def test_the_next_ingest_embeds_what_a_stopped_run_left(with_vectors):
    ingest()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {storage.TABLE} WHERE cable_id IN"
            " (SELECT id FROM archive_cable WHERE reference_id = ANY(%s))",
            [PEACE_MISSION],
        )
    assert missing_count() == 2
    assert "Embedded 2 cables" in ingest()
    assert missing_count() == 0


def test_a_cable_whose_current_text_changed_is_embedded_again(with_vectors):
    ingest()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {storage.TABLE} SET version_id = -1")
    assert missing_count() == 4
    call_command("embed", "--no-progress", stdout=io.StringIO())
    assert missing_count() == 0


def test_the_embed_step_shows_its_progress(with_vectors, capfd):
    ingest("--no-embed")
    call_command("embed", stdout=io.StringIO())
    assert "4 of 4 cables (100%)" in capfd.readouterr().err


# Without embeddings.


def _drop_the_table():
    """As on a server without pgvector, inside the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {storage.TABLE}")
    storage.forget()


def test_without_the_extension_the_panel_falls_back_and_says_why(client, db):
    if _offered():
        ingest("--no-embed")  # rows of its own would hold the table until commit
        _drop_the_table()
    else:
        out = ingest()
        assert storage.WHY_NOT in out
    related = panel(client, "07MOSCOW3996")
    assert not related.by_meaning
    assert related.note == (
        "Related by shared words, tags and origin; embeddings are not available on this "
        "server (no pgvector extension)."
    )
    shown = [c.reference_id for c in related.cables]
    # Both Moscow cables tag the exercise's countries and come from one embassy.
    assert shown[0] == "07MOSCOW4141" and "07MOSCOW3996" not in shown
    html = client.get("/cables/07MOSCOW3996/").content.decode()
    assert "embeddings are not available on this server" in html


def test_without_the_extension_the_embed_command_says_how_to_get_it(db):
    if _offered():
        pytest.skip("this server offers the `vector` extension: nothing to refuse")
    with pytest.raises(CommandError, match="no `vector` extension"):
        call_command("embed", "--no-progress", stdout=io.StringIO())


def test_without_the_extension_the_ingest_says_so_once(db):
    if _offered():
        pytest.skip("this server offers the `vector` extension: the ingest embeds")
    out = ingest()
    assert out.count("no `vector` extension") == 1
    assert out.splitlines()[-1] == f"Embeddings: none made: {storage.WHY_NOT}."


def test_a_kept_page_shows_the_panel_by_meaning_once_the_embed_command_ran(
    client, with_vectors, settings
):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"},
    }
    from django.core.cache import caches

    caches["pages"].clear()
    ingest("--no-embed")
    before = client.get("/cables/07MOSCOW3996/").content.decode()
    assert "no embedding yet" in before
    assert client.get("/cables/07MOSCOW3996/").content.decode() == before  # kept
    call_command("embed", "--no-progress", stdout=io.StringIO())
    after = client.get("/cables/07MOSCOW3996/").content.decode()
    assert "no embedding yet" not in after
    assert "07MOSCOW4141" in after.split('id="related-heading"')[1]
