"""One data function per page.

Each function takes a :class:`Reader` (a read-only ledger plus an index of its
cross-document layer) and returns a plain, JSON-ready dict. The same dict feeds the
HTML template, the ``.json`` / ``/api`` route and the single-file report, as datasette
does with ``table_view_data``.

The per-document tables (documents, claims, statements) are read with paginated SQL so
that a page costs the same on a ledger of 100 claims or 100,000. The cross-document layer
(entities, clusters, conflicts, series, incidents) is one JSON payload per key in the
store; it is parsed once into an :class:`Index` and reused while it does not change.

Only SELECT statements run here: the views never write.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from claimledger.records import Cluster, Conflict, Entity, Incident, Resolution, Series
from claimledger.store import Ledger
from claimledger.views.conflicts import conflict_lines, why
from claimledger.views.names import chain_lines, name_document, origin_link

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_FILTER_CHARS = 200  # a filter value longer than this is cut: nobody types more
MAX_SOURCE_FORMS = 500  # a source filter matching more spellings than this is too vague to widen (SQLite's limit)
LEAD_CHARS = 400  # the start of a document's text read with each claim: enough for its first line as a title

_CLAIM_COLS = ("id", "document", "kind", "sentence", "text", "start", "end", "measure", "group", "value", "low",
               "high", "qualifier", "hedged", "place_text", "as_of", "attributed_text", "attributed_type",
               "statement", "version")
CLAIM_SELECT = ", ".join(f'c."{k}"' for k in _CLAIM_COLS) + \
    ", d.outlet AS outlet, d.published AS published, d.title AS title, d.path AS path, d.url AS url, " \
    f"substr(d.text, 1, {LEAD_CHARS}) AS lead"
CLAIM_FROM = "FROM claims c JOIN documents d ON d.id = c.document"


# --------------------------------------------------------------------------- index
@dataclass
class Index:
    """The cross-document layer, keyed for the lookups the pages make."""

    resolution: Resolution
    entities: dict[str, Entity] = field(default_factory=dict)
    links: dict[tuple[str, str], str] = field(default_factory=dict)
    cluster_of: dict[str, str] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    conflicts_of: dict[str, list[Conflict]] = field(default_factory=dict)
    incidents_of: dict[str, list[Incident]] = field(default_factory=dict)
    series_of: dict[str, list[Series]] = field(default_factory=dict)
    # lower-cased name or alias -> every surface form of the entities it names
    forms: dict[str, set[str]] = field(default_factory=dict)
    by_surface: dict[str, str] = field(default_factory=dict)  # a surface form -> one entity it was linked to
    surfaces_of: dict[str, set[str]] = field(default_factory=dict)  # an entity -> every surface form linked to it
    by_gazetteer: dict[str, str] = field(default_factory=dict)  # a gazetteer id -> the place entity with it
    # results of whole-table aggregates (filter values, timeline index), keyed by the claims' fingerprint
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)


def build_index(res: Resolution) -> Index:
    """Key a resolution for the pages: by entity, claim, and name."""
    ix = Index(resolution=res)
    ix.entities = {e.id: e for e in res.entities}
    ix.links = {(d, s): e for d, s, e in res.links}
    ix.cluster_of = dict(res.claim_cluster)
    ix.clusters = {c.id: c for c in res.clusters}
    for c in res.clusters:
        for cid in c.claims:
            ix.cluster_of.setdefault(cid, c.id)
    for k in res.conflicts:
        for cid in k.claims:
            ix.conflicts_of.setdefault(cid, []).append(k)
    for i in res.incidents:
        for cid in i.claims:
            ix.incidents_of.setdefault(cid, []).append(i)
    for s in res.series:
        for p in s.points:
            ix.series_of.setdefault(p.claim, []).append(s)
    surfaces: dict[str, set[str]] = defaultdict(set)
    for _doc, surface, eid in res.links:
        surfaces[eid].add(surface)
        ix.by_surface.setdefault(surface, eid)
    ix.surfaces_of = dict(surfaces)
    ix.by_gazetteer = {e.gazetteer_id: e.id for e in res.entities if e.type == "place" and e.gazetteer_id}
    for e in res.entities:
        names = {e.name, *e.aliases, *surfaces.get(e.id, ())}
        for n in names:
            ix.forms.setdefault(n.lower(), set()).update(names)
    return ix


def resolution_stamp(conn: sqlite3.Connection) -> str:
    """A cheap fingerprint of the stored cross-document layer: it changes whenever it is recomputed."""
    row = conn.execute("SELECT count(*), max(computed_at), sum(length(payload)) FROM resolution").fetchone()
    meta = conn.execute("SELECT payload FROM resolution WHERE key = 'meta'").fetchone()  # an update's generation
    return f"{row[0]}|{row[1]}|{row[2]}|{meta[0] if meta else ''}"


class Reader:
    """A read-only ledger with its indexed cross-document layer: what every page function reads."""

    def __init__(self, ledger: Ledger, index: Index | None = None):
        self.ledger = ledger
        self.conn = ledger.conn
        self.ix = index if index is not None else build_index(ledger.load_resolution())

    def memo(self, name: str, compute: Any) -> Any:
        """``compute()``, remembered until the claims table or the cross-document layer changes.

        Aggregates over every claim (distinct values, counts per place) cost a full scan; the
        fingerprint (highest rowids) costs two b-tree lookups.
        """
        # rowids only grow (re-extraction deletes and inserts), so the highest ones say "changed"
        row = self.conn.execute("SELECT (SELECT max(rowid) FROM claims), (SELECT max(rowid) FROM documents)").fetchone()
        key = (name, f"{row[0]}|{row[1]}")
        if key not in self.ix.memo:
            if len(self.ix.memo) > 64:
                self.ix.memo.clear()
            self.ix.memo[key] = compute()
        return self.ix.memo[key]

    def name(self, eid: str | None, fallback: str | None = None) -> str | None:
        """An entity's canonical name, or ``fallback`` when the id is unknown."""
        e = self.ix.entities.get(eid) if eid else None
        return e.name if e else fallback

    def claim_dict(self, row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
        """A claim row as the export contract has it, plus its document's outlet, date and title."""
        c = dict(row)
        pid = self.ix.links.get((c["document"], c["place_text"])) if c.get("place_text") else None
        aid = self.ix.links.get((c["document"], c["attributed_text"])) if c.get("attributed_text") else None
        c["hedged"] = bool(c.get("hedged"))
        for k in ("value", "low", "high"):
            c[k] = plain_number(c.get(k))
        c["place"] = pid
        c["place_name"] = self.name(pid, c.get("place_text"))
        c["attributed_to"] = aid
        c["attributed_name"] = self.name(aid, c.get("attributed_text"))
        c["cluster"] = self.ix.cluster_of.get(c["id"])
        # an allegation or a denial has no figure: show none rather than "?"
        c["figure"] = bounds_text(c["low"], c["high"], c["value"]) if c.get("kind") == "quantity" else ""
        c["date"] = c.get("as_of") or c.get("published")
        name_document(c)
        c.pop("lead", None)
        cluster = self.ix.clusters.get(c["cluster"]) if c["cluster"] else None
        # a claim in no cluster stands on its own source
        c["independent_sources"] = cluster.independent_sources if cluster else 1
        c["conflicts"] = [{"id": k.id, "kind": k.kind} for k in self.ix.conflicts_of.get(c["id"], [])]
        c["incidents"] = [i.id for i in self.ix.incidents_of.get(c["id"], [])]
        return c

    def doc_rows(self, ids: list[str] | tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """Documents by id (at most 400) with their names: title, outlet, date, path, url."""
        ids = list(dict.fromkeys(ids))[:400]
        q = (f"SELECT id, title, outlet, outlet_source, published, path, url, substr(text, 1, {LEAD_CHARS}) AS lead "
             f"FROM documents WHERE id IN ({','.join('?' * len(ids))})")
        out = {row["id"]: name_document(dict(row)) for row in self.conn.execute(q, ids)} if ids else {}
        for d in out.values():
            d.pop("lead")
        return out

    def claims_by_id(self, ids: list[str] | tuple[str, ...], limit: int = 500) -> dict[str, dict[str, Any]]:
        """Claims by id (at most ``limit``), with their documents' metadata."""
        out: dict[str, dict[str, Any]] = {}
        ids = list(dict.fromkeys(ids))[:limit]
        for i in range(0, len(ids), 400):  # keep under SQLite's variable limit
            chunk = ids[i:i + 400]
            q = f"SELECT {CLAIM_SELECT} {CLAIM_FROM} WHERE c.id IN ({','.join('?' * len(chunk))})"
            for row in self.conn.execute(q, chunk):
                out[row["id"]] = self.claim_dict(row)
        return out


def plain_number(x: Any) -> int | float | None:
    if x is None:
        return None
    x = float(x)
    return int(x) if x.is_integer() else x


def bounds_text(low: Any, high: Any, value: Any = None) -> str:
    """A figure's inclusive bounds as a range: ``1,200``, ``10,000–99,999``, ``≥ 5,000``, ``≤ 1,200``."""
    def f(v: Any) -> str:
        v = plain_number(v)
        return f"{v:,}" if isinstance(v, int) else f"{v:,.1f}"

    if low is None and high is None:
        return "?" if value is None else f(value)
    if low is not None and high is not None:
        return f(low) if float(low) == float(high) else f"{f(low)}–{f(high)}"
    return f"≥ {f(low)}" if low is not None else f"≤ {f(high)}"


def clip_filter(v: str | None) -> str | None:
    v = (v or "").strip()[:MAX_FILTER_CHARS]
    return v or None


def _paging(total: int, page: int, size: int) -> dict[str, Any]:
    pages = max(1, math.ceil(total / size))
    return {"page": page, "size": size, "total": total, "pages": pages,
            "prev": page - 1 if page > 1 else None, "next": page + 1 if page < pages else None}


def clamp_page(page: int | None, size: int | None) -> tuple[int, int]:
    """A page number of at least 1 and a page size between 1 and MAX_PAGE_SIZE."""
    size = PAGE_SIZE if not size else max(1, min(MAX_PAGE_SIZE, int(size)))
    return max(1, int(page or 1)), size


# ------------------------------------------------------------------------ overview
def overview(r: Reader, *, top: int = 10) -> dict[str, Any]:
    """Corpus counts, the most reported claims with their independent sources, open contradictions."""
    conn, res = r.conn, r.ix.resolution
    counts = {
        "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "outlets": conn.execute("SELECT count(DISTINCT outlet) FROM documents WHERE outlet IS NOT NULL").fetchone()[0],
        "claims": conn.execute("SELECT count(*) FROM claims").fetchone()[0],
        "quantity_claims": conn.execute("SELECT count(*) FROM claims WHERE kind = 'quantity'").fetchone()[0],
        "statements": conn.execute("SELECT count(*) FROM statements").fetchone()[0],
        "near_duplicates": conn.execute(
            "SELECT count(*) FROM documents WHERE near_duplicate_of IS NOT NULL").fetchone()[0],
        "entities": len(res.entities),
        "clusters": len(res.clusters),
        "contradictions": sum(k.kind == "contradiction" for k in res.conflicts),
        "revisions": sum(k.kind == "revision" for k in res.conflicts),
        "series": len(res.series),
        "incidents": len(res.incidents),
    }
    dates = conn.execute("SELECT min(published), max(published) FROM documents").fetchone()
    ranked = sorted(res.clusters, key=lambda c: (-len(set(c.documents)), -len(set(c.outlets)),
                                                 -c.independent_sources, c.first_reported or ""))[:top]
    # a cluster's card shows its earliest claim: the figure as first reported
    firsts = r.claims_by_id([c.claims[0] for c in ranked if c.claims])
    most = []
    for c in ranked:
        rep = firsts.get(c.claims[0]) if c.claims else None
        most.append({**cluster_dict(r, c), "claim": rep})
    return {"counts": counts, "first_published": dates[0], "last_published": dates[1],
            "most_reported": most, "contradictions": conflict_lines(r, "contradiction"),
            "revisions": conflict_lines(r, "revision")}


def cluster_dict(r: Reader, c: Cluster) -> dict[str, Any]:
    """A cluster as a page shows it: origins and outlets named, never by key or path; a first date."""
    d = asdict(c)
    for k in ("low", "high"):
        d[k] = plain_number(d[k])
    docs = r.doc_rows(c.documents)
    names = {e: r.ix.entities[e].name for e in c.origins if e in r.ix.entities}
    d["origin_links"] = [origin_link(o, names, list(docs.values())) for o in c.origins]
    d["origin_names"] = [o["name"] for o in d["origin_links"]]
    d["outlet_names"] = sorted({x["outlet_name"] for x in docs.values() if x["outlet_name"]})
    d["chain"] = chain_lines(c.chain, list(docs.values()))
    if not d.get("first_reported") and c.claims:
        d["first_reported"] = r.conn.execute(
            f"SELECT min(coalesce(c.as_of, d.published)) {CLAIM_FROM} WHERE c.id IN "
            f"({','.join('?' * len(c.claims[:400]))})", list(c.claims[:400])).fetchone()[0]
    d["n_documents"] = len(set(c.documents))
    d["n_outlets"] = len(set(c.outlets))
    # more outlets than origins: the repetition is echo, not corroboration
    d["circular"] = d["n_outlets"] > max(1, c.independent_sources)
    d["place_name"] = r.name(c.place, c.place)
    d["figure"] = bounds_text(c.low, c.high)
    return d


# -------------------------------------------------------------------------- claims
CLAIM_FILTERS = ("measure", "group", "place", "source", "outlet", "kind", "date_from", "date_to", "q")


def name_forms(r: Reader, name: str) -> list[str]:
    """Every surface form of the entities called ``name`` (lower-cased), and the name itself."""
    forms = {name.lower(), *(f.lower() for f in r.ix.forms.get(name.lower(), ()))}
    return sorted(forms)


def _source_forms(r: Reader, name: str) -> list[str]:
    """Every surface form of every entity one of whose names contains ``name`` ('Hrytsenko' finds 'Nikolai
    Gritsenko' when both spell one entity), and ``name`` itself, lower-cased."""
    q = name.lower()
    forms = {q}
    for n, fs in r.ix.forms.items():
        if q in n:
            forms.update(f.lower() for f in fs)
    return sorted(forms)[:MAX_SOURCE_FORMS]


def _digits_only(q: str) -> str:
    """A query's figures without thousands separators: '5,000' and '5000' find each other."""
    return re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)", "", q)


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def claim_where(r: Reader, f: dict[str, str | None]) -> tuple[str, list[Any]]:
    """The SQL WHERE clause and arguments of the claims filters ``f``."""
    where, args = [], []
    for key, col in (("group", 'c."group"'), ("kind", "c.kind"), ("outlet", "d.outlet")):
        if f.get(key):
            where.append(f"{col} = ?")
            args.append(f[key])
    if f.get("measure"):
        # an allegation or a denial has no measure: its kind stands in the measure list
        where.append("coalesce(c.measure, c.kind) = ?")
        args.append(f["measure"])
    if f.get("place"):
        forms = name_forms(r, f["place"] or "")
        where.append(f"lower(c.place_text) IN ({','.join('?' * len(forms))})")
        args.extend(forms)
    if f.get("source"):
        forms = _source_forms(r, f["source"] or "")
        where.append(f"(lower(c.attributed_text) IN ({','.join('?' * len(forms))}) "
                     f"OR lower(c.attributed_text) LIKE ? ESCAPE '\\')")
        args.extend([*forms, _like((f["source"] or "").lower())])
    if f.get("date_from"):
        where.append("coalesce(c.as_of, d.published) >= ?")
        args.append(f["date_from"])
    if f.get("date_to"):
        where.append("coalesce(c.as_of, d.published) <= ?")
        args.append(f["date_to"])
    if f.get("q"):
        q = f["q"] or ""
        where.append("(c.sentence LIKE ? ESCAPE '\\' OR replace(c.sentence, ',', '') "
                     "LIKE ? ESCAPE '\\')")
        args.extend([_like(q), _like(_digits_only(q))])
    return (" WHERE " + " AND ".join(where)) if where else "", args


SORTS = {"date": "coalesce(c.as_of, d.published)", "measure": "c.measure", "place": "c.place_text",
         "source": "c.attributed_text", "outlet": "d.outlet", "high": "c.high", "low": "c.low"}


def claims_page(r: Reader, filters: dict[str, str | None] | None = None, *, page: int = 1,
                size: int = PAGE_SIZE, sort: str = "date", desc: bool = False) -> dict[str, Any]:
    """One page of the claims table, filtered by measure, group, place, source, outlet, kind, date and text."""
    f = {k: clip_filter((filters or {}).get(k)) for k in CLAIM_FILTERS}
    page, size = clamp_page(page, size)
    where, args = claim_where(r, f)
    if where:
        total = r.conn.execute(f"SELECT count(*) {CLAIM_FROM}{where}", args).fetchone()[0]
    else:
        total = r.memo("count", lambda: r.conn.execute("SELECT count(*) FROM claims").fetchone()[0])
    order = SORTS.get(sort, SORTS["date"])
    direction = "DESC" if desc else "ASC"
    # sort narrow rows (rowid and key) first, then fetch the page's full rows: the sorter then holds
    # OFFSET + LIMIT small tuples instead of whole sentences, which keeps deep pages fast
    rowids = [row[0] for row in r.conn.execute(
        f"SELECT c.rowid {CLAIM_FROM}{where} ORDER BY {order} IS NULL, {order} {direction}, c.rowid "
        f"LIMIT ? OFFSET ?", [*args, size, (page - 1) * size])]
    rows = {row["_rowid"]: row for row in r.conn.execute(
        f"SELECT c.rowid AS _rowid, {CLAIM_SELECT} {CLAIM_FROM} WHERE c.rowid IN ({','.join('?' * len(rowids))})",
        rowids)} if rowids else {}
    claims = []
    for rid in rowids:
        d = dict(rows[rid])
        d.pop("_rowid")
        claims.append(r.claim_dict(d))
    return {
        "filters": f, "sort": sort if sort in SORTS else "date", "desc": desc,
        "claims": claims,
        "paging": _paging(total, page, size),
        "facets": r.memo("facets", lambda: claim_facets(r)),
    }


def claim_facets(r: Reader) -> dict[str, list[str]]:
    """The values the claims filters offer: measures, groups, kinds, outlets, and known place and source names."""
    def distinct(q: str) -> list[str]:
        return [row[0] for row in r.conn.execute(q) if row[0]]

    ents = r.ix.resolution.entities
    return {
        # every measure present, and the kinds that have none (allegation, denial)
        "measure": distinct("SELECT DISTINCT coalesce(measure, kind) FROM claims ORDER BY 1"),
        "group": distinct('SELECT DISTINCT "group" FROM claims ORDER BY 1'),
        "kind": distinct("SELECT DISTINCT kind FROM claims ORDER BY 1"),
        "outlet": distinct("SELECT DISTINCT outlet FROM documents ORDER BY 1"),
        "place": sorted({e.name for e in ents if e.type == "place"})[:500],
        "source": sorted({e.name for e in ents if e.type != "place"})[:500],
    }


def highlight(text: str, start: int, end: int, sentence: str | None) -> dict[str, str]:
    """Split a document's text around a claim: before, the sentence's lead, the claim, its tail, after.

    The template marks the sentence and, inside it, the claim's own span. Offsets outside the
    text are clamped so a stale offset never breaks the page.
    """
    n = len(text)
    start, end = max(0, min(start or 0, n)), max(0, min(end or 0, n))
    end = max(start, end)
    s0, s1 = start, end
    if sentence:
        # the sentence that contains the claim: search from a sentence-length before it
        i = text.find(sentence, max(0, start - len(sentence)))
        if i != -1 and i <= start and end <= i + len(sentence):
            s0, s1 = i, i + len(sentence)
    return {"before": text[:s0], "lead": text[s0:start], "claim": text[start:end],
            "tail": text[end:s1], "after": text[s1:]}


def claim_page(r: Reader, claim_id: str) -> dict[str, Any] | None:
    """One claim in its preserved document: provenance, speaker, repeats, cluster, origins, conflicts."""
    got = r.claims_by_id([claim_id])
    if claim_id not in got:
        return None
    c = got[claim_id]
    doc = r.ledger.document(c["document"])
    assert doc is not None  # a foreign key guarantees it
    meta = r.conn.execute("SELECT ingested_at, pipeline_version, near_duplicate_of, text_sha256 FROM documents "
                          "WHERE id = ?", (doc.id,)).fetchone()
    statement = None
    if c.get("statement"):
        row = r.conn.execute("SELECT * FROM statements WHERE id = ?", (c["statement"],)).fetchone()
        if row:
            s = dict(row)
            sid = r.ix.links.get((s["document"], s["speaker_text"])) if s.get("speaker_text") else None
            statement = {**s, "direct": bool(s["direct"]), "speaker": sid,
                         "speaker_name": r.name(sid, s.get("speaker_text"))}
    cluster = r.ix.clusters.get(c["cluster"]) if c.get("cluster") else None
    repeats: list[dict[str, Any]] = []
    cluster_d = None
    if cluster:
        cluster_d = cluster_dict(r, cluster)
        members = r.claims_by_id(list(cluster.claims), limit=200)
        repeats = sorted((m for m in members.values() if m["id"] != claim_id), key=lambda m: m.get("date") or "")
    conflicts = []
    for k in r.ix.conflicts_of.get(claim_id, []):
        others = r.claims_by_id([x for x in k.claims if x != claim_id])
        conflicts.append({**asdict(k), "why": why(k.reason), "others": list(others.values())})
    return {
        "claim": c,
        "document": name_document({**doc.as_dict(), **dict(meta)}, doc.text) | {"text": None},
        "highlight": highlight(doc.text, c["start"], c["end"], c.get("sentence")),
        "statement": statement,
        "cluster": cluster_d,
        "repeats": repeats,
        "conflicts": conflicts,
        "incidents": [asdict(i) for i in r.ix.incidents_of.get(claim_id, [])],
        "series": [{"measure": s.measure, "group": s.group, "place_name": s.place_name}
                   for s in r.ix.series_of.get(claim_id, [])],
    }


# ------------------------------------------------------------------ other listings
def entities_page(r: Reader, *, type: str | None = None, q: str | None = None, page: int = 1,
                  size: int = PAGE_SIZE) -> dict[str, Any]:
    """Every entity with every alias seen, filtered by type and name."""
    page, size = clamp_page(page, size)
    q = clip_filter(q)
    rows = [e for e in r.ix.resolution.entities
            if (not type or e.type == type)
            and (not q or any(q.lower() in n.lower() for n in (e.name, *e.aliases)))]
    rows.sort(key=lambda e: (e.type, e.name.lower()))
    chunk = rows[(page - 1) * size: page * size]
    return {"type": type, "q": q, "types": sorted({e.type for e in r.ix.resolution.entities}),
            "entities": [asdict(e) for e in chunk], "paging": _paging(len(rows), page, size)}


def documents_page(r: Reader, *, outlet: str | None = None, page: int = 1, size: int = PAGE_SIZE) -> dict[str, Any]:
    """Documents with outlet, date, hash, claim count and near-duplicates."""
    page, size = clamp_page(page, size)
    outlet = clip_filter(outlet)
    where, args = (" WHERE d.outlet = ?", [outlet]) if outlet else ("", [])
    total = r.conn.execute(f"SELECT count(*) FROM documents d{where}", args).fetchone()[0]
    rows = r.conn.execute(
        f"SELECT d.id, d.title, d.outlet, d.published, d.published_source, d.sha256, d.path, d.url, "
        f"substr(d.text, 1, {LEAD_CHARS}) AS lead, "
        f"d.near_duplicate_of, (SELECT count(*) FROM claims c WHERE c.document = d.id) AS claims "
        f"FROM documents d{where} ORDER BY d.published IS NULL, d.published, d.rowid LIMIT ? OFFSET ?",
        [*args, size, (page - 1) * size]).fetchall()
    ids = [row["id"] for row in rows]
    # the reverse link (later copies of a document) has no index: one scan for the whole page
    dups: dict[str, list[str]] = defaultdict(list)
    if ids:
        for row in r.conn.execute(f"SELECT id, near_duplicate_of FROM documents WHERE near_duplicate_of IN "
                                  f"({','.join('?' * len(ids))})", ids):
            dups[row[1]].append(row[0])
    docs = [name_document({**dict(row), "near_duplicates": dups.get(row["id"], [])}) for row in rows]
    for d in docs:
        d.pop("lead")
    return {"outlet": outlet, "documents": docs, "paging": _paging(total, page, size)}


def document_page(r: Reader, doc_id: str) -> dict[str, Any] | None:
    """One document: metadata, hash, text, its claims and statements."""
    doc = r.ledger.document(doc_id)
    if doc is None:
        return None
    meta = dict(r.conn.execute("SELECT ingested_at, pipeline_version, near_duplicate_of, text_sha256, event_date "
                               "FROM documents WHERE id = ?", (doc_id,)).fetchone())
    dups = [row[0] for row in r.conn.execute("SELECT id FROM documents WHERE near_duplicate_of = ?", (doc_id,))]
    claims = [r.claim_dict(row) for row in r.conn.execute(
        f"SELECT {CLAIM_SELECT} {CLAIM_FROM} WHERE c.document = ? ORDER BY c.start LIMIT 1000", (doc_id,))]
    statements = []
    for row in r.conn.execute("SELECT * FROM statements WHERE document = ? ORDER BY start LIMIT 1000", (doc_id,)):
        s = dict(row)
        sid = r.ix.links.get((doc_id, s["speaker_text"])) if s.get("speaker_text") else None
        statements.append({**s, "direct": bool(s["direct"]), "speaker": sid,
                           "speaker_name": r.name(sid, s.get("speaker_text"))})
    return {"document": name_document({**doc.as_dict(), **meta}, doc.text), "near_duplicates": dups, "claims": claims,
            "statements": statements}


def incident_dict(i: Incident) -> dict[str, Any]:
    d = asdict(i)
    d["killed_range"] = bounds_text(i.killed_low, i.killed_high) if (i.killed_low, i.killed_high) != (None, None) \
        else ""
    d["injured_range"] = bounds_text(i.injured_low, i.injured_high) \
        if (i.injured_low, i.injured_high) != (None, None) else ""
    return d


def incidents_page(r: Reader, *, page: int = 1, size: int = PAGE_SIZE) -> dict[str, Any]:
    """Incidents with date, place, and killed / injured as best estimate and min–max."""
    page, size = clamp_page(page, size)
    rows = sorted(r.ix.resolution.incidents, key=lambda i: (i.date or "", i.id))
    chunk = rows[(page - 1) * size: page * size]
    return {"incidents": [{**incident_dict(i), "place_entity": incident_place(r, i)} for i in chunk],
            "paging": _paging(len(rows), page, size)}


def incident_place(r: Reader, i: Incident) -> str | None:
    """The entity id of an incident's place: its ``place`` key is an entity id or a gazetteer id."""
    if i.place and i.place in r.ix.entities:
        return i.place
    if i.place and i.place in r.ix.by_gazetteer:
        return r.ix.by_gazetteer[i.place]
    eid = r.ix.by_surface.get(i.place_name) if i.place_name else None
    return eid if eid and r.ix.entities[eid].type == "place" else None
