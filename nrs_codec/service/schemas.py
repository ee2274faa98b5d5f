"""The service's request and response shapes as pydantic models: they validate the ``/v1`` request
bodies and make ``/openapi.json`` say exactly what each route takes and answers.

Every field is camelCase on the wire (``alias_generator``); request models are strict (``1`` is
not ``true``, ``"3"`` is not ``3``) and forbid unknown fields, so that a misspelt option is a 422
naming it instead of a default silently applied.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .._text import code_case
from ..core.results import MAX_PARTS
from ..core.rules import ALIASES, DEFAULT_ALLOWED, ENCODINGS, MAX_EXTRA_UDH

MAX_RECIPIENTS = 10**9  # parts x recipients stays an exact JavaScript number

# The names the service takes, exactly: the canonical ones and their aliases, lower-case as
# written (analyze itself also forgives case and spaces; an API that says what it takes does not).
EncodingName = Literal[tuple(dict.fromkeys((*ENCODINGS, *ALIASES)))]  # type: ignore[valid-type]
EncodingChoice = Literal[tuple(dict.fromkeys(("auto", *ENCODINGS, *ALIASES)))]  # type: ignore[valid-type]


def _integral(value: object) -> object:
    """JSON Schema's integers include ``48.0``; strict validation still refuses ``48.5``, ``"48"``
    and ``true``."""
    return int(value) if type(value) is float and value.is_integer() else value


JsonInt = Annotated[int, BeforeValidator(_integral)]


class Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Strict(Camel):
    # The camelCase names only: keep_graphemes is as unknown as any other misspelling.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=False, strict=True, extra="forbid")


# ---- requests --------------------------------------------------------------------------------------


class Options(Strict):
    """``analyze``'s options: ``encoding`` is ``auto`` or one of ``ENCODINGS`` (or an alias)."""

    encoding: EncodingChoice = Field("auto", description="auto, or an encoding (aliases accepted)")
    allowed: list[EncodingName] = Field(
        list(DEFAULT_ALLOWED), min_length=1, max_length=64, description="encodings auto may choose, in order"
    )
    keep_graphemes: bool = Field(False, description="keep extended grapheme clusters whole in utf-16")
    ref16: bool = Field(False, description="16-bit concatenation reference")
    extra_udh: JsonInt = Field(0, ge=0, le=MAX_EXTRA_UDH, description="octets of further UDH elements")


def _code_case(value):
    return code_case(value) if isinstance(value, str) else value


class AnalyzeRequest(Options):
    """``POST /v1/analyze``: the message, the options, and for the editor recipients and country."""

    text: str
    recipients: JsonInt = Field(1, ge=1, le=MAX_RECIPIENTS, description="totalSmsParts = parts x recipients")
    # Any case, as ISO 3166 codes are written ("pt" is PT; "uſ" is no code).
    country: Annotated[str | None, BeforeValidator(_code_case)] = Field(
        None, pattern="^[A-Z]{2}$", description="ISO 3166 country whose price gives the cost (any case)"
    )


class SuggestRequest(Options):
    """``POST /v1/suggest``: the message and the options."""

    text: str


class EncodeRequest(Strict):
    """``POST /v1/encode``: the message, the options ``encode`` takes, and for PDUs a destination."""

    model_config = ConfigDict(
        json_schema_extra={
            # An 8-bit concatenation reference is at most 255; 16-bit ones (ref16) go to 65535.
            "if": {"properties": {"ref16": {"const": True}}, "required": ["ref16"]},
            "then": {},
            "else": {"properties": {"reference": {"anyOf": [{"maximum": 255}, {"type": "null"}]}}},
        }
    )

    text: str
    encoding: EncodingChoice = "auto"
    allowed: list[EncodingName] = Field(list(DEFAULT_ALLOWED), min_length=1, max_length=64)
    keep_graphemes: bool = False
    ref16: bool = False
    destination: str | None = Field(
        None, pattern="^[0-9]{1,20}$", description="digits with the country prefix: each part as a PDU"
    )
    reference: JsonInt | None = Field(
        None, ge=0, le=0xFFFF, description="concatenation reference (8-bit, or 16-bit with ref16); random"
    )


class SendRequest(Camel):
    """The provider's ``POST /api/rest/sms`` body. Any JSON object is judged: a field of the wrong
    type is an error of the verdict (with the provider's code), not of the request."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    to: list[str] | str | None = Field(None, description="MSISDNs, digits with the country prefix, no +")
    sender: str | None = Field(None, alias="from", description="up to 15 digits or 11 letters and digits")
    message: str | None = None
    encoding: Literal["gsm", "gsm-pt", "utf-16"] | None = None
    parts: int | None = Field(None, description=f"the most parts the sender accepts, 1 to {MAX_PARTS}")
    schedule_date: str | None = Field(None, description="UTC YYYYmmddHHiiss")
    expiration_date: str | None = Field(None, description="UTC YYYYmmddHHiiss")
    notification_url: str | None = None
    campaign_name: str | None = None


# ---- answers ---------------------------------------------------------------------------------------

IndexedChar = Annotated[tuple[int, str], Field(description="[code point index, character]")]


class SuggestionModel(Camel):
    kind: str = Field(description="smart-encoding, line-endings, shorten-urls, encoding or combined")
    kinds: list[str]
    description: str
    parts_before: int | None
    parts_after: int
    encoding_before: str | None
    encoding_after: str
    text: str


class ErrorDetail(Camel):
    code: int = Field(description="the provider's error code (103, 113, 125, 422, ...) or the HTTP status")
    description: str
    field: str | None = None
    chars: list[IndexedChar] | None = Field(None, description="the first 100 characters at fault")
    count: int | None = Field(None, description="how many characters are at fault")
    line: int | None = None
    column: int | None = None
    offset: int | None = Field(None, description="byte offset in the body")
    key: str | None = Field(None, description="the duplicate key")
    limit: int | None = None
    index: int | None = Field(None, description="where the lone surrogate is")
    suggestions: list[SuggestionModel] | None = Field(
        None, description="113, 105: what would make it sendable"
    )


class ErrorResponse(Camel):
    error: ErrorDetail


class SuggestResponse(Camel):
    suggestions: list[SuggestionModel]


class Counts(Camel):
    encoding: str
    parts: int
    units: int
    locking_shift: int
    single_shift: int
    udh_octets: int
    capacity: int
    remaining: int


class AnalyzeResponse(Counts):
    spans: list[tuple[int, int]]
    non_gsm: list[IndexedChar]
    carriers: dict[str, list[str]] = Field(
        description="each character of nonGsm: the encodings that carry it"
    )
    suggestions: list[SuggestionModel]
    total_sms_parts: int
    cost: str | None = Field(description="exact decimal; null without prices or country")
    currency: str | None
    cost_note: str | None = Field(
        None, description="why cost is null (no prices, no country, no price for it)"
    )


class RowError(Camel):
    error: ErrorDetail


class AnalyzeManyResponse(Camel):
    rows: list[Counts | RowError]


class SegmentModel(Camel):
    text: str
    udh: str = Field(description="hex")
    user_data: str = Field(description="TP-UD, hex")
    udl: int
    data_coding: int
    short_message: str = Field(description="SMPP short_message, hex")
    pdu: str | None = Field(description="SMS-SUBMIT for AT+CMGS, hex, when a destination is given")


class EncodeResponse(Camel):
    segments: list[SegmentModel]


class PricesInfo(Camel):
    currency: str
    countries: list[str]


class ConfigResponse(Camel):
    version: str
    backend: str
    encodings: list[str]
    default_allowed: list[str]
    prices: PricesInfo | None


class PriceTableResponse(Camel):
    currency: str
    countries: dict[str, str]
    prefixes: dict[str, str]
    example: bool


class ProfileResponse(Camel):
    max_parts: int
    encodings: list[str]
    default_encoding: str
    ref16: bool
    force_shifts: bool


class HealthResponse(Camel):
    status: Literal["ok"]
    version: str
    backend: str


class VerdictError(Camel):
    code: int
    http_status: int
    field: str | None
    description: str


class VerdictWarning(Camel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    rule: str
    country: str | None
    message: str
    held_until: str | None = None
    recipients: int | None = None


class VerdictRecipient(Camel):
    number: str
    country: str | None
    valid: bool
    price: str | None
    cost: str | None
    reason: str | None = None


class VerdictResponse(Camel):
    ok: bool
    errors: list[VerdictError]
    warnings: list[VerdictWarning]
    total: int
    total_sms_parts: int | None
    parts: int | None
    encoding: str | None
    cost: str | None
    currency: str | None
    recipients: list[VerdictRecipient]
    send_at: str
    suggestions: list[SuggestionModel]


class RejectionResponse(VerdictResponse):
    """A rejected send request: the provider's ``error`` object (the first error's ``code`` and
    ``description``) at the top level, beside the verdict."""

    error: ErrorDetail


REQUEST_MODELS = (AnalyzeRequest, SuggestRequest, EncodeRequest, SendRequest)
"""Request bodies are read by the service itself (strictly, see ``provider.body``), not by
FastAPI; the OpenAPI schema gets them from here."""


def json_body(model: type[BaseModel] | None, *, extra: dict | None = None) -> dict:
    """``openapi_extra`` for a route whose JSON body is ``model`` (and ``extra`` content types)."""
    content = {}
    if model is not None:
        content["application/json"] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
    content.update(extra or {})
    return {"requestBody": {"required": True, "content": content}}


def errors(*statuses: int) -> dict:
    """The ``responses`` of a route for its error statuses, all ``ErrorResponse``."""
    return {status: {"model": ErrorResponse} for status in statuses}
