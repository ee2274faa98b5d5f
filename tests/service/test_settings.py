"""The table of ``serve``'s settings drives the options, their checks, the workers' environment and
the documentation: one row per setting, nowhere else."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from _server import PRICES, ROOT

from nrs_codec.cli import serve as serve_cli
from nrs_codec.provider.profile import Profile
from nrs_codec.service import settings as service_settings
from nrs_codec.service.options import SETTINGS
from nrs_codec.service.settings import Settings, SettingsError, build, from_env, to_env

DOCS = ROOT / "docs" / "serve.md"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser()
    serve_cli.add_parser(top.add_subparsers())
    return top


def test_every_setting_is_an_option_at_its_default():
    args = parser().parse_args(["serve"])
    options = service_settings.check({s.name: getattr(args, s.name) for s in SETTINGS})
    assert options == {s.name: s.default for s in SETTINGS}


def test_every_setting_is_documented_with_its_default():
    page = Path(DOCS).read_text(encoding="utf-8")
    for s in SETTINGS:
        default = "off" if s.flag else ("none" if s.default in (None, ()) else s.default)
        shown = f"{s.option} {s.metavar}" if s.metavar else s.option
        assert f"| `{shown}` | {default} | {s.help} |" in page, s.name


def test_the_environment_gives_the_workers_the_same_settings(monkeypatch):
    given = {
        "prices": str(PRICES),
        "balance": "5 EUR",
        "cors": ("https://a.example",),
        "max_body": 2048,
        "max_rows": 7,
        "allowed_host": ("sms.example.com",),
        "body_timeout": 2.5,
        "linger_bytes": 1000,
        "api_key": "s3cr3t-k3y",
    }
    settings = build(**given)
    for name, value in to_env(settings).items():
        monkeypatch.setenv(name, value)
    again = from_env()
    assert again.options == settings.options and again.max_body == 2048 and again.api_key == "s3cr3t-k3y"
    assert "s3cr3t" not in os.environ[service_settings.ENV]  # the key travels in its own variable only


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"port": "x"}, "--port: a port is 0 to 65535, not 'x'"),
        ({"body_timeout": 0}, "--body-timeout: expected seconds above 0"),
        ({"access_log": "yes"}, "--access-log is on or off"),
        ({"cors": "https://a.example"}, "--cors takes a list"),
        ({"max_bodies": 3}, "unknown settings max_bodies"),
    ],
)
def test_a_wrong_setting_is_named(given, message):
    with pytest.raises(SettingsError, match="^" + message.replace("(", r"\(")):
        build(**given)


def test_settings_are_given_by_keyword():
    with pytest.raises(TypeError):
        Settings(Profile())  # type: ignore[misc]
    assert Settings(profile=Profile(max_parts=3)).profile.max_parts == 3
