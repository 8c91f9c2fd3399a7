"""The single-file HTML report (owner: web/report work). Not available yet."""

from __future__ import annotations

from claimledger.errors import ClaimLedgerError
from claimledger.store import Ledger


def write_report(ledger: Ledger, out_path: str) -> None:
    raise ClaimLedgerError("the HTML report is not available yet (see the web/report issue)")
