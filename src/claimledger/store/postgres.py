"""PostgreSQL through psycopg 3, behind the same small connection surface as ``sqlite3``.

The store (and the read-only views) speak SQLite's Python API: ``conn.execute(sql, params)``
with ``?`` placeholders, rows that index by position and by name, ``commit``/``rollback``.
``PgConnection`` gives psycopg that shape, so one set of queries serves both backends:

- ``?`` becomes ``%s`` (a literal ``%`` is doubled first);
- Python booleans are stored as 0/1, as SQLite stores them (the columns are INTEGER);
- the connection runs in autocommit mode and the store opens its own transactions
  (``BEGIN`` + an advisory lock), as it does on SQLite.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.pq import TransactionStatus

from claimledger.errors import StoreError

log = logging.getLogger(__name__)

# ``?`` outside quoted strings and identifiers
_PLACEHOLDER = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|\?""")


def translate(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (literal ``%`` escaped)."""
    sql = sql.replace("%", "%%")
    return _PLACEHOLDER.sub(lambda m: m.group(1) or "%s", sql)


def redact(url: str) -> str:
    """A URL fit for messages: any password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class Row(tuple):  # type: ignore[type-arg]
    """A result row that indexes by position or by column name, like ``sqlite3.Row``."""

    _names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                raise IndexError(f"no column {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@functools.lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"_names": names, "__slots__": ()})


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    cls = _row_class(tuple(c.name for c in cursor.description or ()))

    def make(values: Sequence[Any]) -> Row:
        return cls(values)

    return make


def _adapt(params: Sequence[Any] | None) -> Sequence[Any] | None:
    if params is None:
        return None
    return [int(p) if isinstance(p, bool) else p for p in params]


class Cursor:
    """The part of ``sqlite3.Cursor`` the ledger uses."""

    def __init__(self, cur: psycopg.Cursor[Any]):
        self._cur = cur

    def fetchone(self) -> Any:
        return self._cur.fetchone() if self._cur.description else None

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall() if self._cur.description else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._cur.fetchmany(size) if self._cur.description else []

    def __iter__(self) -> Iterator[Any]:
        if self._cur.description:
            yield from self._cur

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def description(self) -> Any:
        return self._cur.description


class PgConnection:
    """A psycopg connection with ``sqlite3.Connection``'s calling conventions."""

    def __init__(self, raw: psycopg.Connection[Any], url: str):
        self.raw = raw
        self.display = redact(url)
        self.lock_key: int = raw.execute(
            "SELECT hashtext(current_database() || '.' || current_schema())").fetchone()[0]

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        cur = self.raw.cursor()
        if params is None and "?" not in sql:
            cur.execute(sql.encode("utf-8"))  # no parameters: several statements allowed, % left alone
        else:
            cur.execute(translate(sql), _adapt(params or ()))
        return Cursor(cur)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        cur = self.raw.cursor()
        cur.executemany(translate(sql), [_adapt(p) for p in seq])
        return Cursor(cur)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


def connect(url: str, *, readonly: bool = False, timeout: float = 30.0) -> PgConnection:
    """Open ``url`` (``postgresql://user@host/db``) in autocommit mode."""
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory,
                              connect_timeout=max(1, int(timeout)))
    except psycopg.Error as e:
        raise StoreError(f"{redact(url)}: cannot open the ledger ({str(e).strip()})") from e
    if readonly:
        raw.execute("SET default_transaction_read_only = on")
    return PgConnection(raw, url)
