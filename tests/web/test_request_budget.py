"""No request costs more than its budget, whatever its query string: repeated
parameters are capped with a 400 that says why, and all of a request's statements
together fit in ARCHIVE_REQUEST_BUDGET_MS."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from django.db import connection

from archive.db.budget import RequestBudgetExceeded, _Budget
from archive.listing.filters import MAX_VALUES

pytestmark = pytest.mark.django_db


def repeated(name: str, count: int) -> str:
    return "&".join(f"{name}=V{n}" for n in range(count))


@pytest.mark.parametrize("name", ["tag", "origin", "classification", "handling"])
def test_a_filter_repeated_past_the_cap_is_refused_with_a_sentence(client, name):
    response = client.get(f"/cables/?{repeated(name, MAX_VALUES + 1)}")
    assert response.status_code == 400
    assert f"at most {MAX_VALUES} can be combined" in response.content.decode()


def test_the_cap_holds_for_json_and_csv_too(client):
    query = repeated("tag", 100)
    json_response = client.get(f"/cables.json?{query}")
    assert json_response.status_code == 400
    assert "100 values" in json_response.json()["errors"][0]
    csv_response = client.get(f"/cables.csv?{query}")
    assert csv_response.status_code == 400
    assert "100 values" in csv_response.content.decode()


def test_a_filter_repeated_up_to_the_cap_is_answered(client):
    response = client.get(f"/cables/?{repeated('tag', MAX_VALUES)}")
    assert response.status_code == 200


def test_a_query_string_of_too_many_parameters_is_refused(client, settings):
    query = "&".join(f"x{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    assert client.get(f"/cables/?{query}").status_code == 400


def test_a_statement_is_cut_off_when_the_request_budget_runs_out(client, settings):
    # The statement waits on a lock held elsewhere for 3 s, well within the 5 s
    # statement timeout: only the request's 400 ms budget can cut it off.
    settings.REQUEST_BUDGET_MS = 400
    params = connection.get_connection_params()
    holder = psycopg.connect(
        **{k: params[k] for k in ("dbname", "user", "host", "port") if params.get(k)}
    )
    holder.execute("LOCK TABLE archive_cable IN ACCESS EXCLUSIVE MODE")
    release = threading.Timer(3.0, holder.rollback)
    release.start()
    try:
        response = client.get("/cables/")
    finally:
        release.cancel()
        holder.close()  # ends its transaction, and so the lock
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "took too long" in response.content.decode()


def test_the_connection_gets_its_own_timeout_back_after_a_budgeted_request(client, settings):
    settings.REQUEST_BUDGET_MS = 1000
    assert client.get("/cables/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.STATEMENT_TIMEOUT_MS // 1000}s"


def test_no_statement_is_sent_once_the_budget_is_spent():
    budget = _Budget(milliseconds=5, statement_timeout_ms=5000)
    sent = []
    context = {"connection": connection, "cursor": connection.cursor()}

    def slow_statement(*args):
        sent.append(args)
        time.sleep(0.02)  # a statement's time counts, whatever the CPU did meanwhile

    budget(slow_statement, "SELECT 1", None, False, context)
    with pytest.raises(RequestBudgetExceeded):
        budget(slow_statement, "SELECT 2", None, False, context)
    assert [args[0] for args in sent] == ["SELECT 1"]


def test_waiting_for_a_core_is_not_spending_the_budget():
    budget = _Budget(milliseconds=50, statement_timeout_ms=5000)
    time.sleep(0.1)  # wall-clock time passes; neither CPU nor statements
    assert budget.left_ms() > 0
