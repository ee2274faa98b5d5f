"""The compiled core must agree with the reference on every input (msgpack-style differential test),
and both must keep the invariants of the splitting rule."""

from __future__ import annotations

import pytest
from _backends import BACKENDS, COMPILED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrs_codec import ENCODINGS
from nrs_codec._generated.tables import LOCKING, SINGLE
from nrs_codec.core import reference as _reference

GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà"
EXTENSION = "\x0c^{}\\[~]|€"
PORTUGUESE = "êúíóçÔôÁáªÀ∞ÓÂâÊÍÃÕÚãõ`º"
ODD = "ж中😀👍🏽\u200d\u0301\U0001f1f5\U0001f1f9\ufe0f\u00a0“”–…"
# Every other national table: Turkish, Spanish, the Indian languages and Urdu.
NATIONAL = "".join(
    sorted(
        {chr(cp) for t in (*LOCKING.values(), *SINGLE.values()) if t for cp in t.values()}
        - set(GSM + PORTUGUESE)
    )
)

# Texts that cross part boundaries often: long runs from the interesting alphabets, plus any
# Unicode scalar value (astral included, lone surrogates excluded: those are an error case below).
chars = st.one_of(
    st.sampled_from(GSM),
    st.sampled_from(EXTENSION),
    st.sampled_from(PORTUGUESE),
    st.sampled_from(ODD),
    st.sampled_from(NATIONAL),
    st.characters(exclude_categories=("Cs",)),
)
texts = st.one_of(
    st.text(chars, max_size=40),
    st.text(chars, min_size=60, max_size=700),
    st.builds(
        lambda a, b, n: a * n + b,
        st.sampled_from("a€çж😀{ıक"),
        st.text(chars, max_size=5),
        st.integers(60, 330),
    ),
)
options = st.fixed_dictionaries(
    {},
    optional={
        "encoding": st.sampled_from(["auto", *ENCODINGS, "UCS2", "gsm7"]),
        "allowed": st.one_of(
            st.lists(st.sampled_from(ENCODINGS), min_size=1, max_size=4, unique=True),
            st.permutations(ENCODINGS),
        ),
        "keep_graphemes": st.booleans(),
        "ref16": st.booleans(),
        "extra_udh": st.integers(0, 12),
        "force_shifts": st.booleans(),
    },
)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(impl, text, **opts):
    try:
        return impl.analyze(text, **opts)
    except (ValueError, TypeError) as exc:
        return (type(exc), str(exc), getattr(exc, "chars", None), getattr(exc, "index", None))


@pytest.mark.skipif(COMPILED is None, reason="compiled core not built")
@SETTINGS
@given(texts, options)
def test_compiled_equals_reference(text, opts):
    assert outcome(COMPILED, text, **opts) == outcome(_reference, text, **opts)


@pytest.mark.skipif(COMPILED is None, reason="compiled core not built")
@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(chars, st.characters(categories=("Cs",))), max_size=30))
def test_compiled_equals_reference_on_lone_surrogates(text):
    assert outcome(COMPILED, text) == outcome(_reference, text)


@pytest.mark.skipif(COMPILED is None, reason="compiled core not built")
@settings(max_examples=100, deadline=None)
@given(st.one_of(st.binary(), st.integers(), st.none(), st.lists(st.text(max_size=3))))
def test_compiled_equals_reference_on_wrong_types(value):
    assert outcome(COMPILED, value) == outcome(_reference, value)


def _units(text, a):
    variant = next(
        c.variant
        for _, cands in _reference.plan(a.encoding)
        for c in cands
        if (c.variant.locking, c.variant.single) == (a.locking_shift, a.single_shift)
    )
    return [_reference.char_units(ch, variant) for ch in text]


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
@SETTINGS
@given(text=texts, opts=options)
def test_split_invariants(impl, text, opts):
    try:
        a = impl.analyze(text, **opts)
    except ValueError:
        return
    assert len(a.spans) == a.parts >= 1
    assert "".join(text[s:e] for s, e in a.spans) == text
    assert [s for s, _ in a.spans[1:]] == [e for _, e in a.spans[:-1]]
    costs = _units(text, a)
    assert sum(costs) == a.units
    per_part = [sum(costs[s:e]) for s, e in a.spans]
    assert all(u <= a.capacity for u in per_part)
    assert a.remaining == a.capacity - per_part[-1]
    assert a.parts == 1 or all(u > 0 for u in per_part)  # no empty part
    assert a.non_gsm == _reference.non_gsm(text)


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
@SETTINGS
@given(text=texts, extra=chars, keep=st.booleans())
def test_parts_never_decrease_when_a_character_is_appended(impl, text, extra, keep):
    try:
        before = impl.analyze(text, keep_graphemes=keep).parts
        after = impl.analyze(text + extra, keep_graphemes=keep).parts
    except ValueError:
        return
    assert after >= before


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
@SETTINGS
@given(text=texts, keep=st.booleans(), ref16=st.booleans())
def test_forced_encoding_agrees_with_auto_when_auto_picks_it(impl, text, keep, ref16):
    try:
        a = impl.analyze(text, keep_graphemes=keep, ref16=ref16)
    except ValueError:
        return
    assert impl.analyze(text, a.encoding, keep_graphemes=keep, ref16=ref16) == a


@pytest.mark.parametrize("impl", BACKENDS, ids=lambda m: m.BACKEND)
@SETTINGS
@given(text=st.text(chars, max_size=400))
def test_auto_is_never_worse_than_any_allowed_encoding(impl, text):
    a = impl.analyze(text)
    for enc in ("gsm", "gsm-pt", "utf-16"):
        try:
            forced = impl.analyze(text, enc)
        except ValueError:
            continue
        assert a.parts <= forced.parts


# Long texts of clusters near and past 255 parts, where the grapheme walk stops early.
CLUSTERS = ["e\u0301", "e" + "\u0301" * 33, "👨\u200d👩\u200d👧", "\U0001f1f5\U0001f1f9", "a", "😀", "ж"]


@pytest.mark.skipif(COMPILED is None, reason="compiled core not built")
@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(CLUSTERS), st.integers(1, 3000)), min_size=1, max_size=4),
    st.sampled_from([{}, {"encoding": "utf-16"}, {"allowed": ("utf-16", "gsm")}, {"ref16": True}]),
)
def test_compiled_equals_reference_with_graphemes_past_255_parts(runs, opts):
    text = "".join(cluster * n for cluster, n in runs)
    assert outcome(COMPILED, text, keep_graphemes=True, **opts) == outcome(
        _reference, text, keep_graphemes=True, **opts
    )
