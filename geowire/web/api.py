"""The HTTP API and the web page, one FastAPI app over the library.

    geowire serve --db geowire.db            # http://127.0.0.1:8000/ (web page), /docs (OpenAPI)

Every list endpoint takes the filters of the matching `geowire.kb.query`
function plus `limit` (at most 500) and `offset`, and answers
`{"items": [...], "limit": n, "offset": n}`. `POST /v1/analyze` runs the
pipeline on a posted page (text or HTML, size-capped) and may store it.
The store is opened per request (SQLite connections stay in their thread);
the pipeline is loaded once, on the first analysis, and used under a lock.
"""
from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Literal, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from geowire import __version__
from geowire.kb import query
from geowire.model import RawDocument
from geowire.kb.store import Store, StoreError
from geowire.settings import settings

WEB = Path(__file__).parent / "static"


class AnalyzeRequest(BaseModel):
    text: Optional[str] = Field(None, description="A page as text: a dump with its chrome, or plain article text.")
    html: Optional[str] = Field(None, description="A page as HTML.")
    url: Optional[str] = None
    input_format: Literal["auto", "dump", "plain"] = Field("auto", description="For text: how to read it.")
    store: bool = Field(False, description="Also store the dossier in the knowledge base.")


def _records(frame) -> list[dict]:
    """DataFrame rows as JSON-ready dicts (NaN as null, numpy scalars as Python ones)."""
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else v.item() if hasattr(v, "item") else v)
                    for k, v in row.items()})
    return out


def create_app(db: str | Path) -> FastAPI:
    app = FastAPI(title="geowire", version=__version__,
                  description="International-affairs news as a sourced, structured record.")
    db = Path(db)
    pipeline_lock = threading.Lock()
    state: dict = {}

    def store():
        try:
            s = Store(db)
        except StoreError as err:
            raise HTTPException(503, str(err))
        try:
            yield s
        finally:
            s.close()

    def page(items, limit: int, offset: int) -> dict:
        return {"items": _records(items) if hasattr(items, "to_dict") else items, "limit": limit, "offset": offset}

    Limit = Query(50, ge=1, le=500, description="At most this many items.")
    Offset = Query(0, ge=0, description="Skip this many items first.")

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return JSONResponse({"detail": " ".join(str(exc).split())}, status_code=400)

    @app.post("/v1/analyze", summary="Analyse a page and return its dossier")
    def analyze(req: AnalyzeRequest, s: Store = Depends(store)) -> dict:
        from geowire.pipeline import Failure, Pipeline

        content = req.html if req.html is not None else req.text
        if not content or not content.strip():
            raise HTTPException(422, "give the page as `text` or `html`, not empty")
        if len(content.encode("utf-8", "surrogatepass")) > (cap := settings().max_analyze_bytes):
            raise HTTPException(413, f"page too large: at most {cap} bytes")
        kind = "text/html" if req.html is not None else {
            "auto": "text/x-auto", "dump": "text/x-page-dump", "plain": "text/plain"}[req.input_format]
        raw = RawDocument(content=content, url=req.url, source_path=req.url or "<posted>", content_type=kind)
        with pipeline_lock:
            if "pipeline" not in state:
                state["pipeline"] = Pipeline()
            (result,) = state["pipeline"].analyze([raw])
        if isinstance(result, Failure):
            raise HTTPException(422, result.message)
        if req.store:
            try:
                s.save(result)
            except StoreError as err:
                raise HTTPException(503, str(err))
        return result.to_dict()

    @app.get("/v1/documents", summary="Stored documents")
    def documents(kind: Optional[Literal["article", "teaser"]] = None, text: Optional[str] = None,
                  limit: int = Limit, offset: int = Offset, s: Store = Depends(store)) -> dict:
        return page(query.documents(s, kind=kind, text=text, limit=limit, offset=offset), limit, offset)

    @app.get("/v1/documents/{doc_id}", summary="The dossier of one document (id or unique prefix)")
    def document(doc_id: str, s: Store = Depends(store)) -> dict:
        try:
            dossier = s.dossier(doc_id)
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

    @app.get("/v1/events", summary="Events merged across documents")
    def events(actor: Optional[str] = None, country: Optional[str] = None, type: Optional[str] = None,
               since: Optional[str] = None, until: Optional[str] = None, text: Optional[str] = None,
               limit: int = Limit, offset: int = Offset, s: Store = Depends(store)) -> dict:
        return page(query.events(s, actor=actor, country=country, type=type, since=since, until=until, text=text,
                                 limit=limit, offset=offset), limit, offset)

    @app.get("/v1/actors", summary="Actors, most mentioned first")
    def actors(text: Optional[str] = None, country: Optional[str] = None, kind: Optional[str] = None,
               limit: int = Limit, offset: int = Offset, s: Store = Depends(store)) -> dict:
        return page(query.actors(s, text=text, country=country, kind=kind, limit=limit, offset=offset), limit, offset)

    @app.get("/v1/actors/{actor_id}", summary="One actor with its events, quotes, agreements and attributions")
    def actor(actor_id: str, s: Store = Depends(store)) -> dict:
        row = s.conn.execute("SELECT id FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            raise HTTPException(404, f"no actor {actor_id}")
        found = _records(query.actors(s, text=actor_id))
        return {
            "actor": next(a for a in found if a["id"] == actor_id),
            "events": _records(query.events(s, actor=actor_id, limit=500)),
            "quotes": _records(query.quotes(s, speaker=actor_id, limit=500)),
            "agreements": _records(query.agreements(s, actor=actor_id, limit=500)),
            "attributions": _records(query.attributions(s, actor=actor_id, limit=500)),
            "documents": [dict(r) for r in s.conn.execute(
                "SELECT DISTINCT d.id, d.kind, d.title, d.date FROM mentions m JOIN documents d ON d.id = m.document_id"
                " WHERE m.actor_id = ? ORDER BY d.date, d.id LIMIT 500", (actor_id,))],
        }

    @app.get("/v1/agreements", summary="The register of agreements")
    def agreements(actor: Optional[str] = None, text: Optional[str] = None,
                   limit: int = Limit, offset: int = Offset, s: Store = Depends(store)) -> dict:
        return page(query.agreements(s, actor=actor, text=text, limit=limit, offset=offset), limit, offset)

    @app.get("/v1/attributions", summary="The register of attributions")
    def attributions(actor: Optional[str] = None, text: Optional[str] = None,
                     kind: Optional[Literal["cyber", "influence"]] = None,
                     limit: int = Limit, offset: int = Offset, s: Store = Depends(store)) -> dict:
        return page(query.attributions(s, actor=actor, text=text, kind=kind, limit=limit, offset=offset),
                    limit, offset)

    @app.get("/v1/quotes", summary="Quotes with their speakers")
    def quotes(speaker: Optional[str] = None, text: Optional[str] = None,
               kind: Optional[Literal["direct", "indirect"]] = None,
               limit: int = Limit, offset: int = Offset, s: Store = Depends(store)) -> dict:
        return page(query.quotes(s, speaker=speaker, text=text, kind=kind, limit=limit, offset=offset), limit, offset)

    @app.get("/v1/search", summary="Full-text search (SQLite FTS5 syntax)")
    def search(q: str = Query(..., min_length=1), limit: int = Limit, offset: int = Offset,
               s: Store = Depends(store)) -> dict:
        return page(query.search(s, q, limit=limit, offset=offset), limit, offset)

    @app.get("/v1/graph", summary="The actor network: actors as nodes, merged events as edges")
    def graph(s: Store = Depends(store)) -> dict:
        from geowire.output.export import actor_graph

        g = actor_graph(s)
        return {"nodes": [{"id": n, **attrs} for n, attrs in g.nodes(data=True)],
                "edges": [{"source": a, "target": b, **attrs} for a, b, attrs in g.edges(data=True)]}

    if WEB.is_dir():
        app.mount("/static", StaticFiles(directory=WEB), name="static")

        @app.get("/", include_in_schema=False)
        def index():
            return FileResponse(WEB / "index.html")

    return app
