"""What one service instance is configured with (``Settings``), and how it reaches each worker.

The options are the rows of ``service.options.SETTINGS``. ``nrs-codec serve`` checks them once
(``build``), then hands them to uvicorn's workers through the
environment (``NRS_CODEC_SERVE``, JSON; the API key through ``NRS_CODEC_API_KEY`` only), so that
every worker process builds the same app from the same files. Nothing else is shared: the service
keeps no state between requests.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..provider.body import BodyError, parse_body
from ..provider.money import Money
from ..provider.prices import PriceTable, load_prices
from ..provider.profile import Profile
from .hosts import check_pattern, default_hosts
from .options import BY_NAME, SETTINGS, defaults

ENV = "NRS_CODEC_SERVE"
API_KEY_ENV = "NRS_CODEC_API_KEY"

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


@dataclass(frozen=True, kw_only=True)
class Settings:
    """One service's configuration. ``options`` holds every setting of the table
    (``service.options.SETTINGS``) by name, checked; ``settings["max_rows"]`` reads one. The rest
    is what they name, read and checked: the provider ``profile`` (its ``max_body_bytes`` is the
    body limit of every route), ``prices`` for costs, the account ``balance`` pre-flight checks
    costs against (error 111), the ``allowed_hosts`` (``service.hosts``; () for any). ``fast_path``
    answers ``POST /v1/analyze`` without FastAPI's routing (``service.fastpath``); off, the
    declared route answers it."""

    options: Mapping[str, object] = field(default_factory=lambda: MappingProxyType(defaults()))
    profile: Profile = field(default_factory=Profile)
    prices: PriceTable | None = None
    balance: Money | None = None
    allowed_hosts: tuple[str, ...] = ()
    fast_path: bool = True

    def __getitem__(self, name: str) -> Any:
        return self.options[name]

    @property
    def max_body(self) -> int:
        return self.profile.max_body_bytes

    @property
    def api_key(self) -> str | None:
        return self.options["api_key"] or None


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


def check(given: Mapping[str, object]) -> dict[str, object]:
    """Every setting of the table from ``given`` (names as in the table; missing ones take their
    default), each checked; ``SettingsError`` names the first that is wrong or unknown."""
    unknown = sorted(set(given) - BY_NAME.keys())
    if unknown:
        raise SettingsError(f"unknown settings {', '.join(unknown)}")
    try:
        return {s.name: s.check(given.get(s.name)) for s in SETTINGS}
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def build(**given: object) -> Settings:
    """Settings from the table's options by name (``max_body=2048``), every file read and checked
    (``SettingsError``)."""
    options = check(given)
    profile_file, prices_file = options["profile"], options["prices"]
    profile = load_profile(profile_file) if profile_file else Profile()
    if options["max_body"] is not None:
        try:
            profile = dataclasses.replace(profile, max_body_bytes=options["max_body"])
        except ValueError as exc:
            raise SettingsError(f"--max-body: {exc}") from None
    prices = None
    if prices_file:
        try:
            prices = load_prices(prices_file)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise SettingsError(f"cannot use the prices {prices_file}: {exc}") from None
    credit = None
    if options["balance"] is not None:
        try:
            credit = Money.parse(options["balance"], "--balance")
        except (TypeError, ValueError) as exc:
            raise SettingsError(str(exc)) from None
        if prices is not None and credit.currency != prices.currency:
            raise SettingsError(
                f"--balance {credit} is in {credit.currency} but the prices are in {prices.currency}"
            )
    try:
        hosts = tuple(check_pattern(h) for h in options["allowed_host"] or default_hosts(options["host"]))
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    for name in ("ssl_certfile", "ssl_keyfile"):
        if options[name] is not None and not os.access(options[name], os.R_OK):
            raise SettingsError(f"--{name.replace('_', '-')}: cannot read {options[name]}")
    if (options["ssl_certfile"] is None) != (options["ssl_keyfile"] is None):
        raise SettingsError("--ssl-certfile and --ssl-keyfile go together")
    return Settings(
        options=MappingProxyType(options), profile=profile, prices=prices, balance=credit, allowed_hosts=hosts
    )


def to_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a worker these settings (files by path, read again there; the
    API key in a variable of its own)."""
    data = {name: value for name, value in settings.options.items() if name != "api_key"}
    env = {ENV: json.dumps(data)}
    if settings.api_key:
        env[API_KEY_ENV] = settings.api_key
    return env


def from_env() -> Settings:
    """The settings ``to_env`` wrote; defaults when there are none."""
    data = json.loads(os.environ.get(ENV, "{}"))
    return build(**data, api_key=os.environ.get(API_KEY_ENV))
