"""The editor page (``GET /``), its static files, the API docs page (``GET /docs``), the browser
engine (``GET /nrs-codec.js``, SPEC §9) and the favicon.

The pages are self-contained: every script and style comes from this server, none from a CDN, so
they work offline and under ``Content-Security-Policy: default-src 'self'``. The files are package
data, read once when the app is built.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

router = APIRouter(include_in_schema=False)

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
STATIC = ("editor.js", "editor.css", "docs.js")
PAGES = {"/": "index.html", "/docs": "docs.html"}
MODULE = "nrs-codec.js"  # nrs_codec/web/nrs-codec.js, the engine as one ES module


def load_static() -> dict[str, tuple[bytes, str]]:
    """Every served file: name -> (bytes, content type)."""
    folder = resources.files(__package__.rpartition(".")[0]).joinpath("static")
    files = {}
    for name in (*STATIC, *PAGES.values()):
        files[name] = (folder.joinpath(name).read_bytes(), TYPES[name[name.rindex(".") :]])
    web = resources.files("nrs_codec").joinpath("web")
    files[MODULE] = (web.joinpath(MODULE).read_bytes(), TYPES[".js"])
    return files


def _file(request: Request, name: str) -> Response:
    content, media = request.app.state.static[name]
    return Response(content, headers=PAGE_HEADERS, media_type=media)


@router.get("/")
async def editor(request: Request):
    return _file(request, PAGES["/"])


@router.get("/docs")
async def docs(request: Request):
    return _file(request, PAGES["/docs"])


@router.get("/nrs-codec.js")
async def module(request: Request):
    return _file(request, MODULE)


@router.get("/static/{name}")
async def static(request: Request, name: str):
    if name not in STATIC:
        raise HTTPException(404)
    return _file(request, name)


@router.get("/favicon.ico")
async def favicon():
    return Response(status_code=204)
