"""The one recipient validator: an MSISDN with its country prefix, judged by phonenumbers."""

from __future__ import annotations

import pytest

from nrs_codec.provider.recipients import recipient


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("351912345678", "PT"),
        ("34612345678", "ES"),
        ("12125550123", "US"),
        ("14165550123", "CA"),
        ("447797869798", "JE"),  # +44 is shared; the number tells which
    ],
)
def test_a_valid_number_has_its_country(number, country):
    r = recipient(number)
    assert r.valid and r.country == country and r.number == number


@pytest.mark.parametrize("bad", ["0912345678", "351", "35191234567890123", "35191234567a", ""])
def test_what_is_not_an_msisdn_is_invalid_with_a_reason(bad):
    r = recipient(bad)
    assert not r.valid and r.reason
