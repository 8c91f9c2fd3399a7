"""Claim clusters, origins and independence, conflicts, series (owner: cross-document claims work).

STUB: nothing grouped yet.
"""

from __future__ import annotations

from claimledger.records import Cluster, Conflict, Series
from claimledger.resolve.corpus import Corpus, EntityIndex


def build_clusters(corpus: Corpus, index: EntityIndex) -> tuple[list[Cluster], list[tuple[str, str]]]:
    """Clusters of the same claim across documents, and (claim id, cluster id) pairs."""
    return [], []


def find_conflicts(corpus: Corpus, index: EntityIndex) -> list[Conflict]:
    return []


def build_series(corpus: Corpus, index: EntityIndex) -> list[Series]:
    return []
