"""The exceptions claimledger raises.

    ClaimLedgerError
    ├── InputError          a file cannot be read as a document (names the file and the reason)
    │   └── UnsupportedInput   a format we do not read (binary, archive bomb, ...)
    ├── StoreError          the ledger database cannot be opened or written
    │   └── LedgerBusy         another process holds the write lock
    └── ConfigError         a bad option or settings value

    InputWarning            not an exception: a reader yields it beside the document it read,
                            saying what it had to guess or replace (the audit log keeps it)
"""

from dataclasses import dataclass


class ClaimLedgerError(Exception):
    """Base class of every error claimledger raises on purpose."""


class InputError(ClaimLedgerError):
    """One input cannot become a document; the run goes on with the rest."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # lets an error cross a process pool or a Dask worker boundary intact
        return (type(self), (self.path, self.reason))


class UnsupportedInput(InputError):
    """The input is of a kind we do not read."""


class StoreError(ClaimLedgerError):
    """The ledger database cannot be opened or written."""


class LedgerBusy(StoreError):
    """Another process is writing to the same ledger."""


class ConfigError(ClaimLedgerError):
    """An option or settings value is invalid."""


@dataclass(frozen=True)
class InputWarning:
    """An input was read, but not as it stood (bytes replaced or dropped): yielded, never raised."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
