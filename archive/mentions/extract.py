"""People named in a cable's text, read by rules: plain text in, mentions out.

No Django here (like archive/parsing). Precision comes first, so a mention is read
only where the text itself says it is a person:

1. **A title before a name**: "FM Lavrov", "President Islam Karimov", "Deputy
   Foreign Minister Grigoriy Karasin", "Mr. Smith", "Secretary of State Rice".
2. **A name before its role** (an apposition, mixed-case text only): "Victor
   Litovkin, Assistant Editor of the online journal …".
3. **A name the cable has already named** that way, written again alone: "Lavrov" or
   "Sergey Lavrov" after "FM Sergey Lavrov" in the same cable. A surname the cable
   gives two different people is not read alone.

All-caps text (older cables) has no capitals to tell a name from a word, so there a
name is read only after a title, and the words after it stop at any common word
("PRESIDENT KARIMOV SAID"). Redactions ("XXXXXXXXXXXX") are never a name. A
capitalised word the same cable also writes in lower case ("Free", "Radio") is a
word, not a name, in an apposition or a repeat.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from archive.mentions.words import (
    CAPS_AFTER_NAME,
    CAPS_WEAK_HEADS,
    COMMON_CAPS,
    DOMAINS,
    HEADS,
    MODIFIERS,
    NOT_NAMES,
    PARTICLES,
    PREFIXES,
    ROLE_WORDS,
    SECOND_HEADS,
)
from archive.parsing.posts import SENDING_POSTS
from archive.places import COUNTRY_OF_POST

TITLED = "title"
APPOSITION = "apposition"
REPEAT = "repeat"

MAX_NAME_WORDS = 5
MAX_ROLE_WORDS = 12
MAX_SENTENCE = 300  # characters of a sentence kept either side of the mention
_WINDOW = 160  # characters read after a title, around a comma or a surname
_BEFORE = 80  # characters read before a title's head, for the words that lead it

_HEADS = frozenset(HEADS)
# "Buenos Aires, Ambassador Martinez …" is a place before a title, not a name.
_PLACES = SENDING_POSTS | {c.upper().replace(" ", "") for c in COUNTRY_OF_POST.values()}
_MODIFIERS = frozenset(MODIFIERS)
_SECOND = frozenset(SECOND_HEADS)
_TITLE_WORDS = _HEADS | _MODIFIERS | _SECOND
_ROLE_WORDS = frozenset(ROLE_WORDS)
_ROLE = _ROLE_WORDS | _HEADS | _MODIFIERS
# After two words or more these say too little: "MS. ARNARDOTTIR HUMILIATED AND …".
_NAME_ENDS = frozenset(",.;)")
_ROLE_ENDS = frozenset(",;:().")
_CLAUSE_WORDS = frozenset(
    "who whom which that said says told tells when while because since and".split()
)
_PREPOSITIONS = frozenset("for on about during to in at with from by".split())
# Abbreviations that are titles only in capitals: "DAS Wycoff", not "Das Neves".
_CAPS_ONLY = frozenset("das dcm fm dfm pm vp mp mk a/s u/s secdef secstate".split())
_LINKS = frozenset("who whose will would was is has had".split())
_DOMAINS = [d.split() for d in sorted(DOMAINS, key=lambda d: -len(d.split()))]
# Heads that are also ordinary words in lower case: read only when capitalised.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt adm cdr sgt brig sen gov amb fm dfm pm vp "
    "st no jr sr u.s".split()
)

# A word (letters, with inner apostrophes, hyphens and a slash: "Ki-moon", "O'Brien",
# "A/S") or one character of anything else.
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’/-]*[^\W\d_])?|\S")
_REDACTED = re.compile(r"X{3,}", re.IGNORECASE)
_MIXED_WORD = re.compile(r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+(?:[A-Z][a-z\u00df-\u00ff]+)?")
_CAPS_WORD = re.compile(r"[A-Z\u00c0-\u00de]{2,}")
_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
_DROP_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")


def _trie(words) -> str:
    """One regex for a set of words that tries each first letter once (Python's
    engine tries every alternative of a plain alternation at every position)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        parts = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if ends else body

    return walk(tree)


def _cased(words) -> set[str]:
    """A title as mixed-case text writes it ("Minister", "A/S") and as all-caps does."""
    return {w[:1].upper() + w[1:] for w in words} | {w.upper() for w in words}


# A head of a title followed by what could be a name: where the title rule looks.
_HEAD_AT = re.compile(
    r"(?<![\w'’/-])(?:" + _trie(_cased(_HEADS | _SECOND)) + r")\.?"
    r"(?:\s+(?:of|OF)\s+(?:(?:the|THE)\s+)?[A-Z][\w]+(?:\s+[A-Z][\w]+)?)?\s+[A-Z]"
)
_ROLE_START = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:"
    + "|".join(re.escape(w) for w in sorted(_ROLE, key=len, reverse=True))
    + r")(?![\w'’/-])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Mention:
    paragraph: int  # index of the paragraph in the list given
    start: int  # the name's span in the paragraph's text
    end: int
    name: str  # as written: "Sergey Lavrov", "KARIMOV"
    title: str  # as written: "FM", "Assistant Editor of the online journal Ezhednevniy"
    sentence: str
    name_at: int  # where the name starts in the sentence
    rule: str  # TITLED, APPOSITION or REPEAT

    @property
    def surname(self) -> str:
        return _surname(self.name)


class _Tok(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The tokens of text[start:end], less a word the window cuts at either end."""
    toks = [_Tok(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    if toks and start > 0 and text[start - 1].isalnum() and toks[0].start == start:
        toks.pop(0)
    if toks and end < len(text) and text[end].isalnum() and toks[-1].end == end:
        toks.pop()
    return toks


class _Cable:
    """One cable's paragraphs, with what the rules ask of the whole cable."""

    def __init__(self, paragraphs: Sequence[str]):
        self.paragraphs = paragraphs
        self.caps = [_is_caps(p) for p in paragraphs]
        self._whole = "\n".join(paragraphs)
        self._lower: dict[str, bool] = {}

    def writes_in_lower_case(self, word: str) -> bool:
        """Whether the cable also writes `word` in lower case: a word, not a name."""
        low = word.lower()
        if low not in self._lower:
            self._lower[low] = _has_word(self._whole, low)
        return self._lower[low]


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands alone in `text` (str.find, not a regex compiled per word)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "-'’") and not (after.isalnum() or after == "-"):
            return True
        at = text.find(word, at + 1)
    return False


def extract(paragraphs: Sequence[str]) -> list[Mention]:
    """The mentions of people in one cable's paragraphs, in text order."""
    cable = _Cable(paragraphs)
    found: list[Mention] = []
    for index, text in enumerate(paragraphs):
        found.extend(_titled(index, text, cable.caps[index], cable))
        if not cable.caps[index]:
            found.extend(_appositions(index, text, cable))
    found = _drop_overlaps(found)
    found.extend(_repeats(cable, found))
    return sorted(_drop_overlaps(found), key=lambda m: (m.paragraph, m.start))


def extract_safely(paragraphs: Sequence[str]) -> list[Mention]:
    """extract(), where a bug in the rules costs one cable's mentions, not an ingest.
    Here, not in the ingest's module: the ingest's worker processes import only this
    one, which knows nothing of Django."""
    try:
        return extract(paragraphs)
    except Exception:  # noqa: BLE001
        return []


def _is_caps(text: str) -> bool:
    lower = len(text) - len(text.translate(_DROP_LOWER))
    upper = len(text) - len(text.translate(_DROP_UPPER))
    return upper > 0 and lower < 0.05 * (lower + upper)


# --- 1. a title before a name ---------------------------------------------------------


def _titled(index: int, text: str, caps: bool, cable: _Cable) -> list[Mention]:
    out = []
    done = 0  # the text up to here is read
    for match in _HEAD_AT.finditer(text):
        if match.start() < done:
            continue
        toks = _tokens(
            text, max(done, match.start() - _BEFORE), min(len(text), match.end() + _WINDOW)
        )
        head = next((i for i, t in enumerate(toks) if t.start == match.start()), None)
        if head is None:
            continue
        first = head
        while first > 0 and _title_word(toks[first - 1], caps):
            first -= 1
        title_end = _title_at(toks, first, caps)
        if title_end is None or title_end <= head:
            continue
        name = _name_at(toks, title_end, caps)
        if name is None or not _titled_name_fits(toks, first, title_end, name, caps, cable):
            done = toks[title_end - 1].end
            continue
        start, last = name
        title = text[toks[first].start : toks[title_end - 1].end]
        out.append(_mention(index, text, toks, start, last, title.strip(" ."), TITLED))
        done = toks[last].end
    return out


def _titled_name_fits(
    toks: list[_Tok], first: int, title_end: int, name: tuple[int, int], caps: bool, cable: _Cable
) -> bool:
    """What rules out a title and the words after it as a titled name."""
    # "Advisor to the President Marco Aurelio Garcia": the title is another's.
    if first >= 2 and toks[first - 1].low == "the" and toks[first - 2].low in {"to", "of", "for"}:
        return False
    if caps:
        return True
    words = [t for t in toks[name[0] : name[1] + 1] if len(t.text) > 1 and t.text[:1].isupper()]
    # "Youth Ambassador Program", "Governor Appointments": words the cable also
    # writes in lower case.
    if any(cable.writes_in_lower_case(_strip_possessive(t.text)) for t in words):
        return False
    # "General Society of Authors": a weak head alone before "of" names a body.
    after = toks[name[1] + 1] if name[1] + 1 < len(toks) else None
    weak = title_end - first == 1 and toks[first].low.rstrip(".") in CAPS_WEAK_HEADS
    return not (weak and after is not None and after.low in {"of", "for"})


def _title_word(tok: _Tok, caps: bool) -> bool:
    return tok.low.rstrip(".") in _TITLE_WORDS and _title_case(tok, caps)


def _title_at(toks: list[_Tok], i: int, caps: bool) -> int | None:
    """The index just past a title starting at toks[i], or None."""
    j, end, words = i, None, 0
    while j < len(toks) and words < 6:
        tok = toks[j]
        low = tok.low.rstrip(".")
        if low not in _TITLE_WORDS or not _title_case(tok, caps):
            break
        # "3 PM Tashkent time", "5 pm": a time, not the Prime Minister.
        if low == "pm" and j > 0 and toks[j - 1].text[:1].isdigit():
            return None
        words += 1
        j += 1
        if j < len(toks) and toks[j].text == "." and toks[j].start == tok.end:
            if low not in _ABBREVIATIONS:
                break  # a title ending its sentence
            j += 1
        weak = caps and low in CAPS_WEAK_HEADS and words == 1
        if (low in _HEADS and not weak) or (low in _SECOND and words > 1):
            end = j
            domain = _domain_at(toks, j, caps)
            if domain is not None:
                end = j = domain
    return end


def _title_case(tok: _Tok, caps: bool) -> bool:
    if caps:
        return tok.text.isupper()
    if tok.low.rstrip(".") in _CAPS_ONLY:
        return tok.text.isupper()
    return tok.text[:1].isupper() and not (tok.text.isupper() and len(tok.text) > 3)


def _domain_at(toks: list[_Tok], j: int, caps: bool) -> int | None:
    """Past "of (the) Foreign Affairs" after a head, or None."""
    if j >= len(toks) or toks[j].low != "of":
        return None
    k = j + 1
    if k < len(toks) and toks[k].low == "the":
        k += 1
    for words in _DOMAINS:
        seen = [t.text for t in toks[k : k + len(words)]]
        if [w.upper() if caps else w for w in words] == seen:
            return k + len(words)
    return None


def _name_at(toks: list[_Tok], j: int, caps: bool) -> tuple[int, int] | None:
    """The first and last token of a name starting at toks[j], or None."""
    picked: list[int] = []
    k = j
    while k < len(toks) and len(picked) < MAX_NAME_WORDS:
        tok = toks[k]
        if _REDACTED.fullmatch(tok.text):
            break
        kind = _name_word(tok, caps, first=not picked)
        if kind is None:
            break
        picked.append(k)
        k += 1
        if kind == "initial":
            if k < len(toks) and toks[k].text == "." and toks[k].start == tok.end:
                k += 1
            else:
                break
        elif _possessive(tok):
            break
    # A name ends on a word, never on an initial or a particle.
    while picked and _name_word(toks[picked[-1]], caps, first=False) != "word":
        picked.pop()
    if caps:
        picked = _caps_name(toks, picked)
    if not picked:
        return None
    return picked[0], picked[-1]


def _caps_name(toks: list[_Tok], picked: list[int]) -> list[int]:
    """In capitals a name is read only where the text shows where it ends: the
    shortest run of words followed by punctuation, a possessive or a verb of saying
    ("PRESIDENT KARIMOV SAID", "FM LAVROV, …"); "PRESIDENT ARIAS SPOKE WITH" gives
    "ARIAS", "THE FOREIGN MINISTER WELCOMED THE …" nothing."""
    for n in range(1, len(picked) + 1):
        last = picked[n - 1]
        if _possessive(toks[last]):
            return picked[:n]
        after = toks[last + 1] if last + 1 < len(toks) else None
        if after is None:
            return picked[:n] if n == 1 else []
        if after.text in _NAME_ENDS:
            return picked[:n]
        if after.low in CAPS_AFTER_NAME and (n == 1 or after.low not in _LINKS):
            return picked[:n]
    return []


def _name_word(tok: _Tok, caps: bool, first: bool) -> str | None:
    text = tok.text
    bare = _strip_possessive(text)
    low = bare.lower()
    if len(bare) == 1 and bare.isupper():
        return "initial"  # a name only with its dot (_name_at): "John A. Smith"
    if low in NOT_NAMES or low.rstrip(".") in _TITLE_WORDS or low in _ROLE_WORDS:
        return None
    if low in PARTICLES:
        return None if first or (caps and not text.isupper()) else "particle"
    if "-" in bare and bare.split("-", 1)[0].lower() in PREFIXES:
        bare = bare.split("-", 1)[1]
    if len(bare) == 1 and bare.isupper():
        return "initial"
    if caps:
        if not _CAPS_WORD.fullmatch(bare.replace("-", "").replace("'", "")):
            return None
        if low in CAPS_AFTER_NAME:
            return None
        if not first and low in COMMON_CAPS:
            return None
        return "word"
    parts = re.split(r"[-'’]", bare)
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0].isupper():
        parts = parts[1:]  # "D'Alema", "O'Brien"
    if not _MIXED_WORD.fullmatch(parts[0]) or any(p and not p.isalpha() for p in parts):
        return None
    return "word"


def _possessive(tok: _Tok) -> bool:
    return tok.text != _strip_possessive(tok.text)


def _strip_possessive(text: str) -> str:
    for ending in ("'s", "’s", "'S", "’S"):
        if text.endswith(ending) and len(text) > 3:
            return text[: -len(ending)]
    return text


# --- 2. a name before its role --------------------------------------------------------


def _appositions(index: int, text: str, cable: _Cable) -> list[Mention]:
    out = []
    for match in _ROLE_START.finditer(text):
        comma = match.start()
        role_toks = _tokens(text, comma + 1, min(len(text), comma + _WINDOW))
        role = _role_after(role_toks, 0)
        if role is None:
            continue
        toks = _tokens(text, max(0, comma - _WINDOW), comma)
        first = len(toks)
        while first > 0 and len(toks) - first < MAX_NAME_WORDS:
            word = toks[first - 1]
            if _name_word(word, False, first=False) is None:
                break
            if word.text.islower() or cable.writes_in_lower_case(word.text):
                break
            first -= 1
        last = len(toks) - 1
        # The run must be the whole capitalised run, two words at least, starting on a word.
        if last - first < 1 or (first > 0 and toks[first - 1].text[:1].isupper()):
            continue
        if _name_word(toks[first], False, first=True) != "word":
            continue
        if _name_word(toks[last], False, first=False) != "word" or _possessive(toks[last]):
            continue
        if "".join(t.text for t in toks[first : last + 1]).upper() in _PLACES:
            continue
        title_end = _title_at(role_toks, role[0], False)
        if title_end is not None and _name_at(role_toks, title_end, False) is not None:
            continue  # a list of people: "…, Colin Roberts, Ambassador Martinez"
        role_text = text[role_toks[role[0]].start : role_toks[role[1]].end]
        out.append(_mention(index, text, toks, first, last, role_text, APPOSITION))
    return out


def _role_after(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """The span of a role phrase ("Assistant Editor of …", "head of …") at toks[j]."""
    if j < len(toks) and toks[j].low in {"the", "a", "an"}:
        j += 1
    # A role word or a title's head, after at most three words that lead it ("the
    # first favela …" is no role; "the Foreign Ministry's chief …" is).
    head = j
    while head < len(toks) and head - j <= 3:
        low = toks[head].low.rstrip(".")
        if low in _ROLE_WORDS or low in _HEADS:
            break
        if not (low in _MODIFIERS or toks[head].text[:1].isupper()):
            return None
        head += 1
    else:
        return None
    k = head
    while k + 1 < len(toks) and k - j < MAX_ROLE_WORDS:
        nxt = toks[k + 1]
        if nxt.text in _ROLE_ENDS or nxt.low in _CLAUSE_WORDS:
            break
        after = toks[k + 2] if k + 2 < len(toks) else None
        if nxt.low in _PREPOSITIONS and (after is None or after.text.islower()):
            break  # "… for his read on …", "… at the request of …"
        k += 1
    return j, k


# --- 3. the same name again -----------------------------------------------------------


def _repeats(cable: _Cable, found: list[Mention]) -> list[Mention]:
    people: dict[str, set[str]] = defaultdict(set)  # surname -> given names written
    for m in found:
        people[m.surname].add(_given(m.name))
    if not people:
        return []
    # Only surnames of people one name fits: not two people of that surname in this cable.
    surnames = {s for s, givens in people.items() if _one_name({g for g in givens if g})}
    taken = {(m.paragraph, m.start + m.name.rfind(m.surname[:1])) for m in found}
    out = []
    for index, text in enumerate(cable.paragraphs):
        caps = cable.caps[index]
        for match in _CAPITALISED.finditer(text):
            surname = _strip_possessive(match[0])
            if surname.upper() not in surnames:
                continue
            if caps != surname.isupper() or (index, match.start()) in taken:
                continue
            if caps and (surname.lower() in COMMON_CAPS or len(surname) < 4):
                continue
            if not caps and (not surname[:1].isupper() or cable.writes_in_lower_case(surname)):
                continue
            toks = _tokens(text, max(0, match.start() - _BEFORE), min(len(text), match.end() + 3))
            at = next((i for i, t in enumerate(toks) if t.start == match.start()), None)
            if at is None:  # inside a longer word ("Lavrov/Rice")
                continue
            named = {g for g in people[surname.upper()] if g}
            first = _given_before(toks, at, caps, named)
            if first is None:
                continue
            out.append(_mention(index, text, toks, first, at, "", REPEAT))
    return out


def _given_before(toks: list[_Tok], i: int, caps: bool, named: set[str]) -> int | None:
    """Where the repeated name starts: at the surname, or at given names before it that
    the cable already wrote; None when other name-like words run into it (another
    person, "Ilham Aliyev" against "Heydar Aliyev", "Lula da Silva" for "Silva")."""
    first = i
    while first > 0 and _name_word(toks[first - 1], caps, first=False) is not None:
        first -= 1
    if first == i:
        return i
    given = " ".join(t.text.upper() for t in toks[first:i] if t.text != ".")
    if any(g == given for g in named):
        return first
    return None


def _one_name(givens: set[str]) -> bool:
    """Whether the given names written ("SERGEY", "SERGEY V") fit one person."""
    ordered = sorted(givens, key=len)
    return all(ordered[-1].startswith(g) for g in ordered)


# --- shared ---------------------------------------------------------------------------


def _mention(
    index: int, text: str, toks: list[_Tok], first: int, last: int, title: str, rule: str
) -> Mention:
    start, end = toks[first].start, toks[last].end
    written = _strip_possessive(text[start:end])
    end = start + len(written)
    low, high = _sentence(text, start, end)
    return Mention(index, start, end, written, title, text[low:high], start - low, rule)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    low = max(0, start - MAX_SENTENCE)
    high = min(len(text), end + MAX_SENTENCE)
    before = [m.end() for m in _SENTENCE_END.finditer(text, low, start) if _ends(text, m)]
    after = [m.start() + 1 for m in _SENTENCE_END.finditer(text, end, high) if _ends(text, m)]
    return (before[-1] if before else low), (after[0] if after else high)


def _ends(text: str, match: re.Match) -> bool:
    """Whether a full stop ends a sentence: not the dot of "Mr." or of an initial."""
    word = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.start())
    if word is None:
        return True
    word_text = word[1].lstrip("(\"'")
    return not (
        (len(word_text) == 1 and word_text.isupper())
        or word_text.lower().replace(".", "") in _ABBREVIATIONS
    )


def _given(name: str) -> str:
    """The given names of a written name, upper case: "Sergey V. Lavrov" -> "SERGEY V"."""
    words = name.replace(".", " ").upper().split()
    return " ".join(words[:-1])


def _surname(name: str) -> str:
    return name.replace(".", " ").upper().split()[-1]


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Where two readings overlap, a title's wins, then an apposition's; between
    equals, the first in the text. Kept spans never overlap, so sorted by start they
    are sorted by end too, and a new span need only be checked against its neighbours
    (bisect: a paragraph of thousands of names stays linear, not quadratic)."""
    order = {TITLED: 0, APPOSITION: 1, REPEAT: 2}
    kept: list[Mention] = []
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (order[m.rule], m.paragraph, m.start)):
        s, e = starts[m.paragraph], ends[m.paragraph]
        at = bisect_left(s, m.start)
        if (at < len(s) and s[at] < m.end) or (at > 0 and e[at - 1] > m.start):
            continue
        s.insert(at, m.start)
        e.insert(at, m.end)
        kept.append(m)
    return kept
