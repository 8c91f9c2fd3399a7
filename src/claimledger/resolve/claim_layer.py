"""The claim layer of a stored ledger, updated from stored state rather than recomputed.

``resolve_claims`` computes entities, clusters, conflicts and series from a whole corpus.
A ledger keeps, besides their results, what each step read, so that documents added
later change only what they can change:

1. **links** (which entity a surface form in a document means). A link depends on its own
   document, except a person's (every document naming someone with that surname, and the
   lone words that may be one: blocks "sur:<key>") and an acronym's (the long names it may
   abbreviate: "acr:<ACRONYM>"). New documents are resolved together with every stored
   document that shares such a block with them; stored links outside those blocks are
   kept. Each entity's record (its name, aliases, first place) is a sum over its links,
   stored per entity and updated by the links that changed.
2. **claim infos** (place, origin, source, date of each quantity claim). Computing one
   records what it read besides its claim: a document's links ("l:<doc>"), an entity's
   record ("e:<id>") or documents ("d:<id>"), the place alias table ("a:<name>"). Infos
   are computed for new claims and for stored claims that read something that changed; an
   info also lists the links it read (document, surface form; up to ``LINKS_LISTED``), so a
   claim that read only links of a document whose links changed is computed again only when
   one of its own did.
3. **blocks** (measure + place), computed again when one of their claims came, went, or
   had its info, document date or entities changed; only around those claims:
   - clusters: a block keeps its claims in clustering order; ``recluster`` runs the greedy
     pass again from the first changed claim until it is back in step with the stored run.
     One part per cluster ("claims/k/<id>"). Each claim's cluster and day are indexed, so that
     finding a claim's cluster-mates or a day's claims reads no block state.
   - series: stored as point rows (``series.point_row``) with the revisions between each two
     successive dates, in chunks (a place's by date, ``series.chunk_of``); the rows of the
     changed claims are replaced and the revisions next to their dates found again
     ("claims/s/<block, group, target, chunk>").
   - contradictions of one place on one date: one part per date ("claims/d/<block, date>").
   Contradictions within one document are kept per canonical document ("claims/canon/<id>"),
   and each document's date (its own, else estimated from its cluster-mates) apart from its state ("ddate").

A first refresh, new code or a replaced extraction computes everything through the same
steps with nothing stored. tests/test_claim_layer.py checks that updates in batches equal
a full computation, and that a full computation equals ``resolve_claims``.
"""

from __future__ import annotations

import json
import logging
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cachetools import LRUCache

from claimledger.records import Claim, Entity, Mention, plain
from claimledger.resolve.clusters import (
    MAX_DAY,
    ClaimInfo,
    ClaimTable,
    block_key,
    block_place,
    claim_info,
    make_cluster,
    order_key,
    own_date,
    recluster,
    stable_id,
)
from claimledger.resolve.conflicts import contradictions, revisions_between
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.entities import (
    LinkDetail,
    first_name_canon,
    items_of,
    make_entity,
    needed_items,
    resolve_items,
)
from claimledger.resolve.figures import has_figure, series_group
from claimledger.resolve.origins import OriginKeys, norm_text
from claimledger.resolve.series import WHOLE, chunk_of, point_row, row_record, row_runs, series_target
from claimledger.store import Ledger
from claimledger.store.db import ClaimWrites

log = logging.getLogger(__name__)

Loader = Callable[[Iterable[str]], Corpus]
_SEP = "\x1f"  # between a block and what a document adds to it, in index keys
# a claim info lists the links it read (document, surface form) up to this many; one that read more is
# computed again whenever a link of a document it read changes
LINKS_LISTED = 16
# what an update holds of what it read, beyond what it writes: stored payloads (characters of JSON text) and
# decoded claim infos. An update of a large ledger may read most of it; what is let go of is read again.
STATE_HELD = 48_000_000
INFOS_HELD = 40_000


def _text_size(text: str | None) -> int:
    return len(text) + 64 if text else 64


# --------------------------------------------------------------------------- stored state, with pending writes

class _View:
    """The stored claim-layer state with this update's writes laid over it.

    State is held as JSON text, as stored and as written, and decoded on each read: an update
    of a large ledger reads and writes much of it, and decoded payloads take several times the
    memory of their text (README, memory of the resolution). A reader gets its own copy."""

    def __init__(self, ledger: Ledger, fresh: bool) -> None:
        self.ledger = ledger
        self.fresh = fresh  # nothing stored counts: everything is computed again
        self.writes = ClaimWrites(clear=fresh)
        # stored: (kind, key) -> payload, as read; stored state does not change during an update, so what
        # the cache lets go of is read again when asked
        self._state: LRUCache[tuple[str, str], str | None] = LRUCache(STATE_HELD, getsizeof=_text_size)
        self._by_key: dict[tuple[str, str], set[str]] = defaultdict(set)  # overlay: (kind, key) -> items
        self._keys: dict[tuple[str, str], set[str]] = {}  # stored: (kind, item) -> keys, as read

    # per-key state
    def texts(self, kind: str, keys: Iterable[str], *, hold: bool = True) -> dict[str, str]:
        """key -> its payload text, for the keys that have one; ``hold``: keep what is read from the
        ledger for later reads (a caller that keeps what it decodes does not)."""
        keys = set(keys)
        out: dict[str, str | None] = {}
        missing = []
        for k in keys:
            if (kind, k) in self.writes.state:
                out[k] = self.writes.state[(kind, k)]
            elif (kind, k) in self._state:
                out[k] = self._state[(kind, k)]
            else:
                missing.append(k)
        if missing and not self.fresh:
            found = self.ledger.claim_state(kind, missing)
            for k in missing:
                out[k] = found.get(k)
                if hold and _text_size(out[k]) <= STATE_HELD:
                    self._state[(kind, k)] = out[k]
        return {k: t for k, t in out.items() if t is not None}

    def get(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        return {k: json.loads(t) for k, t in self.texts(kind, keys).items()}

    def get1(self, kind: str, key: str) -> Any:
        return self.get(kind, [key]).get(key)

    def put(self, kind: str, key: str, value: Any) -> None:
        self.writes.state[(kind, key)] = None if value is None else json.dumps(value)

    # indexes: key -> items
    def lookup(self, kind: str, keys: Iterable[str]) -> dict[str, set[str]]:
        keys = set(keys)
        out: dict[str, set[str]] = defaultdict(set)
        if not self.fresh and keys:
            for k, items in self.ledger.claim_index(kind, keys).items():
                for item in items:
                    now = self.writes.index.get((kind, item))
                    if now is None or k in now:
                        out[k].add(item)
        for k in keys:
            out[k] |= self._by_key.get((kind, k), set())
        return {k: v for k, v in out.items() if v}

    def items(self, kind: str, keys: Iterable[str]) -> set[str]:
        return {i for v in self.lookup(kind, keys).values() for i in v}

    def keys_of(self, kind: str, items: Iterable[str]) -> dict[str, set[str]]:
        items = set(items)
        out = {i: set(self.writes.index[(kind, i)]) for i in items if (kind, i) in self.writes.index}
        rest = [i for i in items if i not in out and (kind, i) not in self._keys]
        if rest and not self.fresh:
            found = self.ledger.claim_index_keys(kind, rest)
            for i in rest:
                self._keys[(kind, i)] = found.get(i, set())
        out.update({i: set(self._keys[(kind, i)]) for i in items if i not in out and self._keys.get((kind, i))})
        return out

    def index(self, kind: str, item: str, keys: Iterable[str], *, stored: Iterable[str] | None = None) -> None:
        """Index ``item`` under ``keys`` (in place of what it was under). Nothing is written when the
        keys are those stored: as read by ``keys_of``, or as the caller knows them (``stored``)."""
        new = frozenset(keys)
        if (kind, item) not in self.writes.index:
            was = self._keys.get((kind, item)) if stored is None else stored
            if was is not None and new == set(was):
                return
        old = self.writes.index.get((kind, item), ())
        for k in old:
            self._by_key[(kind, k)].discard(item)
        self.writes.index[(kind, item)] = tuple(sorted(new))  # (a tuple takes a fraction of a set's memory)
        for k in new:
            self._by_key[(kind, k)].add(item)

    # resolution parts
    def put_part(self, key: str, value: Any) -> None:
        self.writes.parts[key] = None if value is None else json.dumps(value)


# --------------------------------------------------------------------------- codecs

def _link_row(surface: str, d: LinkDetail) -> list[Any]:
    return [surface, d.entity, d.type, sorted(d.blocks), d.name, plain(d.place) if d.place is not None else None]


def _info_row(i: ClaimInfo) -> dict[str, Any]:
    return {"claim": plain(i.claim), "canon_doc": i.canon_doc, "outlet": i.outlet,
            "date": i.date.isoformat() if i.date else None, "place_key": i.place_key, "place_name": i.place_name,
            "place_entity": i.place_entity, "origin": i.origin, "source_entity": i.source_entity,
            "site": i.site, "agency": i.agency, "source_name": i.source_name, "lead": sorted(i.lead_targets)}


def _info(row: dict[str, Any]) -> ClaimInfo:
    return ClaimInfo(claim=Claim(**row["claim"]), canon_doc=row["canon_doc"], outlet=row["outlet"],
                     date=date.fromisoformat(row["date"]) if row["date"] else None, place_key=row["place_key"],
                     place_name=row["place_name"], place_entity=row["place_entity"], origin=row["origin"],
                     source_entity=row["source_entity"], site=row.get("site", ""), agency=row.get("agency"),
                     source_name=row.get("source_name"), lead_targets=frozenset(row.get("lead", ())))


def _record(eid: str, agg: dict[str, Any]) -> Entity:
    place = agg["place"]
    return make_entity(eid, agg["type"], Counter(agg["surfaces"]), Counter(agg["names"]),
                       Mention(**place[2]) if place else None)


# --------------------------------------------------------------------------- reading the stored layer

class _StoredIndex(EntityIndex):
    """Links and entity records as stored (with this update's writes)."""

    def __init__(self, view: _View) -> None:
        super().__init__()
        self.view = view
        self._doc_links: dict[str, dict[str, str]] = {}
        self._records: dict[str, Entity | None] = {}

    def link(self, document: str, surface: str | None) -> str | None:
        if not surface:
            return None
        if document not in self._doc_links:
            row = self.view.get1("doc", document)
            self._doc_links[document] = {x[0]: x[1] for x in row["links"]} if row else {}
        return self._doc_links[document].get(surface)

    def get(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        if entity_id not in self._records:
            agg = self.view.get1("entity", entity_id)
            self._records[entity_id] = _record(entity_id, agg) if agg else None
        return self._records[entity_id]


class _StoredOrigins(OriginKeys):
    """Origin keys read from the stored layer; every read across documents is noted."""

    def __init__(self, corpus: Corpus, index: _StoredIndex) -> None:
        super().__init__(corpus, index, whole=False)
        self.view = index.view
        self._aliases: dict[str, tuple[str, str | None, str] | None] = {}

    def _place(self, alias: str) -> tuple[str, str | None, str] | None:
        self._note(f"a:{alias}")
        if alias not in self._aliases:
            eids = self.view.items("alias", [alias])
            ent = self.index.get(min(eids)) if eids else None
            self._aliases[alias] = (ent.name, ent.country, ent.id) if ent else None
        return self._aliases[alias]

    def _entity_documents(self, eid: str) -> set[str]:
        self._note(f"d:{eid}")
        return self.view.items("edoc", [eid])

    def _entity_surfaces(self, eid: str) -> set[str]:
        self._note(f"d:{eid}")
        agg = self.view.get1("entity", eid)
        return set(agg["surfaces"]) if agg else set()

    def _has_document(self, doc_id: str) -> bool:
        return True  # every document an entity links to is in the ledger


# --------------------------------------------------------------------------- the update

@dataclass
class _EntityChanges:
    """Entity records before and after an update, and which changed how."""

    before: dict[str, Entity]
    after: dict[str, Entity] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # the record (gone ones too)
    renamed: set[str] = field(default_factory=set)  # its name or type (new and gone ones too)
    moved: set[str] = field(default_factory=set)  # its documents or surfaces

class Update:
    """One refresh of the claim layer: ``new`` documents added to what ``view`` holds."""

    def __init__(self, view: _View, load: Loader, metas: Callable[[Iterable[str]], dict[str, Any]],
                 near: dict[str, str], new: list[str]) -> None:
        self.view = view
        self.load = load  # documents (without text) and extractions of some ids
        self.metas = metas  # documents (without text) of some ids
        self.near = near  # every near duplicate -> the document it copies
        self.new = sorted(new)
        self.counts: dict[str, int] = {}
        self._surnames: dict[str, bool] = {}
        self._block_sets: dict[tuple[str, str], set[str]] = {}
        self._meta_cache: dict[str, Any] = {}
        self._decoded: LRUCache[str, ClaimInfo] = LRUCache(INFOS_HELD)  # claim id -> its final info, decoded
        self._clustered: set[str] = set()  # the blocks clustered again
        self._came: dict[str, set[frozenset[str]]] = {}  # block -> its clusters that appeared
        self._gone: dict[str, set[frozenset[str]]] = {}  # ... and went
        self._members: dict[str, list[str]] = {}  # cluster id -> its claims (once clustering is done)

    def run(self) -> ClaimWrites:
        link_docs, links, entities, aliases = self._links()
        changed, old_blocks = self._infos(link_docs, links, entities, aliases)
        changed_clusters, reclustered = self._cluster(changed, old_blocks)
        dated = self._dates(changed_clusters)
        self._blocks_and_conflicts(changed, old_blocks, dated, entities, reclustered)
        self._carriers(changed_clusters, link_docs)
        return self.view.writes

    # ------------------------------------------------------------ 1. links and entities

    def _is_surname(self, key: str) -> bool:
        if key not in self._surnames:
            self._surnames[key] = bool(self.view.items("ekey", [f"full:{key}"]))
        return self._surnames[key]

    def _stored(self, kind: str, key: str) -> set[str]:
        """What the stored documents add to a block: first names of a surname ("first"), long names of
        an acronym ("longkey"); read once per update, before this update writes any."""
        if (kind, key) not in self._block_sets:
            keys = set() if self.view.fresh else self.view.ledger.claim_index_prefixed(kind, key + _SEP)
            self._block_sets[(kind, key)] = {k.split(_SEP, 1)[1] for k in keys}
        return self._block_sets[(kind, key)]

    def _resolve(self, asked: dict[str, list[list[Any]]]) -> EntityIndex:
        if self.view.fresh:
            return resolve_items(asked)
        return resolve_items(asked, is_surname=self._is_surname, firsts=lambda k: self._stored("first", k),
                             longs=lambda k: self._stored("longkey", k))

    def _links(self) -> tuple[set[str], set[tuple[str, str]], _EntityChanges, set[str]]:
        """(documents whose links changed, the links that did: (document, surface form), entity changes,
        place aliases that may have changed)."""
        view, new = self.view, set(self.new)
        self.corpus = corpus = self.load(new)
        asked = items_of(corpus, corpus.extractions)
        for d, items in asked.items():
            view.put("items", d, items)
        index = self._resolve(asked)
        blocks, pull, pull_docs = self._blocks(index, new)
        pull_docs -= new
        shared: set[str] = set()
        pulled: set[str] = set()
        while pull - pulled or pull_docs - shared:  # stored documents a new one may change: resolved with it
            pulled |= pull
            shared = (view.items("ekey", pulled) | pull_docs) - new
            stored = view.get("items", shared)
            index = self._resolve({**{d: needed_items(stored[d], blocks) for d in shared}, **asked})
            # a one-word organisation read as a person joins that person's surname block too
            more = {b for (d, _), det in index.details.items() if d in shared and det.blocks & blocks
                    for b in det.blocks} - blocks
            blocks |= more
            pull |= more
        by_doc: dict[str, list[tuple[str, LinkDetail]]] = defaultdict(list)
        for (doc, surface), detail in index.details.items():
            by_doc[doc].append((surface, detail))
        old_rows = view.get("doc", shared)
        # a stored document is read again only for the blocks pulled, so its keys of the
        # others are kept (its keys only grow: a word becomes a known surname, never the reverse)
        old_keys = view.keys_of("ekey", shared)
        changed_docs: set[str] = set()
        changed_links: set[tuple[str, str]] = set()  # what a surface form reads as (``_StoredIndex.link``)
        deltas: list[tuple[str, int, list[Any], int]] = []  # (doc, position, link row, +1/-1)
        for doc in sorted(new | shared):
            row = old_rows.get(doc)
            rows = [_link_row(s, d) for s, d in sorted(by_doc[doc], key=lambda sd: sd[1].seq)]
            if row is not None:  # stored: only links of the shared blocks can change
                now = {r[0]: r for r in rows}
                rows = [now[r1[0]] if set(r1[3]) & blocks else r1 for r1 in row["links"]]
                if rows == row["links"]:
                    continue
            old = row["links"] if row is not None else []
            changed_docs.add(doc)
            was, now = {r[0]: r[1] for r in old}, {r[0]: r[1] for r in rows}
            changed_links |= {(doc, s) for s in was.keys() | now.keys() if was.get(s) != now.get(s)}
            # the rows that changed (a row kept at its place changes no entity)
            deltas += [(doc, n, r, -1) for n, r in enumerate(old) if n >= len(rows) or rows[n] != r]
            deltas += [(doc, n, r, +1) for n, r in enumerate(rows) if n >= len(old) or old[n] != r]
            state = dict(row) if row is not None else self._new_doc_state(doc)
            state["links"] = rows
            view.put("doc", doc, state)
            view.index("ekey", doc, old_keys.get(doc, set()) | index.doc_keys.get(doc, frozenset()))
            view.index("edoc", doc, {r[1] for r in rows}, stored={r[1] for r in row["links"]} if row else None)
        stored_firsts = view.keys_of("first", shared)
        for doc in sorted(new | shared):  # what each document adds to its blocks
            firsts = {f"{last}{_SEP}{first}" for last, first in index.firsts.get(doc, ())}
            if doc in shared:  # read again only for the blocks pulled
                firsts = {k for k in stored_firsts.get(doc, set())
                          if f"sur:{k.split(_SEP)[0]}" not in blocks} | {
                             k for k in firsts if f"sur:{k.split(_SEP)[0]}" in blocks}
            else:
                view.index("longkey", doc, {f"{a}{_SEP}{key}" for a, key in index.longs.get(doc, ())})
            view.index("first", doc, firsts)
        entities = self._entities(deltas)
        aliases = self._aliases(entities)
        self.counts["link_docs"] = len(changed_docs)
        return changed_docs, changed_links, entities, aliases

    def _blocks(self, index: EntityIndex, new: set[str]) -> tuple[set[str], set[str], set[str]]:
        """(blocks whose stored links new documents may change, keys of the stored documents to read
        again, more stored documents to read again).

        New documents are resolved with what the stored ones add to their blocks (the first
        names written in full with a surname, the long names an acronym may abbreviate), so
        stored documents are read again only when that changes:
        - the first full name of a surname: all of its documents, and the one-word
          organisations that are persons from then on;
        - a new first name of a surname: the documents whose first names stand for someone
          else now (``first_name_canon``); those that name it bare if that now reads as
          someone else (it had no person or one, or has no longer); those that name it by an
          initial if that now reads as someone else;
        - an acronym's readings, when the one long name it stands for changes (it had none or
          one, and gains another).
        """
        if self.view.fresh:
            return set(), set(), set()
        keys = {k for d in new for k in index.doc_keys.get(d, ())}
        blocks: set[str] = set()
        pull: set[str] = set()
        docs: set[str] = set()
        for k in keys:
            if not k.startswith("sur:"):
                continue
            last = k[4:]
            if f"full:{last}" in keys and not self._is_surname(last):  # named in full for the first time
                blocks.add(k)
                pull |= {k, f"lone:{last}"}
                continue
            stored = self._stored("first", last)
            firsts = {f for d in new for s, f in index.firsts.get(d, ()) if s == last}
            if not firsts - stored:
                continue
            # a new first name: the documents whose first names now stand for someone else
            blocks.add(k)
            before, after = first_name_canon(stored), first_name_canon(stored | firsts)
            moved = sorted(f for f in stored if before[f] != after[f])
            docs |= self.view.items("first", [f"{last}{_SEP}{f}" for f in moved])
            # a bare surname stands for its one person, for nobody yet, or for one of several (one-word
            # organisations read as its people are bare surnames too); an initial likewise among
            # the people whose first names begin with it
            was, now = set(before.values()), set(after.values())
            if _reading(was) != _reading(now):
                pull.add(f"bare:{last}")
            for i in {c[0] for c in was ^ now}:
                if _reading({c for c in was if c[0] == i}) != _reading({c for c in now if c[0] == i}):
                    pull.add(f"init:{last}{_SEP}{i}")
        longs: dict[str, set[str]] = defaultdict(set)
        for initials, key in {x for d in new for x in index.longs.get(d, ())}:
            longs[initials].add(key)
        for initials, keys in longs.items():
            stored = self._stored("longkey", initials)
            if _only(stored) != _only(stored | keys):  # what the acronym stands for changed
                blocks.add(f"acr:{initials}")
                pull.add(f"acr:{initials}")
        return blocks, pull, docs

    def _new_doc_state(self, doc: str) -> dict[str, Any]:
        ex = self.corpus.extractions.get(doc)
        claims = sorted(ex.claims if ex else (), key=lambda c: (c.start, c.end, c.id))
        own = own_date(self.corpus.documents.get(doc), ex)
        return {"links": [], "own": own.isoformat() if own else None,
                "claims": [c.id for c in claims if has_figure(c)],
                "spans": [[c.id, c.start, c.end] for c in (ex.claims if ex else ()) if c.kind != "quantity"]}

    def _entities(self, deltas: list[tuple[str, int, list[Any], int]]) -> _EntityChanges:
        """Entity records updated by the links that changed, and what changed about them."""
        view = self.view
        eids = {r[1] for _, _, r, _ in deltas}
        aggs = view.get("entity", eids)
        before = {e: _record(e, a) for e, a in aggs.items()}
        docs_before = {e: Counter() for e in eids}
        rescan: set[str] = set()
        for doc, n, (surface, eid, typ, _, name, place), sign in deltas:
            agg = aggs.setdefault(eid, {"type": typ, "surfaces": {}, "names": {}, "place": None, "links": 0})
            agg["surfaces"][surface] = agg["surfaces"].get(surface, 0) + sign
            if name:
                agg["names"][name] = agg["names"].get(name, 0) + sign
            agg["links"] += sign
            docs_before[eid][doc] += sign
            if place is not None:
                if sign > 0 and (agg["place"] is None or [doc, n] < agg["place"][:2]):
                    agg["place"] = [doc, n, place]
                elif sign < 0 and agg["place"] is not None and agg["place"][:2] == [doc, n]:
                    rescan.add(eid)  # the first place is gone: find the next one
        for agg in aggs.values():
            agg["surfaces"] = {k: v for k, v in agg["surfaces"].items() if v > 0}
            agg["names"] = {k: v for k, v in agg["names"].items() if v > 0}
        for eid in sorted(rescan):
            aggs[eid]["place"] = None
            for doc, row in sorted(view.get("doc", view.items("edoc", [eid])).items()):
                for n, r in enumerate(row["links"]):
                    if r[1] == eid and r[5] is not None:
                        aggs[eid]["place"] = [doc, n, r[5]]
                        break
                if aggs[eid]["place"] is not None:
                    break
        out = _EntityChanges(before)
        for eid, agg in aggs.items():
            if agg["links"] <= 0:
                view.put("entity", eid, None)
                view.put_part(f"claims/entity/{eid}", None)
                out.changed.add(eid)
                continue
            view.put("entity", eid, agg)
            rec = out.after[eid] = _record(eid, agg)
            old = before.get(eid)
            if old != rec:
                out.changed.add(eid)
                view.put_part(f"claims/entity/{eid}", plain(rec))
            if old is None or (old.name, old.type) != (rec.name, rec.type):
                out.renamed.add(eid)
            if any(docs_before[eid].values()):
                out.moved.add(eid)
        out.renamed |= out.changed - set(out.after)  # gone
        out.moved |= out.changed
        self.counts["entities"] = len(out.changed)
        return out

    def _aliases(self, entities: _EntityChanges) -> set[str]:
        """The alias table's names whose place may have changed.

        The table maps each name or alias of a place entity to the entity (the first by id
        that has it), with its name and country: a name an entity gains or loses may change
        place; all of an entity's names when its own name or country changed.
        """
        out: set[str] = set()
        old = self.view.keys_of("alias", entities.changed)
        for eid in entities.changed:
            rec, was = entities.after.get(eid), entities.before.get(eid)
            forms = {norm_text(f) for f in (rec.name, *rec.aliases)} if rec and rec.type == "place" else set()
            if forms or eid in old:
                self.view.index("alias", eid, forms)
            if rec is None or was is None or (rec.name, rec.country) != (was.name, was.country):
                out |= forms | old.get(eid, set())
            else:
                out |= forms ^ old.get(eid, set())
        return out

    # ------------------------------------------------------------ 2. claim infos

    def _infos(self, link_docs: set[str], links: set[tuple[str, str]], entities: _EntityChanges,
               aliases: set[str]) -> tuple[dict[str, ClaimInfo], dict[str, set[str]]]:
        view = self.view
        deps = ({f"l:{d}" for d in link_docs} | {f"e:{e}" for e in entities.changed}
                | {f"n:{e}" for e in entities.renamed} | {f"d:{e}" for e in entities.moved}
                | {f"a:{a}" for a in aliases})
        hits = view.lookup("dep", deps)
        ids = {c for k, cs in hits.items() if not k.startswith("l:") for c in cs}
        by_links = {c for k, cs in hits.items() if k.startswith("l:") for c in cs} - ids
        rows = view.get("info", ids | by_links)
        # a claim that read only links of those documents: again only if one of the links it read changed
        ids |= {c for c in by_links if c not in rows or rows[c].get("links") is None
                or any((d, s) in links for d, s in rows[c]["links"])}
        rows = {c: r for c, r in rows.items() if c in ids}
        new_claims = {c for d in self.new for c in (view.get1("doc", d) or {}).get("claims", ())}
        docs = {r["claim"]["document"] for r in rows.values()} | set(self.new)
        corpus = self.load(docs) if not docs <= set(self.corpus.extractions) else self.corpus
        chain = {c for d in docs for c in _chain(self.near, d)} - set(corpus.documents)
        if chain:  # a copy's outlet is its original's
            corpus.documents.update(self.metas(chain))
        index = _StoredIndex(view)
        origins = _StoredOrigins(corpus, index)
        claims = {c.id: c for d in docs for c in (corpus.extractions[d].claims if d in corpus.extractions else ())
                  if c.id in ids or c.id in new_claims}
        old_blocks = view.keys_of("block", claims)
        changed: dict[str, ClaimInfo] = {}
        for cid in sorted(claims):
            origins.deps, origins.links_read = set(), set()
            info = claim_info(claims[cid], corpus, origins)
            read, origins.deps = origins.deps, None
            row = _info_row(info)
            was = rows.get(cid)
            links_read = sorted(origins.links_read)
            row_read = {**row, "links": [list(x) for x in links_read] if len(links_read) <= LINKS_LISTED else None}
            if was != row_read:
                view.put("info", cid, row_read)
            if was is None or {k: v for k, v in was.items() if k != "links"} != row:
                changed[cid] = info
                view.index("block", cid, {block_key(info)})
                view.index("canon", cid, {info.canon_doc})
                view.index("iref", cid, {e for e in (info.place_entity, info.source_entity) if e})
            view.index("dep", cid, read)
        self.counts["infos"] = len(changed)
        self.counts["infos_read"] = len(claims)
        return changed, old_blocks

    # ------------------------------------------------------------ 3. clusters, dates, blocks

    def _decode(self, ids: Iterable[str]) -> dict[str, ClaimInfo]:
        """The infos of some claims, decoded (asked only once every claim's info is final); the last
        ``INFOS_HELD`` decoded are held for later asks."""
        out: dict[str, ClaimInfo] = {}
        missing = set()
        for c in set(ids):
            if (info := self._decoded.get(c)) is not None:
                out[c] = info
            else:
                missing.add(c)
        if missing:
            for cid, text in self.view.texts("info", missing, hold=False).items():
                out[cid] = self._decoded[cid] = _info(json.loads(text))
            docs = {i.claim.document for c, i in out.items() if c in missing} | {
                i.canon_doc for c, i in out.items() if c in missing}
            self.view.texts("ddate", docs)  # what a table of these claims reads, in one query
            self._metas(docs)
        return out

    def _states(self, kind: str, keys: Iterable[str]) -> Iterable[tuple[str, Any]]:
        """(key, state) of some keys in order, read a chunk at a time."""
        keys = sorted(set(keys))
        for at in range(0, len(keys), 2_000):
            yield from sorted(self.view.get(kind, keys[at:at + 2_000]).items())

    def _documents(self, claims: Iterable[str]) -> set[str]:
        """The documents of some claims (their infos read a chunk at a time, and not held)."""
        out: set[str] = set()
        ids = sorted(set(claims))
        for at in range(0, len(ids), 5_000):
            texts = self.view.texts("info", ids[at:at + 5_000], hold=False)
            out |= {json.loads(t)["claim"]["document"] for t in texts.values()}
        return out

    def _cluster(self, changed: dict[str, ClaimInfo],
                 old_blocks: dict[str, set[str]]) -> tuple[set[frozenset[str]], set[str]]:
        """Clusters of the blocks whose claims changed (stored as each block's state, with its claims in
        clustering order): (clusters that appeared or went, the blocks clustered again)."""
        came: dict[str, list[list]] = defaultdict(list)  # block -> its changed claims, in order
        for info in changed.values():
            came[block_key(info)].append(order_key(info))
        blocks = set(came) | {b for c in changed for b in old_blocks.get(c, ())}
        ids = set(changed)
        moved: set[frozenset[str]] = set()
        for b in sorted(blocks):
            before = self.view.get1("block", b) or {"order": [], "clusters": []}
            self._clustered.add(b)
            order = sorted([e for e in before["order"] if e[3] not in ids] + came[b])
            groups = recluster(before["order"], before["clusters"], order, ids, self._decode)
            now, was = {frozenset(g) for g in groups}, {frozenset(g) for g in before["clusters"]}
            self._came[b], self._gone[b] = now - was, was - now
            moved |= now ^ was
            self.view.put("block", b, {"order": order, "clusters": groups} if groups else None)
        # which cluster each claim is in (a claim of a cluster that went is in one that came), and which
        # block and day (whose contradictions it is read for)
        for g in sorted({g for b in blocks for g in self._came[b]}, key=sorted):
            k = stable_id("k", list(g))
            for m in g:
                self.view.index("kin", m, {k})
        for cid, info in changed.items():
            self.view.index("kday", cid, {f"{block_key(info)}{_SEP}{order_key(info)[0]}"})
        return moved, blocks

    def _clusters_of(self, claims: Iterable[str]) -> dict[str, list[str]]:
        """claim id -> the (stored or just computed) cluster it is in (asked once clustering is done)."""
        of = {c: k for c, ks in self.view.keys_of("kin", claims).items() for k in ks}
        missing = set(of.values()) - set(self._members)
        if missing:
            self._members.update((k, sorted(v)) for k, v in self.view.lookup("kin", missing).items())
        return {c: self._members[k] for c, k in of.items()}

    def _dates(self, moved: set[frozenset[str]]) -> set[str]:
        """Documents whose estimated date changed (new ones, and those whose cluster-mates changed)."""
        view = self.view
        docs = set(self.new) | self._documents(c for g in moved for c in g)
        near = self.near
        copies: dict[str, set[str]] = defaultdict(set)
        for d in near:
            copies[_chain(near, d)[-1]].add(d)
        docs |= {c for d in list(docs) for c in copies.get(d, ())}
        states = view.get("doc", docs)
        first: dict[str, str | None] = {}

        def own_or_guess(doc: str) -> str | None:
            if doc in first:
                return first[doc]
            state = states.get(doc) or view.get1("doc", doc) or {}
            guess = state.get("own")
            if guess is None:
                mates: set[str] = set()
                for g in self._clusters_of(state.get("claims", [])).values():
                    mates |= {i.claim.document for i in self._decode(g).values()}
                mates.discard(doc)
                owns = [s["own"] for s in view.get("doc", mates).values() if s.get("own")]
                guess = min(owns) if owns else None
            first[doc] = guess
            return guess

        changed: set[str] = set()
        before = view.get("ddate", docs)
        for doc in sorted(docs):
            if doc not in states:
                continue
            when = own_or_guess(doc)
            canon = _chain(near, doc)[-1]
            if when is None and canon != doc:
                when = own_or_guess(canon)  # a wire copy shares its original's date
            if when != before.get(doc) or doc in self.new:
                changed.add(doc)
                view.put("ddate", doc, when)
        self.counts["dates"] = len(changed)
        return changed

    def _blocks_and_conflicts(self, changed: dict[str, ClaimInfo], old_blocks: dict[str, set[str]],
                              dated: set[str], entities: _EntityChanges, reclustered: set[str]) -> None:
        """The parts of the blocks with a claim whose info or date changed, or whose source was renamed
        (a series point names it), and of their canonical documents (contradictions within one
        report, which also read the names and aliases of their places when it has claims at two)."""
        view = self.view
        touched = set(changed) | view.items("canon", dated) | view.items("iref", entities.renamed)
        touched |= {c for s in view.get("doc", dated).values() for c in s.get("claims", ())}
        claims: dict[str, set[str]] = {b: set() for b in reclustered}  # block -> its claims to read again
        for c, bs in view.keys_of("block", touched).items():
            for b in bs:
                claims.setdefault(b, set()).add(c)
        for c in changed:
            for b in old_blocks.get(c, ()):
                claims.setdefault(b, set()).add(c)
        for gone in self._gone.values():  # (first: a cluster may go from one block and come to another)
            for g in gone:
                view.put_part(f"claims/k/{stable_id('k', list(g))}", None)
        index = _StoredIndex(view)
        for b in sorted(claims):
            self._block(b, claims[b], index)
        touched |= view.items("pref", entities.changed)
        canons = {c for cs in view.keys_of("canon", touched).values() for c in cs}
        of_canon = view.lookup("canon", canons)
        refs = view.keys_of("pref", {c for ids in of_canon.values() for c in ids})
        ordered = sorted(canons)
        for at in range(0, len(ordered), 2_000):
            part = ordered[at:at + 2_000]
            self._decode(c for canon in part for c in of_canon.get(canon, ()))  # in one query
            for canon in part:
                members = list(self._decode(of_canon.get(canon, set())).values())
                found = contradictions(self._table(members, index)) if members else []
                view.put_part(f"claims/canon/{canon}", {"conflicts": [plain(x) for x in found]} if found else None)
                # a report's claims at two places are told apart by whether each sentence names its place
                # (``conflicts._place_stated``): they read their places' names and aliases
                mixed = len({i.place_key for i in members}) > 1
                for i in members:
                    if (now := {i.place_entity} if mixed and i.place_entity else set()) != refs.get(i.id, set()):
                        view.index("pref", i.id, now)
        self.counts["blocks"] = len(claims)

    def _block(self, b: str, claims: set[str], index: EntityIndex) -> None:
        """One block's parts, for ``claims`` read again (they came, went, or something they read changed):
        its clusters that came or hold one of them, their series (and revisions between the dates
        they are on), and the contradictions of their dates."""
        view = self.view
        infos = self._decode(claims)
        here = {c: i for c, i in infos.items() if block_key(i) == b}
        write = self._came.get(b, set()) | {frozenset(g) for g in self._clusters_of(here).values()}
        members = self._decode({m for g in write for m in g})
        for g in write:
            k = make_cluster([members[m] for m in g])
            view.put_part(f"claims/k/{k.id}", {"clusters": [plain(k)], "claim_cluster": [[m, k.id] for m in k.claims]})
        by_series: dict[tuple[str, str], set[str]] = defaultdict(set)  # the series of this block they are in
        for c, i in infos.items():
            if (target := series_target(i)) is not None:
                by_series[(series_group(i.claim.group), target)].add(c)
        if (where := block_place(b)) is not None:
            for (group, target), ids in sorted(by_series.items()):
                self._series(b, (where[0], group, where[1], target), ids, [here[c] for c in sorted(ids) if c in here],
                             index)
        # the days they are or were on (a block not clustered again has the same claims on the same days)
        before = self._stored_order(b) if b in self._clustered else []
        days = ({e[0] for e in before if e[3] in claims} | {order_key(i)[0] for i in here.values()}) - {MAX_DAY}
        on = view.lookup("kday", [f"{b}{_SEP}{day}" for day in days])
        for day in sorted(days):
            ids = on.get(f"{b}{_SEP}{day}", set())
            found = contradictions(self._table(list(self._decode(ids).values()), index)) if len(ids) > 1 else []
            view.put_part(f"claims/d/{b}{_SEP}{day}", {"conflicts": [plain(x) for x in found]} if found else None)

    def _stored_order(self, b: str) -> list[list[Any]]:
        """A block's claims in order as stored before this update (read again when asked: a large
        ledger's blocks are not held from clustering to here)."""
        if self.view.fresh:
            return []
        text = self.view.ledger.claim_state("block", [b]).get(b)
        return json.loads(text)["order"] if text else []

    def _series(self, b: str, key: tuple[str, str, str, str], ids: set[str], here: list[ClaimInfo],
                index: EntityIndex) -> None:
        """One series of a block after the points ``ids`` were read again (``here``: those still in it).

        A series is stored in chunks (``series.chunk_of``): a place's toll by the date of its
        points, an incident's whole. A chunk keeps its points' rows (``point_row``) and the
        revisions between each two successive dates whose later date is in it. The chunks
        that gain or lose a point are written again, with the revisions next to the dates
        of ``ids`` found again, and so is the chunk after each (its first revision pairs
        with the last date before it). An index state lists the chunks.
        """
        view = self.view
        skey = _SEP.join((b, key[1], key[3]))
        s = _SeriesChunks(view, skey + _SEP, view.get1("series", skey) or {"chunks": [], "undated": 0})
        table = self._table(here, index)
        s.lay(key, ids, [point_row(table, i) for i in here])
        for n in s.write:
            runs = row_runs(key, s.rows_at[n])
            rows = s.rows_at[n] = [r for run in runs for r in run]  # in series order (the next chunk reads it)
            at = bisect_left(s.after, n)
            if at and not s.whole:  # the last date of the chunk before: its points, then this chunk's
                prev = s.rows_at[s.after[at - 1]]
                last = max(r[0] for r in prev)
                runs_days = [[r for r in prev if r[0] == last] + rows]
            else:
                runs_days = runs
            stored = s.chunks[n]["rev"] if n in s.chunks and n in s.names else {}
            revs = {pair: stored[pair] if pair in stored and not s.moved.intersection(pair.split("/")) else
                    [plain(x) for x in self._revisions(a, z, index)] for pair, (a, z) in _day_pairs(runs_days)}
            view.put("schunk", s.prefix + n, {"rows": rows, "rev": revs})
            # a date's chunk is one stretch of the place's series: the ledger joins them in order
            records = [[[*key, i], row_record(key, run)] for i, run in enumerate(runs)] if s.whole else \
                [[[*key, 0, n], row_record(key, runs[0])]]
            view.put_part(f"claims/s/{s.prefix}{n}", {"series": records,
                                                      "conflicts": [x for p in sorted(revs) for x in revs[p]]})
        for n in set(s.names) - set(s.after):
            view.put("schunk", s.prefix + n, None)
            view.put_part(f"claims/s/{s.prefix}{n}", None)
        view.put("series", skey, {"chunks": s.after, "undated": s.undated} if s.after else None)
        s.index(ids)

    def _revisions(self, a: list[str], z: list[str], index: EntityIndex) -> list[Any]:
        """Revisions between the points of one date (``a``) and those of the next (``z``)."""
        infos = self._decode(a + z)
        return revisions_between(self._table(list(infos.values()), index), [infos[c] for c in a],
                                 [infos[c] for c in z])

    def _table(self, members: list[ClaimInfo], index: EntityIndex) -> ClaimTable:
        docs = {i.claim.document for i in members} | {i.canon_doc for i in members}
        dates = {d: date.fromisoformat(s) for d, s in self.view.get("ddate", docs).items()}
        return ClaimTable.of(Corpus(self._metas(docs), {}), index, members, dates)

    def _metas(self, docs: set[str]) -> dict[str, Any]:
        missing = {d for d in docs if d not in self._meta_cache}
        if missing:
            self._meta_cache.update({d: self.corpus.documents[d] for d in missing if d in self.corpus.documents})
            self._meta_cache.update(self.metas({d for d in missing if d not in self._meta_cache}))
        return {d: self._meta_cache[d] for d in docs if d in self._meta_cache}

    def _carriers(self, moved: set[frozenset[str]], link_docs: set[str]) -> None:
        """Each document's part: its links, and the clusters its allegations carry."""
        view = self.view
        docs = set(self.new) | link_docs | self._documents(c for g in moved for c in g)
        for doc, state in self._states("doc", docs):
            quantity = self._decode(state["claims"])
            cluster_of = {c: k for c, ks in view.keys_of("kin", state["claims"]).items() for k in ks}
            pairs = []
            for aid, start, end in state["spans"]:
                inside = [(i.claim.start, cid) for cid, i in quantity.items()
                          if start <= i.claim.start and i.claim.end <= end]
                if inside:
                    pairs.append([aid, cluster_of[min(inside)[1]]])
            view.put_part(f"claims/doc/{doc}", {"links": [[doc, r[0], r[1]] for r in state["links"]],
                                               "claim_cluster": sorted(pairs)})


class _SeriesChunks:
    """The stored chunks of one series that an update reads, and the points laid over them."""

    def __init__(self, view: _View, prefix: str, idx: dict[str, Any]) -> None:
        self.view, self.prefix = view, prefix
        self.names: list[str] = idx["chunks"]  # as stored, in order
        self.undated: int = idx["undated"]
        self.chunks: dict[str, Any] = {}  # name -> stored {"rows", "rev"}, of those read
        self.rows_at: dict[str, list[list[Any]]] = defaultdict(list)  # name -> its rows now, of those read
        self.after: list[str] = []  # the chunks once the points are laid, in order
        self.write: list[str] = []  # the chunks to write, in order
        self.moved: set[str | None] = set()  # the dates a point was or is on
        self.whole = False
        self._at_now: dict[str, str] = {}  # point -> the key of the chunk it is in now, where it moved
        self._held: dict[str, set[str]] = {}  # point -> the chunk keys it was in, as stored

    def _read(self, names: Iterable[str]) -> None:
        missing = [self.prefix + n for n in names if n not in self.chunks]
        if missing:
            self.chunks.update((k[len(self.prefix):], v) for k, v in self.view.get("schunk", missing).items())

    def lay(self, key: tuple[str, str, str, str], ids: set[str], fresh: list[list[Any]]) -> None:
        """Replace the rows of the points ``ids`` by ``fresh`` (those still in the series)."""
        prefix = self.prefix
        self._held = self.view.keys_of("spt", ids)
        self._read({k[len(prefix):] for ks in self._held.values() for k in ks if k.startswith(prefix)}
                   | ({WHOLE} & set(self.names)))
        old = [r for c in self.chunks.values() for r in c["rows"] if r[4] in ids]
        self.undated += sum(r[0] is None for r in fresh) - sum(r[0] is None for r in old)
        self.whole = whole = bool(key[3]) or self.undated > 0  # an undated point may go anywhere in the series
        switched = bool(self.names) and (self.names == [WHOLE]) != whole  # every chunk is cut again
        self._read(self.names if switched else {chunk_of(r, whole) for r in fresh})
        for c in self.chunks.values():
            for r in c["rows"]:
                if r[4] not in ids:
                    self.rows_at[chunk_of(r, whole)].append(r)
        for r in fresh:
            self.rows_at[chunk_of(r, whole)].append(r)
        changed = set(self.chunks) | set(self.rows_at)  # the chunks that gain or lose a point
        self.after = after = sorted((set(self.names) - changed) | {n for n, rs in self.rows_at.items() if rs})
        write = {n for n in changed if self.rows_at.get(n)}
        write |= {after[at] for n in changed if (at := bisect_right(after, n)) < len(after)}
        self.write = sorted(write)
        self._read(write | {after[at - 1] for n in write if (at := bisect_left(after, n))})
        for n, c in self.chunks.items():
            if n not in changed:  # read for its rows or revisions: none of its points changed
                self.rows_at[n] = c["rows"]
        self.moved = {r[0] for r in old} | {r[0] for r in fresh}
        moved_rows = [r for n in after for r in self.rows_at[n]] if switched else fresh
        self._at_now = {r[4]: prefix + chunk_of(r, whole) for r in moved_rows}

    def index(self, ids: set[str]) -> None:
        """Which chunk each point is in, so that an update finds the rows it replaces."""
        held = self.view.keys_of("spt", set(self._at_now) - ids) | self._held
        for c in ids | set(self._at_now):
            was = held.get(c, set())
            now = {k for k in was if not k.startswith(self.prefix)} | ({self._at_now[c]} if c in self._at_now
                                                                        else set())
            if now != was:
                self.view.index("spt", c, now)


def _day_pairs(runs: list[list[list[Any]]]) -> list[tuple[str, tuple[list[str], list[str]]]]:
    """("<date>/<next date>", (the points of one, of the other)) for each two successive dates of each run."""
    out = []
    for run in runs:
        by_day: dict[str, list[str]] = defaultdict(list)
        for r in run:
            if r[0] is not None:
                by_day[r[0]].append(r[4])
        days = sorted(by_day)
        out += [(f"{a}/{z}", (by_day[a], by_day[z])) for a, z in zip(days, days[1:], strict=False)]
    return out


def _reading(people: set[str]) -> tuple[bool, str]:
    """What a bare surname (or an initial) reads as among these people: (several, the one)."""
    return len(people) > 1, min(people) if len(people) == 1 else ""


def _only(keys: set[str]) -> str | None:
    """The one element of a set, else None."""
    return next(iter(keys)) if len(keys) == 1 else None


def _chain(near: dict[str, str], doc: str) -> list[str]:
    """A document and the documents it copies, to the first (guarding against cycles)."""
    out = [doc]
    while doc in near and near[doc] not in out:
        doc = near[doc]
        out.append(doc)
    return out


def update_claim_layer(ledger: Ledger, new: list[str], *, fresh: bool,
                       corpus: Corpus | None = None) -> tuple[ClaimWrites, dict[str, int]]:
    """The writes that bring the stored claim layer up to date with ``new`` documents (every document
    when ``fresh``: the stored layer is ignored and replaced). ``corpus``: documents of the ledger
    already read (the whole ledger, or the new documents), read again only when missing."""
    held = corpus or Corpus({}, {}, ledger.near_duplicates(), fetch_text=ledger.text)
    near = held.near_duplicate_of

    def load(ids: Iterable[str]) -> Corpus:
        ids = set(ids)
        out = Corpus.from_ledger(ledger, ids - set(held.extractions), near)
        out.documents.update({d: held.documents[d] for d in ids if d in held.documents})
        out.extractions.update({d: held.extractions[d] for d in ids if d in held.extractions})
        return out

    def metas(ids: Iterable[str]) -> dict[str, Any]:
        ids = set(ids)
        out = {d: held.documents[d] for d in ids if d in held.documents}
        return out | {d.id: d for d in ledger.documents(with_text=False, ids=ids - set(out))}

    up = Update(_View(ledger, fresh), load, metas, near, new)
    writes = up.run()
    log.info("claim layer: %s", ", ".join(f"{k} {v}" for k, v in up.counts.items()))
    return writes, up.counts


__all__ = ["update_claim_layer"]
