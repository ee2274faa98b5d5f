"""Smart encoding: typographic look-alikes to GSM, and what it saves."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import EncodingError, analyze, preflight, smart_encode
from nrs_codec.core.smart import LOOKALIKES, Replacement

PT = "“Olá” – até já…"


def test_portuguese_example_leaves_utf16_with_fewer_parts():
    s = smart_encode(PT)
    assert s.text == '"Olá" - até já...'
    assert s.replacements == (
        Replacement(0, "“", '"'),
        Replacement(4, "”", '"'),
        Replacement(6, "–", "-"),
        Replacement(14, "…", "..."),
    )
    assert analyze(PT).encoding == "utf-16"
    assert analyze(s.text).encoding != "utf-16"
    long_text = (PT + " ") * 6
    before, after = analyze(long_text), analyze(smart_encode(long_text).text)
    assert (before.encoding, before.parts) == ("utf-16", 2)
    assert (after.encoding, after.parts) == ("gsm-pt", 1)


def test_spaces_bullets_and_invisible_characters():
    s = smart_encode("•\u00a0item\u200b one\u2009—\u00adtwo\u2028")
    assert s.text == "- item one -two\n"
    assert [(r.index, r.after) for r in s.replacements] == [
        (0, "-"),
        (1, " "),
        (6, ""),
        (11, " "),
        (12, "-"),
        (13, ""),
        (17, "\n"),
    ]


def test_text_without_look_alikes_is_returned_unchanged():
    s = smart_encode("Olá ç 😀 [x]")
    assert s.text == "Olá ç 😀 [x]" and not s.changed and s.to_dict() == {"text": s.text, "replacements": []}


def test_decomposed_accents_are_composed_and_reported():
    # As text pasted from macOS or iOS often is: letters followed by combining accents.
    text = "Ola\u0301, ate\u0301 ja\u0301 \u201cA\u0300 tarde\u201d"
    assert analyze(text).encoding == "utf-16"
    s = smart_encode(text)
    assert s.text == 'Olá, até já "À tarde"'
    assert analyze(s.text).encoding == "gsm-pt"
    assert [(r.index, r.before, r.after, r.kind) for r in s.replacements] == [
        (2, "a\u0301", "á", "composition"),
        (8, "e\u0301", "é", "composition"),
        (12, "a\u0301", "á", "composition"),
        (15, "\u201c", '"', "look-alike"),
        (16, "A\u0300", "À", "composition"),
        (24, "\u201d", '"', "look-alike"),
    ]
    assert s.to_dict()["replacements"][0] == {
        "index": 2,
        "before": "a\u0301",
        "after": "á",
        "kind": "composition",
    }


def test_canonical_singletons_and_tab_and_backtick_are_rewritten_as_documented():
    s = smart_encode("a\u2000b\tc`d\u212b")  # EN QUAD, TAB, backtick, ANGSTROM SIGN
    assert s.text == "a b c'dÅ"
    assert [r.kind for r in s.replacements] == ["look-alike", "look-alike", "look-alike", "composition"]
    assert analyze(s.text).encoding == "gsm"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeoAEO\u0301\u0300\u0303\u0327 “…\t😀ж"))))
def test_composed_text_is_nfc_without_look_alikes_and_rebuilds_from_its_replacements(text):
    import unicodedata

    s = smart_encode(text)
    assert unicodedata.is_normalized("NFC", s.text)
    assert not any(ch in LOOKALIKES for ch in s.text)
    rebuilt, last = [], 0
    for r in s.replacements:
        assert text[r.index : r.index + len(r.before)] == r.before
        rebuilt += [text[last : r.index], r.after]
        last = r.index + len(r.before)
    assert "".join(rebuilt) + text[last:] == s.text


def test_every_replacement_is_gsm():
    for before, after in LOOKALIKES.items():
        analyze(after, "gsm")
        with pytest.raises(EncodingError):
            analyze(before, "gsm")


def test_not_text_is_a_type_error():
    with pytest.raises(TypeError, match="bytes"):
        smart_encode(b"x")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(LOOKALIKES) + list("ab á😀\n"))))
def test_replacements_rebuild_the_new_text(text):
    s = smart_encode(text)
    rebuilt, last = [], 0
    for r in s.replacements:
        assert text[r.index] == r.before
        rebuilt += [text[last : r.index], r.after]
        last = r.index + 1
    assert "".join(rebuilt) + text[last:] == s.text
    assert not any(ch in LOOKALIKES for ch in s.text)
    assert len(s.replacements) == sum(ch in LOOKALIKES for ch in text)


NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def suggestions(**fields):
    body = {"to": ["351912345678"], "from": "ACME", **fields}
    return [s.to_dict() for s in preflight(body, now=NOW).suggestions]


def test_preflight_suggests_smart_encoding_with_the_cheaper_encoding_when_together_they_save_parts():
    # Forced utf-16: smart encoding alone stays utf-16, gsm-pt alone cannot drop the quotes.
    (s,) = suggestions(message=(PT + " ") * 6, encoding="utf-16", parts=2)
    assert (s["kind"], s["kinds"]) == ("combined", ["smart-encoding", "encoding"])
    assert (s["encodingBefore"], s["partsBefore"], s["encodingAfter"], s["partsAfter"]) == (
        "utf-16",
        analyze((PT + " ") * 6, "utf-16").parts,
        "gsm-pt",
        1,
    )
    assert s["text"] == smart_encode((PT + " ") * 6).text


def test_preflight_suggests_smart_encoding_when_it_fixes_error_113():
    body = {"to": ["351912345678"], "from": "ACME", "message": "“Hello” – world…"}
    v = preflight(body, now=NOW)
    assert [e.code for e in v.errors] == [113]
    assert not [w for w in v.warnings if w.rule == "smart-encoding"]  # the suggestion says it all
    (s,) = [s.to_dict() for s in v.suggestions if s.kind == "smart-encoding"]
    assert (s["partsBefore"], s["encodingAfter"], s["partsAfter"]) == (None, "gsm", 1)
    assert s["text"] == '"Hello" - world...' and "instead of error 113" in s["description"]


def test_preflight_stays_quiet_when_smart_encoding_changes_nothing_that_matters():
    assert suggestions(message="Olá 😀 “x”", encoding="utf-16") == []  # the emoji keeps utf-16
    assert suggestions(message="plain text") == []
