"""Every performance benchmark, one after another (`make bench`).

    python benchmarks/run_all.py [--quick]

--quick runs small sizes (a few minutes in all); the default runs the sizes the targets name
(about 90 minutes on 2 cores: building incremental's 100k prior ledger in batches of 10,000
takes 30 min, and the resolution of a generated 100,000-article ledger that memory.py --resolve
samples another 30; memory's 100,000-article ingest with spaCy is left to `memory.py --full`, hours).
Each benchmark prints its figures, its target and whether it holds; this exits non-zero
only when a benchmark crashes, not when a target is missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

RUNS = {
    "quick": [
        ("start-up", ["startup.py", "--repeat", "1"]),
        ("throughput", ["throughput.py", "--articles", "200", "--profile"]),
        ("incremental", ["incremental.py", "--sizes", "1000", "--new", "100", "--seeds", "50"]),
        ("memory", ["memory.py", "--articles", "200"]),
        ("memory of the resolution", ["memory.py", "--resolve", "2000"]),
    ],
    "default": [
        ("start-up", ["startup.py", "--repeat", "3"]),
        ("throughput", ["throughput.py", "--articles", "2000", "--profile"]),
        ("incremental", ["incremental.py", "--sizes", "1000,10000,100000", "--new", "100"]),
        ("memory", ["memory.py", "--articles", "1000"]),
        ("memory of the resolution", ["memory.py", "--resolve", "100000"]),
    ],
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    failed = []
    for name, cmd in RUNS["quick" if args.quick else "default"]:
        print(f"=== {name}: {' '.join(cmd)}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.run([sys.executable, str(HERE / cmd[0]), *cmd[1:]]).returncode
        print(f"=== {name}: exit {rc} after {time.perf_counter() - t0:.0f} s\n", flush=True)
        if rc != 0:
            failed.append(name)
    if failed:
        print(f"crashed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
