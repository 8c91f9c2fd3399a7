"""Schema migrations, recorded in the ``_migrations`` table and safe to re-run."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register a migration; they run in the order they are declared."""

    def wrap(fn: Migration) -> Migration:
        MIGRATIONS.append((name, fn))
        return fn

    return wrap


@migration("0001_initial")
def _initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            source_id TEXT,
            origin TEXT,
            title TEXT,
            outlet TEXT,
            outlet_source TEXT,
            published TEXT,
            published_source TEXT,
            url TEXT,
            language TEXT,
            media_type TEXT,
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            raw BLOB NOT NULL,
            ingested_at TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            event_date TEXT,
            near_duplicate_of TEXT,
            minhash BLOB
        );
        CREATE TABLE mentions (
            document TEXT NOT NULL REFERENCES documents(id),
            n INTEGER NOT NULL,
            start INTEGER, "end" INTEGER, text TEXT, type TEXT,
            gazetteer_id TEXT, canonical TEXT, lat REAL, lon REAL, country TEXT, admin1 TEXT,
            PRIMARY KEY (document, n)
        );
        CREATE TABLE statements (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id),
            text TEXT, start INTEGER, "end" INTEGER, direct INTEGER, cue TEXT,
            speaker_text TEXT, speaker_type TEXT, speaker_start INTEGER, speaker_end INTEGER
        );
        CREATE INDEX statements_document ON statements(document);
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL, sentence TEXT, text TEXT, start INTEGER, "end" INTEGER,
            measure TEXT, "group" TEXT, value REAL, low REAL, high REAL, qualifier TEXT,
            hedged INTEGER, place_text TEXT, as_of TEXT, attributed_text TEXT, attributed_type TEXT,
            statement TEXT, version TEXT
        );
        CREATE INDEX claims_document ON claims(document);
        CREATE INDEX claims_measure ON claims(measure);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            path TEXT,
            document TEXT,
            detail TEXT,
            pipeline_version TEXT
        );
        CREATE TABLE resolution (
            key TEXT PRIMARY KEY,
            payload TEXT NOT NULL,
            computed_at TEXT NOT NULL
        );
        """
    )


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with conn:
            fn(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        applied.append(name)
    return applied
