"""The HTTP service (``nrs-codec serve``): the provider's send endpoint judged by pre-flight, the
``/v1`` analysis API and the editor page, over the same engine. Needs the ``[serve]`` extra.

- ``app``: the app factory (routes, middleware, error handlers, the OpenAPI schema);
- ``options``: the table of ``serve``'s settings (name, type, default, help); ``settings``: what
  an instance is configured with, and how it reaches uvicorn's workers;
- ``server``: running uvicorn (the socket, the header limits, the workers); ``limits``: the body's
  deadline and the lingering close after an early answer;
- ``routes``: one module per resource; ``answers``: the ``/v1`` answers (analyze, suggest,
  analyze-many, encode) as camelCase JSON, and engine errors as the service's;
- ``bodies``: reading request bodies (type, size, strict JSON, model); ``schemas``: their models;
- ``auth``: the API key; ``hosts``: the Host check; ``errors``: the one error shape;
  ``metrics``: Prometheus; ``fastpath``: ``POST /v1/analyze`` without FastAPI's routing;
- ``static/``: the editor page and the API docs page, self-contained.
"""
