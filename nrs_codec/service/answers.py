"""The ``/v1`` answers: requests turned into engine calls, results into camelCase JSON, engine
errors into the service's (113 and 105 are 400, text that is not valid Unicode and bad options 422).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from ..batch.results import ROW_REASONS, Batch, encoding_name
from ..core.engine import analyze
from ..core.results import EncodingError, InvalidTextError, TooManyPartsError
from ..core.rules import ENCODINGS, SHIFT_IE, UTF16, capacity, udh_octets
from ..core.suggest import suggest
from ..provider.money import EXACT, format_money
from ..provider.prices import PriceTable
from ..wire.segments import encode
from .errors import ApiError
from .schemas import AnalyzeRequest, EncodeRequest, Options


@contextmanager
def engine_errors() -> Iterator[None]:
    """The engine's exceptions as the service's errors."""
    try:
        yield
    except EncodingError as exc:
        chars = [[i, c] for i, c in exc.chars]  # the first MAX_REPORTED
        raise ApiError(400, 113, str(exc), chars=chars, count=exc.count, field="text") from None
    except TooManyPartsError as exc:
        raise ApiError(400, 105, str(exc), field="text") from None
    except InvalidTextError as exc:
        raise ApiError(422, 422, str(exc), field="text", index=exc.index) from None
    except (ValueError, TypeError) as exc:  # options analyze refuses: an unknown encoding, ...
        raise ApiError(422, 422, str(exc)) from None


def options(req: Options) -> dict:
    """``analyze``'s keyword arguments from a request's options."""
    return {
        "allowed": tuple(req.allowed),
        "keep_graphemes": req.keep_graphemes,
        "ref16": req.ref16,
        "extra_udh": req.extra_udh,
    }


@lru_cache(maxsize=4096)
def carriers_of(char: str) -> tuple[str, ...]:
    """The encodings of ``ENCODINGS`` that can carry ``char``."""
    found: list[str] = []
    for encoding in ENCODINGS:
        try:
            analyze(char, encoding)
        except EncodingError:
            continue
        found.append(encoding)
    return tuple(found)


def cost(prices: PriceTable | None, country: str | None, total_parts: int) -> str | None:
    """The exact cost of ``total_parts`` parts to ``country`` (None without a price)."""
    if prices is None or country is None:
        return None
    price = prices.countries.get(country)
    return None if price is None else format_money(EXACT.multiply(price, total_parts))


def analyze_answer(req: AnalyzeRequest, prices: PriceTable | None) -> dict:
    """``POST /v1/analyze``: the analysis, the carriers of each character outside GSM, the
    suggestions, and for the editor ``totalSmsParts`` and the cost."""
    opts = options(req)
    try:
        with engine_errors():
            a = analyze(req.text, req.encoding, **opts)
    except ApiError as exc:
        if exc.code in (105, 113):  # the changes that would make it sendable go with the error
            exc.details["suggestions"] = [s.to_dict() for s in suggest(req.text, req.encoding, **opts)]
        raise
    found = suggest(req.text, req.encoding, **opts)
    out = a.to_dict()
    out["carriers"] = {c: carriers_of(c) for _, c in a.non_gsm}
    out["suggestions"] = [s.to_dict() for s in found]
    out["totalSmsParts"] = total = a.parts * req.recipients
    out["cost"] = cost(prices, req.country, total)
    out["currency"] = None if prices is None else prices.currency
    out["costNote"] = None if out["cost"] is not None else cost_note(prices, req.country)
    return out


def cost_note(prices: PriceTable | None, country: str | None) -> str:
    """Why ``/v1/analyze`` has no cost for ``country``."""
    if prices is None:
        return "no price table: start the service with --prices FILE"
    if country is None:
        return "no country: give country (ISO 3166, e.g. PT) for the cost"
    import pycountry

    if pycountry.countries.get(alpha_2=country) is None:
        return f"{country} is not an ISO 3166 country code"
    return f"the price table has no price for {country}"


def suggest_answer(text: str, encoding: str, opts: dict) -> dict:
    with engine_errors():
        return {"suggestions": [s.to_dict() for s in suggest(text, encoding, **opts)]}


def batch_rows(batch: Batch, unreadable: dict[int, str], ref16: bool, extra_udh: int) -> list[dict]:
    """``POST /v1/analyze-many``'s rows: the counts of each, or its error. ``capacity`` and
    ``udhOctets``, which ``analyze_many`` does not keep, follow from the row's tables and parts as
    ``analyze`` finds them. ``unreadable`` maps NDJSON rows that were not JSON to why."""
    rows = []
    names = ("encoding", "parts", "units", "remaining", "locking_shift", "single_shift", "error")
    columns = [getattr(batch, name).tolist() for name in names]
    for i, (enc, parts, units, remaining, locking, single, error) in enumerate(zip(*columns, strict=True)):
        if i in unreadable:
            rows.append({"error": {"code": 125, "description": unreadable[i]}})
            continue
        if error:
            rows.append({"error": {"code": error, "description": ROW_REASONS[error]}})
            continue
        name = encoding_name(enc)
        shift = 0 if name == UTF16 else SHIFT_IE * ((locking != 0) + (single != 0))
        udh = udh_octets(shift, parts > 1, ref16, extra_udh)
        rows.append(
            {
                "encoding": name,
                "parts": parts,
                "units": units,
                "lockingShift": locking,
                "singleShift": single,
                "udhOctets": udh,
                "capacity": capacity(name != UTF16, udh),
                "remaining": remaining,
            }
        )
    return rows


def encode_answer(req: EncodeRequest) -> dict:
    """``POST /v1/encode``: each part's header, user data, SMPP short_message and PDU, in hex."""
    with engine_errors():
        segments = encode(
            req.text,
            req.encoding,
            reference=req.reference,
            ref16=req.ref16,
            keep_graphemes=req.keep_graphemes,
            allowed=tuple(req.allowed),
        )
    out = []
    for s in segments:
        pdu = None
        if req.destination is not None:
            try:
                pdu = s.to_submit_pdu(req.destination).hex()
            except ValueError as exc:
                raise ApiError(422, 422, f"destination: {exc}", field="destination") from None
        out.append(
            {
                "text": s.text,
                "udh": s.udh.hex(),
                "userData": s.user_data.hex(),
                "udl": s.udl,
                "dataCoding": s.data_coding,
                "shortMessage": s.short_message().hex(),
                "pdu": pdu,
            }
        )
    return {"segments": out}
