"""Property tests: parsers and readers never crash on arbitrary input, bounds are always ordered."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import InputError
from claimledger.extract.dates import resolve_expression
from claimledger.extract.numbers import bounds_of, tokenize
from claimledger.ingest.decode import decode_noting
from claimledger.ingest.readers import read_html, read_jsonl, read_text
from claimledger.records import Document

QUALIFIERS = ["", "more than ", "at least ", "as many as ", "up to ", "about ", "nearly ", "over ", "well over ",
              "between ", "an estimated ", "fewer than ", "roughly "]
AMOUNTS = st.one_of(
    st.integers(min_value=0, max_value=10_000_000).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=5000).map(str),
    st.sampled_from(["tens of thousands", "hundreds", "thousands", "dozens", "five", "twenty-one",
                     "a dozen", "two hundred", "1.5 million", "10 and 20", "10-20"]),
)
FREE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(QUALIFIERS), AMOUNTS)
def test_bounds_are_ordered(qualifier: str, amount: str) -> None:
    b = bounds_of(qualifier + amount)
    if b is not None and b.low is not None and b.high is not None:
        assert b.low <= b.high, (qualifier + amount, b)


@settings(max_examples=300, deadline=None)
@given(FREE_TEXT)
def test_number_parser_never_crashes(text: str) -> None:
    b = bounds_of(text)
    assert b is None or b.low is None or b.high is None or b.low <= b.high
    assert all(isinstance(w, str) for w in tokenize(text))


@settings(max_examples=300, deadline=None)
@given(FREE_TEXT, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))))
def test_date_resolver_never_crashes(text: str, published: date | None) -> None:
    resolved, _ = resolve_expression(text, published)
    assert resolved is None or isinstance(resolved, date)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_text_reader_only_raises_input_errors(data: bytes) -> None:
    try:
        doc = read_text(data, "fuzz.txt")
    except InputError:
        return
    assert isinstance(doc, Document) and doc.raw == data and doc.text


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_html_reader_only_raises_input_errors(data: bytes) -> None:
    try:
        read_html(b"<html><body><p>" + data + b"</p></body></html>", "fuzz.html")
    except InputError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=120), max_size=8))
def test_jsonl_reader_yields_documents_or_errors(lines: list[bytes]) -> None:
    stream = io.BytesIO(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    for item in read_jsonl(stream, "fuzz.jsonl"):
        assert isinstance(item, Document | InputError)


BOMS = st.sampled_from([b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00"])


@settings(max_examples=400, deadline=None)
@given(BOMS, st.binary(max_size=300), st.booleans())
def test_decoder_never_raises_anything_but_input_errors(bom: bytes, body: bytes, odd: bool) -> None:
    data = bom + body
    if odd and len(data) % 2 == 0:
        data += b"a"
    try:
        decoded = decode_noting(data, "fuzz.txt")
    except InputError:
        return
    assert isinstance(decoded.text, str)
    assert decoded.note is None or isinstance(decoded.note, str)


NON_ASCII = st.characters(min_codepoint=0xA1, blacklist_categories=("Cs", "Cc", "Co", "Cn"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(NON_ASCII, st.sampled_from(list("abc ,."))), min_size=30, max_size=200),
       st.lists(st.integers(min_value=0, max_value=199), min_size=1, max_size=2))
def test_utf8_with_a_few_bad_bytes_keeps_its_text(chars: list[str], at: list[int]) -> None:
    text = "".join(chars)
    if sum(c > "\x7f" for c in text) < 20:
        return
    pieces = [c.encode("utf-8") for c in text]
    for i in sorted({min(i, len(pieces)) for i in at}, reverse=True):
        pieces.insert(i, b"\xff")  # between characters: each bad byte becomes one replacement character
    decoded = decode_noting(b"".join(pieces), "fuzz.txt")
    assert decoded.text.replace("\ufffd", "") == text.replace("\ufffd", "")
    assert decoded.note is not None and "UTF-8" in decoded.note
