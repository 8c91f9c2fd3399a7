"""The ledger handle, on SQLite (a file) or PostgreSQL (a ``postgresql://`` URL).

The SQL is written once; ``store/dialect.py`` holds what differs between the backends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from claimledger.errors import StoreError
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
    plain,
)
from claimledger.store import integrity
from claimledger.store.dialect import dialect_for, disk_full, is_postgres, rollback_quietly
from claimledger.store.integrity import append_audit, row_hash, seal_record
from claimledger.store.schema import migrate, pending

_CLAIM_COLS = [f.name for f in fields(Claim)]
_STATEMENT_COLS = [f.name for f in fields(Statement)]
_MENTION_COLS = [f.name for f in fields(Mention)]
_DOC_COLS = [f.name for f in fields(Document) if f.name != "raw"]


def _q(name: str) -> str:
    return f'"{name}"'


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """A handle on one ledger database. Only this class writes to it."""

    def __init__(self, path: str, *, readonly: bool = False, timeout: float = 30.0):
        self.path = path
        self.timeout = timeout
        self.dialect = dialect_for(path)
        self.backend = self.dialect.name
        errors = self.dialect.operational_errors + self.dialect.open_errors
        try:
            self.conn: Any = self.dialect.connect(path, readonly=readonly, timeout=timeout)
            if readonly and self.backend == "sqlite" and pending(self.conn) and self._migrated_elsewhere():
                self.conn.close()
                self.conn = self.dialect.connect(path, readonly=True, timeout=timeout)
        except errors as e:
            raise StoreError(f"{self._display}: cannot open the ledger ({_why(e)})") from e
        try:
            if not readonly:
                migrate(self.conn, self.dialect)
            if self.backend == "sqlite":
                self.conn.execute("PRAGMA foreign_keys=ON")
        except errors as e:
            self.conn.close()
            raise StoreError(f"{self._display}: cannot open the ledger ({_why(e)})") from e

    def _migrated_elsewhere(self) -> bool:
        """Bring an older ledger up to date through a writing connection, when the file may be written;
        False when it may not (on read-only media it is read as it is)."""
        try:
            Ledger(self.path, timeout=self.timeout).close()
        except StoreError:
            return False
        return True

    @property
    def _display(self) -> str:
        if is_postgres(self.path):
            from claimledger.store.postgres import redact

            return redact(self.path)
        return self.path

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[Any]:
        """One write transaction that excludes other writers: all of it or none of it.

        SQLite: ``BEGIN IMMEDIATE``. PostgreSQL: ``BEGIN`` and a transaction-scoped advisory lock.
        """
        self.dialect.begin_write(self.conn, path=self._display, timeout=self.timeout)
        try:
            yield self.conn
        except BaseException:
            rollback_quietly(self.conn)
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except self.dialect.operational_errors as e:
                rollback_quietly(self.conn)
                raise StoreError(f"{self._display}: cannot write ({_why(e)})") from e

    # ---------------------------------------------------------------- writes
    def add(self, doc: Document, extraction: Extraction | None, *, near_duplicate_of: str | None = None,
            minhash: bytes | None = None, pipeline_version: str = "") -> bool:
        """Store a document with its extraction in one transaction; False if it was already there."""
        try:
            with self.atomic() as c:
                return self._add_in(c, doc, extraction, near_duplicate_of=near_duplicate_of, minhash=minhash,
                                    pipeline_version=pipeline_version)
        except self.dialect.operational_errors as e:
            raise StoreError(f"{self._display}: cannot write ({_why(e)})") from e

    def add_all(self, items: Iterable[tuple[Document, Extraction | None]], *, chunk: int = 500,
                pipeline_version: str = "") -> int:
        """Store many documents, ``chunk`` per transaction (bulk loads, benchmarks); return how many were new.

        Each chunk is all-or-nothing; ``add`` (one document per transaction) is what ingest uses.
        """
        added = 0
        it = iter(items)
        while batch := list(islice(it, chunk)):
            try:
                with self.atomic() as c:
                    for doc, ex in batch:
                        added += self._add_in(c, doc, ex, pipeline_version=pipeline_version)
            except self.dialect.operational_errors as e:
                raise StoreError(f"{self._display}: cannot write ({_why(e)})") from e
        return added

    def _add_in(self, c: Any, doc: Document, extraction: Extraction | None, *, near_duplicate_of: str | None = None,
                minhash: bytes | None = None, pipeline_version: str = "") -> bool:
        if c.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
            return False
        row = {k: getattr(doc, k) for k in _DOC_COLS}
        row.update(
            raw=doc.raw,
            text_sha256=hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
            ingested_at=now(),
            pipeline_version=pipeline_version,
            near_duplicate_of=near_duplicate_of,
            minhash=minhash,
            event_date=extraction.event_date if extraction else None,
        )
        cols = [k for k in row if k in _DOC_TABLE_COLS]
        c.execute(
            f"INSERT INTO documents ({', '.join(map(_q, cols))}) VALUES ({', '.join('?' * len(cols))})",
            [row[k] for k in cols],
        )
        if extraction is not None:
            self._insert_extraction(c, extraction)
        sealed = seal_record(c, doc.id)
        append_audit(c, (now(), "ingest", doc.origin or doc.path, doc.id, None, pipeline_version, sealed))
        return True

    def _insert_extraction(self, c: Any, ex: Extraction) -> None:
        c.executemany(
            f"INSERT INTO mentions (document, n, {', '.join(map(_q, _MENTION_COLS))}) "
            f"VALUES (?, ?, {', '.join('?' * len(_MENTION_COLS))})",
            [(ex.document, i, *[getattr(m, k) for k in _MENTION_COLS]) for i, m in enumerate(ex.mentions)],
        )
        c.executemany(
            f"INSERT INTO statements ({', '.join(map(_q, _STATEMENT_COLS))}) "
            f"VALUES ({', '.join('?' * len(_STATEMENT_COLS))})",
            [tuple(getattr(s, k) for k in _STATEMENT_COLS) for s in ex.statements],
        )
        c.executemany(
            f"INSERT INTO claims ({', '.join(map(_q, _CLAIM_COLS))}) VALUES ({', '.join('?' * len(_CLAIM_COLS))})",
            [tuple(getattr(cl, k) for k in _CLAIM_COLS) for cl in ex.claims],
        )

    def replace_extraction(self, ex: Extraction) -> None:
        """Swap a document's extraction for a new one (re-processing with a newer pipeline)."""
        with self.atomic() as c:
            for table in ("mentions", "statements", "claims"):
                c.execute(f"DELETE FROM {table} WHERE document = ?", (ex.document,))
            c.execute("UPDATE documents SET event_date = ? WHERE id = ?", (ex.event_date, ex.document))
            self._insert_extraction(c, ex)
            # the stored incident state no longer matches: the next refresh recomputes it
            c.execute("DELETE FROM incident_names WHERE document = ?", (ex.document,))
            c.execute("DELETE FROM incident_reports WHERE document = ?", (ex.document,))
            row = c.execute("SELECT payload FROM resolution WHERE key = 'meta'").fetchone()
            if row:
                payload = json.dumps({**json.loads(row[0]), "stale": True})
                c.execute("UPDATE resolution SET payload = ?, row_sha256 = ? WHERE key = 'meta'",
                          (payload, row_hash("resolution", ("meta", payload))))
            sealed = seal_record(c, ex.document)
            path = c.execute("SELECT origin, path FROM documents WHERE id = ?", (ex.document,)).fetchone()
            append_audit(c, (now(), "reprocess", (path[0] or path[1]) if path else None, ex.document, None, ex.version,
                             sealed))

    def relink(self, compute: Callable[[], tuple[dict[str, str | None], dict[str, bytes]]], *,
               fresh: Iterable[str] = ()) -> dict[str, str | None]:
        """Set near-duplicate links computed inside one write transaction; return the links that changed.

        ``compute`` reads the ledger (through this connection, so it sees every stored document and
        no writer can add one meanwhile) and returns the links to set (document -> the document it
        copies, or None) and signatures to store. Two ingests at once therefore cannot each miss the
        other's documents. A changed link of a document outside ``fresh`` (one the stored
        cross-document layer has read) marks that layer stale: the next refresh recomputes it.
        """
        fresh = set(fresh)
        with self.atomic() as c:
            links, sigs = compute()
            current: dict[str, str | None] = {}
            for where, params in _where_in("id", links):
                current.update(c.execute(f"SELECT id, near_duplicate_of FROM documents{where}", params).fetchall())
            changed = {d: t for d, t in links.items() if d in current and current[d] != t}
            c.executemany("UPDATE documents SET near_duplicate_of = ? WHERE id = ?",
                          [(t, d) for d, t in sorted(changed.items())])
            c.executemany("UPDATE documents SET minhash = ? WHERE id = ?", [(b, d) for d, b in sorted(sigs.items())])
            if any(d not in fresh for d in changed):
                row = c.execute("SELECT payload FROM resolution WHERE key = 'meta'").fetchone()
                if row:
                    c.execute("UPDATE resolution SET payload = ? WHERE key = 'meta'",
                              (json.dumps({**json.loads(row[0]), "stale": True}),))
        return changed

    def published_dates(self, ids: Iterable[str]) -> dict[str, str | None]:
        """document -> its published date (None when unknown)."""
        out: dict[str, str | None] = {}
        for where, params in _where_in("id", ids):
            out.update(self.conn.execute(f"SELECT id, published FROM documents{where}", params).fetchall())
        return out

    def log(self, action: str, path: str | None = None, detail: str | None = None, pipeline_version: str = "") -> None:
        """Append a line to the audit log (errors, skipped files, runs), chained to the one before."""
        with self.atomic() as c:
            append_audit(c, (now(), action, path, None, detail, pipeline_version, None))

    def save_resolution(self, res: Resolution, state: IncidentState | None = None,
                        claims: ClaimWrites | None = None) -> None:
        """Store the cross-document layer in one transaction.

        Without ``state`` everything is replaced. With it, incidents are stored per component
        (one row each) with the reports they were grouped from: ``state.drop_parts`` None
        replaces every stored incident, a set replaces only those components' rows
        (``res.incidents`` then holds just the incidents of the updated components).
        With ``claims`` the claim layer (entities, links, clusters, conflicts, series) is not
        taken from ``res`` but written as the parts and state ``claims`` holds
        (``resolve/claim_layer.py``).
        """
        payload = {} if claims is not None else {
            "entities": [plain(e) for e in res.entities],
            "links": [list(x) for x in res.links],
            "clusters": [plain(x) for x in res.clusters],
            "conflicts": [plain(x) for x in res.conflicts],
            "series": [plain(x) for x in res.series],
            "claim_cluster": [list(x) for x in res.claim_cluster],
        }
        stamp = now()
        with self.atomic() as c:
            if claims is not None:
                c.execute("DELETE FROM resolution WHERE key IN (" + ", ".join("?" * len(_WHOLE_KEYS)) + ")",
                          _WHOLE_KEYS)
            if state is None and claims is None:
                c.execute("DELETE FROM resolution")
            elif state is None or state.drop_parts is None:
                c.execute("DELETE FROM resolution WHERE key = 'incidents' OR key = 'meta' OR key LIKE 'incidents/%'")
            else:
                c.execute("DELETE FROM resolution WHERE key = 'meta'")
                for part in sorted(state.drop_parts):
                    c.execute("DELETE FROM resolution WHERE key = ?", (f"incidents/{part}",))
            rows = list(payload.items())
            if state is None:
                rows.append(("incidents", [plain(x) for x in res.incidents]))
            else:
                by_part: dict[str, list[dict[str, Any]]] = {}
                for inc in res.incidents:
                    by_part.setdefault(state.parts[inc.id], []).append(plain(inc))
                rows += [(f"incidents/{part}", items) for part, items in sorted(by_part.items())]
                rows.append(("meta", state.meta))
            c.executemany("INSERT INTO resolution (key, payload, computed_at, row_sha256) VALUES (?, ?, ?, ?)",
                          [_sealed("resolution", (key, json.dumps(value)), stamp) for key, value in rows])
            if state is not None:
                self._save_reports(c, state)
            if claims is not None:
                self._save_claims(c, claims, stamp)

    def _save_claims(self, c: Any, w: ClaimWrites, stamp: str) -> None:
        if w.clear:
            c.execute("DELETE FROM claim_state")
            c.execute("DELETE FROM claim_index")
            c.execute("DELETE FROM resolution WHERE key LIKE 'claims/%'")
        else:
            c.executemany("DELETE FROM claim_state WHERE kind = ? AND key = ?", sorted(w.state))
            c.executemany("DELETE FROM claim_index WHERE kind = ? AND item = ?", sorted(w.index))
            c.executemany("DELETE FROM resolution WHERE key = ?", [(k,) for k in sorted(w.parts)])
        c.executemany("INSERT INTO claim_state (kind, key, payload, row_sha256) VALUES (?, ?, ?, ?)",
                      [_sealed("claim_state", (k, key, v)) for (k, key), v in sorted(w.state.items()) if v is not None])
        c.executemany("INSERT INTO claim_index (kind, key, item, row_sha256) VALUES (?, ?, ?, ?)",
                      [_sealed("claim_index", (k, key, item))
                       for (k, item), keys in sorted(w.index.items()) for key in sorted(keys)])
        c.executemany("INSERT INTO resolution (key, payload, computed_at, row_sha256) VALUES (?, ?, ?, ?)",
                      [_sealed("resolution", (k, v), stamp) for k, v in sorted(w.parts.items()) if v is not None])

    # ------------------------------------------- the claim layer's stored state (incremental resolution)
    def claim_state(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        """Stored claim-layer state of one kind: key -> its payload (JSON text, as written), for the keys
        that have one."""
        return dict(self._rows_in("SELECT key, payload FROM claim_state WHERE kind = ?", "key", keys, [kind]))

    def claim_index(self, kind: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """key -> the items an index of the claim layer lists under it."""
        out: dict[str, set[str]] = {}
        for key, item in self._rows_in("SELECT key, item FROM claim_index WHERE kind = ?", "key", keys, [kind]):
            out.setdefault(key, set()).add(item)
        return out

    def claim_index_keys(self, kind: str, items: Iterable[str]) -> dict[str, set[str]]:
        """item -> the keys an index of the claim layer lists it under."""
        out: dict[str, set[str]] = {}
        for key, item in self._rows_in("SELECT key, item FROM claim_index WHERE kind = ?", "item", items, [kind]):
            out.setdefault(item, set()).add(key)
        return out

    def claim_index_prefixed(self, kind: str, prefix: str) -> set[str]:
        """The keys of an index of the claim layer that start with ``prefix`` (and list any item)."""
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT key FROM claim_index WHERE kind = ? AND key >= ? AND key < ?",
            (kind, prefix, prefix + "\U0010ffff"))}

    def _rows_in(self, select: str, col: str, values: Iterable[str], params: list[Any]) -> Iterator[Any]:
        """Rows of ``select`` (which ends in a WHERE clause) with ``col`` among ``values``, asked in chunks."""
        for cond, chunk in _where_in(col, values, "AND"):
            yield from self.conn.execute(select + cond, [*params, *chunk])

    def unresolved_documents(self) -> list[str]:
        """Documents the stored claim layer has not read yet."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM claim_state s WHERE s.kind = 'doc' AND s.key = d.id) ORDER BY id")]

    def _save_reports(self, c: Any, state: IncidentState) -> None:
        if state.drop_parts is None:
            c.execute("DELETE FROM incident_names")
            c.execute("DELETE FROM incident_reports")
        else:
            for chunk in _chunks([r.document for r in state.reports]):
                marks = ", ".join("?" * len(chunk))
                c.execute(f"DELETE FROM incident_names WHERE document IN ({marks})", chunk)
                c.execute(f"DELETE FROM incident_reports WHERE document IN ({marks})", chunk)
        c.executemany(
            "INSERT INTO incident_reports (document, version, violent, day, country, component, report, outlet, "
            "region, state, row_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_sealed("incident_reports", (r.document, r.version, int(r.violent), r.day, r.country, r.component,
                                          r.report, r.outlet, r.region, r.state))
             for r in state.reports])
        c.executemany("INSERT INTO incident_names (name, document, row_sha256) VALUES (?, ?, ?)",
                      [_sealed("incident_names", (n, r.document)) for r in state.reports for n in sorted(set(r.names))])
        self._update_components(c, state.components)

    def _update_components(self, c: Any, components: dict[str, str]) -> None:
        """Move kept incident reports to their new components, re-hashing each row."""
        cols = integrity.STATE_TABLES["incident_reports"][0]
        at = cols.index("component")
        for chunk in _chunks(sorted(components)):
            rows = c.execute(f"SELECT {', '.join(map(_q, cols))} FROM incident_reports "
                             f"WHERE document IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
            updates = []
            for row in rows:
                values = list(row)
                values[at] = components[values[0]]
                updates.append((values[at], row_hash("incident_reports", values), values[0]))
            c.executemany("UPDATE incident_reports SET component = ?, row_sha256 = ? WHERE document = ?", updates)

    # ------------------------------------------- stored incident reports (incremental resolution)
    def resolution_meta(self) -> dict[str, Any]:
        """What the last stored resolution recorded about itself (empty before the first, or a plain save)."""
        row = self.conn.execute("SELECT payload FROM resolution WHERE key = 'meta'").fetchone()
        return json.loads(row[0]) if row else {}

    def report_rows(self, *, documents: Iterable[str] | None = None, days: tuple[str, str] | None = None,
                    components: Iterable[str] | None = None, outlets: Iterable[str] | None = None,
                    state: str | None = None, encoded: bool = True) -> list[dict[str, Any]]:
        """Stored incident reports: of some documents, of violent reports dated in a range (with ``state``: only
        those of that state; "" for those of none), of components, or of outlets. Without ``encoded`` a row's
        "report" is None (``report_payloads`` fetches it)."""
        report = "report" if encoded else "NULL AS report"
        sql = (f"SELECT document, version, violent, day, country, component, {report}, outlet, region, state "
               "FROM incident_reports")
        if days is not None:
            where, params = " WHERE violent = 1 AND day BETWEEN ? AND ?", list(days)
            if state is not None:
                where += " AND state = ?" if state else " AND state IS NULL"
                params += [state] if state else []
            return [dict(r) for r in self.conn.execute(sql + where, params)]
        keys, col = ((documents, "document") if documents is not None else (outlets, "outlet") if outlets is not None
                     else (components, "component"))
        if keys is None:
            return [dict(r) for r in self.conn.execute(sql)]
        out = []
        for chunk in _chunks(sorted(set(keys))):
            out += [dict(r) for r in self.conn.execute(f"{sql} WHERE {col} IN ({', '.join('?' * len(chunk))})",
                                                       chunk)]
        return out

    def report_payloads(self, documents: Iterable[str]) -> dict[str, str]:
        """document -> its stored incident report, encoded."""
        return dict(self._rows_in("SELECT document, report FROM incident_reports WHERE 1 = 1", "document",
                                  sorted(set(documents)), []))

    def unreported_documents(self) -> list[str]:
        """Documents that have no stored incident report yet."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM incident_reports r WHERE r.document = d.id) ORDER BY id")]

    def name_documents(self, names: Iterable[str]) -> dict[str, list[str]]:
        """name -> the documents whose stored violent report names that person."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(names))):
            for row in self.conn.execute(
                    f"SELECT name, document FROM incident_names WHERE name IN ({', '.join('?' * len(chunk))}) "
                    "ORDER BY name, document", chunk):
                out.setdefault(row[0], []).append(row[1])
        return out

    def outlet_regions(self, outlets: Iterable[str]) -> dict[str, dict[str, int]]:
        """outlet -> how many of its stored violent reports place themselves in each region."""
        out: dict[str, dict[str, int]] = {}
        for chunk in _chunks(sorted(set(outlets))):
            for row in self.conn.execute(
                    "SELECT outlet, region, count(*) FROM incident_reports WHERE violent = 1 AND region IS NOT NULL "
                    f"AND outlet IN ({', '.join('?' * len(chunk))}) GROUP BY outlet, region", chunk):
                out.setdefault(row[0], {})[row[1]] = int(row[2])
        return out

    def report_countries(self) -> dict[str, int]:
        """How many stored violent reports place their event in each country (read without a prior)."""
        return {r[0]: int(r[1]) for r in self.conn.execute(
            "SELECT country, count(*) FROM incident_reports WHERE violent = 1 AND country IS NOT NULL "
            "GROUP BY country")}

    # ----------------------------------------------------------------- reads
    def has(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def count(self, table: str) -> int:
        assert table in {"documents", "claims", "statements", "mentions", "audit"}
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def documents(self, *, with_raw: bool = False, with_text: bool = True,
                  ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Every document in ingest order, or those of ``ids`` (``with_text=False``: with an empty text)."""
        cols = [c for c in _DOC_COLS if with_text or c != "text"] + (["raw"] if with_raw else [])
        sql = f"SELECT {', '.join(map(_q, cols))} FROM documents"
        for where, params in _where_in("id", ids):
            for row in self.conn.execute(f"{sql}{where} ORDER BY rowid", params):
                yield Document(**{"text": "", **dict(row)})

    def text(self, doc_id: str) -> str:
        """One document's stored text ("" if there is no such document)."""
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def document(self, doc_id: str, *, with_raw: bool = False) -> Document | None:
        cols = _DOC_COLS + (["raw"] if with_raw else [])
        row = self.conn.execute(f"SELECT {', '.join(map(_q, cols))} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document(**dict(row)) if row else None

    def document_ids(self) -> list[str]:
        """Every document's id, in ingest order."""
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY rowid")]

    def document_meta(self) -> list[dict[str, Any]]:
        """Per-document fields beyond the record: ingest time, pipeline version, near duplicates."""
        return [dict(r) for r in self.conn.execute(
            "SELECT id, ingested_at, pipeline_version, near_duplicate_of, event_date, text_sha256, origin "
            "FROM documents ORDER BY rowid")]

    def near_duplicates(self) -> dict[str, str]:
        """document -> the earlier document it nearly duplicates."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT id, near_duplicate_of FROM documents WHERE near_duplicate_of IS NOT NULL")}

    def signatures(self) -> Iterator[tuple[str, bytes | None]]:
        """(document, stored near-duplicate signature or None) for every document, in ingest order."""
        for row in self.conn.execute("SELECT id, minhash FROM documents ORDER BY rowid"):
            yield row[0], row[1]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        for row in self.conn.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL"):
            yield row[0], row[1]

    def extractions(self, *, quotes: bool = True, ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        """Every document's extraction in ingest order, or those of ``ids`` (``quotes=False``: statements
        without their text)."""
        for where, params in _where_in("document", ids):
            yield from self._extractions(quotes, where, params)

    def _extractions(self, quotes: bool, where: str, params: list[str]) -> Iterator[Extraction]:
        # one string object per distinct value of the columns that repeat (types, codes, names,
        # document ids): a whole ledger is read at once, and these are most of its strings.
        # Rows are taken by position (the columns are the records' fields in order): this reads
        # millions of mentions.
        pool: dict[str, str] = {}

        def reader(cols: list[str], shared: tuple[str, ...], flags: tuple[str, ...] = (),
                   blank: tuple[str, ...] = ()) -> Callable[[Any], list[Any]]:
            at_shared = [cols.index(c) for c in shared]
            at_flags = [cols.index(c) for c in flags]

            def read(row: Any) -> list[Any]:
                vals = list(row)
                for i in at_shared:
                    v = vals[i]
                    if v.__class__ is str:
                        vals[i] = pool.setdefault(v, v)
                for i in at_flags:
                    vals[i] = bool(vals[i])
                return vals

            return read

        mentions: dict[str, list[Mention]] = {}
        read = reader(["document", *_MENTION_COLS],
                      ("document", "text", "type", "gazetteer_id", "canonical", "country", "admin1"))
        mention_cols = ", ".join(map(_q, _MENTION_COLS))
        for row in self.conn.execute(f"SELECT document, {mention_cols} FROM mentions{where} ORDER BY document, n",
                                     params):
            vals = read(row)
            mentions.setdefault(vals[0], []).append(Mention(*vals[1:]))
        statements: dict[str, list[Statement]] = {}
        statement_cols = [c for c in _STATEMENT_COLS if quotes or c != "text"]
        read = reader(statement_cols, ("document", "cue", "speaker_text", "speaker_type"), ("direct",))
        text_at, statement_doc_at = _STATEMENT_COLS.index("text"), _STATEMENT_COLS.index("document")
        for row in self.conn.execute(f"SELECT {', '.join(map(_q, statement_cols))} FROM statements{where} "
                                     "ORDER BY rowid", params):
            vals = read(row)
            if not quotes:
                vals.insert(text_at, "")
            statements.setdefault(vals[statement_doc_at], []).append(Statement(*vals))
        claims: dict[str, list[Claim]] = {}
        read = reader(_CLAIM_COLS, ("document", "kind", "measure", "group", "qualifier", "place_text", "as_of",
                                    "attributed_text", "attributed_type", "version"), ("hedged",))
        doc_at = _CLAIM_COLS.index("document")
        for row in self.conn.execute(f"SELECT {', '.join(map(_q, _CLAIM_COLS))} FROM claims{where} ORDER BY rowid",
                                     params):
            vals = read(row)
            claims.setdefault(vals[doc_at], []).append(Claim(*vals))
        for row in self.conn.execute("SELECT id, event_date, pipeline_version FROM documents"
                                     + where.replace("document IN", "id IN") + " ORDER BY rowid", params):
            doc_id = row[0]
            yield Extraction(
                document=doc_id,
                mentions=tuple(mentions.get(doc_id, ())),
                statements=tuple(statements.get(doc_id, ())),
                claims=tuple(claims.get(doc_id, ())),
                event_date=row[1],
                version=row[2],
            )

    def load_resolution(self) -> Resolution:
        data: dict[str, Any] = {}
        incidents: list[dict[str, Any]] = []
        parts: dict[str, list[Any]] = {k: [] for k in _WHOLE_KEYS}
        for row in self.conn.execute("SELECT key, payload FROM resolution"):
            key, payload = row[0], row[1]
            if key == "incidents" or key.startswith("incidents/"):  # one row, or one per component
                incidents += json.loads(payload)
            elif key.startswith("claims/"):  # the claim layer stored in parts (resolve/claim_layer.py)
                value = json.loads(payload)
                if key.startswith("claims/entity/"):
                    parts["entities"].append(value)
                else:
                    for k, items in value.items():
                        parts[k] += items
            else:
                data[key] = json.loads(payload)
        if any(parts.values()):
            data["entities"] = sorted(parts["entities"], key=lambda e: e["id"])
            data["links"] = sorted(parts["links"])
            data["clusters"] = sorted(parts["clusters"], key=lambda c: c["id"])
            data["claim_cluster"] = sorted(parts["claim_cluster"])
            # a conflict may be found in two parts (one document's, one place's): once, contradictions first
            unique = {c["id"]: c for c in parts["conflicts"]}
            data["conflicts"] = sorted(unique.values(), key=lambda c: (c["kind"] != "contradiction", c["id"]))
            data["series"] = _joined_series(parts["series"])
        if not data and not incidents:
            return Resolution()
        data["incidents"] = sorted(incidents, key=lambda i: (i["documents"][0] if i["documents"] else "", i["id"]))
        return Resolution(
            entities=tuple(Entity(**{**e, "aliases": tuple(e["aliases"])}) for e in data.get("entities", [])),
            links=tuple(tuple(x) for x in data.get("links", [])),  # type: ignore[misc]
            clusters=tuple(Cluster(**{k: tuple(v) if isinstance(v, list) else v for k, v in c.items()})
                           for c in data.get("clusters", [])),
            conflicts=tuple(Conflict(**{**c, "claims": tuple(c["claims"])}) for c in data.get("conflicts", [])),
            series=tuple(Series(**{**s, "points": tuple(SeriesPoint(**p) for p in s["points"])})
                         for s in data.get("series", [])),
            incidents=tuple(Incident(**{k: tuple(v) if isinstance(v, list) else v for k, v in i.items()})
                            for i in data.get("incidents", [])),
            claim_cluster=tuple(tuple(x) for x in data.get("claim_cluster", [])),  # type: ignore[misc]
        )

    def audit_log(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM audit ORDER BY id")]

    def verify(self) -> list[tuple[str, str]]:
        """What ``check`` found changed, as (document id or what else, problem) pairs; [] when nothing did."""
        return self.check().problems

    def check(self) -> integrity.Verification:
        """Check every preserved original, stored text, document record, the audit chain and the stored state
        against their hashes (``store/integrity.py``); never raises on a damaged or edited ledger."""
        return integrity.verify(self.conn, backend=self.backend)


_DOC_TABLE_COLS = set(_DOC_COLS) | {
    "raw", "text_sha256", "ingested_at", "pipeline_version", "near_duplicate_of", "minhash", "event_date"
}


def _why(e: BaseException) -> str:
    """A database error as the user should read it."""
    return f"the disk is full: {e}" if disk_full(e) else str(e)


def _sealed(table: str, values: tuple[Any, ...], *after: Any) -> tuple[Any, ...]:
    """A stored-state row to insert: its values, any unhashed columns (``after``), then its hash."""
    return (*values, *after, row_hash(table, values))


def _joined_series(parts: list[list[Any]]) -> list[dict[str, Any]]:
    """Series from their stored parts ([sort key, record]), in order. A place's series is kept in
    chunks by date (key: [measure, group, place, target, 0, date]); their points are joined."""
    out: list[dict[str, Any]] = []
    last = None
    for key, record in sorted(parts, key=lambda kr: kr[0]):
        if len(key) > 5 and key[:5] == last:
            out[-1]["points"] += record["points"]
        else:
            out.append({**record, "points": list(record["points"])})
        last = key[:5]
    return out


_WHOLE_KEYS = ["entities", "links", "clusters", "conflicts", "series", "claim_cluster"]


def _where_in(col: str, ids: Iterable[str] | None, keyword: str = "WHERE") -> Iterator[tuple[str, list[str]]]:
    """("", []) for every row, else a condition (after ``keyword``) per chunk of ``ids``."""
    if ids is None:
        yield "", []
        return
    for chunk in _chunks(sorted(set(ids))):
        yield f" {keyword} {col} IN ({', '.join('?' * len(chunk))})", chunk


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass(frozen=True)
class ReportRow:
    """One document's stored incident profile (``report``: JSON written by resolve/incremental.py)."""

    document: str
    version: str  # of the code that computed it: another version is computed again
    violent: bool
    day: str | None  # the event date, for finding a new report's neighbours
    country: str | None  # where it places its event without the corpus's prior country
    component: str | None
    report: str
    names: tuple[str, ...] = ()  # victims' full names (violent reports only)
    outlet: str | None = None  # the site it comes from, to find an outlet's reports
    region: str | None = None  # the region its own words place it in, what its outlet's home is learned from
    state: str | None = None  # the region it is placed in (``Report.state``), to skip partners of another by date


@dataclass
class IncidentState:
    """What ``save_resolution`` stores besides the records, for the next incremental update."""

    parts: dict[str, str]  # incident id -> its component
    drop_parts: frozenset[str] | None  # components replaced; None: all of them
    reports: list[ReportRow] = field(default_factory=list)  # rows (re)written
    components: dict[str, str] = field(default_factory=dict)  # document -> new component, for kept rows
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ClaimWrites:
    """What a claim-layer refresh writes: state rows, index rows and resolution parts.

    Payloads are JSON text, encoded when they are put (a refresh holds many; text is a
    fraction of the size of the objects). ``state``: (kind, key) -> payload, None deletes.
    ``index``: (kind, item) -> every key the item is listed under now (replacing its rows). ``parts``: resolution key ->
    payload, None deletes. ``clear`` wipes the stored claim layer first.
    """

    state: dict[tuple[str, str], str | None] = field(default_factory=dict)
    index: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    parts: dict[str, str | None] = field(default_factory=dict)
    clear: bool = False


def open_ledger(path: str, *, readonly: bool = False) -> Ledger:
    """Open (and create or migrate) the ledger at ``path``: a SQLite file, or a ``postgresql://`` URL."""
    return Ledger(path, readonly=readonly)
