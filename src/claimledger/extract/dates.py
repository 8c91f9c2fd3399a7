"""Dates: relative expressions resolved against the publication date (owner: incidents/dates work).

STUB: the as-of date of a claim is the publication date.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.records import Claim


def claim_as_of(doc: Doc, claim: Claim, published: str | None) -> str | None:
    """The date a claim's figure is given for."""
    return published


def event_date(doc: Doc, published: str | None) -> str | None:
    """The date of the main event the article reports, when the text tells."""
    return None
