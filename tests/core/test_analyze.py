"""Worked examples of the counting, choice and splitting rules (SPEC §2), on both back ends."""

from __future__ import annotations

import pytest

from nrs_codec import EncodingError, InvalidTextError, TooManyPartsError
from nrs_codec.core import reference as _reference


def units_of(impl, text, a):
    variant = next(
        c.variant
        for _, cands in _reference.plan(a.encoding)
        for c in cands
        if (c.variant.locking, c.variant.single) == (a.locking_shift, a.single_shift)
    )
    return sum(_reference.char_units(ch, variant) for ch in text)


@pytest.mark.parametrize(
    ("n", "parts", "capacity", "remaining"),
    [(160, 1, 160, 0), (161, 2, 153, 145), (306, 2, 153, 0), (307, 3, 153, 152)],
)
def test_gsm_boundaries(impl, n, parts, capacity, remaining):
    a = impl.analyze("a" * n)
    assert (a.encoding, a.parts, a.units, a.capacity, a.remaining) == ("gsm", parts, n, capacity, remaining)
    assert a.udh_octets == (0 if parts == 1 else 6)
    assert (a.locking_shift, a.single_shift) == (0, 0)


@pytest.mark.parametrize(("n", "parts", "capacity"), [(70, 1, 70), (71, 2, 67), (134, 2, 67), (135, 3, 67)])
def test_utf16_boundaries(impl, n, parts, capacity):
    a = impl.analyze("ж" * n)
    assert (a.encoding, a.parts, a.units, a.capacity) == ("utf-16", parts, n, capacity)
    assert all(end - start <= capacity for start, end in a.spans)


@pytest.mark.parametrize(
    ("prefix", "single", "multi", "shifts"),
    [
        ("ç", 155, 149, (3, 0)),  # Portuguese locking table only
        ("ñó", 155, 149, (0, 3)),  # default locking, Portuguese single shift (ó costs 2)
        ("∞Φ", 152, 146, (3, 3)),  # ∞ needs the PT locking table, Φ its single shift
    ],
)
def test_gsm_pt_variant_capacities(impl, prefix, single, multi, shifts):
    cost = 1 + len(prefix) if shifts != (3, 0) else len(prefix)
    fits = prefix + "a" * (single - cost)
    a = impl.analyze(fits)
    assert (a.encoding, a.parts, a.capacity, a.remaining) == ("gsm-pt", 1, single, 0)
    assert (a.locking_shift, a.single_shift) == shifts
    assert a.udh_octets == 1 + 3 * (bool(shifts[0]) + bool(shifts[1]))
    b = impl.analyze(fits + "a")
    assert (b.encoding, b.parts, b.capacity) == ("gsm-pt", 2, multi)
    assert (b.locking_shift, b.single_shift) == shifts
    assert b.udh_octets == a.udh_octets + 5


def test_force_shifts_always_carries_both_elements(impl):
    a = impl.analyze("ç", "gsm-pt", force_shifts=True)
    assert (a.locking_shift, a.single_shift, a.udh_octets, a.capacity) == (3, 3, 7, 152)
    assert impl.analyze("ç", "gsm-pt").udh_octets == 4


def test_escapes_never_split_so_153_euros_take_3_parts(impl):
    a = impl.analyze("€" * 153, allowed=("gsm", "utf-16"))
    assert (a.encoding, a.parts, a.units) == ("gsm", 3, 306)
    assert a.spans == ((0, 76), (76, 152), (152, 153))
    assert a.remaining == 153 - 2


def test_150_euros_auto_choose_portuguese_locking(impl):
    a = impl.analyze("€" * 150)
    assert (a.encoding, a.parts, a.units, a.locking_shift, a.single_shift) == ("gsm-pt", 1, 150, 3, 0)
    assert (a.capacity, a.remaining) == (155, 5)


def test_spanish_text_uses_default_locking_and_portuguese_single_shift(impl):
    a = impl.analyze("Señor, ¿cómo está?")
    assert (a.encoding, a.locking_shift, a.single_shift, a.parts) == ("gsm-pt", 0, 3, 1)
    assert a.units == len("Señor, ¿cómo está?") + 2  # ó and á go through the single shift
    assert a.non_gsm == ((9, "ó"), (16, "á"))


def test_cedilla_capital_is_gsm_small_is_gsm_pt(impl):
    assert impl.analyze("Ç").encoding == "gsm"
    assert impl.analyze("ç").encoding == "gsm-pt"
    assert impl.analyze("ç").non_gsm == ((0, "ç"),)


def test_surrogate_pair_straddling_a_boundary_moves_whole(impl):
    text = "a" * 66 + "😀" + "b" * 10
    a = impl.analyze(text)
    assert a.encoding == "utf-16" and a.units == 66 + 2 + 10
    assert a.spans == ((0, 66), (66, 77))
    assert a.remaining == 67 - 12


def test_extension_character_at_a_boundary_moves_whole(impl):
    a = impl.analyze("a" * 152 + "{" + "a" * 10, "gsm")
    assert a.spans == ((0, 152), (152, 163))
    assert a.units == 164


def test_empty_text_is_one_part_of_zero_units(impl):
    a = impl.analyze("")
    assert (a.encoding, a.parts, a.units, a.remaining, a.spans) == ("gsm", 1, 0, 160, ((0, 0),))


def test_allowed_order_breaks_ties_in_parts(impl):
    text = "€" * 153  # gsm: 3 parts, utf-16: 3 parts
    assert impl.analyze(text, allowed=("utf-16", "gsm")).encoding == "utf-16"
    assert impl.analyze(text, allowed=("gsm", "utf-16")).encoding == "gsm"
    assert impl.analyze("hello", allowed=("gsm-pt", "gsm")).encoding == "gsm-pt"


def test_fewest_parts_wins_over_allowed_order(impl):
    a = impl.analyze("€" * 100, allowed=("gsm", "gsm-pt", "utf-16"))
    assert (a.encoding, a.parts) == ("gsm-pt", 1)
    assert impl.analyze("€" * 100, allowed=("gsm", "utf-16")).parts == 2


def test_aliases_and_forced_encodings(impl):
    assert impl.analyze("hi", "GSM7").encoding == "gsm"
    for alias in ("unicode", "ucs2", "UCS-2", "utf-16"):
        a = impl.analyze("hi", alias)
        assert (a.encoding, a.units, a.capacity) == ("utf-16", 2, 70)


def test_ref16_and_extra_udh_shrink_capacity(impl):
    a = impl.analyze("a" * 200, ref16=True)
    assert (a.udh_octets, a.capacity) == (7, 152)
    b = impl.analyze("a" * 100, extra_udh=6)  # e.g. 16-bit port addressing
    assert (b.udh_octets, b.capacity, b.parts) == (7, 152, 1)
    c = impl.analyze("a" * 200, "utf-16", extra_udh=6)
    assert (c.udh_octets, c.capacity) == (12, 64)


def test_keep_graphemes_keeps_clusters_whole_in_utf16(impl):
    family = "👨\u200d👩\u200d👧"  # 3 emoji joined: 8 UTF-16 units, one cluster
    text = "a" * 63 + family
    plain = impl.analyze(text)
    assert plain.spans == ((0, 65), (65, 68))  # splits inside the cluster
    kept = impl.analyze(text, keep_graphemes=True)
    assert kept.spans == ((0, 63), (63, 68))
    assert kept.parts == 2 and kept.remaining == 67 - 8
    assert impl.analyze("e\u0301" * 40, keep_graphemes=True).spans[0] == (0, 66)


def test_keep_graphemes_splits_a_cluster_longer_than_a_part(impl):
    text = "a" + "\u0301" * 100  # one cluster of 101 units
    a = impl.analyze(text, keep_graphemes=True)
    assert a.spans == ((0, 67), (67, 101))


def test_more_than_255_parts_is_an_error(impl):
    impl.analyze("a" * 153 * 255)
    with pytest.raises(TooManyPartsError, match="256 parts .* more than 255") as exc:
        impl.analyze("a" * (153 * 255 + 1))
    assert isinstance(exc.value, ValueError) and exc.value.parts == 256


def test_forced_encoding_that_cannot_represent_the_text(impl):
    with pytest.raises(EncodingError) as exc:
        impl.analyze("Olá 😀", "gsm")
    err = exc.value
    assert isinstance(err, ValueError) and err.code == 113
    assert err.chars == ((2, "á"), (4, "😀"))
    assert "U+1F600" in str(err) and "gsm" in str(err)
    # Each character is in some variant, no variant holds both; of the variants that fail on one
    # character each, the first in the choice order is reported (default locking + PT single).
    with pytest.raises(EncodingError) as exc:
        impl.analyze("∞Ä", "gsm-pt")
    assert (exc.value.chars, exc.value.count) == (((0, "∞"),), 1)
    with pytest.raises(EncodingError) as exc:
        impl.analyze("∞∞Ä", "gsm-pt")  # the variant that fails on fewer characters is reported
    assert (exc.value.chars, exc.value.count) == (((2, "Ä"),), 1)


def test_encoding_error_keeps_the_first_hundred_characters_and_counts_them_all(impl):
    text = "ok " + "ж" * 5000 + " 中"
    with pytest.raises(EncodingError) as exc:
        impl.analyze(text, "gsm")
    err = exc.value
    assert err.count == 5001
    assert err.chars == tuple((3 + i, "ж") for i in range(100))
    assert str(err).endswith("'ж' (U+0436) at 12 and 4991 more")
    with pytest.raises(EncodingError) as exc:
        impl.analyze("a中b", allowed=("gsm", "gsm-pt"))
    assert (exc.value.chars, exc.value.count, exc.value.encoding) == (((1, "中"),), 1, "gsm")


def test_auto_with_no_capable_encoding_allowed(impl):
    with pytest.raises(EncodingError) as exc:
        impl.analyze("hi 😀", allowed=("gsm", "gsm-pt"))
    assert exc.value.chars == ((3, "😀"),)


@pytest.mark.parametrize("bad", [b"hello", None, 42, ["a"]])
def test_text_must_be_str(impl, bad):
    with pytest.raises(TypeError, match=f"text must be str, not {type(bad).__name__}"):
        impl.analyze(bad)


def test_lone_surrogate_names_its_index(impl):
    with pytest.raises(InvalidTextError, match="lone surrogate U\\+DC00 at index 3") as exc:
        impl.analyze("abc\udc00def")
    assert isinstance(exc.value, ValueError) and exc.value.index == 3


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"encoding": "latin-1"}, ValueError, "unknown encoding 'latin-1'"),
        ({"encoding": 7}, TypeError, "encoding must be str, not int"),
        ({"allowed": ()}, ValueError, "at least one encoding"),
        ({"allowed": "gsm"}, TypeError, "sequence of encoding names"),
        ({"allowed": ("gsm", "auto")}, ValueError, "unknown encoding 'auto'"),
        ({"extra_udh": -1}, ValueError, "extra_udh must be an int from 0 to 120"),
        ({"extra_udh": 2.0}, ValueError, "extra_udh must be an int"),
    ],
)
def test_bad_options(impl, kwargs, error, message):
    with pytest.raises(error, match=message):
        impl.analyze("hi", **kwargs)


def test_allowed_accepts_any_sequence(impl):
    assert impl.analyze("ç", allowed=["gsm", "utf-16"]).encoding == "utf-16"


@pytest.fixture
def clusters_looked_for(monkeypatch):
    """How many grapheme clusters the engines asked for, through the one function that finds them."""
    from nrs_codec._native import engine
    from nrs_codec.core import graphemes

    found = [0]
    real = graphemes.cluster_starts

    def counted(text):
        for start in real(text):
            found[0] += 1
            yield start

    monkeypatch.setattr(_reference, "cluster_starts", counted)
    if hasattr(engine, "cluster_starts"):
        monkeypatch.setattr(engine, "cluster_starts", counted)
    return found


def test_keep_graphemes_finds_no_cluster_when_the_characters_alone_need_too_many_parts(
    impl, clusters_looked_for
):
    # analyze("a" * 10**7, keep_graphemes=True) built every cluster first (3.8 s, +405 MB).
    with pytest.raises(TooManyPartsError) as exc:
        impl.analyze("e\u0301" * 20_000, keep_graphemes=True)
    assert (exc.value.encoding, exc.value.parts, exc.value.exact) == ("utf-16", 598, False)
    assert "needs at least 598 parts as utf-16" in str(exc.value)
    assert clusters_looked_for[0] == 0
    with pytest.raises(TooManyPartsError) as exc:
        impl.analyze("a" * 200_000, keep_graphemes=True)  # gsm needs fewer parts, and says so exactly
    assert (exc.value.encoding, exc.value.parts, exc.value.exact) == ("gsm", 1308, True)
    assert clusters_looked_for[0] == 0


def test_keep_graphemes_stops_looking_for_clusters_at_the_256th_part(impl, clusters_looked_for):
    # Clusters of 34 units: one a part of 67, where the characters alone fill 203 parts of 400.
    cluster = "e" + "\u0301" * 33
    with pytest.raises(TooManyPartsError, match="needs at least 256 parts as utf-16") as exc:
        impl.analyze(cluster * 400, keep_graphemes=True)
    assert (exc.value.parts, exc.value.exact) == (256, False)
    assert clusters_looked_for[0] <= 258
    a = impl.analyze(cluster * 255, keep_graphemes=True)
    assert a.parts == 255 and a.spans[-1] == (254 * 34, 255 * 34)
    assert clusters_looked_for[0] > 256 + 255  # (the count sees the engine's look-ups)


def test_keep_graphemes_on_ten_million_characters_is_quick():
    from _backends import COMPILED
    from _limits import within

    if COMPILED is None:
        pytest.skip("compiled core not built (pip install -e .)")
    with within(20), pytest.raises(TooManyPartsError, match="65360 parts as gsm"):
        COMPILED.analyze("a" * 10**7, keep_graphemes=True)
    hostile = "“\r" + "e\u0301" * 38_000 + " http://" + "a" * 880_000
    with within(20), pytest.raises(TooManyPartsError, match="at least 14269 parts as utf-16"):
        COMPILED.analyze(hostile, keep_graphemes=True)
