"""The workbench's data, in-process (no browser): names, linked pages and their JSON twins, downloads, bad queries.

The same ledger as the browser tests (tests/bench_sample.py); these run where Chromium is missing too.
"""

from __future__ import annotations

import csv
import io

import pytest

from bench_sample import PLAIN_PATH, build_bench
from claimledger.views.conflicts import why
from claimledger.views.names import chain_lines, clip_words, doc_name, looks_like_path, origin_link, outlet_name
from test_web import AppClient


@pytest.fixture(scope="module")
def bench(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("wb") / "ledger.db"
    ids = build_bench(db)
    return AppClient(db), ids


@pytest.mark.parametrize("title,text,path,want", [
    ("A headline", "First line\nrest", "a/b.txt", "A headline"),
    (None, "\n  First line of the report \nrest", "a/b.txt", "First line of the report"),
    ("corpus/0042_ab.txt", "Opening words", "corpus/0042_ab.txt", "Opening words"),  # a path is no title
    (None, "", "corpus/0042_ab.txt", "0042_ab.txt"),
])
def test_doc_name(title, text, path, want):  # type: ignore[no-untyped-def]
    assert doc_name(title, text, path) == want


def test_clip_words_never_cuts_a_word() -> None:
    out = clip_words("Ferry service to the harbour resumed on Friday after a week", 30)
    assert out.endswith("…") and out[:-1] in "Ferry service to the harbour resumed" and len(out) <= 31
    assert all(w in "Ferry service to the harbour resumed on Friday".split() for w in out[:-1].split())


@pytest.mark.parametrize("outlet,url,want", [
    ("Coast Wire", "https://www.other.example/x", "Coast Wire"),
    (None, "https://www.harbour-post.example/2023/x", "harbour-post.example"),
    (None, None, None), ("  ", "not a url", None),
])
def test_outlet_name(outlet, url, want):  # type: ignore[no-untyped-def]
    assert outlet_name(outlet, url) == want


def test_origin_link_names_outlets_and_reports_not_keys() -> None:
    docs = [{"id": "d1", "outlet": "www.Coast-Wire.example", "outlet_name": "Coast-Wire.example", "path": "x.txt"},
            {"id": "d2", "outlet": None, "outlet_name": None, "path": "corpus/0042_ab.txt", "doc_short": "Ferry"}]
    assert origin_link("E1", {"E1": "Anna"}, docs) == {"kind": "entity", "id": "E1", "name": "Anna"}
    assert origin_link("outlet:coast-wireexample", {}, docs)["name"] == "Coast-Wire.example"
    assert origin_link("outlet:corpus/0042_abtxt", {}, docs) == {"kind": "document", "id": "d2", "name": "Ferry"}
    assert origin_link("outlet:/far/away/file.txt", {}, docs)["name"] == "a report's own figure"
    assert looks_like_path("/far/away/file.txt") and not looks_like_path("Toll rises to 57")


@pytest.mark.parametrize("reason,want", [
    ("killed people in X: 57 (a.html, 2022-04-13) vs 52 (b.txt) — same date, bounds do not overlap",
     "same date, bounds do not overlap"),
    ("a later, higher toll", "a later, higher toll"),
])
def test_why(reason, want):  # type: ignore[no-untyped-def]
    assert why(reason) == want


def test_linked_pages_have_json_twins(bench):  # type: ignore[no-untyped-def]
    client, ids = bench
    for path in ("/entities/P2", "/places/L1", "/outlets/Coast%20Wire", "/clusters/K2", "/incidents/I1"):
        html, twin, api = (client.get(p) for p in (path, path + ".json", path.replace("/", "/api/", 1)))
        assert html.status_code == twin.status_code == api.status_code == 200, path
        assert twin.json() == api.json()
    p2 = client.get("/entities/P2.json").json()
    assert [c["id"] for c in p2["said"]] == [ids["left"]] and "Nikolai Gritsenko" in p2["entity"]["aliases"]
    assert client.get("/clusters/nope.json").status_code == 404


def test_overview_names_and_merges(bench):  # type: ignore[no-untyped-def]
    client, ids = bench
    data = client.get("/index.json").json()
    k2 = next(m for m in data["most_reported"] if m["id"] == "K2")
    first, second = k2["origin_names"]
    assert first.startswith("Ferry service to Port Lissa") and second == "Mykola Hrytsenko"  # not 'outlet:fixtures/…'
    assert k2["origin_links"][0] == {"kind": "document", "id": ids["plain"], "name": first}
    assert k2["first_reported"] == "2023-05-12"  # none stored: the earliest member's date
    assert len(data["contradictions"]) == 2 and any(len(k["ids"]) == 2 for k in data["contradictions"])
    # the stored reason keeps the resolver's text; what the page shows ('why') names no file
    assert all(PLAIN_PATH not in k["why"] for k in data["contradictions"])


def test_csv_download_is_the_filtered_view(bench):  # type: ignore[no-untyped-def]
    client, ids = bench
    r = client.get("/claims.csv", params={"q": "5000", "size": 1})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["id"] for row in rows} == {ids["fled"], ids["left"], ids["gone"]}
    assert len(client.get("/claims.json", params={"q": "5000", "all": 1}).json()["claims"]) == 3


def test_bad_query_json_names_allowed_values(bench):  # type: ignore[no-untyped-def]
    client, _ = bench
    r = client.get("/claims.json", params={"measure": "deaths"})
    assert r.status_code == 422
    bad = r.json()["parameters"][0]
    assert bad["parameter"] == "measure" and "killed" in bad["allowed"] and "allegation" in bad["allowed"]
    assert client.get("/claims", params={"page": 0}).status_code == 422
    assert '<table class="bad">' in client.get("/claims", params={"page": 0}).text


def test_a_chain_names_sites_by_their_documents_not_their_paths() -> None:
    docs = [{"path": "/data/reports/0042_ab.txt", "outlet_name": None, "doc_short": "Ferry sinks off Varno"},
            {"path": "/data/reports/7.txt", "outlet_name": "varno-herald.example", "doc_short": "x"}]
    lines = ["/data/reports/0042_ab.txt, /data/reports/7.txt → Wire → Jane Quell"]
    assert chain_lines(lines, docs) == ["Ferry sinks off Varno, varno-herald.example → Wire → Jane Quell"]


def test_a_chain_names_its_source_without_the_entity_id() -> None:
    from claimledger.records import Claim
    from claimledger.resolve.clusters import ClaimInfo, cluster_chain

    claim = Claim(id="c1", document="d1", kind="quantity", measure="killed", value=4, low=4, high=4,
                  sentence="Four people were killed, Jane Quell said.", text="Four people were killed", start=0, end=23)
    info = ClaimInfo(claim=claim, canon_doc="d1", outlet="a.example", date=None, place_key=None, place_name=None,
                     place_entity=None, origin="person:jane-quell", source_entity="person:jane-quell",
                     site="a.example", source_name="Jane Quell")
    line, = cluster_chain([info])
    assert line == "a.example → Jane Quell", line
