"""A block's clusters updated from its clusters before (``recluster``) equal clustering it whole."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from claimledger.records import Claim
from claimledger.resolve.clusters import ClaimInfo, cluster_block, order_key, recluster

SENTENCES = ["{n} people were killed, police said.", "The attack on the hospital killed {n} people.",
             "{n} people died in the shooting at the market."]


def _info(rng: random.Random, n: int, start: date, span: int, undated: float = 0.0) -> ClaimInfo:
    value = rng.choice([1, 2, 2, 3, 12, 12, 40])
    approx = rng.random() < 0.2
    claim = Claim(id=f"c{n:04d}", document=f"d{rng.randint(0, 60):03d}", kind="quantity",
                  sentence=rng.choice(SENTENCES).format(n=value), text=f"{value} people", start=rng.randint(0, 500),
                  end=600, measure="killed", group=rng.choice(["people", "civilians", "children"]),
                  value=float(value), low=float(value), high=float(value),
                  qualifier="approximately" if approx else "exact")
    when = None if rng.random() < undated else start + timedelta(days=rng.randint(0, span))
    return ClaimInfo(claim=claim, canon_doc=claim.document, outlet="o", date=when, place_key="p", place_name="P",
                     place_entity="p", origin=None, source_entity=None)


def _ids(groups: list[list[ClaimInfo]]) -> list[list[str]]:
    return [[i.id for i in g] for g in groups]


@pytest.mark.parametrize("seed", range(40))
def test_reclustering_after_changes_equals_clustering_whole(seed: int) -> None:
    rng = random.Random(seed)
    span = rng.choice([10, 60, 400])
    undated = 0.05 if seed % 5 == 0 else 0.0
    claims = {i.id: i for i in (_info(rng, n, date(2021, 1, 1), span, undated) for n in range(rng.randint(5, 120)))}
    groups = _ids(cluster_block(list(claims.values())))
    nxt = len(claims)
    for _ in range(6):  # batches of changes: claims come, go, or move in time
        old = sorted(order_key(i) for i in claims.values())
        changed: set[str] = set()
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.5 or not claims:
                info = _info(rng, nxt, date(2021, 1, 1), span, undated)
                nxt += 1
                claims[info.id] = info
            elif roll < 0.75:
                info = claims.pop(rng.choice(sorted(claims)))
            else:
                info = claims[rng.choice(sorted(claims))]
                info.date = date(2021, 1, 1) + timedelta(days=rng.randint(0, span))
            changed.add(info.id)
        new = sorted(order_key(i) for i in claims.values())
        asked: set[str] = set()

        def infos(ids: Iterable[str], asked: set[str] = asked) -> dict[str, ClaimInfo]:
            got = {c: claims[c] for c in ids if c in claims}
            asked.update(got)
            return got

        groups = recluster(old, groups, new, changed, infos)
        assert groups == _ids(cluster_block(list(claims.values())))
        if span == 400 and not undated and len(claims) > 60:
            assert len(asked) < 0.8 * len(claims)  # a long history is not read whole


def test_a_run_that_reaches_the_next_stretch_of_changes_takes_it_along() -> None:
    """The same figure every five days: taking the first claim away shifts every later group,
    so the run after it never meets the old run again and reaches the next claim taken away."""
    rng = random.Random(1)
    claims = {}
    for n in range(40):
        info = _info(rng, n, date(2021, 1, 1), 0)
        info.date = date(2021, 1, 1) + timedelta(days=5 * n)
        info.claim = replace(info.claim, sentence="3 people were killed, police said.", group="people",
                             value=3.0, low=3.0, high=3.0, qualifier="exact")
        claims[info.id] = info
    old = sorted(order_key(i) for i in claims.values())
    groups = _ids(cluster_block(list(claims.values())))
    gone = {"c0000", "c0020"}  # a hundred days apart
    for c in gone:
        del claims[c]
    new = sorted(order_key(i) for i in claims.values())
    assert recluster(old, groups, new, gone, lambda ids: {c: claims[c] for c in ids if c in claims}) == _ids(
        cluster_block(list(claims.values())))
