#!/usr/bin/env python3
"""Score our statement extraction against PolNeAR gold attributions (brat standoff).

usage: python benchmarks/polnear.py [DIR] [--limit N] [--json]

DIR holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann`` (default:
../shared/eval/polnear-dev/dev beside the checkout). Every .ann file is scored on its own
against the statements ``find_statements`` produces for its text (texts with several
annotators count once per annotator), and the counts are summed:

- content exact: the predicted content span equals the gold one (ignoring surrounding
  whitespace, quotation marks and end punctuation);
- content overlap: the spans share at least one character;
- source+content overlap: the content overlaps and the speaker mention overlaps the gold
  source span, or the speaker's name is the gold source's name (or ends with its last word).

Precision counts predictions that match some gold attribution; recall counts gold
attributions matched by some prediction.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# the shared evaluation data beside the checkout, or where $CLAIMLEDGER_SHARED names it
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or REPO.parent / "shared")
DEFAULT_DIR = SHARED / "eval" / "polnear-dev" / "dev"
_EDGE = " \t\n\"'\u201c\u201d\u2018\u2019.,;:\u2014-"

log = logging.getLogger("polnear")


@dataclass
class Gold:
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_text: str | None


@dataclass
class Counts:
    pred: int = 0
    gold: int = 0
    matched_pred: dict[str, int] = field(default_factory=lambda: {"exact": 0, "overlap": 0, "source": 0})
    matched_gold: dict[str, int] = field(default_factory=lambda: {"exact": 0, "overlap": 0, "source": 0})


def _span(field_: str) -> tuple[int, int]:
    """"10 20" or a discontinuous "10 20;25 40" -> its outer bounds."""
    nums = [int(x) for x in re.split(r"[ ;]", field_.split(" ", 1)[1]) if x]
    return min(nums), max(nums)


def read_ann(path: Path) -> list[Gold]:
    """The attributions of one brat .ann file."""
    spans: dict[str, tuple[str, tuple[int, int], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind = parts[1].split(" ", 1)[0]
            spans[parts[0]] = (kind, _span(parts[1]), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        source = spans.get(ev.get("Source", ""))
        out.append(Gold(content[1], source[1] if source else None, source[2] if source else None))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _name_match(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return False
    p = re.sub(r"\s+", " ", pred).strip().lower()
    g = re.sub(r"\s+", " ", gold).strip().lower()
    g = re.sub(r"^(the|a|an)\s+", "", g)
    return p == g or p in g or g in p or (p.split()[-1] == g.split()[-1] if p and g else False)


def score_text(text: str, statements: list, gold: list[Gold], counts: Counts) -> None:
    """Add one annotator's figures for one text."""
    counts.pred += len(statements)
    counts.gold += len(gold)

    def matches(s, g: Gold) -> dict[str, bool]:
        ps, pe = s.start, s.end
        gs, ge = g.content
        overlap = ps < ge and gs < pe
        exact = _trim(text, ps, pe) == _trim(text, gs, ge)
        if g.source is None:
            source_ok = not s.speaker_text
        else:
            a, b = g.source
            at = s.speaker_start is not None and s.speaker_end is not None and s.speaker_start < b and a < s.speaker_end
            source_ok = at or _name_match(s.speaker_text, g.source_text)
        return {"exact": exact, "overlap": overlap, "source": overlap and source_ok}

    table = [[matches(s, g) for g in gold] for s in statements]
    for key in ("exact", "overlap", "source"):
        counts.matched_pred[key] += sum(any(row[j][key] for j in range(len(gold))) for row in table)
        counts.matched_gold[key] += sum(any(table[i][j][key] for i in range(len(statements))) for j in range(len(gold)))


def prf(counts: Counts, key: str) -> tuple[float, float, float]:
    p = counts.matched_pred[key] / counts.pred if counts.pred else 0.0
    r = counts.matched_gold[key] / counts.gold if counts.gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--limit", type=int, default=0, help="score only the first N .ann files")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    root = Path(args.dir)
    if not (root / "attributions").is_dir() or not (root / "text").is_dir():
        print(f"polnear: {root} is not present (expected text/ and attributions/); nothing to score")
        return 0

    from claimledger.extract.nlp import get_nlp
    from claimledger.settings import Settings

    nlp = get_nlp(Settings())
    anns = sorted((root / "attributions").glob("*.ann"))
    if args.limit:
        anns = anns[:args.limit]
    counts = Counts()
    cache: dict[str, tuple[str, list]] = {}
    t0 = time.perf_counter()
    n_texts = 0
    for ann in anns:
        name = re.sub(r"_[^_]+$", "", ann.stem)
        txt = root / "text" / f"{name}.txt"
        if not txt.exists():
            log.warning("no text for %s", ann.name)
            continue
        if name not in cache:
            text = txt.read_text(encoding="utf-8")
            cache[name] = (text, list(nlp(text)._.cl_statements or []))
            n_texts += 1
        text, statements = cache[name]
        score_text(text, statements, read_ann(ann), counts)
    secs = time.perf_counter() - t0
    figures = {key: dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in prf(counts, key)), strict=True))
               | {"pred_matched": counts.matched_pred[key], "gold_matched": counts.matched_gold[key]}
               for key in ("exact", "overlap", "source")}
    if args.json:
        print(json.dumps({"texts": n_texts, "ann_files": len(anns), "predicted": counts.pred,
                          "gold": counts.gold, "seconds": round(secs, 1)} | figures, indent=1))
        return 0
    print(f"polnear: {n_texts} texts, {len(anns)} annotation files, {counts.gold} gold attributions, "
          f"{counts.pred} predicted statements ({secs:.1f} s)")
    labels = {"exact": "content exact", "overlap": "content overlap", "source": "source+content overlap"}
    for key, label in labels.items():
        p, r, f = prf(counts, key)
        print(f"  {label:24s} P {100 * p:5.1f} ({counts.matched_pred[key]}/{counts.pred})  "
              f"R {100 * r:5.1f} ({counts.matched_gold[key]}/{counts.gold})  F1 {100 * f:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
