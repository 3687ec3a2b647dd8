"""One cable: its page, its JSON, its original text, what changed between its
published texts, and old WikiLeaks addresses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from archive.citation import citation_lead
from archive.glossary import tag_meaning
from archive.graph.pictures import cable_graph
from archive.mentions.page import mentions_on_page
from archive.models import (
    Cable,
    CableTag,
    CableVersion,
    Paragraph,
    ReadingLink,
    Reference,
    Role,
)
from archive.parsing.sections import sections_in
from archive.related.panel import related_panel
from archive.serialize import cable_as_json, with_json_relations
from archive.templatetags.cable_text import SOLE_REFERENCE
from archive.textdiff import diff_words
from archive.views.errors import can_match, not_found

ID_LENGTH = Cable._meta.get_field("reference_id").max_length

# Eight queries for the whole page: the cable, then one per prefetch.
PAGE_PREFETCH = (
    Prefetch("cable_tags", queryset=CableTag.objects.select_related("tag").order_by("position")),
    Prefetch(
        "references",
        queryset=Reference.objects.select_related("cited").defer(
            "cited__search", "cited__search_head"
        ),
    ),
    "paragraphs",
    Prefetch("roles", queryset=Role.objects.select_related("person")),
    # The text too: the page says which sections of a long cable it holds.
    "versions",
    Prefetch(
        "cited_by",
        queryset=Reference.objects.select_related("cable")
        .defer("cable__search", "cable__search_head")
        .order_by("cable__date", "cable__reference_id"),
    ),
    # Related reading: the documents' titles, never their text.
    Prefetch(
        "reading_links",
        queryset=ReadingLink.objects.select_related("document")
        .only("method", "score", "cable_id", "document__title", "document__slug")
        .order_by("method", "document__title"),
    ),
)


def cable(request: HttpRequest, reference_id: str) -> HttpResponse:
    if not can_match(reference_id, ID_LENGTH):
        return _not_in_archive(request, reference_id)
    found = Cable.objects.all().prefetch_related(*PAGE_PREFETCH)
    found = found.filter(reference_id=reference_id).first()
    if found is None:
        return _missing(request, reference_id, "archive:cable", cited=True)
    context = _page_context(found)
    permanent_url = request.build_absolute_uri(found.get_absolute_url())
    context.update(permanent_url=permanent_url, citation_lead=citation_lead(found))
    return render(request, "archive/cable.html", context)


def cable_json(request: HttpRequest, reference_id: str) -> HttpResponse:
    if not can_match(reference_id, ID_LENGTH):
        return _not_in_archive(request, reference_id)
    found = with_json_relations(Cable.objects.all())
    found = found.filter(reference_id=reference_id).first()
    if found is None:
        return _missing(request, reference_id, "archive:cable_json")
    return JsonResponse(cable_as_json(found), json_dumps_params={"ensure_ascii": False})


def original(request: HttpRequest, reference_id: str) -> HttpResponse:
    """The text exactly as published: the current version, or `?version=<digest>`."""
    wanted = request.GET.get("version", "").strip().lower()
    if not (can_match(reference_id, ID_LENGTH) and can_match(wanted, 64)):
        return _not_in_archive(request, reference_id)
    versions = CableVersion.objects.filter(cable__reference_id=reference_id)
    if wanted:
        # A digest prefix of 8 or more characters is enough, as with git.
        matches = list(versions.filter(digest__startswith=wanted)[:2]) if len(wanted) >= 8 else []
        if len(matches) != 1:
            return _no_such_version(request, reference_id, wanted)
        version = matches[0]
    else:
        version = versions.filter(is_current=True).first()
        if version is None:
            return _missing(request, reference_id, "archive:cable_original")
    return HttpResponse(version.text, content_type="text/plain; charset=utf-8")


def changes(request: HttpRequest, reference_id: str) -> HttpResponse:
    """A word-level diff between two published texts: `?from=<digest>&to=<digest>`
    (prefixes of 8 or more characters), by default the current text and the one
    released before it."""
    wanted = {key: request.GET.get(key, "").strip().lower() for key in ("from", "to")}
    if not (can_match(reference_id, ID_LENGTH) and all(can_match(v, 64) for v in wanted.values())):
        return _not_in_archive(request, reference_id)
    found = Cable.objects.all().filter(reference_id=reference_id).first()
    if found is None:
        return _missing(request, reference_id, "archive:cable_changes")
    versions = list(found.versions.all())  # a handful at most, texts included
    if len(versions) < 2:
        return not_found(
            request,
            f"Cable {reference_id} was published with one text only, so nothing changed. "
            "Its page shows that text.",
            reference_id,
        )
    newer = _pick_version(versions, wanted["to"]) if wanted["to"] else _current(versions)
    if newer is None:
        return _no_such_version(request, reference_id, wanted["to"])
    older = _pick_version(versions, wanted["from"]) if wanted["from"] else _before(versions, newer)
    if older is None:
        return _no_such_version(request, reference_id, wanted["from"])
    context = {
        "cable": found,
        "versions": versions,
        "older": older,
        "newer": newer,
        "diff": diff_words(older.text, newer.text),
    }
    return render(request, "archive/cable_changes.html", context)


def legacy_redirect(request: HttpRequest, reference_id: str, **date_parts: str) -> HttpResponse:
    """Old addresses live on as a 301 to the cable's page: WikiLeaks'
    /cable/2007/08/07MOSCOW3996.html (its year and month are not checked: the ID
    alone names the cable), PlusD's /plusd/cables/07MOSCOW3996_a.html and
    /cables/07MOSCOW3996.html."""
    found = can_match(reference_id, ID_LENGTH)
    if not (found and Cable.objects.filter(reference_id=reference_id.upper()).exists()):
        return _not_in_archive(request, reference_id)
    return redirect("archive:cable", reference_id.upper(), permanent=True)


def _missing(
    request: HttpRequest, reference_id: str, url_name: str, cited: bool = False
) -> HttpResponse:
    """`cited`: a page that lists the cables citing a cable the archive lacks."""
    # IDs are upper case; a lower-case address still finds its cable.
    upper = reference_id.upper()
    if upper != reference_id and Cable.objects.filter(reference_id=upper).exists():
        return redirect(url_name, upper, permanent=True)
    if cited:
        return _cited_but_missing(request, upper)
    return _not_in_archive(request, reference_id)


# A cable cited by more than this many shows the first ones and links to the list.
CITING_SHOWN = 100


def _cited_but_missing(request: HttpRequest, reference_id: str) -> HttpResponse:
    """A cable the archive lacks: still a 404, listing the cables that cite it."""
    refs = (
        Reference.objects.filter(cited_reference_id=reference_id)
        .select_related("cable")
        .defer("cable__search", "cable__search_head")
        .order_by("cable__date", "cable__reference_id", "position")
    )
    first: dict[int, Reference] = {}  # a cable citing it twice is listed once
    for ref in refs[: CITING_SHOWN * 4]:
        first.setdefault(ref.cable_id, ref)
    citing = list(first.values())
    if not citing:
        return _not_in_archive(request, reference_id)
    count = Cable.objects.citing([reference_id]).count()
    context = {
        "message": f"The archive does not hold cable {reference_id}.",
        "query": reference_id,
        "reference_id": reference_id,
        "citing": citing[:CITING_SHOWN],
        "count": count,
    }
    return render(request, "archive/cable_missing.html", context, status=404)


def _no_such_version(request: HttpRequest, reference_id: str, wanted: str) -> HttpResponse:
    return not_found(
        request,
        f"Cable {reference_id} has no version {wanted[:64]!r}. "
        "The cable's page lists its versions.",
        reference_id,
    )


def _pick_version(versions: list[CableVersion], prefix: str) -> CableVersion | None:
    """The one version whose digest starts with `prefix` (8 characters or more)."""
    matches = [v for v in versions if v.digest.startswith(prefix)] if len(prefix) >= 8 else []
    return matches[0] if len(matches) == 1 else None


def _current(versions: list[CableVersion]) -> CableVersion:
    return next((v for v in versions if v.is_current), versions[-1])


def _before(versions: list[CableVersion], version: CableVersion) -> CableVersion:
    """The release before `version`; for the earliest, the one after it."""
    position = versions.index(version)
    return versions[position - 1] if position else versions[1]


def _not_in_archive(request: HttpRequest, reference_id: str) -> HttpResponse:
    reference_id = reference_id.replace("\x00", "")
    return not_found(
        request,
        f"There is no cable {reference_id[:64]} in the archive. "
        "Check the ID (for example 07MOSCOW3996), or search for it.",
        reference_id[:64],
    )


@dataclass(frozen=True)
class _TagLink:
    code: str
    canonical: str
    meaning: str | None


@dataclass(frozen=True)
class _VersionRow:
    version: CableVersion
    previous: CableVersion | None  # the release before, to link to what changed


@dataclass(frozen=True)
class _ParagraphRow:
    paragraph: Paragraph
    anchor: str
    # WikiLeaks' pages named paragraph 3 "#par3": old links land on it too.
    wikileaks_anchor: str = ""


def _page_context(cable: Cable) -> dict:
    references = list(cable.references.all())
    roles = {role.kind: role for role in cable.roles.all()}
    versions = list(cable.versions.all())
    return {
        "cable": cable,
        "handling": shown_handling(cable.classification, cable.handling),
        "tags": _tag_links(cable),
        "references": references,
        "cited": _cited_by_label(references),
        "citing": _citing_cables(cable),
        "paragraphs": _paragraph_rows(cable.paragraphs.all()),
        "classified_by": roles.get(Role.CLASSIFIED_BY),
        "signer": roles.get(Role.SIGNER),
        "versions": _version_rows(versions) if len(versions) > 1 else [],
        "sections": _sections(cable, versions),
        "reading": list(cable.reading_links.all()),
        "earlier": _from_earlier(cable, references, roles.get(Role.CLASSIFIED_BY), versions),
        "mentions": mentions_on_page(cable),
        "graph": cable_graph(cable),
        "related": related_panel(cable),
    }


def shown_handling(classification: str, handling: list[str]) -> list[str]:
    """The markings to show beside the classification, each once.

    One the classification already carries ("SECRET//NOFORN") is not repeated, nor
    a short form of another ("SENSITIVE" beside "SENSITIVE BUT UNCLASSIFIED", which
    some drafters both write, 09SAOPAULO182).
    """
    others = [mark for mark in dict.fromkeys(handling) if mark not in classification]
    return [
        mark
        for mark in others
        if not any(other != mark and other.startswith(mark + " ") for other in others)
    ]


def _from_earlier(
    cable: Cable, references: list[Reference], by: Role | None, versions: list[CableVersion]
) -> dict[str, CableVersion]:
    """The earlier versions the fields the current release lacks were taken from."""
    by_pk = {version.pk: version for version in versions}
    taken = {
        "subject": cable.subject_version_id,
        "references": next((r.version_id for r in references if r.version_id), None),
        "classified_by": by.version_id if by else None,
    }
    return {field: by_pk[pk] for field, pk in taken.items() if pk in by_pk}


def _sections(cable: Cable, versions: list[CableVersion]):
    current = next((version for version in versions if version.is_current), None)
    return sections_in(current.text) if cable.section and current else None


def _version_rows(versions: list[CableVersion]) -> list[_VersionRow]:
    return [_VersionRow(v, versions[n - 1] if n else None) for n, v in enumerate(versions)]


def _tag_links(cable: Cable) -> list[_TagLink]:
    links = []
    for cable_tag in cable.cable_tags.all():
        tag = cable_tag.tag
        meaning = tag_meaning(tag.code) or tag_meaning(tag.canonical)
        links.append(_TagLink(tag.code, tag.canonical, meaning))
    return links


def _cited_by_label(references: list[Reference]) -> dict[str, Cable]:
    """What "ref A" (or a bare "reftel") in the text points to, where it is here."""
    cited = {r.label: r.cited for r in references if r.label and r.cited}
    if len(references) == 1 and references[0].cited:
        cited[SOLE_REFERENCE] = references[0].cited
    return cited


def _citing_cables(cable: Cable) -> list[Cable]:
    # A cable citing this one twice (REF A and REF B) is listed once.
    citing = {ref.cable_id: ref.cable for ref in cable.cited_by.all()}
    return list(citing.values())


def _paragraph_rows(paragraphs) -> list[_ParagraphRow]:
    """Each paragraph with a unique anchor: #p3 for paragraph 3 (and #par3, as
    WikiLeaks had it); unnumbered text and repeated numbers get #t<position>."""
    rows, taken = [], set()
    for paragraph in paragraphs:
        anchor = f"p{paragraph.number}" if paragraph.number is not None else ""
        if not anchor or anchor in taken:
            anchor = f"t{paragraph.position + 1}"
        taken.add(anchor)
        old = f"par{paragraph.number}" if anchor.startswith("p") else ""
        rows.append(_ParagraphRow(paragraph, anchor, old))
    return rows
