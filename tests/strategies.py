"""Hypothesis strategies shared by the store tests (SQLite and PostgreSQL)."""

from __future__ import annotations

from hypothesis import strategies as st

from claimledger.ingest.readers import make_document
from claimledger.records import Claim, Extraction, Mention, Statement

bounds = st.one_of(st.none(), st.floats(min_value=0, max_value=1e7, allow_nan=False))


def texts(*, nul: bool = True) -> st.SearchStrategy[str]:
    """Any text; ``nul=False`` leaves out NUL, which PostgreSQL text cannot hold (it has its own test)."""
    return st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="" if nul else "\x00"),
                   min_size=1, max_size=200)


@st.composite
def documents_with_claims(draw, *, nul: bool = True):  # type: ignore[no-untyped-def]
    """A document with one claim, one statement and one mention, all fields drawn."""
    any_text = texts(nul=nul)
    text = draw(any_text)
    raw = text.encode("utf-8") + draw(st.binary(max_size=20))
    doc = make_document(raw, text, draw(any_text), title=draw(st.one_of(st.none(), any_text)),
                        published=draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))))
    lo, hi = draw(bounds), draw(bounds)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    claim = Claim(id=f"{doc.id}:c0", document=doc.id, kind="quantity", sentence=text, text=text[:10], start=0,
                  end=min(10, len(text)), measure="killed", group="people", value=lo, low=lo, high=hi,
                  qualifier="exact", hedged=draw(st.booleans()), place_text=draw(st.one_of(st.none(), any_text)))
    st_ = Statement(id=f"{doc.id}:s0", document=doc.id, text=text, start=0, end=len(text),
                    direct=draw(st.booleans()), speaker_text=draw(st.one_of(st.none(), any_text)))
    m = Mention(0, 1, text[:1], "place", lat=draw(st.one_of(st.none(), st.floats(-90, 90))))
    return doc, Extraction(document=doc.id, mentions=(m,), statements=(st_,), claims=(claim,), version="v1")
