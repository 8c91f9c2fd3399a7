"""Quality gate: the quantity figures of score_seeds.py on the five seed articles.

The floors are what the extraction reaches now, less a small margin for parse noise; they
may only go up. The scorer reads ../shared/ at run time (skipped with a reason when absent).
"""

from __future__ import annotations


def _rate(pair: list[int]) -> float:
    hit, total = pair
    return hit / total if total else 0.0


def test_quantity_quality_on_the_seeds(seeds_export_path):
    from conftest import score_seeds

    res = score_seeds(seeds_export_path)
    report = {k: v for k, v in res.items() if k.startswith(("quantity", "non_claims"))}
    assert res["non_claims_reported"] == 0, report
    assert res["quantity_f1"] >= 0.92, report
    assert _rate(res["quantity_recall"]) >= 0.92, report
    assert _rate(res["quantity_precision"]) >= 0.90, report
    assert _rate(res["quantity_bounds"]) >= 0.95, report
    assert _rate(res["quantity_qualifier"]) >= 0.95, report
    assert _rate(res["quantity_group"]) >= 0.90, report
    assert _rate(res["quantity_place"]) >= 0.90, report


def test_every_seed_claim_points_at_its_sentence(seeds_export):
    """Provenance: the claim's span lies inside its sentence, and the bounds are consistent."""
    quantities = [c for c in seeds_export["claims"] if c["kind"] == "quantity"]
    assert quantities
    for c in quantities:
        assert c["text"] and c["text"] in c["sentence"], c
        assert c["start"] < c["end"]
        if c["low"] is not None and c["high"] is not None:
            assert c["low"] <= c["high"], c
        assert c["measure"] and c["group"] and c["qualifier"], c
