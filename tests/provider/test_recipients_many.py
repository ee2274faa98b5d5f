"""``judge_many`` holds to the one recipient rule (``provider.recipients.recipient``) row by row."""

from __future__ import annotations

import pyarrow as pa
import pytest
from _numbers import COUNTRIES, GLOBAL_SERVICES, examples, variants

from nrs_codec.provider.fields import MANY, judge_all
from nrs_codec.provider.recipients import NON_GEOGRAPHIC, recipient
from nrs_codec.provider.recipients_many import judge_many


@pytest.mark.slow
def test_judge_many_agrees_with_recipient_on_100000_numbers():
    base = examples()
    numbers = base + variants(base, 100_000, seed=11)
    judged = judge_many(pa.array(numbers))
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


def test_odd_rows_take_the_exact_path_and_agree():
    numbers = [None, "", "+351912345678", "0351912345678", "35191234567x", "1", "44", "800", "9" * 25]
    numbers += ["٣٥١٩١٢٣٤٥٦٧٨", "３５１912345678", " 351912345678", "351 912 345 678"]  # digits, not ASCII
    numbers += [f"{cc}0{'5' * 9}" for cc in (44, 39, 351, 1, 33, 49)]  # national prefixes kept
    numbers += [str(cc) + "12345678" for cc in GLOBAL_SERVICES]
    judged = judge_many(numbers)
    valid, country = judged.valid, judged.countries()
    for n, v, c in zip(numbers, valid, country, strict=True):
        if n is None:
            assert (v, c) == (False, None)
        else:
            assert (bool(v), c) == (recipient(n).valid, recipient(n).country), n


def test_preflight_judges_many_recipients_at_once_as_one_by_one():
    """``fields.judge_all`` (pre-flight's ``to`` from MANY entries on) gives what ``recipient``
    gives each entry, reasons of the invalid ones included."""
    to = [f"35191{n:07d}" for n in range(MANY)] + ["+351912345678", "12", "3519", "1" * 40, "447700900123"]
    to += [f"{cc}{n:09d}" for cc in ("1", "33", "44", "55", "91", "800") for n in range(0, 10**9, 10**8)]
    assert judge_all(to) == [recipient(entry) for entry in to]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_a_slice_of_a_column_is_judged_from_its_own_rows(kind):
    # Campaign blocks are slices of a reader's batch: the column's buffers start before its rows.
    numbers = ["351912345678", "12", None, "447700900123", "", "35191234567x", "33612345678", "0351912345678"]
    column = pa.array(["x" * 30, "351", *numbers, "9" * 25], kind).slice(2, len(numbers))
    judged = judge_many(column)
    assert list(zip(judged.valid.tolist(), judged.countries(), strict=True)) == [
        (False, None) if n is None else (recipient(n).valid, recipient(n).country) for n in numbers
    ]
