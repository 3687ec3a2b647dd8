"""One cable: its page, its JSON, its original text, and old WikiLeaks addresses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from archive.glossary import tag_meaning
from archive.models import Cable, CableTag, CableVersion, Paragraph, Reference, Role
from archive.serialize import cable_as_json, with_json_relations
from archive.templatetags.cable_text import SOLE_REFERENCE
from archive.views.errors import can_match, not_found

ID_LENGTH = Cable._meta.get_field("reference_id").max_length

# Seven queries for the whole page: the cable, then one per prefetch.
PAGE_PREFETCH = (
    Prefetch("cable_tags", queryset=CableTag.objects.select_related("tag").order_by("position")),
    Prefetch(
        "references",
        queryset=Reference.objects.select_related("cited").defer("cited__search"),
    ),
    "paragraphs",
    Prefetch("roles", queryset=Role.objects.select_related("person")),
    Prefetch("versions", queryset=CableVersion.objects.defer("text")),
    Prefetch(
        "cited_by",
        queryset=Reference.objects.select_related("cable")
        .defer("cable__search")
        .order_by("cable__date", "cable__reference_id"),
    ),
)


def cable(request: HttpRequest, reference_id: str) -> HttpResponse:
    if not can_match(reference_id, ID_LENGTH):
        return _not_in_archive(request, reference_id)
    found = Cable.objects.defer("search").prefetch_related(*PAGE_PREFETCH)
    found = found.filter(reference_id=reference_id).first()
    if found is None:
        return _missing(request, reference_id, "archive:cable")
    return render(request, "archive/cable.html", _page_context(found))


def cable_json(request: HttpRequest, reference_id: str) -> HttpResponse:
    if not can_match(reference_id, ID_LENGTH):
        return _not_in_archive(request, reference_id)
    found = with_json_relations(Cable.objects.defer("search"))
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
            return not_found(
                request,
                f"Cable {reference_id} has no version {wanted[:64]!r}. "
                "The cable's page lists its versions.",
                reference_id,
            )
        version = matches[0]
    else:
        version = versions.filter(is_current=True).first()
        if version is None:
            return _missing(request, reference_id, "archive:cable_original")
    return HttpResponse(version.text, content_type="text/plain; charset=utf-8")


def legacy_redirect(request: HttpRequest, year: str, month: str, reference_id: str) -> HttpResponse:
    """/cable/2007/08/07MOSCOW3996.html, the WikiLeaks address, lives on as a 301."""
    found = can_match(reference_id, ID_LENGTH)
    if not (found and Cable.objects.filter(reference_id=reference_id.upper()).exists()):
        return _not_in_archive(request, reference_id)
    return redirect("archive:cable", reference_id.upper(), permanent=True)


def _missing(request: HttpRequest, reference_id: str, url_name: str) -> HttpResponse:
    # IDs are upper case; a lower-case address still finds its cable.
    upper = reference_id.upper()
    if upper != reference_id and Cable.objects.filter(reference_id=upper).exists():
        return redirect(url_name, upper, permanent=True)
    return _not_in_archive(request, reference_id)


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
class _ParagraphRow:
    paragraph: Paragraph
    anchor: str


def _page_context(cable: Cable) -> dict:
    references = list(cable.references.all())
    roles = {role.kind: role for role in cable.roles.all()}
    versions = list(cable.versions.all())
    return {
        "cable": cable,
        "tags": _tag_links(cable),
        "references": references,
        "cited": _cited_by_label(references),
        "citing": _citing_cables(cable),
        "paragraphs": _paragraph_rows(cable.paragraphs.all()),
        "classified_by": roles.get(Role.CLASSIFIED_BY),
        "signer": roles.get(Role.SIGNER),
        "versions": versions if len(versions) > 1 else [],
    }


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
    """Each paragraph with a unique anchor: #p3 for paragraph 3; unnumbered text
    and repeated numbers get #t<position>."""
    rows, taken = [], set()
    for paragraph in paragraphs:
        anchor = f"p{paragraph.number}" if paragraph.number is not None else ""
        if not anchor or anchor in taken:
            anchor = f"t{paragraph.position + 1}"
        taken.add(anchor)
        rows.append(_ParagraphRow(paragraph, anchor))
    return rows
