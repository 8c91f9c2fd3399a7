"""Export formats: the JSON contract, CSV of claims and incidents, GeoJSON of places and incidents."""

from __future__ import annotations

import json

from claimledger.store import Ledger
from claimledger.views.ledger import ledger_data

FORMATS = ("json", "csv", "geojson")


def render(ledger: Ledger, fmt: str) -> str:
    """The ledger as text in ``fmt``."""
    data = ledger_data(ledger)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    raise NotImplementedError(f"export format {fmt!r} is not available yet (see the web/report issue)")
