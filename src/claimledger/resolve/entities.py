"""Entity resolution across documents (owner: entities work).

STUB: one entity per distinct surface form and type.
"""

from __future__ import annotations

from claimledger.records import Entity
from claimledger.resolve.corpus import Corpus, EntityIndex


def resolve_entities(corpus: Corpus) -> EntityIndex:
    index = EntityIndex()
    by_key: dict[tuple[str, str], str] = {}
    for doc_id, ex in corpus.extractions.items():
        surfaces = [(m.text, m.type) for m in ex.mentions]
        surfaces += [(s.speaker_text, s.speaker_type or "person") for s in ex.statements if s.speaker_text]
        surfaces += [(c.attributed_text, c.attributed_type or "person") for c in ex.claims if c.attributed_text]
        surfaces += [(c.place_text, "place") for c in ex.claims if c.place_text]
        for text, typ in surfaces:
            key = (text.lower(), typ)
            if key not in by_key:
                by_key[key] = f"e{len(by_key)}"
                index.entities.append(Entity(id=by_key[key], type=typ, name=text, aliases=(text,)))
            index.add_link(doc_id, text, by_key[key])
    return index
