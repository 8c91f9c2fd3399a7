"""The extraction stage: ``Document`` records in, ``(Document, Extraction)`` pairs out.

The same generator runs in-process, in a process pool (``n_process``) or on Dask workers:
each worker builds its own pipeline and hands back plain records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice

from claimledger.records import Document, Extraction
from claimledger.settings import Settings


def _extract_batch(docs: list[Document], settings: Settings) -> list[Extraction]:
    from claimledger.extract.nlp import get_nlp
    from claimledger.extract.to_records import to_extraction

    # the pipeline depends on the model alone: keyed by it, a ledger or batch size of its own does not load it again
    nlp = get_nlp(Settings(spacy_model=settings.spacy_model))
    out = []
    texts = ((d.text, d) for d in docs)
    for sdoc, doc in nlp.pipe(_with_context(texts), as_tuples=True, batch_size=settings.batch_size):
        out.append(to_extraction(sdoc, doc, settings=settings))
    return out


def _with_context(pairs: Iterable[tuple[str, Document]]) -> Iterator[tuple[str, Document]]:
    yield from pairs


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # no affinity on this system
        return os.cpu_count() or 1


def plan_workers(docs: Iterable[Document], settings: Settings) -> tuple[int, Iterator[Document]]:
    """How many extraction processes ``docs`` get, and the same documents in the same order.

    ``settings.n_process`` above 0 is taken as it is. 0 means every core, except for an input of fewer
    than ``settings.parallel_min_documents`` documents, which stays in this process: that many are read
    ahead to know.
    """
    it = iter(docs)
    if settings.n_process > 0:
        return settings.n_process, it
    head = list(islice(it, settings.parallel_min_documents))
    if len(head) < settings.parallel_min_documents:
        return 1, iter(head)
    return available_cores(), chain(head, it)


def extract_documents(docs: Iterable[Document], *, settings: Settings) -> Iterator[tuple[Document, Extraction]]:
    """Extract every document, in order; more than one process (see ``plan_workers``) uses a process pool."""
    workers, docs = plan_workers(docs, settings)
    if workers <= 1:
        for batch in _batches(docs, settings.batch_size):
            yield from zip(batch, _extract_batch(batch, settings), strict=True)
        return
    # bounded look-ahead: at most 2 batches in flight per worker keeps memory flat
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[tuple[list[Document], object]] = []
        for batch in _batches(docs, settings.batch_size):
            pending.append((batch, pool.submit(_extract_batch, batch, settings)))
            if len(pending) >= 2 * workers:
                b, fut = pending.pop(0)
                yield from zip(b, fut.result(), strict=True)  # type: ignore[attr-defined]
        for b, fut in pending:
            yield from zip(b, fut.result(), strict=True)  # type: ignore[attr-defined]
