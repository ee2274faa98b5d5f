"""The HTTP service (``nrs-codec serve``): the provider's send endpoint judged by pre-flight, the
``/v1`` analysis API and the editor page, over the same engine. Needs the ``[serve]`` extra.

- ``app``: the app factory (routes, middleware, error handlers, the OpenAPI schema);
- ``settings``: what an instance is configured with, and how it reaches uvicorn's workers;
- ``routes``: one module per resource; ``analysis``: the ``/v1`` answers;
- ``bodies``: reading request bodies (type, size, strict JSON, model); ``schemas``: their models;
- ``auth``: the API key; ``errors``: the one error shape; ``metrics``: Prometheus;
- ``static/``: the editor page and the API docs page, self-contained.
"""
