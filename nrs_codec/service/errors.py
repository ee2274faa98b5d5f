"""Errors as the service answers them, ``{"error": {"code", "description", ...}}``, and the JSON
responses every route writes.

Codes are the provider's where its table has one (103 unauthorised, 105, 113, 125 invalid JSON,
422 input validation); where it has none, the code is the HTTP status (404, 405, 413, 415). The
handlers installed here turn every failure, FastAPI's own 422 shape and an unexpected exception
included, into that one shape: a malformed request gets a 4xx that names the problem, never a
traceback.
"""

from __future__ import annotations

import json
import logging

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

log = logging.getLogger("nrs_codec.service")


def dumps(data: object) -> bytes:
    """``data`` as UTF-8 JSON. orjson is fast but refuses lone surrogates, which a request can
    carry in a JSON escape (``"\\ud800"``) and a verdict echoes: those go through ``json``, which
    writes them back as the same escapes."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def json_response(data: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status, headers, media_type="application/json")


class ApiError(Exception):
    """A request the service refuses: HTTP ``status``, the error ``code`` and ``description``,
    further JSON-ready ``details`` (``chars``, ``line``, ``field``, ...) and response headers."""

    def __init__(self, status: int, code: int, description: str, *, headers=None, **details):
        super().__init__(description)
        self.status = status
        self.code = code
        self.description = description
        self.headers = headers
        self.details = details

    def response(self) -> Response:
        body = {"code": self.code, "description": self.description, **self.details}
        return json_response({"error": body}, self.status, self.headers)


def _where(loc: tuple) -> str:
    """A pydantic location as a field path (``allowed[2]``), without the ``body``/``query`` head."""
    parts = [p for p in loc if p not in ("body", "query")]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "body"


def _given(error: dict) -> str:
    """What was sent, when it is a short scalar worth quoting back."""
    value = error.get("input")
    if error["type"] == "missing" or not isinstance(value, (str, int, float, bool)) or len(repr(value)) > 40:
        return ""
    return f" (got {value!r})"


def validation_error(errors: list[dict], where: str = "") -> ApiError:
    """A 422 (code 422) listing what pydantic found, each with its field."""
    problems = [f"{_where(e['loc'])}: {e['msg'].rstrip('.')}{_given(e)}" for e in errors]
    shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
    first = _where(errors[0]["loc"]) if errors else None
    return ApiError(422, 422, f"invalid {where or 'request'}: {shown}", field=first)


async def _api_error(request: Request, exc: ApiError) -> Response:
    return exc.response()


async def _http_error(request: Request, exc: HTTPException) -> Response:
    descriptions = {404: f"no such route: {request.url.path}", 405: f"{request.method} not allowed here"}
    description = descriptions.get(exc.status_code, str(exc.detail))
    return ApiError(exc.status_code, exc.status_code, description, headers=exc.headers).response()


async def _request_validation(request: Request, exc: RequestValidationError) -> Response:
    return validation_error(list(exc.errors()), "query").response()


async def _pydantic_validation(request: Request, exc: ValidationError) -> Response:
    return validation_error(exc.errors(include_url=False)).response()


def unexpected() -> ApiError:
    """What the client gets for a bug of ours: no traceback, which goes to the server's log."""
    return ApiError(500, 500, "internal error; the server's log has the details")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return unexpected().response()


async def _gone(request: Request, exc: ClientDisconnect) -> Response:
    # Nobody reads this answer (uvicorn drops it); the metrics count the request as 499.
    return ApiError(499, 499, "the client closed the connection before its body arrived").response()


def install(app: FastAPI) -> None:
    """Route every failure of ``app`` to the one error shape."""
    app.add_exception_handler(ClientDisconnect, _gone)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(ValidationError, _pydantic_validation)
    app.add_exception_handler(Exception, _unexpected)
