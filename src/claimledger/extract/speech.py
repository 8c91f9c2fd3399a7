"""Quotes, reported speech, attribution of claims, allegations and denials (owner: speech work).

STUB: finds nothing yet.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.records import Claim, Mention, Statement


def find_statements(doc: Doc, mentions: list[Mention]) -> list[Statement]:
    """Direct quotes and reported speech with their speakers. Ids are local ("s0", "s1", ...)."""
    return []


def attribute_claims(doc: Doc, claims: list[Claim], statements: list[Statement],
                     mentions: list[Mention]) -> list[Claim]:
    """Set each claim's ``attributed_text``/``attributed_type``/``statement``."""
    return claims


def find_allegations(doc: Doc, statements: list[Statement], mentions: list[Mention]) -> list[Claim]:
    """Claims of kind ``allegation`` and ``denial``, attributed to who makes them."""
    return []
