"""The archive's tables: cables and their versions, paragraphs, tags, people,
references between cables.

A Cable row holds the fields of its *current* version (the latest release);
every version's text is kept verbatim in CableVersion.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import NoReverseMatch, reverse
from pgvector.django import HnswIndex, VectorField

from archive.querysets import CableQuerySet, PersonQuerySet

# --- addresses of rows that may not have one ---------------------------------------------
# The ingest stores only IDs, codes and slugs that make addresses, but a row written
# any other way (by hand, or by an older ingest that took a web page's table ID on
# trust) may hold anything, and one such row must not break every page that lists it.
# These give None where no address can reach the row, and the pages show it as plain
# text instead of a link.

# Path segments a browser resolves away, quoted or not (WHATWG URL: "%2e%2e" is "..").
_DOT_SEGMENTS = {".", ".."}


def linkable_id(reference_id: str) -> bool:
    """Whether a cable page's address can carry `reference_id`: `<str:…>` takes one
    non-empty path segment, and a "/" quoted as %2F reaches Django as "/" again."""
    return bool(reference_id) and "/" not in reference_id and reference_id not in _DOT_SEGMENTS


def tag_page_url(code: str) -> str | None:
    """The address of a tag's page: `<path:…>` takes a "/", but not "." or ".." between
    slashes, and nothing at all for an empty code."""
    if not code or _DOT_SEGMENTS.intersection(code.split("/")):
        return None
    return reverse("archive:tag", args=[code])


class CableManager(models.Manager.from_queryset(CableQuerySet)):
    # The search vectors (5 KB and 1 KB a cable) are read only inside PostgreSQL;
    # fetching them would cost every page that shows a cable.
    def get_queryset(self) -> CableQuerySet:
        return super().get_queryset().defer(*UNREAD_FIELDS)


UNREAD_FIELDS = ("search", "search_head")


class Cable(models.Model):
    reference_id = models.CharField(max_length=64, unique=True)  # "07MOSCOW3996"
    date = models.DateTimeField(null=True, blank=True)  # UTC, from the date-time group
    origin = models.TextField(blank=True, default="")
    classification = models.TextField(blank=True, default="")
    handling = ArrayField(models.TextField(), default=list, blank=True)
    precedence = models.TextField(blank=True, default="")
    subject = models.TextField(blank=True, default="")
    # The earlier release the subject was taken from, when the current one has none
    # (ingest/earlier.py); None when the subject is the current text's own. Unindexed:
    # versions are deleted only with their cable. No constraint in the database: its
    # deferred check would hold trigger events on this table, and the bulk load cannot
    # build the table's indexes in a transaction that has them (ingest/indexes.py).
    subject_version = models.ForeignKey(
        "CableVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # The text's first sentence, for the lists to show when no release gives a subject.
    subject_fallback = models.TextField(blank=True, default="")
    to = ArrayField(models.TextField(), default=list, blank=True)
    info = ArrayField(models.TextField(), default=list, blank=True)
    declassify_on = models.DateField(null=True, blank=True)
    section = models.PositiveSmallIntegerField(null=True, blank=True)
    section_count = models.PositiveSmallIntegerField(null=True, blank=True)
    signer = models.TextField(blank=True, default="")  # as signed: "RUSSELL"
    partial = models.BooleanField(default=False)  # published as a partial extract
    # ID, date, classification and origin from the WikiLeaks page's table (no header in the text)
    from_table = models.BooleanField(default=False)
    released = models.DateTimeField(null=True, blank=True)  # release of the current version
    tags = models.ManyToManyField("Tag", through="CableTag", related_name="cables")
    # The canonical codes of the cable's tags (RU stored as RS), each once: the tag
    # filter and facet read this array instead of joining CableTag and Tag, so the
    # planner has array statistics for its estimates and a tag filter is one GIN probe.
    # Written by the ingest with the CableTag rows.
    tag_codes = ArrayField(models.TextField(), default=list, blank=True)
    # Subject (weight A) and paragraphs (weight B), written by the ingest in the same
    # transaction as the paragraphs; a GeneratedField cannot read other tables.
    search = SearchVectorField(null=True, editable=False)
    # The subject (A) and the opening of the body (B, HEAD_CHARS characters: the
    # summary paragraph of most cables), small enough to stay in the row. Relevance
    # ranks on it: a cable whose subject or summary matches comes first, best match
    # first, then the cables that match further down, newest first. Ranking on the
    # whole `search` vector meant decompressing a 5 KB vector per match (600 ms for
    # the 30,000 matches of "election" in 100,000 cables); this costs 27 ms.
    search_head = SearchVectorField(null=True, editable=False)

    objects = CableManager()

    class Meta:
        ordering = ["-date", "reference_id"]
        indexes = [
            # List pages sorted by date, and date-range filters / the date histogram.
            models.Index(fields=["-date", "reference_id"], name="cable_date_idx"),
            # Origin and classification facets and filters.
            models.Index(fields=["origin", "-date"], name="cable_origin_idx"),
            models.Index(fields=["classification", "-date"], name="cable_class_idx"),
            # Handling filter (NOFORN, SIPDIS): array containment.
            GinIndex(fields=["handling"], name="cable_handling_gin"),
            # Tag filter (all of): array containment on canonical codes.
            GinIndex(fields=["tag_codes"], name="cable_tag_codes_gin"),
            # Full-text search.
            GinIndex(fields=["search"], name="cable_search_gin"),
            # The first tier of relevance pages: cables whose subject or summary match.
            GinIndex(fields=["search_head"], name="cable_search_head_gin"),
        ]

    def __str__(self) -> str:
        return self.reference_id

    def get_absolute_url(self) -> str:
        return reverse("archive:cable", args=[self.reference_id])

    @property
    def page_url(self) -> str | None:
        """The cable's page, or None when no address can reach it (`linkable_id`)."""
        return self.get_absolute_url() if linkable_id(self.reference_id) else None


class CableVersion(models.Model):
    """One published text of a cable, verbatim. Releases changed some cables'
    text (redactions lifted or added), so an ID may have several."""

    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="versions", db_index=False
    )  # indexed by version_unique_text
    digest = models.CharField(max_length=64)  # sha256 of text: re-ingesting it is a no-op
    # sha256 of the file's bytes as ingested, so an unchanged file is recognised
    # without parsing it again (empty for versions written before this existed).
    source_digest = models.CharField(max_length=64, blank=True, default="")
    text = models.TextField()
    released = models.DateTimeField(null=True, blank=True)
    source = models.TextField(blank=True, default="")
    ingested_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["released", "ingested_at"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "digest"], name="version_unique_text"),
            # At most one current version per cable.
            models.UniqueConstraint(
                fields=["cable"], condition=models.Q(is_current=True), name="version_one_current"
            ),
        ]
        indexes = [
            # The ingest skips files whose bytes it has already stored.
            models.Index(fields=["source_digest"], name="version_source_digest_idx"),
            # The Atom feeds: current versions, newest ingested first (archive.feeds).
            models.Index(
                models.F("ingested_at").desc(),
                models.F("id").desc(),
                name="version_current_ingested_idx",
                condition=models.Q(is_current=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} {self.digest[:8]}"


class Paragraph(models.Model):
    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="paragraphs", db_index=False
    )  # indexed by paragraph_unique_position
    position = models.PositiveIntegerField()  # order in the cable, from 0
    number = models.PositiveIntegerField(null=True, blank=True)  # the cable's own number
    classification = models.TextField(blank=True, default="")
    heading = models.TextField(blank=True, default="")
    text = models.TextField()

    class Meta:
        ordering = ["cable", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "position"], name="paragraph_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} ¶{self.number or self.position}"


class Tag(models.Model):
    code = models.TextField(unique=True)  # as written: "RU"
    canonical = models.TextField(db_index=True)  # facet code: "RS"

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class CableTag(models.Model):
    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="cable_tags", db_index=False
    )  # indexed by cabletag_unique
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="cable_tags", db_index=False
    )  # indexed by cabletag_tag_idx
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["cable", "position"]
        constraints = [models.UniqueConstraint(fields=["cable", "tag"], name="cabletag_unique")]
        # The tag facet and tag filter go from a tag to its cables.
        indexes = [models.Index(fields=["tag", "cable"], name="cabletag_tag_idx")]

    def __str__(self) -> str:
        return f"{self.cable_id} {self.tag_id}"


class Person(models.Model):
    """A classifying officer or signer. One person, one row, whatever their title
    on a given cable and however their name was written (each Role keeps the form
    written on its cable). A signature that could not be tied to one full name stays
    a surname-only person (is_surname_only)."""

    name = models.TextField()  # "Daniel A. Russell" or "Melville"; the slug is the key
    # The surname's letters in upper case ("RUSSELL", "VANVOORST" for Carol van Voorst):
    # signatures meet the officers and officeholders of their surname on it.
    surname = models.TextField(db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    is_surname_only = models.BooleanField(default=False)
    # The historian's id of the officeholder this person is (Officeholder.person), or "".
    officeholder = models.TextField(blank=True, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:person", args=[self.slug])

    @property
    def page_url(self) -> str | None:
        """The person's page, or None for a slug `<slug:…>` refuses ("", "o'brien"):
        the converter, not a copy of its pattern, decides."""
        try:
            return self.get_absolute_url()
        except NoReverseMatch:
            return None


class Role(models.Model):
    CLASSIFIED_BY = "classified_by"
    SIGNER = "signer"
    KINDS = [(CLASSIFIED_BY, "Classified by"), (SIGNER, "Signed by")]
    # Which rule tied a signature to its person (ingest/people.py), strongest first.
    SAME_CABLE = "same_cable"
    OFFICEHOLDER = "officeholder"
    CLASSIFIER_AT_POST = "classifier_at_post"
    OFFICEHOLDER_NEARBY = "officeholder_nearby"
    SURNAME_ONLY = "surname_only"
    RULES = [
        (SAME_CABLE, "the same cable’s classifying officer"),
        (OFFICEHOLDER, "the officeholder of that surname at the post on the cable’s date"),
        (CLASSIFIER_AT_POST, "the one officer of that surname who classified cables there"),
        (OFFICEHOLDER_NEARBY, "the officeholder of that surname at the post in those years"),
        (SURNAME_ONLY, "no rule: only the surname is known"),
    ]

    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="roles", db_index=False
    )  # indexed by role_one_per_kind
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="roles", db_index=False
    )  # indexed by role_person_idx
    kind = models.CharField(max_length=20, choices=KINDS)
    title = models.TextField(blank=True, default="")  # as on this cable
    reasons = models.TextField(blank=True, default="")
    as_written = models.TextField(blank=True, default="")  # "RUSSELL"
    resolved_by = models.CharField(max_length=20, choices=RULES, blank=True, default="")
    # The earlier release this role was read from, when the current text has no
    # "Classified By" name (ingest/earlier.py); None when read from the current text.
    # Unindexed, as Cable.subject_version.
    version = models.ForeignKey(
        CableVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cable", "kind"], name="role_one_per_kind")]
        # A person's page lists their cables.
        indexes = [models.Index(fields=["person", "cable"], name="role_person_idx")]

    def __str__(self) -> str:
        return f"{self.cable_id} {self.kind} {self.person_id}"


class SignatureToResolve(models.Model):
    """A surname whose signatures are to be tied again (ingest/people.py).

    Written in the same transaction as the cables that touched it and deleted in the
    one that resolves it, so a run stopped in between leaves it for the next run:
    however ingests are interrupted, signatures end as a clean ingest leaves them.
    Duplicates are allowed, so that writers never wait on each other's rows here.
    """

    surname = models.TextField()

    def __str__(self) -> str:
        return self.surname


class Officeholder(models.Model):
    """A term in office from the State Department historian's table of chiefs of
    mission and principal officers (archive/data/officeholders.tsv), loaded by the
    ingest whenever the shipped table differs from the one loaded (ingest/officeholders.py)."""

    person = models.TextField()  # the historian's id: "scobey-margaret"
    name = models.TextField()  # "Margaret Scobey"
    surname = models.TextField()  # upper-case letters, as Person.surname
    office = models.TextField()  # "Ambassador Extraordinary and Plenipotentiary"
    mission = models.TextField(blank=True, default="")  # "Egypt"; "" at the Department
    posts = ArrayField(models.TextField(), default=list, blank=True)  # ["Embassy Cairo"]
    started = models.DateField()  # the first day the source's date may mean
    ended = models.DateField(null=True, blank=True)  # the last; None when not given
    period = models.TextField()  # the dates as the source gives them: "1977-09 to 1979-07"

    class Meta:
        ordering = ["started", "office"]
        # Signatures look up the officeholders of their surname; person pages, a
        # person's terms.
        indexes = [
            models.Index(fields=["surname"], name="officeholder_surname_idx"),
            models.Index(fields=["person"], name="officeholder_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.office} {self.mission} {self.period}"


class LoadedTable(models.Model):
    """Which version (sha256) of a shipped data table the database holds; for the
    search words (SearchWord), up to which cable they were counted."""

    name = models.TextField(unique=True)  # "officeholders"
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.name} {self.digest[:8]}"


class Reference(models.Model):
    """A REF line. `cited_reference_id` is the canonical ID the parser resolved (empty for
    e-mails, telcons and other non-cables); `cited` is filled when that cable is
    in the archive, whichever of the two was ingested first."""

    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="references", db_index=False
    )  # indexed by reference_unique_position
    position = models.PositiveSmallIntegerField()
    label = models.TextField(blank=True, default="")
    text = models.TextField()
    cited_reference_id = models.TextField(blank=True, default="")
    cited = models.ForeignKey(
        Cable, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )
    # The earlier release this REF line was read from, when the current text has no
    # REF block (ingest/earlier.py); None when read from the current text. Unindexed,
    # as Cable.subject_version.
    version = models.ForeignKey(
        CableVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["cable", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "position"], name="reference_unique_position")
        ]
        indexes = [
            # Linking a newly ingested cable to the references that cite it.
            models.Index(fields=["cited_reference_id"], name="reference_cited_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} REF {self.label} {self.text}"


class FacetCount(models.Model):
    """Precomputed list counts (per tag, origin, classification, handling, year,
    month, and the total under facet ""), for the whole archive (scope "") and for
    the lists of one common facet value (scope "tag=PREL", "year=2007"), rewritten
    at the end of each ingest in one transaction (archive.listing.counts.rebuild).
    They are read only while `CountSnapshot.generation` equals the archive's
    generation, so a change made any other way than by an ingest falls back to
    counting live, never to stale counts."""

    scope = models.TextField()
    facet = models.TextField()
    value = models.TextField()
    n = models.PositiveIntegerField()

    class Meta:
        # A list page reads one scope's rows.
        constraints = [
            models.UniqueConstraint(fields=["scope", "facet", "value"], name="facetcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.facet}={self.value}: {self.n}"


class CountSnapshot(models.Model):
    """The archive generation the FacetCount rows were computed at (one row)."""

    generation = models.TextField()
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.generation


# --- related reading: documents that are not cables (archive.reading) ----------------


class ReadingDocument(models.Model):
    """A document that is not a cable (a research paper, a report), added with
    `manage.py add_reading` and linked to the cables it is about."""

    title = models.TextField()
    slug = models.SlugField(max_length=200, unique=True)
    text = models.TextField()
    digest = models.CharField(max_length=64, unique=True)  # sha256 of the text: added once
    source = models.TextField(blank=True, default="")  # the file name it came from
    added_at = models.DateTimeField(auto_now_add=True)
    # Title (A) and text (B); the document has no other table to read, so unlike a
    # cable's vector this one can be generated by PostgreSQL.
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("text", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["title"]
        # The /reading/ search.
        indexes = [GinIndex(fields=["search"], name="reading_search_gin")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:reading", args=[self.slug])


class ReadingLink(models.Model):
    """A cable a reading document is about, and how that was found."""

    CITES = "cites"
    SIMILAR = "similar"
    METHODS = [(CITES, "cites the cable"), (SIMILAR, "similar text")]

    document = models.ForeignKey(ReadingDocument, on_delete=models.CASCADE, related_name="links")
    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="reading_links", db_index=False
    )  # indexed by readinglink_unique
    method = models.CharField(max_length=10, choices=METHODS)
    score = models.FloatField(null=True, blank=True)  # the similarity, for SIMILAR links

    class Meta:
        ordering = ["method", "-score"]
        # A cable page lists its reading (cable first).
        constraints = [
            models.UniqueConstraint(fields=["cable", "document"], name="readinglink_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.cable_id} ({self.method})"


class SearchWord(models.Model):
    """A lexeme of the search vectors and how many cables hold it: the vocabulary
    "Did you mean" picks from (archive.ingest.words keeps it, archive.searchterms
    reads it)."""

    word = models.TextField(primary_key=True)
    cables = models.PositiveIntegerField()

    class Meta:
        # "Did you mean": the words nearest a word no cable holds (pg_trgm's %).
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="searchword_trgm")]

    def __str__(self) -> str:
        return f"{self.word} ({self.cables})"


class NameVariant(models.Model):
    """One spelling of a name that recurs in the cables under several
    transliterations (archive/data/name_variants.txt, loaded by the ingest): a search
    for one spelling of a family searches for all of them."""

    family = models.PositiveIntegerField()  # the line of the file
    spelling = models.TextField()  # "Gaddafi", as shown in the notice
    canonical = models.BooleanField()  # the first spelling of the line
    query = models.TextField()  # its tsquery, as text: "'gaddafi'"

    class Meta:
        ordering = ["family", "id"]

    def __str__(self) -> str:
        return self.spelling


# --- People named in the text (archive/mentions) ---------------------------------------


class MentionedPersonQuerySet(models.QuerySet):
    def with_counts(self) -> MentionedPersonQuerySet:
        """Each mentioned person with how many cables name them."""
        return self.annotate(cable_count=models.Count("mentions__cable", distinct=True))


class MentionedPerson(models.Model):
    """A person the text of cables names ("FM Sergey Lavrov"), one row per human as
    far as the rules can tell (archive/mentions/people.py). A name read only as a
    surname, with no full form to tie it to, is a surname-only person: the mentions
    of "Karimov" that no cable names in full may be of more than one human."""

    name = models.TextField()  # "Sergey Lavrov", or "Karimov" when surname-only
    surname = models.TextField(db_index=True)  # names.surname_key: "LAVROV"
    slug = models.SlugField(max_length=200, unique=True)
    is_surname_only = models.BooleanField(default=False)
    # The slug of the officer (classifier or signer, Person.slug) this is the same
    # human as, or "". A slug, not a foreign key: the officers' resolution deletes the
    # people it no longer needs in SQL, and a link to one must not stop it.
    officer_slug = models.TextField(blank=True, default="", db_index=True)

    objects = MentionedPersonQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:mentioned_person", args=[self.slug])

    @property
    def page_url(self) -> str | None:
        try:
            return self.get_absolute_url()
        except NoReverseMatch:
            return None


class Mention(models.Model):
    """One place a cable's text names a person: the span of the name in a paragraph
    of the current text, the name and title as written, and the sentence."""

    TITLED = "title"
    APPOSITION = "apposition"
    REPEAT = "repeat"
    RULES = [
        (TITLED, "a title before the name"),
        (APPOSITION, "the name before its role"),
        (REPEAT, "a name the cable has named that way"),
    ]

    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )  # indexed by mention_cable_idx
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )  # indexed by mention_unique_span
    start = models.PositiveIntegerField()  # the name's span in the paragraph's text
    end = models.PositiveIntegerField()
    name = models.TextField()  # as written: "Sergey Lavrov", "KARIMOV"
    title = models.TextField(blank=True, default="")  # as written: "FM", "Assistant Editor …"
    sentence = models.TextField()
    name_at = models.PositiveIntegerField()  # where the name starts in the sentence
    rule = models.CharField(max_length=12, choices=RULES)
    surname = models.TextField()  # names.surname_key of the name: people are worked out by it
    person = models.ForeignKey(
        MentionedPerson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
        db_index=False,
    )  # indexed by mention_person_idx

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "start"], name="mention_unique_span")
        ]
        indexes = [
            # The cable page links its mentions.
            models.Index(fields=["cable"], name="mention_cable_idx"),
            # A mentioned person's page lists their cables.
            models.Index(fields=["person", "cable"], name="mention_person_idx"),
            # The people of a surname are worked out again from all its mentions.
            models.Index(fields=["surname"], name="mention_surname_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} {self.name}"

    @property
    def before(self) -> str:
        return self.sentence[: self.name_at]

    @property
    def written(self) -> str:
        return self.sentence[self.name_at : self.name_at + len(self.name)]

    @property
    def after(self) -> str:
        return self.sentence[self.name_at + len(self.name) :]

    @property
    def anchor(self) -> str:
        """The paragraph's anchor on the cable page (cable_page._paragraph_rows)."""
        p = self.paragraph
        return f"p{p.number}" if p.number is not None else f"t{p.position + 1}"


class MentionScan(models.Model):
    """Which text of a cable its mentions were read from: a cable whose current text
    has no scan, or another, is read again by the next ingest (so a run stopped
    before reading them leaves them to the next)."""

    cable = models.OneToOneField(
        Cable, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    digest = models.CharField(max_length=64)  # CableVersion.digest of the text read

    def __str__(self) -> str:
        return f"{self.cable_id} {self.digest[:8]}"


# --- citation threads: cables linked by REF chains (archive.graph.threads) -----------


class CitationThread(models.Model):
    """A connected component of at least three cables linked by REF lines between
    cables of the archive (either way), rewritten at the end of each ingest."""

    # The earliest cable's ID names the thread (its address): stable while no
    # older cable joins it.
    key = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    first_date = models.DateTimeField(null=True, blank=True)
    last_date = models.DateTimeField(null=True, blank=True)
    # The posts its cables came from, most cables first (at most ORIGINS_KEPT).
    origins = ArrayField(models.TextField(), default=list, blank=True)
    origin_count = models.PositiveIntegerField(default=0)
    links = models.PositiveIntegerField(default=0)  # REF lines inside the thread

    class Meta:
        ordering = ["-size", "key"]
        indexes = [
            # The threads page: largest first.
            models.Index(fields=["-size", "key"], name="thread_size_idx"),
        ]

    def __str__(self) -> str:
        return f"thread {self.key} ({self.size} cables)"

    def get_absolute_url(self) -> str:
        return reverse("archive:thread", args=[self.key])

    @property
    def page_url(self) -> str | None:
        return self.get_absolute_url() if linkable_id(self.key) else None


class ThreadCable(models.Model):
    """A cable's thread (a cable is in one thread at most)."""

    cable = models.OneToOneField(
        Cable, on_delete=models.CASCADE, primary_key=True, related_name="thread_link"
    )  # the cable page's "part of thread …": a primary-key lookup
    thread = models.ForeignKey(
        CitationThread, on_delete=models.CASCADE, related_name="members", db_index=False
    )  # indexed by thread_cable_date_idx
    date = models.DateTimeField(null=True, blank=True)  # the cable's, for the order below
    # Cables of the thread it cites or is cited by: the thread's picture draws the
    # best-linked ones.
    degree = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # A thread's page: its cables in date order.
            models.Index(fields=["thread", "date", "cable"], name="thread_cable_date_idx"),
            # The thread's picture: its best-linked cables.
            models.Index(fields=["thread", "-degree"], name="thread_cable_degree_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} in {self.thread_id}"


class CitedCount(models.Model):
    """The most cited cable IDs, held or not, with how many other cables here cite
    each (archive.graph.cited), rewritten at the end of each ingest: an aggregate
    over every REF line, too slow for a request at 250,000 cables."""

    rank = models.PositiveIntegerField(unique=True)  # 1: the most cited; the page's order
    reference_id = models.TextField()
    n = models.PositiveIntegerField()

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.reference_id}: {self.n}"


class CableEmbedding(models.Model):
    """A cable's text embedding, for the related-cables panel (archive/related/).

    The table exists only where the server offers pgvector's `vector` extension:
    migration 0018 (or `manage.py embed`, once the extension is installed) makes it,
    and every query asks `archive.related.storage.available()` first. A model all
    the same, so that Django knows the table (a test database's flush empties it).
    """

    # DO_NOTHING: the table's own foreign key cascades, and where there is no table
    # Django must not look for rows in it when a cable is deleted.
    cable = models.OneToOneField(
        Cable, on_delete=models.DO_NOTHING, primary_key=True, related_name="+"
    )
    version_id = models.BigIntegerField()  # the current version it was made from
    embedding = VectorField(dimensions=384)

    class Meta:
        db_table = "archive_cable_embedding"
        indexes = [
            # Serves the related-cables panel: the nearest cables by cosine distance.
            HnswIndex(
                fields=["embedding"], name="cable_embedding_hnsw", opclasses=["vector_cosine_ops"]
            )
        ]

    def __str__(self) -> str:
        return f"embedding of cable {self.cable_id}"


# --- distinctive words: the related-cables panel's text method (archive.related.terms)


class TermCount(models.Model):
    """A lexeme of the cables' search vectors and how many cables hold it, for the
    lexemes rare enough to say what a cable is about (archive.related.terms): the
    document frequency of the cables' distinctive words, counted again when the
    archive has grown or shrunk by a quarter since (terms.REGROW)."""

    term = models.TextField(primary_key=True)
    cables = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.term} ({self.cables})"


class CableTerm(models.Model):
    """One of a cable's distinctive words and its tf-idf weight: the cable's TERMS
    heaviest lexemes. Two cables that share heavy words are related
    (archive.related.methods.by_terms)."""

    pk = models.CompositePrimaryKey("cable_id", "term")
    # The primary key leads with the cable: no index of its own.
    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="+", db_index=False)
    term = models.TextField()
    weight = models.FloatField()

    class Meta:
        indexes = [
            # The cables a word weighs most in, heaviest first: the panel reads the
            # head of each of the cable's words (methods.PER_TERM rows), index only.
            models.Index(fields=["term", "-weight"], include=["cable"], name="cableterm_heaviest")
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} {self.term} {self.weight:.2f}"


class TermScan(models.Model):
    """Which text of a cable its distinctive words were weighed from (the current
    version's digest), as MentionScan does for mentions: a cable whose current text
    has no scan, or another, is weighed again by the next ingest."""

    cable = models.OneToOneField(
        Cable, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    digest = models.CharField(max_length=64)  # CableVersion.digest of the text weighed
    # Which counting of the words (TermCount) it was weighed against: 1, 2, … as they
    # are made again (terms.COUNTED); a cable weighed against an earlier one is
    # weighed again.
    counting = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.cable_id} {self.digest[:8]} /{self.counting}"
