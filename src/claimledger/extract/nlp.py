"""Builds the one spaCy pipeline: the small English model, a gazetteer-driven entity ruler
before its NER, and our versioned components. Doc extensions are registered here and
nowhere else."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.settings import Settings

COMPONENTS = {
    "paragraphs": "claimledger_paragraphs_v1",
    "mentions": "claimledger_mentions_v1",
    "statements": "claimledger_statements_v1",
    "quantities": "claimledger_quantities_v1",
    "attribution": "claimledger_attribution_v1",
    "allegations": "claimledger_allegations_v1",
}


def register_extensions() -> None:
    """Doc extensions our components fill (plain records, never spaCy objects)."""
    for name in ("cl_mentions", "cl_statements", "cl_claims", "cl_allegations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("cl_doc_id", "cl_published"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.component(COMPONENTS["paragraphs"])
def paragraphs_component(doc: Doc) -> Doc:
    from claimledger.extract.paragraphs import mark_paragraphs

    return mark_paragraphs(doc)


@Language.component(COMPONENTS["mentions"])
def mentions_component(doc: Doc) -> Doc:
    from claimledger.extract.entities import find_mentions

    doc._.cl_mentions = find_mentions(doc)
    return doc


@Language.component(COMPONENTS["statements"])
def statements_component(doc: Doc) -> Doc:
    from claimledger.extract.speech import find_statements

    doc._.cl_statements = find_statements(doc, doc._.cl_mentions or [])
    return doc


@Language.component(COMPONENTS["quantities"])
def quantities_component(doc: Doc) -> Doc:
    from claimledger.extract.quantities import find_quantities

    doc._.cl_claims = find_quantities(doc, doc._.cl_mentions or [])
    return doc


@Language.component(COMPONENTS["attribution"])
def attribution_component(doc: Doc) -> Doc:
    from claimledger.extract.attribution import attribute_claims

    doc._.cl_claims = attribute_claims(doc, doc._.cl_claims or [], doc._.cl_statements or [],
                                       doc._.cl_mentions or [])
    return doc


@Language.component(COMPONENTS["allegations"])
def allegations_component(doc: Doc) -> Doc:
    from claimledger.extract.speech import find_allegations

    doc._.cl_allegations = find_allegations(doc, doc._.cl_statements or [], doc._.cl_mentions or [])
    return doc


def build_nlp(settings: Settings) -> Language:
    """Load the model and add our components after it."""
    register_extensions()
    nlp = spacy.load(settings.spacy_model, exclude=["lemmatizer"])
    from claimledger.extract.entities import add_entity_ruler

    add_entity_ruler(nlp)
    nlp.add_pipe(COMPONENTS["paragraphs"], before="parser")
    for key, name in COMPONENTS.items():
        if key != "paragraphs":
            nlp.add_pipe(name, last=True)
    return nlp


@lru_cache(maxsize=2)
def get_nlp(settings: Settings) -> Language:
    """One pipeline per process and settings."""
    return build_nlp(settings)
