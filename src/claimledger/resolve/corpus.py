"""What the cross-document stage reads: documents (without raw bytes) and their extractions."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from claimledger.records import Claim, Document, Entity, Extraction

TEXT_CACHE = 2048  # texts kept at once (a step that reads one document's text often reads it again)


@dataclass
class Corpus:
    """The documents and extractions of a ledger.

    Read from a ledger, ``documents`` come without their text and statements without the
    quoted words (the cross-document layer reads speakers, not quotes): a whole ledger is
    held at once, and texts are most of it. ``text(doc_id)`` and ``document(doc_id)`` fetch
    a text when a step needs one.
    """

    documents: dict[str, Document]
    extractions: dict[str, Extraction]
    near_duplicate_of: dict[str, str] = field(default_factory=dict)  # doc id -> earlier doc id
    # doc id -> its text, for documents held without it (None: ``documents`` hold their texts)
    fetch_text: Callable[[str], str] | None = field(default=None, repr=False)
    _texts: OrderedDict[str, str] = field(default_factory=OrderedDict, init=False, repr=False, compare=False)

    def claims(self) -> Iterator[Claim]:
        for ex in self.extractions.values():
            yield from ex.claims

    def text(self, doc_id: str) -> str:
        """A document's text ("" for an unknown document)."""
        if self.fetch_text is not None:
            return self._cached_text(doc_id)
        doc = self.documents.get(doc_id)
        return doc.text if doc is not None else ""

    def document(self, doc_id: str) -> Document:
        """A document with its text."""
        doc = self.documents[doc_id]
        return doc if self.fetch_text is None else replace(doc, text=self._cached_text(doc_id))

    def _cached_text(self, doc_id: str) -> str:
        cache = self._texts
        if doc_id in cache:
            cache.move_to_end(doc_id)
            return cache[doc_id]
        assert self.fetch_text is not None
        text = cache[doc_id] = self.fetch_text(doc_id)  # any document of the ledger, held here or not
        if len(cache) > TEXT_CACHE:
            cache.popitem(last=False)
        return text

    @classmethod
    def from_ledger(cls, ledger: object, ids: Iterable[str] | None = None,
                    near: dict[str, str] | None = None) -> Corpus:
        """The ledger's documents and extractions, or those of ``ids`` (near duplicates: all of them)."""
        from claimledger.store import Ledger

        assert isinstance(ledger, Ledger)
        ids = None if ids is None else sorted(set(ids))
        docs = {d.id: d for d in ledger.documents(with_text=False, ids=ids)}
        exs = {e.document: e for e in ledger.extractions(quotes=False, ids=ids)}
        return cls(docs, exs, ledger.near_duplicates() if near is None else near, fetch_text=ledger.text)


class EntityIndex:
    """Entities across the ledger, and which entity each surface form in each document means."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._links: dict[tuple[str, str], str] = {}
        self.details: dict[tuple[str, str], Any] = {}  # (document, surface) -> entities.LinkDetail
        self.doc_keys: dict[str, frozenset[str]] = {}  # document -> the blocks its links depend on
        self.firsts: dict[str, set[tuple[str, str]]] = {}  # document -> (surname, first name) in full
        self.longs: dict[str, set[tuple[str, str]]] = {}  # document -> (initials, long organisation name)

    def add_link(self, document: str, surface: str, entity_id: str) -> None:
        self._links[(document, surface)] = entity_id

    def link(self, document: str, surface: str | None) -> str | None:
        """The entity a surface form in a document refers to, or None."""
        if not surface:
            return None
        return self._links.get((document, surface))

    def links(self) -> list[tuple[str, str, str]]:
        return sorted((d, s, e) for (d, s), e in self._links.items())

    def get(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        if not hasattr(self, "_by_id") or len(self._by_id) != len(self.entities):
            self._by_id = {e.id: e for e in self.entities}
        return self._by_id.get(entity_id)
