"""Extraction time against document length: does it stay linear?

    python benchmarks/long_docs.py [--sizes 25000,50000,100000,200000] [--top 6]

Builds documents of each size by repeating one invented paragraph (quotes, reported speech,
titles, pronouns and figures, so every extraction pass has work to do), runs the whole
pipeline (model + our components) on each, and prints the time of every component and the
ratio of each size's time to the size before ("ours" sums the claimledger components, without
the model). Target: total ratio <= 2.0 per doubling.
Times are CPU seconds of this process (``time.process_time``), the fastest of ``--repeat`` runs, so
that other work on a shared machine does not count.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 2.0  # the most a doubling of the text may multiply the extraction time by

# Invented people, places and bodies only.
PARAGRAPH = (
    "Two people were killed and five injured when shells hit a market in Brindlemoor on Tuesday, "
    "the head of the Valdora regional administration Marta Quell said on Telegram.\n"
    "\"We are still clearing the rubble,\" Quell said. \"The toll may rise.\"\n"
    "According to the Valdora Emergency Service, 14 buildings were damaged. The governor added that "
    "three of the wounded were children.\n"
    "Mayor Tobin Rusk told the Daily Lantern that 40 families had lost their homes, and he warned "
    "of more strikes. Of those, 12 were sheltering in the school.\n"
)


def make_text(chars: int) -> str:
    reps = chars // len(PARAGRAPH) + 1
    return (PARAGRAPH * reps)[:chars]


def time_pipeline(nlp, text: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times: dict[str, float] = {}
    t0 = time.process_time()
    doc = nlp.make_doc(text)
    times["tokenizer"] = time.process_time() - t0
    for name, proc in nlp.pipeline:
        t0 = time.process_time()
        doc = proc(doc)
        times[name] = time.process_time() - t0
    times["ours"] = sum(t for k, t in times.items() if k.startswith("claimledger"))
    times["total"] = sum(t for k, t in times.items() if k != "ours")
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="25000,50000,100000,200000")
    ap.add_argument("--top", type=int, default=6, help="components shown besides the total")
    ap.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest counts (a shared CPU is noisy)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from claimledger.extract.nlp import build_nlp
    from claimledger.settings import Settings

    nlp = build_nlp(Settings())
    nlp.max_length = max(nlp.max_length, 10 * max(int(s) for s in args.sizes.split(",")))
    time_pipeline(nlp, make_text(2000))  # warm up (lazy tables, caches)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        runs = [time_pipeline(nlp, make_text(n)) for _ in range(max(1, args.repeat))]
        rows.append((n, min(runs, key=lambda t: t["total"])))
    last = rows[-1][1]
    parts = sorted((k for k in last if k not in ("total", "ours")), key=lambda k: -last[k])
    shown = ["total", "ours"] + parts[:args.top]
    print("chars    " + "  ".join(f"{k[-22:]:>24}" for k in shown))
    worst = 0.0
    worst_ours = 0.0
    for i, (n, t) in enumerate(rows):
        cells = []
        for k in shown:
            ratio = t[k] / rows[i - 1][1][k] if i and rows[i - 1][1][k] > 0 else None
            cells.append(f"{t[k]:8.2f} s" + (f" (x{ratio:4.2f})" if ratio is not None else " " * 8))
            if k == "total" and ratio is not None:
                worst = max(worst, ratio)
            if k == "ours" and ratio is not None:
                worst_ours = max(worst_ours, ratio)
        print(f"{n:<8} " + "  ".join(f"{c:>24}" for c in cells))
    verdict = "holds" if worst <= TARGET else "FAILS"
    print(f"worst total ratio per doubling: {worst:.2f} (target <= {TARGET}): {verdict}")
    print(f"worst ratio of our components (claimledger_*, without the spaCy model): {worst_ours:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
