"""The request body's limits in time, and the lingering close that lets an early answer arrive.

``BodyLimits`` is ASGI middleware around the whole app:

- **Body timeout**: a client has ``body_timeout`` seconds from its headers to the end of its
  body. Past that the request is answered 408 in the error shape and the connection closed, so a
  client that trickles a body cannot hold a connection and its buffer for ever.
- **Lingering close** (nginx's): an answer given before the body was read (413 for a body over
  the limit, 401, 415, ...) is sent at once, then what the client keeps sending is read and
  discarded, up to ``linger_bytes`` and ``linger_seconds``, and only then is the connection closed.
  Closing a socket with unread data makes the kernel reset the connection, and a client that
  sends its whole body before it reads (Python's urllib and requests, Java's HttpURLConnection,
  axios) would see the reset instead of the answer. Discarded bytes are not kept: memory stays
  flat. A client that sends past the bound is cut off. A client that asked
  ``Expect: 100-continue`` and was not told to continue sends no body: it gets the answer and the
  close at once.
"""

from __future__ import annotations

import anyio

from .errors import ApiError

NO_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "TRACE"})


class BodyLimits:
    """ASGI middleware: the body deadline and the lingering close (see the module)."""

    def __init__(self, app, body_timeout: float, linger_bytes: int, linger_seconds: float):
        self.app = app
        self.body_timeout = body_timeout
        self.linger_bytes = linger_bytes
        self.linger_seconds = linger_seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = expect = chunked = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = value
            elif name == b"expect":
                expect = value.lower() == b"100-continue"
        body_done = chunked is None and (declared is None or declared.strip() == b"0")
        if body_done and scope["method"] in NO_BODY:
            return await self.app(scope, receive, send)
        deadline = anyio.current_time() + self.body_timeout
        asked = timed_out = linger = False

        async def receiving():
            nonlocal asked, body_done, timed_out
            if body_done:
                return await receive()
            asked = True
            try:
                with anyio.fail_after(max(deadline - anyio.current_time(), 0)):
                    message = await receive()
            except TimeoutError:
                timed_out = True
                raise ApiError(
                    408,
                    408,
                    f"the body did not arrive within {self.body_timeout:g} seconds",
                ) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def sending(message):
            nonlocal linger
            if message["type"] == "http.response.start" and not body_done:
                # Unread body: this connection cannot carry another request.
                message = {**message, "headers": [*message.get("headers", ()), (b"connection", b"close")]}
                linger = not timed_out and (asked or not expect)
            elif message["type"] == "http.response.body" and linger and not message.get("more_body", False):
                await send({**message, "more_body": True})
                await self._discard(receive)
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receiving, sending)

    async def _discard(self, receive) -> None:
        """Read and drop the rest of the body, within the bounds."""
        discarded = 0
        with anyio.move_on_after(self.linger_seconds):
            while discarded < self.linger_bytes:
                message = await receive()
                if message["type"] != "http.request":
                    return
                discarded += len(message.get("body", b""))
                if not message.get("more_body", False):
                    return
