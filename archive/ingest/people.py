"""People on cables: the classifying officer and the signer.

One person, one row, keyed on the slug of their full name (so "TOM MCDONALD"
and "Tom McDonald" are one person); the title they wrote on each cable lives on
the Role. A signature is only a surname ("RUSSELL"): it is tied to a full name
when the same cable's classifying officer has that surname, or when everyone of
that surname who classified cables at the same post within SIGNER_WINDOW of the
cable's date shares one first name (name variants with and without a middle
initial); otherwise it stays a surname-only person. Signatures are resolved
again after every ingest run, so the result does not depend on the order cables
arrive in.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
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
    same_cable = Person.objects.filter(
        surname=surname, is_surname_only=False, roles__cable=cable, roles__kind=Role.CLASSIFIED_BY
    ).first()
    if same_cable is not None:
        return same_cable
    if not cable.origin:
        return _surname_only(surname)
    # Only where they classified: a resolved signature must not vouch for itself.
    near = Q(roles__kind=Role.CLASSIFIED_BY, roles__cable__origin=cable.origin)
    if cable.date:
        window = (cable.date - SIGNER_WINDOW, cable.date + SIGNER_WINDOW)
        near &= Q(roles__cable__date__range=window)
    candidates = (
        Person.objects.filter(near, surname=surname, is_surname_only=False)
        .annotate(uses=Count("roles"))
        .order_by("-uses", "name")[:10]
    )
    return _one_person(list(candidates)) or _surname_only(surname)


def _one_person(candidates: list[Person]) -> Person | None:
    """The candidate, when they are all one person: "Gene A. Cretz" and "Gene Cretz"
    at the same post and time are the same ambassador written two ways."""
    if not candidates:
        return None
    first_names = {c.name.split()[0].rstrip(".").upper() for c in candidates}
    return candidates[0] if len(first_names) == 1 else None


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
