"""The search box's fielded operators, PlusD style: `subject:pipeline`,
`to:SECSTATE`, `class:secret`, `handling:noforn`, `released:2011-08`, …

Plain text in, plain records out (no Django): `parse` splits what was typed into
the words the full-text search reads and the operators the list filters by. A
`name:` that is not an operator is left among the words, so "Note:" or "12:30"
search as typed; the help page (/search/help/) says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What each operator does is declared once, here; the help page and the list read it.
# name -> (what it matches, examples)
OPERATORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "subject": (
        'words or a "phrase" in the subject line only',
        ("subject:pipeline", 'subject:"gas pipeline"'),
    ),
    "to": (
        "an addressee on the TO or INFO lines, as whole words of it",
        ("to:SECSTATE", 'to:"AMEMBASSY MOSCOW"', "to:USUN"),
    ),
    "class": (
        "the classification: SECRET also finds SECRET//NOFORN",
        ("class:secret", "class:unclassified"),
    ),
    "handling": ("a handling marking", ("handling:noforn", "handling:sipdis")),
    "released": (
        "the date WikiLeaks released the cable's current text: a year, month or day, "
        "or a range with ..",
        ("released:2011-02", "released:2010-11-28..2010-12-31"),
    ),
    "date": (
        "the cable's own date: a year, month or day, or a range with ..",
        ("date:2009", "date:2008-06..2008-09"),
    ),
    "origin": ("the sending post, as words of its name", ("origin:moscow", 'origin:"new delhi"')),
    "tag": ("a TAGS code (aliases count: RU finds RS)", ("tag:PREL", "tag:RS")),
    "cites": ("cables whose REF lines cite this cable ID", ("cites:08STATE85678",)),
}
# Other spellings people type, PlusD's among them.
ALIASES = {
    "classification": "class",
    "destination": "to",
    "info": "to",
    "subj": "subject",
    "tags": "tag",
}

# One token: an operator with a quoted or bare value, a quoted phrase, or a word.
_TOKEN = re.compile(
    r"""
    (?P<op>(?P<neg>-?)(?P<name>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+)))
    | (?P<phrase>-?"[^"]*"?)
    | (?P<word>[^\s"]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Operator:
    name: str  # canonical: "class", never "classification"
    value: str  # as typed, without its quotes
    negated: bool = False  # `-class:secret`: cables that do not match
    quoted: bool = False

    @property
    def text(self) -> str:
        value = f'"{self.value}"' if self.quoted else self.value
        return f"{'-' if self.negated else ''}{self.name}:{value}"


@dataclass(frozen=True)
class ParsedQuery:
    words: str  # for the full-text search (websearch syntax), "" when none
    operators: list[Operator] = field(default_factory=list)


def canonical_name(name: str) -> str | None:
    name = name.lower()
    name = ALIASES.get(name, name)
    return name if name in OPERATORS else None


def parse(text: str) -> ParsedQuery:
    """Split `text` into its words and its operators. An operator with an empty
    value (`subject:` alone, `to:""`) or an unknown name stays among the words."""
    words: list[str] = []
    operators: list[Operator] = []
    for match in _TOKEN.finditer(text):
        if match["op"]:
            name = canonical_name(match["name"])
            quoted = match["quoted"] is not None
            value = (match["quoted"] if quoted else match["bare"]).strip()
            if name and value:
                operators.append(Operator(name, value, bool(match["neg"]), quoted))
                continue
        words.append(match[0])
    return ParsedQuery(" ".join(words), operators)


# A word that may be part of a person's name: letters, with ' . - inside.
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['.\-][^\W\d_]+)*\.?$")
NAME_WORDS_MAX = 4


def name_words(words: str) -> list[str]:
    """The words of a search that could name a person ("Colin Cleary"), or [] when
    the search is anything else: an exclusion, an `or`, a number, over four words."""
    found = [w.strip('"') for w in words.split()]
    if not 0 < len(found) <= NAME_WORDS_MAX or any(w.lower() == "or" for w in found):
        return []
    return found if all(_NAME_WORD.match(w) for w in found) else []


def split_range(value: str) -> tuple[str, str]:
    """ "2008-06..2008-09" as its two ends; a single date is both ends."""
    start, dots, end = value.partition("..")
    return (start, end) if dots else (value, value)
