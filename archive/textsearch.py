"""The text search configuration every search vector and query is made with.

`archive_english` (migration 0011) is PostgreSQL's `english` with `unaccent` in
front of the stemmer for the words that hold a letter outside ASCII, so
“Chávez” and “Chavez”, “Erdoğan” and “Erdogan” become the same lexeme. All-ASCII
words, nearly every word of the cables, go straight to the stemmer as before:
the ingest pays for unaccent only where there is an accent to fold.
"""

SEARCH_CONFIG = "archive_english"
