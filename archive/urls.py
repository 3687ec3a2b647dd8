from django.urls import path, re_path

from archive.views import (
    cable_page,
    facets,
    feeds,
    front,
    glossary,
    graph,
    listing,
    people,
    reading,
)
from archive.views import mentions as named
from archive.views.caching import kept_until_the_archive_changes as kept

app_name = "archive"

urlpatterns = [
    path("", kept(front.front_page), name="home"),
    # List and search, with the same filters as JSON and CSV.
    path("cables/", kept(listing.cable_list), name="cables"),
    path("cables.json", kept(listing.cable_list_json), name="cables_json"),
    path("cables.csv", listing.cable_list_csv, name="cables_csv"),
    path("cables.jsonl", listing.cable_list_jsonl, name="cables_jsonl"),
    path("search/help/", listing.search_help, name="search_help"),
    path("cables.atom", kept(feeds.cable_list_atom), name="cables_atom"),
    # Every value of one facet under the list's filters: /cables/facets/tag/?…
    path("cables/facets/<str:name>/", kept(facets.facet_values), name="facet"),
    # The reference graph: the most cited cables, before the cable pages' <str:…>.
    path("cables/most-cited/", kept(graph.most_cited_list), name="most_cited"),
    # One cable. (/cables/07MOSCOW3996.html: an old address, before the page's own.)
    re_path(
        r"^cables/(?P<reference_id>[A-Za-z0-9]+)\.html$",
        cable_page.legacy_redirect,
        name="legacy_cable_html",
    ),
    path("cables/<str:reference_id>/", kept(cable_page.cable), name="cable"),
    path("cables/<str:reference_id>.json", kept(cable_page.cable_json), name="cable_json"),
    path("cables/<str:reference_id>/original.txt", cable_page.original, name="cable_original"),
    path("cables/<str:reference_id>/changes/", cable_page.changes, name="cable_changes"),
    path("cables/<str:reference_id>/graph.svg", kept(graph.cable_graph_svg), name="cable_graph"),
    # Old WikiLeaks addresses: /cable/2007/08/07MOSCOW3996.html
    re_path(
        r"^cable/(?P<year>\d{4})/(?P<month>\d{2})/(?P<reference_id>[A-Za-z0-9]+)\.html$",
        cable_page.legacy_redirect,
        name="legacy_cable",
    ),
    # PlusD's addresses, which most journalism since 2013 links to:
    # /plusd/cables/07MOSCOW3996_a.html (_b, … for the copies PlusD held of one cable).
    re_path(
        r"^plusd/cables/(?P<reference_id>[A-Za-z0-9]+?)(?:_[a-z]{1,2})?\.html$",
        cable_page.legacy_redirect,
        name="plusd_cable",
    ),
    # Cables linked by REF chains: the threads, largest first, and each thread.
    path("threads/", kept(graph.thread_list), name="threads"),
    path("threads/<str:key>/", kept(graph.thread), name="thread"),
    path("people/", kept(people.person_list), name="people"),
    # Before "people/<slug>/": a person may be called "named".
    path("people/named/", kept(named.mentioned_list), name="mentioned_people"),
    path("people/named/<slug:slug>/", kept(named.mentioned_person), name="mentioned_person"),
    path("people/<slug:slug>/", kept(people.person), name="person"),
    path("tags/", kept(glossary.tag_list), name="tags"),
    # <path:…>: a code as written in a cable may hold a "/" ("</script>" is a tag too).
    path("tags/<path:code>/", kept(glossary.tag), name="tag"),
    path("origins/", kept(glossary.origin_list), name="origins"),
    # Documents that are not cables, linked to the cables they are about.
    path("reading/", kept(reading.reading_list), name="reading_list"),
    path("reading/<slug:slug>/", kept(reading.reading), name="reading"),
]
