"""What a typed search asks PostgreSQL for, and what the list tells the reader about it.

A query is read as a web search box reads it (`websearch_to_tsquery`: words,
"a phrase", -excluded, or), in the archive's text search configuration (accents
folded: archive/textsearch.py), with two additions made here:

- a word ending in `*` (three letters or more before it) matches every word that
  starts with it: PostgreSQL's prefix match (`to_tsquery('medved:*')`, the prefix
  stemmed as a word is). It is required like any word of the query, `-word*` excludes;
- each spelling of a name in archive/data/name_variants.txt stands for every spelling
  of its line (`ts_rewrite` over the rules of the NameVariant table).

The result, a tsquery, is made by one statement and passed to every statement of
the page as a literal (querysets.ParsedQuery), so the cables, the counts, the ranks
and the snippets all read the same query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connections

from archive.textsearch import SEARCH_CONFIG

# A word of letters and digits, starting with a letter, three characters or more,
# then a "*"; a "-" before it excludes.
_PREFIX = re.compile(r"(?<![\w*])(-?)([^\W\d_][^\W_]{2,})\*")
# A lexeme of a tsquery's text ('medv':*, 'qadhafi':AB), unless negated by a "!".
_LEXEME = re.compile(r"(?<!!)'(?:[^']|'')+'(?::[*A-D]+)?")

# Each non-first spelling becomes its line's first spelling, then each first spelling
# becomes every spelling of its line. In two steps because ts_rewrite searches the
# result of one rule for the next rule's target: a rule per spelling straight to the
# whole line would rewrite its own output again and again.
REWRITE_RULES = """
SELECT target::tsquery, substitute::tsquery FROM (
    SELECT DISTINCT 1 AS step, v.query AS target, c.query AS substitute
    FROM archive_namevariant v
    JOIN archive_namevariant c ON c.family = v.family AND c.canonical
    WHERE NOT v.canonical AND v.query <> c.query
    UNION ALL
    SELECT 2, c.query, (
        SELECT string_agg(DISTINCT '(' || a.query || ')', ' | ')
        FROM archive_namevariant a WHERE a.family = c.family
    )
    FROM archive_namevariant c WHERE c.canonical
) AS rules
ORDER BY step
"""

# `@>`: whether the query holds every lexeme of a spelling. Most queries name no
# variant, and skip the rewrite.
_TERMS_SQL = """
WITH typed AS (SELECT {typed} AS query),
     named AS (
         SELECT DISTINCT w.family FROM archive_namevariant w, typed
         WHERE typed.query @> w.query::tsquery
     )
SELECT typed.query::text,
       CASE WHEN EXISTS (SELECT FROM named) THEN ts_rewrite(typed.query, %(rules)s)::text
            ELSE typed.query::text END,
       ARRAY(
           SELECT json_build_object('family', v.family, 'spelling', v.spelling,
                                    'typed', typed.query @> v.query::tsquery)
           FROM archive_namevariant v JOIN named USING (family)
           ORDER BY v.family, v.id
       )
FROM typed
"""


@dataclass(frozen=True)
class Variants:
    """The spellings of one name a search included: those typed and the others."""

    typed: tuple[str, ...]
    others: tuple[str, ...]

    def sentence(self) -> str:
        typed = " and ".join(f"“{s}”" for s in self.typed)
        others = list(self.others)
        listed = ", ".join(others[:-1]) + " and " + others[-1] if len(others) > 1 else others[0]
        return f"Other spellings of {typed} are included: {listed}."


@dataclass(frozen=True)
class Terms:
    """A search as PostgreSQL runs it."""

    q: str
    typed: str  # the tsquery of what was typed, as text ("" when no word can be searched)
    tsquery: str  # with the name variants: what cables are matched with
    variants: tuple[Variants, ...] = field(default=())

    @property
    def searchable(self) -> bool:
        return bool(self.tsquery)

    @property
    def any_term(self) -> str:
        """A tsquery matching any one of the (not excluded) lexemes: the snippet of a
        cable no paragraph of which holds every term comes from the best of these."""
        return " | ".join(dict.fromkeys(_LEXEME.findall(self.tsquery)))

    def notices(self) -> list[str]:
        """Sentences about how the query was read: only stopwords, variants included."""
        if not self.q.strip():
            return []
        if not self.searchable:
            if any(ch.isalnum() for ch in self.q):
                return [
                    f"“{self.q[:80]}” holds only words too common to be searched (such as "
                    "“the”, “of”, “and”): add a word that says what the cables are about."
                ]
            return [f"“{self.q[:80]}” holds no word to search for."]
        return [v.sentence() for v in self.variants]


def split_prefixes(q: str) -> tuple[str, list[tuple[bool, str]]]:
    """The query without its prefix words, and those words: (excluded, prefix)."""
    prefixes = [(sign == "-", word) for sign, word in _PREFIX.findall(q)]
    return _PREFIX.sub(" ", q), prefixes


def read(q: str, using: str = "default") -> Terms:
    """`q` as the tsquery every statement of a search page runs (one statement)."""
    rest, prefixes = split_prefixes(q)
    params: dict = {"config": SEARCH_CONFIG, "rest": rest, "rules": REWRITE_RULES}
    typed = "websearch_to_tsquery(%(config)s::regconfig, %(rest)s)"
    for n, (excluded, word) in enumerate(prefixes):
        params[f"p{n}"] = f"'{word}':*"
        typed += f" && {'!!' if excluded else ''}to_tsquery(%(config)s::regconfig, %(p{n})s)"
    with connections[using].cursor() as cursor:
        cursor.execute(_TERMS_SQL.format(typed=typed), params)
        typed_text, rewritten, rows = cursor.fetchone()
    return Terms(q, typed_text, rewritten, _variants(q, rows))


def _variants(q: str, rows: list[dict]) -> tuple[Variants, ...]:
    families: dict[int, list[dict]] = {}
    for row in rows:
        families.setdefault(row["family"], []).append(row)
    words = {w.casefold() for w in re.findall(r"[\w'-]+", q)}
    found = []
    for spellings in families.values():
        typed = [s["spelling"] for s in spellings if s["spelling"].casefold() in words]
        typed = typed or [s["spelling"] for s in spellings if s["typed"]]
        others = [s["spelling"] for s in spellings if s["spelling"] not in typed]
        if others:
            found.append(Variants(tuple(typed), tuple(others)))
    return tuple(found)


# --- "Did you mean" -------------------------------------------------------------------------

# A word of the query (letters only) that no cable holds is replaced by the word of
# the archive's vocabulary nearest to it, if one is near enough by trigrams and held
# by at least two cables (a word held by one is as likely a typing error as the query).
_WORD = re.compile(r"[^\W\d_]+")
_MIN_SIMILARITY = 0.45
# The lexeme of each word, and whether some cable holds it.
_LEXEMES_SQL = """
SELECT w.typed, l.lexeme, EXISTS (SELECT FROM archive_searchword k WHERE k.word = l.lexeme)
FROM unnest(%(words)s::text[]) AS w(typed)
CROSS JOIN LATERAL (
    SELECT lexeme FROM unnest(to_tsvector(%(config)s::regconfig, w.typed)) LIMIT 1
) AS l
"""
# One word at a time, so that the planner sees the word and probes the trigram index.
# Trigrams find the candidates; the fewest edits (fuzzystrmatch's levenshtein) pick
# one: "medvedv" shares more trigrams with "medv" than with "medvedev", which is one
# letter away.
_NEAREST_SQL = """
SELECT word FROM archive_searchword
WHERE word %% %(lexeme)s AND cables >= 2 AND similarity(word, %(lexeme)s) >= %(min)s
ORDER BY levenshtein(word, %(lexeme)s), similarity(word, %(lexeme)s) DESC, cables DESC, word
LIMIT 1
"""
# A vocabulary word is a lexeme (a stem: "negoti"): shown as a word of the text that
# starts with it, read from one paragraph of one cable that holds it.
_SURFACE_SQL = """
SELECT lower((regexp_match(p.text, '\\m(' || %(stem)s || '[[:alpha:]]*)', 'i'))[1])
FROM archive_paragraph p
WHERE p.cable_id = (
    SELECT id FROM archive_cable WHERE search @@ quote_literal(%(stem)s)::tsquery LIMIT 1
) AND p.text ~* ('\\m' || %(stem)s)
LIMIT 1
"""


def suggestion(q: str, using: str = "default") -> str | None:
    """`q` with each word that no cable holds replaced by the nearest word that some
    do, or None when no word was replaced."""
    words = list(dict.fromkeys(w for w in _WORD.findall(q) if len(w) >= 3 and w.lower() != "or"))
    if not words:
        return None
    replacements = {}
    with connections[using].cursor() as cursor:
        cursor.execute(_LEXEMES_SQL, {"words": words, "config": SEARCH_CONFIG})
        unknown = [(typed, lexeme) for typed, lexeme, known in cursor.fetchall() if not known]
        for typed, lexeme in unknown:
            cursor.execute(_NEAREST_SQL, {"lexeme": lexeme, "min": _MIN_SIMILARITY})
            row = cursor.fetchone()
            if row is not None:
                replacements[typed] = _as_typed(typed, _surface(cursor, row[0]) or row[0])
    if not replacements:
        return None
    return _WORD.sub(lambda m: replacements.get(m.group(0), m.group(0)), q)


def _surface(cursor, stem: str) -> str | None:
    # Only letters reach the pattern: the vocabulary keeps words of letters only.
    if not stem.isalpha():
        return None
    cursor.execute(_SURFACE_SQL, {"stem": stem})
    row = cursor.fetchone()
    return row[0] if row else None


def _as_typed(typed: str, word: str) -> str:
    """`word` in the case `typed` was written in (Medvedv -> Medvedev)."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
