"""``POST /api/rest/sms``: the provider's send request, answered as the provider would answer it.

A sender switches its base URL to the service and changes nothing else: same body, same Basic
authentication. The answer is pre-flight's verdict with the provider's status: 202 when the
request would be accepted, else the HTTP status of the first error in the provider's table, with
the provider's ``error`` object (the first error's ``code`` and ``description``) beside the verdict.
The body is read as JSON whatever its ``Content-Type``, as the provider reads it; the path answers
with or without its trailing slash.
"""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ..._text import bare, listing
from ...provider.errors import Notice
from ...provider.preflight import preflight
from .. import schemas
from ..bodies import read_body
from ..errors import json_response

router = APIRouter(tags=["provider"])
VERDICT = {"model": schemas.VerdictResponse}
REJECTION = {"model": schemas.RejectionResponse}


@router.post("/api/rest/sms/", include_in_schema=False, status_code=202)
@router.post(
    "/api/rest/sms",
    summary="Pre-flight of a send request: the provider's answer, without sending",
    status_code=202,
    responses={
        202: {**VERDICT, "description": "the provider would accept the request"},
        400: {**REJECTION, "description": "rejected: 102, 104-110, 113, 119 or 125 (the body is not JSON)"},
        402: {**REJECTION, "description": "rejected: 111 not enough credits"},
        422: {**REJECTION, "description": "rejected: 422 input validation"},
        **schemas.errors(401, 408, 413),
    },
    openapi_extra=schemas.json_body(schemas.SendRequest),
)
async def send(request: Request):
    settings = request.app.state.settings
    # Whatever the Content-Type says: the provider's own Java template sends its JSON as
    # application/x-www-form-urlencoded (HttpURLConnection's default), and the provider reads it.
    raw = await read_body(request, settings.max_body)
    # Pre-flight reads the bytes itself: a body that is not the provider's JSON is its error 125,
    # in the verdict, as the provider answers it. It runs in a worker thread: a request with tens
    # of thousands of recipients must not hold the event loop (and /healthz) while it is judged.
    verdict = await run_in_threadpool(
        preflight, raw, prices=settings.prices, balance=settings.balance, profile=settings.profile
    )
    query = request.query_params.multi_items()
    if query:  # read by no provider: said, as a field it does not know is (?encoding=utf-16)
        names = listing([bare(name) for name in dict(query)])
        said = f"query parameters the provider does not read are ignored: {names}"
        notice = Notice("unknown-query", None, said)
        verdict = dataclasses.replace(verdict, warnings=(*verdict.warnings, notice))
    request.app.state.metrics.verdict(verdict.ok, [e.code for e in verdict.errors])
    if verdict.ok:
        return json_response(verdict.to_dict(), 202)
    first = verdict.errors[0]
    # The provider's error shape at the top level, beside the verdict: a client that reads
    # error.code, as it does against the provider, finds it.
    body = {"error": {"code": first.code, "description": first.description}, **verdict.to_dict()}
    return json_response(body, first.http_status)
