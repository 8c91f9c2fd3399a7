"""The web UI and JSON API (owner: web/report work). Not available yet."""

from __future__ import annotations

from typing import Any

from claimledger.errors import ClaimLedgerError


def create_app(db_path: str) -> Any:
    raise ClaimLedgerError("the web UI is not available yet (see the web/report issue)")
