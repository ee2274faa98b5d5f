"""Reading request bodies: the declared type, a bounded size, strict JSON, then the model.

The body is never read past the limit: a ``Content-Length`` above it is refused before a byte is
read, and the bytes that arrive are counted (a chunked body has no length to trust). JSON is read
by ``provider.body`` (UTF-8 only, no NaN, no duplicate keys, bounded nesting), so the service
and ``preflight`` accept exactly the same documents.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterable
from typing import TypeVar
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from ..provider.body import BodyError, BodyTooLarge, TooManyItems, decode_utf8, parse_body
from .errors import ApiError, validation_error

M = TypeVar("M", bound=BaseModel)
JSON = "application/json"
NDJSON = "application/x-ndjson"


def check_media_type(headers: list[str], accepted: tuple[str, ...] = (JSON,)) -> str:
    """The media type of a request's ``Content-Type`` headers when it is one of ``accepted`` (any
    ``+json`` type counts as JSON), else 415. A body without a Content-Type is refused too:
    browsers send those cross-site without asking (as they do ``text/plain``), JSON they do not;
    and one with two, which servers and proxies read as the first or the last."""
    if len(headers) > 1:
        raise ApiError(415, 415, f"Content-Type given {len(headers)} times: send one")
    header = headers[0] if headers else None
    if header is None:
        raise ApiError(415, 415, f"Content-Type missing: send the body as {' or '.join(accepted)}")
    kind, _, params = header.partition(";")
    kind = kind.strip().lower()
    if kind.endswith("+json"):
        kind = JSON
    if kind not in accepted:
        raise ApiError(415, 415, f"Content-Type {header!r} is not {' or '.join(accepted)}")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise ApiError(415, 415, f"charset {value.strip()!r}: the body must be UTF-8")
    return kind


def media_type(request: Request, accepted: tuple[str, ...] = (JSON,)) -> str:
    """``check_media_type`` of a request."""
    return check_media_type(request.headers.getlist("content-type"), accepted)


def too_large(size: int, limit: int) -> ApiError:
    return ApiError(413, 413, f"the body is {size} bytes or more; the limit is {limit} bytes", limit=limit)


async def read_chunks(chunks: AsyncIterator[bytes], declared: str | None, limit: int) -> bytes:
    """A body from its chunks, at most ``limit`` bytes (413 beyond); ``declared`` is its
    Content-Length, refused at once when above the limit."""
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise ApiError(400, 400, f"Content-Length {declared!r} is not a number of bytes")
        if int(declared) > limit:
            raise too_large(int(declared), limit)
    parts = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(size, limit)
        parts.append(chunk)
    return b"".join(parts)


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body of a request, at most ``limit`` bytes (413 beyond)."""
    return await read_chunks(request.stream(), request.headers.get("content-length"), limit)


def body_error(exc: BodyError) -> ApiError:
    """A ``provider.body`` error as the service answers it: 413 for the limits, else 400 with
    code 125 and where (line, column, byte offset, the duplicate key)."""
    if isinstance(exc, TooManyItems):
        return ApiError(413, 413, str(exc), limit=exc.limit)
    if isinstance(exc, BodyTooLarge):
        return too_large(exc.size, exc.limit)
    details = exc.to_dict()
    details.pop("code")
    return ApiError(400, 125, details.pop("description"), **details)


def parse(raw: bytes | str, *, expect: str = "object", max_items: int | None = None) -> object:
    """Strict JSON (error 125 with line, column and byte offset; 413 past ``max_items``)."""
    try:
        return parse_body(raw, max_bytes=None, expect=expect, max_items=max_items)
    except BodyError as exc:
        raise body_error(exc) from None


def utf8(raw: bytes) -> str:
    """The body as text (400, code 125, naming the first byte that is not UTF-8)."""
    try:
        return decode_utf8(raw)
    except BodyError as exc:
        raise body_error(exc) from None


def model_from(raw: bytes, model: type[M]) -> M:
    """The body as ``model``: strict JSON (400, 125), then the model's fields (422 naming each
    field at fault)."""
    data = parse(raw)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc.errors(include_url=False), "body") from None


def check_query(params: Iterable[tuple[str, str]], known: Collection[str] = ()) -> None:
    """422 for query parameters the route does not take, as for an unknown body field: a misspelt
    option (``?encodng=gsm``) must not be silently ignored."""
    unknown = [(name, value) for name, value in params if name not in known]
    if unknown:
        errors = [
            {
                "type": "extra_forbidden",
                "loc": ("query", name),
                "msg": "Extra inputs are not permitted",
                "input": value,
            }
            for name, value in unknown
        ]
        raise validation_error(errors, "query")


def query_pairs(query_string: bytes) -> list[tuple[str, str]]:
    """An ASGI scope's query string as (name, value) pairs."""
    return parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)


async def read_model(request: Request, model: type[M], limit: int) -> M:
    """The body as ``model``: no query parameters (422), JSON Content-Type (415), size (413), then
    ``model_from``."""
    check_query(request.query_params.multi_items())
    media_type(request)
    return model_from(await read_body(request, limit), model)
