"""Named entities of one document (owner: entities/gazetteer work).

STUB until the entities issue lands: no ruler, mentions straight from the model's NER.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.records import Mention

_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group"}


def add_entity_ruler(nlp: Language) -> None:
    """Add the gazetteer-driven entity ruler before the model's NER."""


def find_mentions(doc: Doc) -> list[Mention]:
    return [Mention(e.start_char, e.end_char, e.text, _TYPES[e.label_]) for e in doc.ents if e.label_ in _TYPES]
