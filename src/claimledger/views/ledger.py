"""The ledger as the JSON export contract of DESIGN.md: one data function for every view."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from claimledger.ingest.credits import agency
from claimledger.records import Resolution
from claimledger.store import Ledger


def _round(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def _story_agencies(documents: list[dict[str, Any]]) -> None:
    """A copy's ``wire_agency``, where its own text names none: the agency its linked copies credit."""
    near = {d["id"]: d["near_duplicate_of"] for d in documents if d["near_duplicate_of"]}

    def root(doc_id: str) -> str:
        seen = {doc_id}
        while doc_id in near and near[doc_id] not in seen:
            doc_id = near[doc_id]
            seen.add(doc_id)
        return doc_id

    story: dict[str, str] = {}
    for d in sorted(documents, key=lambda d: d["id"]):
        if d["wire_agency"]:
            story.setdefault(root(d["id"]), d["wire_agency"])
    for d in documents:
        d["wire_agency"] = d["wire_agency"] or story.get(root(d["id"]))


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    """Every part of the contract: documents, entities, statements, claims, clusters, conflicts, series, incidents."""
    res: Resolution = ledger.load_resolution()
    links = {(d, s): e for d, s, e in res.links}
    entities = {e.id: e for e in res.entities}
    cluster_of = dict(res.claim_cluster)

    def name_of(eid: str | None, fallback: str | None) -> str | None:
        e = entities.get(eid) if eid else None
        return e.name if e else fallback

    meta = {m["id"]: m for m in ledger.document_meta()}
    documents = []
    for d in ledger.documents():
        m = meta.get(d.id, {})
        documents.append({
            "id": d.id, "path": d.path, "sha256": d.sha256, "title": d.title, "outlet": d.outlet,
            "published": d.published, "published_source": d.published_source,
            "url": d.url, "source_id": d.source_id, "origin": d.origin, "outlet_source": d.outlet_source,
            "media_type": d.media_type, "ingested_at": m.get("ingested_at"),
            "pipeline_version": m.get("pipeline_version"), "near_duplicate_of": m.get("near_duplicate_of"),
            "event_date": m.get("event_date"), "text_sha256": m.get("text_sha256"),
            "wire_agency": agency(d.text),
        })
    _story_agencies(documents)
    statements, claims = [], []
    for ex in ledger.extractions():
        for s in ex.statements:
            sid = links.get((s.document, s.speaker_text)) if s.speaker_text else None
            statements.append({
                "id": s.id, "document": s.document, "speaker": sid, "speaker_name": name_of(sid, s.speaker_text),
                "speaker_text": s.speaker_text, "cue": s.cue, "direct": s.direct, "text": s.text,
                "start": s.start, "end": s.end,
            })
        for c in ex.claims:
            pid = links.get((c.document, c.place_text)) if c.place_text else None
            aid = links.get((c.document, c.attributed_text)) if c.attributed_text else None
            claims.append({
                "id": c.id, "document": c.document, "kind": c.kind, "measure": c.measure, "group": c.group,
                "value": _round(c.value), "low": _round(c.low), "high": _round(c.high), "qualifier": c.qualifier,
                "hedged": c.hedged, "place": pid, "place_name": name_of(pid, c.place_text),
                "as_of": c.as_of, "attributed_to": aid, "attributed_name": name_of(aid, c.attributed_text),
                "sentence": c.sentence, "text": c.text, "start": c.start, "end": c.end,
                "cluster": cluster_of.get(c.id), "statement": c.statement, "version": c.version,
            })
    return {
        "documents": documents,
        "entities": [
            {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "lat": e.lat, "lon": e.lon,
             "country": e.country, "admin1": e.admin1, "gazetteer_id": e.gazetteer_id}
            for e in res.entities
        ],
        "statements": statements,
        "claims": claims,
        "clusters": [_plain(asdict(c)) for c in res.clusters],
        "conflicts": [_plain(asdict(c)) for c in res.conflicts],
        "series": [_plain(asdict(s)) for s in res.series],
        "incidents": [_plain(asdict(i)) for i in res.incidents],
        "audit": ledger.audit_log(),
    }


def _plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, float):
        return _round(obj)
    return obj
