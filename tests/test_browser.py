"""The web UI in a real browser: Debian's Chromium driven by Playwright, against a live local server.

Skipped only when Playwright or /usr/bin/chromium is not installed
(``apt-get install -y chromium``; ``playwright install`` cannot download browsers offline).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CLAIMLEDGER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
PLAIN = "fixtures/0042_9f3ab.txt"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    import uvicorn

    from claimledger.views.web import create_app
    from test_web import build_sample

    db = tmp_path_factory.mktemp("browser") / "ledger.db"
    ids = build_sample(db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(timeout=10)


def _serve(db: Path) -> Iterator[str]:
    import uvicorn

    from claimledger.views.web import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """The sample plus reports without a title or an outlet, an official spelled two ways, an allegation, a denial."""
    from bench_sample import build_bench

    db = tmp_path_factory.mktemp("bench") / "ledger.db"
    ids = build_bench(db)
    for base in _serve(db):
        yield base, {**ids, "db": str(db)}


def bench_db(bench: tuple[str, dict]) -> str:
    return str(bench[1]["db"])


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if sync_playwright is None:
        pytest.skip("playwright is not installed (pip install playwright)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh page that records every request, every console error and every dialog."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield pg
    # nothing may leave the loopback server: no CDN, no tiles, no fonts
    hosts = {urlsplit(u).hostname for u in pg.requests if not u.startswith(("data:", "about:"))}  # type: ignore
    assert hosts <= {"127.0.0.1"}, hosts
    assert pg.dialogs == []  # type: ignore[attr-defined]
    ctx.close()


def shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path,name", [("/", "overview"), ("/claims", "claims"), ("/entities", "entities"),
                                       ("/documents", "documents"), ("/incidents", "incidents"), ("/docs", "docs")])
def test_pages_open(page, server, path, name):  # type: ignore[no-untyped-def]
    base, _ = server
    resp = page.goto(base + path)
    assert resp.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("header.top nav a").count() == 8
    shot(page, name)


def test_follow_claim_to_its_sentence(page, server):  # type: ignore[no-untyped-def]
    base, ids = server
    page.goto(base + "/claims?measure=killed")
    page.get_by_role("link", name="at least 40 people were killed").click()
    page.wait_for_url(f"**/claims/{ids['kill40']}")
    mark = page.locator("mark.claim#the-claim")
    assert mark.inner_text() == "at least 40 people were killed"
    assert "Governor Anna Kovar said" in page.locator("mark.sentence").inner_text()
    assert mark.is_visible()
    # the claim is highlighted: its background differs from the page's
    bg = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert page.get_by_text("Daily Ledger").count() >= 1  # the outlet that repeated it
    shot(page, "claim")


def test_filter_the_claims_table(page, server):  # type: ignore[no-untyped-def]
    base, _ = server
    page.goto(base + "/claims")
    assert page.locator("table.claims tbody tr").count() == 6
    page.select_option("select[name=measure]", "injured")
    page.fill("input[name=q]", "nurse")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/claims?*measure=injured*")
    rows = page.locator("table.claims tbody tr")
    assert rows.count() == 1
    assert "wounded at 17" in rows.first.inner_text()
    shot(page, "claims-filtered")


def test_timeline_draws(page, server):  # type: ignore[no-untyped-def]
    base, _ = server
    page.goto(base + "/timeline")
    page.get_by_role("link", name="killed").first.click()
    page.wait_for_url("**/timeline?measure=killed*")
    svg = page.locator("svg.timeline")
    assert svg.count() == 1 and svg.first.is_visible()
    assert svg.locator("a.point").count() == 3
    assert svg.locator("line.link.revision").count() == 1
    assert svg.locator("polyline.series").count() == 1
    shot(page, "timeline")
    page.goto(base + "/timeline?measure=injured&place=Port+Lissa")
    assert page.locator("svg.timeline a.point.contradiction").count() == 2
    shot(page, "timeline-contradiction")


def test_map_draws(page, server):  # type: ignore[no-untyped-def]
    base, _ = server
    page.goto(base + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # the country outlines
    assert page.locator("path.place-marker").count() == 1
    assert page.locator("path.incident-marker").count() == 1
    box = page.locator("path.place-marker").bounding_box()
    assert box and box["width"] > 2  # drawn at a visible size, not a speck
    shot(page, "map")


def test_hostile_article_does_not_run(page, server):  # type: ignore[no-untyped-def]
    base, ids = server
    for path in (f"/documents/{ids['docs']['hostile']}", f"/claims/{ids['hostile']}", "/documents", "/claims"):
        page.goto(base + path)
        assert page.title() != "pwned"
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
    shot(page, "hostile-claim")
    page.goto(base + f"/documents/{ids['docs']['hostile']}/original")
    assert page.title() != "pwned"
    assert "<script>" in page.locator("body").inner_text()  # shown as text, not run


# ------------------------------------------------------------------ the workbench (issue: names, links, tables)
def _main_text(pg) -> str:  # type: ignore[no-untyped-def]
    return pg.locator("main").inner_text()


def test_documents_are_named_by_title_and_outlet_not_path(page, bench):  # type: ignore[no-untyped-def]
    base, ids = bench
    page.goto(base + "/documents")
    table = page.locator("table.docs").inner_text()
    assert "Ferry service to Port Lissa resumed on Friday" in table  # the first line names an untitled report
    assert "fixtures/" not in table and "0042_9f3ab" not in table
    row = page.locator("table.docs tr", has_text="Residents leave Port Lissa by sea")
    assert "harbour-post.example" in row.inner_text()  # no outlet stored: the URL's host
    shot(page, "documents")
    page.goto(base + "/")
    most = page.locator("table.most").inner_text()
    assert "outlet:" not in most and "fixtures" not in most
    assert "Ferry service to Port Lissa" in most  # the untitled report's own reporting, by its name
    assert "Mykola Hrytsenko" in most


def test_claim_page_names_its_reporter_and_first_date(page, bench):  # type: ignore[no-untyped-def]
    base, ids = bench
    page.goto(base + f"/claims/{ids['fled']}")
    text = _main_text(page)
    assert ids["fled"] not in page.locator("h1").inner_text()  # the heading is the claim, not its id
    assert "First reported ?" not in text and "First reported 2023-05-12" in text
    assert "unknown outlet" not in text and "undated" not in text
    assert "Ferry service to Port Lissa resumed on Friday" in text
    head = page.locator("section.claim-head").inner_text()
    assert "fixtures/" not in head and "outlet:" not in text
    assert page.locator("dl.meta dd code", has_text=PLAIN).count() == 1  # the path only as the path
    page.goto(base + f"/claims/{ids['left']}")
    assert "harbour-post.example" in page.locator("section.claim-head").inner_text()
    shot(page, "claim-untitled")


def _claim_ids(pg) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = pg.locator("table.claims tbody td.text a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return [h.rsplit("/", 1)[-1] for h in hrefs]


def test_claims_table_sources_conflicts_measures_aliases_and_figures(page, bench):  # type: ignore[no-untyped-def]
    base, ids = bench
    page.goto(base + "/claims")
    head = page.locator("table.claims thead").inner_text()
    assert "Indep. sources" in head and "Conflicts" in head
    row = page.locator("table.claims tbody tr", has=page.locator(f"a[href='/claims/{ids['fled']}']"))
    cells = row.locator("td")
    assert "contradiction" in row.inner_text()
    assert "2" in [cells.nth(i).inner_text().strip() for i in range(cells.count())]  # two independent sources
    options = page.locator("select[name=measure] option").all_inner_texts()
    assert {"allegation", "denial", "displaced", "killed", "injured"} <= set(options)
    page.select_option("select[name=measure]", "allegation")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**measure=allegation*")
    assert _claim_ids(page) == [ids["alleg"]]
    page.goto(base + "/claims")
    page.fill("input[name=source]", "Hrytsenko")  # the entity's name; the report spelled it 'Nikolai Gritsenko'
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**source=Hrytsenko*")
    assert _claim_ids(page) == [ids["left"]]
    page.goto(base + "/claims?q=5000")
    assert set(_claim_ids(page)) == {ids["fled"], ids["left"], ids["gone"]}  # '5000' finds '5,000'
    shot(page, "claims-search")


def test_every_table_downloads_its_filtered_view(page, bench):  # type: ignore[no-untyped-def]
    import csv
    import io

    base, ids = bench
    page.goto(base + "/claims?measure=displaced&size=1")
    on_screen = _claim_ids(page)
    assert len(on_screen) == 1  # one row per page; the download holds the whole filter
    href = page.locator("p.downloads a.csv").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(page.request.get(base + href).text())))
    assert {r["id"] for r in rows} == {ids["fled"], ids["left"], ids["gone"]}
    assert on_screen[0] == rows[0]["id"]  # the same order as the table
    js = page.request.get(base + page.locator("p.downloads a.json").get_attribute("href")).json()
    assert [c["id"] for c in js["claims"]] == [r["id"] for r in rows]
    for path, n_rows in (("/incidents", 1), ("/entities?type=person", 2), ("/documents", 7)):
        page.goto(base + path)
        a = page.locator("p.downloads a.csv")
        rows = list(csv.DictReader(io.StringIO(page.request.get(base + a.get_attribute("href")).text())))
        assert len(rows) == n_rows, path
        js = page.request.get(base + page.locator("p.downloads a.json").get_attribute("href")).json()
        assert len(next(v for k, v in js.items() if isinstance(v, list) and k != "types")) == n_rows, path


def test_every_mention_links_to_its_page_and_json_twin(page, bench):  # type: ignore[no-untyped-def]
    base, ids = bench
    page.goto(base + f"/claims/{ids['kill40']}")
    page.locator("section.claim-head a.entity", has_text="Anna Kovar").first.click()
    page.wait_for_url("**/entities/P1")
    aliases = page.locator("dd.aliases").inner_text()
    assert "Governor Kovar" in aliases and "Anna Kovar" in aliases
    said = page.locator("#said + table.claims").inner_text()
    assert "at least 40 people were killed" in said and "about 40 people died" in said  # both spellings
    shot(page, "entity")
    twin = page.request.get(base + "/entities/P1.json").json()
    assert {c["id"] for c in twin["said"]} == {ids["kill40"], ids["about40"]}
    assert "Governor Kovar" in twin["entity"]["aliases"]

    page.goto(base + f"/claims/{ids['kill40']}")
    page.locator("section.claim-head a.place", has_text="Port Lissa").first.click()
    page.wait_for_url("**/places/L1")
    assert page.locator("table.incidents tbody tr").count() == 1  # the incident there
    assert page.locator("#about + table.claims tbody tr").count() >= 6
    page.locator("table.incidents a.incident").first.click()
    page.wait_for_url("**/incidents/I1")
    assert "36–44" in page.locator("main dl.meta").inner_text()
    assert page.locator("table.claims tbody tr").count() == 4
    shot(page, "incident")
    assert page.request.get(base + "/incidents/I1.json").json()["incident"]["id"] == "I1"

    page.goto(base + f"/claims/{ids['kill40']}")
    page.locator("a.cluster").first.click()
    page.wait_for_url("**/clusters/K1")
    assert "circular" in page.locator("main").inner_text()
    assert page.locator("table.claims tbody tr").count() == 2
    assert page.request.get(base + "/clusters/K1.json").json()["cluster"]["independent_sources"] == 1
    shot(page, "cluster")

    page.goto(base + "/claims?measure=killed")
    page.locator("table.claims a.outlet", has_text="Daily Ledger").first.click()
    page.wait_for_url("**/outlets/Daily%20Ledger")
    assert "about 40 people died" in page.locator("main").inner_text()
    assert page.request.get(base + "/outlets/Daily%20Ledger.json").json()["n_documents"] == 1
    # the hostile outlet name is a link too, and stays text
    page.goto(base + "/documents")
    hostile = page.locator("table.docs a.outlet", has_text="onmouseover")
    hostile.click()
    page.wait_for_url("**/outlets/**")
    assert page.evaluate("document.querySelectorAll('main b').length") == 0
    assert page.locator("h1").inner_text().startswith("<b onmouseover")


def test_overview_one_line_per_conflict_revisions_and_no_overflow(page, bench, tmp_path):  # type: ignore[no-untyped-def]
    base, ids = bench
    page.goto(base + "/")
    lines = page.locator("h2:has-text('Open contradictions') + ul.conflicts > li")
    texts = lines.all_inner_texts()
    assert len(texts) == 2, texts  # X3 and X4 are one disagreement (same reports, same figures)
    port = next(t for t in texts if "displaced" in t)
    assert "harbour-post.example" in port and "2 sentences" in port and "fixtures" not in port
    revisions = page.locator("h2:has-text('Revisions') + ul.conflicts > li").all_inner_texts()
    assert len(revisions) == 1 and "Evening Wire" in revisions[0]
    shot(page, "overview")
    for path in ("/", "/claims", f"/claims/{ids['fled']}", "/documents", "/entities/P1", "/incidents/I1", "/docs"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
    from claimledger.store import open_ledger
    from claimledger.views.report import write_report

    out = tmp_path / "report.html"
    with open_ledger(str(bench_db(bench)), readonly=True) as ledger:
        write_report(ledger, str(out))
    page.set_content(out.read_text(encoding="utf-8"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # the report too
    shot(page, "report")


def test_bad_parameters_get_a_page_with_the_allowed_values(page, bench):  # type: ignore[no-untyped-def]
    base, _ = bench
    for path, param, allowed in (("/claims?page=0", "page", "1 or more"), ("/claims?measure=deaths", "measure",
                                 "killed"), ("/claims?sort=size", "sort", "outlet"), ("/entities?type=town", "type",
                                 "organisation"), ("/timeline?measure=deaths&place=X", "measure", "denial")):
        resp = page.goto(base + path)
        assert resp.status == 422, path
        assert page.locator("h1").count() == 1 and page.locator("header.top nav a").count() == 8
        row = page.locator("table.bad tbody tr", has_text=param)
        assert allowed in row.inner_text(), path
        assert "{" not in page.locator("main").inner_text()  # not FastAPI's raw JSON
    shot(page, "bad-request")


def test_api_page_lists_each_endpoint_once_with_its_values(page, bench):  # type: ignore[no-untyped-def]
    base, _ = bench
    page.goto(base + "/docs")
    paths = page.locator("table.api tbody tr td:nth-child(2) code").all_inner_texts()
    assert len(paths) == len(set(paths)) and "/api/claims" in paths and "/claims" not in paths
    claims = page.locator("table.api tbody tr", has=page.locator("code", has_text="/api/claims")).first.inner_text()
    assert "allegation" in claims and "killed" in claims and "outlet" in claims  # measure and sort values
    shot(page, "docs")


def test_timeline_one_chart_groups_as_series_undated_lane_linear(page, bench):  # type: ignore[no-untyped-def]
    base, ids = bench
    page.goto(base + "/timeline?measure=killed&place=Port+Lissa")
    assert page.locator("svg.timeline").count() == 1  # people and children on one chart
    legend = page.locator("ul.legend li.group").all_inner_texts()
    assert {t.strip() for t in legend} == {"people", "children"}
    points = page.locator("svg.timeline a.point")
    assert points.count() == 4
    assert {p.get_attribute("data-group") for p in points.all()} == {"people", "children"}
    labels = page.locator("svg.timeline text.xtick").all_text_contents()
    assert len(labels) >= 2 and set(labels) <= {"2023-05-01", "2023-05-10", "2023-05-12"}  # the data's dates
    assert "log" not in page.locator("figure.chart figcaption").inner_text()  # 2 to 121 killed: still linear
    shot(page, "timeline-groups")
    page.goto(base + "/timeline?measure=killed&place=Port+Lissa&scale=log")
    assert "log scale" in page.locator("figure.chart figcaption").inner_text()
    page.goto(base + "/timeline?measure=displaced&place=Port+Lissa")
    lane = page.locator("svg.timeline a.point.undated")
    assert lane.count() == 1 and lane.get_attribute("href") == f"/claims/{ids['gone']}"
    assert page.locator(f"ul.undated a[href='/claims/{ids['gone']}']").count() == 1  # named, not counted
    shot(page, "timeline-undated")
    lane.click()
    page.wait_for_url(f"**/claims/{ids['gone']}")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The five seed reports, ingested with the real pipeline (for the screenshots the issue names)."""
    from conftest import SEEDS, build_export, need_shared

    seeds_dir = Path(os.environ.get("CLAIMLEDGER_SEEDS") or SEEDS)  # a worktree may sit away from shared/
    need_shared(seeds_dir)
    db = tmp_path_factory.mktemp("seeds-web") / "ledger.db"
    build_export([str(seeds_dir)], db)
    yield from _serve(db)


def test_seeds_screens(page, seeds):  # type: ignore[no-untyped-def]
    page.goto(seeds + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert "outlet:" not in page.locator("main").inner_text()
    shot(page, "seeds-overview")
    page.goto(seeds + "/timeline?measure=killed&place=Mariupol")
    assert page.locator("svg.timeline").count() == 1
    assert page.locator("svg.timeline a.point").count() >= 5
    shot(page, "seeds-timeline-killed-mariupol")
    page.goto(seeds + "/claims?source=Boychenko&measure=killed")
    assert page.locator("table.claims tbody tr").count() >= 2
    page.locator("table.claims tbody td.text a").first.click()
    page.wait_for_url("**/claims/*")
    assert "unknown outlet" not in page.locator("main").inner_text()
    shot(page, "seeds-claim")
    page.locator("section.claim-head a.entity").first.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("dd.aliases .alias").count() >= 2  # the mayor's spellings
    shot(page, "seeds-entity")
    page.goto(seeds + "/incidents")
    page.locator("table.incidents a.incident").first.click()
    page.wait_for_url("**/incidents/*")
    shot(page, "seeds-incident")
    page.goto(seeds + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator("path.place-marker").count() >= 3
    shot(page, "seeds-map")


def test_map_is_interactive_offline_and_plots_only_places_with_claims(page, bench):  # type: ignore[no-untyped-def]
    base, _ = bench
    page.goto(base + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert any("/static/vendor/leaflet/leaflet.js" in u for u in page.requests)  # installed, served from here
    assert page.locator("path.place-marker").count() == 3  # Port Lissa, Kessel Bay, Amber Point; not Dunmere
    assert "Dunmere" not in page.locator("#map").inner_text()
    m = page.locator("#map")

    def until(ok) -> None:  # type: ignore[no-untyped-def]
        # (wait_for_function would evaluate a string: the page's CSP forbids that, as it should)
        deadline = time.monotonic() + 10
        while not ok():
            assert time.monotonic() < deadline
            time.sleep(0.05)

    def labels_overlap() -> bool:
        boxes = [lb.bounding_box() for lb in page.locator(".leaflet-tooltip.label").all()
                 if lb.evaluate("e => getComputedStyle(e).visibility") == "visible"]
        return any(not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                        a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
                   for i, a in enumerate(boxes) for b in boxes[i + 1:])

    zoom = int(m.get_attribute("data-zoom"))
    for _ in range(3):
        page.click(".leaflet-control-zoom-out")
        until(lambda z=zoom: int(m.get_attribute("data-zoom")) < z)
        zoom = int(m.get_attribute("data-zoom"))
        assert not labels_overlap(), zoom
    page.click(".leaflet-control-zoom-in")
    until(lambda: int(m.get_attribute("data-zoom")) > zoom)
    center = m.get_attribute("data-center")
    box = m.bounding_box()
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 400, box["y"] + 300, steps=8)
    page.mouse.up()
    until(lambda: m.get_attribute("data-center") != center)  # panned
    page.goto(base + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    page.locator(".leaflet-tooltip.label", has_text="Port Lissa").wait_for()
    page.evaluate("document.querySelectorAll('.leaflet-tooltip.label').forEach(e => e.style.pointerEvents = 'none')")
    marker = page.locator("path.place-marker").first  # the most claimed place is drawn first
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.locator("li a").first.wait_for()
    time.sleep(0.5)  # the popup fades in and pans into view
    text = popup.inner_text()
    pbox, mbox = popup.bounding_box(), m.bounding_box()
    assert pbox["y"] >= mbox["y"] and pbox["width"] >= 200  # inside the map, not cut off at its top
    assert "Port Lissa" in text and "claim(s) here" in text
    assert popup.locator("a[href^='/claims/']").count() >= 1
    assert popup.locator("a[href='/incidents/I1']").count() == 1
    shot(page, "map-popup")
    hosts = {urlsplit(u).hostname for u in page.requests if not u.startswith(("data:", "about:"))}
    assert hosts == {"127.0.0.1"}  # no CDN, no tiles
