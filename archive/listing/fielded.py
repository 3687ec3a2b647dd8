"""The search box's operators (archive.listing.operators) as queryset verbs.

`problems` says, as sentences, which operators cannot be read (a `released:` that
is not a date); `search` narrows the cables by every operator, all of which must
hold, and searches the remaining words.
"""

from __future__ import annotations

from collections.abc import Callable

from archive.listing.operators import Operator, parse, split_range
from archive.parsing.tags import canonical_tag

# The date filters' reader (archive.listing.filters.readable_period), passed in:
# the filters module imports this one.
PeriodReader = Callable[[str], object]

_DATED = ("released", "date")


def _periods(operator: Operator, read_period: PeriodReader):
    start, end = split_range(operator.value)
    return read_period(start), read_period(end)


def problems(text: str, read_period: PeriodReader) -> list[str]:
    sentences = []
    for operator in parse(text).operators:
        if operator.name in _DATED and None in _periods(operator, read_period):
            sentences.append(
                f"“{operator.text[:60]}” is not a date: write a year ({operator.name}:2011), "
                f"a month ({operator.name}:2011-08), a day ({operator.name}:2011-08-30) "
                f"or a range ({operator.name}:2010-11..2011-08)."
            )
    return sentences


def _apply(cables, operator: Operator, read_period: PeriodReader):
    value = operator.value
    match operator.name:
        case "subject":
            return cables.subject_matches(f'"{value}"' if operator.quoted else value)
        case "to":
            return cables.addressed_to([value])
        case "class":
            return cables.classified_as(value)
        case "handling":
            return cables.with_handling([value.upper()])
        case "released" | "date":
            first, last = _periods(operator, read_period)
            verb = cables.released_in if operator.name == "released" else cables.dated
            return verb(first.start, last.end)
        case "origin":
            return cables.from_post(value)
        case "tag":
            return cables.with_tags([canonical_tag(value)])
        case "cites":
            return cables.citing([compact_id(value)])
    raise ValueError(operator.name)  # pragma: no cover - parse knows only these


def compact_id(text: str) -> str:
    """A cable ID as stored: "08 state 85678" is "08STATE85678"."""
    return "".join(text.split()).upper()


def search(cables, text: str, read_period: PeriodReader):
    """`cables` narrowed by the operators in `text` and searched for its words
    (annotated with `rank` when there are words)."""
    parsed = parse(text)
    for operator in parsed.operators:
        if operator.negated:
            matched = _apply(cables.model.objects.all(), operator, read_period)
            cables = cables.exclude(pk__in=matched.values("pk"))
        else:
            cables = _apply(cables, operator, read_period)
    return cables.search(parsed.words) if parsed.words else cables
