"""How many extraction processes an ingest gets by default (decided in-process; nothing is timed)."""

from __future__ import annotations

import pytest

from claimledger.extract import pipeline
from claimledger.records import Document
from claimledger.settings import Settings


def _docs(n: int) -> list[Document]:
    return [Document(id=f"d{i}", sha256=f"{i:064x}", path=f"d{i}.txt", text=f"Report number {i} from Elmsworth.")
            for i in range(n)]


@pytest.mark.parametrize(("n_docs", "cores", "expected"), [
    (0, 8, 1),      # nothing to read: in-process
    (3, 8, 1),      # a handful: in-process, no model loaded in eight workers
    (63, 8, 1),     # one below the threshold
    (64, 8, 8),     # the threshold: every core
    (500, 8, 8),
    (500, 1, 1),    # one core: one process
])
def test_default_is_every_core_but_one_process_for_a_small_input(monkeypatch: pytest.MonkeyPatch, n_docs: int,
                                                                cores: int, expected: int) -> None:
    monkeypatch.setattr(pipeline, "available_cores", lambda: cores)
    settings = Settings(n_process=0, parallel_min_documents=64)
    docs = _docs(n_docs)
    workers, again = pipeline.plan_workers(iter(docs), settings)
    assert workers == expected
    assert [d.id for d in again] == [d.id for d in docs]  # the same documents, in order, none lost


def test_default_uses_the_real_core_count_for_a_large_input() -> None:
    workers, _ = pipeline.plan_workers(_docs(10), Settings(n_process=0, parallel_min_documents=10))
    assert workers == pipeline.available_cores() >= 1


def test_workers_given_are_taken_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "available_cores", lambda: 8)
    assert pipeline.plan_workers(_docs(2), Settings(n_process=3))[0] == 3
    assert pipeline.plan_workers(_docs(500), Settings(n_process=1))[0] == 1


def test_the_command_line_default_is_every_core() -> None:
    from typer.main import get_command

    from claimledger.cli import app

    ingest = get_command(app).commands["ingest"]  # type: ignore[attr-defined]
    workers = next(p for p in ingest.params if p.name == "workers")
    assert workers.default == 0


def test_settings_that_differ_outside_the_model_share_one_loaded_pipeline(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.nlp import get_nlp

    loaded = get_nlp.cache_info().currsize  # the session's pipeline (the nlp fixture) is loaded
    for settings in (Settings(db="a.db", batch_size=7), Settings(db="b.db", n_process=1, max_text_chars=9_000)):
        pairs = list(pipeline.extract_documents(_docs(2), settings=settings))
        assert [d.id for d, _ in pairs] == ["d0", "d1"]
    assert get_nlp.cache_info().currsize == loaded
