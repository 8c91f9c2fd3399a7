"""Updates in batches on a real ledger: timed, and checked against a full computation.

    python benchmarks/batches.py SOURCE.db [--fractions 0.9,0.03,0.03,0.04] [--seed 7]

SOURCE.db is any ingested ledger (``python benchmarks/gva.py --db G.db --keep`` makes one
of gva-dev). Its documents and stored extractions are copied, in a random order, into a new
ledger in batches of the given fractions, with a refresh after each batch (the first one
computes everything, the others update from stored state). The script prints each refresh's
time and what it did. It then compares the stored claim layer with ``resolve_claims`` on the
whole corpus, and the stored incidents with a full recomputation. It exits 1 on any
difference. No model runs: extractions are reused.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("entities", "links", "clusters", "claim_cluster", "conflicts", "series")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source")
    ap.add_argument("--fractions", default="0.9,0.03,0.03,0.04")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from claimledger.resolve import resolve_claims
    from claimledger.resolve.corpus import Corpus
    from claimledger.resolve.incremental import refresh
    from claimledger.settings import Settings
    from claimledger.store import open_ledger

    settings = Settings()
    with open_ledger(args.source, readonly=True) as src, tempfile.TemporaryDirectory(prefix="cl-batches-") as tmp:
        docs = {d.id: d for d in src.documents(with_raw=True)}
        extractions = {e.document: e for e in src.extractions()}
        near = src.near_duplicates()
        ids = sorted(docs)
        random.Random(args.seed).shuffle(ids)
        with open_ledger(str(Path(tmp) / "batches.db")) as out:
            added: set[str] = set()
            at = 0
            for fraction in [float(x) for x in args.fractions.split(",") if x]:
                batch = ids[at:at + round(fraction * len(ids))]
                at += len(batch)
                for doc_id in batch:
                    original = near.get(doc_id)
                    out.add(docs[doc_id], extractions.get(doc_id),
                            near_duplicate_of=original if original in added else None)
                    added.add(doc_id)
                t = time.perf_counter()
                stats = refresh(out, settings=settings)
                print(f"batch of {len(batch):,}: refresh {time.perf_counter() - t:.1f} s [{stats.describe()}]",
                      flush=True)
            stored = out.load_resolution()
            reference = resolve_claims(Corpus.from_ledger(out), settings=settings)
            refresh(out, settings=settings, incremental=False)
            full = out.load_resolution()
    differences = 0
    for name in FIELDS:
        a, b = sorted(map(repr, getattr(stored, name))), sorted(map(repr, getattr(reference, name)))
        same = a == b
        differences += not same
        print(f"{name}: {len(a):,} stored, {len(b):,} computed in full: {'same' if same else 'DIFFERENT'}")
        for x in sorted(set(a) - set(b))[:3]:
            print(f"  stored only: {x[:300]}")
        for x in sorted(set(b) - set(a))[:3]:
            print(f"  full only:   {x[:300]}")
    a, b = sorted(map(repr, stored.incidents)), sorted(map(repr, full.incidents))
    differences += a != b
    print(f"incidents: {len(a):,} stored, {len(b):,} computed in full: {'same' if a == b else 'DIFFERENT'}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
