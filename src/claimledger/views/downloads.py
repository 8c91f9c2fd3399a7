"""CSV and JSON downloads of a table exactly as filtered on screen: every row of the filter, in the page's order.

The page functions of :mod:`claimledger.views.pages` decide which rows a filter keeps; a
download walks their pages to the end, so the file and the screen can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimledger.views.exports import csv_text
from claimledger.views.pages import MAX_PAGE_SIZE

MAX_DOWNLOAD_ROWS = 100_000  # one download holds at most this many rows; the `export` command has the rest

COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": ("id", "kind", "measure", "group", "figure", "low", "high", "value", "qualifier", "hedged",
               "place_name", "place", "attributed_name", "attributed_to", "outlet_name", "doc_name", "published",
               "as_of", "independent_sources", "cluster", "conflicts", "incidents", "text", "sentence",
               "document", "url"),
    "incidents": ("id", "type", "date", "date_end", "place_name", "place", "killed", "killed_low", "killed_high",
                  "injured", "injured_low", "injured_high", "documents", "claims"),
    "entities": ("id", "type", "name", "aliases", "lat", "lon", "country", "admin1", "gazetteer_id"),
    "documents": ("id", "doc_name", "outlet_name", "published", "published_source", "claims", "url", "path",
                  "sha256", "near_duplicate_of", "near_duplicates"),
}
LIST_KEY = {"claims": "claims", "incidents": "incidents", "entities": "entities", "documents": "documents"}


def every_row(table: str, fetch: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The page data of ``fetch(page=, size=)`` with every row of the filter on one page (at most the cap)."""
    key = LIST_KEY[table]
    data = fetch(page=1, size=MAX_PAGE_SIZE)
    rows = list(data[key])
    page = 1
    while data["paging"]["next"] and len(rows) < MAX_DOWNLOAD_ROWS:
        page += 1
        data = fetch(page=page, size=MAX_PAGE_SIZE)
        rows.extend(data[key])
    rows = rows[:MAX_DOWNLOAD_ROWS]
    total = data["paging"]["total"]
    return {**data, key: rows, "paging": {"page": 1, "size": len(rows), "total": total, "pages": 1, "prev": None,
                                          "next": None, "truncated": total > len(rows)}}


def _flat(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return ";".join(f"{x['kind']}:{x['id']}" if isinstance(x, dict) else str(x) for x in v)
    return v


def table_csv(table: str, data: dict[str, Any]) -> str:
    """The rows of a table's page data as CSV of that table's columns."""
    rows = ({k: _flat(row.get(k)) for k in COLUMNS[table]} for row in data[LIST_KEY[table]])
    return csv_text(COLUMNS[table], rows)
