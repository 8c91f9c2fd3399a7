"""Incremental ingest: add 100 articles to a ledger that already holds 1k / 10k / 100k.

    python benchmarks/incremental.py [--sizes 1000,10000,100000] [--new 100] [--seeds 500] [--batch 10000]
                                     [--profile] [--keep DIR]

The prior ledger is generated fast, through the store API (``Ledger.add_all``): the real
extractions of --seeds GVA articles, repeated with fresh ids, shifted dates and varied
places. spaCy runs once, on the seeds and on the --new articles; each size then ingests the
same --new articles through ``workflow.ingest`` with a runner that replays their extractions,
so the figures separate extraction (constant), storing, and resolution (``refresh``:
incidents and the claim layer are updated from stored state; the
prior ledger is itself stored and resolved in batches of --batch, timed apart). Target: resolution <= 10 s at 100k.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "gva-dev" / "articles.jsonl"
TARGET_S = 10.0
COPY_GAP_DAYS = 7
PLACES = ["Chicago", "Houston", "Philadelphia", "Phoenix", "San Antonio", "Dallas", "Memphis", "Baltimore",
          "St. Louis", "New Orleans", "Detroit", "Atlanta", "Milwaukee", "Cleveland", "Jacksonville"]


def slice_jsonl(dest: Path, start: int, n: int) -> None:
    with open(ARTICLES, encoding="utf-8") as src, open(dest, "w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= start + n:
                break
            if i >= start:
                out.write(line)


def extract_file(path: Path, settings):  # type: ignore[no-untyped-def]
    from claimledger.extract import extract_documents
    from claimledger.ingest.readers import iter_documents
    from claimledger.records import Document

    docs = [d for d in iter_documents([str(path)], settings=settings) if isinstance(d, Document)]
    return list(extract_documents(docs, settings=settings))


def _shift(iso: str | None, days: int) -> str | None:
    if not iso:
        return iso
    try:
        return (date.fromisoformat(iso[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return iso


def variants(seeds, count: int) -> Iterator:  # type: ignore[no-untyped-def]
    """``count`` (Document, Extraction) pairs made from the seeds: new ids, dates and places."""
    import hashlib

    for i in range(count):
        doc, ex = seeds[i % len(seeds)]
        # copies of one article a week apart: closer ones would be the same event reported again
        # and again (one incident chaining through every copy), which no real archive looks like
        days = i // len(seeds) * COPY_GAP_DAYS
        raw = doc.raw + f"\n<!-- generated {i} -->".encode()
        sha = hashlib.sha256(raw).hexdigest()
        new_id = sha[:16]
        place = PLACES[(i * 7) % len(PLACES)]

        def rid(old: str | None, new_id: str = new_id, prefix: str = doc.id) -> str | None:
            return None if old is None else new_id + old[len(prefix):] if old.startswith(prefix) else old

        claims = tuple(replace(c, id=rid(c.id), document=new_id, statement=rid(c.statement),
                               as_of=_shift(c.as_of, days), place_text=place if c.place_text else None)
                       for c in ex.claims)
        statements = tuple(replace(s, id=rid(s.id), document=new_id) for s in ex.statements)
        ndoc = replace(doc, id=new_id, sha256=sha, raw=raw, path=f"generated/{i}", origin=f"generated/{i}",
                       source_id=f"gen-{i}", published=_shift(doc.published, days))
        yield ndoc, replace(ex, document=new_id, claims=claims, statements=statements,
                            event_date=_shift(ex.event_date, days))


def replay(pairs) -> object:  # type: ignore[no-untyped-def]
    """A ``runner`` for ``workflow.ingest`` that hands back extractions computed earlier."""
    by_id = {d.id: ex for d, ex in pairs}

    def run(docs: Iterable, *, settings) -> Iterator:  # type: ignore[no-untyped-def]
        for d in docs:
            yield d, by_id[d.id]

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--seeds", type=int, default=500)
    ap.add_argument("--batch", type=int, default=10_000, help="the prior ledger is stored and resolved in batches "
                    "of this many articles")
    ap.add_argument("--profile", action="store_true", help="profile the resolution at the largest size")
    ap.add_argument("--keep", metavar="DIR", help="keep a copy of each prior ledger (before the new articles) in DIR")
    args = ap.parse_args(argv)
    if not ARTICLES.exists():
        print(f"incremental: {ARTICLES} is not present (the shared evaluation data sits beside the checkout); "
              "nothing to measure")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from claimledger.resolve.incremental import refresh
    from claimledger.settings import Settings
    from claimledger.store import open_ledger
    from claimledger.workflow import ingest

    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    settings = Settings()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    with tempfile.TemporaryDirectory(prefix="cl-incremental-") as tmp_s:
        tmp = Path(tmp_s)
        seeds_file, new_file = tmp / "seeds.jsonl", tmp / "new.jsonl"
        slice_jsonl(seeds_file, 0, args.seeds)
        slice_jsonl(new_file, 1000, args.new)  # far from the seeds: no overlap
        t0 = time.perf_counter()
        seeds = extract_file(seeds_file, settings)
        t1 = time.perf_counter()
        new_pairs = extract_file(new_file, settings)
        extract_s = time.perf_counter() - t1
        print(f"spaCy on {len(seeds)} seed articles: {t1 - t0:.1f} s; on the {len(new_pairs)} new articles: "
              f"{extract_s:.1f} s (single process; the same at every size)")
        rows = []
        for size in sizes:
            db = tmp / f"prior-{size}.db"
            t = time.perf_counter()
            with open_ledger(str(db)) as ledger:
                # the prior ledger arrives in batches, each resolved as it comes (as a feed would):
                # one full resolution of 100k dense generated articles takes far longer
                gen_s = first_s = 0.0
                made = variants(seeds, size)
                for start in range(0, size, args.batch):
                    ledger.add_all(itertools.islice(made, min(args.batch, size - start)), chunk=1000,
                                   pipeline_version=settings.pipeline_version)
                    gen_s += time.perf_counter() - t
                    t = time.perf_counter()
                    refresh(ledger, settings=settings, incremental=start > 0)
                    first_s += time.perf_counter() - t
                    t = time.perf_counter()
                if args.keep:  # (the store is SQLite here: its backup API copies a consistent ledger)
                    with sqlite3.connect(db) as src, sqlite3.connect(Path(args.keep) / db.name) as dst:
                        src.backup(dst)
                t = time.perf_counter()
                summary = ingest([str(new_file)], ledger, settings=settings.with_(db=str(db)),
                                 runner=replay(new_pairs), resolve_after=False)
                store_s = time.perf_counter() - t
                profiler = None
                if args.profile and size == sizes[-1]:
                    import cProfile

                    profiler = cProfile.Profile()
                    profiler.enable()
                t = time.perf_counter()
                stats = refresh(ledger, settings=settings)
                resolution = time.perf_counter() - t
                if profiler is not None:
                    import pstats

                    profiler.disable()
                    print(f"where resolution time goes at {size:,} (cumulative, resolve/ only, top 12):")
                    pst = pstats.Stats(profiler)
                    rows_ = [(v[3], f"{Path(k[0]).name}:{k[1]} {k[2]}") for k, v in pst.stats.items()  # type: ignore[attr-defined]
                             if "/resolve/" in k[0]]
                    for cum, name in sorted(rows_, reverse=True)[:12]:
                        print(f"    {cum:7.1f} s  {name}")
                claims = ledger.count("claims")
            rows.append((size, resolution))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"prior {size:>7,} articles ({claims:,} claims; generated in {gen_s:.1f} s, resolved in batches of "
                  f"{args.batch:,} in {first_s:.1f} s; peak RSS so far {rss:,.0f} MiB): add {summary.added} = "
                  f"read+store {store_s:.1f} s + resolution {resolution:.1f} s [{stats.describe()}] + extraction "
                  f"{extract_s:.1f} s", flush=True)
            db.unlink()
        size, resolution = rows[-1]
        verdict = ("holds" if resolution <= TARGET_S else "MISSED") if size >= 100_000 else (
            f"not measured: largest size {size:,}")
        print(f"resolution at {size:,}: {resolution:.1f} s (target <= {TARGET_S:.0f} s at 100,000: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
