"""``POST /v1/encode``: the bytes of each part, as an SMSC or a handset sees them."""

from __future__ import annotations

from fastapi import APIRouter, Request

from .. import schemas
from ..answers import encode_answer
from ..bodies import read_model
from ..errors import json_response
from .analysis import ANALYSIS_ERRORS

router = APIRouter(tags=["wire"])


@router.post(
    "/v1/encode",
    summary="Each part's UDH, user data, SMPP short_message and (with a destination) SMS-SUBMIT PDU",
    response_model=schemas.EncodeResponse,
    responses=ANALYSIS_ERRORS,
    openapi_extra=schemas.json_body(schemas.EncodeRequest),
)
async def encode_route(request: Request):
    req = await read_model(request, schemas.EncodeRequest, request.app.state.settings.max_body)
    return json_response(encode_answer(req))
