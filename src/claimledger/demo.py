"""``claimledger demo``: the bundled example corpus, end to end."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.settings import Settings
from claimledger.store import open_ledger


def example_corpus() -> Path:
    """The folder of the bundled example corpus."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "examples" / "corpus", here.parent / "data" / "examples"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the example corpus is not installed (expected examples/corpus beside src/)")


def run_demo(db: str, console: Console, *, report: str = "report.html") -> None:
    from claimledger.views.ledger import ledger_data
    from claimledger.workflow import ingest

    corpus = example_corpus()
    manifest_path = corpus / "manifest.csv"
    manifest = None
    if manifest_path.exists():
        from claimledger.ingest import read_manifest

        manifest = read_manifest(str(manifest_path))
    with open_ledger(db) as ledger:
        summary = ingest([str(p) for p in sorted(corpus.iterdir()) if p.name != "manifest.csv"], ledger,
                         settings=Settings(db=db), manifest=manifest)
        data = ledger_data(ledger)
    console.print(f"[bold]claimledger demo[/] — ledger at {db}")
    console.print(f"{summary.added} new document(s) ({len(data['documents'])} in the ledger), "
                  f"{summary.skipped} skipped, {len(data['claims'])} claims, {len(data['statements'])} statements, "
                  f"{len(data['entities'])} entities")
    by_measure = Counter(c["measure"] or c["kind"] for c in data["claims"])
    t = Table("measure", "claims", title="Claims by measure")
    for m, n in by_measure.most_common():
        t.add_row(m, str(n))
    console.print(t)
    claims = {c["id"]: c for c in data["claims"]}
    names = {e["id"]: e["name"] for e in data["entities"]}
    top = sorted(data["clusters"], key=lambda c: (-len(c["documents"]), c["id"]))[:8]
    if top:
        t = Table("claim", "outlets", "independent sources", "origins", title="Most reported claims")
        for cl in top:
            first = claims.get(cl["claims"][0], {})
            t.add_row((first.get("text") or "")[:60], str(len(cl["outlets"])), str(cl["independent_sources"]),
                      ", ".join(names.get(o, str(o)) for o in cl["origins"])[:60])
        console.print(t)
    for k in data["conflicts"][:5]:
        console.print(f"[yellow]{k['kind']}[/]: {k['reason']}")
    from claimledger.views.report import write_report

    with open_ledger(db) as ledger:
        write_report(ledger, report)
    console.print(f"\nReport written to [bold]{Path(report).resolve()}[/]: open it in any browser (it works offline).")
    console.print(f"Browse the ledger: [bold].venv/bin/claimledger serve --db {db}[/] then open http://127.0.0.1:8000/")
