"""The timeline page: figures for one measure in one place over time, as SVG geometry."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

from claimledger.records import Series
from claimledger.views.pages import MAX_PAGE_SIZE, Reader, claims_page, clip_filter, name_forms, plain_number

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
    measure, place = clip_filter(measure), clip_filter(place)
    out: dict[str, Any] = {"measure": measure, "place": place, "index": index, "charts": []}
    if not measure or not place:
        return out
    page = claims_page(r, {"measure": measure, "place": place, "kind": "quantity"}, size=MAX_PAGE_SIZE)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in page["claims"]:
        groups[c.get("group") or "unspecified"].append(c)
    series = [s for s in r.ix.resolution.series if s.measure == measure
              and (s.place_name or "").lower() in {f.lower() for f in name_forms(r, place)}]
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
            chart["yticks"].append({"y": ypos(v), "label": f"{plain_number(v):,}"})
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


