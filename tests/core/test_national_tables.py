"""The national language tables of TS 23.038 Annex A, pinned: against an independent transcription
(gsmcodecs, from V18), against the layout every table of a family shares, and against worked
entries, including the places where sources disagree; then the generator's checks and the
per-country presets."""

from __future__ import annotations

import importlib.util
import os
import unicodedata
from pathlib import Path

import pytest

import nrs_codec
from nrs_codec._generated import tables as _tables
from nrs_codec.core import septets as _packing
from nrs_codec.core.rules import ENCODINGS

try:
    from nrs_codec._native import engine as _cpacking
except ImportError:
    if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
        raise
    _cpacking = None
TWINS = [m for m in (_packing, _cpacking) if m is not None]
ROOT = Path(__file__).resolve().parents[2]
INDIC = range(4, 14)  # Bengali to Urdu share one layout (Annex A.2.4-13, A.3.4-13)

# Where gsmcodecs reads the standard differently from our tables, by (language, kind, septet):
# (ours, theirs). Every other position of every table must agree.
# - 0x2C of the Indic and Urdu locking tables is a comma: so V9.1.1 (Android's transcription) and
#   V16 print it, and so the shared layout has it (the default alphabet's 0x2C, ',' beside '.').
#   gsmcodecs has an apostrophe, which would leave ',' nowhere in those tables.
# - 0x65 of the Telugu single shift table is the euro sign, as in every other single shift table
#   (V16, Android); gsmcodecs' transcription of that table stops before its column 6.
# - 0x24 of the Kannada locking table is DDA, as Android and warthog618/sms read it; gsmcodecs
#   has the PA that the standard prints there (an erratum: PA is at 0x3D, DDA nowhere else).
GSMCODECS_DIFFERS = {
    **{(lang, "locking", 0x2C): (ord(","), ord("'")) for lang in INDIC},
    (12, "singleShift", 0x65): (0x20AC, None),
    (7, "locking", 0x24): (0x0CA1, 0x0CAA),
}


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "tables" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ours(lang: int, kind: str) -> dict[int, int] | None:
    return (_tables.LOCKING if kind == "locking" else _tables.SINGLE)[lang]


@pytest.mark.parametrize("lang", sorted(_tables.LANGUAGES))
@pytest.mark.parametrize("kind", ["locking", "singleShift"])
def test_every_table_matches_gsmcodecs_but_where_the_standard_says_otherwise(lang, kind):
    charmaps = pytest.importorskip("gsmcodecs.charmaps").GSMCHARMAPS
    ours = _ours(lang, kind)
    if kind not in charmaps[lang]:
        assert ours is None  # Spanish: no locking shift table in either
        return
    # gsmcodecs decodes 0x1B (the escape, or the reserved SS2) as a space: not a character.
    theirs = {s: cp for s, cp in charmaps[lang][kind]["decode"].items() if s != 0x1B}
    differs = {s: (ours.get(s), theirs.get(s)) for s in range(0x80) if ours.get(s) != theirs.get(s)}
    expected = {s: pair for (lg, kd, s), pair in GSMCODECS_DIFFERS.items() if (lg, kd) == (lang, kind)}
    assert differs == expected


def test_the_languages_of_annex_a_with_their_tables():
    assert _tables.LANGUAGES == {
        0: "default", 1: "Turkish", 2: "Spanish", 3: "Portuguese", 4: "Bengali", 5: "Gujarati",
        6: "Hindi", 7: "Kannada", 8: "Malayalam", 9: "Oriya", 10: "Punjabi", 11: "Tamil",
        12: "Telugu", 13: "Urdu",
    }  # fmt: skip
    assert [lang for lang, t in _tables.LOCKING.items() if t is None] == [2]
    assert all(_tables.SINGLE.values())
    assert ENCODINGS == (
        "gsm", "gsm-pt", "utf-16", "gsm-tr", "gsm-es", "gsm-bn", "gsm-gu", "gsm-hi", "gsm-kn",
        "gsm-ml", "gsm-or", "gsm-pa", "gsm-ta", "gsm-te", "gsm-ur", "gsm-tr-single",
    )  # fmt: skip
    assert nrs_codec.DEFAULT_ALLOWED == ("gsm", "gsm-pt", "utf-16")


@pytest.mark.parametrize("lang", INDIC)
def test_indic_and_urdu_tables_share_the_layout_of_annex_a(lang):
    locking, single = _tables.LOCKING[lang], _tables.SINGLE[lang]
    shared = {0x0A: "\n", 0x0D: "\r", 0x20: " ", 0x21: "!", 0x28: ")", 0x29: "(", 0x2C: ",", 0x2E: "."}
    shared.update({0x30 + d: str(d) for d in range(10)})
    shared.update({0x3A: ":", 0x3B: ";", 0x3F: "?"})
    shared.update({0x61 + i: chr(0x61 + i) for i in range(26)})
    assert {s: chr(locking[s]) for s in shared} == shared
    assert 0x1B not in locking
    # Single shift: the default alphabet's punctuation low, the default extension's characters at
    # their usual places, capital Latin letters and the euro sign.
    shift = dict(enumerate("@£$¥¿\"¤%&'\x0c*+"))  # 0x00 to 0x0C; 0x0D is the reserved CR2
    shift.update({0x0E: "-", 0x0F: "/", 0x10: "<", 0x11: "=", 0x12: ">", 0x13: "¡", 0x14: "^", 0x15: "¡"})
    shift.update({0x16: "_", 0x17: "#", 0x18: "*", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~"})
    shift.update({0x3E: "]", 0x40: "|", 0x65: "€", **{0x41 + i: chr(0x41 + i) for i in range(26)}})
    assert {s: chr(single[s]) for s in shift} == shift
    assert 0x0D not in single and 0x1B not in single


def test_worked_entries():
    tr, tr1 = _tables.LOCKING[1], _tables.SINGLE[1]
    assert {s: chr(tr[s]) for s in (0x04, 0x07, 0x0B, 0x0C, 0x1C, 0x1D, 0x40, 0x60)} == dict(
        zip((0x04, 0x07, 0x0B, 0x0C, 0x1C, 0x1D, 0x40, 0x60), "€ıĞğŞşİç", strict=True)
    )
    assert {chr(cp) for cp in tr1.values()} >= set("ĞİŞçğış€")
    es = _tables.SINGLE[2]
    assert {s: chr(es[s]) for s in (0x09, 0x41, 0x49, 0x4F, 0x55, 0x61, 0x69, 0x6F, 0x75)} == dict(
        zip((0x09, 0x41, 0x49, 0x4F, 0x55, 0x61, 0x69, 0x6F, 0x75), "çÁÍÓÚáíóú", strict=True)
    )
    assert "ñ" not in {chr(cp) for cp in es.values()}  # ñ is in the default alphabet (0x7D)
    assert (_tables.LOCKING[6][0x00], _tables.LOCKING[6][0x15], _tables.LOCKING[13][0x00]) == (
        0x0901,  # DEVANAGARI SIGN CANDRABINDU
        0x0915,  # DEVANAGARI LETTER KA
        0x0627,  # ARABIC LETTER ALEF
    )
    # Sources disagree here; the files say why each entry is what it is.
    assert (_tables.LOCKING[7][0x24], _tables.LOCKING[7][0x3D]) == (0x0CA1, 0x0CAA)  # printed: PA twice
    assert (_tables.SINGLE[11][0x24], _tables.SINGLE[11][0x25]) == (0x0BEE, 0x0BEF)  # V16: 0BEF twice
    assert (_tables.SINGLE[12][0x22], _tables.SINGLE[12][0x23]) == (0x0C6C, 0x0C6D)  # V9.1.1: Arabic


def test_every_entry_is_a_bmp_character():
    for tables in (_tables.LOCKING, _tables.SINGLE):
        for table in tables.values():
            for cp in (table or {}).values():
                assert cp <= 0xFFFF and not 0xD800 <= cp <= 0xDFFF


def test_characters_printed_twice_decode_from_both_and_encode_at_the_higher():
    # Bengali single shift 0x13/0x15 (¡) and 0x0B/0x18 (*).
    assert b"\x1b\x13\x1b\x15\x1b\x0b\x1b\x18".decode("gsm-bn") == "¡¡**"
    assert "¡*".encode("gsm-bn") == b"\x1b\x15\x1b\x18"
    for twin in TWINS:  # both septet back ends make the same choice
        assert twin.to_septets("¡*", 4, 4) == (b"\x1b\x15\x1b\x18", 2)


# Unicode orders the consonants of every Indic script alike, and the Annex A locking tables follow
# it: 0x22 to 0x27 hold TTA, TTHA, DDA, DDHA, NNA, TA and 0x3D holds PA wherever the script has
# them (Tamil has no TTHA, DDA or DDHA; Urdu is Arabic script).
RETROFLEX = {0x22: "TTA", 0x23: "TTHA", 0x24: "DDA", 0x25: "DDHA", 0x26: "NNA", 0x27: "TA", 0x3D: "PA"}


@pytest.mark.parametrize("lang", [lg for lg in INDIC if lg not in (11, 13)])
def test_indic_locking_tables_keep_the_consonants_in_unicode_order(lang):
    table = _tables.LOCKING[lang]
    assert {s: unicodedata.name(chr(table[s])).split(" LETTER ")[1] for s in RETROFLEX} == RETROFLEX


def test_kannada_dda_is_sent_at_0x24_as_handsets_read_it():
    # The standard prints PA at 0x24 as well as at 0x3D; Android and warthog618/sms read DDA, and as
    # printed DDA (ಡ) could not be sent in gsm-kn at all.
    assert "ಡಪ".encode("gsm-kn") == b"\x24\x3d"
    assert b"\x24\x3d".decode("gsm-kn") == "ಡಪ"
    for twin in TWINS:
        assert twin.to_septets("ಡಪ", 7, 7) == (b"\x24\x3d", 2)
        assert twin.from_septets(b"\x24\x3d", 7, 7) == ("ಡಪ", 2)
    # "Your order will arrive tomorrow" (ಡ in ಡೆಲಿವರಿ, delivery): one gsm-kn part, not utf-16.
    text = "ನಿಮ್ಮ ಆರ್ಡರ್ ನಾಳೆ ಡೆಲಿವರಿ ಆಗುತ್ತದೆ. ಧನ್ಯವಾದಗಳು! " * 2
    a = nrs_codec.analyze(text, allowed=nrs_codec.national_encodings("IN"))
    assert (a.encoding, a.parts, a.locking_shift) == ("gsm-kn", 1, 7)
    assert nrs_codec.analyze(text, "gsm-kn").units == len(text)


def test_generated_module_is_current_and_lists_every_table():
    gen = _load_generator()
    assert gen.render() == (ROOT / "nrs_codec" / "_generated" / "tables.py").read_text(encoding="utf-8")
    listed = {name for lg in gen.read_languages() for name in lg["files"] if name != "-"}
    on_disk = {p.name for p in (ROOT / "tables").glob("*.tsv")}
    on_disk -= {"languages.tsv", "national_presets.tsv", "countries.tsv"}
    assert listed == on_disk


def _table_file(tmp_path, *rows: str) -> Path:
    path = tmp_path / "t.tsv"
    path.write_text("septet\tcodepoint\tname\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_generator_rejects_what_the_standard_does_not_allow(tmp_path):
    gen = _load_generator()
    with pytest.raises(ValueError, match="outside the BMP"):
        gen.read_table(_table_file(tmp_path, "0x01\tU+1F600\tGRINNING FACE"))
    with pytest.raises(ValueError, match="not a character position"):
        gen.read_table(_table_file(tmp_path, "0x0D\tU+0041\tA"), single=True)
    assert gen.read_table(_table_file(tmp_path, "0x0D\tU+000D\tCR")) == {0x0D: 0x0D}  # locking: CR
    with pytest.raises(ValueError, match="already at 0x01"):
        gen.read_table(_table_file(tmp_path, "0x01\tU+0041\tA", "0x02\tU+0041\tA (also at 0x03)"))
    with pytest.raises(ValueError, match="said to repeat 0x01"):
        gen.read_table(_table_file(tmp_path, "0x02\tU+0041\tA (also at 0x01)"))
    repeated = gen.read_table(_table_file(tmp_path, "0x01\tU+0041\tA", "0x02\tU+0041\tA (also at 0x01)"))
    assert repeated == {0x01: 0x41, 0x02: 0x41}


INDIAN = ("gsm-bn", "gsm-gu", "gsm-hi", "gsm-kn", "gsm-ml", "gsm-or", "gsm-pa", "gsm-ta", "gsm-te", "gsm-ur")


def test_national_encodings_follow_androids_country_overlays():
    # AOSP: values-mcc286 enables the Turkish single shift table (1) and leaves the locking one
    # commented out; config.xml asks Indian devices for tables 4 to 13; no overlay enables the
    # Spanish or Portuguese tables in Spain or Portugal.
    assert _tables.NATIONAL_PRESETS == {"IN": (tuple(range(4, 14)), tuple(range(4, 14))), "TR": ((1,), ())}
    assert nrs_codec.national_encodings("IN") == ("gsm", *INDIAN, "utf-16")
    assert nrs_codec.national_encodings(" tr ") == ("gsm", "gsm-tr-single", "utf-16")
    for country in ("ES", "PT", "BR", "US"):
        assert nrs_codec.national_encodings(country) == ("gsm", "utf-16")
    for country in ("IND", "", "1N", "ÍN"):
        with pytest.raises(ValueError, match="ISO 3166-1 alpha-2"):
            nrs_codec.national_encodings(country)
    with pytest.raises(TypeError):
        nrs_codec.national_encodings(91)


def test_a_preset_is_an_allowed_set_that_chooses_national_tables():
    hindi = "आपका ऑर्डर कल सुबह 10:30 बजे तक पहुँच जाएगा. " * 2
    a = nrs_codec.analyze(hindi, allowed=nrs_codec.national_encodings("IN"))
    assert (a.encoding, a.parts, a.locking_shift) == ("gsm-hi", 1, 6)
    assert nrs_codec.analyze(hindi).encoding == "utf-16"  # the provider's default set


def test_a_preset_enabling_one_table_of_a_language_names_an_encoding_limited_to_it():
    assert _tables.RESTRICTED_ENCODINGS == {"gsm-tr-single": (1, False, True)}
    gen = _load_generator()
    languages = gen.read_languages()
    presets = {
        "TR": ((1,), ()),  # Turkish: the single shift table alone
        "XA": ((), (1, 3)),  # locking tables alone
        "XB": ((2, 6), (6,)),  # Spanish has no locking table: its own name; Hindi: both tables
        "XC": ((4, 5), (5,)),  # Bengali single alone, Gujarati both
    }
    restricted, by_country = gen.preset_encodings(languages, presets)
    assert restricted == {
        "gsm-tr-locking": (1, True, False),
        "gsm-tr-single": (1, False, True),
        "gsm-pt-locking": (3, True, False),
        "gsm-bn-single": (4, False, True),
    }
    assert by_country == {
        "TR": ("gsm-tr-single",),
        "XA": ("gsm-tr-locking", "gsm-pt-locking"),
        "XB": ("gsm-es", "gsm-hi"),
        "XC": ("gsm-bn-single", "gsm-gu"),
    }


def _presets_file(tmp_path, *rows: str) -> Path:
    path = tmp_path / "national_presets.tsv"
    path.write_text(
        "country\tmcc\tsingle\tlocking\tsource\n" + "".join(r + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_generator_rejects_presets_the_tables_cannot_give(tmp_path, monkeypatch):
    gen = _load_generator()
    for case, (row, error) in enumerate(
        [
            ("ES\t214\t-\t2\tx", "language 2 has no locking shift table"),
            ("TR\t286\t1,1\t-\tx", "ascending and distinct"),
            ("Tr\t286\t1\t-\tx", "not a new ISO 3166 alpha-2 code"),
            ("TU\t286\t1\t-\tx", "not a new ISO 3166 alpha-2 code"),  # no country: countries.tsv
            ("TR\t286\t1\t-\t ", "names its source"),
        ]
    ):
        tables = tmp_path / str(case)
        tables.mkdir()
        files = {f for lg in gen.read_languages() for f in lg["files"] if f != "-"}
        for name in ("languages.tsv", "countries.tsv", *files):
            (tables / name).write_text((ROOT / "tables" / name).read_text(encoding="utf-8"), encoding="utf-8")
        _presets_file(tables, row)
        monkeypatch.setattr(gen, "HERE", tables)
        with pytest.raises(ValueError, match=error):
            gen.read_national_presets()
