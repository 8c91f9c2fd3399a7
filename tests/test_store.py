"""The store: one transaction per document, idempotent, round-trips, verify catches tampering."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings

from claimledger.errors import StoreError
from claimledger.ingest.readers import make_document
from claimledger.records import Claim, Extraction
from claimledger.store import open_ledger
from strategies import documents_with_claims


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents_with_claims())
def test_round_trip(tmp_path_factory, pair) -> None:  # type: ignore[no-untyped-def]
    doc, ex = pair
    with open_ledger(str(tmp_path_factory.mktemp("rt") / "l.db")) as ledger:
        assert ledger.add(doc, ex)
        assert not ledger.add(doc, ex), "the same bytes twice must be one document"
        back = ledger.document(doc.id, with_raw=True)
        assert back == doc and back.raw == doc.raw
        (ex_back,) = list(ledger.extractions())
        assert ex_back.claims == ex.claims and ex_back.statements == ex.statements
        assert ex_back.mentions == ex.mentions
        assert ledger.verify() == []


def test_verify_names_changed_original_and_text(fresh_store) -> None:  # type: ignore[no-untyped-def]
    a = make_document(b"first original", "first original", "a.txt")
    b = make_document(b"second original", "second original", "b.txt")
    fresh_store.add(a, Extraction(document=a.id))
    fresh_store.add(b, Extraction(document=b.id))
    fresh_store.conn.execute("UPDATE documents SET raw = ? WHERE id = ?", (b"tampered", a.id))
    fresh_store.conn.execute("UPDATE documents SET text = ? WHERE id = ?", ("edited", b.id))
    fresh_store.conn.commit()
    problems = fresh_store.verify()
    assert (a.id, "preserved original of a.txt no longer matches its SHA-256") in problems
    assert (b.id, "stored text of b.txt was changed after ingest") in problems


def test_failed_transaction_leaves_nothing(fresh_store) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(b"x", "x", "x.txt")
    bad = Extraction(document=doc.id, claims=(Claim(id="dup", document=doc.id, kind="quantity", sentence="x",
                                                    text="x", start=0, end=1),) * 2)
    with pytest.raises(sqlite3.IntegrityError):
        fresh_store.add(doc, bad)
    assert fresh_store.count("documents") == 0 and fresh_store.count("claims") == 0


def test_full_disk_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger = open_ledger(str(tmp_path / "small.db"))
    ledger.conn.execute("PRAGMA max_page_count = 60")  # stands in for a full disk
    with pytest.raises(StoreError, match="cannot write"):
        for i in range(200):
            text = f"document {i} " + "words " * 2000
            ledger.add(make_document(text.encode(), text, f"{i}.txt"), Extraction(document=""))
    ledger.close()


def test_migrations_recorded_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "m.db")
    open_ledger(path).close()
    with open_ledger(path) as ledger:
        names = [r[0] for r in ledger.conn.execute("SELECT name FROM _migrations")]
    assert names == sorted(set(names)) and "0001_initial" in names


def test_read_only_database_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger = open_ledger(str(tmp_path / "ro.db"))
    ledger.conn.execute("PRAGMA query_only = ON")  # stands in for a file the process may not write
    text = "Four people were killed, police said."
    with pytest.raises(StoreError, match="cannot write"):
        ledger.add(make_document(text.encode(), text, "ro.txt"), Extraction(document=""))
    ledger.conn.execute("PRAGMA query_only = OFF")
    assert ledger.count("documents") == 0
    ledger.close()


def test_ledger_path_that_cannot_be_opened_names_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a-folder.db"
    target.mkdir()
    with pytest.raises(StoreError, match="a-folder.db: cannot open the ledger"):
        open_ledger(str(target))


# ---------------------------------------------------- read-only media and full disks (issue 22, item 6)
def test_full_disk_says_the_disk_is_full(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger = open_ledger(str(tmp_path / "small.db"))
    ledger.conn.execute("PRAGMA max_page_count = 60")  # stands in for a full disk
    with pytest.raises(StoreError, match="the disk is full"):
        for i in range(200):
            text = f"document {i} " + "words " * 2000
            ledger.add(make_document(text.encode(), text, f"{i}.txt"), Extraction(document=""))
    ledger.close()


@pytest.fixture
def tiny_disk(tmp_path):  # type: ignore[no-untyped-def]
    """A 1 MB file system of its own (tmpfs), so that the disk really fills up."""
    import subprocess

    d = tmp_path / "tiny"
    d.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(d)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.decode().strip()}); the max_page_count "
                    "test above stands in for it")
    yield d
    subprocess.run(["umount", "-l", str(d)], check=True)  # lazily: a failed test may leave the ledger open


def test_a_really_full_disk_says_so_and_keeps_what_was_stored(tiny_disk) -> None:  # type: ignore[no-untyped-def]
    ledger = open_ledger(str(tiny_disk / "l.db"))
    stored = 0
    with pytest.raises(StoreError) as caught:
        for i in range(500):
            text = f"document {i} " + "words " * 2000
            ledger.add(make_document(text.encode(), text, f"{i}.txt"), Extraction(document=""))
            stored += 1
    assert "the disk is full" in str(caught.value) and "cannot rollback" not in str(caught.value)
    assert ledger.count("documents") == stored > 0
    ledger.close()
