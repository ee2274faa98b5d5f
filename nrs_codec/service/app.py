"""The app factory: ``create_app(settings)`` puts the routes, the middleware (metrics, CORS, API
key) and the error handlers together; ``app_from_env`` is what uvicorn's workers call.

Middleware, outermost first: metrics (so that refusals are counted and timed too), the body's
time limit and the lingering close after an early answer (``limits``), ``HEAD`` as ``GET``, the Host
check when the allowed hosts are limited (``hosts``: DNS rebinding), CORS when
origins are given (it answers a browser's preflight ``OPTIONS``, which carries no credentials,
before the key is checked), the API key when one is configured, then the fast path that answers
``POST /v1/analyze`` without FastAPI's routing (``fastpath``).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from . import errors
from .auth import ApiKeyMiddleware
from .fastpath import AnalyzeFastPath
from .hosts import HostCheckMiddleware
from .limits import BodyLimits
from .metrics import Metrics, MetricsMiddleware
from .routes import ROUTERS
from .routes.meta import version
from .routes.pages import load_static
from .schemas import REQUEST_MODELS
from .settings import Settings, from_env

DESCRIPTION = """How an SMS will be encoded, how many parts it takes, what it costs and whether the
provider would accept it, before it is sent. `POST /api/rest/sms` takes the provider's own send
request and answers as the provider would (without sending); `/v1/*` analyse texts.

Errors are `{"error": {"code", "description", ...}}` with the provider's codes (103, 105, 113, 125,
422) or the HTTP status where the provider has none. With an API key, every route but `/healthz`
needs it: HTTP Basic with the key as the password (any user), or `Bearer KEY`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service as an ASGI app, configured by ``settings`` (default: no key, no prices)."""
    settings = Settings() if settings is None else settings
    app = FastAPI(
        title="nrs_codec",
        version=version(),
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's pages load Swagger UI from a CDN; ours (routes.pages) does not
        redoc_url=None,
        openapi_url="/openapi.json",
        middleware=_middleware(settings, metrics := Metrics(frozenset())),
    )
    for router in ROUTERS:
        app.include_router(router)
    paths = [r.path for router in ROUTERS for r in router.routes] + [app.openapi_url]
    metrics.routes = frozenset(p for p in paths if "{" not in p)
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.version = app.version
    app.state.static = load_static()
    errors.install(app)
    app.openapi = lambda: _openapi(app)
    return app


class HeadAsGet:
    """ASGI middleware: ``HEAD`` answered as ``GET`` (uvicorn sends the headers, not the body)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send)


def _middleware(settings: Settings, metrics: Metrics) -> list[Middleware]:
    stack = [
        Middleware(MetricsMiddleware, metrics=metrics),
        Middleware(
            BodyLimits,
            body_timeout=settings["body_timeout"],
            linger_bytes=settings["linger_bytes"],
            linger_seconds=settings["linger_seconds"],
        ),
        Middleware(HeadAsGet),
    ]
    stack.append(Middleware(HostCheckMiddleware, hosts=settings.allowed_hosts))
    if settings["cors"]:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings["cors"]),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                max_age=600,
            )
        )
    if settings.api_key:
        stack.append(Middleware(ApiKeyMiddleware, key=settings.api_key))
    if settings.fast_path:
        stack.append(Middleware(AnalyzeFastPath, settings=settings))
    return stack


def _openapi(app: FastAPI) -> dict:
    """FastAPI's schema, with the request bodies that the routes read themselves and the API key."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in REQUEST_MODELS:
            found = model.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
            components.update(found.pop("$defs", {}))
            components[model.__name__] = found
        schema["components"]["securitySchemes"] = {
            "apiKeyBasic": {
                "type": "http",
                "scheme": "basic",
                "description": "any user, the key as password",
            },
            "apiKeyBearer": {"type": "http", "scheme": "bearer"},
        }
        app.openapi_schema = schema
    return app.openapi_schema


def app_from_env() -> FastAPI:
    """The app with the settings ``nrs-codec serve`` put in the environment (uvicorn's factory)."""
    return create_app(from_env())
