"""Shared fixtures. Expensive ones (the real model, the seeds ledger) are built once per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimledger.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
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


def build_export(paths: list[str], db: Path, manifest: str | None = None) -> dict:
    from claimledger.ingest import read_manifest
    from claimledger.store import open_ledger
    from claimledger.views.ledger import ledger_data
    from claimledger.workflow import ingest

    with open_ledger(str(db)) as ledger:
        ingest(paths, ledger, settings=Settings(db=str(db)),
               manifest=read_manifest(manifest) if manifest else None)
        return ledger_data(ledger)


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


def score_seeds(export_path: Path) -> dict:
    """Run ../shared/eval/score_seeds.py on an export and return its figures."""
    import subprocess
    import sys

    need_shared(EVAL / "score_seeds.py")
    out = subprocess.run([sys.executable, str(EVAL / "score_seeds.py"), str(export_path), "--json"],
                         capture_output=True, text=True, check=True, env={**os.environ})
    return json.loads(out.stdout)
