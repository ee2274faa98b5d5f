"""phonenumbers' patterns as automata over the digits (``provider.digit_machines``) match what
Python's ``re`` matches, for every pattern of every country: whole, at the start, and at the start
with at least one digit."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from _backends import COMPILED

from nrs_codec.provider import digit_machines
from nrs_codec.provider.digit_machines import (
    START,
    STARTED,
    WHOLE,
    Machine,
    Unsupported,
    machine,
    machines,
    parse,
)
from nrs_codec.provider.number_metadata import national_prefix, prefix_how, program_of, region_rules, tried
from nrs_codec.provider.recipients import recipient
from nrs_codec.provider.recipients_many import judge_many


def _patterns() -> dict[str, set[str]]:
    """Every pattern the judge reads, with the digit strings to try it on: example numbers of
    each country (national numbers, of every type), their starts, and one digit changed."""
    patterns: dict[str, set[str]] = {}
    for cc, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        tries: set[str] = set()
        for region in regions:
            meta = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
            for desc in (
                meta.general_desc,
                meta.mobile,
                meta.fixed_line,
                meta.toll_free,
                meta.voip,
                meta.uan,
            ):
                if desc is not None and desc.example_number:
                    tries.add(desc.example_number)
        mine = set()
        for region in regions:
            rules = region_rules(cc, region)
            mine |= {rules.general[1], *(p for _, p in rules.groups)}
            if rules.leading_digits:
                mine.add(rules.leading_digits)
        if national_prefix(cc):
            mine.add(national_prefix(cc))
        for pattern in mine:
            patterns.setdefault(pattern, set()).update(tries)
    return patterns


def _around(numbers: set[str], rnd: random.Random) -> list[str]:
    out = ["", "0", "00"]
    for n in numbers:
        out += [n[:k] for k in range(len(n) + 1)]
        for _ in range(6):
            i = rnd.randrange(len(n))
            out.append(n[:i] + rnd.choice("0123456789") + n[i + 1 :])
        out.append(n + rnd.choice("0123456789"))
        out.append("".join(rnd.choice("0123456789") for _ in range(len(n))))
    return out


def test_every_pattern_of_every_country_matches_as_re_does():
    rnd = random.Random(3)
    patterns = _patterns()
    assert len(patterns) > 700
    matched = 0
    for pattern, numbers in patterns.items():
        m = machine([(pattern, WHOLE), (pattern, START), (pattern, STARTED)])
        regex = re.compile(pattern)
        some = re.compile(f"(?:{pattern})(?<=\\d)")  # a match that ends after a digit: not empty
        for digits in _around(numbers, rnd):
            got = m.run(digits)
            assert bool(got & 1) == bool(regex.fullmatch(digits)), (pattern, digits)
            assert bool(got & 2) == bool(regex.match(digits)), (pattern, digits)
            assert bool(got & 4) == bool(some.match(digits)), (pattern, digits)
            matched += bool(got & 1)
    assert matched > 5_000  # the examples and their neighbours match, not only the misses


def test_every_calling_code_has_its_automata():
    """No calling code falls back to judging its numbers one by one: every pattern is read."""
    missing = [cc for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if program_of(cc) is None]
    assert missing == []


@pytest.mark.parametrize(
    ("pattern", "how", "yes", "no"),
    [
        (r"9[1-36]\d{7}", WHOLE, ["912345678", "961234567"], ["941234567", "91234567", "9123456789"]),
        (r"(?:1|2[0-2])?5{2,3}", WHOLE, ["55", "1555", "2255"], ["5", "25555", "2355"]),
        (r"[^0-8]\d*", WHOLE, ["9", "91234"], ["8", ""]),
        (r"7(?:0|1)+", WHOLE, ["70", "7101"], ["7", "72"]),
        (r"(0\d{4})$|0", START, ["01234", "0", "0999999"], ["1", ""]),
        (r"1[\d-]x?", WHOLE, ["12"], ["1", "123"]),
        (r"0?(?:(11)?15)?", START, ["", "9", "0", "1115"], []),  # it matches no digits, anywhere
        (r"0?(?:(11)?15)?", STARTED, ["0", "09", "15", "11153", "01115"], ["", "9", "11", "1125"]),
        (r"(?:0|)$|7?", STARTED, ["0", "7", "71"], ["", "1", "01"]),  # whole, or a start, of a digit
    ],
)
def test_the_syntax_read(pattern, how, yes, no):
    m = machine([(pattern, how)])
    assert [bool(m.run(d)) for d in yes] == [True] * len(yes)
    assert [bool(m.run(d)) for d in no] == [False] * len(no)


def _first_end(starts, digits: str) -> int | None:
    """Where the first of ``starts`` (strings of digit sets) that ``digits`` starts with ends."""
    for s in starts:
        if len(s) <= len(digits) and all(mask >> int(c) & 1 for mask, c in zip(s, digits, strict=False)):
            return len(s)
    return None


def test_what_re_match_tries_is_listed_in_its_order():
    """``tried``: the first of its strings a number starts with ends where ``re.match`` ends,
    for every national prefix it can list and for greedy repetition (one more tried first)."""
    rnd = random.Random(9)
    patterns = {national_prefix(cc) for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE} - {None}
    patterns |= {r"(?:1|2){0,2}3?", r"0(8(?:[1-46-8]|5\d\d))?", r"(?:12|1)(?:23|2)"}
    listed = 0
    for pattern in sorted(patterns):
        starts = tried(pattern)
        if starts is None:  # a $, an unbounded repetition, or more strings than the limit
            assert "$" in pattern or "*" in pattern or "+" in pattern or tried(pattern, 10**5), pattern
            continue
        listed += 1
        for _ in range(400):
            digits = "".join(rnd.choices("01238", k=rnd.randint(0, 8)))
            m = re.match(pattern, digits)
            assert _first_end(starts, digits) == (m.end() if m else None), (pattern, digits)
    assert listed >= 15  # distinct prefixes: "0" alone serves most countries
    assert tried(r"\d*") is None and tried(r"0|(1\d{6})$") is None


@pytest.mark.parametrize(
    "pattern", [r"(?=1)\d", r"(1)\1", r"1.", r"^1", r"1$2", r"\D", r"1{2", r"1*?", r"[2-1]"]
)
def test_other_syntax_is_refused(pattern):
    with pytest.raises(Unsupported):
        parse(pattern) if pattern != r"1$2" else machine([(pattern, WHOLE)])


def test_patterns_beyond_one_automaton_take_several(monkeypatch):
    """More than 64 patterns, or more states than allowed, split into automata, and each
    pattern's ref says where it is."""
    monkeypatch.setattr(digit_machines, "MAX_STATES", 40)
    patterns = [(f"{i:02d}\\d{{{i % 5}}}", WHOLE) for i in range(100)] + [(r"[1-9]\d{3,9}", WHOLE)]
    built, refs = machines(patterns)
    assert len(built) > 2 and all(isinstance(m, Machine) for m in built)
    for i, (pattern, _) in enumerate(patterns):
        m, bit = built[refs[i] // 64], refs[i] % 64
        for digits in (f"{i:02d}" + "5" * (i % 5), "12345", f"{i:02d}"):
            assert bool(m.run(digits) >> bit & 1) == bool(re.fullmatch(pattern, digits)), (pattern, digits)


def test_a_program_judges_as_its_twin_reads():
    """``Program.judge`` (the engine's loop, in Python) on numbers of a shared code (+44)."""
    program = program_of(44)
    assert [r.name for r in program.regions][:2] == ["GB", "GG"]
    regions = [r.name for r in program.regions]
    assert program.judge("7400123456") == (regions.index("GB"), True)
    assert program.judge("7781123456") == (regions.index("GG"), True)
    assert program.judge("7700900123") == (-1, False)  # a drama number: no country's
    assert program.judge("1") is None  # too short for phonenumbers: judged on its own


def test_a_national_prefix_that_matches_no_digits_leaves_the_number_to_the_automata():
    """Argentina's national prefix matches no digits at the start of any number, and
    ``phonenumbers.parse`` then strips nothing: its numbers are judged by the automata (every one
    of them went to ``recipient`` one by one, 20 µs each), and the verdicts are ``recipient``'s.
    Only a prefix that takes digits (a 0, a 15 after the area code) still sends a number there."""
    assert prefix_how(54) == STARTED
    assert [cc for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if prefix_how(cc) == STARTED] == [54]
    program = program_of(54)
    rnd = random.Random(54)
    numbers = []
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        national = str(phonenumbers.example_number_for_type("AR", kind).national_number)
        numbers += [national[:k] + "".join(rnd.choices("0123456789", k=len(national) - k)) for k in range(6)]
        numbers += [national[:-1], national + "1"]
    numbers += ["1115" + "".join(rnd.choices("0123456789", k=6)), "0" + numbers[0]]
    by_automata = [n for n in numbers if program.judge(n) is not None]
    assert len(by_automata) >= len(numbers) - 4
    for n in ("01123456789", "1115234567"):  # a 0; an area code, then 15
        assert program.judge(n) is None
    for n in by_automata:
        region, valid = program.judge(n)
        r = recipient("54" + n)
        assert (valid, "AR" if region == 0 else None) == (r.valid, r.country), n


@pytest.mark.skipif(COMPILED is None, reason="the compiled engine is not built")
@pytest.mark.parametrize("code", [1, 7, 44, 54, 61, 262, 351, 590, 800])
def test_the_engine_reads_the_automata_as_program_judge_does(code):
    """The engine's pass (``numbers.pxi``) and ``Program.judge`` give every number of a calling
    code the same country and validity (codes shared by many countries, a national prefix kept
    or one that may match no digits, a global service), and leave the same ones to
    ``recipient``."""
    program = program_of(code)
    rnd = random.Random(code)
    tries = set()
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]:
        meta = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        for desc in (meta.mobile, meta.fixed_line, meta.toll_free, meta.general_desc):
            if desc is not None and desc.example_number:
                tries.add(desc.example_number)
    numbers = [f"{code}{n}" for n in _around(tries, rnd)]
    kept = {  # each way the national prefix may be written (classes: [0], [1][8][3][12]), kept
        "".join(rnd.choice(digits) for digits in re.findall(r"\[(\d+)\]", prefix)) + n
        for n in tries
        for prefix in (program.strip.prefixes if program.strip else ())
    }
    numbers += [f"{code}{n}" for n in _around(kept, rnd)]  # a national prefix kept: taken off
    numbers += [f"{code}" + "".join(rnd.choices("0123456789", k=rnd.randint(0, 18))) for _ in range(500)]
    judged = judge_many(numbers, engine=True)
    names = [r.name for r in program.regions]
    compared = valid_ones = 0
    for number, valid, country in zip(numbers, judged.valid.tolist(), judged.countries(), strict=True):
        verdict = program.judge(number[len(str(code)) :])
        if verdict is None or len(number) < 3 or len(number) > 20:
            continue  # judged by ``recipient`` itself (the other tests hold those)
        region, typed = verdict
        assert (valid, country) == (typed, names[region] if region >= 0 else None), number
        compared, valid_ones = compared + 1, valid_ones + typed
    assert compared > 300 and valid_ones > 10
