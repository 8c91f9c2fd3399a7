"""Reading and extraction on Dask workers give the ledger a single-process run gives.

One LocalCluster of two worker processes serves the whole module (each worker loads the
spaCy pipeline once). The corpus is written here: a few short reports, a JSONL file and a
file that cannot be read, so ordering, errors and multi-document files all cross the wire.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import cloudpickle
import pytest
from typer.testing import CliRunner

from claimledger.batch.dask import DaskRunner, connect, ordered_map
from claimledger.settings import Settings
from claimledger.store import open_ledger
from claimledger.views.ledger import ledger_data
from claimledger.workflow import ingest

pytestmark = pytest.mark.slow

# the small helper below runs on the workers, which cannot import the tests folder
cloudpickle.register_pickle_by_value(sys.modules[__name__])

REPORTS = [
    ("Mariupol, 10 March 2022. As many as 1,200 civilians have been killed in Mariupol during the siege, "
     "the mayor Vadym Boichenko said on Thursday."),
    ("Kyiv, 7 April 2022. More than 5,000 people have been killed in Mariupol, said Vadym Boichenko, "
     "the city's mayor. About 160,000 people remain trapped in the city, according to the UK Ministry of Defence."),
    ("Lviv, 12 April 2022. A missile strike on a hospital wounded 18 people, regional officials said. "
     "Police said 17 people were wounded in the strike."),
    ("Kramatorsk, 8 April 2022. At least 50 people, including five children, were killed when a rocket hit "
     "the railway station, the governor Pavlo Kyrylenko said."),
    ("Chicago, 3 May 2023. Two men were shot and one of them died on the South Side on Tuesday night, police said."),
    ("Houston, 14 June 2023. Police said three people were injured in a shooting at a gas station early Sunday."),
]


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "more").mkdir(parents=True)
    for i, text in enumerate(REPORTS[:4]):
        (corpus / f"r{i}.txt").write_text(text, encoding="utf-8")
    with open(corpus / "more" / "wire.jsonl", "w", encoding="utf-8") as fh:
        for i, text in enumerate(REPORTS[4:]):
            fh.write(json.dumps({"id": f"wire-{i}", "text": text, "outlet": "Wire", "date": "2023-06-14"}) + "\n")
    (corpus / "more" / "bad.gz").write_bytes(b"not gzip at all")
    (corpus / "r0-copy.txt").write_text(REPORTS[0], encoding="utf-8")  # same bytes: one document
    return corpus


def comparable(data: dict) -> dict:  # type: ignore[type-arg]
    docs = [{k: v for k, v in d.items() if k != "ingested_at"} for d in data["documents"]]
    skipped = sorted((a["path"], a["detail"]) for a in data["audit"] if a["action"] == "skipped")
    return {"documents": docs, "claims": data["claims"], "statements": data["statements"],
            "clusters": data["clusters"], "skipped": skipped}


@pytest.fixture(scope="module")
def dask_client():  # type: ignore[no-untyped-def]
    client, cluster = connect(local_workers=2)
    yield client
    client.close()
    cluster.close()  # type: ignore[union-attr]


def _slow_square(x: int) -> int:
    time.sleep(random.random() * 0.05)
    return x * x


def test_ordered_map_keeps_input_order_with_bounded_in_flight(dask_client) -> None:  # type: ignore[no-untyped-def]
    seen = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(40):
            seen.append(i)
            yield i

    out = []
    for item, result in ordered_map(dask_client, _slow_square, items(), in_flight=3):
        # never more than 3 submitted beyond what has been handed back
        assert len(seen) - len(out) <= 3
        out.append((item, result))
    assert out == [(i, i * i) for i in range(40)]


def test_dask_run_equals_single_process_run(tmp_path, dask_client) -> None:  # type: ignore[no-untyped-def]
    corpus = write_corpus(tmp_path)
    settings = Settings(batch_size=2)  # several batches, so the cluster really reorders
    runs = []
    for name, stages in (("single", {}), ("dask", None)):
        db = str(tmp_path / f"{name}.db")
        if stages is None:
            runner = DaskRunner(dask_client, files_per_task=2)
            stages = {"reader": runner.read, "runner": runner.extract}
        with open_ledger(db) as ledger:
            summary = ingest([str(corpus)], ledger, settings=settings.with_(db=db), **stages)
            runs.append((summary, comparable(ledger_data(ledger))))
    (single_summary, single), (dask_summary, dask) = runs
    assert len(single["documents"]) == 6 and single["claims"], "the corpus should give documents and claims"
    assert single_summary.already == 1 and single_summary.skipped == 1
    assert (dask_summary.added, dask_summary.already, dask_summary.skipped, dask_summary.claims) == (
        single_summary.added, single_summary.already, single_summary.skipped, single_summary.claims)
    assert dask["documents"] == single["documents"]
    assert dask["claims"] == single["claims"]
    assert dask == single


def test_cli_dask_scheduler(tmp_path, dask_client) -> None:  # type: ignore[no-untyped-def]
    from claimledger.cli import app

    corpus = write_corpus(tmp_path)
    address = dask_client.scheduler.address
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--dask-scheduler", address, "-q"])
    assert result.exit_code == 0, result.output
    assert "6 new document(s), 1 already in the ledger" in result.output
    with open_ledger(str(db)) as ledger:
        assert ledger.count("documents") == 6 and ledger.count("claims") > 0
    # the same command again adds nothing
    again = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--dask-scheduler", address, "-q"])
    assert again.exit_code == 0 and "0 new document(s), 7 already" in again.output


def test_cli_unreachable_scheduler_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from claimledger.cli import app

    corpus = write_corpus(tmp_path)
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.db"),
                                      "--dask-scheduler", "tcp://127.0.0.1:1", "-q"],
                                env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert result.exit_code == 2
    assert "error" in result.output.lower()
