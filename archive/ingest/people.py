"""People on cables: the classifying officer and the signer.

One person, one row, keyed on the slug of their full name (so "TOM MCDONALD"
and "Tom McDonald" are one person); the title they wrote on each cable lives on
the Role. A signature is only a surname ("RUSSELL"). It is tied to a full name
when the same cable's classifying officer has that surname, or when everyone of
that surname who classified cables at the same post within SIGNER_WINDOW_MONTHS of the
cable's date shares one first name (name variants with and without a middle
initial, "Gene A. Cretz" and "Gene Cretz", count as one; the most used variant
is chosen). Otherwise it stays a surname-only person ("Melville").

Signatures are resolved at the end of every ingest run, for every surname any
committed batch touched (the batches record them in archive_signaturetoresolve,
so a run killed before its end leaves them to the next). Nothing here depends
on the order cables arrived in: a person's name is the form most often written
(ties broken by the text itself), and equal candidates are told apart by slug,
never by which row was inserted first.
"""

from __future__ import annotations

from django.utils.text import slugify

from archive.ingest.db import ingest_transaction

# A Foreign Service tour at a post is typically two to three years; a chargé who
# signs as "RUSSELL" in 2007 is the DCM Daniel A. Russell of 2006.
SIGNER_WINDOW_MONTHS = 36

_SUFFIXES = {"JR", "JR.", "SR", "SR.", "II", "III", "IV"}


def signature_key(surname: str) -> str:
    """The slug of the surname-only person a signature falls back on."""
    return f"{slugify(surname)[:180]}-signature"


def surname_of(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w.upper() not in _SUFFIXES]
    return (words[-1] if words else name).strip(".").upper()


# For each signature of the given surnames: the candidates are full-name people of
# that surname who classified a cable at the same post within the window, or this
# very cable. A signature is tied when the same cable's officer is among them, or
# when all candidates share one first name. Officers are first grouped by post and
# month, so the join stays small however many cables a post has.
_RESOLVE = """
WITH sig AS (
    SELECT r.id AS role_id, r.cable_id, upper(r.as_written) AS surname, c.origin,
           date_trunc('month', c.date) AS month
    FROM archive_role r JOIN archive_cable c ON c.id = r.cable_id
    WHERE r.kind = 'signer' AND upper(r.as_written) = ANY(%(surnames)s)
),
officer AS (
    SELECT p.id AS person_id, p.surname, upper(split_part(p.name, ' ', 1)) AS first_name,
           c.origin, date_trunc('month', c.date) AS month, count(*) AS uses
    FROM archive_person p
    JOIN archive_role r ON r.person_id = p.id AND r.kind = 'classified_by'
    JOIN archive_cable c ON c.id = r.cable_id
    WHERE p.surname = ANY(%(surnames)s) AND NOT p.is_surname_only AND c.origin <> ''
    GROUP BY 1, 2, 3, 4, 5
),
nearby AS (
    SELECT s.role_id, o.person_id, o.first_name, sum(o.uses) AS uses, false AS same_cable
    FROM sig s JOIN officer o ON o.surname = s.surname AND o.origin = s.origin
    WHERE s.month IS NULL
       OR o.month BETWEEN s.month - make_interval(months => %(months)s)
                      AND s.month + make_interval(months => %(months)s)
    GROUP BY 1, 2, 3
),
same AS (
    SELECT s.role_id, p.id AS person_id, upper(split_part(p.name, ' ', 1)) AS first_name,
           0::numeric AS uses, true AS same_cable
    FROM sig s
    JOIN archive_role r ON r.cable_id = s.cable_id AND r.kind = 'classified_by'
    JOIN archive_person p ON p.id = r.person_id AND p.surname = s.surname
    WHERE NOT p.is_surname_only
),
cand AS (SELECT * FROM nearby UNION ALL SELECT * FROM same),
ok AS (
    SELECT role_id FROM cand GROUP BY role_id
    HAVING bool_or(same_cable) OR count(DISTINCT first_name) = 1
),
pick AS (
    SELECT DISTINCT ON (c.role_id) c.role_id, c.person_id
    FROM cand c JOIN ok USING (role_id)
    ORDER BY c.role_id, c.same_cable DESC, c.uses DESC,
             (SELECT slug FROM archive_person WHERE id = c.person_id)
),
keys AS (
    SELECT * FROM unnest(%(surnames)s::text[], %(slugs)s::text[]) AS k(surname, slug)
),
untied AS (
    SELECT s.role_id, p.id AS person_id
    FROM sig s
    JOIN keys k ON k.surname = s.surname
    JOIN archive_person p ON p.slug = k.slug
    WHERE s.role_id NOT IN (SELECT role_id FROM pick)
)
UPDATE archive_role r SET person_id = t.person_id
FROM (SELECT * FROM pick UNION ALL SELECT * FROM untied) t
WHERE r.id = t.role_id AND r.person_id <> t.person_id
"""


# A full-name person is named by the form of their name most often written; which
# form happened to be inserted first depends on the order of the files.
_RENAME = """
UPDATE archive_person p SET name = best.as_written
FROM (
    SELECT DISTINCT ON (r.person_id) r.person_id, r.as_written
    FROM archive_role r JOIN archive_person p ON p.id = r.person_id
    WHERE r.kind = 'classified_by' AND p.surname = ANY(%(surnames)s) AND NOT p.is_surname_only
    GROUP BY r.person_id, r.as_written
    ORDER BY r.person_id, count(*) DESC, r.as_written COLLATE "C"
) best
WHERE p.id = best.person_id AND p.name <> best.as_written
"""


def resolve_signatures() -> int:
    """Re-tie every signature of the surnames waiting to be resolved; returns how
    many changed."""
    with ingest_transaction() as cursor:
        # Only the rows this transaction sees are taken; those another run commits
        # meanwhile stay for that run to resolve.
        cursor.execute("DELETE FROM archive_signaturetoresolve RETURNING surname")
        names = sorted({row[0].upper() for row in cursor.fetchall() if row[0]})
        if not names:
            return 0
        slugs = [signature_key(name) for name in names]
        # Every signature needs its surname-only person to fall back on, even one
        # whose earlier tie an orphan clean-up has since removed.
        cursor.execute(
            """
            INSERT INTO archive_person (slug, name, surname, is_surname_only)
            SELECT slug, initcap(surname), surname, true
            FROM unnest(%s::text[], %s::text[]) AS k(surname, slug)
            ORDER BY slug
            ON CONFLICT (slug) DO NOTHING
            """,
            [names, slugs],
        )
        cursor.execute(_RENAME, {"surnames": names})
        cursor.execute(
            _RESOLVE, {"surnames": names, "slugs": slugs, "months": SIGNER_WINDOW_MONTHS}
        )
        changed = cursor.rowcount
        cursor.execute(
            "DELETE FROM archive_person p WHERE NOT EXISTS"
            " (SELECT 1 FROM archive_role r WHERE r.person_id = p.id)"
        )
    return changed
