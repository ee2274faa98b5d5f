"""``POST /v1/analyze``, ``/v1/analyze-many`` and ``/v1/suggest``: how messages are encoded and
split, and what would make them cheaper."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ...batch.many import analyze_many
from ...core.rules import DEFAULT_ALLOWED, MAX_EXTRA_UDH
from ...provider.body import BodyError, parse_body
from .. import schemas
from ..answers import analyze_answer, batch_rows, engine_errors, options, suggest_answer
from ..bodies import JSON, NDJSON, check_query, media_type, parse, read_body, read_model, utf8
from ..errors import ApiError, json_response

router = APIRouter(tags=["analysis"])
ANALYSIS_ERRORS = {
    400: {"model": schemas.ErrorResponse, "description": "113 encoding impossible, 105 too long, 125 JSON"},
    422: {"model": schemas.ErrorResponse, "description": "422: text that is not valid Unicode, bad options"},
    **schemas.errors(401, 413, 415),
}


@router.post(
    "/v1/analyze",
    summary="Encoding, parts, part boundaries, characters outside GSM, suggestions and cost",
    response_model=schemas.AnalyzeResponse,
    responses=ANALYSIS_ERRORS,
    openapi_extra=schemas.json_body(schemas.AnalyzeRequest),
)
async def analyze_route(request: Request):
    settings = request.app.state.settings
    req = await read_model(request, schemas.AnalyzeRequest, settings.max_body)
    return json_response(analyze_answer(req, settings.prices))


@router.post(
    "/v1/suggest",
    summary="The changes that save parts or avoid utf-16",
    response_model=schemas.SuggestResponse,
    responses=ANALYSIS_ERRORS,
    openapi_extra=schemas.json_body(schemas.SuggestRequest),
)
async def suggest_route(request: Request):
    req = await read_model(request, schemas.SuggestRequest, request.app.state.settings.max_body)
    return json_response(suggest_answer(req.text, req.encoding, options(req)))


_NDJSON_BODY = {NDJSON: {"schema": {"type": "string", "description": "one JSON string (a text) per line"}}}
# Rows are any JSON scalars: a string is a text, null is error 104 and any other scalar 422, row by row.
_ROW = {"not": {"type": ["array", "object"]}}
_ARRAY_BODY = {JSON: {"schema": {"type": "array", "items": _ROW}}}


@router.post(
    "/v1/analyze-many",
    summary="Many texts at once (a JSON array or NDJSON): one row per text, in order",
    response_model=schemas.AnalyzeManyResponse,
    responses=ANALYSIS_ERRORS,
    openapi_extra=schemas.json_body(None, extra={**_ARRAY_BODY, **_NDJSON_BODY}),
)
async def analyze_many_route(
    request: Request,
    encoding: schemas.EncodingChoice = "auto",
    allowed: Annotated[
        list[schemas.EncodingName] | None, Query(description="repeated: allowed=gsm&allowed=utf-16")
    ] = None,
    keep_graphemes: Annotated[bool, Query(alias="keepGraphemes")] = False,
    ref16: bool = False,
    extra_udh: Annotated[int, Query(alias="extraUdh", ge=0, le=MAX_EXTRA_UDH)] = 0,
):
    settings = request.app.state.settings
    check_query(request.query_params.multi_items(), _MANY_QUERY)
    kind = media_type(request, (JSON, NDJSON))
    raw = await read_body(request, settings.max_body)
    unreadable: dict[int, str] = {}
    if kind == JSON:
        try:
            texts = parse(raw, expect="array", max_items=settings["max_rows"])
        except ApiError as exc:
            if exc.status != 413:
                _hint_ndjson(exc, raw)
            raise
    else:
        texts = _ndjson(raw, settings["max_rows"], unreadable)
    names = allowed or DEFAULT_ALLOWED
    with engine_errors():
        batch = analyze_many(
            texts, encoding, allowed=names, keep_graphemes=keep_graphemes, ref16=ref16, extra_udh=extra_udh
        )
    return json_response({"rows": batch_rows(batch, unreadable, ref16, extra_udh)})


_MANY_QUERY = frozenset(("encoding", "allowed", "keepGraphemes", "ref16", "extraUdh"))


def _hint_ndjson(exc: ApiError, raw: bytes) -> None:
    """A JSON body that is one value per line was meant as NDJSON: say how to send it."""
    lines = [line.strip() for line in raw.split(b"\n") if line.strip()]
    if lines and not lines[0].startswith(b"[") and all(not line.startswith((b"{", b"[")) for line in lines):
        exc.description += f"; this looks like NDJSON (one text per line): send it as {NDJSON}"


def _ndjson(raw: bytes, max_rows: int, unreadable: dict[int, str]) -> list:
    """One value per line; a line that is not JSON is that row's error 125, not the request's."""
    lines = utf8(raw).split("\n")
    if lines and lines[-1].strip() == "":
        lines.pop()  # the newline that ends the last row
    if len(lines) > max_rows:
        raise ApiError(413, 413, f"more than {max_rows} rows (lines)", limit=max_rows)
    texts: list = []
    for n, line in enumerate(lines):
        try:
            texts.append(parse_body(line, max_bytes=None, expect="scalar"))
        except BodyError as exc:
            unreadable[n] = f"line {n + 1}: {exc}"
            texts.append(None)
    return texts
