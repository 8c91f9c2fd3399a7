"""Peak memory while ingesting a generated corpus.

    python benchmarks/memory.py [--articles 400] [--workers 2]     # a few minutes
    python benchmarks/memory.py --full                              # 100,000 articles (hours)
    python benchmarks/memory.py --resolve 100000                    # the resolution alone (about an hour)

The corpus is the GVA dev articles repeated with a numbered line appended to each text (so
every copy is a new document), written as one JSONL file. `claimledger ingest --workers N`
runs on it as a subprocess; the peak is the largest sum of RSS over that process and its
children (the extraction workers), sampled every 0.2 s with psutil. Target: <= 2 GB.

Extraction streams, so its peak does not grow with the corpus; the resolution that ends an
ingest reads the whole ledger. ``--resolve N`` measures that part at a size a full ingest
cannot reach here: a ledger of N articles is generated as ``incremental.py`` does (real
extractions of 500 GVA articles repeated with new ids, dates and places, stored without
resolving), then ``claimledger resolve`` runs on it as a subprocess, sampled the same way.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "gva-dev" / "articles.jsonl"
TARGET_BYTES = 2 * 1024**3


def write_corpus(dest: Path, n: int) -> None:
    records = [json.loads(line) for line in open(ARTICLES, encoding="utf-8") if line.strip()]
    with open(dest, "w", encoding="utf-8") as out:
        for i in range(n):
            r = dict(records[i % len(records)])
            r["id"] = f"{r.get('id', 'a')}-{i}"
            r["content"] = f"{r.get('content') or r.get('text') or ''}\n\nGenerated copy {i}."
            out.write(json.dumps(r) + "\n")


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", "-n", type=int, default=400)
    ap.add_argument("--full", action="store_true", help="100,000 articles")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--resolve", type=int, metavar="N", help="measure only the resolution, of N generated articles")
    args = ap.parse_args(argv)
    if not ARTICLES.exists():
        print(f"memory: {ARTICLES} is not present (the shared evaluation data sits beside the checkout); "
              "nothing to measure")
        return 0
    if args.resolve:
        return measure_resolution(args.resolve)
    n = 100_000 if args.full else args.articles
    with tempfile.TemporaryDirectory(prefix="cl-memory-") as tmp_s:
        tmp = Path(tmp_s)
        corpus = tmp / "corpus.jsonl"
        write_corpus(corpus, n)
        cmd = [str(Path(sys.executable).parent / "claimledger"), "ingest", str(corpus), "--db", str(tmp / "l.db"),
               "--workers", str(args.workers), "-q"]
        ran = run_sampled(cmd, "the ingest")
        if ran is None:
            return 1
        peak, wall, out = ran
        print(f"memory: ingest of {n:,} generated articles with {args.workers} worker(s) took {wall:.0f} s: "
              f"{out.strip()}")
        print(f"  peak RSS (process + workers): {verdict(peak)}")
    return 0


def run_sampled(cmd: list[str], what: str) -> tuple[int, float, str] | None:
    """Run ``cmd``: its peak tree RSS in bytes, wall seconds and stdout, or None (said, with its
    stderr) when ``what`` failed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(ps))
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        print(f"memory: {what} failed ({proc.returncode}): {err.decode()[-2000:]}")
        return None
    return peak, time.perf_counter() - t0, out.decode()


def verdict(peak: int) -> str:
    ok = peak <= TARGET_BYTES
    return (f"{peak / 1024**2:,.0f} MiB (target <= {TARGET_BYTES / 1024**2:,.0f} MiB: "
            f"{'holds' if ok else 'MISSED'}; ratio {peak / TARGET_BYTES:.2f})")


def measure_resolution(n: int) -> int:
    """Peak RSS of ``claimledger resolve`` on a generated, stored, unresolved ledger of ``n`` articles."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from incremental import extract_file, slice_jsonl, variants

    from claimledger.settings import Settings
    from claimledger.store import open_ledger

    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="cl-memory-") as tmp_s:
        tmp = Path(tmp_s)
        slice_jsonl(tmp / "seeds.jsonl", 0, 500)
        t0 = time.perf_counter()
        seeds = extract_file(tmp / "seeds.jsonl", settings)
        with open_ledger(str(tmp / "l.db")) as ledger:
            ledger.add_all(variants(seeds, n), chunk=1000, pipeline_version=settings.pipeline_version)
        gen_s = time.perf_counter() - t0
        cmd = [str(Path(sys.executable).parent / "claimledger"), "resolve", "--db", str(tmp / "l.db")]
        ran = run_sampled(cmd, "the resolution")
        if ran is None:
            return 1
        peak, wall, out = ran
        print(f"memory: {n:,} generated articles stored in {gen_s:.0f} s; `claimledger resolve` took {wall:.0f} s: "
              f"{out.strip()}")
        print(f"  peak RSS of the resolution: {verdict(peak)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
