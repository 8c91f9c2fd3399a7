"""The pages a mention links to: an entity (or place), an outlet, a cluster and an incident.

Each is one data function returning a JSON-ready dict that feeds both the HTML template and
the ``.json`` / ``/api`` twin, as :mod:`claimledger.views.pages` does for the listings.
"""

from __future__ import annotations

from typing import Any

from claimledger.records import Entity
from claimledger.views.pages import (
    CLAIM_FROM,
    CLAIM_SELECT,
    MAX_PAGE_SIZE,
    Reader,
    claims_page,
    cluster_dict,
    documents_page,
    incident_dict,
    incident_place,
)
from claimledger.views.timeline import timeline_index

MAX_LINKED_CLAIMS = 200  # claims listed on an entity, outlet, cluster or incident page; the claims table has the rest


def _names(r: Reader, e: Entity) -> list[str]:
    """Every lower-cased surface form an entity was linked from, its name and its aliases."""
    return sorted({s.lower() for s in (e.name, *e.aliases, *r.ix.surfaces_of.get(e.id, ()))})


def _claims_where(r: Reader, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    rows = r.conn.execute(f"SELECT {CLAIM_SELECT} {CLAIM_FROM} WHERE {sql} "
                          f"ORDER BY coalesce(c.as_of, d.published), c.rowid LIMIT ?", [*args, MAX_LINKED_CLAIMS * 5])
    return [r.claim_dict(row) for row in rows]


def entity_page(r: Reader, eid: str) -> dict[str, Any] | None:
    """One entity: every alias, the claims it made, the claims about it (its place's, or naming it)."""
    e = r.ix.entities.get(eid)
    if e is None:
        return None
    names = _names(r, e)
    marks = ",".join("?" * len(names))
    said = [c for c in _claims_where(r, f"lower(c.attributed_text) IN ({marks})", names)
            if c["attributed_to"] in (eid, None)][:MAX_LINKED_CLAIMS]
    said_ids = {c["id"] for c in said}
    if e.type == "place":
        about = [c for c in _claims_where(r, f"lower(c.place_text) IN ({marks})", names)
                 if c["place"] in (eid, None)]
    else:
        # a name of three letters or more, as a word of the sentence ('ICRC said', not 'the US' in 'USB')
        like = [n for n in names if len(n) >= 3]
        about = _claims_where(r, " OR ".join(["(' ' || lower(c.sentence) || ' ') LIKE ?"] * len(like)),
                              [f"% {n}%" for n in like]) if like else []
    about = [c for c in about if c["id"] not in said_ids][:MAX_LINKED_CLAIMS]
    incidents = [incident_dict(i) for i in r.ix.resolution.incidents if incident_place(r, i) == eid] \
        if e.type == "place" else []
    timelines = [t for t in timeline_index(r) if t["place"].lower() in names] if e.type == "place" else []
    entity = {"id": e.id, "type": e.type, "name": e.name, "aliases": sorted(set(e.aliases) | {
        s for s in r.ix.surfaces_of.get(e.id, ())}), "lat": e.lat, "lon": e.lon, "country": e.country,
        "admin1": e.admin1, "gazetteer_id": e.gazetteer_id}
    return {"entity": entity, "said": said, "about": about, "incidents": incidents, "timelines": timelines}


def outlet_page(r: Reader, name: str) -> dict[str, Any] | None:
    """One outlet: its documents, its claims and the clusters it repeated."""
    docs = documents_page(r, outlet=name, size=MAX_PAGE_SIZE)
    if not docs["documents"]:
        return None
    claims = claims_page(r, {"outlet": name}, size=MAX_LINKED_CLAIMS)
    clusters = [cluster_dict(r, c) for c in r.ix.resolution.clusters if name in c.outlets][:MAX_LINKED_CLAIMS]
    return {"outlet": name, "documents": docs["documents"], "n_documents": docs["paging"]["total"],
            "claims": claims["claims"], "n_claims": claims["paging"]["total"], "clusters": clusters}


def cluster_page(r: Reader, cid: str) -> dict[str, Any] | None:
    """One cluster: the same claim in every report, its origins, its conflicts."""
    c = r.ix.clusters.get(cid)
    if c is None:
        return None
    members = r.claims_by_id(list(c.claims), limit=MAX_LINKED_CLAIMS)
    claims = sorted(members.values(), key=lambda m: (m.get("date") or "", m["id"]))
    conflicts = {k.id: k for cl in c.claims for k in r.ix.conflicts_of.get(cl, [])}
    return {"cluster": cluster_dict(r, c), "claims": claims,
            "conflicts": [{"id": k.id, "kind": k.kind, "reason": k.reason, "claims": list(k.claims)}
                          for k in conflicts.values()]}


def incident_page(r: Reader, iid: str) -> dict[str, Any] | None:
    """One incident: its figures, place, reports and claims."""
    i = next((x for x in r.ix.resolution.incidents if x.id == iid), None)
    if i is None:
        return None
    members = r.claims_by_id(list(i.claims), limit=MAX_LINKED_CLAIMS)
    claims = sorted(members.values(), key=lambda m: (m.get("measure") or "", m.get("date") or "", m["id"]))
    docs = r.doc_rows(i.documents)
    return {"incident": {**incident_dict(i), "place_entity": incident_place(r, i)}, "claims": claims,
            "documents": [docs[d] for d in i.documents if d in docs]}
