"""Quality gate: incidents on all of gva-dev (3,412 real US news articles), scored against the
Gun Violence Archive by ../shared/eval/score_incidents.py.

The floors are the issue's targets: grouping B-cubed F1 0.90, killed exact 75%, injured exact
65%, date within a day 85%, place within 25 km 85%. The whole corpus is ingested (about five
minutes on two cores) because the targets are figures of the whole corpus; the scorer breaks
ties by set order, so it runs with a fixed PYTHONHASHSEED. Skipped, saying why, when the shared
evaluation data is not beside the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EVAL, need_shared

GVA = EVAL / "gva-dev"
SCORER = EVAL / "score_incidents.py"
FLOORS = {"killed_exact": 0.75, "injured_exact": 0.65, "date_within_1_day": 0.85, "place_within_25_km": 0.85}


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "claimledger", *args], check=True, capture_output=True, text=True,
                   timeout=1800)


def test_incident_gates_on_gva_dev(tmp_path: Path) -> None:
    need_shared(GVA / "articles.jsonl")
    need_shared(SCORER)
    db, out = tmp_path / "g.db", tmp_path / "g.json"
    _cli("ingest", str(GVA / "articles.jsonl"), "--db", str(db), "--workers", "2")
    _cli("export", "--format", "json", "--db", str(db), "--out", str(out))
    scored = subprocess.run([sys.executable, str(SCORER), str(out), str(GVA), "--json"], check=True,
                            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "1"})
    res = json.loads(scored.stdout)
    assert res["incidents_scored"] > 1800, res  # every gold incident with a document is scored
    assert res["grouping_b3"]["f1"] >= 0.90, res
    for name, floor in FLOORS.items():
        hit, total = res[name]
        assert hit / total >= floor, (name, hit, total, res)
