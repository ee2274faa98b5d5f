"""Smart encoding: typographic look-alikes to GSM, and what it saves."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone

import pytest
from _limits import within
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import EncodingError, analyze, preflight, smart_encode
from nrs_codec.core.smart import LOOKALIKES, Replacement, Replacements

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


def composed_cluster_by_cluster(text: str) -> tuple[str, list]:
    """The composition rule as first written: every extended grapheme cluster on its own."""
    import unicodedata

    import regex

    out, replacements = [], []
    for m in regex.finditer(r"\X", text):
        cluster = m.group()
        composed = unicodedata.normalize("NFC", cluster)
        after = composed.translate(str.maketrans(LOOKALIKES))
        if after != cluster:
            kind = "look-alike" if after != composed else "composition"
            replacements.append((m.start(), cluster, after, kind))
        out.append(after)
    return "".join(out), replacements


# Letters, marks and everything that joins characters into one cluster: Hangul jamo, regional
# indicators, ZWJ and emoji, a prepended Arabic sign, a Devanagari conjunct, CR LF, look-alikes.
JOINERS = list("aeoAEOжक्षस\u0301\u0300\u0327\u0323\u0308\u1100\u1161\u11a8\uac00\r\n`“…\t ©")
JOINERS += ["\U0001f1f5", "\U0001f1f9", "\u200d", "\U0001f468", "\U0001f3fd", "\u0600", "\u212b", "\u0e33"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(JOINERS), max_size=40).map("".join))
def test_runs_of_stable_characters_compose_as_cluster_by_cluster(text):
    import unicodedata

    text = text if not unicodedata.is_normalized("NFC", text) else text + "e\u0301"
    s = smart_encode(text)
    text_after, replacements = composed_cluster_by_cluster(text)
    assert s.text == text_after
    assert [(r.index, r.before, r.after, r.kind) for r in s.replacements] == replacements


def test_replacements_of_look_alikes_are_made_as_they_are_read():
    s = smart_encode("a“b”c" * 3)
    assert isinstance(s.replacements, Replacements) and s.changed and len(s.replacements) == 6
    assert s.replacements[1] == Replacement(3, "”", '"') and s.replacements[-1].index == 13
    assert s.replacements[::5] == (Replacement(1, "“", '"'), Replacement(13, "”", '"'))
    assert s.replacements == tuple(s.replacements) and s.replacements == list(s.replacements)
    assert s == smart_encode("a“b”c" * 3) and hash(s) == hash(smart_encode("a“b”c" * 3))
    assert pickle.loads(pickle.dumps(s)) == s
    assert not smart_encode("plain").replacements and smart_encode("plain").replacements == ()


def test_ten_million_curly_quotes_cost_the_text_not_ten_million_objects():
    # 19 s and +1.77 GB when every replacement was an object made at once.
    import tracemalloc

    with within(60):
        s = smart_encode("“" * 10_000_000)
        assert s.changed and s.text == '"' * 10_000_000
    assert next(iter(s.replacements)) == Replacement(0, "“", '"')
    text = "“" * 1_000_000
    tracemalloc.start()  # (it slows str.translate down a great deal: a million, not ten)
    try:
        s = smart_encode(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(text)  # the rewritten text, a byte a character, and nothing per quote
    assert len(s.replacements) == len(text)


def test_a_megabyte_of_text_to_compose_is_quick():
    # The hostile message: every cluster was composed on its own, 0.9 million of them, five
    # times over in one suggest.
    text = "“\r" + "e\u0301" * 38_000 + " http://" + "a" * 880_000
    with within(20):
        s = smart_encode(text)
    assert s.text == '"\r' + "é" * 38_000 + " http://" + "a" * 880_000
    assert len(s.replacements) == 38_001
