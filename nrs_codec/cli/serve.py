"""``nrs-codec serve``: the HTTP service and the editor page, with uvicorn (extra ``[serve]``).

Safe by default: it listens on 127.0.0.1, CORS is off, and with ``--api-key`` (or
``NRS_CODEC_API_KEY``) every route but ``/healthz`` needs the key. The options are the rows of
``service.options.SETTINGS``; they are checked here, once, so that a wrong file is one clear
message instead of every worker failing; the workers get them through the environment
(``service.settings``).
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import _extras
from ..service.options import SETTINGS, Setting


def _fail(message: str) -> int:
    print(f"nrs-codec serve: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn  # noqa: F401  (the server itself, needed before anything starts)

        from ..service import server
        from ..service import settings as service_settings
    except ImportError as exc:
        return _fail(f"needs the [serve] extra ({exc.name} is missing): {_extras.install('serve')}")
    given = {s.name: getattr(args, s.name) for s in SETTINGS}
    given["api_key"] = given["api_key"] or os.environ.get(service_settings.API_KEY_ENV) or None
    try:
        settings = service_settings.build(**given)
    except service_settings.SettingsError as exc:
        return _fail(str(exc))
    return server.run(settings)


def _parser_type(setting: Setting):
    """``setting.parse`` as argparse wants it: its message kept, not argparse's generic one."""

    def convert(text: str) -> object:
        try:
            return setting.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = setting.name
    return convert


def add_parser(commands) -> None:
    """Register ``serve`` on the ``nrs-codec`` sub-command parser, one option per setting."""
    p = commands.add_parser(
        "serve",
        help="HTTP service: pre-flight (POST /api/rest/sms), /v1 analysis API, the editor page",
        description="Serve the provider's send endpoint judged by pre-flight, the /v1 analysis API, "
        "the editor page (GET /) and the API docs (GET /docs). Stateless: run as many workers or "
        "replicas as needed. docs/serve.md describes every option and limit.",
    )
    for s in SETTINGS:
        if s.flag:
            p.add_argument(s.option, action="store_true", help=s.help)
            continue
        shown = "" if s.default in (None, ()) else f" (default {s.default})"
        p.add_argument(
            s.option,
            type=_parser_type(s),
            action="append" if s.repeat else "store",
            metavar=s.metavar,
            help=s.help + shown,
        )
    p.set_defaults(func=run)
