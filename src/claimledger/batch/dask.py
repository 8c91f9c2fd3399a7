"""Run reading and extraction on Dask distributed workers, with the same stage functions.

``DaskRunner(client)`` offers ``read`` and ``extract`` with the signatures of
``ingest.readers.iter_documents`` and ``extract.extract_documents``; ``workflow.ingest`` takes
them as ``reader=`` and ``runner=``. The driver keeps everything that touches the ledger
(skipping known documents, near-duplicates, writing, resolving) and gets results back in
input order, so a Dask run stores exactly what a single-process run stores.

- reading: the driver lists the input files (``walk``: cheap) and each task reads a few
  files with ``iter_documents``; workers must see the same paths (a shared filesystem);
- extraction: each task is ``_extract_batch(batch, settings)``, the function the process
  pool runs; only the Extraction records come back, the driver zips them with its batch;
- at most ``in_flight`` tasks are outstanding per stage, so memory stays flat on long inputs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from distributed import Client, LocalCluster, as_completed

from claimledger.errors import InputError, UnsupportedInput
from claimledger.extract.pipeline import _batches, _extract_batch
from claimledger.ingest.readers import iter_documents, walk
from claimledger.records import Document, Extraction
from claimledger.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

Item = Document | InputError


def ordered_map(client: Client, fn: Callable[..., R], items: Iterable[T], *args: Any,
                in_flight: int) -> Iterator[tuple[T, R]]:
    """``(item, fn(item, *args))`` for every item, in input order, at most ``in_flight`` tasks at once.

    Tasks finish in any order (``as_completed``); results wait in a buffer until every earlier
    one is out. A task that raises re-raises here, in the driver.
    """
    it = iter(items)
    pending = as_completed()
    index: dict[str, int] = {}  # future key -> position
    inputs: dict[int, T] = {}
    done: dict[int, R] = {}
    submitted = next_out = 0

    def submit_more() -> None:
        nonlocal submitted
        while submitted - next_out < in_flight:
            try:
                item = next(it)
            except StopIteration:
                return
            fut = client.submit(fn, item, *args, pure=False)
            index[fut.key] = submitted
            inputs[submitted] = item
            pending.add(fut)
            submitted += 1

    submit_more()
    while next_out < submitted:
        fut = next(pending)
        pos = index.pop(fut.key)
        done[pos] = fut.result()
        fut.release()
        while next_out in done:
            yield inputs.pop(next_out), done.pop(next_out)
            next_out += 1
        submit_more()


class _Error(tuple):  # type: ignore[type-arg]
    """An InputError as it travels between processes (the exception itself does not unpickle)."""

    @classmethod
    def of(cls, e: InputError) -> _Error:
        return cls((type(e).__name__, e.path, e.reason))

    def restore(self) -> InputError:
        kind, path, reason = self
        return (UnsupportedInput if kind == "UnsupportedInput" else InputError)(path, reason)


def _units(paths: Iterable[str], size: int) -> Iterator[list[_Error | str]]:
    """Input files in groups of ``size``; InputErrors from listing travel as they are."""
    it = iter(walk(paths))
    while chunk := list(islice(it, size)):
        yield [_Error.of(x) if isinstance(x, InputError) else str(x) for x in chunk]


def _read_unit(unit: list[_Error | str], settings: Settings,
               manifest: dict[str, dict[str, str]] | None) -> list[Document | _Error]:
    """Worker side: the documents in a few files, exactly as ``iter_documents`` reads them."""
    out: list[Document | _Error] = []
    for x in unit:
        if isinstance(x, _Error):
            out.append(x)
            continue
        for item in iter_documents([x], settings=settings, manifest=manifest):
            out.append(_Error.of(item) if isinstance(item, InputError) else item)
    return out


class DaskRunner:
    """Reading and extraction on a Dask cluster; pass ``read`` and ``extract`` to ``workflow.ingest``."""

    def __init__(self, client: Client, *, in_flight: int | None = None, files_per_task: int = 8):
        self.client = client
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        # two tasks per worker: one running, one queued, so no worker waits on the driver
        self.in_flight = in_flight or 2 * workers
        self.files_per_task = files_per_task

    def read(self, paths: Iterable[str], *, settings: Settings,
             manifest: dict[str, dict[str, str]] | None = None) -> Iterator[Item]:
        """``iter_documents`` with the files read on the workers; same items, same order."""
        for _, items in ordered_map(self.client, _read_unit, _units(paths, self.files_per_task), settings, manifest,
                                    in_flight=self.in_flight):
            for item in items:
                yield item.restore() if isinstance(item, _Error) else item

    def extract(self, docs: Iterable[Document], *, settings: Settings) -> Iterator[tuple[Document, Extraction]]:
        """``extract_documents`` with each batch extracted on a worker; same pairs, same order."""
        for batch, extractions in ordered_map(self.client, _extract_batch, _batches(docs, settings.batch_size),
                                              settings, in_flight=self.in_flight):
            yield from zip(batch, extractions, strict=True)


def connect(address: str | None = None, *, local_workers: int | None = None,
            **cluster_options: Any) -> tuple[Client, LocalCluster | None]:
    """A client on the scheduler at ``address``, or on a new LocalCluster of ``local_workers`` processes.

    Returns the client and the cluster it started (None for a remote scheduler); close both when done.
    """
    if address:
        log.info("connecting to the Dask scheduler at %s", address)
        return Client(address), None
    n = max(1, local_workers or 1)
    options: dict[str, Any] = {"n_workers": n, "threads_per_worker": 1, "processes": True,
                               "dashboard_address": None}
    options.update(cluster_options)
    # spaCy pipelines are not shared between threads: one thread per worker process
    cluster = LocalCluster(**options)
    log.info("started a local Dask cluster of %d worker(s)", n)
    return Client(cluster), cluster

