"""The cross-document layer: entities, clusters, conflicts, series, incidents.

``resolve(corpus)`` recomputes it from the per-document extractions; every step uses
blocking keys (measure, place, date window) rather than comparing all pairs.
``incremental.refresh(ledger)`` brings a stored ledger up to date after an ingest, updating
the incidents from stored per-document state.
"""

from __future__ import annotations

from dataclasses import replace

from claimledger.records import Resolution
from claimledger.resolve.corpus import Corpus
from claimledger.settings import Settings


def resolve(corpus: Corpus, *, settings: Settings) -> Resolution:
    """Everything cross-document, from the stored documents and extractions."""
    from claimledger.resolve.entities import resolve_entities
    from claimledger.resolve.incidents import build_incidents

    return replace(resolve_claims(corpus, settings=settings),
                   incidents=tuple(build_incidents(corpus, resolve_entities(corpus))))


def resolve_claims(corpus: Corpus, *, settings: Settings) -> Resolution:
    """Entities, clusters, conflicts and series: everything cross-document but the incidents."""
    from claimledger.resolve.claims import ClaimTable
    from claimledger.resolve.conflicts import conflicts_from
    from claimledger.resolve.entities import resolve_entities
    from claimledger.resolve.series import series_from

    index = resolve_entities(corpus)
    table = ClaimTable(corpus, index)  # one table: clusters, conflicts and series read the same one
    clusters, claim_cluster = table.clusters, table.claim_cluster
    return Resolution(
        entities=tuple(index.entities),
        links=tuple(index.links()),
        clusters=tuple(clusters),
        conflicts=tuple(conflicts_from(table)),
        series=tuple(series_from(table)),
        claim_cluster=tuple(claim_cluster),
    )


__all__ = ["Corpus", "resolve", "resolve_claims"]
