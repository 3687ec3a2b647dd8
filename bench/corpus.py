"""A corpus of N cables made from the real pages of the shared Cablegate sample.

Each page of the sample becomes a *template*: the text of its two <pre> blocks (the
raw telegram, routing header and body, as a telegram file holds it) with the places
that make it one particular cable marked:

- the date-time group of the routing header ("R 181035Z JAN 07");
- the DE line's serial ("DE RUEHFR #0186"), the last four digits of the serial;
- the serial after the post on the classification line ("PARIS 000186") and on
  every page header that repeats it ("PARIS 00000186 002 OF 002");
- each REF citation the parser resolves to a cable ID ("A. 06 TBILISI 2601").

A generated cable is a template with those places rewritten: a new date (the
template's own date moved by up to 18 months either way, reflected at the ends of
the release, so the years keep the sample's shape), hence a new year in its ID;
the next serial of its post in that year (serials rise with the date, as they
did); and, with probability REF_HIT, each citation pointing at one of the previous
RECENT cables of the corpus (cables cite recent cables). The other citations stay
as written and point outside the corpus, as most REF lines of the real release do.
The post, the text, the paragraphs, tags, people and the number of REF lines are
the template's, so text size, paragraph lengths, tag and reference density follow
the real sample.

Templates are used in turn (each once per round, in a shuffled order), so N cables
use every template about N / templates times. A template is kept only when the
parser, reading a rewritten copy, gives back the ID, date and citations it was given.

Generation streams: cables are produced in date order and written to .tar archives
of CHUNK cables each (the members of one archive shuffled, so references resolve in
both directions during an ingest); only the dates and template numbers of the N
cables (a few bytes each) and one archive's worth of text are held in memory.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import tarfile
from array import array
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import parsing
from archive.parsing import html_page
from archive.parsing.classification import find_class_line
from archive.parsing.dates import DTG, MONTHS, from_dtg
from archive.parsing.references import _CITATION, REF_LINE
from archive.parsing.routing import header_start

CHUNK = 5000  # cables per .tar archive
REF_HIT = 0.5  # share of resolvable citations pointing at a cable of the corpus
RECENT = 5000  # citations point at one of this many previous cables
JITTER_DAYS = 540
EARLIEST = datetime(1966, 1, 1, tzinfo=UTC)
LATEST = datetime(2010, 2, 28, 23, 59, tzinfo=UTC)  # the last cables of the release

TEMPLATE_FORMAT = 2  # bump when make_template changes: cached templates are remade

_MONTH_NAMES = {number: name for name, number in MONTHS.items()}
_DE_SERIAL = re.compile(r"^[ \t]*DE[ \t]+[A-Z]{4,8}[ \t]+#(?P<serial>\d{1,6})", re.M)


@dataclass
class Template:
    """A real cable's text with the places to rewrite: (start, end, kind) cuts."""

    name: str
    text: str
    post: str  # as IDs spell it: "PARIS"
    date: datetime
    cuts: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def ref_count(self) -> int:
        return sum(1 for cut in self.cuts if cut[2] == "ref")

    def render(self, date: datetime, serial: int, cited: list[str | None]) -> str:
        """The text as cable `serial` of `date`, citing `cited` (None: as written)."""
        parts, position, refs = [], 0, iter(cited)
        for start, end, kind in self.cuts:
            parts.append(self.text[position:start])
            original = self.text[start:end]
            if kind == "dtg":
                month = _MONTH_NAMES[date.month]
                if not re.search(r"[A-Za-z]{3}", original[6:])[0].isupper():
                    month = month.title()  # partial extracts write "011322Z Sep 05"
                parts.append(
                    f"{date.day:02d}{date.hour:02d}{date.minute:02d}Z {month} {date.year % 100:02d}"
                )
            elif kind == "de":
                parts.append(f"{serial % 10000:04d}")
            elif kind == "serial":
                parts.append(f"{serial:0{len(original)}d}")
            else:  # a citation
                target = next(refs, None)
                parts.append(original if target is None else target)
            position = end
        parts.append(self.text[position:])
        return "".join(parts)


# --- templates ---------------------------------------------------------------------------


def iter_pages(corpus: Path) -> Iterator[tuple[str, str]]:
    """(member name, HTML) of each page in the sample, read from the archive as is."""
    with tarfile.open(corpus, mode="r:*") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".html"):
                handle = archive.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read().decode("utf-8", errors="replace")


def make_template(name: str, page: str) -> Template | None:
    """The template of one page, or None when its text cannot be rewritten safely."""
    read = html_page.read_page(page)
    # The parser drops the ¶ anchors and no-break spaces before reading; a telegram
    # file has neither, so the offsets below are those the parser sees.
    text = read.text.replace("¶", "").replace("\xa0", " ")
    start, line = _class_line(text)
    if line is None or line.post is None or not re.fullmatch(r"[A-Z]{2,30}", line.post):
        return None  # no post, or a malformed line ("SECTION01OF03SANJOSE")
    if not any(from_dtg(m) for m in DTG.finditer(text, start, line.start)):
        # Some pages' text has no date-time group (the page's table gave the date):
        # give it the date line that partial extracts print above the classification.
        created = read.table_date("Created")
        if created is None:
            return None
        text = text[: line.start] + created.strftime("%d%H%MZ %b %y") + "\n" + text[line.start :]
        start, line = _class_line(text)
    try:
        parsed = parsing.parse(text, source=name)
    except parsing.ParseError:
        return None
    if parsed.date is None or parsed.id != f"{parsed.date.year % 100:02d}{line.post}{line.serial}":
        return None  # the ID does not come from this header and line alone
    cuts = _header_cuts(text, start, line)
    if cuts is None:
        return None
    cuts += _serial_cuts(text, line)
    refs = [r for r in _ref_cuts(text, line, parsed) if not _overlaps(r, cuts)]
    template = Template(name, text, line.post, parsed.date, sorted(cuts))
    with_refs = Template(name, text, line.post, parsed.date, sorted(cuts + refs))
    for candidate in (with_refs, template):
        if _reads_back(candidate):
            return candidate
    return None


def _class_line(text: str):
    """Where the routing header starts (0 without one) and the classification line."""
    start = header_start(text[:5000])
    if start is not None:
        return start, find_class_line(text, start)
    return 0, find_class_line(text, 0, 40)


def _overlaps(cut: tuple[int, int, str], cuts: list[tuple[int, int, str]]) -> bool:
    return any(cut[0] < end and start < cut[1] for start, end, _ in cuts)


def _header_cuts(text: str, start: int, line) -> list[tuple[int, int, str]] | None:
    header = text[start : line.start]
    dtg = next((m for m in DTG.finditer(header) if from_dtg(m) is not None), None)
    if dtg is None:
        return None
    cuts = [(start + dtg.start("day"), start + dtg.end("year"), "dtg")]
    if de := _DE_SERIAL.search(header):
        cuts.append((start + de.start("serial"), start + de.end("serial"), "de"))
    return cuts


def _serial_cuts(text: str, line) -> list[tuple[int, int, str]]:
    """The serial on the classification line and on the page headers that repeat it."""
    digits = re.search(r"\d+$", text[line.start : line.end])
    own = (line.start + digits.start(), line.end, "serial")
    cuts = [own]
    words = r"\s+".join(re.escape(w) for w in line.post_words.split())
    for match in re.finditer(rf"(?<![A-Z]){words}\s+(0*{line.serial})(?!\d)", text):
        span = (match.start(1), match.end(1), "serial")
        if span[1] <= own[0] or span[0] >= own[1]:
            cuts.append(span)
    return cuts


def _ref_cuts(text: str, line, parsed: parsing.Cable) -> list[tuple[int, int, str]]:
    """Spans of the citations the parser resolved, found in order in the REF block."""
    ref_line = next(
        (m for m in re.finditer(r"^.*$", text[line.end :], re.M) if REF_LINE.match(m.group())),
        None,
    )
    if ref_line is None:
        return []
    position = line.end + ref_line.start()
    cuts = []
    for ref in parsed.references:
        if not ref.id:
            continue
        core = _CITATION.search(ref.text.upper())
        if core is None:
            continue
        words = core.group().split()
        pattern = r"\s+".join(re.escape(w) for w in words)
        found = re.compile(pattern, re.I).search(text, position, position + 4000)
        if found is None:
            continue
        cuts.append((found.start(), found.end(), "ref"))
        position = found.end()
    return cuts


def _reads_back(template: Template) -> bool:
    """The parser reads a rewritten copy back as the cable it was made to be."""
    date = min(template.date + timedelta(days=400, minutes=7), LATEST)
    date = date.replace(second=0, microsecond=0)
    serial = 4321
    cited = [
        f"{(date.year - 1) % 100:02d} {template.post} {9000 + i}" for i in range(template.ref_count)
    ]
    try:
        parsed = parsing.parse(template.render(date, serial, cited), source=template.name)
    except parsing.ParseError:
        return False
    expected_ids = [
        f"{(date.year - 1) % 100:02d}{template.post}{9000 + i}" for i in range(len(cited))
    ]
    resolved = [r.id for r in parsed.references]
    return (
        parsed.id == f"{date.year % 100:02d}{template.post}{serial}"
        and parsed.date == date
        and all(ref_id in resolved for ref_id in expected_ids)
    )


def load_templates(corpus: Path, cache: Path, limit: int | None = None) -> list[Template]:
    """Every usable template of the sample (the first `limit` pages only, if given),
    cached as JSON lines beside the corpus it was read from."""
    key = f"{TEMPLATE_FORMAT}:{corpus.resolve()}:{corpus.stat().st_mtime_ns}:{limit}"
    digest = hashlib.sha256(key.encode())
    path = cache / f"templates-{digest.hexdigest()[:12]}.jsonl"
    if path.exists():
        return [_template_from_json(line) for line in path.read_text().splitlines()]
    templates = []
    for index, (name, page) in enumerate(iter_pages(corpus)):
        if limit is not None and index >= limit:
            break
        template = make_template(name, page)
        if template is not None:
            templates.append(template)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    with partial.open("w") as out:
        for t in templates:
            row = {"name": t.name, "text": t.text, "post": t.post, "date": t.date.isoformat()}
            out.write(json.dumps({**row, "cuts": t.cuts}) + "\n")
    partial.rename(path)
    return templates


def _template_from_json(line: str) -> Template:
    row = json.loads(line)
    cuts = [tuple(cut) for cut in row["cuts"]]
    return Template(
        row["name"], row["text"], row["post"], datetime.fromisoformat(row["date"]), cuts
    )


# --- generation --------------------------------------------------------------------------


@dataclass
class Corpus:
    folder: Path
    cables: int
    templates: int
    citations: int  # REF citations rewritten to point at a cable of the corpus
    bytes: int

    def as_dict(self) -> dict:
        return {
            "folder": str(self.folder),
            "cables": self.cables,
            "templates": self.templates,
            "citations_within_corpus": self.citations,
            "bytes": self.bytes,
        }


def build(
    n: int, *, corpus: Path, work: Path, seed: int = 1, template_limit: int | None = None
) -> Corpus:
    """Write N cables as .tar archives under work/corpus-N-seedS/ (reused when complete)."""
    suffix = "" if template_limit is None else f"-t{template_limit}"
    folder = work / f"corpus-{n}-seed{seed}{suffix}"
    manifest = folder.with_name(folder.name + ".json")  # beside: the folder holds cables only
    if manifest.exists():
        data = json.loads(manifest.read_text())
        counts = data["cables"], data["templates"], data["citations_within_corpus"]
        return Corpus(folder, *counts, data["bytes"])
    templates = load_templates(corpus, work / "templates", template_limit)
    if not templates:
        raise SystemExit(f"{corpus}: no usable cable page to build a corpus from")
    rng = random.Random(seed)
    template_of, stamps = _plan(n, templates, rng)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.tar"):
        old.unlink()
    serials: dict[tuple[str, int], int] = {}
    recent: deque[str] = deque(maxlen=RECENT)
    chunk: list[tuple[str, bytes]] = []
    citations = size = 0
    for count, index in enumerate(sorted(range(n), key=stamps.__getitem__), 1):
        template = templates[template_of[index]]
        date = datetime.fromtimestamp(stamps[index], UTC)
        key = (template.post, date.year)
        serials[key] = serial = serials.get(key, 0) + 1
        cited = [
            _citation(rng.choice(recent)) if recent and rng.random() < REF_HIT else None
            for _ in range(template.ref_count)
        ]
        citations += sum(1 for c in cited if c)
        cable_id = f"{date.year % 100:02d}{template.post}{serial}"
        data = template.render(date, serial, cited).encode("utf-8")
        size += len(data)
        chunk.append((f"{cable_id}.txt", data))
        recent.append(cable_id)
        if len(chunk) == CHUNK or count == n:
            _write_tar(folder / f"part-{(count - 1) // CHUNK:05d}.tar", chunk, rng)
            chunk = []
    result = Corpus(folder, n, len(templates), citations, size)
    manifest.write_text(json.dumps(result.as_dict(), indent=2) + "\n")
    return result


def _plan(n: int, templates: list[Template], rng: random.Random) -> tuple[array, array]:
    """Template number and date (a POSIX timestamp) of each of the N cables."""
    template_of, stamps = array("i"), array("d")
    order = list(range(len(templates)))
    low, high = EARLIEST.timestamp(), LATEST.timestamp()
    for i in range(n):
        if i % len(order) == 0:
            rng.shuffle(order)
        number = order[i % len(order)]
        shift = rng.uniform(-JITTER_DAYS, JITTER_DAYS) * 86400
        stamp = templates[number].date.timestamp() + shift
        # Reflected at the ends of the release, so that no date piles up there.
        stamp = high - (stamp - high) if stamp > high else stamp
        stamp = low + (low - stamp) if stamp < low else stamp
        template_of.append(number)
        stamps.append(stamp // 60 * 60)  # whole minutes, as a date-time group has
    return template_of, stamps


def _citation(cable_id: str) -> str:
    """ "08PARIS1234" as a drafter writes it in a REF line: "08 PARIS 1234"."""
    match = re.fullmatch(r"(\d\d)([A-Z]+)(\d+)", cable_id)
    return f"{match[1]} {match[2]} {match[3]}"


def _write_tar(path: Path, members: list[tuple[str, bytes]], rng: random.Random) -> None:
    rng.shuffle(members)
    partial = path.with_suffix(".partial")
    with tarfile.open(partial, "w") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1291852800  # fixed, so the same seed gives the same bytes
            archive.addfile(info, io.BytesIO(data))
    partial.rename(path)
