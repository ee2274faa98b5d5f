"""``POST /api/rest/sms``: the provider's send request, answered as the provider would answer it.

A sender switches its base URL to the service and changes nothing else: same body, same Basic
authentication. The answer is pre-flight's verdict with the provider's status: 202 when the
request would be accepted, else the HTTP status of the first error in the provider's table.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...provider.preflight import preflight
from .. import schemas
from ..bodies import media_type, read_body
from ..errors import json_response

router = APIRouter(tags=["provider"])
VERDICT = {"model": schemas.VerdictResponse}


@router.post(
    "/api/rest/sms",
    summary="Pre-flight of a send request: the provider's answer, without sending",
    status_code=202,
    responses={
        202: {**VERDICT, "description": "the provider would accept the request"},
        400: {**VERDICT, "description": "rejected: 102, 104-110, 113, 119 or 125 (the body is not JSON)"},
        402: {**VERDICT, "description": "rejected: 111 not enough credits"},
        422: {**VERDICT, "description": "rejected: 422 input validation"},
        **schemas.errors(401, 413, 415),
    },
    openapi_extra=schemas.json_body(schemas.SendRequest),
)
async def send(request: Request):
    settings = request.app.state.settings
    media_type(request)
    raw = await read_body(request, settings.max_body)
    # Pre-flight reads the bytes itself: a body that is not the provider's JSON is its error 125,
    # in the verdict, as the provider answers it.
    verdict = preflight(raw, prices=settings.prices, balance=settings.balance, profile=settings.profile)
    request.app.state.metrics.verdict(verdict.ok, [e.code for e in verdict.errors])
    status = 202 if verdict.ok else verdict.errors[0].http_status
    return json_response(verdict.to_dict(), status)
