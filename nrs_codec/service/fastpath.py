"""``POST /v1/analyze`` without FastAPI's routing: the route an editor calls at every pause in
typing, and the one the service must answer fastest.

FastAPI spends about three times the analysis itself on matching the route, solving the
endpoint's dependencies and building its request object (measured in benchmarks/load.py). This
ASGI middleware answers that one method and path directly, with the same steps and functions as
the declared route in ``routes.analysis`` (Content-Type, bounded body, strict JSON, the
``AnalyzeRequest`` model, ``analyze_answer``, the one error shape), so the answers are the same
byte for byte; ``tests/service/test_fastpath.py`` holds the two to that. The declared route stays:
it documents the path in ``/openapi.json`` and answers when ``Settings.fast_path`` is off. It sits
inside the metrics, CORS and API key middleware, which see it as any other route.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from .answers import analyze_answer
from .bodies import check_media_type, check_query, model_from, query_pairs, read_chunks
from .errors import ApiError, json_response, log, unexpected
from .schemas import AnalyzeRequest

PATH = "/v1/analyze"


class Disconnected(Exception):
    """The client went away before its body arrived: nobody to answer."""


async def _chunks(receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


class AnalyzeFastPath:
    """ASGI middleware: ``POST /v1/analyze`` answered here, everything else passed on."""

    def __init__(self, app, settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        content_type: list[str] = []
        declared = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type.append(value.decode("latin-1"))
            elif name == b"content-length":
                declared = value.decode("latin-1")
        try:
            check_query(query_pairs(scope.get("query_string", b"")))
            check_media_type(content_type)
            raw = await read_chunks(_chunks(receive), declared, self.settings.max_body)
            request = model_from(raw, AnalyzeRequest)
            response = json_response(analyze_answer(request, self.settings.prices))
        except Disconnected:
            return
        except ApiError as exc:
            response = exc.response()
        except Exception:
            log.exception("unexpected error on POST %s", PATH)
            response = unexpected().response()
        await response(scope, receive, send)
