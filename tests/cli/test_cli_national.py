"""The command line takes every national encoding name in --allowed and --encoding, and a country's
preset in --national."""

from __future__ import annotations

import json

import pytest

from nrs_codec.cli import main

HINDI_150 = (
    "नमस्ते! आपका ऑर्डर कल सुबह 10:30 बजे तक पहुँच जाएगा. कृपया घर पर रहें और अपना फोन चालू रखें. "
    "किसी भी सवाल के लिए हमें इसी नंबर पर संदेश भेजें. धन्यवाद"
)
TURKISH_78 = "ışığı" * 15 + "ışı"  # 78 letters that only the Turkish tables hold


def test_cli_allowed_and_encoding_take_every_name(capsys):
    assert main(["analyze", "--json", "--allowed", "gsm,gsm-hi,utf-16", HINDI_150]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["encoding"], row["parts"], row["lockingShift"]) == ("gsm-hi", 1, 6)
    assert main(["analyze", "--json", HINDI_150]) == 0  # the default allowed set: the provider's
    assert json.loads(capsys.readouterr().out)["encoding"] == "utf-16"
    assert main(["analyze", "--encoding", "gsm-tr", "Günaydın"]) == 0
    assert "gsm-tr (locking shift 1 Turkish, single shift 0 default)" in capsys.readouterr().out
    assert main(["encode", "--json", "--encoding", "gsm-es", "--reference", "7", "Sí"]) == 0
    assert json.loads(capsys.readouterr().out)["udh"] == "03240102"  # single shift element, Spanish


def test_cli_national_allows_a_countrys_preset(capsys):
    assert main(["analyze", "--json", "--national", "tr", TURKISH_78]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["encoding"], row["parts"], row["lockingShift"], row["singleShift"]) == (
        "gsm-tr-single",
        2,
        0,
        1,
    )
    assert main(["analyze", "--json", "--national", "IN", HINDI_150]) == 0
    assert json.loads(capsys.readouterr().out)["encoding"] == "gsm-hi"
    assert main(["encode", "--json", "--national", "TR", "--reference", "7", "ış"]) == 0
    assert json.loads(capsys.readouterr().out)["udh"] == "03240101"  # single shift element, Turkish
    # TU is no country (Turkey is TR): said, not answered without the Turkish table.
    for bad in (["--national", "TUR"], ["--national", "TU"], ["--national", "TR", "--allowed", "gsm"]):
        with pytest.raises(SystemExit) as exit_:
            main(["analyze", *bad, "x"])
        assert exit_.value.code == 2
    assert "--national" in capsys.readouterr().err
