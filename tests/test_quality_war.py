"""Quality gates on real war reporting: ../shared/eval/war-dev (64 reports of 8 strikes) scored by
score_war.py, and ../shared/eval/war-headlines-dev (59 agency headlines) scored by score_headlines.py.

Each data set is ingested once per test session and shared by its gates. The floors are what main
reaches now (each a figure printed by the scorer, as hit/total or F1); they may only go up. The issue's
targets are written beside them. Skipped, saying why, when the shared evaluation data is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EVAL, build_export, need_shared

WAR = EVAL / "war-dev"
HEADLINES = EVAL / "war-headlines-dev"

# floor (now) and, in the comment, the target
WAR_FLOORS = {
    "claim_f1": 0.926,  # target 0.90
    "attribution": 0.78,  # target 0.85 (issue 20)
    "grouping_f1": 0.986,  # target 0.90
    "date": 1.0,  # target 0.95
    "place": 1.0,  # target 0.95
    "killed_low": 0.75,  # target 0.75
    "killed_high": 1.0,  # target 0.75
    "injured_low": 0.71,  # target 0.70
    "injured_high": 1.0,  # target 0.70
    "wire_linked": 1.0,  # target 1.0 (issue 24): both wire pairs linked as near-duplicates
}
WAR_INFLATED_MAX = 0  # incidents inflated by a figure from elsewhere; target 0
WAR_COUNTED_TWICE_MAX = 0  # wire copies counted as two independent sources (issue 24)
WAR_CROSS_INCIDENT_MAX = 0  # claim clusters that span two incidents (issue 24)
HEADLINE_FLOORS = {
    "f1": 0.99,  # target 0.93
    "place": 0.93,  # target 0.93
    "attribution": 1.0,  # target 0.90 (issue 20)
}


def _score(script: str, export: dict, gold: Path, tmp: Path) -> dict:
    path = tmp / "ledger.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    out = subprocess.run([sys.executable, str(EVAL / script), str(path), str(gold), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _rate(pair: list[int]) -> float:
    hit, total = pair
    return hit / total if total else 0.0


@pytest.fixture(scope="module")
def war_scores(tmp_path_factory) -> dict:  # type: ignore[no-untyped-def]
    need_shared(WAR / "manifest.csv")
    tmp = tmp_path_factory.mktemp("war-dev")
    export = build_export([str(WAR / "docs")], tmp / "war.db", str(WAR / "manifest.csv"))
    return _score("score_war.py", export, WAR, tmp)


@pytest.fixture(scope="module")
def headline_scores(tmp_path_factory) -> dict:  # type: ignore[no-untyped-def]
    need_shared(HEADLINES / "headlines.jsonl")
    tmp = tmp_path_factory.mktemp("war-headlines")
    export = build_export([str(HEADLINES / "headlines.jsonl")], tmp / "h.db")
    return _score("score_headlines.py", export, HEADLINES / "gold.txt", tmp)


def test_war_dev_claims_and_attribution(war_scores):
    assert war_scores["documents"] == 64, war_scores
    assert war_scores["claim_f1"] >= WAR_FLOORS["claim_f1"], war_scores
    assert _rate(war_scores["attribution"]) >= WAR_FLOORS["attribution"], war_scores


def test_war_dev_incidents(war_scores):
    assert war_scores["grouping_b3"]["f1"] >= WAR_FLOORS["grouping_f1"], war_scores
    for name in ("date", "place", "killed_low", "killed_high", "injured_low", "injured_high"):
        assert _rate(war_scores[name]) >= WAR_FLOORS[name], (name, war_scores)
    assert war_scores["inflated"][0] <= WAR_INFLATED_MAX, war_scores


def test_war_dev_corroboration(war_scores):
    assert _rate(war_scores["wire_linked"]) >= WAR_FLOORS["wire_linked"], war_scores
    assert war_scores["wire_counted_twice"] <= WAR_COUNTED_TWICE_MAX, war_scores
    assert war_scores["cross_incident_clusters"] <= WAR_CROSS_INCIDENT_MAX, war_scores


def test_war_headlines(headline_scores):
    assert headline_scores["documents"] == 59, headline_scores
    assert headline_scores["non_claims_reported"] == 0, headline_scores
    assert headline_scores["f1"] >= HEADLINE_FLOORS["f1"], headline_scores
    assert _rate(headline_scores["place"]) >= HEADLINE_FLOORS["place"], headline_scores
    assert _rate(headline_scores["attribution"]) >= HEADLINE_FLOORS["attribution"], headline_scores


def test_seed_incidents_are_strikes_and_city_tolls_are_series(seeds_export):
    """The seeds (issue 19): the maternity-hospital strike is one incident in the besieged city with 3 killed
    and 17 to 18 injured, its 17 vs 18 flagged; no incident is put at the capital or at a town named in passing;
    the city-wide death tolls (1,200 / 5,000 / tens of thousands) are a series, not incidents."""
    from conftest import SEEDS

    need_shared(SEEDS)
    incidents = seeds_export["incidents"]
    places = {i["place_name"] for i in incidents}
    assert places == {"Mariupol"}, incidents
    strike = [i for i in incidents if i["killed"] == 3]
    assert len(strike) == 1, incidents
    s = strike[0]
    assert (s["killed_low"], s["killed_high"], s["injured_low"], s["injured_high"]) == (3, 3, 17, 18), s
    in_strike = set(s["claims"])
    assert any(c["kind"] == "contradiction" and len(set(c["claims"]) & in_strike) >= 1
               for c in seeds_export["conflicts"]), seeds_export["conflicts"]
    assert all((i["killed_high"] or 0) < 1000 for i in incidents), incidents  # no city toll as an incident
    tolls = [s for s in seeds_export["series"] if s["measure"] == "killed" and s["group"] == "people"
             and s["place_name"] == "Mariupol" and s.get("scope") == "toll"]
    assert len(tolls) == 1, seeds_export["series"]
    lows = {p["low"] for p in tolls[0]["points"]} | {p["high"] for p in tolls[0]["points"]}
    assert {1200, 5000, 10000} <= lows, tolls
