"""The extraction stage: ``Document`` records in, ``(Document, Extraction)`` pairs out.

The same generator runs in-process, in a process pool (``n_process``) or on Dask workers:
each worker builds its own pipeline and hands back plain records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from claimledger.records import Document, Extraction
from claimledger.settings import Settings


def _extract_batch(docs: list[Document], settings: Settings) -> list[Extraction]:
    from claimledger.extract.nlp import get_nlp
    from claimledger.extract.to_records import to_extraction

    nlp = get_nlp(settings)
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


def extract_documents(docs: Iterable[Document], *, settings: Settings) -> Iterator[tuple[Document, Extraction]]:
    """Extract every document, in order. ``settings.n_process > 1`` uses a process pool."""
    if settings.n_process <= 1:
        for batch in _batches(docs, settings.batch_size):
            yield from zip(batch, _extract_batch(batch, settings), strict=True)
        return
    # bounded look-ahead: at most 2 batches in flight per worker keeps memory flat
    with ProcessPoolExecutor(max_workers=settings.n_process) as pool:
        pending: list[tuple[list[Document], object]] = []
        for batch in _batches(docs, settings.batch_size):
            pending.append((batch, pool.submit(_extract_batch, batch, settings)))
            if len(pending) >= 2 * settings.n_process:
                b, fut = pending.pop(0)
                yield from zip(b, fut.result(), strict=True)  # type: ignore[attr-defined]
        for b, fut in pending:
            yield from zip(b, fut.result(), strict=True)  # type: ignore[attr-defined]
