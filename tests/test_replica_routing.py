"""Read replicas: with a `replica` alias (here a TEST MIRROR of the test database, as
the settings make it from DATABASE_REPLICA_URL), the public pages read from it and
every write, command and transaction uses default."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from archive.db.routers import REPLICA, public_reads
from archive.models import Cable, Tag
from tests.conftest import SEEDS

# Committed rows (transaction=True) are what the replica's own connection can see.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The alias the settings add for DATABASE_REPLICA_URL, as a mirror of the test
    database; module-scoped so that it exists before each test's database set-up."""
    connections.settings[REPLICA] = {
        **connections["default"].settings_dict,
        "TEST": {"MIRROR": "default"},
    }
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["archive.db.routers.ReplicaRouter"]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "archive.db.routers.ReplicaReadsMiddleware"]
    call_command("ingest", "--no-progress", str(SEEDS), stdout=io.StringIO())
    return connections[REPLICA]


class Queries:
    """The statements each alias ran inside the block."""

    def __enter__(self):
        self.default = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections[REPLICA]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.default.__exit__(*exc)


@pytest.mark.parametrize(
    "url",
    ["/cables/", "/cables/?q=nuclear", "/cables/07MOSCOW3996/", "/people/", "/cables.json"],
)
def test_the_public_pages_read_from_the_replica(replica, client, url):
    with Queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries.replica) > 0
    assert [q["sql"] for q in queries.default] == []


def test_a_streamed_csv_export_reads_from_the_replica_while_it_streams(replica, client):
    with Queries() as queries:
        response = client.get("/cables.csv")
        body = b"".join(response.streaming_content).decode()
    assert "07MOSCOW3996" in body
    assert any("archive_cable" in q["sql"] for q in queries.replica)
    assert [q["sql"] for q in queries.default] == []


def test_writes_go_to_default_even_while_serving_a_page(replica):
    with Queries() as queries, public_reads():
        Tag.objects.create(code="ZZBENCH", canonical="ZZBENCH")
    assert any(q["sql"].startswith("INSERT") for q in queries.default)
    assert queries.replica.captured_queries == []
    assert router.db_for_write(Cable) == "default"


def test_reads_outside_a_request_stay_on_default(replica):
    # The ingest and other commands must read what they have just written.
    with Queries() as queries:
        assert Cable.objects.filter(reference_id="07MOSCOW3996").exists()
    assert len(queries.default) == 1
    assert queries.replica.captured_queries == []


def test_reads_inside_a_transaction_stay_on_default(replica):
    with Queries() as queries, public_reads(), transaction.atomic():
        Tag.objects.create(code="ZZBENCH", canonical="ZZBENCH")
        assert Tag.objects.filter(code="ZZBENCH").exists()
    assert queries.replica.captured_queries == []


def test_the_replica_is_never_migrated(replica):
    assert router.allow_migrate(REPLICA, "archive") is False
    assert router.allow_migrate("default", "archive") is True
