"""The ledger database: the one place that writes.

``Ledger`` is a handle on one SQLite file (WAL mode). Writes happen inside
``atomic()``; each document and everything extracted from it is stored in one
transaction, so a crash leaves either all of a document or none of it.
"""

from claimledger.store.db import Ledger, open_ledger

__all__ = ["Ledger", "open_ledger"]
