"""No single stored cable, whatever its fields, makes a page that shows many cables
fail (issue 9, point 1).

The seed cables are ingested as a user would; beside them the test writes rows
straight into the tables, as no ingest would: reference IDs that cannot be one
segment of a URL ("x/y", "..", ""), IDs with spaces, "?", "#" or markup, no date or
dates at the ends of the calendar, empty and huge subjects, text with the control
characters that delimit search snippets, empty or odd origins and classifications,
tags and people's addresses no URL pattern accepts, references to and from such
cables. Every page kind that lists cables must still answer 200 and list the good
cables (and the bad ones, as plain text where no link can reach them).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from django.db import connection

from archive.listing.query import after_ingest
from archive.models import Cable, CableTag, CableVersion, Paragraph, Person, Reference, Role, Tag
from archive.parsing.tags import canonical_tag
from tests.web.list_helpers import ids

pytestmark = pytest.mark.django_db

SEARCH_WORD = "Quagmirish"  # in a paragraph of every hostile cable and of the fillers
SCRIPT = "<script>alert(1)</script>"
# The snippet delimiters of archive.querysets, a forged pair and lone ones, and other
# control characters (PostgreSQL text cannot hold NUL).
MARKERS = "\x02<x>\x03 lone \x02 and \x03 \x02"
CONTROLS = "\x01\x07\x08\x0b\x0c\x1b[31m\x7f"

# No URL can carry the first three as one path segment; "." and ".." are dot
# segments a browser removes; the rest must be quoted.
UNREACHABLE_IDS = ("x/y", "<b>x</b>", "")
HOSTILE_IDS = (
    *UNREACHABLE_IDS,
    "..",
    ".",
    "07MOSCOW 3996",
    "a?b",
    "#x",
    " padded ",
    "%2F",
    "a\x02b\x03",
    "x" * 64,
)
DATES = (
    None,
    None,
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2007, 8, 15, 11, 34, tzinfo=UTC),  # the same instant as a seed cable
)
SUBJECTS = (
    "",
    f"{SEARCH_WORD} {SCRIPT} {MARKERS} {CONTROLS}",
    f"{SEARCH_WORD} {SCRIPT} " * 4000,  # about 130 KB
    " ",
)
ORIGINS = ("", "Embassy /x/../y", "<b>Embassy</b>", "?origin=x&y#z", " ")
CLASSIFICATIONS = ("", "<i>SECRET</i>", "S/NF", MARKERS)
# Upper case, as the handling filter reads its values.
HANDLINGS = ([], [""], ["NO/FORN", "<B>"], ["SIPDIS", " "])
# Codes as written; each is stored with its canonical code, as the ingest does.
HOSTILE_TAGS = ("A/B", "P REL", "<i>T</i>", "..", "x/../y", "?q=1#f", "%", "", "PREL")
HOSTILE_SLUGS = ("o'brien", "x/y", "", "a b", "名前", "<b>")
FILLERS = 22  # normal cables besides the seeds, so that lists run to several pages


@pytest.fixture
def hostile(seeded):
    """The seeds, FILLERS normal cables and one hostile cable per HOSTILE_IDS."""
    tags = {code: Tag.objects.get_or_create(code=code, canonical=canonical_tag(code))[0]
            for code in HOSTILE_TAGS}  # fmt: skip
    fillers = [_filler(n) for n in range(FILLERS)]
    cables = {rid: _hostile_cable(n, rid, tags) for n, rid in enumerate(HOSTILE_IDS)}
    _people(cables, fillers)
    _references(cables)
    _second_version(Cable.objects.get(reference_id="07MOSCOW4141"))
    _second_version(cables["a?b"])
    _search_vectors()
    after_ingest()  # counts precomputed as an ingest leaves them
    return cables


def _filler(n: int) -> Cable:
    cable = Cable.objects.create(
        reference_id=f"09PARIS{n + 1}",
        date=datetime(2009, 1, n + 1, 12, tzinfo=UTC),
        origin="Embassy Paris",
        classification="UNCLASSIFIED",
        subject=f"Filler cable {n + 1}",
        tag_codes=["PREL"],
    )
    CableTag.objects.create(cable=cable, tag=Tag.objects.get(code="PREL"), position=0)
    Paragraph.objects.create(cable=cable, position=0, number=1, text=f"1. {SEARCH_WORD} here.")
    _version(cable, f"filler {n}")
    return cable


def _hostile_cable(n: int, reference_id: str, tags: dict[str, Tag]) -> Cable:
    codes = [HOSTILE_TAGS[(n + k) % len(HOSTILE_TAGS)] for k in range(3)]
    if reference_id in UNREACHABLE_IDS and "PREL" not in codes:
        codes.append("PREL")  # listed on /tags/PREL/ among the latest (no date comes first)
    cable = Cable.objects.create(
        reference_id=reference_id,
        date=DATES[n % len(DATES)],
        origin=ORIGINS[n % len(ORIGINS)],
        classification=CLASSIFICATIONS[n % len(CLASSIFICATIONS)],
        handling=HANDLINGS[n % len(HANDLINGS)],
        precedence=SCRIPT if n % 2 else "",
        subject=SUBJECTS[n % len(SUBJECTS)],
        to=["<b>TO</b>", "", MARKERS],
        info=[] if n % 2 else [SCRIPT],
        section=5 if n % 3 == 0 else None,
        section_count=2 if n % 2 else None,
        signer=f"<i>SIGNER</i>{CONTROLS}",
        partial=bool(n % 2),
        # Canonical codes, one with no Tag row behind it.
        tag_codes=sorted({canonical_tag(code) for code in codes} | {"GHOST"}),
    )
    for position, code in enumerate(codes):
        CableTag.objects.get_or_create(cable=cable, tag=tags[code], defaults={"position": position})
    if n % 5 != 4:  # some cables have no paragraphs at all
        paragraphs = [
            (None, f"<h2>{MARKERS}</h2>", f"{SEARCH_WORD} {MARKERS} {SCRIPT} {CONTROLS}"),
            (1, "", f"1. REF Z {SEARCH_WORD} reftel {MARKERS}"),
            (1, SCRIPT, "1. the same number again"),
        ]
        for position, (number, heading, text) in enumerate(paragraphs):
            Paragraph.objects.create(
                cable=cable, position=position, number=number, heading=heading, text=text,
                classification=MARKERS,
            )  # fmt: skip
    _version(cable, f"{SCRIPT} {MARKERS} {CONTROLS} {n}", source=f"../../x/{reference_id}\n<b>")
    return cable


def _version(cable: Cable, text: str, *, source: str = "", current: bool = True) -> CableVersion:
    import hashlib

    return CableVersion.objects.create(
        cable=cable,
        digest=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        source=source,
        is_current=current,
    )


def _second_version(cable: Cable) -> None:
    _version(cable, f"An earlier text {SCRIPT} {MARKERS}", current=False)


def _people(cables: dict[str, Cable], fillers: list[Cable]) -> None:
    for n, slug in enumerate(HOSTILE_SLUGS):
        person = Person.objects.create(
            name=f"{SCRIPT} {slug} {CONTROLS}", surname=slug.upper(), slug=slug,
            is_surname_only=bool(n % 2),
        )  # fmt: skip
        # A hostile person signs a hostile cable and classified a normal one.
        Role.objects.create(
            cable=cables[HOSTILE_IDS[n]], person=person, kind=Role.SIGNER, as_written=SCRIPT
        )
        Role.objects.create(cable=fillers[n], person=person, kind=Role.CLASSIFIED_BY, title=MARKERS)
    # A normal person classified hostile cables.
    normal = Role.objects.filter(kind=Role.CLASSIFIED_BY).first().person
    for reference_id in HOSTILE_IDS:
        Role.objects.create(
            cable=cables[reference_id], person=normal, kind=Role.CLASSIFIED_BY, title=SCRIPT
        )


def _references(cables: dict[str, Cable]) -> None:
    citing = Cable.objects.get(reference_id="07MOSCOW3996")
    # A normal cable cites hostile ones, by letter in its text too.
    start = citing.references.count()
    for offset, (label, reference_id) in enumerate([("Z", "x/y"), ("Y", "a?b"), ("W", "")]):
        Reference.objects.create(
            cable=citing, position=start + offset, label=label, text=f"{SCRIPT} {reference_id}",
            cited_reference_id=reference_id, cited=cables[reference_id],
        )  # fmt: skip
    Paragraph.objects.create(
        cable=citing, position=1000, number=99, text="99. As REF Z, REF Y and REF W said."
    )
    # Hostile cables cite a normal cable, each other, and a cable not in the archive.
    cited = Cable.objects.get(reference_id="07MOSCOW4141")
    for reference_id in HOSTILE_IDS:
        cable = cables[reference_id]
        for position, target in enumerate([cited, cables["x/y"], None]):
            Reference.objects.create(
                cable=cable, position=position, label="Z" if position == 1 else "",
                text=f"{SCRIPT} {MARKERS}",
                cited_reference_id=target.reference_id if target else "x/../y",
                cited=target,
            )  # fmt: skip


def _search_vectors() -> None:
    # What the ingest writes (archive.ingest.writer), for the rows made here.
    body = (
        "coalesce((SELECT string_agg(heading || ' ' || text, ' ' ORDER BY position)"
        " FROM archive_paragraph WHERE cable_id = archive_cable.id), '')"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_cable SET"
            f" search = setweight(to_tsvector('english', subject), 'A')"
            f" || setweight(to_tsvector('english', {body}), 'B'),"
            f" search_head = setweight(to_tsvector('english', subject), 'A')"
            f" || setweight(to_tsvector('english', left({body}, 1000)), 'B')"
            " WHERE search IS NULL OR id IN (SELECT cable_id FROM archive_paragraph"
            " WHERE position = 1000)"
        )


# --- reading pages ------------------------------------------------------------------------


class _Page(HTMLParser):
    """The links of a page, its rel=next link and the IDs of its list's hits."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.next: str | None = None
        self.hit_ids: list[str] = []
        self._in_hit_id = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
            if attrs.get("rel") == "next":
                self.next = attrs["href"]
        if tag == "span" and attrs.get("class") == "hit-id":
            self._in_hit_id = True
            self.hit_ids.append("")

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_hit_id = False

    def handle_data(self, data):
        if self._in_hit_id:
            self.hit_ids[-1] += data


def _read(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _all_ids() -> list[str]:
    return sorted(Cable.objects.values_list("reference_id", flat=True))


def _walk_html(client, url: str) -> list[str]:
    """The hits of a list and of every page after it, as a reader pages through."""
    listed, seen = [], set()
    while url:
        assert url not in seen, f"the pages of the list come back to {url}"
        seen.add(url)
        page = _read(_get(client, url))
        listed += page.hit_ids
        url = urljoin(url, page.next) if page.next else None
    return listed


def _walk_json(client, url: str) -> list[str]:
    listed, seen = [], set()
    while url:
        assert url not in seen, f"the pages of the list come back to {url}"
        seen.add(url)
        data = _get(client, url).json()
        listed += [row["id"] for row in data["results"]]
        url = data["next"]
    return listed


def _searched_ids() -> list[str]:
    return sorted(Cable.objects.search(SEARCH_WORD).values_list("reference_id", flat=True))


# --- the list, as HTML and JSON --------------------------------------------------------------


@pytest.mark.parametrize("sort", ["", "newest", "oldest"])
def test_paging_through_the_whole_list_shows_every_cable_once(client, hostile, sort):
    query = f"?sort={sort}" if sort else ""
    assert sorted(_walk_html(client, f"/cables/{query}")) == _all_ids()
    assert sorted(_walk_json(client, f"/cables.json{query}")) == _all_ids()


@pytest.mark.parametrize("sort", ["", "relevance", "newest", "oldest"])
def test_paging_through_a_search_shows_every_match_once(client, hostile, sort):
    query = urlencode({"q": SEARCH_WORD, **({"sort": sort} if sort else {})})
    expected = _searched_ids()
    assert {"x/y", "", "..", "a?b", "07MOSCOW 3996", "09PARIS1"} <= set(expected)
    assert sorted(_walk_html(client, f"/cables/?{query}")) == expected
    assert sorted(_walk_json(client, f"/cables.json?{query}")) == expected


def _facet_queries() -> list[dict]:
    queries = [{"tag": code} for code in HOSTILE_TAGS if code]
    queries += [{"origin": o} for o in ORIGINS if o.strip()]
    queries += [{"classification": c} for c in CLASSIFICATIONS if c.strip()]
    queries += [{"handling": h} for values in HANDLINGS for h in values if h.strip()]
    queries += [{"person": slug} for slug in HOSTILE_SLUGS if slug]
    queries += [{"has_references": v} for v in ("yes", "no")]
    queries += [{"is_referenced": v} for v in ("yes", "no")]
    queries += [{"from": "2007", "to": "2007"}, {"from": "2009-01"}]
    queries += [{"after": rid} for rid in HOSTILE_IDS if rid]
    queries += [{"before": rid} for rid in HOSTILE_IDS if rid]
    return queries + [{**q, "q": SEARCH_WORD} for q in queries]


def test_a_list_narrowed_by_any_hostile_value_answers_200(client, hostile):
    # One test for the lot: each list costs milliseconds, the rows seconds.
    failures = []
    for params in _facet_queries():
        query = urlencode(params)
        for url in (f"/cables/?{query}", f"/cables.json?{query}"):
            response = client.get(url)
            if response.status_code != 200:
                failures.append((url, response.status_code))
        count = response.json()["count"] if response.status_code == 200 else 0
        if not (count or "after" in params or "before" in params):
            failures.append((url, "lists nothing"))
    assert failures == []


def _expected_page(order: list[str], reference_id: str, direction: str, size: int) -> list[str]:
    position = order.index(reference_id)
    if direction == "after":
        return order[position + 1 : position + 1 + size]
    # Back at the start, the list shows a full first page rather than a stub.
    return order[:size] if position <= size else order[position - size : position]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_page_marker_naming_any_hostile_cable_pages_from_that_cable(
    client, hostile, sort, direction
):
    order = Cable.objects.in_date_order(sort == "newest").values_list("reference_id", flat=True)
    order = list(order)
    for reference_id in HOSTILE_IDS:
        response = _get(client, "/cables/?" + urlencode({"sort": sort, direction: reference_id}))
        assert ids(response) == _expected_page(order, reference_id, direction, 20), reference_id
        assert response.context["notices"] == []


@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_person_page_marker_naming_any_hostile_cable_pages_from_that_cable(
    client, hostile, direction, monkeypatch
):
    from archive.views import people

    monkeypatch.setattr(people, "CABLES_PER_PAGE", 5)
    person = Role.objects.get(cable__reference_id="x/y", kind=Role.CLASSIFIED_BY).person
    order = Cable.objects.by_person(person.slug).in_date_order(newest_first=False)
    order = list(order.values_list("reference_id", flat=True))
    for reference_id in HOSTILE_IDS:
        url = f"/people/{person.slug}/?" + urlencode({direction: reference_id})
        response = _get(client, url)
        assert ids(response) == _expected_page(order, reference_id, direction, 5), reference_id


def test_the_unfiltered_list_shows_the_good_cables_beside_the_hostile_ones(client, hostile):
    listed = _walk_html(client, "/cables/?sort=oldest")
    for reference_id in ("07MOSCOW3996", "07MOSCOW4141", "09PARIS1", *HOSTILE_IDS):
        assert reference_id in listed


def test_no_hit_links_to_an_address_that_cannot_reach_its_cable(client, hostile):
    html = _get(client, f"/cables/?{urlencode({'q': SEARCH_WORD})}").content.decode()
    # A link to /cables/x/y/ or /cables// would be a 404; the hit is listed unlinked.
    assert 'href="/cables/x/y/"' not in html
    assert 'href="/cables/x%2Fy/"' not in html
    assert 'href="/cables//"' not in html
    assert 'href="/cables/../"' not in html
    data = _get(client, f"/cables.json?{urlencode({'q': SEARCH_WORD})}").json()
    urls = {row["id"]: row["url"] for row in data["results"]}
    for reference_id in (*UNREACHABLE_IDS, "..", "."):
        if reference_id in urls:
            assert urls[reference_id] is None
    assert urls["a?b"] == "http://testserver/cables/a%3Fb/"


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?sort=oldest", f"?q={SEARCH_WORD}", "?tag=PREL"])
def test_the_csv_export_has_every_row(client, hostile, query):
    response = _get(client, f"/cables.csv{query}")
    csv.field_size_limit(10**7)  # a subject of 130 KB
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    expected = {
        "": _all_ids(),
        "?sort=oldest": _all_ids(),
        f"?q={SEARCH_WORD}": _searched_ids(),
        "?tag=PREL": sorted(Cable.objects.with_tag("PREL").values_list("reference_id", flat=True)),
    }[query]
    # A spreadsheet-quoted ID ("'#x" is not quoted: only = + - @ tab and CR are).
    assert sorted(row["id"] for row in rows) == expected
    by_id = {row["id"]: row for row in rows}
    assert by_id.get("x/y", {"url": ""})["url"] == ""
    if "a?b" in by_id:
        assert by_id["a?b"]["url"] == "http://testserver/cables/a%3Fb/"


@pytest.mark.parametrize("query", ["", f"?q={SEARCH_WORD}"])
def test_the_json_lines_export_has_every_row(client, hostile, query):
    response = _get(client, f"/cables.jsonl{query}")
    lines = b"".join(response.streaming_content).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    expected = _searched_ids() if query else _all_ids()
    assert sorted(row["id"] for row in rows) == expected
    assert {row["id"]: row["url"] for row in rows}["x/y"] is None


@pytest.mark.parametrize("query", ["", f"?q={SEARCH_WORD}", "?tag=PREL", "?q=a%01b"])
def test_the_atom_feed_parses_and_links_only_to_reachable_cables(client, hostile, query):
    import feedparser

    response = _get(client, f"/cables.atom{query}")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    expected = Cable.objects.all()
    if query == f"?q={SEARCH_WORD}":
        expected = expected.filter(reference_id__in=_searched_ids())
    if query == "?tag=PREL":
        expected = expected.with_tag("PREL")
    if query == "?q=a%01b":  # a control character typed: in no title, and no match
        expected = expected.search("a\x01b")
        assert "\x01" not in feed.feed.title
    reachable = [c for c in expected.newest_ingested() if c.page_url]
    assert [urlsplit(e.link).path for e in feed.entries] == [c.page_url for c in reachable][:50]


# --- tags, origins, people --------------------------------------------------------------------


def test_the_tags_page_and_every_tag_it_links_to_answer_200(client, hostile):
    page = _read(_get(client, "/tags/"))
    tag_pages = {link for link in page.links if link.startswith("/tags/") and link != "/tags/"}
    assert "/tags/PREL/" in tag_pages
    assert "/tags/A/B/" in tag_pages  # a code may hold a "/" (see archive/urls.py)
    for link in sorted(tag_pages):
        _get(client, link)
    for link in sorted(page.links):
        if link.startswith("/cables/?"):
            # The stored code "" links to "?tag=", which the list redirects to the
            # address without the empty parameter (the same list: "" filters nothing).
            assert client.get(link, follow=True).status_code == 200, link


def test_a_tag_page_lists_its_hostile_cables_without_failing(client, hostile):
    html = _get(client, "/tags/PREL/").content.decode()
    # The newest come first, and cables without a date before every dated one.
    latest = Cable.objects.with_tag("PREL").in_date_order()[:10]
    assert any(c.reference_id in UNREACHABLE_IDS for c in latest)
    assert "x/y" in html


def test_a_tag_address_whose_code_has_no_page_of_its_own_does_not_fail(client, hostile):
    # " " reads as the stored code "", which no address carries: no redirect to it.
    assert _get(client, "/tags/%20/").context["code"] == ""
    assert client.get("/tags/%20%20/x/").status_code == 404


def test_the_origins_page_and_every_origin_it_links_to_answer_200(client, hostile):
    for sort in ("", "?sort=cables"):
        page = _read(_get(client, f"/origins/{sort}"))
        origin_links = [link for link in page.links if "origin=" in link]
        assert len(origin_links) >= 4
        for link in origin_links:
            response = client.get(link)
            if response.status_code == 302:
                # A stored origin of spaces links to "?origin=%20", which the list reads
                # as empty, and redirects to the address without it: the same list.
                assert response["Location"] == "/cables/", link
                link = response["Location"]
            listed = _walk_html(client, link)
            assert listed, link


def test_the_people_pages_and_every_person_they_link_to_answer_200(client, hostile):
    for query in ("", "?sort=cables", "?q=script", "?q=%3Cb%3E"):
        page = _read(_get(client, f"/people/{query}"))
        for link in page.links:
            if link.startswith("/people/") and link.rstrip("/") != "/people":
                _get(client, link)
    # A person whose address no URL can carry is listed, unlinked.
    html = _get(client, "/people/?q=script").content.decode()
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= len(HOSTILE_SLUGS)


def test_a_normal_person_page_lists_the_hostile_cables_they_classified(client, hostile):
    person = Role.objects.get(cable__reference_id="x/y", kind=Role.CLASSIFIED_BY).person
    html = _get(client, f"/people/{person.slug}/").content.decode()
    assert "x/y" in html and "&lt;b&gt;x&lt;/b&gt;" in html


# --- one cable ---------------------------------------------------------------------------------


def test_a_normal_cable_page_that_cites_hostile_cables_answers_200(client, hostile):
    html = _get(client, "/cables/07MOSCOW3996/").content.decode()
    assert 'href="/cables/a%3Fb/"' in html  # a reachable hostile cable is linked
    assert 'href="/cables/x/y/"' not in html and 'href="/cables//"' not in html
    assert "REF Z" in html and "REF W" in html


def test_a_normal_cable_page_cited_by_hostile_cables_answers_200(client, hostile):
    html = _get(client, "/cables/07MOSCOW4141/").content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # listed under "Referenced by", unlinked


def test_a_normal_cable_classified_by_a_hostile_person_answers_200(client, hostile):
    for n in range(len(HOSTILE_SLUGS)):
        _get(client, f"/cables/09PARIS{n + 1}/")


def test_the_changes_page_of_normal_and_hostile_cables_answers_200(client, hostile):
    _get(client, "/cables/07MOSCOW4141/changes/")
    _get(client, "/cables/a%3Fb/changes/")


@pytest.mark.parametrize("reference_id", [rid for rid in HOSTILE_IDS if rid not in UNREACHABLE_IDS])
def test_a_hostile_cable_reachable_by_url_has_a_page(client, hostile, reference_id):
    path = f"/cables/{quote(reference_id, safe='')}"
    _get(client, f"{path}/")
    _get(client, f"{path}.json")
    _get(client, f"{path}/original.txt")


@pytest.mark.parametrize("reference_id", UNREACHABLE_IDS)
def test_a_hostile_cable_no_url_can_name_is_a_clean_404(client, hostile, reference_id):
    for path in (f"/cables/{reference_id}/", f"/cables/{quote(reference_id, safe='')}/"):
        assert client.get(path).status_code == 404


def test_the_home_page_answers(client, hostile):
    response = client.get("/", follow=True)
    assert response.status_code == 200


# --- every link -------------------------------------------------------------------------------


def test_no_link_on_any_page_leads_to_an_error(client, hostile):
    """Follow the links of the site's pages, two clicks deep from its menu: none may
    answer an error. (Lists with a query string are followed from the start pages
    only: there are hundreds of facet links on each list.)"""
    start = ["/", "/cables/", f"/cables/?q={SEARCH_WORD}", "/tags/", "/origins/", "/people/"]
    start += ["/cables/07MOSCOW3996/", "/cables/07MOSCOW4141/", "/tags/PREL/"]
    depth = dict.fromkeys(start, 0)
    queue, failures = list(start), []
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.streaming:  # an export: read to its end, which closes its transaction
            b"".join(response.streaming_content)
        if response.status_code >= 400:
            failures.append((url, response.status_code))
            continue
        if response.status_code in (301, 302):
            target = urljoin(url, response["Location"])
            if target not in depth:
                depth[target] = depth[url]
                queue.append(target)
            continue
        if depth[url] >= 2 or "html" not in response.get("Content-Type", ""):
            continue
        for link in _read(response).links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc or parts.path.startswith("/static/") or not parts.path:
                continue
            target = target.split("#")[0]
            if parts.query and depth[url] >= 1:
                continue
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    assert len(depth) > 100
    assert failures == []


# --- search highlights (issue 9, point 8) -------------------------------------------------


class _Marks(HTMLParser):
    """Whether <mark> elements nest and close, what each holds, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.depth = self.deepest = 0
        self.unbalanced = False
        self.marked: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "mark":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
            self.marked.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self.unbalanced |= self.depth == 0
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.marked[-1] += data


def _marks(html: str) -> _Marks:
    marks = _Marks()
    marks.feed(html)
    marks.close()
    return marks


def _assert_only_the_word_is_marked(html: str) -> None:
    marks = _marks(html)
    assert not marks.unbalanced and marks.depth == 0 and marks.deepest == 1
    assert marks.marked and {text.lower() for text in marks.marked} == {SEARCH_WORD.lower()}
    assert "x" not in marks.tags  # the forged "<x>" stays text


def test_text_holding_the_snippet_markers_cannot_forge_a_highlight(client, hostile):
    # Each hostile paragraph and subject holds "\x02<x>\x03" and lone markers beside
    # the word searched for.
    assert Paragraph.objects.filter(text__contains="\x02<x>\x03").count() >= 10
    response = _get(client, "/cables/?" + urlencode({"q": SEARCH_WORD}))
    hostile_hits = [c for c in response.context["cables"] if c.reference_id in HOSTILE_IDS]
    assert len(hostile_hits) >= 5
    for cable in hostile_hits:
        if cable.snippet:
            _assert_only_the_word_is_marked(str(cable.snippet))
        if MARKERS in cable.subject:
            _assert_only_the_word_is_marked(str(cable.marked_subject))
    _assert_only_the_word_is_marked(response.content.decode())
    for row in _get(client, "/cables.json?" + urlencode({"q": SEARCH_WORD})).json()["results"]:
        if row["snippet"]:
            _assert_only_the_word_is_marked(row["snippet"])


@pytest.mark.parametrize(
    ("headline", "html"),
    [
        ("a \x02word\x03 b", "a <mark>word</mark> b"),
        ("\x03 <x> \x02word", " &lt;x&gt; <mark>word</mark>"),
        ("\x02a \x02b\x03 c\x03", "<mark>a b</mark> c"),
        ("\x02open", "<mark>open</mark>"),
    ],
)
def test_markers_become_marks_only_in_pairs(headline, html):
    from archive.listing.hits import marked

    assert str(marked(headline)) == html
