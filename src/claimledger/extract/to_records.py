"""spaCy ``Doc`` (with our extensions filled) -> one ``Extraction`` of plain records.

Components produce records with document-local ids ("s0", "c3"); here they get their
ledger-wide ids ("<document id>:s0"), the document id, the as-of date of every claim and
the pipeline version.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from claimledger.records import Claim, Document, Extraction, Statement
from claimledger.settings import Settings


def _gid(doc_id: str, local: str | None) -> str | None:
    return f"{doc_id}:{local}" if local else None


def to_extraction(sdoc: Doc, doc: Document, *, settings: Settings) -> Extraction:
    from claimledger.extract.dates import claim_as_of, event_date

    statements: list[Statement] = [
        replace(s, id=_gid(doc.id, s.id) or "", document=doc.id) for s in (sdoc._.cl_statements or [])
    ]
    claims: list[Claim] = []
    for c in list(sdoc._.cl_claims or []) + list(sdoc._.cl_allegations or []):
        claims.append(replace(
            c,
            document=doc.id,
            statement=_gid(doc.id, c.statement),
            as_of=c.as_of or claim_as_of(sdoc, c, doc.published),
            version=settings.pipeline_version,
        ))
    claims.sort(key=lambda c: (c.start, c.end, c.kind))
    claims = [replace(c, id=f"{doc.id}:c{i}") for i, c in enumerate(claims)]
    return Extraction(
        document=doc.id,
        mentions=tuple(sdoc._.cl_mentions or ()),
        statements=tuple(statements),
        claims=tuple(claims),
        event_date=event_date(sdoc, doc.published),
        version=settings.pipeline_version,
    )
