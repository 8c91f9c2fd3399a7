"""Incidents: reports of the same event grouped, with min/max/best casualty figures (owner: incidents work).

STUB: none yet.
"""

from __future__ import annotations

from claimledger.records import Incident
from claimledger.resolve.corpus import Corpus, EntityIndex


def build_incidents(corpus: Corpus, index: EntityIndex) -> list[Incident]:
    return []
