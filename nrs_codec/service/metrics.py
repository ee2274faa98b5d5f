"""Prometheus metrics: requests by route, method and status, their latency, and the pre-flight
verdicts with their error codes; ``GET /metrics`` in the text format.

With several uvicorn workers each is its own process: ``nrs-codec serve`` then points
``PROMETHEUS_MULTIPROC_DIR`` at a fresh directory before the workers start, prometheus-client
keeps each worker's values in a file there, and ``/metrics`` (whichever worker answers) adds them
up. One worker keeps its values in memory.
"""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

# The *_created series (when each series first appeared) double the output and say nothing useful.
disable_created_metrics()

CLIENT_GONE = 499
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """The service's metrics, in a registry of their own (several apps in one process, as in
    tests, must not collide in the global one)."""

    def __init__(self, routes: frozenset[str]):
        self.routes = routes
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "nrs_codec_http_requests",
            "HTTP requests answered, by route, method and status",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "nrs_codec_http_request_duration_seconds",
            "Time from a request's arrival to the end of its answer, by route and method",
            ("route", "method"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.verdicts = Counter(
            "nrs_codec_preflight_verdicts",
            "POST /api/rest/sms verdicts: accepted or rejected",
            ("verdict",),
            registry=self.registry,
        )
        self.error_codes = Counter(
            "nrs_codec_preflight_errors",
            "Provider error codes in POST /api/rest/sms verdicts",
            ("code",),
            registry=self.registry,
        )
        self._children: dict[tuple, tuple] = {}

    def route_of(self, path: str) -> str:
        """The route template a path belongs to; unknown paths share one label, so that a scan of
        random URLs cannot grow the series without bound."""
        if path in self.routes:
            return path
        if path.startswith("/static/"):
            return "/static/{name}"
        return "unmatched"

    def observe(self, path: str, method: str, status: int, seconds: float) -> None:
        route = self.route_of(path)
        method = method if method in ("GET", "POST", "HEAD", "OPTIONS") else "other"
        key = (route, method, status)
        children = self._children.get(key)
        if children is None:  # .labels() is slow: each series' children are looked up once
            children = (self.requests.labels(route, method, str(status)), self.latency.labels(route, method))
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def verdict(self, ok: bool, codes: list[int]) -> None:
        self.verdicts.labels("accepted" if ok else "rejected").inc()
        for code in codes:
            self.error_codes.labels(str(code)).inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text format of every worker's metrics (one worker: this registry)."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """ASGI middleware that times every HTTP request to the end of its answer and counts it; a
    request whose client went away before its answer counts as ``CLIENT_GONE`` (499)."""

    def __init__(self, app, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500  # an answer never started is a failure
        answered = gone = False

        async def receiving():
            nonlocal gone
            message = await receive()
            if message["type"] == "http.disconnect" and not answered:
                gone = True
            return message

        async def sending(message):
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status = message["status"]
                answered = True
            await send(message)

        try:
            await self.app(scope, receiving, sending)
        finally:
            # A client that left before its answer is no failure of the server: nginx's 499.
            status = CLIENT_GONE if gone else status
            self.metrics.observe(scope["path"], scope["method"], status, time.perf_counter() - started)
