"""Names of people as cables and the historian's tables write them, and when two of
them can be one person.

A name is read as given names, a surname and a suffix: "Carol van Voorst" has the
surname VAN VOORST, "Arthur W. Hummel Jr." the given names ARTHUR, W and the suffix
JR. Surnames are compared by their letters alone (surname_key), so the signature
"VAN VOORST", the officer "Carol van Voorst" and the table's "van Voorst" meet.

Two written forms may be one person when their given names are compatible
(given_names_compatible): an initial stands for any name with that letter, a name
may be missing ("Gene Cretz", "Gene A. Cretz"; "A. Blome", "Donald A. Blome"), and a
full name matches itself, a common short form of it ("Kathy", "Kathleen") or a
one-letter slip ("Donal", "Magaret"). Whether they *are* one person also depends on
where and when they wrote (ingest/people.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.text import slugify

SUFFIXES = {"JR", "SR", "II", "III", "IV"}
# Lower-case words that belong to the surname after them ("van Voorst", "de la Rosa").
PARTICLES = {"VAN", "VON", "DE", "DEL", "DELLA", "DER", "DEN", "DI", "DA", "DU", "LA", "LE"}

# A full name and the short forms that officers sign with. Two different full names
# that share a short form (Kathleen and Katherine) are still different names.
SHORT_FORMS: dict[str, set[str]] = {
    "ALBERT": {"AL", "BERT"},
    "ALEXANDER": {"ALEX", "SANDY"},
    "ALEXANDRA": {"ALEX", "SANDRA", "SANDY"},
    "ANDREW": {"ANDY", "DREW"},
    "ANTHONY": {"TONY"},
    "BARBARA": {"BARB", "BARBIE"},
    "BENJAMIN": {"BEN"},
    "CATHERINE": {"CATHY", "CATE", "KATE"},
    "CHARLES": {"CHUCK", "CHARLIE", "CHAS"},
    "CHRISTINE": {"CHRIS", "TINA"},
    "CHRISTOPHER": {"CHRIS"},
    "CYNTHIA": {"CINDY"},
    "DANIEL": {"DAN", "DANNY"},
    "DAVID": {"DAVE"},
    "DEBORAH": {"DEB", "DEBBIE", "DEBRA"},
    "DONALD": {"DON"},
    "DOUGLAS": {"DOUG"},
    "EDWARD": {"ED", "TED", "NED"},
    "ELIZABETH": {"LIZ", "BETH", "BETSY", "LIZA", "BETTY"},
    "EUGENE": {"GENE"},
    "FRANCIS": {"FRANK"},
    "FREDERICK": {"FRED"},
    "GERALD": {"JERRY"},
    "GREGORY": {"GREG"},
    "HENRY": {"HANK"},
    "JAMES": {"JIM", "JIMMY", "JAMIE"},
    "JEFFREY": {"JEFF"},
    "JENNIFER": {"JEN", "JENNY"},
    "JOHN": {"JACK", "JOHNNY"},
    "JONATHAN": {"JON"},
    "JOSEPH": {"JOE"},
    "KATHERINE": {"KATHY", "KATE", "KATIE", "KAY"},
    "KATHLEEN": {"KATHY", "KATE", "KATIE"},
    "KENNETH": {"KEN"},
    "LAWRENCE": {"LARRY"},
    "MARGARET": {"MAGGIE", "MEG", "PEGGY", "PEG"},
    "MATTHEW": {"MATT"},
    "MICHAEL": {"MIKE"},
    "NICHOLAS": {"NICK"},
    "PATRICIA": {"PAT", "PATTY", "TRISH"},
    "PATRICK": {"PAT"},
    "PETER": {"PETE"},
    "PHILIP": {"PHIL"},
    "PHILLIP": {"PHIL"},
    "RAYMOND": {"RAY"},
    "RICHARD": {"RICK", "DICK", "RICH"},
    "ROBERT": {"BOB", "ROB", "BOBBY", "BERT"},
    "RONALD": {"RON"},
    "SAMUEL": {"SAM"},
    "STEPHEN": {"STEVE"},
    "STEVEN": {"STEVE"},
    "SUSAN": {"SUE", "SUSIE"},
    "THOMAS": {"TOM", "TOMMY"},
    "TIMOTHY": {"TIM"},
    "VICTORIA": {"VICKI", "VICKY", "TORI"},
    "WILLIAM": {"BILL", "WILL", "BILLY"},
}

_INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")  # "J.R."


@dataclass(frozen=True)
class Name:
    given: tuple[str, ...]  # upper case, initials without their dot: ("DONALD", "A")
    surname: str  # upper case, as written: "VAN VOORST"
    suffix: str = ""  # "JR"

    @property
    def key(self) -> str:
        return surname_key(self.surname)

    @property
    def full_given(self) -> int:
        """How many given names are written out, not initials."""
        return sum(len(g) > 1 for g in self.given)


def person_slug(name: str) -> str:
    """The slug of a full-name person: the key of one written form of a name."""
    return slugify(name)[:200] or "unknown"


def signature_key(surname: str) -> str:
    """The slug of the surname-only person a signature falls back on."""
    return f"{slugify(surname)[:180]}-signature"


def surname_key(surname: str) -> str:
    """A surname's letters in upper case, accents dropped as slugs drop them: what two
    spellings of it ("O'Grady", "OGRADY"; "Müller", "MULLER") have in common."""
    folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
    letters = "".join(ch for ch in folded.upper() if ch.isalpha())
    return letters or "".join(ch for ch in surname.upper() if ch.isalpha())


def parse_name(text: str) -> Name:
    """Read "Daniel A. Russell", "ARTHUR W. HUMMEL, JR." or "Carol van Voorst"."""
    # "William Blaine (Bill)": a nickname in brackets is not one of the names.
    text = re.sub(r"\([^)]*\)", " ", text)
    words = []
    for word in text.replace(",", " ").split():
        if _INITIALS.match(word.upper()):
            words.extend(word.upper().replace(".", " ").split())
        else:
            words.append(word)
    suffix = ""
    while words and words[-1].upper().strip(".") in SUFFIXES:
        suffix = words.pop().upper().strip(".")
    if not words:
        return Name((), "", suffix)
    start = len(words) - 1
    # "Carol van Voorst", and "Van Voorst" alone: the particles belong to the surname.
    while start > 0 and words[start - 1].upper() in PARTICLES:
        start -= 1
    surname = " ".join(words[start:]).strip(".").upper()
    given = tuple(w.upper().strip(".") for w in words[:start] if w.strip("."))
    return Name(given, surname, suffix)


def surname_of(text: str) -> str:
    """The surname of a full name, upper case: "Carol van Voorst" -> "VAN VOORST"."""
    return parse_name(text).surname or text.strip().upper()


def signed_surname(signature: str) -> str:
    """The surname a signature gives, upper case: all of it but a suffix ("TIMKEN JR",
    "VAN VOORST")."""
    words = signature.upper().replace(",", " ").split()
    while len(words) > 1 and words[-1].strip(".") in SUFFIXES:
        words.pop()
    return " ".join(words)


def _one_slip(a: str, b: str) -> bool:
    """Whether two different full names differ by one slip of the typist: a letter left
    out or added (Donal, Magaret), two swapped (Micheal), or one changed after the
    first (Kristen, Kristin). Short names are left alone (Dan and Dana, Mark and Mary
    are different people), and so is a final A or E (Louis and Louise, Paul and Paula)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) == 1:
        if len(b) < 5 or (b[:-1] == a and b[-1] in "AE"):
            return False
        return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
    if len(a) != len(b) or len(a) < 5:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        return a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    return len(diffs) == 1 and diffs[0] > 0 and len(a) >= 6


def _short_form(a: str, b: str) -> bool:
    if b in SHORT_FORMS.get(a, ()) or a in SHORT_FORMS.get(b, ()):
        return True
    return any(a in short and b in short for short in SHORT_FORMS.values())


def names_match(a: str, b: str) -> bool:
    """Whether two given names (upper case) can be the same person's."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b or _short_form(a, b) or _one_slip(a, b)


def given_names_compatible(a: Name, b: Name, by_middle_name: bool = False) -> bool:
    """Whether two written names can be one person's (their surnames aside).

    The names of the shorter list must be found, in order, among the longer's; when
    both write their first name out, those two must match each other (Mark Russell is
    not Daniel Mark Russell), unless `by_middle_name`: an officer who goes by a middle
    name ("Adam Ereli" for the table's Joseph Adam Ereli), for matching a name against
    a full official one."""
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return False
    short, long = (a.given, b.given) if len(a.given) <= len(b.given) else (b.given, a.given)
    if not short:
        return True
    if (
        not by_middle_name
        and len(short[0]) > 1
        and len(long[0]) > 1
        and not names_match(short[0], long[0])
    ):
        return False
    position = 0
    for name in short:
        while position < len(long) and not names_match(name, long[position]):
            position += 1
        if position == len(long):
            return False
        position += 1
    return True
