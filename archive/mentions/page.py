"""What the cable page shows of the people its text names: the links in its
paragraphs and the list beside the text. One query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from archive.models import Cable, Mention, MentionedPerson


@dataclass
class CableMentions:
    # paragraph id -> (start, end, url, name) of each linked name, in text order
    spans: dict[int, list[tuple[int, int, str, str]]] = field(default_factory=dict)
    # each person once, in the order the text first names them, with that title
    people: list[tuple[MentionedPerson, str]] = field(default_factory=list)


def mentions_on_page(cable: Cable) -> CableMentions:
    rows = (
        Mention.objects.filter(cable=cable, person__isnull=False)
        .select_related("person", "paragraph")
        .only(
            "paragraph_id",
            "start",
            "end",
            "title",
            "paragraph__position",
            "person__name",
            "person__slug",
        )
        .order_by("paragraph__position", "start")
    )
    spans: dict[int, list] = defaultdict(list)
    people: dict[int, tuple[MentionedPerson, str]] = {}
    for m in rows:
        url = m.person.page_url
        if url is None:
            continue
        spans[m.paragraph_id].append((m.start, m.end, url, m.person.name))
        if m.person_id not in people or (m.title and not people[m.person_id][1]):
            people[m.person_id] = (people.get(m.person_id, (m.person, ""))[0], m.title)
    return CableMentions(dict(spans), list(people.values()))
