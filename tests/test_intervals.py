"""Range lookups that keep extraction linear, checked against a plain scan, and an op count
that must grow linearly with the document."""

from __future__ import annotations

import random

import pytest

from claimledger.extract import speakers
from claimledger.extract.intervals import Intervals, NearestStart

RANGES = [(0, 5), (3, 9), (20, 25), (21, 22), (40, 41)]


@pytest.mark.parametrize(("start", "end", "overlaps", "contains"), [
    (0, 1, True, True),
    (4, 9, True, True),
    (5, 12, True, False),
    (9, 20, False, False),
    (22, 26, True, False),
    (21, 22, True, True),
    (41, 45, False, False),
    (39, 41, True, False),
])
def test_intervals_table(start, end, overlaps, contains):
    iv = Intervals(RANGES)
    assert iv.overlaps(start, end) is overlaps
    assert iv.contains(start, end) is contains


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_intervals_agree_with_a_scan(seed):
    rnd = random.Random(seed)
    ranges = [(s, s + rnd.randint(1, 30)) for s in (rnd.randint(0, 300) for _ in range(40))]
    iv = Intervals(ranges)
    for _ in range(300):
        s = rnd.randint(0, 330)
        e = s + rnd.randint(1, 20)
        assert iv.overlaps(s, e) == any(a < e and s < b for a, b in ranges)
        assert iv.contains(s, e) == any(a <= s and e <= b for a, b in ranges)
        assert iv.covers(s) == any(a <= s < b for a, b in ranges)


@pytest.mark.parametrize(("at", "want"), [(0, 30), (10, 0), (15, 5), (55, 5), (100, 40), (5, 15)])
def test_nearest_start_weights_the_later_offsets(at, want):
    near = NearestStart()
    for x in (50, 10, 60):  # added out of order on purpose
        near.add("k", x)
    assert near.distance("k", at, 3) == want
    assert near.distance("missing", at, 3) is None


PARAGRAPH = ("Mayor Ilse Varga of Kettlebrook said that four people were killed. \"We are counting,\" Varga said. "
             "The governor, Oren Halbeck, told reporters he feared more. She added that 9 were hurt.\n")


def test_speaker_work_grows_linearly_with_the_document(nlp, monkeypatch):
    from claimledger.extract.speech import find_statements

    calls = {"n": 0}
    real = speakers._clean_words

    def counting(text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(text)

    monkeypatch.setattr(speakers, "_clean_words", counting)
    counts = []
    for reps in (8, 16, 32):
        doc = nlp(PARAGRAPH * reps)
        calls["n"] = 0
        found = find_statements(doc, doc._.cl_mentions)
        assert found
        counts.append(calls["n"])
    assert counts[2] <= 2.3 * counts[1] and counts[1] <= 2.3 * counts[0], counts
