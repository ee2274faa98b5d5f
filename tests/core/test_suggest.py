"""Savings suggestions: each kind on real messages, its effect recomputed by ``analyze`` on the
suggestion's own text, never restated."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nrs_codec
from nrs_codec import DEFAULT_ALLOWED, EncodingError, InvalidTextError, analyze, smart_encode, suggest
from nrs_codec.core.suggest import SHORT_LINK, SHORTENER, Suggestion, find_urls

PROMO = (
    "Olá Ana! A nossa campanha de Inverno começou: até 30% em todos os casacos, só esta semana. "
    "Veja em https://www.exemplo.pt/campanhas/inverno-2026/casacos?utm_source=sms&utm_campaign=inverno "
    "- até já!"
)


def only(found: tuple[Suggestion, ...], kind: str) -> Suggestion:
    (s,) = [s for s in found if s.kind == kind]
    return s


def recomputed(s: Suggestion, encoding: str = "auto", **options):
    """``analyze`` of the suggestion's text as the suggestion applies it: the cheapest of the
    provider's encodings when it changes the encoding, else the caller's choice."""
    if "encoding" in s.kinds:
        allowed = tuple(options.pop("allowed", DEFAULT_ALLOWED))
        first = allowed if encoding == "auto" else (encoding,)  # a forced encoding ignores allowed
        gsm = [e for e in first + DEFAULT_ALLOWED if e not in ("utf-16", "ucs2")]  # utf-16 last
        return analyze(s.text, "auto", allowed=tuple(dict.fromkeys([*gsm, "utf-16"])), **options)
    return analyze(s.text, encoding, **options)


def check(s: Suggestion, text: str, encoding: str = "auto", **options) -> None:
    """The suggestion's numbers are analyze's, and it saves parts or leaves utf-16."""
    try:
        before = analyze(text, encoding, **options)
    except (EncodingError, nrs_codec.TooManyPartsError):
        before = None
    after = recomputed(s, encoding, **options)
    assert (s.parts_after, s.encoding_after) == (after.parts, after.encoding)
    if before is None:
        assert (s.parts_before, s.encoding_before) == (None, None)
        return
    assert (s.parts_before, s.encoding_before) == (before.parts, before.encoding)
    assert after.parts < before.parts or (
        after.parts == before.parts and before.encoding == "utf-16" and after.encoding != "utf-16"
    )


def test_smart_encoding_takes_a_message_out_of_utf16():
    text = "“Promoção” — só hoje… 20% em tudo, na loja e online. Até já!"
    s = only(suggest(text), "smart-encoding")
    check(s, text)
    assert s.text == smart_encode(text).text and s.kinds == ("smart-encoding",)
    assert (s.encoding_before, s.encoding_after) == ("utf-16", "gsm-pt")
    assert "'“'->'\"'" in s.description and "gsm-pt in 1 part instead of utf-16 in 1 part" in s.description


def test_smart_encoding_saves_parts():
    text = "Don’t miss it: “Winter sale” – 30% off everything… " * 3
    s = only(suggest(text), "smart-encoding")
    check(s, text)
    assert s.parts_after < s.parts_before


def test_smart_encoding_makes_a_forced_gsm_message_sendable():
    text = "“Hello” – see you soon…"
    s = only(suggest(text, "gsm"), "smart-encoding")
    check(s, text, "gsm")
    assert s.parts_before is None and "instead of error 113 (gsm cannot carry 4 characters)" in s.description


def test_line_endings_save_a_part_when_cr_lf_tips_the_message_over():
    lines = [
        "Encomenda 4471 enviada.",
        "Transportadora: CTT Expresso.",
        "Entrega prevista: 2a feira.",
        "Ponto de recolha: Loja Baixa.",
        "Horario: 9h-19h.",
        "Duvidas: 210 000 000.",
        "Obrigado!",
    ]
    text = "\r\n".join(lines)
    assert analyze(text).parts == 2 and analyze(text.replace("\r\n", "\n")).parts == 1
    s = only(suggest(text), "line-endings")
    check(s, text)
    assert s.text == "\n".join(lines) and "write the line breaks as lf (6 cr lf)" in s.description.lower()


def test_lone_cr_and_cr_lf_become_lf_but_only_a_saving_is_suggested():
    assert suggest("a\r\nb\rc") == ()  # nothing to save in one short part
    text = "x" * 150 + "\r\n" * 3 + "\r" * 5
    s = only(suggest(text), "line-endings")
    check(s, text)
    assert s.text == "x" * 150 + "\n" * 8 and "(3 CR LF and 5 lone CR)" in s.description


def test_shorten_urls_predicts_the_parts_with_the_providers_links():
    s = only(suggest(PROMO), "shorten-urls")
    check(s, PROMO)
    assert s.text.count(SHORT_LINK) == 1 and "utm_source" not in s.text
    assert SHORTENER in s.description and "https://sms.tl/" in s.description
    # A real link from the shortener (the seed's example answer) costs what the placeholder does.
    real = analyze(s.text.replace(SHORT_LINK, "https://sms.tl/dvRINN"))
    assert (real.parts, real.units, real.encoding) == (s.parts_after, analyze(s.text).units, s.encoding_after)


def test_short_links_and_links_already_short_are_left_alone():
    text = "Veja https://sms.tl/GFA6Fm e http://x.pt/a " + "a" * 150
    assert [s.kind for s in suggest(text)] == []


def test_find_urls_leaves_sentence_punctuation_and_unopened_brackets_out():
    text = "See https://x.pt/a. Or (https://x.pt/b), https://en.wikipedia.org/wiki/Sines_(Portugal)!"
    assert [text[a:b] for a, b in find_urls(text)] == [
        "https://x.pt/a",
        "https://x.pt/b",
        "https://en.wikipedia.org/wiki/Sines_(Portugal)",
    ]


def test_encoding_cheaper_than_the_forced_one():
    text = "Olá! A sua encomenda nº 4471 já foi enviada e chega amanhã à loja da Baixa. Obrigado!"
    s = only(suggest(text, "utf-16"), "encoding")
    check(s, text, "utf-16")
    assert (s.encoding_before, s.encoding_after, s.text) == ("utf-16", "gsm-pt", text)
    assert "send as gsm-pt instead of the requested utf-16" in s.description.lower()


def test_encoding_missing_from_a_narrower_allowed_set():
    text = "Promoção de Inverno: ç, ã, õ e ê em todas as lojas. " * 2
    s = only(suggest(text, allowed=("gsm", "utf-16")), "encoding")
    check(s, text, allowed=("gsm", "utf-16"))
    assert (s.encoding_before, s.encoding_after) == ("utf-16", "gsm-pt")
    assert s.description.startswith("Allow gsm-pt (allowed: gsm, utf-16)")
    assert [x.kind for x in suggest(text)] == []  # auto over every encoding: nothing to add


def test_encoding_suggestions_keep_to_the_encodings_on_offer():
    text = "Olá! A sua encomenda nº 4471 já foi enviada e chega amanhã à loja da Baixa. Obrigado!"
    assert [s.encoding_after for s in suggest(text, "utf-16")] == ["gsm-pt"]
    assert suggest(text, "utf-16", encodings=("gsm", "utf-16")) == ()  # a gateway without gsm-pt
    with pytest.raises(ValueError, match="unknown encoding"):
        suggest(text, encodings=("gsm", "klingon"))


def test_combined_when_changes_compound():
    text = "“Winter sale”: see https://www.example.com/campaigns/winter-2026/coats?utm_source=sms " + "a" * 80
    found = suggest(text)
    s = only(found, "combined")
    check(s, text)
    assert s.kinds == ("smart-encoding", "shorten-urls")
    alone = [x.parts_after for x in found if x.kind != "combined"]
    assert s.parts_after < min(alone)
    assert "smart encoding and shortened links together" in s.description.lower()


def test_combined_with_the_encoding_for_a_forced_utf16_message():
    text = ("“Olá”, disse ela – até já… " * 6).strip()
    found = suggest(text, "utf-16")
    s = only(found, "combined")
    check(s, text, "utf-16")
    assert s.kinds == ("smart-encoding", "encoding") and s.encoding_after == "gsm-pt"


def test_nothing_to_suggest():
    for text in ("", "Plain GSM text, nothing to change.", "Привет 😀", "a" * 400):
        assert suggest(text) == ()


def test_options_and_mistakes_as_analyze():
    text = "“x” " + "a" * 150
    s = only(suggest(text, ref16=True, extra_udh=6), "smart-encoding")
    check(s, text, ref16=True, extra_udh=6)
    with pytest.raises(TypeError, match="bytes"):
        suggest(b"x")
    with pytest.raises(InvalidTextError):
        suggest("a\ud800")
    with pytest.raises(ValueError, match="unknown encoding"):
        suggest("x", "latin-1")


def test_public_and_camel_case():
    assert (
        nrs_codec.suggest is suggest and "suggest" in nrs_codec.__all__ and "Suggestion" in nrs_codec.__all__
    )
    d = only(suggest("“x”"), "smart-encoding").to_dict()
    assert list(d) == [
        "kind",
        "kinds",
        "description",
        "partsBefore",
        "partsAfter",
        "encodingBefore",
        "encodingAfter",
        "text",
    ]


_pieces = st.sampled_from(
    ["Olá ", "promo ", "“x” ", "– ", "… ", "\r\n", "\r", "ж", "😀", "ç", "€", "{", " ", "a" * 20,
     "https://www.exemplo.pt/campanhas/inverno-2026?utm=sms ", "https://sms.tl/abcdef "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_pieces, max_size=25).map("".join),
    st.sampled_from(["auto", "gsm", "gsm-pt", "utf-16"]),
    st.sampled_from([DEFAULT_ALLOWED, ("gsm", "utf-16"), ("gsm",), ("utf-16", "gsm")]),
)
def test_every_suggestion_saves_what_it_says(text, encoding, allowed):
    for s in suggest(text, encoding, allowed=allowed):
        check(s, text, encoding, allowed=allowed)
        assert s.kind == "combined" or s.kinds == (s.kind,)
