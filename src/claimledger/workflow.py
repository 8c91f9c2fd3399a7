"""Ingest end to end: read -> skip known -> near-duplicates -> extract -> store -> resolve.

The command line and the Python API both call ``ingest``; it reports progress through a
callback and never prints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimledger.errors import InputError, InputWarning
from claimledger.ingest.readers import iter_documents
from claimledger.records import Document, Extraction
from claimledger.settings import Settings
from claimledger.store import Ledger

if TYPE_CHECKING:
    from claimledger.resolve.incremental import RefreshStats

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    added: int = 0
    already: int = 0
    near_duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)  # inputs read, but with bytes replaced or dropped
    claims: int = 0
    refresh: RefreshStats | None = None  # what refreshing the cross-document layer did

    @property
    def skipped(self) -> int:
        return len(self.errors)


def ingest(paths: Iterable[str], ledger: Ledger, *, settings: Settings,
           manifest: dict[str, dict[str, str]] | None = None,
           on_document: Callable[[str], None] | None = None,
           on_error: Callable[[InputError], None] | None = None,
           on_warning: Callable[[InputWarning], None] | None = None,
           resolve_after: bool = True,
           reader: Callable[..., Iterator[Document | InputError | InputWarning]] | None = None,
           runner: Callable[..., Iterator[tuple[Document, Extraction]]] | None = None) -> IngestSummary:
    """Read, extract and store every new document under ``paths``, then refresh the cross-document layer.

    ``reader`` and ``runner`` replace ``iter_documents`` and ``extract_documents`` (same signatures,
    same order of results), e.g. with the Dask adapters of ``claimledger.batch.dask``.
    """
    from claimledger.extract import extract_documents
    from claimledger.ingest import dedup  # here, not at the top: datasketch (scipy) costs 0.6 s of start-up

    reader = reader or iter_documents
    runner = runner or extract_documents

    summary = IngestSummary()
    seen_now: set[str] = set()
    added: list[str] = []

    def new_documents() -> Iterator[Document]:
        for item in reader(paths, settings=settings, manifest=manifest):
            if isinstance(item, InputError):
                summary.errors.append(item)
                ledger.log("skipped", item.path, item.reason, settings.pipeline_version)
                if on_error:
                    on_error(item)
                continue
            if isinstance(item, InputWarning):
                summary.warnings.append(item)
                ledger.log("decode-warning", item.path, item.reason, settings.pipeline_version)
                if on_warning:
                    on_warning(item)
                continue
            if item.id in seen_now or ledger.has(item.id):
                summary.already += 1
                if on_document:
                    on_document(item.path)
                continue
            seen_now.add(item.id)
            yield item

    for doc, extraction in runner(new_documents(), settings=settings):
        fp = dedup.fingerprint(doc.text)
        if ledger.add(doc, extraction, minhash=dedup.to_bytes(fp.minhash, len(fp.shingles)),
                      pipeline_version=settings.pipeline_version):
            summary.added += 1
            summary.claims += len(extraction.claims)
            added.append(doc.id)
        if on_document:
            on_document(doc.path)
    # after every document of the run is stored (see the module docstring of ingest/dedup.py); with
    # the documents an interrupted run stored and never resolved
    targets = sorted(set(added) | set(ledger.unreported_documents())) if added else []
    if targets:
        links = relink(ledger, targets, settings=settings)
        summary.near_duplicates = sum(1 for d in added if links.get(d))
    ledger.log("ingest-run", ",".join(map(str, paths))[:500],
               f"added={summary.added} already={summary.already} skipped={summary.skipped}",
               settings.pipeline_version)
    if resolve_after:
        summary.refresh = refresh(ledger, settings=settings)
    return summary


def refresh(ledger: Ledger, *, settings: Settings, full: bool = False) -> RefreshStats:
    """Bring the cross-document layer up to date with what is stored.

    Incidents are updated from stored per-document state (``resolve/incremental.py``);
    ``full`` recomputes everything, as a first ingest or new code does anyway, near-duplicate
    links included.
    """
    from claimledger.resolve.incremental import refresh as update

    if full:
        relink(ledger, None, settings=settings)
    return update(ledger, settings=settings, incremental=not full)


def relink(ledger: Ledger, docs: Iterable[str] | None, *, settings: Settings) -> dict[str, str | None]:
    """Link the near duplicates of ``docs`` (None: of every document) against every stored document.

    The links of ``docs`` and of every document they match are computed again (a new document
    may be the better original of a stored one), inside one write transaction. Returns every
    link computed (document -> the document it copies, or None).
    """
    from claimledger.ingest import dedup

    result: dict[str, str | None] = {}
    targets = None if docs is None else list(docs)

    def compute() -> tuple[dict[str, str | None], dict[str, bytes]]:
        index = dedup.NearDuplicates(ledger.text, containment=settings.near_duplicate_containment,
                                     credited=settings.near_duplicate_credited_containment)
        sigs: dict[str, bytes] = {}
        for doc_id, blob in ledger.signatures():
            m = dedup.from_bytes(blob)
            if m is None:  # an older signature layout, or none: from the stored text
                fp = index.fingerprint(doc_id)
                m, sigs[doc_id] = fp.minhash, dedup.to_bytes(fp.minhash, len(fp.shingles))
            index.add(doc_id, m)
        published: dict[str, str | None] = {}

        def rank(doc_id: str) -> tuple[str, str]:
            if doc_id not in published:
                published.update(ledger.published_dates([doc_id]))
            return dedup.rank_key(published.get(doc_id), doc_id)

        wanted = sorted(index.indexed) if targets is None else targets
        if targets is None:
            published.update(ledger.published_dates(wanted))
        result.update(dedup.link_documents(wanted, index, rank))
        return dict(result), sigs

    ledger.relink(compute, fresh=() if docs is None else targets or ())
    return result
