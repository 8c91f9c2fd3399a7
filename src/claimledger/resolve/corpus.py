"""What the cross-document stage reads: documents (without raw bytes) and their extractions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from claimledger.records import Claim, Document, Entity, Extraction


@dataclass
class Corpus:
    documents: dict[str, Document]
    extractions: dict[str, Extraction]
    near_duplicate_of: dict[str, str] = field(default_factory=dict)  # doc id -> earlier doc id

    def claims(self) -> Iterator[Claim]:
        for ex in self.extractions.values():
            yield from ex.claims

    @classmethod
    def from_ledger(cls, ledger: object) -> Corpus:
        from claimledger.store import Ledger

        assert isinstance(ledger, Ledger)
        docs = {d.id: d for d in ledger.documents()}
        exs = {e.document: e for e in ledger.extractions()}
        near = {m["id"]: m["near_duplicate_of"] for m in ledger.document_meta() if m["near_duplicate_of"]}
        return cls(docs, exs, near)


class EntityIndex:
    """Entities across the ledger, and which entity each surface form in each document means."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._links: dict[tuple[str, str], str] = {}

    def add_link(self, document: str, surface: str, entity_id: str) -> None:
        self._links[(document, surface)] = entity_id

    def link(self, document: str, surface: str | None) -> str | None:
        """The entity a surface form in a document refers to, or None."""
        if not surface:
            return None
        return self._links.get((document, surface))

    def links(self) -> list[tuple[str, str, str]]:
        return [(d, s, e) for (d, s), e in self._links.items()]

    def get(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        if not hasattr(self, "_by_id") or len(self._by_id) != len(self.entities):
            self._by_id = {e.id: e for e in self.entities}
        return self._by_id.get(entity_id)
