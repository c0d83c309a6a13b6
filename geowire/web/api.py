"""The HTTP API and the web page, one FastAPI app over the library.

    geowire serve --db geowire.db            # http://127.0.0.1:8000/ (web page), /docs (OpenAPI)

Every list endpoint takes the filters of the matching `geowire.kb.query`
function plus `limit` (1-500) and `offset` (0-1,000,000), and answers
`{"items": [...], "total": n, "limit": n, "offset": n}`: the rows of that
function, lists as JSON arrays and flags as booleans (`geowire.kb.query.records`).

What holds it up under load and hostile input:

- Reads borrow a connection from a bounded pool of read-only SQLite connections
  (`geowire.kb.store.StorePool`, WAL readers, a busy timeout), used from a worker
  thread, never from the event loop; every query runs under a time budget (SQLite's
  progress handler) and is interrupted when the client goes away.
- `POST /v1/analyze` is off unless the server was started with `allow_analyze`
  (`geowire serve --allow-analyze`), needs `Authorization: Bearer <token>` when a
  token is set, runs at most `max_analyses` pipelines at once (more: 503 with
  Retry-After) in their own threads, and answers 503 past `analyze_seconds`.
- Requests must name an allowed host (loopback by default: a DNS-rebinding page
  cannot reach the API), bodies are cut off while they stream in (413), and every
  response carries a Content-Security-Policy and the other security headers.
- Error details are one line and never name the store's file.
"""
from __future__ import annotations

import asyncio
import csv
import hmac
import importlib.util
import io
import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Callable, Literal, Optional, Sequence

import anyio
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geowire import __version__
from geowire.kb import query
from geowire.kb.store import PoolBusy, QueryAborted, Store, StoreError, StorePool
from geowire.model import ActorKind, AgreementStatus, AttributionConfidence, AttributionKind, QuoteKind, RawDocument
from geowire.read.registry import TEXT_CONTENT_TYPES
from geowire.read.urls import safe_url
from geowire.settings import settings

LOGGER = logging.getLogger(__name__)
WEB = Path(__file__).parent / "static"

# Hosts a request may name by default: loopback only. A page on evil.example whose name is made to
# resolve to 127.0.0.1 (DNS rebinding) still sends `Host: evil.example`, and is refused.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
MAX_OFFSET = 1_000_000
MAX_QUERY_CHARS = 2000
READ_METHODS = ("GET", "HEAD", "OPTIONS")

# The page's own script and style only; no inline script, no framing, no plugins.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI and ReDoc set inline styles and ReDoc starts a worker from a blob: still no inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            " connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none';"
            " form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin")]


class AnalyzeRequest(BaseModel):
    """A page to analyse. Unknown keys are refused (a typo must not be silently ignored)."""
    model_config = ConfigDict(extra="forbid")

    text: Optional[str] = Field(None, description="A page as text: a dump with its chrome, or plain article text.")
    html: Optional[str] = Field(None, description="A page as HTML.")
    url: Optional[str] = Field(None, description="Where the page is from: an absolute http(s) URL.")
    input_format: Literal["auto", "dump", "plain"] = Field("auto", description="For text: how to read it.")
    store: bool = Field(False, description="Also store the dossier in the knowledge base.")


MAX_EXPORT = 50_000  # rows of a CSV export at most


def _csv_cell(value) -> str:
    """A cell of a CSV export: actors by name, lists joined with "; ", flags as true/false; a text that a
    spreadsheet would run as a formula (=, +, -, @) gets a leading quote (CSV injection)."""
    if isinstance(value, list):
        value = "; ".join((v.get("name") or v.get("id") or json.dumps(v, ensure_ascii=False)) if isinstance(v, dict)
                          else str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif value is None:
        value = ""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?[\d.]+", value) else value


def csv_response(rows: list[dict], name: str) -> Response:
    """Rows as a CSV file to download."""
    out = io.StringIO()
    writer = csv.writer(out)
    if rows:
        writer.writerow(list(rows[0]))
        writer.writerows([_csv_cell(v) for v in row.values()] for row in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="geowire-{name}.csv"'})


# The rows of a query as JSON: lists as arrays, flags as booleans, the same dicts `geowire … --format json` prints.
_records = query.records


class SecurityHeaders:
    """Adds the security headers to every response, errors included (a pure ASGI wrapper, outermost)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        docs = scope.get("path", "") in ("/docs", "/redoc")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {b"content-security-policy", *(h for h, _ in SECURITY_HEADERS)}]
                headers += [(b"content-security-policy", (DOCS_CSP if docs else CSP).encode()), *SECURITY_HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class WriteGuard:
    """Refuses writes before their body is read: 403 when the server is read-only, 401 without the
    token (`Authorization: Bearer …`, compared in constant time) when one is set."""

    def __init__(self, app: ASGIApp, allow: bool, token: Optional[str]):
        self.app, self.allow, self.token = app, allow, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            return await self.app(scope, receive, send)
        if not self.allow:
            response = JSONResponse({"detail": "this server is read-only: start it with"
                                               " `geowire serve --allow-analyze` to analyse pages"}, 403)
        elif self.token and not self._authorised(scope):
            response = JSONResponse({"detail": "give the server's token as `Authorization: Bearer <token>`"},
                                    401, headers={"WWW-Authenticate": "Bearer"})
        else:
            return await self.app(scope, receive, send)
        await response(scope, receive, send)

    def _authorised(self, scope: Scope) -> bool:
        auth = dict(scope.get("headers", [])).get(b"authorization", b"").decode("latin-1")
        scheme, _, given = auth.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())


def _docs_assets() -> Optional[Path]:
    """Swagger UI's and ReDoc's files, as the fastapi-offline package ships them (so /docs works offline)."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        return None
    static = Path(list(spec.submodule_search_locations)[0]) / "static"
    return static if (static / "swagger-ui-bundle.js").is_file() else None


def create_app(db: str | Path, allow_analyze: bool = False, token: Optional[str] = None,
               allowed_hosts: Optional[Sequence[str]] = None, pool_size: Optional[int] = None,
               query_seconds: Optional[float] = None, analyze_seconds: Optional[float] = None,
               max_analyses: Optional[int] = None) -> FastAPI:
    """The app over the store at `db`.

    allow_analyze: accept POST /v1/analyze (else 403); token: then required for it as a Bearer token;
    allowed_hosts: the names a request's Host may give (default: loopback names); pool_size: open
    read connections at most; query_seconds: the budget of one query; analyze_seconds: of one analysis;
    max_analyses: analyses at once. The last four default to the settings api_connections,
    api_query_seconds, api_analyze_seconds and api_analyses (geowire.settings)."""
    limits = settings()
    pool_size = pool_size or limits.api_connections
    query_seconds = query_seconds or limits.api_query_seconds
    analyze_seconds = analyze_seconds or limits.api_analyze_seconds
    max_analyses = max_analyses or limits.api_analyses
    db = Path(db)
    pool = StorePool(db, size=pool_size)
    pipeline_lock = threading.Lock()
    state: dict = {}
    analyze_slots = threading.BoundedSemaphore(max_analyses)
    analyze_threads = ThreadPoolExecutor(max_workers=max_analyses, thread_name_prefix="geowire-analyze")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()  # the connections lent out close as they come back
        analyze_threads.shutdown(wait=False, cancel_futures=True)

    body_cap = 2 * settings().max_analyze_bytes + 64 * 1024  # the page, JSON-escaped, and its fields
    app = FastAPI(title="geowire", version=__version__, docs_url=None, redoc_url=None, max_body_size=body_cap,
                  lifespan=lifespan, description="International-affairs news as a sourced, structured record.")
    hidden = sorted({str(db), str(db.resolve()), str(db.resolve().parent), str(db.parent)} - {"", "."},
                    key=len, reverse=True)

    def scrub(message: str) -> str:
        """One line, without the store's path (nor any other absolute path)."""
        for path in hidden:
            message = message.replace(f" in {path}", "").replace(path, "<store>")
        message = re.sub(r"(?<![\w.:/])/(?:[\w.-]+/)+[\w.-]*", "<path>", message)  # not a URL's path
        return " ".join(message.split())

    app.add_middleware(WriteGuard, allow=allow_analyze, token=token or None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or LOOPBACK_HOSTS))
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeaders(build())  # outside even the 500 and 413 responders

    # ---- errors: one line, the right status, no paths ------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = scrub(exc.detail) if isinstance(exc.detail, str) else exc.detail
        return JSONResponse({"detail": detail}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", ())), "msg": scrub(str(e.get("msg", ""))), "type": e.get("type")}
                  for e in exc.errors()]
        return JSONResponse({"detail": errors}, 422)

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return JSONResponse({"detail": scrub(str(exc))}, 422)

    @app.exception_handler(PoolBusy)
    async def busy(request: Request, exc: PoolBusy):
        return JSONResponse({"detail": f"the server is busy: {exc}; try again"}, 503, headers={"Retry-After": "2"})

    @app.exception_handler(QueryAborted)
    async def aborted(request: Request, exc: QueryAborted):
        return JSONResponse({"detail": str(exc)}, 499 if exc.cancelled else 503, headers={"Retry-After": "5"})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return JSONResponse({"detail": scrub(str(exc))}, 503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        LOGGER.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": "internal error (the server's log has the details)"}, 500)

    # ---- reads: a pooled connection, in a worker thread, under a time budget ---------------------

    async def read(request: Request, ask: Callable[[Store], object]):
        """`ask(store)` in a worker thread on a pooled connection, within `query_seconds`; stopped
        (SQLite interrupted) as soon as the client disconnects."""
        cancelled = threading.Event()

        def work():
            with pool.store() as s, s.limited(query_seconds, cancelled):
                return ask(s)

        if "readers" not in state:  # made in the loop it serves
            state["readers"] = anyio.CapacityLimiter(pool_size)
        # at most pool_size threads at once: the others wait in the loop, in order, not on the GIL
        task = asyncio.ensure_future(anyio.to_thread.run_sync(work, limiter=state["readers"]))
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=0.25)
                if done:
                    return task.result()
                if await request.is_disconnected():
                    cancelled.set()
        finally:
            if not task.done():  # this request was cancelled: stop the query, its thread gives the connection back
                cancelled.set()
                task.add_done_callback(lambda t: t.cancelled() or t.exception())  # nobody waits for it now

    def page(frame, total: int, limit: int, offset: int) -> dict:
        return {"items": _records(frame), "total": total, "limit": limit, "offset": offset}

    def listing(name: str, fn, limit: int, offset: int, **filters):
        """A list endpoint's answer: the page of rows and the total, on one connection."""
        return lambda s: page(fn(s, limit=limit, offset=offset, **filters), query.total(s, name, **filters),
                              limit, offset)

    # A fresh Query per parameter: FastAPI binds a Query object to the parameter it first serves,
    # so one object shared by two parameters (actor and country) loses the second.
    def Limit():  # noqa: N802
        return Query(50, ge=1, le=500, description="At most this many items.")

    def Offset():  # noqa: N802
        return Query(0, ge=0, le=MAX_OFFSET, description="Skip this many items first.")

    def Text():  # noqa: N802
        return Query(None, max_length=MAX_QUERY_CHARS, description="Text the record contains (any case).")

    def Name():  # noqa: N802
        return Query(None, max_length=200)

    def Country():  # noqa: N802
        return Query(None, max_length=20, description="A PLOVER country code: RUS, USA, …")

    # ---- the endpoints -------------------------------------------------------------------------

    @app.post("/v1/analyze", summary="Analyse a page and return its dossier",
              description="Only when the server runs with `--allow-analyze`; with a token, send it as "
                          "`Authorization: Bearer <token>`. One analysis at a time: 503 with Retry-After when busy.")
    async def analyze(req: AnalyzeRequest) -> dict:
        content = req.html if req.html is not None else req.text
        if not content or not content.strip():
            raise HTTPException(422, "give the page as `text` or `html`, not empty")
        if len(content.encode("utf-8", "surrogatepass")) > (cap := settings().max_analyze_bytes):
            raise HTTPException(413, f"page too large: at most {cap} bytes")
        url = None
        if req.url is not None:
            url = safe_url(req.url)  # the page links to it: javascript:, data: and file: URLs are refused
            if url is None:
                raise HTTPException(422, "`url` must be an absolute http or https URL")
        kind = "text/html" if req.html is not None else TEXT_CONTENT_TYPES[req.input_format]
        raw = RawDocument(content=content, url=url, source_path=url or "<posted>", content_type=kind)
        if not analyze_slots.acquire(blocking=False):
            raise HTTPException(503, f"busy: {max_analyses} analys{'is' if max_analyses == 1 else 'es'} already"
                                     " running; try again later", headers={"Retry-After": "10"})

        def job():
            try:
                from geowire.pipeline import Failure, Pipeline

                with pipeline_lock:
                    if "pipeline" not in state:
                        state["pipeline"] = Pipeline()
                    (result,) = state["pipeline"].analyze([raw])
                if not isinstance(result, Failure) and req.store:
                    with Store(db) as s:
                        s.save(result)
                return result
            finally:
                analyze_slots.release()  # when the work ends, not when the client stops waiting

        future = asyncio.get_running_loop().run_in_executor(analyze_threads, job)
        try:
            result = await asyncio.wait_for(asyncio.shield(future), analyze_seconds)
        except asyncio.TimeoutError:
            raise HTTPException(503, f"the analysis took longer than {analyze_seconds:g} s: send a shorter page",
                                headers={"Retry-After": "30"}) from None
        from geowire.pipeline import Failure

        if isinstance(result, Failure):
            raise HTTPException(422, result.message)
        return result.to_dict()

    @app.get("/v1/documents", summary="Stored documents")
    async def documents(request: Request, kind: Optional[Literal["article", "teaser"]] = None,
                        text: Optional[str] = Text(), limit: int = Limit(), offset: int = Offset()) -> dict:
        return await read(request, listing("documents", query.documents, limit, offset, kind=kind, text=text))

    @app.get("/v1/documents/{doc_id}", summary="The dossier of one document (id or unique prefix)")
    async def document(request: Request, doc_id: str) -> dict:
        def ask(s: Store) -> dict:
            try:
                dossier = s.dossier(doc_id[:64])
            except KeyError as err:
                raise HTTPException(404, err.args[0])
            data = dossier.to_dict()
            data["pages"] = [r[0] for r in s.conn.execute("SELECT page_id FROM related WHERE teaser_id = ?",
                                                          (dossier.document.id,))]
            data["near_duplicates"] = [dict(r) for r in s.conn.execute(
                "SELECT other_id AS id, similarity FROM near_duplicates WHERE document_id = ?"
                " UNION SELECT document_id, similarity FROM near_duplicates WHERE other_id = ?",
                (dossier.document.id, dossier.document.id))]
            return data

        return await read(request, ask)

    @app.get("/v1/events", summary="Events merged across documents")
    async def events(request: Request, actor: Optional[str] = Name(), country: Optional[str] = Name(),
                     type: Optional[str] = Query(None, description="A PLOVER type: " + ", ".join(query.EVENT_TYPES)),
                     since: Optional[str] = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
                     until: Optional[str] = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
                     text: Optional[str] = Text(), limit: int = Limit(), offset: int = Offset()) -> dict:
        query.check_type(type), query.check_date(since, "since"), query.check_date(until, "until")  # 422 early
        return await read(request, listing("events", query.events, limit, offset, actor=actor, country=country,
                                           type=type, since=since, until=until, text=text))

    @app.get("/v1/actors", summary="Actors, most mentioned first")
    async def actors(request: Request, text: Optional[str] = Text(), country: Optional[str] = Name(),
                     kind: Optional[ActorKind] = None, limit: int = Limit(), offset: int = Offset()) -> dict:
        return await read(request, listing("actors", query.actors, limit, offset, text=text, country=country,
                                           kind=kind))

    @app.get("/v1/actors/{actor_id}", summary="One actor with its events, quotes, agreements and attributions")
    async def actor(request: Request, actor_id: str) -> dict:
        def ask(s: Store) -> dict:
            row = s.conn.execute("SELECT id FROM actors WHERE id = ?", (actor_id,)).fetchone()
            if row is None:
                raise HTTPException(404, f"no actor {actor_id[:200]}")
            found = _records(query.actors(s, text=actor_id))
            return {
                "actor": next(a for a in found if a["id"] == actor_id),
                "events": _records(query.events(s, actor=actor_id, limit=500)),
                "quotes": _records(query.quotes(s, speaker=actor_id, limit=500)),
                "agreements": _records(query.agreements(s, actor=actor_id, limit=500)),
                "attributions": _records(query.attributions(s, actor=actor_id, limit=500)),
                "documents": [dict(r) for r in s.conn.execute(
                    "SELECT DISTINCT d.id, d.kind, d.title, d.date FROM mentions m JOIN documents d"
                    " ON d.id = m.document_id WHERE m.actor_id = ? ORDER BY d.date, d.id LIMIT 500", (actor_id,))],
            }

        return await read(request, ask)

    @app.get("/v1/agreements", summary="The register of agreements")
    async def agreements(request: Request, actor: Optional[str] = Name(), text: Optional[str] = Text(),
                         status: Optional[AgreementStatus] = None, kind: Optional[str] = Name(),
                         party_country: Optional[str] = Country(),
                         sort: Literal[tuple(query.AGREEMENT_SORTS)] = Query("id", description="The column to sort on."),
                         order: Literal["asc", "desc"] = "asc", limit: int = Limit(), offset: int = Offset()) -> dict:
        return await read(request, listing("agreements", query.agreements, limit, offset, actor=actor, text=text,
                                           status=status, kind=kind, party_country=party_country, sort=sort,
                                           order=order))

    @app.get("/v1/attributions", summary="The register of attributions")
    async def attributions(request: Request, actor: Optional[str] = Name(), text: Optional[str] = Text(),
                           kind: Optional[AttributionKind] = None, confidence: Optional[AttributionConfidence] = None,
                           operator_country: Optional[str] = Country(), sponsor_country: Optional[str] = Country(),
                           target_country: Optional[str] = Country(),
                           sort: Literal[tuple(query.ATTRIBUTION_SORTS)] = Query("id", description="The column to sort on."),
                           order: Literal["asc", "desc"] = "asc", limit: int = Limit(), offset: int = Offset()) -> dict:
        return await read(request, listing("attributions", query.attributions, limit, offset, actor=actor,
                                           text=text, kind=kind, confidence=confidence,
                                           operator_country=operator_country, sponsor_country=sponsor_country,
                                           target_country=target_country, sort=sort, order=order))

    @app.get("/v1/quotes", summary="Quotes with their speakers")
    async def quotes(request: Request, speaker: Optional[str] = Name(), text: Optional[str] = Text(),
                     kind: Optional[QuoteKind] = None,
                     limit: int = Limit(), offset: int = Offset()) -> dict:
        return await read(request, listing("quotes", query.quotes, limit, offset, speaker=speaker, text=text,
                                           kind=kind))

    @app.get("/v1/search", summary="Full-text search over titles and bodies",
             description="Any text: words and \"phrases\", all required, matched as written (`U.S.`, `al-Tanf`). "
                         "`advanced=true`: SQLite FTS5 syntax (OR, NOT, NEAR, prefix*; a syntax error is a 422). "
                         "Each item has `snippet` (text) and `fragments`: `[text, matched]` pairs of the snippet.")
    async def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY_CHARS),
                     advanced: bool = False, limit: int = Limit(), offset: int = Offset()) -> dict:
        def ask(s: Store) -> dict:
            frame = query.search(s, q, limit=limit, offset=offset, advanced=advanced)
            return page(frame, query.total(s, "search", query=q, advanced=advanced), limit, offset)

        return await read(request, ask)

    @app.get("/v1/graph", summary="The actor network: actors as nodes, merged events as edges")
    async def graph(request: Request) -> dict:
        from geowire.output.export import actor_graph

        def ask(s: Store) -> dict:
            g = actor_graph(s)
            return {"nodes": [{"id": n, **attrs} for n, attrs in g.nodes(data=True)],
                    "edges": [{"source": a, "target": b, **attrs} for a, b, attrs in g.edges(data=True)]}

        return await read(request, ask)

    # ---- the web page's aggregates: dashboard, sortable tables with facets and export, network ----

    # A fresh Query per parameter: FastAPI merges parameters of one endpoint that share a Query object.
    def Sort():  # noqa: N802 (read as the Query constants above)
        return Query(None, max_length=20, description="The column to sort on.")

    def Order():  # noqa: N802
        return Query(None, pattern="^(asc|desc)$", description="asc or desc.")

    def Format():  # noqa: N802
        return Query("json", pattern="^(json|csv)$",
                     description="json: a page of items; csv: every row of the filter (at most 50,000), as a file.")

    def Flag():  # noqa: N802
        return Query(None, description="true: only those; false: only the others.")

    def Period():  # noqa: N802
        return Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD")

    def event_facets(type, mode, country, actor, actor_kind, since, until, negated, hypothetical, publisher,
                     doc_kind, text, actor_id=None) -> dict:
        query.check_type(type), query.check_date(since, "since"), query.check_date(until, "until")  # 422 early
        return {"type": type, "mode": mode, "country": country, "actor": actor, "actor_kind": actor_kind,
                "since": since, "until": until, "negated": negated, "hypothetical": hypothetical,
                "publisher": publisher, "doc_kind": doc_kind, "text": text, "actor_id": actor_id}

    def table_answer(rows_total, limit: int, offset: int, fmt: str, name: str):
        rows, total = rows_total
        if fmt == "csv":
            return csv_response(rows, name)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    @app.get("/v1/stats", summary="The dashboard: counts, top actors and countries, latest agreements and attributions")
    async def stats(request: Request, top: int = Query(10, ge=1, le=50)) -> dict:
        def ask(s: Store) -> dict:
            counts = query.stats(s)
            latest = lambda fn, n: _records(fn(s, offset=max(0, n - 5), limit=5))[::-1]  # noqa: E731 (in id order)
            agreements_ = latest(query.agreements, counts["agreements"])
            attributions_ = latest(query.attributions, counts["attributions"])
            ids = {x for a in agreements_ for x in a["parties"]} | {
                x for a in attributions_ for k in ("operator", "sponsor", "target", "attributed_by") for x in a[k]}
            return {"counts": counts, "top_actors": query.top_actors(s, top),
                    "countries": query.event_countries(s)[:top], "agreements": agreements_,
                    "attributions": attributions_, "names": query.actor_names(s, sorted(ids))}

        return await read(request, ask)

    @app.get("/v1/stats/events-over-time", summary="Merged events per period, by PLOVER type (or mode)")
    async def events_over_time(
            request: Request, by: Literal["type", "mode", "none"] = "type",
            bucket: Literal["year", "month", "day"] = "month", type: Optional[str] = None,
            mode: Optional[str] = Name(), country: Optional[str] = Name(), actor: Optional[str] = Name(),
            actor_kind: Optional[ActorKind] = None, since: Optional[str] = Period(), until: Optional[str] = Period(),
            negated: Optional[bool] = Flag(), hypothetical: Optional[bool] = Flag(), publisher: Optional[str] = Name(),
            doc_kind: Optional[Literal["article", "teaser"]] = None, text: Optional[str] = Text()) -> dict:
        facets = event_facets(type, mode, country, actor, actor_kind, since, until, negated, hypothetical,
                              publisher, doc_kind, text)
        return await read(request, lambda s: query.events_over_time(s, bucket=bucket, by=by, **facets))

    @app.get("/v1/stats/countries", summary="Merged events per country of their actors (for the map)")
    async def countries(
            request: Request, type: Optional[str] = None, mode: Optional[str] = Name(),
            since: Optional[str] = Period(), until: Optional[str] = Period(), negated: Optional[bool] = Flag(),
            hypothetical: Optional[bool] = Flag(), publisher: Optional[str] = Name(),
            doc_kind: Optional[Literal["article", "teaser"]] = None) -> dict:
        facets = event_facets(type, mode, None, None, None, since, until, negated, hypothetical, publisher,
                              doc_kind, None)
        return await read(request, lambda s: (lambda items: {"items": items, "total": len(items)})(
            query.event_countries(s, **facets)))

    @app.get("/v1/stats/facets", summary="The values each filter of the tables can take, with counts")
    async def facet_values(request: Request) -> dict:
        return await read(request, query.facets)

    @app.get("/v1/table/events", summary="Merged events, filtered by facets, sorted; actors with their names",
             description="`format=csv` answers every row of the filter as a CSV file.")
    async def event_table(
            request: Request, type: Optional[str] = None, mode: Optional[str] = Name(),
            country: Optional[str] = Name(), actor: Optional[str] = Name(), actor_kind: Optional[ActorKind] = None,
            since: Optional[str] = Period(), until: Optional[str] = Period(), negated: Optional[bool] = Flag(),
            hypothetical: Optional[bool] = Flag(), publisher: Optional[str] = Name(),
            doc_kind: Optional[Literal["article", "teaser"]] = None, text: Optional[str] = Text(),
            actor_id: Optional[str] = Query(None, max_length=200, description="Only this actor (its id)."),
            sort: Optional[Literal[tuple(query.EVENT_SORTS)]] = Sort(), order: Optional[str] = Order(),
            format: str = Format(), limit: int = Limit(), offset: int = Offset()):
        facets = event_facets(type, mode, country, actor, actor_kind, since, until, negated, hypothetical,
                              publisher, doc_kind, text, actor_id)
        limit_, offset_ = (MAX_EXPORT, 0) if format == "csv" else (limit, offset)
        rows = await read(request, lambda s: query.event_table(s, sort=sort or "date", order=order or "asc",
                                                               limit=limit_, offset=offset_, **facets))
        return table_answer(rows, limit, offset, format, "events")

    @app.get("/v1/table/actors", summary="Actors with their mentions, documents and events, sorted")
    async def actor_table(
            request: Request, text: Optional[str] = Text(), country: Optional[str] = Name(),
            kind: Optional[ActorKind] = None, sort: Optional[Literal[tuple(query.ACTOR_SORTS)]] = Sort(),
            order: Optional[str] = Order(), format: str = Format(), limit: int = Limit(), offset: int = Offset()):
        limit_, offset_ = (MAX_EXPORT, 0) if format == "csv" else (limit, offset)
        rows = await read(request, lambda s: query.actor_table(s, text=text, country=country, kind=kind,
                                                               sort=sort or "mentions", order=order or "desc",
                                                               limit=limit_, offset=offset_))
        return table_answer(rows, limit, offset, format, "actors")

    @app.get("/v1/table/documents", summary="Documents with their counts of events, actors and quotes, sorted")
    async def document_table(
            request: Request, kind: Optional[Literal["article", "teaser"]] = None, publisher: Optional[str] = Name(),
            since: Optional[str] = Period(), until: Optional[str] = Period(), text: Optional[str] = Text(),
            sort: Optional[Literal[tuple(query.DOCUMENT_SORTS)]] = Sort(), order: Optional[str] = Order(),
            format: str = Format(), limit: int = Limit(), offset: int = Offset()):
        query.check_date(since, "since"), query.check_date(until, "until")
        limit_, offset_ = (MAX_EXPORT, 0) if format == "csv" else (limit, offset)
        rows = await read(request, lambda s: query.document_table(
            s, kind=kind, publisher=publisher, since=since, until=until, text=text, sort=sort or "date",
            order=order or "desc", limit=limit_, offset=offset_))
        return table_answer(rows, limit, offset, format, "documents")

    @app.get("/v1/table/agreements", summary="The register of agreements, filtered, sorted; parties with their names",
             description="`format=csv` answers every row of the filter as a CSV file.")
    async def agreement_table(
            request: Request, actor: Optional[str] = Name(), text: Optional[str] = Text(),
            status: Optional[AgreementStatus] = None, kind: Optional[str] = Name(),
            party_country: Optional[str] = Country(), sort: Optional[Literal[tuple(query.AGREEMENT_SORTS)]] = Sort(),
            order: Optional[str] = Order(), format: str = Format(), limit: int = Limit(), offset: int = Offset()):
        limit_, offset_ = (MAX_EXPORT, 0) if format == "csv" else (limit, offset)
        rows = await read(request, lambda s: query.register_table(
            s, "agreements", sort=sort or "id", order=order or "desc", limit=limit_, offset=offset_, actor=actor,
            text=text, status=status, kind=kind, party_country=party_country))
        return table_answer(rows, limit, offset, format, "agreements")

    @app.get("/v1/table/attributions", summary="The register of attributions, filtered, sorted; actors with their names",
             description="`format=csv` answers every row of the filter as a CSV file.")
    async def attribution_table(
            request: Request, actor: Optional[str] = Name(), text: Optional[str] = Text(),
            kind: Optional[AttributionKind] = None, confidence: Optional[AttributionConfidence] = None,
            operator_country: Optional[str] = Country(), sponsor_country: Optional[str] = Country(),
            target_country: Optional[str] = Country(), sort: Optional[Literal[tuple(query.ATTRIBUTION_SORTS)]] = Sort(),
            order: Optional[str] = Order(), format: str = Format(), limit: int = Limit(), offset: int = Offset()):
        limit_, offset_ = (MAX_EXPORT, 0) if format == "csv" else (limit, offset)
        rows = await read(request, lambda s: query.register_table(
            s, "attributions", sort=sort or "id", order=order or "desc", limit=limit_, offset=offset_, actor=actor,
            text=text, kind=kind, confidence=confidence, operator_country=operator_country,
            sponsor_country=sponsor_country, target_country=target_country))
        return table_answer(rows, limit, offset, format, "attributions")

    @app.get("/v1/names", summary="Actors' names, kinds and countries by id")
    async def names(request: Request, id: list[str] = Query([], max_length=500)) -> dict:
        if len(id) > 500:
            raise HTTPException(422, "at most 500 ids")
        return await read(request, lambda s: query.actor_names(s, [x[:200] for x in id]))

    @app.get("/v1/network", summary="The top actors by weighted degree and the merged events between them")
    async def network(request: Request, top: int = Query(60, ge=1, le=300), country: Optional[str] = Name(),
                      type: Optional[str] = None, since: Optional[str] = Period(),
                      until: Optional[str] = Period()) -> dict:
        query.check_type(type), query.check_date(since, "since"), query.check_date(until, "until")
        return await read(request, lambda s: query.network(s, top=top, country=country, type=type, since=since,
                                                           until=until))

    @app.get("/v1/actors/{actor_id}/profile", summary="An actor's family, counterparts, events over time, "
                                                      "agreements and attributions (a state's with its agencies')")
    async def actor_profile(request: Request, actor_id: str,
                            bucket: Literal["year", "month", "day"] = "month") -> dict:
        def ask(s: Store) -> dict:
            found = query.actor_profile(s, actor_id[:200], bucket=bucket)
            if found is None:
                raise HTTPException(404, f"no actor {actor_id[:200]}")
            return found

        return await read(request, ask)

    # ---- the API docs, from local files ----------------------------------------------------------

    assets = _docs_assets()
    if assets is not None:
        app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        if assets is None:
            return HTMLResponse("<p>The API docs need the fastapi-offline package; /openapi.json has the API.</p>")
        return HTMLResponse(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>geowire API</title>'
            '<link rel="stylesheet" href="/docs-assets/swagger-ui.css"></head><body><div id="swagger-ui"></div>'
            '<script src="/docs-assets/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script>'
            "</body></html>")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        if assets is None:
            return HTMLResponse("<p>The API docs need the fastapi-offline package; /openapi.json has the API.</p>")
        return HTMLResponse(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>geowire API</title></head>'
            '<body><redoc spec-url="/openapi.json"></redoc>'
            '<script src="/docs-assets/redoc.standalone.js"></script></body></html>')

    if WEB.is_dir():
        app.mount("/static", StaticFiles(directory=WEB), name="static")

        @app.get("/", include_in_schema=False)
        def index():
            return FileResponse(WEB / "index.html")

    return app
