"""The service's routes, one module per resource: ``sms`` (the provider's send endpoint, judged by
pre-flight), ``analysis`` (analyze, analyze-many, suggest), ``wire`` (encode), ``meta`` (config,
health, metrics) and ``pages`` (the editor, its static files, the API docs page).

Routes read their settings from ``request.app.state.settings`` and write through
``errors.json_response``; request bodies go through ``bodies``, never through FastAPI's parsing.
"""

from __future__ import annotations

from . import analysis, meta, pages, sms, wire

ROUTERS = (sms.router, analysis.router, wire.router, meta.router, pages.router)
