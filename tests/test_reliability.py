"""Faults: kill -9 mid-ingest at several points, concurrent ingests on one ledger.

After any interruption a re-run must give exactly the ledger an uninterrupted run gives:
no document lost or duplicated, no half-written extraction.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

N_DOCS = 40  # room after the last kill point, so a slow poll still kills mid-run


def write_corpus(d: Path, n: int = N_DOCS, tag: str = "") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (d / f"r{tag}{i:02d}.txt").write_text(
            f" date 2023-04-{i % 28 + 1:02d} Report {tag}{i}: {i + 2} people were killed and {i + 5} were injured "
            f"when shells hit district {i} of the city, the regional governor said. Rescuers said {i + 1} houses "
            f"were destroyed.", encoding="utf-8")
    return d


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimledger", *args]


def snapshot(db: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    con = sqlite3.connect(db)
    docs = sorted(r[0] for r in con.execute("SELECT sha256 FROM documents"))
    claims = sorted((r[0], r[1], r[2]) for r in con.execute("SELECT id, kind, text FROM claims"))
    con.close()
    return docs, claims


def count_docs(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=1)
        n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
        return int(n)
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("crash") / "corpus")


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[tuple[str, str, str]]]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    subprocess.run(cli("ingest", str(corpus), "--db", str(db), "-q"), check=True, capture_output=True)
    return snapshot(db)


@pytest.mark.parametrize("kill_after", [1, 5, 11])
def test_kill_mid_ingest_then_rerun(corpus: Path, reference, tmp_path: Path, kill_after: int) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "l.db"
    proc = subprocess.Popen(cli("ingest", str(corpus), "--db", str(db), "-q", "--batch-size", "1"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while count_docs(db) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count_docs(db)
    assert kill_after <= stored < N_DOCS, f"the kill came too late to test anything ({stored} stored)"
    rerun = subprocess.run(cli("ingest", str(corpus), "--db", str(db), "-q"), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert snapshot(db) == reference
    out = subprocess.run(cli("verify", "--db", str(db)), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_two_ingests_at_once_serialise(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 6, "a")
    b = write_corpus(tmp_path / "b", 6, "b")
    db = tmp_path / "l.db"
    procs = [subprocess.Popen(cli("ingest", str(c), "--db", str(db), "-q", "--batch-size", "1"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in (a, b)]
    results = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    docs, _ = snapshot(db)
    assert len(docs) == 12 and len(set(docs)) == 12
    export = subprocess.run(cli("export", "--db", str(db)), capture_output=True, text=True, check=True)
    assert len(json.loads(export.stdout)["documents"]) == 12


def _open_and_write(path: str) -> str | None:
    from claimledger.store.db import Ledger

    try:
        with Ledger(path) as ledger, ledger.atomic() as conn:
            conn.execute("SELECT count(*) FROM documents").fetchone()
    except Exception as e:  # noqa: BLE001 - the test reports whatever went wrong
        return repr(e)
    return None


def test_processes_creating_one_ledger_at_once_all_open_it(tmp_path: Path) -> None:
    # switching a new database to WAL is refused at once (no busy wait) while another
    # connection holds the lock: every opener must wait its turn, not fail
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    errors = []
    with ctx.Pool(4) as pool:
        for i in range(12):
            path = str(tmp_path / f"l{i}.db")
            errors += [e for e in pool.map(_open_and_write, [path] * 4) if e]
    assert errors == []


def test_each_document_is_committed_as_soon_as_its_extraction_arrives(tmp_path: Path) -> None:
    """One long document must not hold back the ones already extracted: ingest stores each (doc, extraction)
    pair in its own transaction the moment the runner yields it."""
    from claimledger.records import Extraction
    from claimledger.settings import Settings
    from claimledger.store import open_ledger
    from claimledger.workflow import ingest

    corpus = write_corpus(tmp_path / "c", 3)
    db = tmp_path / "l.db"
    seen_by_another_process: list[int] = []

    def runner(docs, settings):  # type: ignore[no-untyped-def]
        for doc in docs:
            seen_by_another_process.append(count_docs(db))  # what a reader sees before this one is yielded
            yield doc, Extraction(document=doc.id)

    with open_ledger(str(db)) as ledger:
        summary = ingest([str(corpus)], ledger, settings=Settings(db=str(db)), runner=runner, resolve_after=False)
    assert summary.added == 3 and seen_by_another_process == [0, 1, 2]
