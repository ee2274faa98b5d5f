"""The API key: with one configured, every route but ``/healthz`` needs it.

As the provider's API takes ``Authorization: Basic base64(user:apiPassword)``, the key is the
password of HTTP Basic (any user), so that a sender's client works unchanged; ``Bearer KEY`` is
accepted too. The comparison takes the same time whatever the guess (``hmac.compare_digest``).
A refusal is 401 with the provider's code 103 and ``WWW-Authenticate: Basic``, which makes a
browser ask for the key when it opens the editor.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from .errors import ApiError

OPEN_PATHS = frozenset({"/healthz"})
CHALLENGE = 'Basic realm="nrs_codec", charset="UTF-8"'


def presented_key(authorization: bytes | None) -> bytes | None:
    """The key an ``Authorization`` header presents (the Basic password or the Bearer token), as
    the bytes sent: a key that is not ASCII arrives as UTF-8 (inside base64 for Basic)."""
    if not authorization:
        return None
    scheme, _, credentials = authorization.strip().partition(b" ")
    scheme = scheme.lower()
    credentials = credentials.strip()
    if scheme == b"bearer":
        return credentials
    if scheme == b"basic":
        try:
            decoded = base64.b64decode(credentials, validate=True)
        except (binascii.Error, ValueError):
            return None
        user, colon, password = decoded.partition(b":")
        return password if colon else None
    return None


class ApiKeyMiddleware:
    """ASGI middleware that refuses every HTTP request without the key, but those to ``OPEN_PATHS``."""

    def __init__(self, app, key: str):
        self.app = app
        self.digest = hashlib.sha256(key.encode("utf-8")).digest()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        header = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                header = value
                break
        given = presented_key(header)
        # compare_digest leaks nothing but the lengths; comparing digests hides those too.
        if given is not None and hmac.compare_digest(hashlib.sha256(given).digest(), self.digest):
            return await self.app(scope, receive, send)
        why = "no Authorization header" if header is None else "wrong or unreadable credentials"
        error = ApiError(
            401,
            103,
            f"Username or password unknown ({why}): send the API key as the Basic password or as Bearer",
            headers={"WWW-Authenticate": CHALLENGE},
        )
        await error.response()(scope, receive, send)
