"""The command line: parse, call the library, format."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimledger.errors import ClaimLedgerError, InputError, InputWarning
from claimledger.records import CLAIM_KINDS, MEASURES
from claimledger.settings import Settings, default_db

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="A ledger of claims about harm in news reports, with provenance.")
# emoji off: ":name:" in a file name or field is shown as written, not as a picture
out = Console(soft_wrap=True, emoji=False)
err = Console(stderr=True, soft_wrap=True, emoji=False)

DbOption = typer.Option(None, "--db", help="Ledger database (default: $CLAIMLEDGER_DB or ./ledger.db).")


# what must not reach a terminal as it stands: C0/C1 controls (escape sequences), DEL, bidi overrides
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# of those, what JSON leaves raw (it escapes only C0 controls)
_JSON_RAW_CONTROL = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _literal(value: object) -> str:
    """A value with its control characters written as escapes (``\\x1b``), for plain-text messages."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


def _shown(value: object) -> str:
    """A value as Rich prints it literally: control characters as escapes, markup (``[b]``, ``[/x]``) escaped."""
    return escape(_literal(value))


def _json_safe(text: str) -> str:
    """JSON text for a terminal: the characters JSON leaves raw that a terminal acts on written as ``\\uXXXX``
    (the same JSON: they only occur inside strings)."""
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_text(value: object) -> str:
    return _json_safe(json.dumps(value, ensure_ascii=False, indent=1))


def _db(db: str | None) -> str:
    return db or default_db()


def _open(db: str | None, *, must_exist: bool = True, readonly: bool = False):  # type: ignore[no-untyped-def]
    """The ledger; ``readonly`` for commands that only read (``mode=ro``: a ledger on read-only media works)."""
    from claimledger.store import open_ledger

    path = _db(db)
    if must_exist and path != ":memory:" and "://" not in path and not Path(path).exists():
        raise typer.BadParameter(f"no ledger at {_literal(path)}: run `claimledger ingest PATH` first",
                                 param_hint="--db")
    try:
        return open_ledger(path, readonly=readonly)
    except ClaimLedgerError as e:
        err.print(f"[red]error:[/] {_shown(e)}")
        raise typer.Exit(2) from e


def _count_inputs(paths: list[str]) -> int | None:
    """How many files there are to read (for the progress bar); None when it is unknowable cheaply."""
    n = 0
    for p in paths:
        pp = Path(p)
        if pp.is_dir():
            n += sum(len(f) for _, _, f in os.walk(pp))
        elif pp.suffix in {".jsonl", ".ndjson"} and pp.is_file():
            with open(pp, "rb") as fh:  # in chunks: one line may be larger than memory
                n += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        else:
            n += 1
    return n


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders: .txt, .html, .jsonl, .warc(.gz)."),
    db: str | None = DbOption,
    manifest: str | None = typer.Option(None, "--manifest", help="CSV or JSON: outlet, url, published per file."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero when any input was skipped."),
    workers: int = typer.Option(0, "--workers", "-j",
                                help="Extraction processes (0: every core; fewer than "
                                     f"{Settings.parallel_min_documents} new documents: one)."),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per extraction batch."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary of the resolution."),
    no_resolve: bool = typer.Option(False, "--no-resolve",
                                    help="Store documents and claims only; run `claimledger resolve` after the "
                                         "last of several batches."),
    dask_scheduler: str | None = typer.Option(
        None, "--dask-scheduler", metavar="ADDRESS",
        help="Read and extract on the Dask cluster at ADDRESS (tcp://host:8786); workers need the input paths."),
    dask_local: int = typer.Option(0, "--dask-local", metavar="N",
                                   help="Read and extract on a local Dask cluster of N worker processes."),
) -> None:
    """Read documents, preserve them, extract claims and refresh the cross-document layer."""
    from claimledger.ingest import read_manifest
    from claimledger.workflow import ingest as run_ingest

    missing = [p for p in paths if not Path(p).exists() and "://" not in p]
    if missing:
        # before the ledger is opened: a typo must not leave an empty database behind
        err.print(f"error: no such file or folder: {', '.join(missing)}", markup=False, highlight=False)
        raise typer.Exit(2)
    settings = Settings(db=_db(db), n_process=max(0, workers), batch_size=max(1, batch_size))
    try:
        man = read_manifest(manifest) if manifest else None
    except InputError as e:
        raise typer.BadParameter(_literal(e), param_hint="--manifest") from e
    ledger = _open(db, must_exist=False)
    total = _count_inputs(paths)

    def report_error(e: InputError) -> None:
        err.print(f"[yellow]skipped[/] {_shown(e.path)}: {_shown(e.reason)}", highlight=False, soft_wrap=True)

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("ingesting", total=total)

        def step(_: str) -> None:
            progress.advance(task)

        def on_error(e: InputError) -> None:
            progress.advance(task)
            report_error(e)

        def on_warning(w: InputWarning) -> None:
            err.print(f"[yellow]warning[/] {_shown(w.path)}: {_shown(w.reason)}", highlight=False, soft_wrap=True)

        dask = None
        try:
            stages = {}
            if dask_scheduler or dask_local > 0:
                from claimledger.batch.dask import DaskRunner
                from claimledger.batch.dask import connect as dask_connect

                dask = dask_connect(dask_scheduler, local_workers=dask_local)
                runner = DaskRunner(dask[0])
                stages = {"reader": runner.read, "runner": runner.extract}
            summary = run_ingest(paths, ledger, settings=settings, manifest=man, on_document=step, on_error=on_error,
                                 on_warning=on_warning, resolve_after=not no_resolve, **stages)
        except ClaimLedgerError as e:
            err.print(f"[red]error:[/] {_shown(e)}")
            raise typer.Exit(2) from e
        except OSError as e:  # a scheduler that cannot be reached
            err.print(f"[red]error:[/] {_shown(e)}")
            raise typer.Exit(2) from e
        finally:
            ledger.close()
            if dask is not None:
                dask[0].close()
                if dask[1] is not None:
                    dask[1].close()
    out.print(f"{summary.added} new document(s), {summary.already} already in the ledger, "
              f"{summary.near_duplicates} near-duplicate(s) linked, {summary.claims} claim(s), "
              f"{summary.skipped} input(s) skipped", highlight=False)
    if summary.refresh is not None and not quiet:
        err.print(f"cross-document layer: {_shown(summary.refresh.describe())}", highlight=False, soft_wrap=True)
    elif no_resolve and not quiet:
        err.print("cross-document layer not refreshed (--no-resolve): run `claimledger resolve`", highlight=False)
    if strict and summary.errors:
        raise typer.Exit(1)


@app.command()
def claims(
    db: str | None = DbOption,
    measure: str | None = typer.Option(None, "--measure", help=f"Only this measure: {', '.join(MEASURES)}."),
    place: str | None = typer.Option(None, "--place", help="Only claims about this place (its canonical name)."),
    kind: str | None = typer.Option(None, "--kind", help=f"Only this kind: {', '.join(CLAIM_KINDS)}."),
    as_json: bool = typer.Option(False, "--json", help="Print the claims as JSON (the export contract's fields)."),
    limit: int = typer.Option(200, "--limit", help="Show at most this many claims."),
) -> None:
    """List claims, filtered by measure and place."""
    from claimledger.views.ledger import ledger_data

    _choice(measure, MEASURES, "--measure", "measure")
    _choice(kind, CLAIM_KINDS, "--kind", "kind")
    with _open(db, readonly=True) as ledger:
        data = ledger_data(ledger)
    rows = [c for c in data["claims"]
            if (measure is None or c["measure"] == measure)
            and (kind is None or c["kind"] == kind)
            and (place is None or (c["place_name"] or "").lower() == place.lower())]
    if as_json:
        print(_json_text(rows[:limit]))
        return
    outlets = _reporters(data["documents"])
    t = Table("measure", "group", "figure", "qualifier", "place", "source", "as of", "outlet", "text")
    for c in rows[:limit]:
        cells = (c["measure"] or c["kind"], c["group"] or "", _bounds(c), c["qualifier"] or "",
                 c["place_name"] or "", c["attributed_name"] or "", c["as_of"] or "",
                 outlets.get(c["document"], ""), c["text"] or "")
        t.add_row(*map(_shown, cells))
    out.print(t)
    out.print(f"{len(rows)} claim(s)")


def _choice(value: str | None, allowed: tuple[str, ...], hint: str, what: str) -> None:
    """Refuse a value outside ``allowed``, naming every allowed one (exit 2, as click does)."""
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"unknown {what} {value!r}; choose from {', '.join(allowed)}", param_hint=hint)


def _bounds(c: dict) -> str:
    """A figure as the web shows it: ``1,200``, ``10,000–99,999``, ``≥ 5,000``, ``≤ 1,200``."""
    from claimledger.views.pages import bounds_text

    return bounds_text(c.get("low"), c.get("high"), c.get("value"))


def _reporters(documents: list[dict]) -> dict[str, str]:
    """document id -> its outlet, else its title (never its path)."""
    from claimledger.views.names import doc_name, outlet_name

    return {d["id"]: outlet_name(d.get("outlet"), d.get("url")) or doc_name(d.get("title"), None, d.get("path"))
            for d in documents}


@app.command()
def timeline(measure: str = typer.Argument(..., help=f"The measure: {', '.join(MEASURES)}."),
             place: str = typer.Argument(..., help="The place's canonical name (see `claimledger claims`)."),
             db: str | None = DbOption,
             as_json: bool = typer.Option(False, "--json", help="Print the series as JSON.")) -> None:
    """How the figure for MEASURE in PLACE changed over time."""
    from claimledger.views.ledger import ledger_data

    _choice(measure, MEASURES, "MEASURE", "measure")
    with _open(db, readonly=True) as ledger:
        data = ledger_data(ledger)
    claims = {c["id"]: c for c in data["claims"]}
    outlets = _reporters(data["documents"])
    series = [s for s in data["series"]
              if s["measure"] == measure and (s["place_name"] or "").lower() == place.lower()]
    if as_json:
        print(_json_text(series))
        return
    if not series:
        out.print(f"no series for {_shown(measure)} in {_shown(place)}")
        raise typer.Exit(1)
    for s in series:
        about = f" (the {s['target']} struck)" if s.get("target") else " (the place's toll)"
        t = Table("as of", "figure", "qualifier", "source", "outlet", "text",
                  title=_shown(f"{measure} {s['group']} in {s['place_name']}{about}"))
        for p in s["points"]:
            c = claims.get(p["claim"], {})
            cells = (p["as_of"] or "?", _bounds({**c, **p}), (c.get("qualifier") or "").replace("_", " "),
                     c.get("attributed_name") or "", outlets.get(c.get("document", ""), ""), c.get("text") or "")
            t.add_row(*map(_shown, cells))
        out.print(t)


@app.command()
def export(
    fmt: str = typer.Option("json", "--format", help="json, csv (claims), csv-incidents or geojson"),
    out_path: str | None = typer.Option(None, "--out", help="File to write (default: standard output)."),
    db: str | None = DbOption,
) -> None:
    """Write the ledger in the export contract (JSON), or claims/incidents as CSV, or places/incidents as GeoJSON."""
    from claimledger.views import exports

    if fmt not in exports.FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(exports.FORMATS)}",
                                 param_hint="--format")
    with _open(db, readonly=True) as ledger:
        text = exports.render(ledger, fmt)
    if out_path:
        Path(out_path).write_text(text, encoding="utf-8")
        err.print(f"wrote {_shown(out_path)}")
    elif fmt in {"json", "geojson"}:
        sys.stdout.write(_json_safe(text))
    else:
        sys.stdout.write(text)


@app.command()
def verify(db: str | None = DbOption) -> None:
    """Check originals, texts, document records, the audit log's chain and the stored state against their
    hashes; exit 1 naming whatever changed."""
    with _open(db, readonly=True) as ledger:
        result = ledger.check()
    for subject, why in result.problems:
        err.print(f"[red]changed[/] {_shown(subject)}: {_shown(why)}", highlight=False)
    n = len(result.document_ids | result.failed_documents)  # a deleted document still counts, as failed
    out.print(f"{n - len(result.failed_documents)}/{n} document(s) verified; "
              f"audit log {result.audit_rows} row(s), chain head {result.head or '-'}; "
              f"{result.state_rows} row(s) of stored state", highlight=False)
    if result.problems:
        raise typer.Exit(1)


@app.command()
def report(out_path: str = typer.Option("report.html", "--out", help="The HTML file to write."),
           db: str | None = DbOption) -> None:
    """Write a single self-contained HTML report."""
    from claimledger.views.report import write_report

    with _open(db, readonly=True) as ledger:
        write_report(ledger, out_path)
    out.print(f"wrote {_shown(out_path)}")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
          port: int = typer.Option(8000, "--port", help="Port to listen on."),
          db: str | None = DbOption) -> None:
    """Serve the web UI and JSON API (read-only)."""
    import uvicorn

    from claimledger.views.web import create_app

    path = _db(db)
    if not Path(path).exists():
        raise typer.BadParameter(f"no ledger at {_literal(path)}", param_hint="--db")
    uvicorn.run(create_app(path, allowed_hosts=served_hosts(host)), host=host, port=port, log_level="warning")


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_ANY_ADDRESS = {"0.0.0.0", "::", ""}


def served_hosts(host: str) -> set[str]:
    """The names a server bound to ``host`` answers to in the Host header: the bound name (and loopback's
    names for a loopback address, the machine's names for every address); any other is refused."""
    import socket

    host = host.strip("[]").lower()
    if host in _LOOPBACK:
        return set(_LOOPBACK)
    if host in _ANY_ADDRESS:
        return _LOOPBACK | {socket.gethostname().lower(), socket.getfqdn().lower()}
    return {host}


@app.command()
def resolve(db: str | None = DbOption,
            full: bool = typer.Option(False, "--full", help="Recompute everything, reusing no stored state.")) -> None:
    """Refresh the cross-document layer (entities, clusters, conflicts, series, incidents)."""
    from claimledger.workflow import refresh

    with _open(db) as ledger:
        stats = refresh(ledger, settings=Settings(db=_db(db)), full=full)
    out.print(f"resolved; {_shown(stats.describe())}")


@app.command()
def demo(db: str | None = DbOption,
         report_path: str = typer.Option("report.html", "--report", help="The HTML report to write.")) -> None:
    """Ingest the bundled example corpus, show what it found and write the HTML report."""
    from claimledger.demo import run_demo

    run_demo(_db(db), out, report=report_path)


def main() -> None:  # pragma: no cover
    app()
