"""What differs between the two backends, in one place.

The ledger's SQL is written once, for SQLite (``?`` placeholders, ``rowid``). A dialect
knows how to open a connection, how to start a write transaction that excludes other
writers, which exceptions mean "cannot write" and "constraint broken", and how to spell
the few column types that differ (``BLOB``/``BYTEA``, ``REAL``/``DOUBLE PRECISION``,
autoincrement keys, an explicit ``rowid`` column on PostgreSQL).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from claimledger.errors import LedgerBusy, StoreError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(path: str) -> bool:
    """True when ``path`` is a PostgreSQL connection URL rather than a SQLite file."""
    return path.startswith(POSTGRES_SCHEMES)


class Dialect:
    name = "base"
    #: the types the schema's ``{placeholders}`` stand for
    types: dict[str, str] = {}
    operational_errors: tuple[type[BaseException], ...] = ()
    integrity_errors: tuple[type[BaseException], ...] = ()
    #: what opening a file that is not a (sound) ledger raises: a damaged header, a malformed image
    open_errors: tuple[type[BaseException], ...] = ()

    def connect(self, path: str, *, readonly: bool, timeout: float) -> Any:
        raise NotImplementedError

    def begin_write(self, conn: Any, *, path: str, timeout: float) -> None:
        raise NotImplementedError

    def ddl(self, sql: str) -> str:
        """The schema text with this backend's types filled in."""
        return sql.format(**self.types)

    def script(self, conn: Any, sql: str) -> None:
        raise NotImplementedError


def _set_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch a new database to WAL, waiting while another process does the same.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is locked"
    at once, without its busy handler, when another connection holds one (two ingests creating
    the same ledger): so it is retried here until ``timeout``.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if not ("locked" in str(e) or "busy" in str(e)) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _connect_read_only(path: str, timeout: float) -> sqlite3.Connection:
    """A connection that never writes (``mode=ro``). On read-only media SQLite cannot create the WAL index
    (``-shm``) beside a WAL ledger, so the file is then opened ``immutable`` (no locks, no WAL: nothing can
    change it there)."""
    uri = Path(path).resolve().as_uri()  # percent-encoded: "?" or "#" in a path stay part of it
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as e:
        conn.close()
        if "readonly" not in str(e) and "unable to open" not in str(e):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, check_same_thread=False)


def disk_full(e: BaseException) -> bool:
    """True when a write failed because the disk (or the database's page limit) is full."""
    return "full" in str(e).lower() or getattr(e, "sqlite_errorname", "") == "SQLITE_FULL"


def rollback_quietly(conn: Any) -> None:
    """Roll back if a transaction is still open: SQLite ends one itself on some errors (a full disk), and
    "cannot rollback - no transaction is active" must not hide the error that did it."""
    if getattr(conn, "in_transaction", True):
        try:
            conn.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - the error being raised is the one to report
            pass


class SQLiteDialect(Dialect):
    name = "sqlite"
    types = {"blob": "BLOB", "real": "REAL", "serial_pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "rowid": ""}
    operational_errors = (sqlite3.OperationalError,)
    integrity_errors = (sqlite3.IntegrityError,)
    open_errors = (sqlite3.DatabaseError,)

    def connect(self, path: str, *, readonly: bool, timeout: float) -> sqlite3.Connection:
        if readonly:
            conn = _connect_read_only(path, timeout)
        else:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        if not readonly:
            # WAL lets readers (the web app) go on while one writer ingests
            _set_wal(conn, timeout)
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def begin_write(self, conn: sqlite3.Connection, *, path: str, timeout: float) -> None:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise LedgerBusy(f"{path}: another process is writing to this ledger") from e
            raise StoreError(f"{path}: cannot write ({e})") from e

    def script(self, conn: sqlite3.Connection, sql: str) -> None:
        # statement by statement: ``executescript`` would commit the migration's transaction first
        buf = ""
        for line in self.ddl(sql).splitlines(keepends=True):
            buf += line
            if sqlite3.complete_statement(buf):
                conn.execute(buf)
                buf = ""
        if buf.strip():
            conn.execute(buf)


class PostgresDialect(Dialect):
    name = "postgresql"
    # ``rowid`` keeps "ORDER BY rowid" (ingest order) meaning the same on both backends
    types = {"blob": "BYTEA", "real": "DOUBLE PRECISION", "serial_pk": "BIGSERIAL PRIMARY KEY",
             "rowid": "rowid BIGSERIAL UNIQUE,"}

    def __init__(self) -> None:
        import psycopg

        self.operational_errors = (psycopg.OperationalError, psycopg.errors.DataError,
                                   psycopg.errors.ProgramLimitExceeded, psycopg.errors.DiskFull)
        self.integrity_errors = (psycopg.IntegrityError,)
        self.open_errors = self.operational_errors

    def connect(self, path: str, *, readonly: bool, timeout: float) -> Any:
        from claimledger.store.postgres import connect

        return connect(path, readonly=readonly, timeout=timeout)

    def begin_write(self, conn: Any, *, path: str, timeout: float) -> None:
        # One writer at a time, like SQLite's BEGIN IMMEDIATE: a transaction-scoped advisory
        # lock keyed on this database and schema, waited for up to ``timeout`` seconds.
        conn.execute("BEGIN")
        deadline = time.monotonic() + timeout
        while not conn.execute("SELECT pg_try_advisory_xact_lock(?)", (conn.lock_key,)).fetchone()[0]:
            if time.monotonic() > deadline:
                conn.execute("ROLLBACK")
                raise LedgerBusy(f"{conn.display}: another process is writing to this ledger")
            time.sleep(0.05)

    def script(self, conn: Any, sql: str) -> None:
        conn.execute(self.ddl(sql))


def dialect_for(path: str) -> Dialect:
    """The dialect for a ledger path or URL."""
    return PostgresDialect() if is_postgres(path) else SQLiteDialect()
