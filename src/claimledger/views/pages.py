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

import json
import math
import re
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from claimledger.records import Cluster, Conflict, Entity, Incident, Resolution, Series
from claimledger.store import Ledger
from claimledger.views.conflicts import conflict_lines, why
from claimledger.views.names import name_document, origin_link

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
            c[k] = _num(c.get(k))
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


def _num(x: Any) -> int | float | None:
    if x is None:
        return None
    x = float(x)
    return int(x) if x.is_integer() else x


def bounds_text(low: Any, high: Any, value: Any = None) -> str:
    """A figure's inclusive bounds as a range: ``1,200``, ``10,000–99,999``, ``≥ 5,000``, ``≤ 1,200``."""
    def f(v: Any) -> str:
        v = _num(v)
        return f"{v:,}" if isinstance(v, int) else f"{v:,.1f}"

    if low is None and high is None:
        return "?" if value is None else f(value)
    if low is not None and high is not None:
        return f(low) if float(low) == float(high) else f"{f(low)}–{f(high)}"
    return f"≥ {f(low)}" if low is not None else f"≤ {f(high)}"


def _clip(v: str | None) -> str | None:
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
        d[k] = _num(d[k])
    docs = r.doc_rows(c.documents)
    names = {e: r.ix.entities[e].name for e in c.origins if e in r.ix.entities}
    d["origin_links"] = [origin_link(o, names, list(docs.values())) for o in c.origins]
    d["origin_names"] = [o["name"] for o in d["origin_links"]]
    d["outlet_names"] = sorted({x["outlet_name"] for x in docs.values() if x["outlet_name"]})
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


def _forms(r: Reader, name: str) -> list[str]:
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
        forms = _forms(r, f["place"] or "")
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
    f = {k: _clip((filters or {}).get(k)) for k in CLAIM_FILTERS}
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


# ------------------------------------------------------------------------ timeline
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")


def timeline_index(r: Reader, *, limit: int = 200) -> list[dict[str, Any]]:
    """The measure + place pairs worth a timeline: the resolved series, then the most claimed pairs."""
    return list(r.memo(f"timeline_index:{limit}", lambda: _timeline_index(r, limit)))


def _timeline_index(r: Reader, limit: int) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for s in r.ix.resolution.series:
        key = (s.measure, (s.place_name or "").lower())
        e = seen.setdefault(key, {"measure": s.measure, "place": s.place_name or "", "series": 0, "claims": 0})
        e["series"] += 1
        e["claims"] += len(s.points)
    rows = r.conn.execute(
        "SELECT measure, place_text, count(*) AS n FROM claims WHERE kind = 'quantity' AND measure IS NOT NULL "
        "AND place_text IS NOT NULL GROUP BY measure, lower(place_text) ORDER BY n DESC LIMIT ?", (limit,))
    for row in rows:
        place = r.name(_entity_for(r, row["place_text"]), row["place_text"]) or ""
        key = (row["measure"], place.lower())
        e = seen.setdefault(key, {"measure": row["measure"], "place": place, "series": 0, "claims": 0})
        # series count only their own points; several surface forms of one place add up here
        e["claims"] = max(e["claims"], row["n"]) if e["series"] else e["claims"] + row["n"]
    return sorted(seen.values(), key=lambda e: (-e["series"], -e["claims"], e["measure"], e["place"]))[:limit]


def _entity_for(r: Reader, surface: str) -> str | None:
    return r.ix.by_surface.get(surface)


def _day(iso: str | None) -> int | None:
    try:
        return date.fromisoformat((iso or "")[:10]).toordinal()
    except ValueError:
        return None


def timeline_page(r: Reader, measure: str | None, place: str | None, *, width: int = 760,
                  height: int = 300) -> dict[str, Any]:
    """Figures for one measure in one place over time, one chart per group, as SVG geometry.

    Each claim is a vertical bar from its low to its high bound (an open bound gets an arrow)
    at its as-of date (else the publication date), coloured by source. The resolved series
    are drawn as a line through their points; revisions as grey arrows from the old figure
    to the new; contradictions as red dashed links between the points that disagree.
    """
    index = timeline_index(r)
    measure, place = _clip(measure), _clip(place)
    out: dict[str, Any] = {"measure": measure, "place": place, "index": index, "charts": []}
    if not measure or not place:
        return out
    page = claims_page(r, {"measure": measure, "place": place, "kind": "quantity"}, size=MAX_PAGE_SIZE)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in page["claims"]:
        groups[c.get("group") or "unspecified"].append(c)
    series = [s for s in r.ix.resolution.series if s.measure == measure
              and (s.place_name or "").lower() in {f.lower() for f in _forms(r, place)}]
    for group, claims in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        out["charts"].append(_chart(r, measure, group, claims, [s for s in series if s.group == group],
                                    width, height))
    out["truncated"] = page["paging"]["total"] > len(page["claims"])
    return out


def _chart(r: Reader, measure: str, group: str, claims: list[dict[str, Any]], series: list[Series],
           width: int, height: int) -> dict[str, Any]:
    left, right, top, bottom = 70, 44, 16, 44
    pts = [c for c in claims if _day(c.get("date")) is not None and (c["low"] is not None or c["high"] is not None
                                                                       or c["value"] is not None)]
    undated = [c for c in claims if c not in pts]
    chart: dict[str, Any] = {"group": group, "measure": measure, "width": width, "height": height,
                             "points": [], "links": [], "lines": [], "yticks": [], "xticks": [],
                             "legend": [], "undated": undated, "plot": [left, top, width - right, height - bottom]}
    if not pts:
        return chart
    vals = [v for c in pts for v in (c["low"], c["high"], c["value"]) if v is not None and v > 0] or [1]
    lo_v, hi_v = min(vals), max(vals)
    log = hi_v / max(lo_v, 1) > 20
    if log:
        y0, y1 = math.floor(math.log10(max(lo_v, 1))), math.ceil(math.log10(hi_v * 1.01))
        y1 = max(y1, y0 + 1)
    else:
        y0, y1 = 0.0, hi_v * 1.1

    def ypos(v: float) -> float:
        t = ((math.log10(max(v, 1)) - y0) / (y1 - y0)) if log else (v - y0) / (y1 - y0)
        return round(height - bottom - max(0.0, min(1.0, t)) * (height - bottom - top), 1)

    days = [_day(c["date"]) for c in pts]
    d0, d1 = min(days), max(days)  # type: ignore[type-var]
    if d1 == d0:
        d0, d1 = d0 - 3, d1 + 3  # type: ignore[operator]
    pad = (d1 - d0) * 0.05  # type: ignore[operator]
    d0, d1 = d0 - pad, d1 + pad  # type: ignore[operator]

    def xpos(d: int) -> float:
        return round(left + (d - d0) / (d1 - d0) * (width - left - right), 1)

    sources = sorted({c.get("attributed_name") or "(outlet's own)" for c in pts})
    colour = {s: PALETTE[i] if i < len(PALETTE) - 1 else PALETTE[-1] for i, s in enumerate(sources)}
    chart["legend"] = [{"source": s, "colour": colour[s]} for s in sources]
    # several claims on one day are spread a little so they stay readable
    per_day: dict[int, int] = defaultdict(int)
    where: dict[str, tuple[float, float]] = {}
    for c in sorted(pts, key=lambda c: (c["date"], c["id"])):
        d = _day(c["date"])
        assert d is not None
        k = per_day[d]
        per_day[d] += 1
        x = xpos(d) + (k % 5) * 6
        lo = c["low"] if c["low"] is not None else (c["value"] if c["high"] is None else None)
        hi = c["high"] if c["high"] is not None else (c["value"] if c["low"] is None else None)
        # an open bound is a short arrow, not a bar to the chart's edge: "more than 40" says nothing of 400
        ymid = ypos(c["value"]) if c["value"] is not None else ypos(lo if lo is not None else hi)  # type: ignore
        y_lo = ypos(lo) if lo is not None else min(height - bottom, ymid + 26)
        y_hi = ypos(hi) if hi is not None else max(top, ymid - 26)
        src = c.get("attributed_name") or "(outlet's own)"
        where[c["id"]] = (x, ymid)
        n_conf = r.ix.conflicts_of.get(c["id"], [])
        chart["points"].append({
            "claim": c["id"], "x": x, "y_low": y_lo, "y_high": y_hi, "y": ymid,
            "open_low": lo is None, "open_high": hi is None, "colour": colour[src], "source": src,
            "figure": c["figure"], "date": c["date"], "outlet": c.get("outlet"), "qualifier": c.get("qualifier"),
            "contradiction": any(k.kind == "contradiction" for k in n_conf),
            "revision": any(k.kind == "revision" for k in n_conf),
        })
    ids = set(where)
    seen_k: set[str] = set()
    for c in pts:
        for k in r.ix.conflicts_of.get(c["id"], []):
            if k.id in seen_k:
                continue
            seen_k.add(k.id)
            members = [x for x in k.claims if x in ids]
            for a, b in zip(members, members[1:], strict=False):
                (xa, ya), (xb, yb) = where[a], where[b]
                chart["links"].append({"kind": k.kind, "x1": xa, "y1": ya, "x2": xb, "y2": yb, "reason": k.reason})
    for s in series:
        line = [where[p.claim] for p in s.points if p.claim in where]
        if len(line) > 1:
            chart["lines"].append({"points": " ".join(f"{x},{y}" for x, y in line)})
    if log:
        for e in range(int(y0), int(y1) + 1):
            chart["yticks"].append({"y": ypos(10 ** e), "label": f"{10 ** e:,}"})
    else:
        step = _nice_step(y1 / 5)
        v = 0.0
        while v <= y1:
            chart["yticks"].append({"y": ypos(v), "label": f"{_num(v):,}"})
            v += step
    chart["log"] = log
    n_ticks = 6
    for i in range(n_ticks):
        d = d0 + (d1 - d0) * i / (n_ticks - 1)
        chart["xticks"].append({"x": xpos(d), "label": date.fromordinal(int(round(d))).isoformat()})
    return chart


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return float(m * mag)
    return float(10 * mag)


# ----------------------------------------------------------------------------- map
@cache
def world_paths() -> tuple[dict[str, str], ...]:
    """Country outlines (Natural Earth 1:110m via world-atlas), pre-projected: x = lon, y = -lat."""
    text = resources.files("claimledger.views").joinpath("static/world-110m.json").read_text(encoding="utf-8")
    return tuple({"name": c.get("name") or "", "d": c["d"]} for c in json.loads(text)["countries"])


def map_page(r: Reader) -> dict[str, Any]:
    """Places with coordinates and incidents, projected onto the bundled basemap, zoomed to where they are."""
    counts: dict[str, int] = defaultdict(int)
    for row in r.conn.execute("SELECT document, place_text, count(*) FROM claims WHERE place_text IS NOT NULL "
                              "GROUP BY document, place_text"):
        eid = r.ix.links.get((row[0], row[1]))
        if eid:
            counts[eid] += row[2]
    places = [{"id": e.id, "name": e.name, "lat": e.lat, "lon": e.lon, "country": e.country,
               "claims": counts.get(e.id, 0), "x": round(e.lon, 3), "y": round(-e.lat, 3)}
              for e in r.ix.resolution.entities if e.type == "place" and e.lat is not None and e.lon is not None]
    incidents = [{**incident_dict(i), "x": round(i.lon, 3), "y": round(-i.lat, 3)}
                 for i in r.ix.resolution.incidents if i.lat is not None and i.lon is not None]
    # zoom to where the claims are: a stray mention of a far-away capital should not shrink the map to nothing
    focus = [p for p in places if p["claims"]] + incidents or places
    xs = [p["x"] for p in focus]
    ys = [p["y"] for p in focus]
    if xs:
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        w = max(24.0, (max(xs) - min(xs)) * 1.4, (max(ys) - min(ys)) * 1.4 * 2)
        w = min(w, 360.0)
        h = w / 2
        cx = min(max(cx, -180 + w / 2), 180 - w / 2)
        cy = min(max(cy, -90 + h / 2), 90 - h / 2)
        view = [round(cx - w / 2, 2), round(cy - h / 2, 2), round(w, 2), round(h, 2)]
    else:
        view = [-180, -90, 360, 180]
    unit = round(view[2] / 360, 4)
    _place_labels(places, view, unit)
    return {"places": places, "incidents": incidents, "viewbox": view, "unit": unit}


def _place_labels(places: list[dict[str, Any]], view: list[float], unit: float) -> None:
    """Label the most claimed places first and skip any label that would overlap one already placed."""
    placed: list[tuple[float, float, float, float]] = []
    size = unit * 7  # the template's font size, in map units
    for p in sorted(places, key=lambda p: -p["claims"]):
        x0, y1 = p["x"] + unit * 6, p["y"] + size * 0.3
        box = (x0, y1 - size, x0 + len(p["name"]) * size * 0.6, y1)
        inside = view[0] <= p["x"] <= view[0] + view[2] and view[1] <= p["y"] <= view[1] + view[3]
        free = all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed)
        p["label"] = bool(inside and free and (p["claims"] or len(placed) < 12))
        if p["label"]:
            placed.append(box)


# ------------------------------------------------------------------ other listings
def entities_page(r: Reader, *, type: str | None = None, q: str | None = None, page: int = 1,
                  size: int = PAGE_SIZE) -> dict[str, Any]:
    """Every entity with every alias seen, filtered by type and name."""
    page, size = clamp_page(page, size)
    q = _clip(q)
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
    outlet = _clip(outlet)
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
