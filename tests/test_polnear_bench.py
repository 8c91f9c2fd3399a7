"""The PolNeAR benchmark's reader and scorer on a hand-made brat file (no model needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from claimledger.records import Statement

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "polnear.py"


def _bench():
    spec = importlib.util.spec_from_file_location("polnear_bench", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the file runs
    spec.loader.exec_module(mod)
    return mod


TEXT = "The council said roads were closed. Nobody else commented on it."
ANN = (
    "T1\tSource 0 11\tThe council\n"
    "T2\tCue 12 16\tsaid\n"
    "T3\tContent 17 34\troads were closed\n"
    "T4\tAttribution 12 16\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 36 50;51 63\tNobody else commented on it\n"
    "T6\tAttribution 51 60\tcommented\n"
    "E2\tAttribution:T6 Content:T5\n"
)


def test_reads_attributions_with_discontinuous_spans(tmp_path):
    bench = _bench()
    path = tmp_path / "x_ann1.ann"
    path.write_text(ANN, encoding="utf-8")
    gold = bench.read_ann(path)
    assert [g.content for g in gold] == [(17, 34), (36, 63)]
    assert gold[0].source == (0, 11) and gold[0].source_text == "The council"
    assert gold[1].source is None


def test_scores_exact_overlap_and_source(tmp_path):
    bench = _bench()
    path = tmp_path / "x_ann1.ann"
    path.write_text(ANN, encoding="utf-8")
    gold = bench.read_ann(path)
    right = Statement("s0", "", "roads were closed.", 17, 35, False, "said", "council", "organisation", 4, 11)
    wrong_source = Statement("s1", "", "Nobody else", 36, 47, False, None, "Someone", "person", None, None)
    counts = bench.Counts()
    bench.score_text(TEXT, [right, wrong_source], gold, counts)
    assert (counts.pred, counts.gold) == (2, 2)
    assert counts.matched_pred["exact"] == 1  # the full stop is ignored, the partial span is not exact
    assert counts.matched_pred["overlap"] == 2
    assert counts.matched_gold["source"] == 1  # gold 2 has no source, the prediction names one
    p, r, f = bench.prf(counts, "overlap")
    assert p == r == f == 1.0


def test_missing_directory_exits_cleanly(tmp_path, capsys):
    bench = _bench()
    assert bench.main([str(tmp_path / "absent")]) == 0
    assert "not present" in capsys.readouterr().out
