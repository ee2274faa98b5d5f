"""``GET /v1/config`` (what the editor needs), ``/healthz`` (no authentication) and ``/metrics``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ...core.engine import BACKEND
from ...core.rules import DEFAULT_ALLOWED, ENCODINGS
from .. import schemas
from ..errors import json_response

router = APIRouter(tags=["service"])


def version() -> str:
    from importlib.metadata import version

    return version("nrs_codec")


@router.get("/v1/config", response_model=schemas.ConfigResponse, responses=schemas.errors(401))
async def config(request: Request):
    prices = request.app.state.settings.prices
    return json_response(
        {
            "version": request.app.state.version,
            "backend": BACKEND,
            "encodings": list(ENCODINGS),
            "defaultAllowed": list(DEFAULT_ALLOWED),
            "prices": None
            if prices is None
            else {"currency": prices.currency, "countries": sorted(prices.countries)},
        }
    )


@router.get("/healthz", response_model=schemas.HealthResponse)
async def healthz(request: Request):
    return json_response({"status": "ok", "version": request.app.state.version, "backend": BACKEND})


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, **schemas.errors(401)},
)
async def metrics(request: Request):
    body, content_type = request.app.state.metrics.exposition()
    return Response(body, media_type=content_type)
