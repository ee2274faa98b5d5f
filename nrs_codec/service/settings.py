"""What one service instance is configured with (``Settings``), and how it reaches each worker.

``nrs-codec serve`` checks the options once, then hands them to uvicorn's workers through the
environment (``NRS_CODEC_SERVE``, JSON; the API key through ``NRS_CODEC_API_KEY`` only), so that
every worker process builds the same app from the same files. Nothing else is shared: the service
keeps no state between requests.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..provider.body import BodyError, parse_body
from ..provider.money import Money
from ..provider.prices import PriceTable, load_prices
from ..provider.profile import Profile
from .hosts import check_pattern

ENV = "NRS_CODEC_SERVE"
API_KEY_ENV = "NRS_CODEC_API_KEY"
MAX_ROWS = 10_000

# The profile file's camelCase keys -> Profile's fields.
PROFILE_KEYS = {
    "maxParts": "max_parts",
    "senderMaxAlphanumeric": "sender_max_alphanumeric",
    "senderMaxNumeric": "sender_max_numeric",
    "defaultEncoding": "default_encoding",
    "ref16": "ref16",
    "forceShifts": "force_shifts",
    "maxBodyBytes": "max_body_bytes",
}


class SettingsError(ValueError):
    """An option or file the service cannot start with; the message names it."""


@dataclass(frozen=True)
class Settings:
    """One service's configuration: the provider ``profile`` (its ``max_body_bytes`` is the body
    limit of every route), ``prices`` for costs, the account ``balance`` pre-flight checks costs
    against (error 111), the ``api_key`` (None: no authentication), the CORS origins, and the
    row limit of ``/v1/analyze-many``, the ``allowed_hosts`` (``service.hosts``; () for any).
    ``fast_path`` answers ``POST /v1/analyze`` without
    FastAPI's routing (``service.fastpath``); off, the declared route answers it."""

    profile: Profile = field(default_factory=Profile)
    prices: PriceTable | None = None
    balance: Money | None = None
    api_key: str | None = None
    cors: tuple[str, ...] = ()
    max_rows: int = MAX_ROWS
    prices_file: str | None = None
    profile_file: str | None = None
    fast_path: bool = True
    allowed_hosts: tuple[str, ...] = ()

    @property
    def max_body(self) -> int:
        return self.profile.max_body_bytes


def load_profile(path: str) -> Profile:
    """A ``Profile`` from a JSON file of its fields in camelCase (``{"maxParts": 10}``)."""
    try:
        data = parse_body(Path(path).read_bytes())
    except OSError as exc:
        raise SettingsError(f"cannot read the profile {path}: {exc.strerror or exc}") from None
    except BodyError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    unknown = [k for k in data if k not in PROFILE_KEYS]
    if unknown:
        raise SettingsError(f"{path}: unknown keys {', '.join(unknown)}; known: {', '.join(PROFILE_KEYS)}")
    try:
        return Profile(**{PROFILE_KEYS[k]: v for k, v in data.items()})
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{path}: {exc}") from None


def build(
    *,
    prices_file: str | None = None,
    profile_file: str | None = None,
    balance: str | None = None,
    api_key: str | None = None,
    cors: tuple[str, ...] = (),
    max_body: int | None = None,
    max_rows: int = MAX_ROWS,
    allowed_hosts: tuple[str, ...] = (),
) -> Settings:
    """Settings from the command line's options, every file read and checked (``SettingsError``)."""
    profile = load_profile(profile_file) if profile_file else Profile()
    if max_body is not None:
        try:
            profile = dataclasses.replace(profile, max_body_bytes=max_body)
        except ValueError as exc:
            raise SettingsError(f"--max-body: {exc}") from None
    prices = None
    if prices_file:
        try:
            prices = load_prices(prices_file)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise SettingsError(f"cannot use the prices {prices_file}: {exc}") from None
    credit = None
    if balance is not None:
        try:
            credit = Money.parse(balance, "--balance")
        except (TypeError, ValueError) as exc:
            raise SettingsError(str(exc)) from None
        if prices is not None and credit.currency != prices.currency:
            raise SettingsError(
                f"--balance {credit} is in {credit.currency} but the prices are in {prices.currency}"
            )
    if type(max_rows) is not int or max_rows < 1:
        raise SettingsError(f"--max-rows must be a positive integer, not {max_rows!r}")
    try:
        hosts = tuple(check_pattern(h) for h in allowed_hosts)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    return Settings(
        profile,
        prices,
        credit,
        api_key or None,
        tuple(cors),
        max_rows,
        prices_file,
        profile_file,
        allowed_hosts=hosts,
    )


def to_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a worker these settings (files by path, read again there)."""
    data = {
        "prices": settings.prices_file,
        "profile": settings.profile_file,
        "maxBody": settings.max_body,
        "balance": None if settings.balance is None else str(settings.balance),
        "cors": list(settings.cors),
        "maxRows": settings.max_rows,
        "allowedHosts": list(settings.allowed_hosts),
    }
    env = {ENV: json.dumps(data)}
    if settings.api_key:
        env[API_KEY_ENV] = settings.api_key
    return env


def from_env() -> Settings:
    """The settings ``to_env`` wrote; defaults when there are none."""
    data = json.loads(os.environ.get(ENV, "{}"))
    return build(
        prices_file=data.get("prices"),
        profile_file=data.get("profile"),
        balance=data.get("balance"),
        api_key=os.environ.get(API_KEY_ENV),
        cors=tuple(data.get("cors", ())),
        max_body=data.get("maxBody"),
        max_rows=data.get("maxRows", MAX_ROWS),
        allowed_hosts=tuple(data.get("allowedHosts", ())),
    )
