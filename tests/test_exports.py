"""CSV and GeoJSON exports (the JSON contract itself is views/ledger.py's)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimledger.store import open_ledger
from claimledger.views import exports
from test_web import build_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    db = tmp_path_factory.mktemp("exports") / "ledger.db"
    ids = build_sample(db)
    return str(db), ids


def render(db: str, fmt: str) -> str:
    with open_ledger(db, readonly=True) as ledger:
        return exports.render(ledger, fmt)


def test_claims_csv(sample):  # type: ignore[no-untyped-def]
    db, ids = sample
    text = render(db, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(exports.CLAIM_COLUMNS)
    assert len(rows) == 6
    by_id = {r["id"]: r for r in rows}
    k = by_id[ids["kill40"]]
    assert (k["measure"], k["low"], k["high"], k["qualifier"]) == ("killed", "40", "", "at_least")
    assert (k["place_name"], k["lat"], k["lon"]) == ("Port Lissa", "46.48", "30.73")
    assert (k["attributed_name"], k["outlet"], k["cluster"], k["independent_sources"]) == (
        "Anna Kovar", "Northern Courier", "K1", "1")
    assert k["conflicts"] == "revision:X2" and k["incidents"] == "I1"
    assert len(k["sha256"]) == 64 and k["figure"] == "≥ 40"
    assert by_id[ids["inj18"]]["conflicts"] == "contradiction:X1"
    # the hostile sentence survives intact as data (CSV is not HTML)
    assert "<img src=x onerror=" in by_id[ids["hostile"]]["sentence"]


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    from claimledger.records import Claim, Extraction
    from test_web import make_doc

    doc = make_doc("wire")
    text = doc.text
    cl = Claim(id=f"{doc.id}:c0", document=doc.id, kind="quantity", sentence="=HYPERLINK(\"http://x\")",
               text="@SUM(A1)", start=0, end=5, measure="killed", value=-3, low=-3, high=-3,
               place_text="+cmd|' /C calc'!A0")
    db = tmp_path / "f.db"
    with open_ledger(str(db)) as ledger:
        ledger.add(doc, Extraction(document=doc.id, claims=(cl,)))
    row = next(csv.DictReader(io.StringIO(render(str(db), "csv"))))
    assert row["sentence"].startswith("'=") and row["text"].startswith("'@")
    assert row["place_name"].startswith("'+")
    assert row["low"] == "-3"  # numbers are left alone
    assert text  # the document itself is untouched


def test_incidents_csv(sample):  # type: ignore[no-untyped-def]
    db, ids = sample
    rows = list(csv.DictReader(io.StringIO(render(db, "csv-incidents"))))
    assert len(rows) == 1
    r = rows[0]
    assert (r["id"], r["killed"], r["killed_low"], r["killed_high"], r["injured"]) == ("I1", "40", "36", "44", "18")
    assert set(r["claims"].split(";")) == {ids["kill40"], ids["about40"], ids["inj18"], ids["inj17"]}
    assert len(r["documents"].split(";")) == 2


def test_geojson(sample):  # type: ignore[no-untyped-def]
    db, _ = sample
    fc = json.loads(render(db, "geojson"))
    assert fc["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"]: f for f in fc["features"]}
    assert set(kinds) == {"incident", "place"}
    inc = kinds["incident"]
    assert inc["geometry"] == {"type": "Point", "coordinates": [30.73, 46.48]}  # lon, lat
    assert inc["properties"]["killed_high"] == 44
    place = kinds["place"]
    assert place["properties"]["name"] == "Port Lissa" and place["properties"]["claims"] == 6


def test_json_still_the_contract(sample):  # type: ignore[no-untyped-def]
    db, _ = sample
    data = json.loads(render(db, "json"))
    for key in ("documents", "entities", "statements", "claims", "clusters", "conflicts", "series", "incidents"):
        assert key in data
    assert len(data["claims"]) == 6


def test_empty_ledger_exports(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    open_ledger(str(db)).close()
    assert render(str(db), "csv").strip() == ",".join(exports.CLAIM_COLUMNS)
    assert json.loads(render(str(db), "geojson")) == {"type": "FeatureCollection", "features": []}


def test_unknown_format(sample):  # type: ignore[no-untyped-def]
    db, _ = sample
    with pytest.raises(ValueError, match="unknown export format"):
        render(db, "xlsx")


def test_export_cli(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from claimledger.cli import app

    db, _ = sample
    out = tmp_path / "x.geojson"
    res = CliRunner().invoke(app, ["export", "--db", db, "--format", "geojson", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
