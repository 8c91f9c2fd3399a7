"""The single-file HTML report: overview, timelines, map, incidents and claim tables.

One HTML file with its CSS inlined and its charts as inline SVG. It has no script and a
Content-Security-Policy meta tag that forbids every external request, so it can be mailed,
archived, or opened offline years later and look the same. It reads the same page data
functions as the web UI (:mod:`claimledger.views.pages`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from claimledger.store import Ledger
from claimledger.views import geo, pages, timeline

log = logging.getLogger(__name__)

MAX_REPORT_CLAIMS = 5000  # beyond this a single HTML file stops being readable; the exports have the rest
MAX_REPORT_TIMELINES = 12


def template_env() -> Environment:
    """The Jinja environment for pages and report: autoescape on for every template."""
    env = Environment(loader=PackageLoader("claimledger.views", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    # ids go into URL paths: keep ':' readable (claim ids are DOC:cN), quote everything else
    env.filters["idpath"] = lambda v: quote(str(v), safe=":")
    env.filters["seg"] = lambda v: quote(str(v), safe="")  # one path segment: an outlet's name may hold a '/'
    return env


def stylesheet() -> str:
    """The bundled stylesheet's text (inlined by the report)."""
    return resources.files("claimledger.views").joinpath("static/style.css").read_text(encoding="utf-8")


def report_data(ledger: Ledger, *, max_claims: int = MAX_REPORT_CLAIMS) -> dict[str, Any]:
    """Everything the report shows, as one dict (also handy as JSON)."""
    r = pages.Reader(ledger)
    data: dict[str, Any] = dict(pages.overview(r))
    timelines = []
    for entry in timeline.timeline_index(r)[:MAX_REPORT_TIMELINES]:
        t = timeline.timeline_page(r, entry["measure"], entry["place"])
        if any(ch["points"] for ch in t["charts"]):
            timelines.append({"measure": entry["measure"], "place": entry["place"], "charts": t["charts"]})
    data["timelines"] = timelines
    data["map"] = geo.map_page(r)
    data["incident_rows"] = pages.incidents_page(r, size=pages.MAX_PAGE_SIZE)["incidents"]
    total = data["counts"]["claims"]
    claims: list[dict[str, Any]] = []
    page = 1
    while len(claims) < min(total, max_claims):
        chunk = pages.claims_page(r, {}, page=page, size=pages.MAX_PAGE_SIZE, sort="measure")["claims"]
        if not chunk:
            break
        claims.extend(chunk)
        page += 1
    claims = claims[:max_claims]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        groups[c.get("measure") or c.get("kind") or "other"].append(c)
    data["claim_groups"] = [{"measure": m, "claims": sorted(cs, key=lambda c: (c.get("place_name") or "",
                                                                               c.get("date") or ""))}
                            for m, cs in sorted(groups.items())]
    data["claims"] = claims
    data["claims_total"] = total
    data["claims_truncated"] = total > len(claims)
    docs: list[dict[str, Any]] = []
    page = 1
    while True:
        d = pages.documents_page(r, page=page, size=pages.MAX_PAGE_SIZE)
        docs.extend(d["documents"])
        if not d["paging"]["next"] or len(docs) >= max_claims:
            break
        page += 1
    data["documents"] = docs
    return data


def render_report(ledger: Ledger) -> str:
    """The report as one HTML string."""
    data = report_data(ledger)
    html = template_env().get_template("report.html").render(
        **data, css=stylesheet(), countries=geo.world_paths(), web=False,
        generated=datetime.now(UTC).isoformat(timespec="seconds"), source=Path(ledger.path).name)
    return html


def write_report(ledger: Ledger, out_path: str) -> None:
    """Write the self-contained HTML report of ``ledger`` to ``out_path``."""
    html = render_report(ledger)
    Path(out_path).write_text(html, encoding="utf-8")
    log.info("wrote report %s (%d bytes)", out_path, len(html.encode("utf-8")))
