"""Query strings fuzzed with hypothesis across every list and search parameter, and
the addresses of single cables, people and tags: whatever comes in, the answer is
never a server error (4xx for what cannot be read, 200 for the rest).

Each list endpoint gets its own run of EXAMPLES generated requests (each single-item
address half as many) on the four seed cables; the data only ever gets read, so
one ingest serves a whole run.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = 200  # per list endpoint; half that per single-item address
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    # The seeded database is read only, so sharing it between examples is sound.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LIST_PARAMS = [
    "q",
    "tag",
    "origin",
    "classification",
    "handling",
    "from",
    "to",
    "person",
    "has_references",
    "is_referenced",
    "sort",
    "after",
    "before",
    "page",
]

ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "2007",
    "2007-08",
    "2007-02-30",
    "2007-13",
    "2007-00-00",
    "0000",
    "9999-12",
    "9999-12-31",
    "99999",
    "-1",
    "0",
    "1e9",
    "NaN",
    "Infinity",
    str(2**63),
    str(-(2**63) - 1),
    "9" * 400,
    "yes",
    "no",
    "true",
    "relevance",
    "newest",
    "oldest",
    "07MOSCOW3996",
    "07moscow3996",
    "' OR 1=1 --",
    '"; DROP TABLE archive_cable; --',
    "%",
    "_",
    "\\",
    "%00",
    "!",
    "&",
    "|",
    "<->",
    ":*",
    "()",
    '"',
    '"unterminated',
    "-",
    "- - -",
    "or",
    "a:*",
    "foo & bar | !baz",
    "RS",
    "PREL",
    "colin-cleary",
    "Embassy Moscow",
    "CONFIDENTIAL",
    "SIPDIS",
    "\u202e\u200b\ufeff",
    "𝕮𝖆𝖇𝖑𝖊",
    "日本語",
    "\ud7ff\ue000",
    "x" * 10_000,
]

values = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet="0123456789-", max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet="!&|():*<->'\"\\% -abc", max_size=30),
    st.text(min_size=2000, max_size=6000, alphabet="ab -\"'"),
)
pairs = st.lists(
    st.tuples(st.sampled_from(LIST_PARAMS) | st.text(max_size=10), values), max_size=12
)
# Raw query strings that urlencode would never make: bad escapes, bad UTF-8.
raw_noise = st.sampled_from(
    ["%", "%Z", "%ZZ", "%FF%FE", "%C3%28", "%ED%A0%80", "q=%E2%82", "&&&", "==", "q&q&q", ";"]
)


def _query(params, noise) -> str:
    return urlencode(params) + (("&" + noise) if noise else "")


def _fetch(client, url: str):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a CSV can fail while it streams
    return response


def _assert_answered(client, url: str) -> None:
    response = _fetch(client, url)
    assert response.status_code < 500, (url[:500], response.status_code)


@pytest.fixture
def fuzz_client(client, seeded):
    # A server error must surface as a status, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "path", ["/cables/", "/cables.json", "/cables.csv", "/people/", "/tags/", "/origins/"]
)
def test_list_endpoints_never_fail_on_any_query_string(fuzz_client, path):
    @FUZZ
    @given(params=pairs, noise=st.none() | raw_noise)
    def run(params, noise):
        _assert_answered(fuzz_client, f"{path}?{_query(params, noise)}")

    run()


def _quoted(value: str) -> str:
    return quote(value, safe="") or "x"


@pytest.mark.parametrize(
    "template",
    [
        "/cables/{}/",
        "/cables/{}.json",
        "/cables/{}/original.txt",
        "/cables/{}/changes/",
        "/people/{}/",
        "/tags/{}/",
        "/cable/2007/08/{}.html",
    ],
)
def test_single_item_addresses_never_fail(fuzz_client, template):
    @settings(FUZZ, max_examples=EXAMPLES // 2)
    @given(
        name=values,
        params=st.lists(
            st.tuples(st.sampled_from(["version", "page", "sort", "q"]), values), max_size=4
        ),
        noise=st.none() | raw_noise,
    )
    def run(name, params, noise):
        _assert_answered(fuzz_client, template.format(_quoted(name)) + "?" + _query(params, noise))

    run()


def test_real_values_still_work_after_all_that(fuzz_client):
    # A guard against a fuzz run that passes because every request was refused.
    assert _fetch(fuzz_client, "/cables/?tag=PREL&from=2007&sort=oldest").status_code == 200
    assert _fetch(fuzz_client, "/cables.json?q=exercise&page=1").status_code == 200
