"""The provider's error codes, written once: each code this project predicts or answers, by name.

The numbers and the provider's own short descriptions come from the "Erros" table of its API
reference. Everything that reports a code reads it from here: the engine's errors (113, 105, 422),
the batch columns, the campaign check, pre-flight and the service. The HTTP status of each code is
the provider's concern and lives in ``nrs_codec.provider.errors``.
"""

from __future__ import annotations

NO_VALID_RECIPIENTS = 102
UNAUTHORIZED = 103
TEXT_MISSING = 104
TEXT_TOO_LONG = 105
SENDER_MISSING = 106
SENDER_TOO_LONG = 107
INVALID_SEND_DATETIME = 108
INVALID_NOTIFICATION_URL = 109
INVALID_PARTS = 110
NOT_ENOUGH_CREDITS = 111
INVALID_CODING = 113
INVALID_EXPIRATION_DATE = 119
INVALID_JSON = 125
INPUT_VALIDATION = 422

TITLES: dict[int, str] = {
    NO_VALID_RECIPIENTS: "No valid recipients",
    UNAUTHORIZED: "Username or password unknown",
    TEXT_MISSING: "Text message missing",
    TEXT_TOO_LONG: "Text message too long",
    SENDER_MISSING: "Sender missing",
    SENDER_TOO_LONG: "Sender too long",
    INVALID_SEND_DATETIME: "No valid Datetime for send",
    INVALID_NOTIFICATION_URL: "Notification URL incorrect",
    INVALID_PARTS: "Exceeded maximum parts allowed or incorrect number of parts",
    NOT_ENOUGH_CREDITS: "Not enough credits",
    INVALID_CODING: "Invalid coding",
    INVALID_EXPIRATION_DATE: "Invalid expiration date",
    INVALID_JSON: "Invalid JSON",
    INPUT_VALIDATION: "Input validation error",
}
"""Code -> the provider's own description of it."""

NAMES: dict[int, str] = {
    code: name
    for name, code in sorted(globals().items())
    if name.isupper() and isinstance(code, int) and code in TITLES
}
"""Code -> its name here (``113 -> "INVALID_CODING"``)."""
