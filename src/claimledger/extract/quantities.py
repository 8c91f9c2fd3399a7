"""Quantity claims: figures about harm or displacement with bounds and qualifiers (owner: quantities work).

STUB: finds nothing yet.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.records import Claim, Mention


def find_quantities(doc: Doc, mentions: list[Mention]) -> list[Claim]:
    """Every harm figure in the document, as Claim(kind="quantity") with local ids ("q0", ...)."""
    return []
