"""Who each mention is: the people of one surname, worked out from all its mentions.

The same rules as the officers' (archive/ingest/people.py), applied to names as the
text writes them, and every choice ordered by text and counts, never by row ids:

1. **In one cable**, a name without given names ("FM Lavrov", "Lavrov") is the
   cable's full form of that surname ("FM Sergey Lavrov"), when the cable's full
   forms are all one person's; when it names two people of that surname, a bare
   surname is left to rule 3.
2. **Across cables**, the full forms are grouped into humans as officers are
   (people._humans): compatible given names ("Sergey Lavrov", "Sergei Lavrov",
   "S. Lavrov") at the same post or in overlapping years. Two people who share a
   surname are never made one.
3. **A bare surname no cable names in full** ("President Karimov" alone) is the one
   human of that surname mentioned with the same title ("President") within
   BARE_WINDOW_YEARS; an ambassador or chargé named by surname alone ("Ambassador
   Scobey") is the officeholder of that surname in office on the cable's date. Else
   the mention goes to the surname-only person of that surname, whose page says
   that it may be more than one human.
4. **An officer** is the same human as a mentioned person when exactly one officer
   of the surname has a full name compatible with theirs and classified or signed
   within BARE_WINDOW_YEARS of the mentions; a bare "Ambassador Scobey" is the
   officer who is that officeholder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.text import slugify

from archive.ingest.names import given_names_compatible, parse_name, person_slug
from archive.ingest.officeholders import Term
from archive.ingest.people import RoleRow, _Form, _Human, _humans

BARE_WINDOW_YEARS = 3
# Titles whose bare surname names the chief of mission of that surname.
_CHIEF_TITLES = {"ambassador", "amb", "charge", "chargé", "ambassador-at-large"}


@dataclass(frozen=True)
class MentionRow:
    id: int
    cable: int
    name: str
    title: str
    origin: str
    date: date | None


@dataclass(frozen=True)
class OfficerRow:
    slug: str
    name: str
    is_surname_only: bool
    officeholder: str
    first: int | None  # years of their cables
    last: int | None


@dataclass(frozen=True)
class PersonPlan:
    slug: str
    name: str
    surname: str
    is_surname_only: bool
    officer: str  # Person.slug of the officer who is this human, or ""


@dataclass
class Plan:
    people: dict[str, PersonPlan] = field(default_factory=dict)
    mentions: dict[int, str] = field(default_factory=dict)  # mention id -> person slug


def title_head(title: str) -> str:
    """The word a title ends on, lower case: "Deputy Foreign Minister" -> "minister"."""
    words = title.lower().replace(".", " ").split()
    if " of " in f" {title.lower()} ":
        words = title.lower().split(" of ")[0].split()
    return words[-1] if words else ""


def surname_only_slug(surname: str) -> str:
    return f"{slugify(surname)[:180] or 'unknown'}-surname-only"


def plan_surname(
    key: str, mentions: list[MentionRow], officers: list[OfficerRow], terms: list[Term]
) -> Plan:
    """The mentioned people of one surname (names.surname_key) and each mention's."""
    plan = Plan()
    full = [m for m in mentions if parse_name(m.name).given]
    full_ids = {m.id for m in full}
    bare = [m for m in mentions if m.id not in full_ids]
    by_slug: dict[str, list[RoleRow]] = defaultdict(list)
    for m in full:
        by_slug[person_slug(m.name)].append(
            RoleRow(m.id, m.cable, "mention", m.name, m.origin, m.date)
        )
    humans = _humans([_Form(slug, rows) for slug, rows in sorted(by_slug.items())])
    human_of_mention = {row.id: h for h in humans for f in h.forms for row in f.roles}
    slug_of: dict[int, str] = {}
    for human in humans:
        best = human.best()
        slug_of[id(human)] = best.slug
        officer = _officer_for(human, officers)
        plan.people[best.slug] = PersonPlan(best.slug, best.display, key, False, officer)
        for form in human.forms:
            for row in form.roles:
                plan.mentions[row.id] = best.slug

    in_cable: dict[int, set[int]] = defaultdict(set)  # cable -> humans named in full there
    for m in full:
        in_cable[m.cable].add(id(human_of_mention[m.id]))
    by_id = {id(h): h for h in humans}
    titles = _titles_of(humans, mentions)
    for m in bare:
        humans_here = in_cable.get(m.cable, set())
        if len(humans_here) == 1:
            plan.mentions[m.id] = slug_of[next(iter(humans_here))]
            continue
        if humans_here:  # two people of that surname in this cable: say no more
            plan.mentions[m.id] = _surname_only(plan, key, bare)
            continue
        chief = _chief_for(m, officers, terms)
        if chief is not None:
            plan.mentions[m.id] = _officer_person(plan, key, chief, humans, slug_of)
            continue
        head = title_head(m.title)
        fits = [
            h for h in by_id.values() if head and head in titles[id(h)] and _near(h.years, m.date)
        ]
        if len(fits) == 1:
            plan.mentions[m.id] = slug_of[id(fits[0])]
        else:
            plan.mentions[m.id] = _surname_only(plan, key, bare)
    return plan


def _titles_of(humans: list[_Human], mentions: list[MentionRow]) -> dict[int, set[str]]:
    """The title heads each human's full-name mentions carry, and those of the bare
    mentions in the cables that name them in full."""
    title_of = {m.id: m.title for m in mentions}
    out: dict[int, set[str]] = defaultdict(set)
    for human in humans:
        for form in human.forms:
            for row in form.roles:
                if title_of.get(row.id):
                    out[id(human)].add(title_head(title_of[row.id]))
    return out


def _near(years: tuple[int, int] | None, day: date | None) -> bool:
    if years is None or day is None:
        return False
    return years[0] - BARE_WINDOW_YEARS <= day.year <= years[1] + BARE_WINDOW_YEARS


def _surname_only(plan: Plan, key: str, bare: list[MentionRow]) -> str:
    slug = surname_only_slug(key)
    if slug in plan.people:
        return slug
    written = sorted({m.name for m in bare}, key=lambda w: (w.isupper(), w))
    display = written[0] if written else key.title()
    plan.people.setdefault(
        slug, PersonPlan(slug, display.title() if display.isupper() else display, key, True, "")
    )
    return slug


def _officer_for(human: _Human, officers: list[OfficerRow]) -> str:
    """The one officer of the surname who is this human, or None."""
    names = {human.anchor.name, human.best().name}
    fits = []
    for officer in officers:
        if officer.is_surname_only or officer.first is None or human.years is None:
            continue
        parsed = parse_name(officer.name)
        if not parsed.full_given or not any(
            given_names_compatible(parsed, n) and n.full_given for n in names
        ):
            continue
        low, high = human.years
        if officer.first - BARE_WINDOW_YEARS <= high and low <= officer.last + BARE_WINDOW_YEARS:
            fits.append(officer)
    return fits[0].slug if len(fits) == 1 else ""


def _chief_for(m: MentionRow, officers: list[OfficerRow], terms: list[Term]) -> OfficerRow | None:
    """For a bare "Ambassador Scobey": the officer who held a chief of mission's
    office under that surname on the cable's date, when there is exactly one."""
    if m.date is None or title_head(m.title) not in _CHIEF_TITLES:
        return None
    holders = {t.person for t in terms if t.started <= m.date <= t.last_day}
    if len(holders) != 1:
        return None
    holder = holders.pop()
    found = [o for o in officers if o.officeholder == holder]
    return found[0] if len(found) == 1 else None


def _officer_person(
    plan: Plan, key: str, officer: OfficerRow, humans: list[_Human], slug_of: dict[int, str]
) -> str:
    """The mentioned person who is `officer`: the human already tied to them, or one
    named as the officer is."""
    for slug, person in plan.people.items():
        if person.officer == officer.slug:
            return slug
    slug = person_slug(officer.name)
    if slug in plan.people:  # a human of that very name the rules kept apart
        slug = f"{slug}-officer"
    plan.people[slug] = PersonPlan(slug, officer.name, key, False, officer.slug)
    return slug
