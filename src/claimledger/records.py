"""The records that cross stage boundaries.

Every record is a frozen, picklable dataclass with plain-typed fields (str, int, float,
bool, None, tuples of those), so the same objects travel through a process pool, a Dask
worker and the store without any spaCy object attached.

Character offsets (``start``/``end``) always point into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

MEASURES = (
    "killed", "injured", "casualties", "missing", "trapped", "evacuated",
    "displaced", "deported", "detained", "attacked", "destroyed",
)
QUALIFIERS = (
    "exact", "approximately", "estimate", "at_least", "more_than", "at_most",
    "as_many_as", "up_to", "order_of_magnitude", "range",
)
CLAIM_KINDS = ("quantity", "allegation", "denial")
ENTITY_TYPES = ("person", "organisation", "place", "group")
DATE_SOURCES = ("header", "html-meta", "manifest", "jsonl", "warc", "dateline", "inferred", "unknown")


_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for records: the same dicts, lists and tuples, without deep-copying
    each leaf (records hold only strings, numbers and None), several times faster."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        if not is_dataclass(value):
            return value
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    return {n: plain(getattr(value, n)) for n in names}


@dataclass(frozen=True, slots=True)
class Document:
    """One preserved original and the text we read from it."""

    id: str  # first 16 hex digits of sha256: the same bytes are the same document
    sha256: str
    path: str  # the path given to ingest, or the JSONL record's id
    text: str  # normalised main text: every offset points here
    title: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None  # manifest, html-meta, url, dateline, jsonl
    published: str | None = None  # ISO date YYYY-MM-DD
    published_source: str = "unknown"
    url: str | None = None
    language: str = "en"
    source_id: str | None = None  # an id the input gave (JSONL id, WARC record id)
    origin: str | None = None  # where the bytes came from: file path, "file.jsonl:LINE", "file.warc.gz#RECORD"
    media_type: str = "text/plain"
    raw: bytes = field(default=b"", repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """Plain fields without the raw bytes."""
        d = asdict(self)
        d.pop("raw")
        return d


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a named entity in a document."""

    start: int
    end: int
    text: str
    type: str  # person, organisation, place, group
    # For places, when the gazetteer knows them:
    gazetteer_id: str | None = None
    canonical: str | None = None  # the gazetteer's name, or a person's full name found in the document
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """A quote or reported speech, with its speaker as the article names them."""

    id: str
    document: str
    text: str  # the content span
    start: int
    end: int
    direct: bool
    cue: str | None = None
    speaker_text: str | None = None  # best name for the speaker in this document ("Ada Quill")
    speaker_type: str | None = None  # person, organisation, place (a capital speaking for its government), group
    speaker_start: int | None = None  # where the speaker is mentioned (pronoun or name)
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A quantity, allegation or denial asserted in one document."""

    id: str
    document: str
    kind: str  # quantity, allegation, denial
    sentence: str
    text: str  # the claim's own span
    start: int
    end: int
    measure: str | None = None
    group: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    hedged: bool = False
    place_text: str | None = None  # the place as the document names it (canonical gazetteer name when known)
    as_of: str | None = None  # ISO date the figure is given for
    attributed_text: str | None = None  # who asserts it, as the document names them; None = the outlet's own
    attributed_type: str | None = None
    statement: str | None = None  # the Statement id the claim sits in, if any
    version: str = ""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one document."""

    document: str
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    claims: tuple[Claim, ...] = ()
    event_date: str | None = None  # the date the main event happened, when the text tells
    version: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation, place or group across the whole ledger."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    gazetteer_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    """The same claim across documents, with its origins and how many are independent."""

    id: str
    claims: tuple[str, ...]
    documents: tuple[str, ...]
    outlets: tuple[str, ...]
    origins: tuple[str, ...]  # entity ids (or names) of distinct attributed sources
    independent_sources: int
    first_reported: str | None = None
    measure: str | None = None
    group: str | None = None
    place: str | None = None
    low: float | None = None
    high: float | None = None
    chain: tuple[str, ...] = ()  # how each origin reached the outlets: "site, site → agency → source"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two or more claims that cannot all be true (contradiction) or where a later one supersedes (revision)."""

    id: str
    kind: str  # contradiction, revision
    claims: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One figure in a timeline."""

    claim: str
    as_of: str | None
    low: float | None
    high: float | None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """The figures for one measure, group and place, ordered by as-of date."""

    measure: str
    group: str
    place: str | None
    place_name: str | None
    points: tuple[SeriesPoint, ...]
    # the struck target when the series follows one incident's toll ("station"); None for a place's toll
    target: str | None = None
    # what the series counts: "incident" (one strike's toll, revised over days) or "toll" (a place's running total)
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """One event reported by one or more documents, with min/max/best casualty figures."""

    id: str
    type: str
    date: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    killed: int | None
    injured: int | None
    killed_low: int | None
    killed_high: int | None
    injured_low: int | None
    injured_high: int | None
    documents: tuple[str, ...]
    claims: tuple[str, ...]
    date_end: str | None = None
    place: str | None = None
    # a belligerent's claims of the enemy's losses in its reports: shown beside the toll, never in it
    party_claims: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """The cross-document layer, recomputed from the per-document extractions."""

    entities: tuple[Entity, ...] = ()
    # (document id, surface form as written) -> entity id, for claims, statements and mentions
    links: tuple[tuple[str, str, str], ...] = ()
    clusters: tuple[Cluster, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    series: tuple[Series, ...] = ()
    incidents: tuple[Incident, ...] = ()
    claim_cluster: tuple[tuple[str, str], ...] = ()  # (claim id, cluster id)
