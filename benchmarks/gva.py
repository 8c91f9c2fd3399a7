#!/usr/bin/env python3
"""Incident quality on real US news: ingest a slice of gva-dev, export, score against the Gun Violence Archive.

usage: python benchmarks/gva.py [N] [--db FILE] [--keep] [--resolve-only]

N         the first N articles of gva-dev/articles.jsonl (default: all 3,412)
--db      the ledger to use (default: a temporary file, removed afterwards unless --keep)
--resolve-only  reuse an ingested --db and only recompute the cross-document layer
                (for iterating on incident grouping without re-extracting)

Prints the scorer's figures (grouping B-cubed F1, killed/injured exact, date within a day,
place within 25 km) and the time each step took.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the shared evaluation data beside the checkout, or where $CLAIMLEDGER_SHARED names it
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or ROOT.parent / "shared")
GOLD = SHARED / "eval" / "gva-dev"
SCORER = SHARED / "eval" / "score_incidents.py"


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("claimledger")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "claimledger.cli"]


def _run(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=None)
    ap.add_argument("--db")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--resolve-only", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not (GOLD / "articles.jsonl").exists() or not SCORER.exists():
        print(f"gva-dev is not present at {GOLD}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="gva-bench-"))
    db = Path(args.db) if args.db else tmp / "gva.db"
    out = tmp / "gva.json"
    if args.resolve_only:
        took = _run(_cli() + ["resolve", "--db", str(db)])
        print(f"resolve: {took:.1f} s")
    else:
        src = GOLD / "articles.jsonl"
        if args.n is not None:
            src = tmp / f"gva-first-{args.n}.jsonl"
            with open(GOLD / "articles.jsonl", encoding="utf-8") as fin, open(src, "w", encoding="utf-8") as fout:
                for i, line in enumerate(fin):
                    if i >= args.n:
                        break
                    fout.write(line)
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            if p.exists() and not args.db:
                p.unlink()
        took = _run(_cli() + ["ingest", str(src), "--db", str(db), "--workers", str(args.workers), "-q"])
        print(f"ingest: {took:.1f} s")
    took = _run(_cli() + ["export", "--format", "json", "--db", str(db), "--out", str(out)])
    print(f"export: {took:.1f} s")
    subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD)], check=True)
    if args.keep or args.db:
        print(f"ledger: {db}  export: {out}")
    else:
        for p in tmp.iterdir():
            os.unlink(p)
        tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
