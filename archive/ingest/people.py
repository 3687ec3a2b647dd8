"""People on cables: the classifying officer and the signer, one person per human.

The writer stores each role with the name as written on its cable (Role.as_written)
and points it at a provisional person: the slug of the written name for a
classifying officer, a surname-only person for a signature ("RUSSELL"). At the end
of every ingest run, for every surname any committed batch touched (the batches
record them in archive_signaturetoresolve, so a run killed before its end leaves
them to the next), the people of that surname are worked out again from all its
roles, and the roles re-pointed:

1. **Officers.** The written forms of the surname's classifying officers are
   grouped into humans: a form joins a human whose fullest form has compatible
   given names (names.given_names_compatible: "Donald A. Blome", "Donal A. Blome",
   "A. Blome"; "Kathleen H. Allegrone", "Kathy Allegrone") and who classified at the
   same post or in overlapping years. A form that fits two humans stays apart:
   two Russells are never made one for sharing a surname. A human is named by its
   most written form.
2. **Officeholders.** A human who classified at a post while (or within three
   years of when) an officeholder of that surname with compatible given names held
   it is that officeholder (archive/data/officeholders.tsv, ingest/officeholders.py).
3. **Signatures**, by the first rule that names one person (Role.resolved_by):
   the same cable's classifying officer; the officeholder of that surname at the
   post on the cable's date (the chief of mission, the Secretary for STATE cables);
   the one human of that surname who classified at the post within
   SIGNER_WINDOW_MONTHS; the one officeholder of that surname at the post within
   SIGNER_WINDOW_MONTHS of the date (an ambassador before presenting credentials,
   a chargé the table lists for a gap); otherwise the surname-only person.

All of it is a function of the surname's roles and of the table, computed with
every choice ordered by text, counts and slugs, never by row ids or arrival order,
so any order of ingest ends in the same people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations

from archive.ingest import officeholders
from archive.ingest.db import ingest_transaction
from archive.ingest.names import (
    Name,
    given_names_compatible,
    parse_name,
    person_slug,
    signature_key,
    surname_key,
)
from archive.ingest.officeholders import Term
from archive.models import Role

# A Foreign Service tour at a post is typically two to three years; a chargé who
# signs as "RUSSELL" in 2007 is the DCM Daniel A. Russell of 2006.
SIGNER_WINDOW_MONTHS = 36
# Surnames resolved per round trip: bounds the rows held in memory at once.
SURNAMES_PER_ROUND = 2000
# The advisory lock that makes resolutions take turns (two-key form, apart from the
# writer's cable ID locks).
_RESOLVE_LOCK = (0x63626C65, 0x70706C)  # "cble", "ppl"


@dataclass(frozen=True)
class RoleRow:
    id: int
    cable: int
    kind: str
    written: str
    origin: str
    date: date | None


@dataclass(frozen=True)
class PersonRow:
    slug: str
    name: str
    surname: str
    is_surname_only: bool
    officeholder: str = ""


@dataclass
class Plan:
    people: dict[str, PersonRow] = field(default_factory=dict)
    roles: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (slug, rule)


def _month(day: date | None) -> int | None:
    return None if day is None else day.year * 12 + day.month - 1


class _Form:
    """One written form of a name (up to case and punctuation: one slug)."""

    def __init__(self, slug: str, roles: list[RoleRow]):
        self.slug = slug
        self.roles = roles
        written = Counter(r.written for r in roles)
        # Mixed case reads better than the telegram's capitals; then the most written.
        self.display = min(written, key=lambda w: (w.isupper(), -written[w], w))
        self.name = parse_name(self.display)
        self.uses = len(roles)
        self.origins = {r.origin for r in roles if r.origin}
        years = [r.date.year for r in roles if r.date]
        self.years = (min(years), max(years)) if years else None

    def order(self) -> tuple:
        """Fullest first, so that each human is anchored on its fullest form."""
        return (-self.name.full_given, -len(self.name.given), -self.uses, self.slug)


class _Human:
    def __init__(self, anchor: _Form):
        self.anchor = anchor
        self.forms = [anchor]
        self.origins = set(anchor.origins)
        self.years = anchor.years
        self.holder: _Holder | None = None

    def add(self, form: _Form) -> None:
        self.forms.append(form)
        self.origins |= form.origins
        if form.years:
            low, high = self.years or form.years
            self.years = (min(low, form.years[0]), max(high, form.years[1]))

    def meets(self, form: _Form) -> bool:
        """Same post, or overlapping years. A form with no given name written out
        ("Blome", "A. Blome") says too little for years alone: it must share a post."""
        if self.origins & form.origins:
            return True
        if self.years is None or form.years is None or not form.name.full_given:
            return False
        return self.years[0] <= form.years[1] and form.years[0] <= self.years[1]

    def best(self) -> _Form:
        """The form the human is named by: one with a given name written out, the
        most written of those; between equals, the one that spells the first name as
        the officeholders table does, then as the other forms most often do (Donald
        rather than Donal), then the fullest."""
        official = self.holder.parsed.given[:1] if self.holder else ()
        firsts: Counter = Counter()
        for form in self.forms:
            firsts[form.name.given[:1]] += form.uses
        return min(
            self.forms,
            key=lambda f: (
                not f.name.full_given,
                -f.uses,
                f.name.given[:1] != official,
                -firsts[f.name.given[:1]],
                -len(f.name.given),
                f.display,
            ),
        )


class _Holder:
    """One officeholder of the table, with all their terms."""

    def __init__(self, person: str, terms: list[Term]):
        self.person = person
        self.terms = terms
        self.name = terms[0].name
        self.parsed: Name = parse_name(self.name)

    def fits(self, human: _Human) -> bool:
        """Whether the human is this officeholder: a compatible name (the table has
        the full official one, so a middle name the officer goes by will do) at one
        of the officeholder's posts, within three years of the term."""
        names = {human.anchor.name, human.best().name}
        if human.years is None or not any(
            given_names_compatible(self.parsed, name, by_middle_name=True) for name in names
        ):
            return False
        first, last = human.years
        return any(
            human.origins.intersection(t.posts)
            and t.started.year - 3 <= last
            and first <= t.last_day.year + 3
            for t in self.terms
        )


def _humans(forms: list[_Form]) -> list[_Human]:
    humans: list[_Human] = []
    for form in sorted(forms, key=_Form.order):
        fits = [
            h for h in humans if given_names_compatible(h.anchor.name, form.name) and h.meets(form)
        ]
        if len(fits) == 1:
            fits[0].add(form)
        else:
            humans.append(_Human(form))
    return humans


def _link_holders(humans: list[_Human], holders: list[_Holder]) -> list[_Human]:
    """Tie humans to the officeholders they are; two humans that are plainly the
    same officeholder ("Margaret Scobey" classifying in Damascus in 2004 and in
    Cairo in 2009) become one."""
    for holder in holders:
        fits = [h for h in humans if holder.fits(h)]
        compatible = all(
            given_names_compatible(a.anchor.name, b.anchor.name) for a, b in combinations(fits, 2)
        )
        if len(fits) > 1 and compatible:
            for other in fits[1:]:
                for form in other.forms:
                    fits[0].add(form)
                humans.remove(other)
    claims: dict[int, list[_Holder]] = defaultdict(list)
    for holder in holders:
        fits = [h for h in humans if holder.fits(h)]
        if len(fits) == 1:
            claims[id(fits[0])].append(holder)
    for human in humans:
        if len(claims.get(id(human), ())) == 1:
            human.holder = claims[id(human)][0]
    return humans


def _unique(items: Iterable):
    found = set(items)
    return found.pop() if len(found) == 1 else None


class _Signatures:
    """Who signed each signature of one surname."""

    def __init__(self, humans: list[_Human], holders: list[_Holder]):
        self.officer_on_cable: dict[int, _Human] = {}
        self.officers_at: dict[str, list[tuple[int | None, _Human]]] = defaultdict(list)
        for human in humans:
            for form in human.forms:
                for role in form.roles:
                    self.officer_on_cable[role.cable] = human
                    if role.origin:
                        self.officers_at[role.origin].append((_month(role.date), human))
        self.terms_at: dict[str, list[tuple[Term, _Holder]]] = defaultdict(list)
        for holder in holders:
            for term in holder.terms:
                for post in term.posts:
                    self.terms_at[post].append((term, holder))

    def name(self, role: RoleRow) -> tuple[_Human | _Holder | None, str]:
        human = self.officer_on_cable.get(role.cable)
        if human is not None:
            return human, Role.SAME_CABLE
        terms = self.terms_at.get(role.origin, ())
        if role.date is not None:
            holder = _unique(h for t, h in terms if t.started <= role.date <= t.last_day)
            if holder is not None:
                return holder, Role.OFFICEHOLDER
        month, window = _month(role.date), SIGNER_WINDOW_MONTHS
        officers = self.officers_at.get(role.origin, ())
        human = _unique(
            h for m, h in officers if month is None or (m is not None and abs(m - month) <= window)
        )
        if human is not None:
            return human, Role.CLASSIFIER_AT_POST
        if month is not None:
            holder = _unique(
                h
                for t, h in terms
                if _month(t.started) - window <= month <= _month(t.last_day) + window
            )
            if holder is not None:
                return holder, Role.OFFICEHOLDER_NEARBY
        return None, Role.SURNAME_ONLY


def plan_surname(key: str, roles: list[RoleRow], terms: list[Term]) -> Plan:
    """The people of one surname (surname_key) and the person of each of its roles."""
    by_slug: dict[str, list[RoleRow]] = defaultdict(list)
    signers = []
    for role in roles:
        if role.kind == Role.CLASSIFIED_BY:
            by_slug[person_slug(role.written)].append(role)
        else:
            signers.append(role)
    forms = [_Form(slug, rows) for slug, rows in sorted(by_slug.items())]
    by_person: dict[str, list[Term]] = defaultdict(list)
    for term in sorted(terms, key=lambda t: (t.person, t.started, t.office, t.mission)):
        by_person[term.person].append(term)
    holders = [_Holder(person, rows) for person, rows in sorted(by_person.items())]
    humans = _link_holders(_humans(forms), holders)

    plan = Plan()
    slugs: dict[int, str] = {}
    named = {human.best().slug for human in humans}
    for human in humans:
        best = human.best()
        slug, name, officeholder = best.slug, best.display, ""
        if human.holder is not None:
            officeholder = human.holder.person
            official = person_slug(human.holder.name)
            # "Duddy", "A. Blome": the table knows the name better.
            if not best.name.full_given and official not in named:
                slug, name = official, human.holder.name
        slugs[id(human)] = slug
        plan.people[slug] = PersonRow(slug, name, key, False, officeholder)
        for form in human.forms:
            for role in form.roles:
                plan.roles[role.id] = (best.slug, "")
    if not signers:
        return plan

    taken = set(plan.people)
    human_of = {h.holder.person: slugs[id(h)] for h in humans if h.holder is not None}

    def holder_person(holder: _Holder) -> str:
        if holder.person not in human_of:
            slug = person_slug(holder.name)
            if slug in taken:  # an officer of that very name who is not this officeholder
                slug = person_slug(holder.person)
            human_of[holder.person] = slug
            plan.people[slug] = PersonRow(slug, holder.name, key, False, holder.person)
        return human_of[holder.person]

    written = Counter(r.written.upper() for r in signers)
    fallback = min(written, key=lambda w: (-written[w], w))
    signatures = _Signatures(humans, holders)
    for role in signers:
        who, rule = signatures.name(role)
        if isinstance(who, _Human):
            slug = slugs[id(who)]
        elif isinstance(who, _Holder):
            slug = holder_person(who)
        else:
            slug = signature_key(fallback)
            plan.people.setdefault(slug, PersonRow(slug, fallback.title(), key, True))
        plan.roles[role.id] = (slug, rule)
    return plan


# --- in the database ----------------------------------------------------------------------


def resolve_signatures() -> int:
    """Work out again the people of every surname waiting to be resolved; returns how
    many roles changed person or rule."""
    with ingest_transaction() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(_RESOLVE_LOCK))
        # Only the rows this transaction sees are taken; those another run commits
        # meanwhile stay for that run to resolve.
        cursor.execute("DELETE FROM archive_signaturetoresolve RETURNING surname")
        keys = {surname_key(row[0]) for row in cursor.fetchall() if row[0]}
        if officeholders.load(cursor):
            cursor.execute("SELECT DISTINCT surname FROM archive_person")
            keys.update(row[0] for row in cursor.fetchall())
        keys = sorted(k for k in keys if k)
        changed = 0
        for start in range(0, len(keys), SURNAMES_PER_ROUND):
            changed += _resolve(cursor, keys[start : start + SURNAMES_PER_ROUND])
        cursor.execute(
            "DELETE FROM archive_person p WHERE NOT EXISTS"
            " (SELECT 1 FROM archive_role r WHERE r.person_id = p.id)"
        )
    return changed


def _resolve(cursor, keys: list[str]) -> int:
    # Every role of these surnames: each role's person has its written name's surname.
    cursor.execute(
        """
        SELECT p.surname, r.id, r.cable_id, r.kind, r.as_written, c.origin, c.date
        FROM archive_person p
        JOIN archive_role r ON r.person_id = p.id
        JOIN archive_cable c ON c.id = r.cable_id
        WHERE p.surname = ANY(%s)
        """,
        [keys],
    )
    roles: dict[str, list[RoleRow]] = defaultdict(list)
    for key, *row, when in cursor.fetchall():
        day = when.date() if isinstance(when, datetime) else when
        roles[key].append(RoleRow(*row, day))
    terms: dict[str, list[Term]] = defaultdict(list)
    for term in officeholders.terms_of(cursor, keys):
        terms[term.surname].append(term)
    plan = Plan()
    for key in sorted(roles):
        part = plan_surname(key, roles[key], terms.get(key, []))
        plan.people.update(part.people)
        plan.roles.update(part.roles)
    return _apply(cursor, plan)


def _apply(cursor, plan: Plan) -> int:
    if not plan.roles:
        return 0
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS people_plan (slug text, name text, surname text,"
        " is_surname_only bool, officeholder text) ON COMMIT DELETE ROWS"
    )
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS roles_plan (role_id int8, slug text, resolved_by text)"
        " ON COMMIT DELETE ROWS"
    )
    cursor.execute("TRUNCATE people_plan, roles_plan")
    with cursor.copy("COPY people_plan FROM STDIN") as copy:
        copy.set_types(["text", "text", "text", "bool", "text"])
        for p in plan.people.values():
            copy.write_row([p.slug, p.name, p.surname, p.is_surname_only, p.officeholder])
    with cursor.copy("COPY roles_plan FROM STDIN") as copy:
        copy.set_types(["int8", "text", "text"])
        for role_id, (slug, rule) in plan.roles.items():
            copy.write_row([role_id, slug, rule])
    # In slug order, so that two transactions adding the same people lock them in one order.
    cursor.execute(
        """
        INSERT INTO archive_person AS p (slug, name, surname, is_surname_only, officeholder)
        SELECT slug, name, surname, is_surname_only, officeholder FROM people_plan ORDER BY slug
        ON CONFLICT (slug) DO UPDATE SET
            name = EXCLUDED.name, surname = EXCLUDED.surname,
            is_surname_only = EXCLUDED.is_surname_only, officeholder = EXCLUDED.officeholder
        WHERE (p.name, p.surname, p.is_surname_only, p.officeholder)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.surname, EXCLUDED.is_surname_only,
                                EXCLUDED.officeholder)
        """
    )
    cursor.execute(
        """
        UPDATE archive_role r SET person_id = p.id, resolved_by = t.resolved_by
        FROM roles_plan t JOIN archive_person p ON p.slug = t.slug
        WHERE r.id = t.role_id AND (r.person_id <> p.id OR r.resolved_by <> t.resolved_by)
        """
    )
    return cursor.rowcount
