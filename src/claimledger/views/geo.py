"""The map page: places with claims and incidents, on bundled country shapes."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

from claimledger.views.pages import Reader, incident_dict


@cache
def world_paths() -> tuple[dict[str, str], ...]:
    """Country outlines (Natural Earth 1:110m via world-atlas), pre-projected: x = lon, y = -lat."""
    text = resources.files("claimledger.views").joinpath("static/world-110m.json").read_text(encoding="utf-8")
    return tuple({"name": c.get("name") or "", "d": c["d"]} for c in json.loads(text)["countries"])


_PATH_PART = re.compile(r"([ML])\s*(-?[\d.]+)[ ,](-?[\d.]+)|Z")


@cache
def countries_geojson() -> dict[str, Any]:
    """The bundled country outlines as GeoJSON (lon, lat) for the interactive map, from the same data."""
    features = []
    for c in world_paths():
        rings: list[list[list[float]]] = []
        for m in _PATH_PART.finditer(c["d"]):
            if m.group(0) == "Z":
                continue
            if m.group(1) == "M":
                rings.append([])
            rings[-1].append([float(m.group(2)), -float(m.group(3))])
        polygons = [[ring + [ring[0]]] for ring in rings if len(ring) >= 3]
        features.append({"type": "Feature", "properties": {"name": c["name"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    return {"type": "FeatureCollection", "features": features}


def map_page(r: Reader) -> dict[str, Any]:
    """Places with coordinates and incidents, projected onto the bundled basemap, zoomed to where they are."""
    counts: dict[str, int] = defaultdict(int)
    for row in r.conn.execute("SELECT document, place_text, count(*) FROM claims WHERE place_text IS NOT NULL "
                              "GROUP BY document, place_text"):
        eid = r.ix.links.get((row[0], row[1]))
        if eid:
            counts[eid] += row[2]
    # only places some claim is about: a place merely named (a capital in passing) is no finding
    places = [{"id": e.id, "name": e.name, "lat": e.lat, "lon": e.lon, "country": e.country,
               "claims": counts[e.id], "x": round(e.lon, 3), "y": round(-e.lat, 3)}
              for e in r.ix.resolution.entities
              if e.type == "place" and e.lat is not None and e.lon is not None and counts.get(e.id)]
    incidents = [{**incident_dict(i), "x": round(i.lon, 3), "y": round(-i.lat, 3)}
                 for i in r.ix.resolution.incidents if i.lat is not None and i.lon is not None]
    # zoom to where the claims are: a stray mention of a far-away capital should not shrink the map to nothing
    focus = places + incidents
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


