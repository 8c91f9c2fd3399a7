"""Tamper evidence: every edit made behind claimledger's back is named by `verify`, which exits 1, never a traceback.

Each test edits a copy of one small ledger the way someone with the SQLite file could, then runs `verify`.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

runner = CliRunner()

REPORTS = {
    "a.txt": " date 2023-02-01 Two people were killed and five were injured when a shell hit a market in the town "
             "of Varnok on Tuesday, the regional governor Ilse Marrow said.",
    "b.txt": " date 2023-02-02 The governor said on Wednesday that the number of dead from the market strike in "
             "Varnok had risen to three.",
    "c.txt": " date 2023-02-03 One person was killed when a drone hit a bakery, the mayor said.",
}


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("tamper")
    corpus = d / "corpus"
    corpus.mkdir()
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    db = d / "golden.db"
    r = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db


@pytest.fixture
def ledger(golden: Path, tmp_path: Path) -> Path:
    db = tmp_path / "l.db"
    shutil.copy(golden, db)
    return db


def verify(db: Path) -> tuple[int, str]:
    r = runner.invoke(app, ["verify", "--db", str(db)], catch_exceptions=False)
    assert "Traceback" not in r.output
    return r.exit_code, r.output


def edit(db: Path, *statements: str | tuple[str, tuple]) -> None:  # type: ignore[type-arg]
    con = sqlite3.connect(db)  # foreign keys off, as in the sqlite3 shell
    for s in statements:
        sql, params = (s, ()) if isinstance(s, str) else s
        con.execute(sql, params)
    con.commit()
    con.close()


def one(db: Path, sql: str) -> tuple:  # type: ignore[type-arg]
    con = sqlite3.connect(db)
    row = con.execute(sql).fetchone()
    con.close()
    return row


def test_an_untouched_ledger_verifies_and_shows_the_chain_head(ledger: Path) -> None:
    code, output = verify(ledger)
    assert code == 0, output
    assert "3/3 document(s) verified" in output and "chain head " in output and "chain head -" not in output


DOC_A = "SELECT id FROM documents WHERE path LIKE '%a.txt'"


def _claim_of_a(db: Path) -> str:
    return one(db, f"SELECT id FROM claims WHERE document = ({DOC_A}) AND value IS NOT NULL ORDER BY id")[0]


EDITS: dict[str, tuple[Callable[[Path], list[str | tuple]], str]] = {  # type: ignore[type-arg]
    "claim value": (lambda db: [("UPDATE claims SET value = 9999, low = 9999, high = 9999 WHERE id = ?",
                                 (_claim_of_a(db),))], "claims (figures"),
    "claim speaker": (lambda db: [f"UPDATE claims SET attributed_text = 'Someone Else' WHERE document = ({DOC_A})"],
                      "claims (figures, speakers"),
    "statement speaker": (lambda db: [f"UPDATE statements SET speaker_text = 'X' WHERE document = ({DOC_A})"],
                          "statements (speakers"),
    "outlet": (lambda db: [f"UPDATE documents SET outlet = 'Other Paper' WHERE id = ({DOC_A})"], "metadata"),
    "date": (lambda db: [f"UPDATE documents SET published = '1999-01-01' WHERE id = ({DOC_A})"], "metadata"),
}


@pytest.mark.parametrize("what", sorted(EDITS))
def test_an_edited_record_is_named(ledger: Path, what: str) -> None:
    statements, expected = EDITS[what]
    edit(ledger, *statements(ledger))
    code, output = verify(ledger)
    assert code == 1
    assert expected in output and "a.txt changed after ingest" in output
    assert "2/3 document(s) verified" in output


def test_an_edit_with_recomputed_hashes_is_still_caught_by_the_audit_log(ledger: Path) -> None:
    from claimledger.store.integrity import parts_hash, record_parts

    doc = one(ledger, DOC_A)[0]
    con = sqlite3.connect(ledger)
    con.row_factory = sqlite3.Row
    con.execute("UPDATE claims SET value = 9999 WHERE document = ?", (doc,))
    parts = record_parts(con, doc)
    assert parts is not None
    import json

    con.execute("UPDATE documents SET record_parts = ?, record_sha256 = ? WHERE id = ?",
                (json.dumps(parts, sort_keys=True), parts_hash(parts), doc))
    con.commit()
    con.close()
    code, output = verify(ledger)
    assert code == 1 and "does not match the one the audit log holds" in output


def test_a_deleted_document_is_named(ledger: Path) -> None:
    doc = one(ledger, DOC_A)[0]
    edit(ledger, *(f"DELETE FROM {t} WHERE document = '{doc}'" for t in ("mentions", "statements", "claims",
                                                                         "incident_reports", "incident_names")),
         f"DELETE FROM documents WHERE id = '{doc}'")
    code, output = verify(ledger)
    assert code == 1
    assert doc in output and "a.txt is in the audit log but missing from the ledger" in output
    assert "2/3 document(s) verified" in output


def test_a_deleted_document_and_its_audit_row_break_the_chain(ledger: Path) -> None:
    doc = one(ledger, DOC_A)[0]
    edit(ledger, f"DELETE FROM claims WHERE document = '{doc}'", f"DELETE FROM documents WHERE id = '{doc}'",
         f"DELETE FROM audit WHERE document = '{doc}'")
    code, output = verify(ledger)
    assert code == 1 and "does not follow the row before it" in output and "belong to no stored document" in output


def test_rewritten_original_with_a_new_sha256(ledger: Path) -> None:
    raw = b"Nine hundred people were killed, the governor said."
    edit(ledger, (f"UPDATE documents SET raw = ?, sha256 = ? WHERE id = ({DOC_A})",
                  (raw, hashlib.sha256(raw).hexdigest())))
    code, output = verify(ledger)
    assert code == 1 and "is not the first 16 hex digits of its SHA-256" in output


def test_an_edited_audit_row_is_named(ledger: Path) -> None:
    row = one(ledger, "SELECT id FROM audit WHERE action = 'ingest-run'")[0]
    edit(ledger, f"UPDATE audit SET detail = 'added=0' WHERE id = {row}")
    code, output = verify(ledger)
    assert code == 1 and f"audit log row {row}: was edited" in output


def test_an_edited_incident_payload_is_named(ledger: Path) -> None:
    key = one(ledger, "SELECT key FROM resolution WHERE key LIKE 'incidents%' ORDER BY key")[0]
    edit(ledger, (r"UPDATE resolution SET payload = replace(payload, '\"killed', '\"kiled') WHERE key = ?", (key,)),
         ("UPDATE resolution SET payload = payload || ' ' WHERE key = ?", (key,)))
    code, output = verify(ledger)
    assert code == 1 and f"stored state resolution row {key}" in output


def test_a_flipped_byte_in_stored_state_is_named(ledger: Path) -> None:
    kind, key, payload = one(ledger, "SELECT kind, key, payload FROM claim_state ORDER BY length(payload) DESC")
    data = bytearray(ledger.read_bytes())
    at = data.find(payload.encode())
    assert at > 0
    i = at + len(payload) // 2
    data[i] = ord("A") if data[i] != ord("A") else ord("B")  # one byte of the payload, in the file itself
    ledger.write_bytes(bytes(data))
    code, output = verify(ledger)
    assert code == 1 and (f"stored state claim_state row {kind}/{key}" in output or "database file" in output)


def test_a_corrupted_header_is_one_line_not_a_traceback(ledger: Path) -> None:
    data = bytearray(ledger.read_bytes())
    data[:16] = b"not a database!!"
    ledger.write_bytes(bytes(data))
    code, output = verify(ledger)
    assert code != 0 and "cannot open the ledger" in output and "not a database" in output


def test_a_ledger_from_before_tamper_evidence_migrates_and_verifies(ledger: Path) -> None:
    from claimledger.store.integrity import STATE_TABLES

    # undo migration 0008: the ledger as an older claimledger left it
    edit(ledger, *(f"ALTER TABLE {t} DROP COLUMN {c}" for t, c in [
        ("documents", "record_parts"), ("documents", "record_sha256"), ("audit", "record_sha256"),
        ("audit", "prev_sha256"), ("audit", "row_sha256"), *((t, "row_sha256") for t in STATE_TABLES)]),
        "DELETE FROM _migrations WHERE name = '0008_tamper_evidence'")
    r = runner.invoke(app, ["resolve", "--db", str(ledger)], catch_exceptions=False)  # any write command migrates
    assert r.exit_code == 0, r.output
    code, output = verify(ledger)
    assert code == 0, output
    edit(ledger, f"UPDATE documents SET outlet = 'Other Paper' WHERE id = ({DOC_A})")
    code, output = verify(ledger)
    assert code == 1 and "metadata" in output


def test_incremental_and_full_refreshes_keep_the_ledger_verifiable(ledger: Path, tmp_path: Path) -> None:
    more = tmp_path / "d.txt"
    more.write_text(" date 2023-02-04 The toll of the market strike in Varnok rose to four, the governor said.",
                    encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(more), "--db", str(ledger), "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    code, output = verify(ledger)
    assert code == 0 and "4/4 document(s) verified" in output, output
    r = runner.invoke(app, ["resolve", "--full", "--db", str(ledger)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    code, output = verify(ledger)
    assert code == 0, output
