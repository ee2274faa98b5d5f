"""``GET /v1/config``, ``/v1/prices`` and ``/v1/profile`` (what the editor page fetches once, at load),
``/healthz`` (no authentication) and ``/metrics``."""

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


@router.get("/v1/prices", response_model=schemas.PriceTableResponse, responses=schemas.errors(401))
async def prices(request: Request):
    """The price of one SMS part by destination, as decimal text (the table the service checks
    costs with, else the packaged example table, marked ``example``): the editor computes costs
    in the page from it."""
    table = request.app.state.settings.prices
    example = table is None
    if example:
        from ...provider.prices import example_prices

        table = example_prices()
    return json_response(
        {
            "currency": table.currency,
            "countries": {k: str(v) for k, v in table.countries.items()},
            "prefixes": {k: str(v) for k, v in table.prefixes.items()},
            "example": example,
        }
    )


@router.get("/v1/profile", response_model=schemas.ProfileResponse, responses=schemas.errors(401))
async def profile(request: Request):
    """The provider limits and gateway options pre-flight assumes (``--profile``)."""
    p = request.app.state.settings.profile
    return json_response(
        {
            "maxParts": p.max_parts,
            "encodings": list(p.encodings),
            "defaultEncoding": p.default_encoding,
            "ref16": p.ref16,
            "forceShifts": p.force_shifts,
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
