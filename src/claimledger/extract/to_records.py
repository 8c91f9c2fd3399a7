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


def _restated_date(claim: Claim, claims: list[Claim], stated: list[str | None]) -> str | None:
    """The stated date of the same figure told elsewhere in the article (a headline and its lede).

    A figure an article repeats is one figure with one date: where one telling says when
    ("late on Friday") and another says nothing, both are as of that day.
    """
    if claim.kind != "quantity" or claim.measure is None:
        return None
    for other, when in zip(claims, stated, strict=True):
        if (when and other is not claim and other.kind == "quantity" and other.measure == claim.measure
                and other.group == claim.group
                and ((other.low, other.high) == (claim.low, claim.high)
                     or (claim.value is not None and other.value == claim.value))):
            return when
    return None


def to_extraction(sdoc: Doc, doc: Document, *, settings: Settings) -> Extraction:
    from claimledger.extract.dates import event_date, stated_as_of

    statements: list[Statement] = [
        replace(s, id=_gid(doc.id, s.id) or "", document=doc.id) for s in (sdoc._.cl_statements or [])
    ]
    found = list(sdoc._.cl_claims or []) + list(sdoc._.cl_allegations or [])
    stated = [c.as_of or stated_as_of(sdoc, c, doc.published) for c in found]
    claims: list[Claim] = []
    for c, when in zip(found, stated, strict=True):
        claims.append(replace(
            c,
            document=doc.id,
            statement=_gid(doc.id, c.statement),
            as_of=when or _restated_date(c, found, stated) or doc.published,
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
