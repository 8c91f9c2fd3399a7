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


SCALES = ("linear", "log")
LANE = 64  # px: the lane right of the plot where figures with no date stand
TICK_GAP = 72  # px: the least distance between two date labels (a date is about 60 px at 11 px type)


def timeline_page(r: Reader, measure: str | None, place: str | None, *, scale: str = "linear", width: int = 820,
                  height: int = 320) -> dict[str, Any]:
    """Figures for one measure in one place over time: one chart, each group a series, as SVG geometry.

    Each claim is a vertical bar from its low to its high bound (an open bound gets an arrow)
    at its as-of date (else the publication date), coloured by group; a claim with no date
    stands in the "undated" lane at the right. The resolved series are drawn as lines through
    their points; revisions and contradictions as links between the points concerned. The
    scale is linear unless ``scale="log"``; the date axis is labelled on the data's own dates.
    """
    index = timeline_index(r)
    measure, place = clip_filter(measure), clip_filter(place)
    scale = scale if scale in SCALES else "linear"
    out: dict[str, Any] = {"measure": measure, "place": place, "index": index, "charts": [], "scale": scale}
    if not measure or not place:
        return out
    page = claims_page(r, {"measure": measure, "place": place, "kind": "quantity"}, size=MAX_PAGE_SIZE)
    forms = {f.lower() for f in name_forms(r, place)}
    series = [s for s in r.ix.resolution.series if s.measure == measure and (s.place_name or "").lower() in forms]
    if page["claims"]:
        out["charts"].append(_chart(r, measure, page["claims"], series, scale == "log", width, height))
    out["truncated"] = page["paging"]["total"] > len(page["claims"])
    return out


def _has_figure(c: dict[str, Any]) -> bool:
    return c["low"] is not None or c["high"] is not None or c["value"] is not None


def _date_ticks(days: list[int], xpos: Any) -> list[dict[str, Any]]:
    """Labels on the data's own dates, the earliest and latest first, none closer than TICK_GAP."""
    distinct = sorted(set(days))
    chosen: list[int] = []
    for d in [distinct[0], distinct[-1], *distinct[1:-1]]:
        if all(abs(xpos(d) - xpos(o)) >= TICK_GAP for o in chosen):
            chosen.append(d)
    return [{"x": xpos(d), "label": date.fromordinal(d).isoformat()} for d in sorted(chosen)]


def _chart(r: Reader, measure: str, claims: list[dict[str, Any]], series: list[Series], log: bool,
           width: int, height: int) -> dict[str, Any]:
    left, right, top, bottom = 70, 24 + LANE, 16, 44
    drawn = [c for c in claims if _has_figure(c)]
    dated = [c for c in drawn if _day(c.get("date")) is not None]
    undated = [c for c in claims if c not in dated]
    groups = sorted({c.get("group") or "unspecified" for c in claims},
                    key=lambda g: (-sum((c.get("group") or "unspecified") == g for c in claims), g))
    colour = {g: PALETTE[min(i, len(PALETTE) - 1)] for i, g in enumerate(groups)}
    lane = [width - right + 12, width - 12]
    chart: dict[str, Any] = {"group": ", ".join(groups), "groups": groups, "measure": measure, "width": width,
                             "height": height, "points": [], "links": [], "lines": [], "yticks": [], "xticks": [],
                             "legend": [{"group": g, "colour": colour[g]} for g in groups], "log": log,
                             "undated": undated, "lane": lane, "plot": [left, top, width - right, height - bottom]}
    if not drawn:
        return chart
    vals = [v for c in drawn for v in (c["low"], c["high"], c["value"]) if v is not None and v > 0] or [1]
    lo_v, hi_v = min(vals), max(vals)
    if log:
        y0, y1 = math.floor(math.log10(max(lo_v, 1))), math.ceil(math.log10(hi_v * 1.01))
        y1 = max(y1, y0 + 1)
    else:
        y0, y1 = 0.0, hi_v * 1.1

    def ypos(v: float) -> float:
        t = ((math.log10(max(v, 1)) - y0) / (y1 - y0)) if log else (v - y0) / (y1 - y0)
        return round(height - bottom - max(0.0, min(1.0, t)) * (height - bottom - top), 1)

    days = [d for d in (_day(c["date"]) for c in dated) if d is not None]
    d0, d1 = (min(days), max(days)) if days else (0, 1)
    if d1 == d0:
        d0, d1 = d0 - 3, d1 + 3
    pad = (d1 - d0) * 0.05

    def xpos(d: float) -> float:
        return round(left + (d - (d0 - pad)) / ((d1 + pad) - (d0 - pad)) * (width - left - right), 1)

    # several claims on one day (or in the undated lane) are spread a little so they stay readable
    per_day: dict[int | None, int] = defaultdict(int)
    where: dict[str, tuple[float, float]] = {}
    for c in sorted(drawn, key=lambda c: (c["date"] or "~", c["id"])):
        d = _day(c["date"]) if c in dated else None
        k = per_day[d]
        per_day[d] += 1
        x = xpos(d) + (k % 5) * 6 if d is not None else lane[0] + 8 + (k % 5) * 9
        lo = c["low"] if c["low"] is not None else (c["value"] if c["high"] is None else None)
        hi = c["high"] if c["high"] is not None else (c["value"] if c["low"] is None else None)
        # an open bound is a short arrow, not a bar to the chart's edge: "more than 40" says nothing of 400
        ymid = ypos(c["value"]) if c["value"] is not None else ypos(lo if lo is not None else hi)  # type: ignore
        y_lo = ypos(lo) if lo is not None else min(height - bottom, ymid + 26)
        y_hi = ypos(hi) if hi is not None else max(top, ymid - 26)
        group = c.get("group") or "unspecified"
        where[c["id"]] = (x, ymid)
        n_conf = r.ix.conflicts_of.get(c["id"], [])
        chart["points"].append({
            "claim": c["id"], "x": x, "y_low": y_lo, "y_high": y_hi, "y": ymid, "dated": d is not None,
            "open_low": lo is None, "open_high": hi is None, "colour": colour[group], "group": group,
            "source": c.get("attributed_name") or "the outlet itself", "figure": c["figure"], "date": c["date"],
            "outlet": c.get("outlet_name") or c.get("doc_short"), "qualifier": c.get("qualifier"),
            "contradiction": any(k.kind == "contradiction" for k in n_conf),
            "revision": any(k.kind == "revision" for k in n_conf),
        })
    ids = set(where)
    seen_k: set[str] = set()
    for c in drawn:
        for k in r.ix.conflicts_of.get(c["id"], []):
            if k.id in seen_k:
                continue
            seen_k.add(k.id)
            members = [x for x in k.claims if x in ids]
            for a, b in zip(members, members[1:], strict=False):
                (xa, ya), (xb, yb) = where[a], where[b]
                chart["links"].append({"kind": k.kind, "x1": xa, "y1": ya, "x2": xb, "y2": yb, "reason": k.reason})
    dated_ids = {c["id"] for c in dated}
    for s in series:
        # a series runs through time: its undated points stand in the lane, off the line
        line = [where[p.claim] for p in s.points if p.claim in where and p.claim in dated_ids]
        if len(line) > 1:
            chart["lines"].append({"points": " ".join(f"{x},{y}" for x, y in line),
                                   "colour": colour.get(s.group or "unspecified", PALETTE[-1]), "group": s.group})
    if log:
        for e in range(int(y0), int(y1) + 1):
            chart["yticks"].append({"y": ypos(10 ** e), "label": f"{10 ** e:,}"})
    else:
        step = _nice_step(y1 / 5)
        v = 0.0
        while v <= y1:
            chart["yticks"].append({"y": ypos(v), "label": f"{plain_number(v):,}"})
            v += step
    chart["xticks"] = _date_ticks(days, xpos) if days else []
    return chart


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return float(m * mag)
    return float(10 * mag)
