"""Schema migrations, recorded in the ``_migrations`` table and safe to re-run.

A migration gets the connection and the backend's dialect; DDL is written once with
``{blob}``, ``{real}``, ``{serial_pk}`` and ``{rowid}`` standing for the types that differ
between SQLite and PostgreSQL (see ``store/dialect.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from claimledger.store.dialect import Dialect, SQLiteDialect, rollback_quietly

Migration = Callable[[Any, Dialect], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register a migration; they run in the order they are declared."""

    def wrap(fn: Migration) -> Migration:
        MIGRATIONS.append((name, fn))
        return fn

    return wrap


@migration("0001_initial")
def _initial(conn: Any, dialect: Dialect) -> None:
    dialect.script(
        conn,
        """
        CREATE TABLE documents (
            {rowid}
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
            raw {blob} NOT NULL,
            ingested_at TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            event_date TEXT,
            near_duplicate_of TEXT,
            minhash {blob}
        );
        CREATE TABLE mentions (
            document TEXT NOT NULL REFERENCES documents(id),
            n INTEGER NOT NULL,
            start INTEGER, "end" INTEGER, text TEXT, type TEXT,
            gazetteer_id TEXT, canonical TEXT, lat {real}, lon {real}, country TEXT, admin1 TEXT,
            PRIMARY KEY (document, n)
        );
        CREATE TABLE statements (
            {rowid}
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id),
            text TEXT, start INTEGER, "end" INTEGER, direct INTEGER, cue TEXT,
            speaker_text TEXT, speaker_type TEXT, speaker_start INTEGER, speaker_end INTEGER
        );
        CREATE INDEX statements_document ON statements(document);
        CREATE TABLE claims (
            {rowid}
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL, sentence TEXT, text TEXT, start INTEGER, "end" INTEGER,
            measure TEXT, "group" TEXT, value {real}, low {real}, high {real}, qualifier TEXT,
            hedged INTEGER, place_text TEXT, as_of TEXT, attributed_text TEXT, attributed_type TEXT,
            statement TEXT, version TEXT
        );
        CREATE INDEX claims_document ON claims(document);
        CREATE INDEX claims_measure ON claims(measure);
        CREATE TABLE audit (
            id {serial_pk},
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


@migration("0002_incident_reports")
def _incident_reports(conn: Any, dialect: Dialect) -> None:
    """Each document's incident profile, kept so that an update compares new reports with stored ones."""
    dialect.script(
        conn,
        """
        CREATE TABLE incident_reports (
            document TEXT PRIMARY KEY REFERENCES documents(id),
            version TEXT NOT NULL,
            violent INTEGER NOT NULL,
            day TEXT,
            country TEXT,
            component TEXT,
            report TEXT NOT NULL
        );
        CREATE INDEX incident_reports_day ON incident_reports(day);
        CREATE INDEX incident_reports_component ON incident_reports(component);
        CREATE TABLE incident_names (
            name TEXT NOT NULL,
            document TEXT NOT NULL REFERENCES documents(id),
            PRIMARY KEY (name, document)
        );
        """
    )


@migration("0003_claim_state")
def _claim_state(conn: Any, dialect: Dialect) -> None:
    """The claim layer's intermediate state (per document, entity, claim), and the indexes that find it."""
    dialect.script(
        conn,
        """
        CREATE TABLE claim_state (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        );
        CREATE TABLE claim_index (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (kind, key, item)
        );
        CREATE INDEX claim_index_item ON claim_index(kind, item);
        """
    )


@migration("0004_claim_index_by_item")
def _claim_index_by_item(conn: Any, dialect: Dialect) -> None:
    """An index that answers "which keys list this item" without reading the table (the primary key's
    order serves "which items does this key list"); the narrower one made planners scan a whole kind."""
    dialect.script(
        conn,
        """
        DROP INDEX claim_index_item;
        CREATE INDEX claim_index_item ON claim_index(kind, item, key);
        """
    )


@migration("0005_incident_report_outlets")
def _incident_report_outlets(conn: Any, dialect: Dialect) -> None:
    """Each stored incident report's outlet and own region: an outlet's home region is learned from its reports."""
    dialect.script(
        conn,
        """
        ALTER TABLE incident_reports ADD COLUMN outlet TEXT;
        ALTER TABLE incident_reports ADD COLUMN region TEXT;
        CREATE INDEX incident_reports_outlet ON incident_reports(outlet);
        """
    )


@migration("0006_incident_report_states")
def _incident_report_states(conn: Any, dialect: Dialect) -> None:
    """Each stored incident report's region (``Report.state``): a report of another region is no partner by date,
    so an update need not decode it."""
    dialect.script(conn, "ALTER TABLE incident_reports ADD COLUMN state TEXT;")


@migration("0007_incident_report_state_days")
def _incident_report_state_days(conn: Any, dialect: Dialect) -> None:
    """Stored incident reports by region and date: a new report's neighbours by date are those of its region
    (or of none), found without reading the others."""
    dialect.script(conn, "CREATE INDEX incident_reports_state_day ON incident_reports(state, day);")


@migration("0008_tamper_evidence")
def _tamper_evidence(conn: Any, dialect: Dialect) -> None:
    """Hashes that make the ledger tamper-evident (``store/integrity.py``): each document's record, the audit
    log's chain, each row of stored state; an existing ledger is sealed as it stands."""
    from claimledger.store.integrity import STATE_TABLES, backfill

    dialect.script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN record_parts TEXT;
        ALTER TABLE documents ADD COLUMN record_sha256 TEXT;
        ALTER TABLE audit ADD COLUMN record_sha256 TEXT;
        ALTER TABLE audit ADD COLUMN prev_sha256 TEXT;
        ALTER TABLE audit ADD COLUMN row_sha256 TEXT;
        """
        + "".join(f"ALTER TABLE {table} ADD COLUMN row_sha256 TEXT;\n" for table in STATE_TABLES),
    )
    backfill(conn)


def pending(conn: Any) -> list[str]:
    """The migrations a ledger has not had yet (all of them when it has none recorded)."""
    try:
        done = {r[0] for r in conn.execute("SELECT name FROM _migrations").fetchall()}
    except Exception:  # noqa: BLE001 - no such table, on either backend
        return [name for name, _ in MIGRATIONS]
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(conn: Any, dialect: Dialect | None = None) -> list[str]:
    """Apply every migration not yet recorded; return the names applied.

    Each migration runs in its own write transaction (the dialect's: BEGIN IMMEDIATE on
    SQLite, an advisory lock on PostgreSQL), so two processes opening a new ledger at once
    apply each migration once.
    """
    dialect = dialect or SQLiteDialect()
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.commit()
    applied = []
    for name, fn in MIGRATIONS:
        if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
            continue
        dialect.begin_write(conn, path="ledger", timeout=30.0)
        try:
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            fn(conn, dialect)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        except BaseException:
            rollback_quietly(conn)
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            rollback_quietly(conn)
            raise
        applied.append(name)
    return applied
