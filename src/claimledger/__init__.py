"""claimledger: a ledger of claims about harm in news reports, with provenance.

The public Python API::

    from claimledger import open_ledger, ingest, Settings, ledger_data

    with open_ledger("ledger.db") as ledger:
        summary = ingest(["reports/"], ledger, settings=Settings())
        data = ledger_data(ledger)          # the JSON export contract as a dict
"""

from claimledger.errors import ClaimLedgerError, InputError, LedgerBusy, StoreError
from claimledger.records import (
    Claim,
    Cluster,
    Conflict,
    Document,
    Entity,
    Extraction,
    Incident,
    Mention,
    Resolution,
    Series,
    SeriesPoint,
    Statement,
)
from claimledger.settings import PIPELINE_VERSION, Settings
from claimledger.store import Ledger, open_ledger
from claimledger.views.ledger import ledger_data
from claimledger.workflow import IngestSummary, ingest, refresh

__version__ = "0.1.0"

__all__ = [
    "PIPELINE_VERSION",
    "Claim",
    "ClaimLedgerError",
    "Cluster",
    "Conflict",
    "Document",
    "Entity",
    "Extraction",
    "Incident",
    "IngestSummary",
    "InputError",
    "Ledger",
    "LedgerBusy",
    "Mention",
    "Resolution",
    "Series",
    "SeriesPoint",
    "Settings",
    "Statement",
    "StoreError",
    "ingest",
    "ledger_data",
    "open_ledger",
    "refresh",
]
