"""Tamper evidence: what each stored row is hashed over, the audit log's hash chain, and ``verify``.

- Each document's *record* (its metadata row, mentions, statements and claims, as stored) is hashed
  part by part; the part hashes (``documents.record_parts``) and their hash (``record_sha256``) are
  stored with it, and the audit row that ingested it carries that hash too.
- Audit rows chain: each holds the previous row's hash (``prev_sha256``) and its own (``row_sha256``)
  over its fields and that link. Editing, inserting or removing a row breaks the chain after it;
  rewriting the whole chain changes its head, which ``verify`` prints to be kept elsewhere.
- Each row of the stored cross-document state (resolution payloads, claim-layer state and index,
  incident reports and names) holds a hash of its own fields (``row_sha256``).

The hashed columns are pinned here (``RECORD_VERSION``): a column another change adds later is not
covered until a new version lists it, so adding one does not make every stored document look edited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

RECORD_VERSION = 1
# documents: every column but the bytes (``sha256`` covers ``raw``, ``text_sha256`` the text), the
# MinHash (derived from the text) and the near-duplicate link (refreshed by dedup, not a fact of ingest)
DOCUMENT_COLUMNS = ("id", "sha256", "path", "source_id", "origin", "title", "outlet", "outlet_source", "published",
                    "published_source", "url", "language", "media_type", "text_sha256", "ingested_at",
                    "pipeline_version", "event_date")
MENTION_COLUMNS = ("n", "start", "end", "text", "type", "gazetteer_id", "canonical", "lat", "lon", "country",
                   "admin1")
STATEMENT_COLUMNS = ("id", "text", "start", "end", "direct", "cue", "speaker_text", "speaker_type",
                     "speaker_start", "speaker_end")
CLAIM_COLUMNS = ("id", "kind", "sentence", "text", "start", "end", "measure", "group", "value", "low", "high",
                 "qualifier", "hedged", "place_text", "as_of", "attributed_text", "attributed_type", "statement",
                 "version")
_PARTS = (("mentions", MENTION_COLUMNS, "n"), ("statements", STATEMENT_COLUMNS, "id"),
          ("claims", CLAIM_COLUMNS, "id"))

# the stored cross-document state: table -> (hashed columns, primary key)
STATE_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "resolution": (("key", "payload"), ("key",)),
    "claim_state": (("kind", "key", "payload"), ("kind", "key")),
    "claim_index": (("kind", "key", "item"), ("kind", "key", "item")),
    "incident_reports": (("document", "version", "violent", "day", "country", "component", "report", "outlet",
                          "region", "state"), ("document",)),
    "incident_names": (("name", "document"), ("name", "document")),
}
AUDIT_COLUMNS = ("at", "action", "path", "document", "detail", "pipeline_version", "record_sha256")
# audit actions that store a document's record (its hash is in the row)
RECORD_ACTIONS = ("ingest", "reprocess")


def _q(name: str) -> str:
    return f'"{name}"'


def _cols(names: Iterable[str]) -> str:
    return ", ".join(map(_q, names))


def digest(values: Iterable[Any]) -> str:
    """SHA-256 of values in a canonical form (JSON; bytes as hex)."""
    text = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"),
                      default=lambda v: bytes(v).hex())
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def row_hash(table: str, row: Any) -> str:
    """The hash of a stored-state row (a mapping or a sequence in ``STATE_TABLES`` column order)."""
    cols = STATE_TABLES[table][0]
    values = [row[c] for c in cols] if hasattr(row, "keys") else list(row)
    return digest([table, *values])


def record_parts(conn: Any, doc_id: str) -> dict[str, str] | None:
    """The part hashes of one document's stored record (None when there is no such document)."""
    row = conn.execute(f"SELECT {_cols(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    parts = {"v": str(RECORD_VERSION), "document": digest(tuple(row))}
    for table, cols, order in _PARTS:
        rows = conn.execute(f"SELECT {_cols(cols)} FROM {table} WHERE document = ? ORDER BY {_q(order)}",
                            (doc_id,))
        parts[table] = digest(tuple(r) for r in rows)
    return parts


def parts_hash(parts: dict[str, str]) -> str:
    return digest(sorted(parts.items()))


def seal_record(conn: Any, doc_id: str) -> str:
    """Hash a stored document's record and store the hashes with it; return the record's hash."""
    parts = record_parts(conn, doc_id)
    assert parts is not None, doc_id
    sealed = parts_hash(parts)
    conn.execute("UPDATE documents SET record_parts = ?, record_sha256 = ? WHERE id = ?",
                 (json.dumps(parts, sort_keys=True), sealed, doc_id))
    return sealed


def audit_hash(prev: str | None, row: Any) -> str:
    values = [row[c] for c in AUDIT_COLUMNS] if hasattr(row, "keys") else list(row)
    return digest([prev, *values])


def append_audit(conn: Any, values: tuple[Any, ...]) -> None:
    """Append one audit row (``AUDIT_COLUMNS`` order), chained to the last; call inside a write transaction."""
    last = conn.execute("SELECT row_sha256 FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else None
    conn.execute(f"INSERT INTO audit ({_cols(AUDIT_COLUMNS)}, prev_sha256, row_sha256) "
                 f"VALUES ({', '.join('?' * (len(AUDIT_COLUMNS) + 2))})",
                 (*values, prev, audit_hash(prev, values)))


# ------------------------------------------------------------------ backfill (migration of existing ledgers)
def backfill(conn: Any) -> None:
    """Seal what a ledger from before tamper evidence holds, trusting it as it stands."""
    sealed = {doc_id: seal_record(conn, doc_id) for doc_id, in conn.execute("SELECT id FROM documents").fetchall()}
    prev = None
    rows = conn.execute(f"SELECT id, {_cols(AUDIT_COLUMNS)} FROM audit ORDER BY id").fetchall()
    last_record = {r["document"]: r["id"] for r in rows if r["action"] in RECORD_ACTIONS and r["document"]}
    for r in rows:
        values = [r[c] for c in AUDIT_COLUMNS]
        if last_record.get(r["document"]) == r["id"] and r["document"] in sealed:
            values[-1] = sealed[r["document"]]
        h = audit_hash(prev, values)
        conn.execute("UPDATE audit SET record_sha256 = ?, prev_sha256 = ?, row_sha256 = ? WHERE id = ?",
                     (values[-1], prev, h, r["id"]))
        prev = h
    for table, (cols, key) in STATE_TABLES.items():
        rows = conn.execute(f"SELECT {_cols(cols)} FROM {table}").fetchall()
        conn.executemany(f"UPDATE {table} SET row_sha256 = ? WHERE {' AND '.join(f'{_q(k)} = ?' for k in key)}",
                         [(row_hash(table, r), *[r[k] for k in key]) for r in rows])


# ------------------------------------------------------------------------------------ verify
@dataclass
class Verification:
    """What ``verify`` found: problems as (what, why), and what it checked."""

    documents: int = 0
    document_ids: set[str] = field(default_factory=set)  # those stored
    failed_documents: set[str] = field(default_factory=set)
    problems: list[tuple[str, str]] = field(default_factory=list)
    audit_rows: int = 0
    head: str | None = None  # the audit chain's last hash: keep it elsewhere to tell a rewritten chain
    state_rows: int = 0

    def add(self, subject: str, why: str) -> None:
        self.problems.append((subject, why))

    def document(self, doc_id: str, why: str) -> None:
        """A problem of one document: its id is the subject, and ``why`` names its path."""
        self.problems.append((doc_id, why))
        self.failed_documents.add(doc_id)


def verify(conn: Any, *, backend: str = "sqlite") -> Verification:
    """Check everything stored against its hashes; never raises on a damaged or edited ledger."""
    out = Verification()
    errors = _database_errors(backend)
    try:
        if backend == "sqlite":
            bad = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
            for line in bad[:5]:
                out.add("database file", f"damaged ({line})")
        if not _has_column(conn, "documents", "record_sha256"):
            out.add("ledger", "has no tamper-evidence columns yet (made before they existed): open it for "
                              "writing once (claimledger resolve) to seal it")
            _verify_documents(conn, out, sealed=False)
            return out
        logged = _verify_audit(conn, out)
        _verify_documents(conn, out, sealed=True, logged=logged)
        _verify_state(conn, out)
    except errors as e:
        out.add("database file", f"cannot be read ({type(e).__name__}: {e})")
    return out


def _database_errors(backend: str) -> tuple[type[BaseException], ...]:
    if backend == "sqlite":
        import sqlite3

        return (sqlite3.DatabaseError,)
    import psycopg

    return (psycopg.Error,)


def _has_column(conn: Any, table: str, column: str) -> bool:
    try:
        conn.execute(f"SELECT {_q(column)} FROM {table} LIMIT 0").fetchall()
    except Exception:  # noqa: BLE001 - "no such column" is a different exception on each backend
        return False
    return True


def _verify_documents(conn: Any, out: Verification, *, sealed: bool,
                      logged: dict[str, tuple[str | None, str | None]] | None = None) -> None:
    extra = ", record_parts, record_sha256" if sealed else ""
    seen: set[str] = set()
    for row in conn.execute(f"SELECT id, sha256, raw, text, text_sha256, path{extra} FROM documents ORDER BY rowid"):
        doc_id = row["id"]
        seen.add(doc_id)
        out.document_ids.add(doc_id)
        out.documents += 1
        path = row["path"]
        raw = row["raw"]
        if not isinstance(raw, bytes | memoryview):  # an edit through SQL can turn the blob into text or NULL
            raw = str(raw or "").encode("utf-8", "surrogateescape")
        if hashlib.sha256(bytes(raw)).hexdigest() != row["sha256"]:
            out.document(doc_id, f"preserved original of {path} no longer matches its SHA-256")
        if str(row["sha256"])[:16] != doc_id:
            out.document(doc_id, f"the id of {path} is not the first 16 hex digits of its SHA-256 (the original "
                                 "and its hash were replaced)")
        text = row["text"] if isinstance(row["text"], str) else str(row["text"])
        if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != row["text_sha256"]:
            out.document(doc_id, f"stored text of {path} was changed after ingest")
        if sealed:
            _verify_record(conn, row, out, logged or {})
    if sealed:
        for doc_id, (logged_path, _) in sorted((logged or {}).items()):
            if doc_id not in seen:
                out.document(doc_id, f"{logged_path} is in the audit log but missing from the ledger (deleted)")
        for table in ("claims", "statements", "mentions"):
            n = conn.execute(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                             "(SELECT 1 FROM documents d WHERE d.id = t.document)").fetchone()[0]
            if n:
                out.add(table, f"{n} row(s) belong to no stored document (their document was deleted)")


def _verify_record(conn: Any, row: Any, out: Verification,
                   logged: dict[str, tuple[str | None, str | None]]) -> None:
    doc_id, path = row["id"], row["path"]
    try:
        stored = json.loads(row["record_parts"] or "null")
    except (ValueError, TypeError):
        stored = None
    if not isinstance(stored, dict) or not row["record_sha256"]:
        out.document(doc_id, f"the record hashes of {path} are missing or unreadable")
        return
    now = record_parts(conn, doc_id) or {}
    changed = [k for k in ("document", "mentions", "statements", "claims") if now.get(k) != stored.get(k)]
    labels = {"document": "metadata (outlet, dates, path, hashes)", "mentions": "place and name mentions",
              "statements": "statements (speakers, quotes)", "claims": "claims (figures, speakers, places, dates)"}
    for part in changed:
        out.document(doc_id, f"the {labels[part]} of {path} changed after ingest")
    if not changed and parts_hash(stored) != row["record_sha256"]:
        out.document(doc_id, f"the record hash of {path} was changed after ingest")
    if doc_id not in logged:
        out.document(doc_id, f"{path} is not in the audit log (added outside claimledger, or its audit row was "
                             "removed)")
    elif logged[doc_id][1] != row["record_sha256"]:
        out.document(doc_id, f"the record of {path} does not match the one the audit log holds (record and hashes "
                             "rewritten)")


def _verify_audit(conn: Any, out: Verification) -> dict[str, tuple[str | None, str | None]]:
    """Check the chain; return document -> (path, record hash) as the log last stored it."""
    logged: dict[str, tuple[str | None, str | None]] = {}
    prev = None
    for row in conn.execute(f"SELECT id, {_cols(AUDIT_COLUMNS)}, prev_sha256, row_sha256 FROM audit ORDER BY id"):
        out.audit_rows += 1
        where = f"audit log row {row['id']}"
        if row["prev_sha256"] != prev:
            out.add(where, "does not follow the row before it (a row was removed or inserted before it)")
        if audit_hash(row["prev_sha256"], row) != row["row_sha256"]:
            out.add(where, f"was edited ({row['action']} {row['path'] or ''})".rstrip())
        prev = row["row_sha256"]
        if row["action"] in RECORD_ACTIONS and row["document"]:
            logged[row["document"]] = (row["path"], row["record_sha256"])
    out.head = prev
    return logged


def _verify_state(conn: Any, out: Verification) -> None:
    for table, (cols, key) in STATE_TABLES.items():
        bad: list[str] = []
        for row in conn.execute(f"SELECT {_cols(cols)}, row_sha256 FROM {table}"):
            out.state_rows += 1
            if row_hash(table, row) != row["row_sha256"]:
                bad.append("/".join(str(row[k]) for k in key))
        for k in bad[:10]:
            out.add(f"stored state {table} row {k}", "changed after it was computed (run resolve --full to "
                                                     "recompute it)")
        if len(bad) > 10:
            out.add(f"stored state {table}", f"{len(bad) - 10} more changed row(s)")

