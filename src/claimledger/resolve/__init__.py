"""The cross-document layer: entities, clusters, conflicts, series, incidents.

``resolve(corpus)`` recomputes it from the per-document extractions; every step uses
blocking keys (measure, place, date window) rather than comparing all pairs.
"""

from __future__ import annotations

from claimledger.records import Resolution
from claimledger.resolve.corpus import Corpus
from claimledger.settings import Settings


def resolve(corpus: Corpus, *, settings: Settings) -> Resolution:
    """Everything cross-document, from the stored documents and extractions."""
    from claimledger.resolve.claims import build_clusters, build_series, find_conflicts
    from claimledger.resolve.entities import resolve_entities
    from claimledger.resolve.incidents import build_incidents

    index = resolve_entities(corpus)
    clusters, claim_cluster = build_clusters(corpus, index)
    conflicts = find_conflicts(corpus, index)
    series = build_series(corpus, index)
    incidents = build_incidents(corpus, index)
    return Resolution(
        entities=tuple(index.entities),
        links=tuple(index.links()),
        clusters=tuple(clusters),
        conflicts=tuple(conflicts),
        series=tuple(series),
        incidents=tuple(incidents),
        claim_cluster=tuple(claim_cluster),
    )


__all__ = ["Corpus", "resolve"]
