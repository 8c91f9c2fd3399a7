"""The single-file HTML report: self-contained, escaped, and showing what the ledger holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimledger.store import open_ledger
from claimledger.views.report import write_report
from test_web import build_sample


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    tmp = tmp_path_factory.mktemp("report")
    ids = build_sample(tmp / "ledger.db")
    out = tmp / "report.html"
    with open_ledger(str(tmp / "ledger.db"), readonly=True) as ledger:
        write_report(ledger, str(out))
    return out.read_text(encoding="utf-8"), ids


def test_report_is_self_contained(report):  # type: ignore[no-untyped-def]
    html, _ = report
    assert "<script" not in html.lower()
    # no external stylesheet, image, font or link: everything inline
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert not re.search(r"url\(", html)
    assert "<link" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<style>" in html and "mark.claim" in html  # the stylesheet is inlined


def test_report_has_overview_timeline_map_and_claims(report):  # type: ignore[no-untyped-def]
    html, ids = report
    assert "Most reported claims" in html and "circular" in html
    assert "18 and 17 injured for the same strike do not overlap" in html
    assert html.count('<svg class="timeline"') == 2  # killed and injured in Port Lissa
    assert '<svg class="map"' in html and html.count("<path") > 100
    # every claim has a row with an anchor, and in-report links point at anchors only
    for key in ("kill40", "inj18", "inj17", "about40", "k120", "hostile"):
        assert f'id="claim-{ids[key]}"' in html
    hrefs = set(re.findall(r'href="([^"]*)"', html))
    assert hrefs and all(h.startswith("#") for h in hrefs), hrefs - {h for h in hrefs if h.startswith("#")}
    assert "36–44" in html and "≥ 121" in html


def test_report_escapes_hostile_text(report):  # type: ignore[no-untyped-def]
    html, _ = report
    assert "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_report_on_an_empty_ledger(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_ledger(str(db)).close()
    out = tmp_path / "r.html"
    with open_ledger(str(db), readonly=True) as ledger:
        write_report(ledger, str(out))
    html = out.read_text(encoding="utf-8")
    assert "No claims." in html and "No claim clusters yet" in html


def test_report_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimledger.cli import app

    db = tmp_path / "l.db"
    build_sample(db)
    out = tmp_path / "out.html"
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
