"""Shared fixtures. Expensive ones (the real model, the seeds ledger) are built once per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimledger.settings import Settings

# the shared evaluation data sits beside the checkout; $CLAIMLEDGER_SHARED names it for a checkout elsewhere
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"


def need_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared evaluation data sits beside the checkout)")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings):  # type: ignore[no-untyped-def]
    """The real pipeline: the small English model plus our components."""
    from claimledger.extract.nlp import get_nlp

    return get_nlp(settings)


@pytest.fixture
def fresh_store(tmp_path):  # type: ignore[no-untyped-def]
    from claimledger.store import open_ledger

    ledger = open_ledger(str(tmp_path / "ledger.db"))
    yield ledger
    ledger.close()


# one ingest per data set and test session: (inputs, manifest) -> (the first ledger built, its export)
_BUILT: dict[tuple[tuple[str, ...], str | None], tuple[Path, dict]] = {}


def build_export(paths: list[str], db: Path, manifest: str | None = None) -> dict:
    """Ingest ``paths`` into a ledger at ``db`` and return its export (a deep copy: callers may change it).

    Each data set is ingested once per session: a second call for the same inputs gets a copy of the
    first ledger at its ``db`` (SQLite's backup, so the copy is whole) and of its export.
    """
    import copy
    import sqlite3

    key = (tuple(paths), manifest)
    if key in _BUILT:
        first, export = _BUILT[key]
        if Path(db) != first:
            with sqlite3.connect(first) as src, sqlite3.connect(db) as dst:
                src.backup(dst)
        return copy.deepcopy(export)

    from claimledger.ingest import read_manifest
    from claimledger.store import open_ledger
    from claimledger.views.ledger import ledger_data
    from claimledger.workflow import ingest

    with open_ledger(str(db)) as ledger:
        ingest(paths, ledger, settings=Settings(db=str(db)),
               manifest=read_manifest(manifest) if manifest else None)
        export = ledger_data(ledger)
    _BUILT[key] = (Path(db), export)
    return copy.deepcopy(export)


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory) -> dict:  # type: ignore[no-untyped-def]
    """The five seed articles ingested and exported (the DESIGN.md JSON contract)."""
    need_shared(SEEDS)
    db = tmp_path_factory.mktemp("seeds") / "ledger.db"
    return build_export([str(SEEDS)], db)


@pytest.fixture(scope="session")
def seeds_export_path(seeds_export, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    p = tmp_path_factory.mktemp("seeds-json") / "ledger.json"
    p.write_text(json.dumps(seeds_export), encoding="utf-8")
    return p


@pytest.fixture(scope="session")
def example_export(tmp_path_factory) -> dict:  # type: ignore[no-untyped-def]
    """The bundled example corpus ingested and exported."""
    from claimledger.demo import example_corpus

    corpus = example_corpus()
    db = tmp_path_factory.mktemp("examples") / "ledger.db"
    manifest = corpus / "manifest.csv"
    paths = [str(p) for p in sorted(corpus.iterdir()) if p.name != "manifest.csv"]
    return build_export(paths, db, str(manifest) if manifest.exists() else None)


# ranks of the tests' order (stable inside a rank): the fast ones first, so a failure shows in seconds
_FAST, _SLOW, _BROWSER, _GATE = range(4)


def _rank(item: pytest.Item) -> int:
    if Path(str(item.fspath)).name.startswith("test_quality_"):
        return _GATE  # the quality gates: each ingests a whole data set
    if item.get_closest_marker("browser"):
        return _BROWSER
    if item.get_closest_marker("slow"):
        return _SLOW
    return _FAST


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fast tests first, then the ``slow`` ones, the ``browser`` ones and the quality gates last;
    inside a rank the order collected (a module's tests stay together)."""
    items.sort(key=_rank)


def score_seeds(export_path: Path) -> dict:
    """Run ../shared/eval/score_seeds.py on an export and return its figures."""
    import subprocess
    import sys

    need_shared(EVAL / "score_seeds.py")
    out = subprocess.run([sys.executable, str(EVAL / "score_seeds.py"), str(export_path), "--json"],
                         capture_output=True, text=True, check=True, env={**os.environ})
    return json.loads(out.stdout)
