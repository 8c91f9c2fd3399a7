"""The web UI and JSON API, in-process, over a small hand-made ledger (no spaCy)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from pathlib import Path

import httpx
import pytest

from claimledger.records import (
    Claim,
    Cluster,
    Conflict,
    Document,
    Entity,
    Extraction,
    Incident,
    Mention,
    Resolution,
    Series,
    SeriesPoint,
    Statement,
)
from claimledger.store import open_ledger

# Our own invented reports about an invented town (Port Lissa); nothing here is copied from the seeds.
TEXTS = {
    "courier": (
        "Port Lissa, 2 May. Governor Anna Kovar said at least 40 people were killed when shells hit the market "
        "on Monday. A clinic treated 18 wounded people, staff said. Another nurse put the number of wounded at 17."
    ),
    "ledger": (
        "Regional officials say about 40 people died in the market shelling in Port Lissa, "
        "according to Governor Kovar. Rescue work continued overnight."
    ),
    "wire": (
        "The health ministry now says more than 120 people were killed in Port Lissa since the start of May. "
        "Hundreds of families have left the town."
    ),
    "hostile": (
        "Breaking <script>document.title='pwned'</script> news. Officials said 3 people were injured in Port Lissa "
        "<img src=x onerror=\"document.title='pwned'\"> near <a href=\"javascript:alert(1)\">the bridge</a>."
    ),
}
OUTLETS = {"courier": "Northern Courier", "ledger": "Daily Ledger", "wire": "Evening Wire",
           "hostile": "<b onmouseover=alert(1)>Wire</b>"}
DATES = {"courier": "2023-05-02", "ledger": "2023-05-03", "wire": "2023-05-10", "hostile": "2023-05-11"}


def make_doc(key: str) -> Document:
    raw = TEXTS[key].encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    title = "<script>alert('title')</script> Bridge report" if key == "hostile" else f"{OUTLETS[key]} on Port Lissa"
    return Document(id=sha[:16], sha256=sha, path=f"fixtures/{key}.txt", text=TEXTS[key], title=title,
                    outlet=OUTLETS[key], outlet_source="manifest", published=DATES[key], published_source="manifest",
                    raw=raw)


def span(key: str, needle: str) -> tuple[int, int]:
    i = TEXTS[key].index(needle)
    return i, i + len(needle)


def sentence_of(key: str, needle: str) -> str:
    text = TEXTS[key]
    i = text.index(needle)
    s = max(text.rfind(". ", 0, i) + 2, 0) if text.rfind(". ", 0, i) != -1 else 0
    e = text.find(". ", i)
    return text[s: (e + 1 if e != -1 else len(text))]


def claim(key: str, doc: Document, n: int, needle: str, **kw: object) -> Claim:
    s, e = span(key, needle)
    return Claim(id=f"{doc.id}:c{n}", document=doc.id, kind="quantity", sentence=sentence_of(key, needle),
                 text=needle, start=s, end=e, version="test-1", **kw)  # type: ignore[arg-type]


def build_sample(path: Path) -> dict[str, object]:
    """A four-document ledger with entities, a circular cluster, a contradiction, a revision, a series, an incident."""
    docs = {k: make_doc(k) for k in TEXTS}
    d = {k: v.id for k, v in docs.items()}
    c_kill40 = claim("courier", docs["courier"], 0, "at least 40 people were killed", measure="killed",
                     group="people", value=40, low=40, qualifier="at_least", place_text="Port Lissa",
                     as_of="2023-05-01", attributed_text="Anna Kovar", attributed_type="person",
                     statement=f"{d['courier']}:s0")
    c_inj18 = claim("courier", docs["courier"], 1, "18 wounded people", measure="injured", group="people",
                    value=18, low=18, high=18, qualifier="exact", place_text="Port Lissa", as_of="2023-05-01")
    c_inj17 = claim("courier", docs["courier"], 2, "wounded at 17", measure="injured", group="people",
                    value=17, low=17, high=17, qualifier="exact", place_text="Port Lissa", as_of="2023-05-01")
    c_about40 = claim("ledger", docs["ledger"], 0, "about 40 people died", measure="killed", group="people",
                      value=40, low=36, high=44, qualifier="approximately", place_text="Port Lissa",
                      as_of="2023-05-01", attributed_text="Governor Kovar", attributed_type="person")
    c_120 = claim("wire", docs["wire"], 0, "more than 120 people were killed", measure="killed", group="people",
                  value=120, low=121, qualifier="more_than", place_text="Port Lissa", as_of="2023-05-10",
                  attributed_text="The health ministry", attributed_type="organisation")
    c_hostile = claim("hostile", docs["hostile"], 0, "3 people were injured", measure="injured", group="people",
                      value=3, low=3, high=3, qualifier="exact", place_text="Port Lissa", as_of="2023-05-11")
    s0, e0 = span("courier", "at least 40 people were killed when shells hit the market on Monday")
    statement = Statement(id=f"{d['courier']}:s0", document=d["courier"], text=TEXTS["courier"][s0:e0], start=s0,
                          end=e0, direct=False, cue="said", speaker_text="Anna Kovar", speaker_type="person")
    place_mention = Mention(start=0, end=10, text="Port Lissa", type="place", canonical="Port Lissa", lat=46.48,
                            lon=30.73, country="UA")
    extractions = {
        "courier": Extraction(document=d["courier"], mentions=(place_mention,), statements=(statement,),
                              claims=(c_kill40, c_inj18, c_inj17), version="test-1"),
        "ledger": Extraction(document=d["ledger"], claims=(c_about40,), version="test-1"),
        "wire": Extraction(document=d["wire"], claims=(c_120,), version="test-1"),
        "hostile": Extraction(document=d["hostile"], claims=(c_hostile,), version="test-1"),
    }
    entities = (
        Entity(id="P1", type="person", name="Anna Kovar", aliases=("Anna Kovar", "Governor Kovar")),
        Entity(id="O1", type="organisation", name="Health Ministry", aliases=("The health ministry",)),
        Entity(id="L1", type="place", name="Port Lissa", aliases=("Port Lissa",), lat=46.48, lon=30.73, country="UA"),
    )
    links = [(d["courier"], "Anna Kovar", "P1"), (d["ledger"], "Governor Kovar", "P1"),
             (d["wire"], "The health ministry", "O1")]
    links += [(d[k], "Port Lissa", "L1") for k in TEXTS]
    cluster = Cluster(id="K1", claims=(c_kill40.id, c_about40.id), documents=(d["courier"], d["ledger"]),
                      outlets=("Northern Courier", "Daily Ledger"), origins=("P1",), independent_sources=1,
                      first_reported="2023-05-02", measure="killed", group="people", place="L1", low=40, high=44)
    conflicts = (
        Conflict(id="X1", kind="contradiction", claims=(c_inj18.id, c_inj17.id),
                 reason="18 and 17 injured for the same strike do not overlap"),
        Conflict(id="X2", kind="revision", claims=(c_kill40.id, c_120.id), reason="a later, higher toll"),
    )
    series = (Series(measure="killed", group="people", place="L1", place_name="Port Lissa", points=(
        SeriesPoint(claim=c_kill40.id, as_of="2023-05-01", low=40, high=None, source="P1"),
        SeriesPoint(claim=c_120.id, as_of="2023-05-10", low=121, high=None, source="O1"))),)
    incident = Incident(id="I1", type="shelling", date="2023-05-01", place_name="Port Lissa", lat=46.48, lon=30.73,
                        killed=40, injured=18, killed_low=36, killed_high=44, injured_low=17, injured_high=18,
                        documents=(d["courier"], d["ledger"]), claims=(c_kill40.id, c_about40.id, c_inj18.id,
                                                                        c_inj17.id), place="L1")
    res = Resolution(entities=entities, links=tuple(links), clusters=(cluster,), conflicts=conflicts,
                     series=series, incidents=(incident,),
                     claim_cluster=((c_kill40.id, "K1"), (c_about40.id, "K1")))
    with open_ledger(str(path)) as ledger:
        for k in TEXTS:
            ledger.add(docs[k], extractions[k], pipeline_version="test-1")
        ledger.save_resolution(res)
    return {"docs": d, "kill40": c_kill40.id, "inj18": c_inj18.id, "inj17": c_inj17.id, "about40": c_about40.id,
            "k120": c_120.id, "hostile": c_hostile.id}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("web") / "ledger.db"
    ids = build_sample(db)
    return db, ids


class AppClient:
    """A synchronous client over httpx.ASGITransport: in-process, no sockets.

    (Starlette's TestClient warns about httpx being deprecated there, and warnings are errors.)
    """

    def __init__(self, db: Path):
        from claimledger.views.web import create_app

        self.app = create_app(str(db))

    def request(self, method: str, url: str, **kw: object) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as ac:
                r = await ac.request(method, url, **kw)  # type: ignore[arg-type]
                await r.aread()
                return r

        return asyncio.run(go())

    def get(self, url: str, **kw: object) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: object) -> httpx.Response:
        return self.request("POST", url, **kw)


@pytest.fixture(scope="module")
def client(sample):  # type: ignore[no-untyped-def]
    db, _ = sample
    return AppClient(db)


@pytest.fixture
def empty_client(tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "empty.db"
    open_ledger(str(db)).close()
    return AppClient(db)


PAGES = ["/", "/claims", "/timeline", "/map", "/entities", "/documents", "/incidents"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_security_headers(client, path):  # type: ignore[no-untyped-def]
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "http" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    # no page may pull anything from another origin
    assert not re.search(r'(src|href)="(https?:)?//', r.text)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_on_an_empty_ledger(empty_client, path):  # type: ignore[no-untyped-def]
    r = empty_client.get(path)
    assert r.status_code == 200, r.text[:500]
    j = empty_client.get("/index.json" if path == "/" else path + ".json")
    assert j.status_code == 200


def test_json_mirrors_match(client):  # type: ignore[no-untyped-def]
    a = client.get("/claims.json").json()
    b = client.get("/api/claims").json()
    assert a == b
    assert a["paging"]["total"] == 6
    assert client.get("/index.json").json() == client.get("/api/overview").json()


def test_overview_counts_and_independence(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    data = client.get("/index.json").json()
    assert data["counts"]["documents"] == 4
    assert data["counts"]["claims"] == 6
    assert data["counts"]["contradictions"] == 1 and data["counts"]["revisions"] == 1
    top = data["most_reported"][0]
    assert top["id"] == "K1" and top["n_outlets"] == 2 and top["independent_sources"] == 1
    assert top["circular"] is True
    assert top["origin_names"] == ["Anna Kovar"]
    assert {c["id"] for c in data["contradictions"][0]["claims"]} == {ids["inj18"], ids["inj17"]}
    html = client.get("/").text
    assert "circular" in html and "Anna Kovar" in html


def test_claims_filters(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    killed = client.get("/claims.json", params={"measure": "killed"}).json()
    assert {c["id"] for c in killed["claims"]} == {ids["kill40"], ids["about40"], ids["k120"]}
    # a source filter on the canonical name finds every alias it was written as
    kovar = client.get("/claims.json", params={"source": "Anna Kovar"}).json()
    assert {c["id"] for c in kovar["claims"]} == {ids["kill40"], ids["about40"]}
    outlet = client.get("/claims.json", params={"outlet": "Evening Wire"}).json()
    assert [c["id"] for c in outlet["claims"]] == [ids["k120"]]
    dated = client.get("/claims.json", params={"date_from": "2023-05-05", "date_to": "2023-05-10"}).json()
    assert [c["id"] for c in dated["claims"]] == [ids["k120"]]
    text = client.get("/claims.json", params={"q": "nurse"}).json()
    assert [c["id"] for c in text["claims"]] == [ids["inj17"]]
    # LIKE wildcards in the text filter are literal
    assert client.get("/claims.json", params={"q": "%"}).json()["paging"]["total"] == 0
    place = client.get("/claims.json", params={"place": "port lissa", "measure": "injured"}).json()
    assert place["paging"]["total"] == 3
    html = client.get("/claims", params={"measure": "killed"}).text
    assert "≥ 40" in html and "36–44" in html and "≥ 121" in html


def test_claims_pagination_and_sort(client):  # type: ignore[no-untyped-def]
    p1 = client.get("/claims.json", params={"size": 4}).json()
    p2 = client.get("/claims.json", params={"size": 4, "page": 2}).json()
    assert p1["paging"] == {"page": 1, "size": 4, "total": 6, "pages": 2, "prev": None, "next": 2}
    assert len(p1["claims"]) == 4 and len(p2["claims"]) == 2
    assert not {c["id"] for c in p1["claims"]} & {c["id"] for c in p2["claims"]}
    by_high = client.get("/claims.json", params={"sort": "high", "desc": "true"}).json()["claims"]
    highs = [c["high"] for c in by_high if c["high"] is not None]
    assert highs == sorted(highs, reverse=True)
    assert client.get("/claims.json", params={"size": 100000}).status_code == 422
    html = client.get("/claims", params={"size": 4}).text
    assert 'rel="next"' in html and "page=2" in html


def test_claim_page_highlights_sentence_in_original(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    cid = ids["kill40"]
    html = client.get(f"/claims/{cid}").text
    m = re.search(r'<mark class="sentence">(.*?)<mark class="claim" id="the-claim">(.*?)</mark>(.*?)</mark>', html,
                  re.S)
    assert m, "the claim must be marked inside its sentence"
    assert m.group(2) == "at least 40 people were killed"
    assert m.group(1).startswith("Governor Anna Kovar said")
    data = client.get(f"/claims/{cid}.json").json()
    assert data == client.get(f"/api/claims/{cid}").json()
    assert data["claim"]["attributed_name"] == "Anna Kovar"
    assert data["statement"]["cue"] == "said"
    assert data["cluster"]["id"] == "K1"
    assert [r["id"] for r in data["repeats"]] == [ids["about40"]]
    assert data["repeats"][0]["outlet"] == "Daily Ledger"
    assert {k["kind"] for k in data["conflicts"]} == {"revision"}
    assert data["document"]["sha256"] in html
    assert data["incidents"][0]["id"] == "I1"
    assert client.get("/claims/nope:c9").status_code == 404
    assert client.get("/claims/nope:c9.json").json() == {"error": "no such claim"}


def test_timeline_chart(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    data = client.get("/timeline.json", params={"measure": "killed", "place": "Port Lissa"}).json()
    assert len(data["charts"]) == 1
    ch = data["charts"][0]
    assert {p["claim"] for p in ch["points"]} == {ids["kill40"], ids["about40"], ids["k120"]}
    assert [link["kind"] for link in ch["links"]] == ["revision"]
    assert len(ch["lines"]) == 1  # the resolved series drawn through its points
    # later figure to the right, bigger figure higher up (smaller y)
    pts = {p["claim"]: p for p in ch["points"]}
    assert pts[ids["k120"]]["x"] > pts[ids["kill40"]]["x"]
    assert pts[ids["k120"]]["y"] < pts[ids["kill40"]]["y"]
    assert pts[ids["k120"]]["open_high"] is True
    inj = client.get("/timeline.json", params={"measure": "injured", "place": "Port Lissa"}).json()["charts"][0]
    assert any(p["contradiction"] for p in inj["points"])
    html = client.get("/timeline", params={"measure": "killed", "place": "Port Lissa"}).text
    assert html.count("<circle") >= 3 and "<polyline" in html
    assert data["index"][0] == {"measure": "killed", "place": "Port Lissa", "series": 1, "claims": 3}


def test_map_draws_basemap_places_incidents(client):  # type: ignore[no-untyped-def]
    data = client.get("/map.json").json()
    assert [p["name"] for p in data["places"]] == ["Port Lissa"]
    assert data["places"][0]["claims"] == 6
    assert data["incidents"][0]["id"] == "I1"
    x, y, w, h = data["viewbox"]
    assert x <= 30.73 <= x + w and y <= -46.48 <= y + h
    html = client.get("/map").text
    assert html.count("<path") > 100  # the country outlines are drawn


def test_entities_documents_incidents(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    ents = client.get("/entities.json", params={"q": "governor"}).json()
    assert [e["name"] for e in ents["entities"]] == ["Anna Kovar"]
    assert "Governor Kovar" in client.get("/entities").text
    docs = client.get("/documents.json").json()
    assert [d["published"] for d in docs["documents"]] == sorted(d["published"] for d in docs["documents"])
    assert docs["documents"][0]["claims"] == 3
    inc = client.get("/incidents.json").json()["incidents"][0]
    assert (inc["killed"], inc["killed_range"], inc["injured_range"]) == (40, "36–44", "17–18")
    doc = client.get(f"/documents/{ids['docs']['wire']}.json").json()
    assert [c["id"] for c in doc["claims"]] == [ids["k120"]]


def test_hostile_article_is_escaped(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    for path in ["/", "/claims", "/documents", f"/documents/{ids['docs']['hostile']}", f"/claims/{ids['hostile']}"]:
        html = client.get(path).text
        assert "<script>" not in html, path
        assert "<img src=x" not in html and "<b onmouseover" not in html, path
        assert 'href="javascript:' not in html, path
    html = client.get(f"/claims/{ids['hostile']}").text
    assert "&lt;script&gt;document.title=" in html
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in html


def test_original_served_as_inert_text(client, sample):  # type: ignore[no-untyped-def]
    _, ids = sample
    r = client.get(f"/documents/{ids['docs']['hostile']}/original")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]
    assert r.content.decode() == TEXTS["hostile"]
    assert hashlib.sha256(r.content).hexdigest() == r.headers["x-content-sha256"]


@pytest.mark.parametrize("bad", ["..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fledger.db", "....//....//etc", "nope"])
def test_original_refuses_traversal(client, bad):  # type: ignore[no-untyped-def]
    r = client.get(f"/documents/{bad}/original")
    assert r.status_code == 404
    assert "root:" not in r.text


def test_read_only_and_limits(client, sample):  # type: ignore[no-untyped-def]
    assert client.post("/claims", content=b"x").status_code == 405
    assert client.post("/claims", content=b"x" * 100_000).status_code == 413
    assert client.get("/claims?q=" + "a" * 5000).status_code == 414
    db, _ = sample
    # serving must never change the ledger file
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    client.get("/")
    client.get("/claims")
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before


def test_docs_page_is_local(client):  # type: ignore[no-untyped-def]
    r = client.get("/docs")
    assert r.status_code == 200
    assert "/api/claims" in r.text and "/api/claims/{claim_id}" in r.text
    assert "cdn" not in r.text.lower() and "<script" not in r.text
    schema = client.get("/openapi.json").json()
    assert "/api/timeline" in schema["paths"]


def test_index_reloads_when_resolution_changes(tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "l.db"
    build_sample(db)
    c = AppClient(db)
    assert c.get("/index.json").json()["counts"]["entities"] == 3
    with open_ledger(str(db)) as ledger:
        ledger.save_resolution(Resolution())
    assert c.get("/index.json").json()["counts"]["entities"] == 0


def test_asgi_transport_client(sample):  # type: ignore[no-untyped-def]
    from claimledger.views.web import create_app

    db, _ = sample

    async def go() -> dict:
        transport = httpx.ASGITransport(app=create_app(str(db)))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as ac:
            r = await ac.get("/api/entities")
            return json.loads(r.text)

    assert len(asyncio.run(go())["entities"]) == 3


def test_only_the_bound_host_names_are_served(sample):  # type: ignore[no-untyped-def]
    """DNS rebinding: a page elsewhere whose name resolves to this server sends its own name as Host."""
    from claimledger.cli import served_hosts
    from claimledger.views.web import create_app

    db, _ = sample
    app = create_app(str(db), allowed_hosts=served_hosts("127.0.0.1"))

    async def get(host: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as ac:
            return await ac.get("/api/overview", headers={"host": host})

    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"):
        assert asyncio.run(get(host)).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "[::1"):
        r = asyncio.run(get(host))
        assert r.status_code == 400 and "Host" in r.text, host
    assert "localhost" in served_hosts("0.0.0.0") and served_hosts("192.0.2.7") == {"192.0.2.7"}
