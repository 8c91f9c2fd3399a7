"""The store on both backends: SQLite (a file) and PostgreSQL (``$CLAIMLEDGER_TEST_PG``).

Every test here runs once per backend. The PostgreSQL runs need a server: `make test` starts
a throwaway one with scripts/start_postgres.sh and exports its URL; without it they skip.
Each PostgreSQL ledger lives in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings

from claimledger.errors import LedgerBusy, StoreError
from claimledger.ingest.readers import make_document
from claimledger.records import Claim, Cluster, Conflict, Entity, Extraction, Resolution
from claimledger.store import open_ledger
from claimledger.store.dialect import is_postgres
from strategies import documents_with_claims

PG = os.environ.get("CLAIMLEDGER_TEST_PG")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG, reason="CLAIMLEDGER_TEST_PG is not set (run `make test`, or "
                                          "export CLAIMLEDGER_TEST_PG=$(bash scripts/start_postgres.sh))"),
    ]),
]


class Ledgers:
    """Makes fresh, empty ledgers on one backend; cleans them up at the end."""

    def __init__(self, backend: str, tmp: Path):
        self.backend, self.tmp, self.schemas = backend, tmp, []  # type: ignore[var-annotated]

    def url(self) -> str:
        if self.backend == "sqlite":
            return str(self.tmp / f"{uuid.uuid4().hex}.db")
        import psycopg

        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG, autocommit=True) as c:  # type: ignore[arg-type]
            c.execute(f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        sep = "&" if "?" in PG else "?"  # type: ignore[operator]
        return f"{PG}{sep}options={quote(f'-csearch_path={schema}')}"

    def cleanup(self) -> None:
        if not self.schemas:
            return
        import psycopg

        with psycopg.connect(PG, autocommit=True) as c:  # type: ignore[arg-type]
            for s in self.schemas:
                c.execute(f"DROP SCHEMA {s} CASCADE")


@pytest.fixture(params=BACKENDS)
def ledgers(request, tmp_path) -> Iterator[Ledgers]:  # type: ignore[no-untyped-def]
    made = Ledgers(request.param, tmp_path)
    yield made
    made.cleanup()




@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=documents_with_claims(nul=False))
def test_round_trip_and_idempotency(ledgers, pair) -> None:  # type: ignore[no-untyped-def]
    doc, ex = pair
    with open_ledger(ledgers.url()) as ledger:
        assert ledger.add(doc, ex, minhash=b"\x00\x01sig", pipeline_version="v1")
        assert not ledger.add(doc, ex), "the same bytes twice must be one document"
        assert ledger.count("documents") == 1 and ledger.count("claims") == 1
        back = ledger.document(doc.id, with_raw=True)
        assert back == doc and back.raw == doc.raw
        (ex_back,) = list(ledger.extractions())
        assert ex_back == ex  # floats exact: DOUBLE PRECISION on PostgreSQL, as REAL is on SQLite
        assert list(ledger.minhashes()) == [(doc.id, b"\x00\x01sig")]
        assert ledger.verify() == []


def test_documents_keep_ingest_order(ledgers) -> None:  # type: ignore[no-untyped-def]
    docs = [make_document(f"doc {i}".encode(), f"doc {i}", f"{i}.txt") for i in (5, 1, 9, 3)]
    with open_ledger(ledgers.url()) as ledger:
        for d in docs:
            ledger.add(d, Extraction(document=d.id))
        assert [d.id for d in ledger.documents()] == [d.id for d in docs]
        assert [e.document for e in ledger.extractions()] == [d.id for d in docs]
        assert [m["id"] for m in ledger.document_meta()] == [d.id for d in docs]


def test_verify_names_changed_original_and_text(ledgers) -> None:  # type: ignore[no-untyped-def]
    a = make_document(b"first original", "first original", "a.txt")
    b = make_document(b"second original", "second original", "b.txt")
    with open_ledger(ledgers.url()) as ledger:
        ledger.add(a, Extraction(document=a.id))
        ledger.add(b, Extraction(document=b.id))
        assert ledger.verify() == []
        ledger.conn.execute("UPDATE documents SET raw = ? WHERE id = ?", (b"tampered", a.id))
        ledger.conn.execute("UPDATE documents SET text = ? WHERE id = ?", ("edited", b.id))
        ledger.conn.commit()
        problems = ledger.verify()
    assert sorted(problems) == sorted([(a.id, "preserved original of a.txt no longer matches its SHA-256"),
                                       (b.id, "stored text of b.txt was changed after ingest")])


def test_failed_transaction_leaves_nothing(ledgers) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(b"x", "x", "x.txt")
    bad = Extraction(document=doc.id, claims=(Claim(id="dup", document=doc.id, kind="quantity", sentence="x",
                                                    text="x", start=0, end=1),) * 2)
    with open_ledger(ledgers.url()) as ledger:
        with pytest.raises(tuple(ledger.dialect.integrity_errors)):
            ledger.add(doc, bad)
        assert ledger.count("documents") == 0 and ledger.count("claims") == 0 and ledger.count("audit") == 0
        # and the handle is still usable afterwards
        assert ledger.add(doc, Extraction(document=doc.id))
        assert ledger.count("documents") == 1


def test_resolution_round_trip(ledgers) -> None:  # type: ignore[no-untyped-def]
    res = Resolution(
        entities=(Entity(id="e1", type="place", name="Kyiv", aliases=("Kiev", "Kyiv"), lat=50.45, lon=30.52),),
        links=(("d1", "Kiev", "e1"),),
        clusters=(Cluster(id="k1", claims=("c1", "c2"), documents=("d1", "d2"), outlets=("a", "b"),
                          origins=("e1",), independent_sources=1, first_reported="2022-04-06"),),
        conflicts=(Conflict(id="x1", kind="contradiction", claims=("c1", "c3"), reason="18 vs 17"),),
        claim_cluster=(("c1", "k1"), ("c2", "k1")),
    )
    with open_ledger(ledgers.url()) as ledger:
        assert ledger.load_resolution() == Resolution()
        ledger.save_resolution(res)
        ledger.save_resolution(res)  # replaces, never appends
        assert ledger.load_resolution() == res


def test_migrations_recorded_once(ledgers) -> None:  # type: ignore[no-untyped-def]
    url = ledgers.url()
    open_ledger(url).close()
    with open_ledger(url) as ledger:
        names = [r[0] for r in ledger.conn.execute("SELECT name FROM _migrations")]
    assert names == sorted(set(names)) and "0001_initial" in names


def test_one_writer_at_a_time(ledgers) -> None:  # type: ignore[no-untyped-def]
    """A second writer waits for the first, and gives up with LedgerBusy after its timeout."""
    url = ledgers.url()
    first = open_ledger(url)
    second = type(first)(url, timeout=0.3)
    try:
        with first.atomic():
            with pytest.raises(LedgerBusy, match="another process is writing"):
                with second.atomic():
                    pass
        released = threading.Event()

        def hold() -> None:
            with first.atomic():
                released.wait(5)

        t = threading.Thread(target=hold)
        t.start()
        waiter = type(first)(url, timeout=10)
        try:
            threading.Timer(0.3, released.set).start()
            doc = make_document(b"late", "late", "late.txt")
            assert waiter.add(doc, Extraction(document=doc.id))  # waited for the lock, then wrote
        finally:
            t.join()
            waiter.close()
    finally:
        first.close()
        second.close()


def test_unwritable_text_is_a_clear_error(ledgers) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(b"a\x00b", "a\x00b", "nul.txt")
    with open_ledger(ledgers.url()) as ledger:
        if ledger.backend == "sqlite":
            assert ledger.add(doc, Extraction(document=doc.id))  # SQLite stores NUL in text
            assert ledger.document(doc.id).text == "a\x00b"
        else:
            with pytest.raises(StoreError, match="cannot write"):
                ledger.add(doc, Extraction(document=doc.id))
            assert ledger.count("documents") == 0


def test_backend_is_picked_from_the_path(ledgers) -> None:  # type: ignore[no-untyped-def]
    url = ledgers.url()
    with open_ledger(url) as ledger:
        assert ledger.backend == ("postgresql" if is_postgres(url) else "sqlite")
        if ledger.backend == "sqlite":
            assert isinstance(ledger.conn, sqlite3.Connection)
            assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.postgres
def test_bad_url_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot open the ledger") as e:
        open_ledger("postgresql://someone:s3cret@127.0.0.1:1/nowhere")
    assert "s3cret" not in str(e.value) and "***" in str(e.value)


@pytest.mark.slow
@pytest.mark.skipif(not PG, reason="CLAIMLEDGER_TEST_PG is not set")
def test_ingest_and_export_match_across_backends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The whole workflow on PostgreSQL gives the JSON export the SQLite run gives."""
    from claimledger.settings import Settings
    from claimledger.views.ledger import ledger_data
    from claimledger.workflow import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mariupol, 10 March 2022. As many as 1,200 civilians have been killed in "
                                  "Mariupol, the mayor Vadym Boichenko said on Thursday.", encoding="utf-8")
    (corpus / "b.txt").write_text("Kyiv, 7 April 2022. More than 5,000 people were killed in Mariupol, "
                                  "said Vadym Boichenko, the city's mayor.", encoding="utf-8")
    exports = []
    made = Ledgers("postgres", tmp_path)
    try:
        for url in (str(tmp_path / "l.db"), made.url()):
            with open_ledger(url) as ledger:
                ingest([str(corpus)], ledger, settings=Settings(db=url))
                exports.append(ledger_data(ledger))
    finally:
        made.cleanup()
    sqlite_run, pg_run = exports

    def strip(d: dict) -> dict:  # type: ignore[type-arg]
        return {k: [{f: v for f, v in r.items() if f != "ingested_at"} for r in d[k]]
                for k in ("documents", "statements", "claims", "clusters", "conflicts", "series", "incidents")}

    assert sqlite_run["claims"], "the corpus should yield claims"
    assert strip(pg_run) == strip(sqlite_run)


def test_add_all_in_chunks(ledgers) -> None:  # type: ignore[no-untyped-def]
    docs = [make_document(f"bulk {i}".encode(), f"bulk {i}", f"{i}.txt") for i in range(7)]
    with open_ledger(ledgers.url()) as ledger:
        ledger.add(docs[3], Extraction(document=docs[3].id))
        assert ledger.add_all(((d, Extraction(document=d.id)) for d in docs), chunk=3) == 6
        assert ledger.count("documents") == 7 and ledger.count("audit") == 7
        assert [d.id for d in ledger.documents()] == [docs[3].id] + [d.id for d in docs if d is not docs[3]]


def test_incremental_refresh_matches_a_full_one(ledgers) -> None:  # type: ignore[no-untyped-def]
    """The stored incident state (reports, names, components) works on both backends."""
    from claimledger.resolve.incremental import refresh
    from claimledger.settings import Settings
    from test_incidents import BROOKVALE, FARHAVEN, _report

    pairs = [_report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=1),
             _report("c3", "2020-07-10", "2020-07-09", FARHAVEN, killed=2),
             _report("b2", "2020-05-06", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=2)]
    settings = Settings()
    with open_ledger(ledgers.url()) as ledger:
        for doc, ex in pairs[:2]:
            ledger.add(doc, ex)
        refresh(ledger, settings=settings)
        ledger.add(*pairs[2])
        refresh(ledger, settings=settings)
        updated = ledger.load_resolution()
        assert ledger.unreported_documents() == []
        refresh(ledger, settings=settings, incremental=False)
        assert ledger.load_resolution() == updated
        assert sorted(i.documents for i in updated.incidents) == [("a1", "b2"), ("c3",)]
