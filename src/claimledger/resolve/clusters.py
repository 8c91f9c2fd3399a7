"""The same claim across outlets: clusters, their origins and how many sources are independent.

Decisions (documented here because the views depend on them):

- Every quantity claim with a measure and a figure gets exactly one cluster; a claim
  reported once forms a single-claim cluster. Allegations and denials get none.
- Claims are compared only inside a block of the same measure and the same place entity
  (never all pairs over the ledger); a claim without a place stays on its own.
- A count bound to one incident (``ClaimInfo.incident_bound``) only joins counts of an
  incident whose struck targets do not differ, reported within ``INCIDENT_WINDOW_DAYS``
  (small counts) or ``WINDOW_DAYS`` (from ``LARGE_COUNT`` up).
- Inside a block, claims are taken in a content-derived order (date, document id,
  offset) and each joins the first cluster whose every member states the same figure
  (``figures.same_figure``), about a compatible group (civilians within people...), no
  more than ``WINDOW_DAYS`` apart when both dates are known. That is complete-link
  grouping: no chain of near-misses glues 1,200 to 5,000.
- Cluster ids hash the member claim ids, so the same ledger ingested in any order or in
  several runs yields the same clusters.
- A near-duplicate document (a wire copy) is the same report as the document it copies:
  it adds documents but neither an outlet nor, unattributed, a new origin.
- Origins are the distinct origin keys (``origins.py``) of the attributed members; a
  member without attribution repeats what the cluster attributes elsewhere and inherits
  it. A vague "officials said" takes the official the document names next to it
  (``OriginKeys.nearby_source``). Only when nobody in the cluster is attributed does each
  story count as an origin: the wire agency a copy credits (``wire_agency``: its own text or
  the copies it is linked with), else the outlet; never two republishing sites of one story.
- ``chain`` tells how each origin reached the outlets: "site, site → agency → source".
- Scope: a count the text marks as part of a larger one ("twelve of them died in hospital")
  is not the same claim as a total of that number; and a count about one incident whose
  sentence names no target takes the targets of its document's lead (headline and first
  lines), so one strike's count does not join another strike's.
"""

from __future__ import annotations

import hashlib
import logging
import re
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from claimledger.ingest.credits import agency as credited_agency
from claimledger.records import Claim, Cluster, Document, Extraction
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.figures import (
    EventCues,
    anchor,
    event_cues,
    group_line,
    groups_compatible,
    has_figure,
    norm_group,
    parse_date,
    partial_count,
    same_figure,
)
from claimledger.resolve.origins import OriginKeys, norm_text

log = logging.getLogger(__name__)

HARM_MEASURES = frozenset({"killed", "injured", "casualties", "missing"})
INCIDENT_WINDOW_DAYS = 3
LARGE_COUNT = 10  # from here on, one incident's count repeated within WINDOW_DAYS is the same count
WINDOW_DAYS = 14  # the same figure repeated within two weeks is the same claim; later, a re-statement
LEAD_CHARS = 400  # a document's lead (headline and first lines): what its incident counts are about
CHAIN_ARROW = " → "


def stable_id(prefix: str, parts: list[str]) -> str:
    """A short id that depends only on the given parts (sorted), never on input order."""
    h = hashlib.sha1("\x1f".join(sorted(parts)).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{h}"


@dataclass
class ClaimInfo:
    """One quantity claim with everything the cross-document steps ask about it."""

    claim: Claim
    canon_doc: str  # the document it copies, for a near duplicate; else its own
    outlet: str
    date: date | None  # as-of, else the document's published date, else its event date
    place_key: str | None  # entity id of the place (or its normalised text)
    place_name: str | None
    place_entity: str | None
    origin: str | None  # origin key of the attributed source; None = unattributed / vague
    source_entity: str | None
    order: int = 0
    _cues: EventCues | None = field(default=None, repr=False)
    site: str = ""  # the outlet of the claim's own document (``outlet`` is its original's, for a copy)
    agency: str | None = None  # the wire agency the story credits (``wire_agency``)
    source_name: str | None = None  # the source as named ("Jo Roe" for "officials said" next to her)
    lead_targets: frozenset[str] = frozenset()  # what the document's lead says was struck

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def cues(self) -> EventCues:
        if self._cues is None:
            self._cues = event_cues(self.claim.sentence)
        return self._cues

    @cached_property
    def incident_bound(self) -> bool:
        """A count of people harmed in a sentence about one incident (a struck target, "the attack").

        Only harm measures: "200,000 trapped" next to a strike is still the city's figure, and
        for "hospitals attacked" the target words are the group itself.
        """
        return self.claim.measure in HARM_MEASURES and self.cues.bound

    @cached_property
    def partial(self) -> bool:
        """A count marked as part of a larger one ("twelve of them", "three others")."""
        return partial_count(self.claim)

    @property
    def targets(self) -> frozenset[str]:
        """What the count is about: its sentence's targets, else (a count of one incident or a part of
        one) its document lead's."""
        if self.cues.targets or not (self.incident_bound or self.partial):
            return self.cues.targets
        return self.lead_targets

    def sort_key(self) -> tuple:
        return (self.date or date.max, self.claim.document, self.claim.start, self.claim.id)


def canonical_document(corpus: Corpus, doc_id: str) -> str:
    """Follow near-duplicate links to the first copy (guarding against cycles)."""
    seen = {doc_id}
    while doc_id in corpus.near_duplicate_of:
        nxt = corpus.near_duplicate_of[doc_id]
        if nxt in seen or nxt not in corpus.documents:
            break
        seen.add(nxt)
        doc_id = nxt
    return doc_id


def outlet_label(doc: Document | None, doc_id: str) -> str:
    """The outlet, or when it is unknown the path (one unknown outlet per file)."""
    if doc is None:
        return doc_id
    if doc.outlet:
        # "www.example.com:80" and "example.com" are one outlet
        return re.sub(r"^www\.|:\d+$", "", doc.outlet.strip())
    return doc.path or doc.id


class ClaimTable:
    """Quantity claims of a corpus, their clusters, and a best date for every document.

    Built once per resolution step; clusters, conflicts and series all read it.
    """

    def __init__(self, corpus: Corpus, index: EntityIndex) -> None:
        self.corpus = corpus
        self.index = index
        self.origins = OriginKeys(corpus, index)
        self.infos: list[ClaimInfo] = []
        for doc_id in sorted(corpus.extractions):
            ex = corpus.extractions[doc_id]
            for c in sorted(ex.claims, key=lambda c: (c.start, c.end, c.id)):
                if has_figure(c):
                    self.infos.append(self._info(c))
        for i, info in enumerate(sorted(self.infos, key=ClaimInfo.sort_key)):
            info.order = i
        self.by_id = {i.id: i for i in self.infos}
        self.clusters, self.claim_cluster = self._cluster()
        self.doc_dates = self._estimate_document_dates()

    # ------------------------------------------------------------ per claim

    @classmethod
    def of(cls, corpus: Corpus, index: EntityIndex, infos: list[ClaimInfo],
           doc_dates: dict[str, date]) -> ClaimTable:
        """A table of some claims whose infos, clusters and document dates are known (one block of a
        stored ledger): what conflicts and series read."""
        table = cls.__new__(cls)
        table.corpus, table.index, table.infos, table.doc_dates = corpus, index, infos, doc_dates
        table.by_id = {i.id: i for i in infos}
        return table

    def _info(self, c: Claim) -> ClaimInfo:
        return claim_info(c, self.corpus, self.origins)

    def date_of(self, info: ClaimInfo) -> tuple[date | None, bool]:
        """(date, estimated): the claim's own date, else its document's estimated date."""
        if info.date is not None:
            return info.date, False
        return self.doc_dates.get(info.canon_doc) or self.doc_dates.get(info.claim.document), True

    # ------------------------------------------------------------ clusters

    @staticmethod
    def _fits(a: ClaimInfo, b: ClaimInfo) -> bool:
        if not groups_compatible(a.claim.group, b.claim.group):
            return False
        if a.date is not None and b.date is not None:
            # a toll is repeated for weeks; one incident's count is news for a few days, and two
            # incidents with the same count in one city are common (a shooting with 1 dead)
            # (a large count repeated days later is the same incident's: chance rarely repeats it)
            small = min(anchor(a.claim) or 0, anchor(b.claim) or 0) < LARGE_COUNT
            window = INCIDENT_WINDOW_DAYS if (a.incident_bound and b.incident_bound and small) else WINDOW_DAYS
            if abs((a.date - b.date).days) > window:
                return False
        if a.partial != b.partial and a.claim.measure in HARM_MEASURES:
            return False  # "twelve of them died in hospital" is not a toll of twelve
        if (a.incident_bound or a.partial) and (b.incident_bound or b.partial):
            ta, tb = a.targets, b.targets
            if ta and tb and not ta & tb:
                return False
        return same_figure(a.claim, b.claim)

    def _cluster(self) -> tuple[list[Cluster], list[tuple[str, str]]]:
        blocks: dict[str, list[ClaimInfo]] = defaultdict(list)
        for info in self.infos:
            blocks[block_key(info)].append(info)
        groups = [g for key in sorted(blocks) for g in cluster_block(blocks[key])]
        clusters = [make_cluster(g) for g in groups]
        clusters.sort(key=lambda k: k.id)
        pairs = sorted((cid, k.id) for k in clusters for cid in k.claims)
        pairs = sorted(pairs + self._carriers(dict(pairs)))
        log.debug("%d quantity claims in %d clusters", len(self.infos), len(clusters))
        return clusters, pairs

    def _carriers(self, cluster_of: dict[str, str]) -> list[tuple[str, str]]:
        """(allegation id, cluster id) for an allegation or denial whose span holds a quantity claim.

        "Tens of thousands could have fallen victim to the occupiers" asserts the figure as
        well as the blame: it points at the figure's cluster (the cluster's ``claims`` stay
        quantity claims, so counts and independence are unchanged).
        """
        out = []
        by_doc: dict[str, list[ClaimInfo]] = defaultdict(list)
        for info in self.infos:
            by_doc[info.claim.document].append(info)
        for doc_id in sorted(by_doc):
            ex = self.corpus.extractions.get(doc_id)
            for c in (ex.claims if ex else ()):
                if c.kind == "quantity":
                    continue
                inside = [i for i in by_doc[doc_id] if c.start <= i.claim.start and i.claim.end <= c.end]
                if inside:
                    out.append((c.id, cluster_of[min(inside, key=lambda i: (i.claim.start, i.id)).id]))
        return out

    # ------------------------------------------------------------ dates

    def _estimate_document_dates(self) -> dict[str, date]:
        """A date for every document: published, else its claims' dates, else its cluster-mates'.

        A document without a date that repeats a figure a dated document reports was written
        while that figure was current; the earliest such date is our best guess for it.
        """
        out: dict[str, date] = {}
        for doc_id, doc in self.corpus.documents.items():
            d = own_date(doc, self.corpus.extractions.get(doc_id))
            if d is not None:
                out[doc_id] = d
        cluster_of = dict(self.claim_cluster)
        members: dict[str, list[ClaimInfo]] = defaultdict(list)
        for info in self.infos:
            members[cluster_of[info.id]].append(info)
        guesses: dict[str, list[date]] = defaultdict(list)
        for group in members.values():
            for info in group:
                doc_id = info.claim.document
                if doc_id in out:
                    continue
                guesses[doc_id] += [out[m.claim.document] for m in group
                                    if m.claim.document != doc_id and m.claim.document in out]
        for doc_id, ds in guesses.items():
            if ds:
                out[doc_id] = min(ds)
        for doc_id in self.corpus.documents:  # a wire copy shares its original's date
            canon = canonical_document(self.corpus, doc_id)
            if doc_id not in out and canon in out:
                out[doc_id] = out[canon]
        return out


def own_date(doc: Document | None, ex: Extraction | None) -> date | None:
    """A document's own date: published, else the middle of its claims' as-of dates, else its event's."""
    d = parse_date(doc.published) if doc is not None else None
    if d is None:
        own = sorted(parse_date(c.as_of) for c in (ex.claims if ex else ()) if parse_date(c.as_of))
        d = own[len(own) // 2] if own else parse_date(ex.event_date if ex else None)
    return d


def wire_agency(corpus: Corpus, doc_id: str) -> str | None:
    """The wire agency a document's story credits: in its own text, else in the documents it copies."""
    seen = {doc_id}
    while True:
        if found := credited_agency(corpus.text(doc_id)):
            return found
        nxt = corpus.near_duplicate_of.get(doc_id)
        if nxt is None or nxt in seen:
            return None
        seen.add(nxt)
        doc_id = nxt


def lead_targets(corpus: Corpus, doc_id: str) -> frozenset[str]:
    """What a document's headline and first lines say was struck."""
    doc = corpus.documents.get(doc_id)
    title = (doc.title or "") if doc is not None else ""
    return event_cues(f"{title}\n{corpus.text(doc_id)[:LEAD_CHARS]}").targets


def claim_info(c: Claim, corpus: Corpus, origins: OriginKeys) -> ClaimInfo:
    """Everything the cross-document steps ask about one quantity claim."""
    doc = corpus.documents.get(c.document)
    ex = corpus.extractions.get(c.document)
    canon = canonical_document(corpus, c.document)
    when = parse_date(c.as_of) or parse_date(doc.published if doc else None) or parse_date(
        ex.event_date if ex else None)
    place_entity, place_name = origins.place_entity(c.document, c.place_text)
    ent = origins._get(place_entity)
    origin, source_entity, source_name = origins.key(c), origins._link(c.document, c.attributed_text), None
    if origin is None and (near := origins.nearby_source(c)):
        origin, source_name = near
        source_entity = origins._link(c.document, source_name)
    return ClaimInfo(
        claim=c,
        canon_doc=canon,
        outlet=outlet_label(corpus.documents.get(canon), canon),
        date=when,
        place_key=place_entity or (f"text:{place_name}" if place_name else None),
        place_name=ent.name if ent else c.place_text,
        place_entity=place_entity,
        origin=origin,
        source_entity=source_entity,
        site=outlet_label(doc, c.document),
        agency=wire_agency(corpus, c.document),
        source_name=source_name or (c.attributed_text if origin else None),
        lead_targets=lead_targets(corpus, c.document) if c.measure in HARM_MEASURES else frozenset(),
    )


def block_key(info: ClaimInfo) -> str:
    """The block a claim is clustered in: its measure and place (a claim without a place: its own)."""
    if info.place_key is None:
        return f"\x1e{info.id}"
    return f"{info.claim.measure or ''}\x1f{info.place_key}"


def block_place(block: str) -> tuple[str, str] | None:
    """(measure, place key) of a block, None for a claim's own block (it has no place)."""
    if block.startswith("\x1e"):
        return None
    measure, _, place = block.partition("\x1f")
    return measure, place


def cluster_block(infos: list[ClaimInfo]) -> list[list[ClaimInfo]]:
    """The clusters of one block, each a list of claims (see the module docstring)."""
    members = sorted(infos, key=ClaimInfo.sort_key)
    found: list[list[ClaimInfo]] = []
    # groups a dated claim can still join: members come in date order, so a group whose
    # first member is more than WINDOW_DAYS older never fits again (same result, no
    # scan over the whole history of a busy place)
    open_: list[list[ClaimInfo]] = []
    for info in members:
        if info.date is not None:
            open_ = [g for g in open_ if g[0].date is None or (info.date - g[0].date).days <= WINDOW_DAYS]
        pool = open_ if info.date is not None else found
        home = next((g for g in pool if all(ClaimTable._fits(info, m) for m in g)), None)
        if home is None:
            found.append([info])
            open_.append(found[-1])
        else:
            home.append(info)
    return found


MAX_DAY = date.max.isoformat()


def order_key(info: ClaimInfo) -> list[str | int]:
    """``ClaimInfo.sort_key`` as a block stores it between updates: [date, document, start, id]."""
    return [info.date.isoformat() if info.date else MAX_DAY, info.claim.document, info.claim.start, info.id]


def recluster(old: list[list], groups: list[list[str]], new: list[list], changed: set[str],
              infos: Callable[[Iterable[str]], dict[str, ClaimInfo]]) -> list[list[str]]:
    """``cluster_block`` of a block after some claims came, went or changed, from its clusters before.

    ``old``/``new``: the block's claims in order (``order_key``) before and after; ``groups``:
    the clusters before (claim ids, in order of creation); ``changed``: the claims that came,
    went or changed; ``infos``: the infos of some claims of ``new``.

    The pass over dated claims looks back ``WINDOW_DAYS`` only, so its state where the first
    changed claim comes is the old clusters cut there. It runs from there, and stops once
    past the last changed claim its open groups are the old run's again: the rest is the
    old run's. Changes far apart in time are made one stretch after the other, so that the
    claims between them are not read. An undated claim may join any cluster: a block with
    one is clustered whole.
    """
    if not new:
        return []
    if not groups or new[-1][0] == MAX_DAY:
        return [[i.id for i in g] for g in cluster_block(list(infos(e[3] for e in new).values()))]
    # claims that went or changed leave the old run at their old keys, then come at their new
    # keys; each in stretches of time, the one clustered again after the other
    order = old
    for came in (False, True):
        key_of = {e[3]: e for e in (new if came else old)}  # (a claim still in the run has its key of this pass)
        events = sorted(e for e in (new if came else old) if e[3] in changed)
        stretches: list[list[list]] = []
        for e in events:
            if stretches and _days_apart(stretches[-1][-1][0], e[0]) <= 2 * WINDOW_DAYS:
                stretches[-1].append(e)
            else:
                stretches.append([e])
        while stretches:
            stretch = stretches.pop(0)
            ids = {e[3] for e in stretch}
            if came:
                now = list(order)
                for e in stretch:
                    insort(now, e)
            else:
                now = [e for e in order if e[3] not in ids]
            # a claim still to leave has no info as it was: a run that reaches it takes its stretch too
            done = _recluster(order, groups, now, ids, infos, None if came or not stretches else stretches[0][0],
                              key_of)
            if done is None:
                stretches[0] = stretch + stretches[0]
                continue
            order, groups = now, done
    return groups


def _days_apart(a: str, b: str) -> int:
    """Days between two order-key dates (with one undated: far)."""
    if MAX_DAY in (a, b):
        return 0 if a == b else 10 ** 6
    return abs((date.fromisoformat(b) - date.fromisoformat(a)).days)


def _recluster(old: list[list], groups: list[list[str]], new: list[list], changed: set[str],
               infos: Callable[[Iterable[str]], dict[str, ClaimInfo]], limit: list | None,
               key_of: dict[str, list]) -> list[list[str]] | None:
    """``recluster`` for changes in one stretch of time; None if the run would read ``limit`` or past it.
    ``key_of``: the order key of every claim of ``old`` and ``new`` (one key each)."""
    moved = [e for e in old if e[3] in changed] + [e for e in new if e[3] in changed]
    if not moved:
        return groups
    if not new:
        return []
    k0 = min(moved)  # the old run up to here is the new run's
    start, stop = bisect_left(new, k0), bisect_right(new, max(moved))
    if start == len(new):  # only the last claims went
        return [kept for g in groups if (kept := [m for m in g if m not in changed])]
    group_of = {m: n for n, g in enumerate(groups) for m in g}
    days: dict[str, date] = {}

    def day(e: list) -> date:
        if e[0] not in days:
            days[e[0]] = date.fromisoformat(e[0])
        return days[e[0]]

    def floor(e: list) -> list:  # the first order key a group open at e may start with
        d = day(e)
        return [(d - timedelta(days=WINDOW_DAYS)).isoformat() if d > date.min + timedelta(days=WINDOW_DAYS) else ""]

    def open_before(e: list) -> list[int]:  # the old groups open at e, in order of creation
        return [group_of[x[3]] for x in old[bisect_left(old, floor(e)):bisect_left(old, e)]
                if groups[group_of[x[3]]][0] == x[3]]

    def cut(n: int, e: list) -> list[str]:
        return [m for m in groups[n] if key_of[m] < e]

    cur = [cut(n, k0) for n in open_before(k0)]
    made = list(cur)  # the groups of this run, in order of creation
    known = infos({m for g in cur for m in g} | {e[3] for e in new[start:stop]})
    end, ahead = len(new), 4
    for at in range(start, len(new)):
        e = new[at]
        if at >= stop:
            low = floor(e)
            ours = [g for g in cur if key_of[g[0]] >= low]
            if ours == [cut(n, e) for n in open_before(e)]:  # the old run's state again
                end = at
                for g in ours:
                    g += [m for m in groups[group_of[g[0]]] if key_of[m] >= e]
                break
        if limit is not None and e >= limit:
            return None
        if e[3] not in known:
            ahead = min(2 * ahead, 256)  # read ahead, more the longer the run
            known.update(infos(x[3] for x in new[at:at + ahead] if x[3] not in known))
        info = known[e[3]]
        low = floor(e)
        cur = [g for g in cur if key_of[g[0]] >= low]
        home = next((g for g in cur if all(ClaimTable._fits(info, known[m]) for m in g)), None)
        if home is None:
            cur.append([e[3]])
            made.append(cur[-1])
        else:
            home.append(e[3])
    lead = floor(k0)
    kept = [g for g in groups if key_of[g[0]] < lead or (end < len(new) and key_of[g[0]] >= new[end])]
    return sorted(kept + made, key=lambda g: key_of[g[0]])


def make_cluster(members: list[ClaimInfo]) -> Cluster:
    members = sorted(members, key=ClaimInfo.sort_key)
    documents = list(dict.fromkeys(m.claim.document for m in members))
    outlets = list(dict.fromkeys(m.outlet for m in members))
    origins, labels = cluster_origins(members)
    dated = [m.date for m in members if m.date is not None]
    lows = [m.claim.low for m in members]
    highs = [m.claim.high for m in members]
    # the most general group named: "people" when civilians and people both appear
    names = [norm_group(m.claim.group) for m in members]
    group = min(names, key=lambda g: (len(group_line(g)), g))
    return Cluster(
        id=stable_id("k", [m.id for m in members]),
        claims=tuple(m.id for m in members),
        documents=tuple(documents),
        outlets=tuple(outlets),
        origins=tuple(labels[o] for o in origins),
        independent_sources=len(origins),
        chain=cluster_chain(members),
        first_reported=min(dated).isoformat() if dated else None,
        measure=members[0].claim.measure,
        group=group,
        place=members[0].place_entity,
        low=None if any(x is None for x in lows) else min(lows),  # type: ignore[type-var]
        high=None if any(x is None for x in highs) else max(highs),  # type: ignore[type-var]
    )


def cluster_origins(members: list[ClaimInfo]) -> tuple[list[str], dict[str, str]]:
    """The distinct origin keys of a cluster, in order of first report, and a label for each.

    The label is the entity id of the first source with that key (the contract's
    ``origins[]`` holds entity ids or names), else the key itself.
    """
    keyed = [m for m in members if m.origin]
    if keyed:
        pairs = [(m.origin, m.source_entity) for m in keyed]
    else:
        # nobody attributed: each story's own reporting (wire copies already folded in): the agency
        # a copy credits, else the outlet
        agencies = story_agencies(members)
        pairs = [(story_key(m, agencies), None) for m in members]
    origins: list[str] = []
    labels: dict[str, str] = {}
    for key, ent in pairs:
        assert key is not None
        if key not in labels:
            origins.append(key)
            labels[key] = ent or key
    return origins, labels


def story_agencies(members: list[ClaimInfo]) -> dict[str, str]:
    """original document -> the agency one of its copies in the cluster credits (an original may not say)."""
    out: dict[str, str] = {}
    for m in members:
        if m.agency:
            out.setdefault(m.canon_doc, m.agency)
    return out


def story_key(m: ClaimInfo, agencies: dict[str, str]) -> str:
    """The origin of an unattributed report: the wire agency its story credits, else its (original's) outlet."""
    agency = m.agency or agencies.get(m.canon_doc)
    return f"agency:{agency}" if agency else f"outlet:{norm_text(m.outlet)}"


def cluster_chain(members: list[ClaimInfo]) -> tuple[str, ...]:
    """How each origin reached the outlets, one line per (agency, origin): "site, site → agency → source".

    An unattributed member repeats the cluster's first attributed origin (as ``cluster_origins``
    counts it); in a cluster without any, each story is its own: its agency, else its outlet.
    """
    routes: dict[tuple[str | None, str], list[str]] = {}
    names: dict[str, str] = {}
    agencies = story_agencies(members)
    attributed = next((m.origin for m in members if m.origin), None)
    for m in members:
        key = m.origin or attributed or story_key(m, agencies)
        if m.origin and m.source_name:
            names.setdefault(key, m.source_name)
        sites = routes.setdefault((m.agency or agencies.get(m.canon_doc), key), [])
        if m.site not in sites:
            sites.append(m.site)
    lines = []
    for (agency, key), sites in routes.items():
        hops = [", ".join(sorted(sites))]
        if key.startswith("outlet:"):
            hops[0] += " (own reporting)"
        elif key.startswith("agency:"):
            hops.append(key.partition(":")[2])
        else:
            if agency:
                hops.append(agency)
            hops.append(names.get(key, key))
        lines.append(CHAIN_ARROW.join(hops))
    return tuple(sorted(lines))


def build_clusters(corpus: Corpus, index: EntityIndex) -> tuple[list[Cluster], list[tuple[str, str]]]:
    """Clusters of the same claim across documents, and (claim id, cluster id) pairs."""
    table = ClaimTable(corpus, index)
    return table.clusters, table.claim_cluster
