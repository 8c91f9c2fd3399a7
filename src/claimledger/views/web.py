"""The web UI and JSON API: FastAPI + Jinja2, read-only, no external requests.

Every page has three addresses, as in datasette: ``/claims`` (HTML), ``/claims.json``
and ``/api/claims`` (the same data as JSON). Each route calls one data function of
:mod:`claimledger.views.pages`; the HTML template and the JSON get the same dict.

Safety, because the articles are hostile input:

- the ledger is opened read-only (``mode=ro``), one connection per request, inside one
  read transaction so a page never mixes two versions of the ledger;
- Jinja autoescape is on for every template; article text is never marked safe;
- a strict Content-Security-Policy allows nothing but this origin's stylesheet and
  images, and no script at all;
- preserved originals are served by document id only (looked up in the database, never
  a file path), as ``text/plain`` with ``nosniff`` and a sandboxing CSP;
- request bodies and over-long URLs are refused before any route runs.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger.errors import StoreError
from claimledger.records import CLAIM_KINDS, ENTITY_TYPES, MEASURES
from claimledger.store import open_ledger
from claimledger.views import downloads, geo, linked, pages
from claimledger.views import timeline as charts
from claimledger.views.report import template_env

log = logging.getLogger(__name__)

MAX_URL_CHARS = 4096
MAX_BODY_BYTES = 16 * 1024
# scripts only from this origin (the map's Leaflet and map.js): no inline script, so an article's <script> never runs
CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
ORIGINAL_CSP = "default-src 'none'; sandbox"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,128}$")  # document and claim ids: hex digits, ':', '-', '_', '.'

# the values a query parameter takes, for the API page and the error page of a bad request
MEASURE_VALUES = (*MEASURES, *(k for k in CLAIM_KINDS if k != "quantity"))  # a kind without a measure stands in
ALLOWED: dict[str, tuple[str, ...] | str] = {
    "measure": MEASURE_VALUES, "kind": CLAIM_KINDS, "sort": tuple(pages.SORTS), "type": ENTITY_TYPES,
    "desc": ("true", "false"), "all": ("true", "false"),
    "page": "a whole number, 1 or more", "size": f"a whole number from 1 to {pages.MAX_PAGE_SIZE}",
    "scale": ("linear", "log"),
    "date_from": "a date, YYYY-MM-DD", "date_to": "a date, YYYY-MM-DD",
}


def _enum(name: str, default: str | None = None) -> Any:
    """A query parameter whose schema lists its values; the empty string (a form's 'any') is allowed too."""
    values = ALLOWED[name]
    return Query(default, json_schema_extra={"enum": list(values)}, description=f"one of: {', '.join(values)}")


class BadQuery(Exception):
    """Query parameters outside their allowed values: [(name, value given)]."""

    def __init__(self, bad: list[tuple[str, str]]):
        super().__init__(", ".join(n for n, _ in bad))
        self.bad = bad


def _check(**given: str | None) -> None:
    bad = [(k, v) for k, v in given.items() if v and v not in ALLOWED[k]]
    if bad:
        raise BadQuery(bad)


NAV = (("/", "Overview"), ("/claims", "Claims"), ("/timeline", "Timeline"), ("/map", "Map"),
       ("/entities", "Entities"), ("/documents", "Documents"), ("/incidents", "Incidents"), ("/docs", "API"))


class _IndexCache:
    """The parsed cross-document layer, rebuilt only when its stored fingerprint changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._index: pages.Index | None = None

    def get(self, stamp: str, load: Callable[[], pages.Index]) -> pages.Index:
        with self._lock:
            if self._index is None or stamp != self._stamp:
                self._index = load()
                self._stamp = stamp
            return self._index


def _host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" -> "::1"), lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.index("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def create_app(db_path: str, *, allowed_hosts: set[str] | None = None) -> FastAPI:
    """The read-only web application over the ledger at ``db_path``; with ``allowed_hosts``, a request whose
    Host header names another host is refused (DNS rebinding)."""
    cache = _IndexCache()
    hosts = {h.lower() for h in allowed_hosts} if allowed_hosts is not None else None

    def warm() -> None:
        try:
            with open_ledger(db_path, readonly=True) as ledger:
                cache.get(pages.resolution_stamp(ledger.conn), lambda: pages.build_index(ledger.load_resolution()))
        except StoreError as e:
            log.warning("cannot pre-load %s: %s", db_path, e)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # parse the cross-document layer while the server starts, not on the first visitor's request
        threading.Thread(target=warm, name="claimledger-warm", daemon=True).start()
        yield

    app = FastAPI(title="claimledger", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Read-only JSON API of a claims ledger. Every page is also at /PAGE.json.",
                  lifespan=lifespan)
    env = template_env()
    static_dir = resources.files("claimledger.views").joinpath("static")
    # Leaflet is installed from npm by `make js`; without it the map page keeps its static SVG
    leaflet = static_dir.joinpath("vendor/leaflet/leaflet.js").is_file()
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    @contextmanager
    def reader() -> Iterator[pages.Reader]:
        try:
            ledger = open_ledger(db_path, readonly=True)
        except StoreError as e:
            log.error("cannot open %s: %s", db_path, e)
            raise HTTPException(503, "the ledger cannot be opened") from e
        try:
            # one snapshot for the whole request, even while an ingest writes
            ledger.conn.execute("BEGIN")
            stamp = pages.resolution_stamp(ledger.conn)
            index = cache.get(stamp, lambda: pages.build_index(ledger.load_resolution()))
            yield pages.Reader(ledger, index)
        finally:
            ledger.conn.rollback()
            ledger.close()

    def wants_json(request: Request) -> bool:
        p = request.url.path
        return p.endswith((".json", ".csv")) or p.startswith("/api/")

    def download_url(request: Request) -> Callable[[str], str]:
        def url(fmt: str) -> str:
            params = {k: v for k, v in request.query_params.items() if v and k not in ("page", "size", "all")}
            if fmt == "json":
                params["all"] = "1"
            base = request.url.path.removesuffix(".json").removesuffix(".csv")
            return f"{base}.{fmt}" + ("?" + urlencode(params) if params else "")
        return url

    def page_url(request: Request) -> Callable[..., str]:
        def url(**changes: Any) -> str:
            params = {k: v for k, v in request.query_params.items() if v}
            for k, v in changes.items():
                if v is None or v == "":
                    params.pop(k, None)
                else:
                    params[k] = str(v)
            base = request.url.path.removesuffix(".json")
            return base + ("?" + urlencode(params) if params else "")
        return url

    def respond(request: Request, template: str, data: dict[str, Any], title: str) -> Response:
        if wants_json(request):
            return JSONResponse(data)
        html = env.get_template(template).render(
            **data, title=title, nav=NAV, path=request.url.path, url=page_url(request), web=True,
            download=download_url(request),
            json_url=_json_url(request))
        return HTMLResponse(html)

    def listing(request: Request, table: str, template: str, title: str, every: bool, page: int, size: int,
                fetch: Callable[[pages.Reader, int, int], dict[str, Any]]) -> Response:
        """A table's page, or (``.csv``, ``?all=1``) every row of its filter, in the same order."""
        as_csv = request.url.path.endswith(".csv")
        with reader() as r:
            def one(page: int, size: int) -> dict[str, Any]:
                return fetch(r, page, size)
            data = downloads.every_row(table, one) if (as_csv or every) else one(page, size)
        if as_csv:
            return Response(downloads.table_csv(table, data), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{table}.csv"'})
        return respond(request, template, data, title)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Any]) -> Response:
        if hosts is not None and _host_name(request.headers.get("host", "")) not in hosts:
            resp: Response = Response("unknown Host header\n", status_code=400, media_type="text/plain")
        elif len(str(request.url)) > MAX_URL_CHARS:
            resp = Response("URL too long\n", status_code=414, media_type="text/plain")
        elif int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES \
                or request.headers.get("transfer-encoding"):
            # the API only reads: nothing it serves needs a request body
            resp = Response("request body too large\n", status_code=413, media_type="text/plain")
        else:
            resp = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    def route(paths: list[str], fn: Callable[..., Response], summary: str) -> None:
        for p in paths:
            # one route each in the schema (the /api/ one); the HTML, .json and .csv addresses say so there
            twins = [x for x in paths if not x.startswith("/api/")]
            app.add_api_route(p, fn, methods=["GET"], summary=summary, include_in_schema=p.startswith("/api/"),
                              response_class=Response, description="Also at " + ", ".join(twins) + "." if twins
                              else None)

    def overview(request: Request) -> Response:
        with reader() as r:
            return respond(request, "overview.html", pages.overview(r), "Overview")

    route(["/", "/index.json", "/api/overview"], overview, "Corpus counts, most reported claims, contradictions")

    def claims(request: Request, measure: str | None = _enum("measure"), group: str | None = None,
               place: str | None = None, source: str | None = None, outlet: str | None = None,
               kind: str | None = _enum("kind"), date_from: str | None = None, date_to: str | None = None,
               q: str | None = None, sort: str = _enum("sort", "date"), desc: bool = False,
               page: int = Query(1, ge=1, le=10_000_000),
               size: int = Query(pages.PAGE_SIZE, ge=1, le=pages.MAX_PAGE_SIZE), all: bool = False) -> Response:
        _check(measure=measure, kind=kind, sort=sort)
        filters = {"measure": measure, "group": group, "place": place, "source": source, "outlet": outlet,
                   "kind": kind, "date_from": date_from, "date_to": date_to, "q": q}
        return listing(request, "claims", "claims.html", "Claims", all, page, size,
                       lambda r, page, size: pages.claims_page(r, filters, page=page, size=size, sort=sort,
                                                               desc=desc))

    route(["/claims.json", "/claims.csv", "/claims", "/api/claims"], claims, "Claims, filtered and paginated")

    def claim(request: Request, claim_id: str) -> Response:
        with reader() as r:
            data = pages.claim_page(r, claim_id) if _ID.match(claim_id) else None
        if data is None:
            raise HTTPException(404, "no such claim")
        c = data["claim"]
        return respond(request, "claim.html", data, f"“{c['text'] or c['kind']}”" +
                       (f" — {c['attributed_name']}" if c.get("attributed_name") else ""))

    route(["/claims/{claim_id}.json", "/claims/{claim_id}", "/api/claims/{claim_id}"], claim,
          "One claim with its sentence, document, speaker, cluster and conflicts")

    def timeline(request: Request, measure: str | None = _enum("measure"), place: str | None = None,
                 scale: str = _enum("scale", "linear")) -> Response:
        _check(measure=measure, scale=scale)
        with reader() as r:
            data = charts.timeline_page(r, measure, place, scale=scale)
        return respond(request, "timeline.html", data, "Timeline")

    route(["/timeline.json", "/timeline", "/api/timeline"], timeline, "Figures for a measure and place over time")

    def world(request: Request) -> Response:
        with reader() as r:
            data = geo.map_page(r)
        if not wants_json(request):
            data = {**data, "countries": geo.world_paths(), "interactive": leaflet}
        return respond(request, "map.html", data, "Map")

    def countries(request: Request) -> Response:
        return JSONResponse(geo.countries_geojson(), headers={"Cache-Control": "max-age=86400"})

    app.add_api_route("/map/countries.json", countries, methods=["GET"], response_class=Response,
                      summary="The bundled country outlines (Natural Earth 1:110m) as GeoJSON")

    route(["/map.json", "/map", "/api/map"], world, "Places and incidents with coordinates")

    def entities(request: Request, type: str | None = _enum("type"), q: str | None = None,
                 page: int = Query(1, ge=1, le=10_000_000),
                 size: int = Query(pages.PAGE_SIZE, ge=1, le=pages.MAX_PAGE_SIZE), all: bool = False) -> Response:
        _check(type=type)
        return listing(request, "entities", "entities.html", "Entities", all, page, size,
                       lambda r, page, size: pages.entities_page(r, type=type, q=q, page=page, size=size))

    route(["/entities.json", "/entities.csv", "/entities", "/api/entities"], entities, "Entities with every alias")

    def documents(request: Request, outlet: str | None = None, page: int = Query(1, ge=1, le=10_000_000),
                  size: int = Query(pages.PAGE_SIZE, ge=1, le=pages.MAX_PAGE_SIZE), all: bool = False) -> Response:
        return listing(request, "documents", "documents.html", "Documents", all, page, size,
                       lambda r, page, size: pages.documents_page(r, outlet=outlet, page=page, size=size))

    route(["/documents.json", "/documents.csv", "/documents", "/api/documents"], documents,
          "Documents with hashes and duplicates")

    def original(doc_id: str) -> Response:
        # looked up by id in the database only: there is no file path to traverse
        if not _ID.match(doc_id):
            raise HTTPException(404, "no such document")
        with reader() as r:
            doc = r.ledger.document(doc_id, with_raw=True)
        if doc is None:
            raise HTTPException(404, "no such document")
        try:
            doc.raw.decode("utf-8")
            ctype = "text/plain; charset=utf-8"
        except UnicodeDecodeError:
            ctype = "text/plain"
        return Response(doc.raw, media_type=ctype, headers={
            "Content-Security-Policy": ORIGINAL_CSP, "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'inline; filename="{doc.id}.txt"', "X-Content-SHA256": doc.sha256})

    app.add_api_route("/documents/{doc_id}/original", original, methods=["GET"], response_class=Response,
                      summary="The preserved original bytes of a document, as plain text")

    def document(request: Request, doc_id: str) -> Response:
        with reader() as r:
            data = pages.document_page(r, doc_id) if _ID.match(doc_id) else None
        if data is None:
            raise HTTPException(404, "no such document")
        return respond(request, "document.html", data, data["document"]["doc_name"])

    route(["/documents/{doc_id}.json", "/documents/{doc_id}", "/api/documents/{doc_id}"], document,
          "One document with its claims and statements")

    def incidents(request: Request, page: int = Query(1, ge=1, le=10_000_000),
                  size: int = Query(pages.PAGE_SIZE, ge=1, le=pages.MAX_PAGE_SIZE), all: bool = False) -> Response:
        return listing(request, "incidents", "incidents.html", "Incidents", all, page, size,
                       lambda r, page, size: pages.incidents_page(r, page=page, size=size))

    route(["/incidents.json", "/incidents.csv", "/incidents", "/api/incidents"], incidents,
          "Incidents with min, max and best counts")

    def one(kind: str, fn: Callable[[pages.Reader, str], dict[str, Any] | None], template: str,
            title: Callable[[dict[str, Any]], str]) -> Callable[..., Response]:
        def view(request: Request, key: str) -> Response:
            with reader() as r:
                data = fn(r, key) if len(key) <= pages.MAX_FILTER_CHARS else None
            if data is None:
                raise HTTPException(404, f"no such {kind}")
            return respond(request, template, data, title(data))
        return view

    for base, kind, fn, template, title in (
        ("entities", "entity", linked.entity_page, "entity.html", lambda d: d["entity"]["name"]),
        ("places", "place", linked.entity_page, "entity.html", lambda d: d["entity"]["name"]),
        ("outlets", "outlet", linked.outlet_page, "outlet.html", lambda d: d["outlet"]),
        ("clusters", "cluster", linked.cluster_page, "cluster.html", lambda d: f"Cluster: {d['cluster']['figure']} "
         f"{d['cluster']['measure'] or ''} {d['cluster']['group'] or ''}"),
        ("incidents", "incident", linked.incident_page, "incident.html", lambda d: f"Incident: {d['incident']['type']} "
         f"{d['incident']['place_name'] or ''} {d['incident']['date'] or ''}"),
    ):
        # an outlet's name may hold a '/' (its %2F arrives decoded): match the rest of the path
        key = "{key:path}" if base == "outlets" else "{key}"
        route([f"/{base}/{key}.json", f"/{base}/{key}", f"/api/{base}/{key}"], one(kind, fn, template, title),
              f"One {kind}, with the claims that link to it")

    def docs(request: Request) -> Response:
        schema = app.openapi()
        endpoints = []
        for path, ops in schema.get("paths", {}).items():
            for method, op in ops.items():
                params = []
                for prm in op.get("parameters", []):
                    sch = prm.get("schema", {})
                    enum = sch.get("enum") or next((a["enum"] for a in sch.get("anyOf", []) if "enum" in a), None)
                    allowed = ALLOWED.get(prm["name"])
                    params.append({"name": prm["name"], "in": prm.get("in"), "enum": enum,
                                   "note": allowed if isinstance(allowed, str) else
                                   (" or ".join(allowed) if allowed and not enum else None)})
                endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                                  "also": op.get("description") or "", "params": params})
        return respond(request, "docs.html", {"endpoints": endpoints}, "API")

    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False, response_class=Response)

    def bad_request(request: Request, bad: list[tuple[str, str]]) -> Response:
        rows = [{"parameter": n, "given": v, "allowed": list(a) if isinstance(a := ALLOWED.get(n, ""), tuple) else a}
                for n, v in bad]
        if wants_json(request):
            return JSONResponse({"error": "bad query parameter", "parameters": rows}, status_code=422)
        html = env.get_template("error.html").render(
            title="Bad request", nav=NAV, path="", web=True, status=422, json_url=None, bad=rows,
            detail="Some of this address's parameters are outside the values this page takes.",
            back=request.url.path)
        return HTMLResponse(html, status_code=422)

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery) -> Response:
        return bad_request(request, exc.bad)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        bad = []
        for e in exc.errors():
            name = str(e.get("loc", ("", "?"))[-1])
            bad.append((name, str(request.query_params.get(name, e.get("input", "")))))
        return bad_request(request, bad)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        html = env.get_template("error.html").render(title=f"{exc.status_code}", nav=NAV, path="", web=True,
                                                     status=exc.status_code, detail=exc.detail, json_url=None)
        return HTMLResponse(html, status_code=exc.status_code)

    return app


def _json_url(request: Request) -> str | None:
    p = request.url.path
    if p.startswith(("/api/", "/static")) or p == "/docs":
        return None
    base = "/index" if p == "/" else p
    return base + ".json" + (("?" + request.url.query) if request.url.query else "")
