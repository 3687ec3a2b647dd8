"""People on cables: the classifying officer and the signer.

One person, one row, keyed on the slug of their full name (so "TOM MCDONALD"
and "Tom McDonald" are one person); the title they wrote on each cable lives on
the Role. A signature is only a surname ("RUSSELL"): it is tied to a full name
when exactly one person of that surname classified or signed cables at the same
post within SIGNER_WINDOW of the cable's date; otherwise it stays a
surname-only person. Signatures are resolved again after every ingest run, so
the result does not depend on the order cables arrive in.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils.text import slugify

from archive.models import Cable, Person, Role

# A Foreign Service tour at a post is typically two to three years; a chargé who
# signs as "RUSSELL" in 2007 is the DCM Daniel A. Russell of 2006.
SIGNER_WINDOW = timedelta(days=3 * 366)

_SUFFIXES = {"JR", "JR.", "SR", "SR.", "II", "III", "IV"}


def surname_of(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w.upper() not in _SUFFIXES]
    return (words[-1] if words else name).strip(".").upper()


def person_for_name(name: str) -> Person:
    slug = slugify(name)[:200] or "unknown"
    person, _ = Person.objects.get_or_create(
        slug=slug, defaults={"name": name, "surname": surname_of(name)}
    )
    return person


def _surname_only(surname: str) -> Person:
    person, _ = Person.objects.get_or_create(
        slug=f"{slugify(surname)}-signature",
        defaults={"name": surname.title(), "surname": surname.upper(), "is_surname_only": True},
    )
    return person


def person_for_signature(surname: str, cable: Cable) -> Person:
    surname = surname.upper()
    candidates = Person.objects.filter(surname=surname, is_surname_only=False)
    if cable.origin:
        # Only where they classified: a resolved signature must not vouch for itself.
        near = Q(roles__kind=Role.CLASSIFIED_BY, roles__cable__origin=cable.origin)
        if cable.date:
            window = (cable.date - SIGNER_WINDOW, cable.date + SIGNER_WINDOW)
            near &= Q(roles__cable__date__range=window)
        candidates = candidates.filter(near)
    else:
        candidates = candidates.none()
    ids = list(candidates.values_list("pk", flat=True).distinct()[:2])
    if len(ids) == 1:
        return Person.objects.get(pk=ids[0])
    return _surname_only(surname)


def resolve_signatures(surnames: set[str]) -> int:
    """Re-tie every signature of these surnames; returns how many changed."""
    changed = 0
    roles = Role.objects.filter(kind=Role.SIGNER, person__surname__in=surnames).select_related(
        "cable", "person"
    )
    for role in roles:
        person = person_for_signature(role.as_written or role.person.surname, role.cable)
        if person.pk != role.person_id:
            role.person = person
            role.save(update_fields=["person"])
            changed += 1
    delete_orphans()
    return changed


def delete_orphans() -> None:
    Person.objects.filter(roles__isnull=True).delete()
