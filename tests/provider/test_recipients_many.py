"""``judge_many`` holds to the one recipient rule (``provider.recipients.recipient``) row by row,
on both its paths: the engine's automata and the RE2 twin."""

from __future__ import annotations

import random
import re

import phonenumbers
import pyarrow as pa
import pytest
from _backends import COMPILED
from _numbers import COUNTRIES, GLOBAL_SERVICES, examples, variants

from nrs_codec.provider import number_metadata, recipients_many
from nrs_codec.provider.fields import MANY, judge_all
from nrs_codec.provider.recipients import NON_GEOGRAPHIC, recipient
from nrs_codec.provider.recipients_many import judge_many

# The engine's automata where the engine is built (CI requires it), and the RE2 twin always.
PATHS = [pytest.param(False, id="re2")] + ([pytest.param(True, id="engine")] if COMPILED is not None else [])


@pytest.mark.slow
@pytest.mark.parametrize("engine", PATHS)
def test_judge_many_agrees_with_recipient_on_100000_numbers(engine):
    base = examples()
    numbers = base + variants(base, 100_000, seed=11)
    judged = judge_many(pa.array(numbers), engine=engine)
    valid, country = judged.valid, judged.countries()
    expected = [recipient(n) for n in numbers]
    mismatches = [
        (n, bool(v), c, r.valid, r.country)
        for n, v, c, r in zip(numbers, valid, country, expected, strict=True)
        if (bool(v), c) != (r.valid, r.country)
    ]
    assert not mismatches, mismatches[:20]
    seen = {r.country for r in expected if r.valid}
    assert len(seen & set(COUNTRIES)) >= 30 and NON_GEOGRAPHIC in seen
    assert 20_000 < sum(r.valid for r in expected) < 90_000


def _every_region_examples() -> list[str]:
    """An example number of every type phonenumbers has for every country and global service."""
    out = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in range(12):  # the PhoneNumberType values
            n = phonenumbers.example_number_for_type(region, kind)
            if n is not None:
                out.add(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)[1:])
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        n = phonenumbers.example_number_for_non_geo_entity(code)
        if n is not None:
            out.add(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)[1:])
    return sorted(out)


@pytest.mark.skipif(COMPILED is None, reason="the compiled engine is not built")
def test_the_engine_agrees_with_re2_and_recipient_in_every_country():
    """Every calling code's automata, on examples of every type of every country (1,000) and
    40,000 numbers around them (most of a changed digit, length or ending)."""
    base = _every_region_examples()
    numbers = base + variants(base, 40_000, seed=5)
    column = pa.array(numbers)
    engine, re2 = judge_many(column, engine=True), judge_many(column, engine=False)
    got = list(zip(engine.valid.tolist(), engine.countries(), strict=True))
    assert got == list(zip(re2.valid.tolist(), re2.countries(), strict=True))
    for n, verdict in list(zip(numbers, got, strict=True))[: len(base) + 5_000]:
        assert verdict == (recipient(n).valid, recipient(n).country), n
    assert len(base) > 900 and 0.3 < engine.valid.mean() < 0.9


@pytest.mark.parametrize("engine", PATHS)
def test_odd_rows_take_the_exact_path_and_agree(engine):
    numbers = [None, "", "+351912345678", "0351912345678", "35191234567x", "1", "44", "800", "9" * 25]
    numbers += ["٣٥١٩١٢٣٤٥٦٧٨", "３５１912345678", " 351912345678", "351 912 345 678"]  # digits, not ASCII
    numbers += [f"{cc}0{'5' * 9}" for cc in (44, 39, 351, 1, 33, 49)]  # national prefixes kept
    numbers += [str(cc) + "12345678" for cc in GLOBAL_SERVICES]
    judged = judge_many(numbers, engine=engine)
    valid, country = judged.valid, judged.countries()
    for n, v, c in zip(numbers, valid, country, strict=True):
        if n is None:
            assert (v, c) == (False, None)
        else:
            assert (bool(v), c) == (recipient(n).valid, recipient(n).country), n


@pytest.mark.parametrize("engine", PATHS)
def test_entries_of_no_country_are_judged_in_the_column_pass(engine, monkeypatch):
    """Entries that are not ASCII digits (``+351...``, spaced), and digits that start with no
    calling code phonenumbers knows (the international prefix ``00``, a number written the
    national way, an unassigned code), get ``recipient``'s verdict without a call to it per row:
    a campaign file of them took 25 µs a row."""
    known = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    unassigned = [c for c in range(100, 1000) if not {c, c // 10, c // 100} & set(known)]
    rnd = random.Random(7)
    numbers = []
    for _ in range(2_000):
        national = "".join(rnd.choices("0123456789", k=rnd.randint(1, 17)))
        cc = rnd.choice(unassigned)
        numbers += ["00351" + national, "0" + national, f"{cc}{national}", "+351" + national, national + "#"]
    numbers += ["351 912 345 678", "٣٥١٩١٢٣٤٥٦٧٨", "+", "-1", "0" * 20, "0" * 21, "", "7", "35", "35" * 11]
    calls = []
    real = recipients_many.recipient
    monkeypatch.setattr(recipients_many, "recipient", lambda n: calls.append(n) or real(n))
    judged = judge_many(numbers, engine=engine)
    # Only digits too short or too long for the column pass (3 to 20) are left to ``recipient``.
    assert set(calls) == {n for n in numbers if n.isascii() and n.isdigit() and not 3 <= len(n) <= 20}
    assert "0" * 21 in calls and len(calls) < len(numbers) / 10
    for n, v, c in zip(numbers, judged.valid.tolist(), judged.countries(), strict=True):
        r = recipient(n)
        assert (v, c) == (r.valid, r.country) == (False, None), n
    assert len(unassigned) > 80


def _prefix_kept(rnd: random.Random) -> list[str]:
    """Numbers that keep their national prefix after the calling code (``4407700900123``, from
    ``+44 (0)7700 900123``), of every type in every country whose prefix the engine takes off,
    each way the prefix may be written (``0``, ``1831`` in Australia, ``08x`` in Korea), and
    their neighbours: a digit changed, one less, one more."""
    out = []
    for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        strip = number_metadata.prefix_strip(cc)
        for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc] if strip else ():
            for kind in range(12):  # the PhoneNumberType values
                n = phonenumbers.example_number_for_type(region, kind)
                if n is None:
                    continue
                for written in strip.prefixes:  # a string of classes: [0], [1][8][3][12]
                    prefix = "".join(rnd.choice(digits) for digits in re.findall(r"\[(\d+)\]", written))
                    kept = f"{cc}{prefix}{phonenumbers.national_significant_number(n)}"
                    out += [kept, kept[:-1], kept + str(rnd.randrange(10))]
                    for _ in range(3):
                        i = rnd.randrange(len(str(cc)), len(kept))
                        out.append(kept[:i] + rnd.choice("0123456789") + kept[i + 1 :])
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("engine", PATHS)
def test_a_national_prefix_kept_after_the_calling_code_is_taken_off_as_parse_does(engine, monkeypatch):
    """``phonenumbers.parse`` takes a national prefix of digits off (``44 0 7700...``) unless the
    number was viable and the rest is not, or the rest's length is not a possible one. The
    engine does the same in its pass (``number_programs.Strip``); the RE2 twin leaves these
    numbers to ``recipient``. Either way, ``recipient``'s verdicts, valid ones among them."""
    numbers = _prefix_kept(random.Random(44))
    calls = []
    real = recipients_many.recipient
    monkeypatch.setattr(recipients_many, "recipient", lambda n: calls.append(n) or real(n))
    judged = judge_many(numbers, engine=engine)
    got = list(zip(judged.valid.tolist(), judged.countries(), strict=True))
    want = [(r.valid, r.country) for r in map(real, numbers)]
    assert got == want
    assert len(numbers) > 3_000 and 0.3 < judged.valid.mean() < 0.9
    assert {"GB", "FR", "DE", "US", "RU", "AU", "CN", "KR", "CO"} <= {c for v, c in want if v}
    if engine:  # left to ``recipient``: at most a number too long for the column pass
        assert len(calls) < len(numbers) / 100, calls[:20]


def test_preflight_judges_many_recipients_at_once_as_one_by_one():
    """``fields.judge_all`` (pre-flight's ``to`` from MANY entries on) gives what ``recipient``
    gives each entry, reasons of the invalid ones included."""
    to = [f"35191{n:07d}" for n in range(MANY)] + ["+351912345678", "12", "3519", "1" * 40, "447700900123"]
    to += [f"{cc}{n:09d}" for cc in ("1", "33", "44", "55", "91", "800") for n in range(0, 10**9, 10**8)]
    assert judge_all(to) == [recipient(entry) for entry in to]


@pytest.mark.parametrize("engine", PATHS)
@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_a_slice_of_a_column_is_judged_from_its_own_rows(kind, engine):
    # Campaign blocks are slices of a reader's batch: the column's buffers start before its rows.
    numbers = ["351912345678", "12", None, "447700900123", "", "35191234567x", "33612345678", "0351912345678"]
    column = pa.array(["x" * 30, "351", *numbers, "9" * 25], kind).slice(2, len(numbers))
    judged = judge_many(column, engine=engine)
    assert list(zip(judged.valid.tolist(), judged.countries(), strict=True)) == [
        (False, None) if n is None else (recipient(n).valid, recipient(n).country) for n in numbers
    ]


@pytest.mark.skipif(COMPILED is None, reason="the compiled engine is not built")
def test_the_engine_judge_refuses_tables_it_cannot_walk_and_reads_a_stray_byte_as_no_match():
    """``judge_numbers`` walks numbers side by side and keeps stepping from the dead state: tables
    whose state 0 leads elsewhere are refused. A byte that is not a digit (possible only when it
    is called directly, not after ``number_codes``) matches no pattern, in every lane."""
    import numpy as np

    from nrs_codec.core.engine import compiled
    from nrs_codec.provider.program_cache import program

    t = recipients_many._BANK.ensure([351, 44], program)
    rows = ["351912345678", "351912a45678", "4407911123456", "351:12345678"] * 70  # chunks, lanes
    offsets = np.cumsum([0] + [len(r) for r in rows]).astype(np.int32)
    data = np.frombuffer("".join(rows).encode(), dtype=np.uint8)
    code = np.array([int(r[:3]) if r.startswith("351") else 44 for r in rows], dtype=np.int32)
    found, valid, alone = (np.empty(len(rows), dtype=d) for d in (np.int32, np.uint8, np.uint8))
    tables = (t.transitions, t.accepts, t.starts, t.program, t.region, t.group, t.strip, t.code_program)
    compiled.judge_numbers(offsets, data, code, *tables, found, valid, alone)
    expected = [recipient(r).valid if r.isdigit() else False for r in rows]
    assert valid.view(bool).tolist() == expected and expected[:4] == [
        True,
        False,
        recipient(rows[2]).valid,
        False,
    ]
    live = t.transitions.copy()
    live[0, 3] = 1
    with pytest.raises(ValueError, match="state 0"):
        compiled.judge_numbers(offsets, data, code, live, *tables[1:], found, valid, alone)
    with pytest.raises(ValueError, match="outside the data"):
        compiled.judge_numbers(offsets + 1, data, code, *tables, found, valid, alone)


@pytest.mark.parametrize("engine", PATHS)
def test_a_lone_surrogate_is_an_invalid_recipient_in_a_list_of_any_length(engine):
    # JSON's "\ud800" reads as a str no UTF-8 holds: one recipient() calls invalid (only digits),
    # not a UnicodeEncodeError from the list judged at batch speed (a 500 from the service).
    entries = ["351912345678", "\ud800", "35191234567\udc00", "\ud83d\ude00"]
    judged = judge_many(entries, engine=engine)
    assert judged.valid.tolist() == [recipient(e).valid for e in entries] == [True, False, False, False]
    assert judged.countries() == ["PT", None, None, None]
    many = ["351912345678"] * (MANY - 1) + ["\ud800"]
    assert judge_all(many) == [recipient(e) for e in many]
