"""``nrs-codec serve``: the HTTP service and the editor page, with uvicorn (extra ``[serve]``).

Safe by default: it listens on 127.0.0.1, CORS is off, and with ``--api-key`` (or
``NRS_CODEC_API_KEY``) every route but ``/healthz`` needs the key. The options are checked here,
once, so that a wrong file is one clear message instead of every worker failing; the workers get
them through the environment (``service.settings``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

from ..provider.body import MAX_BODY_BYTES


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, not {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {text!r}")
    return int(text)


def _fail(message: str) -> int:
    print(f"nrs-codec serve: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..service import settings as service_settings
        from ..service.hosts import default_hosts
    except ImportError as exc:
        return _fail(f"needs the [serve] extra ({exc.name} is missing): pip install 'nrs_codec[serve]'")
    key = args.api_key or os.environ.get(service_settings.API_KEY_ENV) or None
    try:
        settings = service_settings.build(
            prices_file=args.prices,
            profile_file=args.profile,
            balance=args.balance,
            api_key=key,
            cors=tuple(args.cors or ()),
            max_body=args.max_body,
            max_rows=args.max_rows,
            allowed_hosts=tuple(args.allowed_host or default_hosts(args.host)),
        )
    except service_settings.SettingsError as exc:
        return _fail(str(exc))
    os.environ.update(service_settings.to_env(settings))

    metrics_dir = None
    if args.workers > 1:
        # Each worker is a process: their metrics meet in files here (see service.metrics).
        metrics_dir = tempfile.mkdtemp(prefix="nrs-codec-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    host = f"[{args.host}]" if ":" in args.host else args.host
    auth = "API key required" if key else "no API key (anyone who can connect may use it)"
    print(
        f"nrs-codec serve: listening on http://{host}:{args.port}/ (editor), /docs (API), /healthz; "
        f"{args.workers} worker{'s' * (args.workers > 1)}; {auth}; body limit {settings.max_body} bytes",
        file=sys.stderr,
        flush=True,
    )
    try:
        uvicorn.run(
            "nrs_codec.service.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            access_log=args.access_log,
            server_header=False,
            # Behind a load balancer: believe its X-Forwarded-* only when told where it is.
            proxy_headers=bool(args.forwarded_allow_ips),
            forwarded_allow_ips=args.forwarded_allow_ips,
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def add_parser(commands) -> None:
    """Register ``serve`` on the ``nrs-codec`` sub-command parser."""
    p = commands.add_parser(
        "serve",
        help="HTTP service: pre-flight (POST /api/rest/sms), /v1 analysis API, the editor page",
        description="Serve the provider's send endpoint judged by pre-flight, the /v1 analysis API, "
        "the editor page (GET /) and the API docs (GET /docs). Stateless: run as many workers or "
        "replicas as needed.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    p.add_argument("--prices", metavar="FILE", help="price table (CSV or JSON) for costs")
    p.add_argument("--profile", metavar="FILE", help="provider limits as JSON (Profile fields, camelCase)")
    p.add_argument(
        "--balance",
        metavar="AMOUNT",
        help="account credit with its currency, e.g. '10 EUR'; a higher cost is 111",
    )
    p.add_argument("--api-key", metavar="KEY", help="require this key (default: env NRS_CODEC_API_KEY)")
    p.add_argument(
        "--cors",
        metavar="ORIGIN",
        action="append",
        help="allow this browser origin (repeatable; off by default)",
    )
    p.add_argument(
        "--max-body",
        type=_positive,
        metavar="BYTES",
        help=f"largest request body (default the profile's maxBodyBytes, {MAX_BODY_BYTES})",
    )
    p.add_argument("--max-rows", type=_positive, default=10_000, help="rows of one analyze-many (10000)")
    p.add_argument(
        "--allowed-host",
        metavar="NAME",
        action="append",
        help="answer requests addressed to this host name ('*.example.com' for subdomains, '*' for any; "
        "repeatable; default: localhost, 127.0.0.1 and ::1 on a loopback --host, else any)",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="load balancer addresses whose X-Forwarded-For/Proto to trust (comma-separated)",
    )
    p.add_argument("--access-log", action="store_true", help="log every request (off: see /metrics)")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=run)
