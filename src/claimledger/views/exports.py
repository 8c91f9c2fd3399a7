"""Export formats: the JSON contract, CSV of claims and incidents, GeoJSON of places and incidents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from claimledger.store import Ledger
from claimledger.views import geo, pages
from claimledger.views.ledger import ledger_data

FORMATS = ("json", "csv", "geojson", "csv-incidents")

CLAIM_COLUMNS = (
    "id", "document", "kind", "measure", "group", "value", "low", "high", "figure", "qualifier", "hedged",
    "place", "place_name", "lat", "lon", "as_of", "attributed_to", "attributed_name", "outlet", "published",
    "title", "url", "sha256", "cluster", "independent_sources", "cluster_outlets", "conflicts", "incidents",
    "text", "sentence", "start", "end",
)
INCIDENT_COLUMNS = (
    "id", "type", "date", "date_end", "place", "place_name", "lat", "lon", "killed", "killed_low", "killed_high",
    "injured", "injured_low", "injured_high", "documents", "claims",
)
# A cell starting with one of these is run as a formula by spreadsheet programs; article text is hostile input.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(ledger: Ledger, fmt: str) -> str:
    """The ledger as text in ``fmt``.

    - ``json``: the export contract of DESIGN.md (every table, one object).
    - ``csv``: the **claims** table, one row per claim, with its document's outlet, date,
      title and hash, its place's coordinates, its cluster and that cluster's independent
      sources, and the ids of its conflicts (``kind:id``) and incidents, ``;``-separated.
    - ``csv-incidents``: the **incidents** table, one row per incident, with best estimates
      and min/max bounds for killed and injured, and ``;``-separated document and claim ids.
      The two CSV tables join on the ``incidents`` column of the claims table (and the
      ``claims`` column here).
    - ``geojson``: a FeatureCollection of incidents and places (each feature's
      ``properties.kind`` says which), coordinates as [longitude, latitude] (RFC 7946).

    CSV is RFC 4180 (comma, double quotes, CRLF), UTF-8. A text cell that would start with
    ``=``, ``+``, ``-`` or ``@`` is prefixed with an apostrophe so that a spreadsheet shows
    it instead of evaluating it; numeric columns are left as they are.
    """
    if fmt == "json":
        return json.dumps(ledger_data(ledger), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return csv_text(CLAIM_COLUMNS, claim_rows(ledger))
    if fmt == "csv-incidents":
        return csv_text(INCIDENT_COLUMNS, incident_rows(ledger))
    if fmt == "geojson":
        return json.dumps(geojson(ledger), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def csv_text(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> str:
    """Rows as RFC 4180 CSV of ``columns``, formula-looking text cells defused."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for row in rows:
        w.writerow([_cell(row.get(k)) for k in columns])
    return buf.getvalue()


def claim_rows(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """Every claim as a flat row of CLAIM_COLUMNS, in ingest order (streamed from SQL)."""
    r = pages.Reader(ledger)
    ix = r.ix
    q = (f"SELECT {pages.CLAIM_SELECT}, d.sha256 AS sha256 {pages.CLAIM_FROM} "
         "ORDER BY d.rowid, c.rowid")
    for row in r.conn.execute(q):
        c = r.claim_dict(row)
        place = ix.entities.get(c["place"]) if c.get("place") else None
        cluster = ix.clusters.get(c["cluster"]) if c.get("cluster") else None
        c.update(
            lat=place.lat if place else None, lon=place.lon if place else None,
            independent_sources=cluster.independent_sources if cluster else None,
            cluster_outlets=len(set(cluster.outlets)) if cluster else None,
            conflicts=";".join(f"{k.kind}:{k.id}" for k in ix.conflicts_of.get(c["id"], [])),
            incidents=";".join(i.id for i in ix.incidents_of.get(c["id"], [])),
        )
        yield c


def incident_rows(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """Every incident as a flat row of INCIDENT_COLUMNS."""
    for i in ledger.load_resolution().incidents:
        d = {k: getattr(i, k, None) for k in INCIDENT_COLUMNS}
        d["documents"] = ";".join(i.documents)
        d["claims"] = ";".join(i.claims)
        yield d


def geojson(ledger: Ledger) -> dict[str, Any]:
    """Incidents and places with coordinates as a GeoJSON FeatureCollection."""
    r = pages.Reader(ledger)
    m = geo.map_page(r)
    features: list[dict[str, Any]] = []
    for i in r.ix.resolution.incidents:
        if i.lat is None or i.lon is None:
            continue
        features.append({
            "type": "Feature", "id": f"incident:{i.id}",
            "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
            "properties": {"kind": "incident", "id": i.id, "type": i.type, "date": i.date, "date_end": i.date_end,
                           "place": i.place, "place_name": i.place_name, "killed": i.killed,
                           "killed_low": i.killed_low, "killed_high": i.killed_high, "injured": i.injured,
                           "injured_low": i.injured_low, "injured_high": i.injured_high,
                           "documents": list(i.documents), "claims": list(i.claims)},
        })
    claims_at = {p["id"]: p["claims"] for p in m["places"]}
    for e in r.ix.resolution.entities:
        if e.type != "place" or e.lat is None or e.lon is None:
            continue
        features.append({
            "type": "Feature", "id": f"place:{e.id}",
            "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
            "properties": {"kind": "place", "id": e.id, "name": e.name, "aliases": list(e.aliases),
                           "country": e.country, "admin1": e.admin1, "gazetteer_id": e.gazetteer_id,
                           "claims": claims_at.get(e.id, 0)},
        })
    return {"type": "FeatureCollection", "features": features}
