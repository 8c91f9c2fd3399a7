"""Throughput: `claimledger ingest --workers 2` end to end vs the bare spaCy pipeline.

    python benchmarks/throughput.py [--articles 2000] [--workers 2] [--profile]

Both runs get the first N articles of ../shared/eval/gva-dev/articles.jsonl, in the same
process run, on the same texts (the bare run reads the texts the ingest stored). The bare run
is `nlp.pipe` over the same pipeline (model + our components) with n_process=workers; the
ingest run adds reading, hashing, near-duplicates, records, the store and the resolution.
Target: ingest articles/s >= 0.8 x bare articles/s. Model loading counts in both.

--profile runs a single-process ingest of min(N, 200) articles under pyinstrument and prints
where the time goes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "gva-dev" / "articles.jsonl"
TARGET = 0.8


def first_articles(n: int, dest: Path) -> int:
    count = 0
    with open(ARTICLES, encoding="utf-8") as src, open(dest, "w", encoding="utf-8") as out:
        for line in src:
            if count >= n:
                break
            if line.strip():
                out.write(line)
                count += 1
    return count


def run_ingest(jsonl: Path, db: Path, workers: int) -> float:
    cmd = [str(Path(sys.executable).parent / "claimledger"), "ingest", str(jsonl), "--db", str(db),
           "--workers", str(workers), "-q"]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _drop_user_data(doc):  # type: ignore[no-untyped-def]
    # spaCy ships Docs back from its workers as msgpack, which cannot carry our records;
    # the ingest workers turn them into records instead, so both runs return light results
    doc.user_data.clear()
    return doc


def run_bare(texts: list[str], workers: int) -> float:
    from spacy.language import Language

    from claimledger.extract.nlp import build_nlp
    from claimledger.settings import Settings

    if "bench_drop_user_data" not in Language.factories:
        Language.component("bench_drop_user_data", func=_drop_user_data)
    t0 = time.perf_counter()
    nlp = build_nlp(Settings())
    nlp.add_pipe("bench_drop_user_data", last=True)
    for _ in nlp.pipe(texts, n_process=workers, batch_size=32):
        pass
    return time.perf_counter() - t0


def profile(jsonl: Path, tmp: Path, n: int) -> None:
    from pyinstrument import Profiler

    from claimledger.settings import Settings
    from claimledger.store import open_ledger
    from claimledger.workflow import ingest

    small = tmp / "profile.jsonl"
    with open(jsonl, encoding="utf-8") as src, open(small, "w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= n:
                break
            out.write(line)
    db = tmp / "profile.db"
    profiler = Profiler(interval=0.005)
    with open_ledger(str(db)) as ledger:
        profiler.start()
        ingest([str(small)], ledger, settings=Settings(db=str(db)))
        profiler.stop()
    session = profiler.last_session
    assert session is not None
    cumulative: dict[str, float] = {}
    own: dict[str, float] = {}

    def label(frame) -> str:  # type: ignore[no-untyped-def]
        path = frame.file_path or "?"
        where = path.split("site-packages/")[-1] if "site-packages/" in path else Path(path).name
        return f"{frame.function} ({where}:{frame.line_no})"

    def walk(frame, above: frozenset[str]) -> None:  # type: ignore[no-untyped-def]
        name = label(frame)
        if frame.function.startswith("[") or "<thread>" in name:  # pyinstrument's pseudo-frames
            for child in frame.children:
                walk(child, above)
            return
        if name not in above:  # count a recursive function once
            cumulative[name] = cumulative.get(name, 0.0) + frame.time
        own[name] = own.get(name, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child, above | {name})

    root = session.root_frame()
    if root is not None:
        walk(root, frozenset())
    print(f"\nprofile: single-process ingest of {n} articles, {session.duration:.1f} s")
    print("  cumulative, our functions (top 12):")
    ours = {k: v for k, v in cumulative.items() if "site-packages" not in k and "<" not in k}
    for name, t in sorted(ours.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {t:7.2f} s  {100 * t / session.duration:5.1f}%  {name}")
    print("  own time, any code (top 12):")
    for name, t in sorted(own.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {t:7.2f} s  {100 * t / session.duration:5.1f}%  {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", "-n", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="also profile a single-process ingest")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    if not ARTICLES.exists():
        print(f"throughput: {ARTICLES} is not present (the shared evaluation data sits beside the checkout); "
              "nothing to measure")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from claimledger.store import open_ledger

    with tempfile.TemporaryDirectory(prefix="cl-throughput-") as tmp_s:
        tmp = Path(tmp_s)
        jsonl = tmp / "articles.jsonl"
        n = first_articles(args.articles, jsonl)
        ingest_s = run_ingest(jsonl, tmp / "ledger.db", args.workers)
        with open_ledger(str(tmp / "ledger.db")) as ledger:
            texts = [d.text for d in ledger.documents()]
        words = sum(len(t.split()) for t in texts)
        bare_s = run_bare(texts, args.workers)
        ratio = (len(texts) / ingest_s) / (len(texts) / bare_s)
        print(f"throughput on {n} articles ({len(texts)} stored documents, {words:,} words), "
              f"{args.workers} worker(s):")
        print(f"  ingest end to end: {ingest_s:7.1f} s  {len(texts) / ingest_s:7.1f} articles/s  "
              f"{words / ingest_s:9,.0f} words/s")
        print(f"  bare nlp.pipe:     {bare_s:7.1f} s  {len(texts) / bare_s:7.1f} articles/s  "
              f"{words / bare_s:9,.0f} words/s")
        print(f"  ratio ingest/bare: {ratio:.2f} (target >= {TARGET}: {'holds' if ratio >= TARGET else 'MISSED'})")
        if args.json:
            Path(args.json).write_text(json.dumps({
                "articles": len(texts), "words": words, "ingest_s": ingest_s, "bare_s": bare_s,
                "ratio": ratio, "target": TARGET, "holds": ratio >= TARGET}))
        if args.profile:
            profile(jsonl, tmp, min(n, 200))
    return 0


if __name__ == "__main__":
    sys.exit(main())
