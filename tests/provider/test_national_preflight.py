"""Pre-flight keeps to the encodings the provider (or the profile) accepts, and says what a
national encoding it does not accept would cost."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import nrs_codec
from nrs_codec import Profile

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
HINDI = "आपका ऑर्डर कल सुबह 10:30 बजे तक पहुँच जाएगा. कृपया घर पर रहें. धन्यवाद " * 2


def request(**fields):
    return {"to": ["919876543210"], "from": "ACME", "message": HINDI, **fields}


def test_preflight_refuses_an_encoding_the_provider_does_not_accept_and_says_what_it_costs():
    v = nrs_codec.preflight(request(encoding="gsm-hi", parts=3), now=NOW)
    assert [(e.code, e.field) for e in v.errors] == [(113, "encoding")]
    a_utf16, a_hindi = nrs_codec.analyze(HINDI, "utf-16"), nrs_codec.analyze(HINDI, "gsm-hi")
    assert (a_utf16.parts, a_hindi.parts) == (3, 1)
    assert v.errors[0].description == (
        "encoding 'gsm-hi' is not one of gsm, gsm-pt, utf-16: "
        "send it as 'utf-16', 3 parts (gsm-hi would take 1)"
    )
    assert (
        nrs_codec.preflight(request(parts=3), now=NOW, profile=Profile(default_encoding="utf-16")).parts == 3
    )


def test_a_profile_may_accept_national_encodings():
    profile = Profile(encodings=("gsm", "gsm-hi", "utf-16"))
    v = nrs_codec.preflight(request(encoding="gsm-hi"), now=NOW, profile=profile)
    assert v.ok and (v.encoding, v.parts, v.analysis.locking_shift) == ("gsm-hi", 1, 6)
    v = nrs_codec.preflight(request(encoding="gsm-pt"), now=NOW, profile=profile)
    assert v.errors[0].code == 113 and "is not one of gsm, gsm-hi, utf-16" in v.errors[0].description
    # The auto choice in suggestions keeps to the profile too: gsm cannot, gsm-hi can.
    v = nrs_codec.preflight(request(), now=NOW, profile=profile)
    assert v.errors[0].description.endswith("gsm-hi can, in 1 part")
    for bad in (("gsm", "klingon"), ("gsm", "gsm"), (), ["gsm", "utf-16"]):
        with pytest.raises(ValueError, match="encodings must be"):
            Profile(encodings=bad)
    with pytest.raises(ValueError, match="default_encoding must be one of gsm-hi, utf-16"):
        Profile(encodings=("gsm-hi", "utf-16"))


def test_a_turkish_gateway_profile_counts_parts_as_turkish_handsets_send():
    # A gateway to Turkey that sends as its handsets do: the Turkish single shift table alone.
    profile = Profile(encodings=nrs_codec.national_encodings("TR"))
    text = "ışığı" * 15 + "ışı"  # 78 letters: 1 part with the Turkish locking table, 2 without
    body = {"to": ["905321234567"], "from": "ACME", "message": text}
    v = nrs_codec.preflight({**body, "encoding": "gsm-tr-single"}, now=NOW, profile=profile)
    assert v.errors[0].code == 105  # one part allowed (the provider's default), two needed
    v = nrs_codec.preflight({**body, "encoding": "gsm-tr-single", "parts": 2}, now=NOW, profile=profile)
    assert v.ok and (v.parts, v.analysis.locking_shift, v.analysis.single_shift) == (2, 0, 1)
    v = nrs_codec.preflight({**body, "encoding": "gsm-tr"}, now=NOW, profile=profile)
    assert v.errors[0].code == 113 and "is not one of gsm, gsm-tr-single, utf-16" in v.errors[0].description
