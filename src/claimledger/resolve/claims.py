"""Claim-level cross-document resolution: clusters, origins and independence, conflicts, series.

The work is split by concern; this module is the entry point ``resolve()`` calls:

- ``figures.py``: what "the same figure", "a compatible group", "the same event" mean;
- ``origins.py``: which attributed sources are one origin (a council and its mayor);
- ``clusters.py``: the same claim across outlets, wire copies folded, independence;
- ``conflicts.py``: contradictions vs revisions, each with a readable reason;
- ``series.py``: figures per measure + group + place ordered by as-of date.

All three functions are deterministic in the corpus content (never in ingestion order).
"""

from __future__ import annotations

from claimledger.records import Cluster, Conflict, Series
from claimledger.resolve.clusters import ClaimTable
from claimledger.resolve.conflicts import conflicts_from
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.series import series_from


def build_clusters(corpus: Corpus, index: EntityIndex) -> tuple[list[Cluster], list[tuple[str, str]]]:
    """Clusters of the same claim across documents, and (claim id, cluster id) pairs."""
    table = ClaimTable(corpus, index)
    return table.clusters, table.claim_cluster


def find_conflicts(corpus: Corpus, index: EntityIndex) -> list[Conflict]:
    """Contradictions and revisions between quantity claims."""
    return conflicts_from(ClaimTable(corpus, index))


def build_series(corpus: Corpus, index: EntityIndex) -> list[Series]:
    """For each measure + group + place, the figures ordered by as-of date."""
    return series_from(ClaimTable(corpus, index))


__all__ = ["ClaimTable", "build_clusters", "build_series", "find_conflicts"]
