"""Every national language through analysis: part capacities of each variant, worked messages, and
the compiled core against the reference (analyze and analyze_many, list and Arrow) on text drawn
from each language's tables."""

from __future__ import annotations

import pyarrow as pa
import pytest
from _backends import BACKENDS, COMPILED, Engine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nrs_codec
from nrs_codec import ENCODINGS
from nrs_codec._generated.tables import ENCODING_LANGUAGE, LOCKING, RESTRICTED_ENCODINGS, SINGLE
from nrs_codec.core import reference as _reference

NATIONAL = [enc for enc in ENCODINGS if ENCODING_LANGUAGE.get(enc, 0)]  # gsm-pt, gsm-tr, ...
# With the encodings a country's preset limits to one table (gsm-tr-single), and their languages.
EVERY_NATIONAL = NATIONAL + list(RESTRICTED_ENCODINGS)
LANGUAGE_OF = {**ENCODING_LANGUAGE, **{enc: t[0] for enc, t in RESTRICTED_ENCODINGS.items()}}
DEFAULT_CHARS = {chr(cp) for t in (LOCKING[0], SINGLE[0]) for cp in t.values()}
HINDI_150 = (
    "नमस्ते! आपका ऑर्डर कल सुबह 10:30 बजे तक पहुँच जाएगा. कृपया घर पर रहें और अपना फोन चालू रखें. "
    "किसी भी सवाल के लिए हमें इसी नंबर पर संदेश भेजें. धन्यवाद"
)


def chars_of(table) -> list[str]:
    return sorted({chr(cp) for cp in (table or {}).values()})


def locking_char(lang: int) -> str:
    """A character of the language's locking table that neither default table holds."""
    return min(set(chars_of(LOCKING[lang])) - DEFAULT_CHARS)


def single_char(lang: int) -> str:
    """A character of the language's single shift table that neither default table holds."""
    return min(set(chars_of(SINGLE[lang])) - DEFAULT_CHARS)


# 'è' is in the default alphabet and in no national table: a text of it cannot use a national
# locking table, so only the single shift variant (default locking) can carry a national character.
assert all("è" not in chars_of(LOCKING[lg]) + chars_of(SINGLE[lg]) for lg in range(1, 14))


SHAPE = ("encoding", "parts", "units", "capacity", "remaining", "udh_octets", "locking_shift", "single_shift")


def shape(a):
    return tuple(getattr(a, f) for f in SHAPE)


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
@pytest.mark.parametrize("enc", NATIONAL)
def test_part_capacities_of_every_variant(impl, enc):
    lang = ENCODING_LANGUAGE[enc]
    s = single_char(lang)
    # Default locking + national single shift: one shift element, 155 septets; 149 concatenated.
    assert shape(impl.analyze("è" * 153 + s, enc)) == (enc, 1, 155, 155, 0, 4, 0, lang)
    assert shape(impl.analyze("è" * 154 + s, enc)) == (enc, 2, 156, 149, 142, 9, 0, lang)
    assert impl.analyze("è" * 154 + s, enc).spans == ((0, 149), (149, 155))
    if LOCKING[lang] is None:  # Spanish: both shift elements would be the single shift one
        assert shape(impl.analyze("è" * 153 + s, enc, force_shifts=True))[1:4] == (1, 155, 155)
        return
    c = locking_char(lang)
    # National locking + default single shift: the same capacities.
    assert shape(impl.analyze(c * 155, enc)) == (enc, 1, 155, 155, 0, 4, lang, 0)
    assert shape(impl.analyze(c * 156, enc)) == (enc, 2, 156, 149, 142, 9, lang, 0)
    # Both shift elements: 152 septets alone, 146 concatenated.
    both = dict(force_shifts=True)
    assert shape(impl.analyze(c * 152, enc, **both)) == (enc, 1, 152, 152, 0, 7, lang, lang)
    assert shape(impl.analyze(c * 153, enc, **both)) == (enc, 2, 153, 146, 139, 12, lang, lang)
    assert impl.analyze(c * 292, enc, **both).parts == 2
    assert impl.analyze(c * 293, enc, **both).parts == 3
    # Without a header 160 septets fit; concatenated, 153.
    assert shape(impl.analyze("è" * 160, allowed=("gsm", enc))) == ("gsm", 1, 160, 160, 0, 0, 0, 0)
    assert shape(impl.analyze("è" * 161, allowed=("gsm", enc)))[:5] == ("gsm", 2, 161, 153, 145)


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
def test_hindi_takes_three_utf16_parts_or_one_gsm_hi_part(impl):
    assert len(HINDI_150) == 150
    assert shape(impl.analyze(HINDI_150, "utf-16"))[:5] == ("utf-16", 3, 150, 67, 51)
    assert shape(impl.analyze(HINDI_150, "gsm-hi")) == ("gsm-hi", 1, 150, 155, 5, 4, 6, 0)
    assert impl.analyze(HINDI_150).encoding == "utf-16"  # the provider's three: no Hindi tables
    assert impl.analyze(HINDI_150, allowed=("gsm", "gsm-hi", "utf-16")).encoding == "gsm-hi"
    assert impl.analyze(HINDI_150, allowed=ENCODINGS).encoding == "gsm-hi"


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
def test_spanish_accents_take_the_single_shift_and_n_tilde_the_default_alphabet(impl):
    assert impl.analyze("á", "gsm-es").units == 2  # ESC 0x61
    assert impl.analyze("Á", "gsm-es").units == 2  # ESC 0x41
    assert impl.analyze("ñ", "gsm-es").units == 1  # 0x7D of the default alphabet
    text = "¿Mañana a las 9? Sí, señor Álvarez."
    a = impl.analyze(text, allowed=("gsm", "gsm-es", "utf-16"))
    assert (a.encoding, a.units, a.locking_shift, a.single_shift) == ("gsm-es", len(text) + 2, 0, 2)
    assert "ñá".encode("gsm-es") == b"\x7d\x1b\x61"


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
def test_turkish_locking_beats_utf16_and_single_shift(impl):
    text = "Sayın müşterimiz, siparişiniz yarın İstanbul'a ulaşacak. Teşekkürler! " * 4
    a = impl.analyze(text, allowed=("gsm", "gsm-tr", "utf-16"))
    assert (a.encoding, a.parts, a.locking_shift, a.single_shift) == ("gsm-tr", 2, 1, 0)
    assert impl.analyze(text).parts == 5  # utf-16: 284 units, 67 a part


# 78 letters that the Turkish tables hold and the default alphabet does not ("ışık": light).
TURKISH_78 = "ışığı" * 15 + "ışı"


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
def test_turkish_to_turkey_takes_the_single_shift_table_alone_as_its_handsets_send(impl):
    assert len(TURKISH_78) == 78
    # gsm-tr may use the Turkish locking table: 78 septets and one shift element, 1 part.
    a = impl.analyze(TURKISH_78, allowed=("gsm", "gsm-tr", "utf-16"))
    assert shape(a) == ("gsm-tr", 1, 78, 155, 77, 4, 1, 0)
    # Turkey enables only the single shift table (BTK; AOSP values-mcc286): each letter costs
    # ESC + code, 156 septets, 2 parts, as Turkish Android handsets send it.
    a = impl.analyze(TURKISH_78, allowed=nrs_codec.national_encodings("TR"))
    assert shape(a) == ("gsm-tr-single", 2, 156, 149, 141, 9, 0, 1)
    assert a.spans == ((0, 74), (74, 78))
    assert shape(impl.analyze(TURKISH_78, "gsm-tr-single")) == shape(a)
    tr = nrs_codec.national_encodings("TR")
    assert nrs_codec.split(TURKISH_78, allowed=tr) == [TURKISH_78[:74], TURKISH_78[74:]]
    # Forced shift elements: only the one table it uses.
    forced = impl.analyze("ı" * 77, "gsm-tr-single", force_shifts=True)
    assert shape(forced) == ("gsm-tr-single", 1, 154, 155, 1, 4, 0, 1)
    assert impl.analyze("ı" * 76, "gsm-tr", force_shifts=True).udh_octets == 7
    # The Turkish locking table adds no character to the default alphabet and the single shift
    # table; what neither holds, neither encoding can send.
    with pytest.raises(nrs_codec.EncodingError):
        impl.analyze("ж", "gsm-tr-single")
    # Listed after gsm-tr, it can never win over it: the same variant, later in the allowed order.
    assert impl.analyze(TURKISH_78, allowed=ENCODINGS).encoding == "gsm-tr"
    assert impl.analyze("ı" * 200, allowed=("gsm-tr", "gsm-tr-single")).single_shift == 0


# Text drawn from one language's tables, mixed with other scripts, emoji and combining marks.
OTHER = "жΩ中😀👍🏽\u200d\u0301\ufe0f“”–… "


def language_texts(lang: int):
    alphabet = chars_of(LOCKING[lang]) + chars_of(SINGLE[lang])
    chars = st.one_of(
        st.sampled_from(alphabet), st.sampled_from(alphabet), st.sampled_from(sorted(DEFAULT_CHARS)),
        st.sampled_from(OTHER), st.characters(exclude_categories=("Cs",)),
    )  # fmt: skip
    clean = st.sampled_from(alphabet + sorted(DEFAULT_CHARS))
    return st.one_of(
        st.text(chars, max_size=40),
        st.text(clean, min_size=100, max_size=700),
        st.text(chars, min_size=100, max_size=500),
    )


def options_for(enc: str):
    return st.fixed_dictionaries(
        {},
        optional={
            "encoding": st.sampled_from(["auto", enc, "gsm", "utf-16"]),
            "allowed": st.sampled_from([("gsm", enc, "utf-16"), (enc,), (enc, "gsm-pt"), ENCODINGS]),
            "ref16": st.booleans(),
            "extra_udh": st.sampled_from([0, 5]),
            "force_shifts": st.booleans(),
            "keep_graphemes": st.booleans(),
        },
    )


def outcome(impl, text, **opts):
    try:
        return impl.analyze(text, **opts)
    except (ValueError, TypeError) as exc:
        return (type(exc), str(exc), getattr(exc, "chars", None))


@pytest.mark.skipif(COMPILED is None, reason="compiled core not built")
@pytest.mark.parametrize("enc", EVERY_NATIONAL)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_equals_reference_on_each_language(enc, data):
    text = data.draw(language_texts(LANGUAGE_OF[enc]))
    opts = data.draw(options_for(enc))
    assert outcome(COMPILED, text, **opts) == outcome(_reference, text, **opts)


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_analyze_many_lists_and_arrow_match_analyze_with_every_language_allowed(impl, data):
    enc = data.draw(st.sampled_from(EVERY_NATIONAL))
    rows = data.draw(st.lists(language_texts(LANGUAGE_OF[enc]), max_size=12))
    allowed = data.draw(st.sampled_from([ENCODINGS, ("gsm", enc, "utf-16"), nrs_codec.DEFAULT_ALLOWED]))
    force = data.draw(st.booleans())
    fields = ("encoding", "parts", "units", "remaining", "locking_shift", "single_shift")
    expected = []
    for text in rows:
        try:
            a = _reference.analyze(text, allowed=allowed, force_shifts=force)
        except ValueError as exc:
            expected.append({"error": exc.code})
            continue
        expected.append({"error": 0, **{f: getattr(a, f) for f in fields}})
    for batch in (
        Engine(impl).analyze_many(rows, allowed=allowed, force_shifts=force),
        Engine(impl).analyze_many(
            pa.array(rows, pa.string()), allowed=allowed, force_shifts=force, workers=2
        ),
    ):
        for i, want in enumerate(expected):
            assert {k: batch.row(i)[k] for k in want} == want


def test_national_encodings_knows_the_countries_and_says_a_slip():
    # Any case and blanks around, as ISO 3166-1 alpha-2; XK (Kosovo), AC and TA as phonenumbers
    # names them (pre-flight gives a recipient on Tristan da Cunha the country TA).
    assert nrs_codec.national_encodings(" tr ") == ("gsm", "gsm-tr-single", "utf-16")
    for region in ("XK", "AC", "ta", "FR"):
        assert nrs_codec.national_encodings(region) == ("gsm", "utf-16")
    # TU is no country (Turkey is TR): answering ("gsm", "utf-16") would drop the Turkish table.
    # "ſ".upper() is "S" and "ı".upper() "I": "eſ" is no ES, nor "ın" IN, however Python capitalises.
    for slip in ("TU", "ZZ", "UK", "TUR", "1N", "", "eſ", "ın"):
        with pytest.raises(ValueError, match="ISO 3166-1 alpha-2"):
            nrs_codec.national_encodings(slip)


def test_the_countries_are_the_libraries_countries():
    # tables/countries.tsv, written from pycountry and phonenumbers: every code there is a country
    # of the one or a region of the other. (A country ISO adds later is refused until it is added
    # to the file: a library's new release does not change what the engine answers.)
    pycountry = pytest.importorskip("pycountry")
    phonenumbers = pytest.importorskip("phonenumbers")
    from nrs_codec._generated.tables import COUNTRIES

    known = {c.alpha_2 for c in pycountry.countries} | set(phonenumbers.SUPPORTED_REGIONS)
    assert COUNTRIES <= known, sorted(COUNTRIES - known)
    assert len(COUNTRIES) >= 252 and {"AC", "TA", "XK", "TR", "IN", "GB"} <= COUNTRIES
