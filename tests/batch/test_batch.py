"""analyze_many: row by row the same as analyze, on every input type, both back ends, any workers."""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from _backends import COMPILED, Engine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nrs_codec
from nrs_codec import ENCODINGS, NO_ENCODING, Batch, Totals
from nrs_codec.batch import results as batch
from nrs_codec.batch import threads
from nrs_codec.core import reference as _reference

_core = None if COMPILED is None else Engine(COMPILED)
BACKENDS = [Engine(_reference)] + ([_core] if _core is not None else [])
BACKEND_IDS = [b.BACKEND for b in BACKENDS]

# GSM basic and extension, the Portuguese tables, Latin-1 outside GSM, UTF-16 only, astral, combining.
ALPHABET = "aZ09 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓ^{}\\[~]|€ÁÍÓÚáíóúâêôãõçÀ·ºª`\u00a0’“😀👍🏽\u0301ñ¿"
texts = st.text(alphabet=ALPHABET, max_size=420)
TOO_LONG = "x" * (255 * 153 + 1)  # 256 parts in every encoding
BAD_ROWS = [None, float("nan"), np.float64("nan"), pd.NA, 7, b"bytes", "lone \ud83d surrogate", TOO_LONG]
rows = st.lists(st.one_of(texts, texts, texts, st.sampled_from(BAD_ROWS)), max_size=40)
options = st.fixed_dictionaries(
    {},
    optional={
        "encoding": st.sampled_from(["auto", "gsm", "gsm-pt", "utf-16", "ucs2"]),
        "allowed": st.permutations(ENCODINGS).flatmap(lambda p: st.sampled_from([p, p[:1], p[:2]])),
        "ref16": st.booleans(),
        "extra_udh": st.sampled_from([0, 3, 7]),
        "force_shifts": st.booleans(),
    },
)


def expected(values, **opts) -> Batch:
    """The contract, row by row, straight from the reference ``analyze``."""
    cols = batch.empty_columns(len(values))
    for i, v in enumerate(values):
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            cols["error"][i] = 104
            continue
        if not isinstance(v, str):
            cols["error"][i] = 422
            continue
        try:
            a = _reference.analyze(v, **opts)
        except ValueError as exc:
            cols["error"][i] = exc.code
            continue
        cols["encoding"][i] = ENCODINGS.index(a.encoding)
        for name in ("parts", "units", "remaining", "locking_shift", "single_shift"):
            cols[name][i] = getattr(a, name)
    return Batch(**cols)


def child_env() -> dict[str, str]:
    """The environment of a child that imports these test modules: tests/ joins its import path,
    for the helpers the tests share (``_backends``)."""
    tests = str(Path(__file__).parents[1])
    path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), tests) if p)
    return {**os.environ, "PYTHONPATH": path}


def in_portable_child(code: str, portable: str = "1", stdin: object = None) -> object:
    """What ``code`` prints as JSON, run by a child process (from tests/, so that it imports the
    installed package) with ``NRS_CODEC_PORTABLE=portable``; ``stdin`` is sent to it as JSON."""
    r = subprocess.run(
        [sys.executable, "-c", code],
        input=None if stdin is None else json.dumps(stdin),
        env={**child_env(), "NRS_CODEC_PORTABLE": portable},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parent,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def as_inputs(values):
    """Every input type analyze_many takes, each holding ``values``."""
    yield "list", list(values)
    yield "tuple", tuple(values)
    yield "numpy", np.array(values + [None], dtype=object)[:-1]  # the None keeps it 1-d and object
    yield "series", pd.Series(values, dtype=object, index=range(100, 100 + len(values)))


def arrow_safe(values):
    """The rows an Arrow string column can hold: text without lone surrogates, or null."""
    out = []
    for v in values:
        ok = isinstance(v, str) and not any(0xD800 <= ord(c) <= 0xDFFF for c in v)
        out.append(v if ok else None)
    return out


def as_arrow_inputs(values):
    yield "string", pa.array(values, pa.string())
    yield "large_string", pa.array(values, pa.large_string())
    half = len(values) // 2
    yield "chunked", pa.chunked_array([values[:half], [], values[half:]], pa.string())
    yield "series[str]", pd.Series(values, dtype="str")


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=rows, opts=options)
def test_analyze_many_is_analyze_row_by_row(backend, values, opts):
    # The reference runs in one thread whatever ``workers`` says: one pass is enough there.
    worker_counts = (1,) if backend is _reference else (1, 2)
    want = expected(values, **opts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(threads, "MIN_ROWS_PER_THREAD", 1)  # let two workers split even a short batch
        mp.setattr(threads, "TASK_ROWS", 7)
        for name, texts in as_inputs(values):
            for workers in worker_counts:
                got = backend.analyze_many(texts, **opts, workers=workers)
                assert got == want, (name, workers)
        safe = arrow_safe(values)
        want = expected(safe, **opts)
        for name, texts in as_arrow_inputs(safe):
            for workers in worker_counts:
                assert backend.analyze_many(texts, **opts, workers=workers) == want, (name, workers)


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@settings(max_examples=15, deadline=None)
@given(values=rows)
def test_keep_graphemes_rows_match_analyze(backend, values):
    assert backend.analyze_many(values, keep_graphemes=True) == expected(values, keep_graphemes=True)


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
def test_threads_split_a_batch_identically(monkeypatch):
    monkeypatch.setattr(threads, "MIN_ROWS_PER_THREAD", 50)
    monkeypatch.setattr(threads, "TASK_ROWS", 60)  # more tasks than threads
    base = ["Olá, a sua encomenda nº 123 já foi enviada!", "[promo] 50% {VIP} €", "😀 ", ""]
    values = [base[i % 4] * (1 + i % 7) for i in range(1000)]
    for i in range(0, len(values), 37):
        values[i] = BAD_ROWS[i % len(BAD_ROWS)]
    want, want_arrow = expected(values), expected(arrow_safe(values))
    for workers in (1, 2, 3, 7, -1):
        assert _core.analyze_many(values, workers=workers) == want
        assert _core.analyze_many(pa.array(arrow_safe(values)), workers=workers) == want_arrow


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_a_batch_pickles(backend):
    """multiprocessing and Dask send results between processes by pickle."""
    b = backend.analyze_many(["Olá", None, "😀" * 80])
    again = pickle.loads(pickle.dumps(b))
    assert again == b and again.parts.tolist() == [1, 0, 3] and not again.parts.flags.writeable


def test_a_batch_built_from_arrays_leaves_them_writable():
    """Batch's columns are read-only; the arrays it was built from remain the caller's."""
    parts = np.array([1, 2], dtype=np.uint16)
    columns = {name: np.zeros(2, dtype) for name, dtype in batch.COLUMNS.items()} | {"parts": parts}
    b = Batch(**columns)
    parts[0] = 7
    assert parts.flags.writeable and not b.parts.flags.writeable
    with pytest.raises(ValueError):
        b.parts[0] = 3


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
def test_concurrent_calls_share_the_worker_threads(monkeypatch):
    """Calls from several threads at once, with different thread counts, each get their own rows
    back from the one pool of worker threads."""
    monkeypatch.setattr(threads, "MIN_ROWS_PER_THREAD", 10)
    monkeypatch.setattr(threads, "TASK_ROWS", 25)
    calls = [
        [f"{k} Olá {'€' * (i % 5)} {'😀' * (k % 3)}" * (1 + i % 9) for i in range(400)] for k in range(8)
    ]
    want = [expected(values) for values in calls]
    with ThreadPoolExecutor(4) as callers:
        got = list(callers.map(lambda k: _core.analyze_many(calls[k], workers=2 + k % 3), range(8)))
    assert got == want


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_worker_threads_of_its_own(monkeypatch):
    """The parent's worker threads do not exist in a child made by fork: the child starts its
    own instead of waiting forever on theirs."""
    monkeypatch.setattr(threads, "MIN_ROWS_PER_THREAD", 10)
    values = ["Olá €", "😀" * 80, "x" * 200] * 100
    want = expected(values)
    assert _core.analyze_many(values, workers=2) == want  # the parent's pool exists
    with multiprocessing.get_context("fork").Pool(1) as child:
        got = child.apply_async(_core.analyze_many, (values,), {"workers": 2}).get(timeout=60)
    assert got == want


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_error_codes(backend):
    values = ["ok", None, float("nan"), pd.NA, 3, b"x", "a\udc00", TOO_LONG, "ç", ""]
    b = backend.analyze_many(values, "gsm")
    assert b.error.tolist() == [0, 104, 104, 104, 422, 422, 422, 105, 113, 0]
    assert b.encoding.tolist() == [0] + [NO_ENCODING] * 8 + [0]
    assert b.parts.tolist() == [1] + [0] * 8 + [1]
    assert b.row(0) == {
        "encoding": "gsm",
        "parts": 1,
        "units": 2,
        "remaining": 158,
        "locking_shift": 0,
        "single_shift": 0,
        "error": 0,
    }
    assert b.row(1)["encoding"] is None


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_worked_examples(backend):
    # 160 GSM characters fit one part; 161 need two of 153; an emoji is two UTF-16 units; "ã" is
    # in the Portuguese locking table only.
    b = backend.analyze_many(["a" * 160, "a" * 161, "😀", "Pão"])
    assert b.parts.tolist() == [1, 2, 1, 1]
    assert b.units.tolist() == [160, 161, 2, 3]
    assert b.remaining.tolist() == [0, 145, 68, 152]
    assert [ENCODINGS[e] for e in b.encoding] == ["gsm", "gsm", "utf-16", "gsm-pt"]
    assert b.locking_shift.tolist() == [0, 0, 0, 3]
    # 153 euro signs through the default extension (ESC + code, never split) take 3 parts, not 2.
    b = backend.analyze_many(["€" * 153], "gsm")
    assert (b.parts[0], b.units[0], b.remaining[0]) == (3, 306, 151)


@pytest.mark.parametrize("purepython", [False, True])
def test_public_analyze_many_follows_the_back_end_selection(purepython):
    if not purepython and _core is None:
        pytest.skip("the compiled engine is not built")
    code = (
        "import json, sys, nrs_codec\n"
        "b = nrs_codec.analyze_many(json.loads(sys.argv[1]), workers=2)\n"
        "print(json.dumps([nrs_codec.backend, [b.row(i) for i in range(len(b))]]))\n"
    )
    values = ["Olá", "ж" * 71, "€" * 153, "", "a" * 39016]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NRS_CODEC_")}
    if purepython:
        env["NRS_CODEC_PUREPYTHON"] = "1"
    r = subprocess.run(
        [sys.executable, "-c", code, json.dumps(values)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,  # not the checkout: the installed package is under test
    )
    assert r.returncode == 0, r.stderr
    backend, rows = json.loads(r.stdout)
    assert backend == ("reference" if purepython else "compiled")
    want = expected(values)
    assert rows == [want.row(i) for i in range(len(values))]


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_bad_options_fail_the_call(backend):
    with pytest.raises(ValueError, match="unknown encoding"):
        backend.analyze_many(["a"], "latin-1")
    with pytest.raises(ValueError, match="extra_udh"):
        backend.analyze_many(["a"], extra_udh=500)
    with pytest.raises(ValueError, match="workers"):
        backend.analyze_many(["a"], workers=0)
    with pytest.raises(TypeError, match="single str"):
        backend.analyze_many("one text")
    with pytest.raises(TypeError, match="not int"):
        backend.analyze_many(5)
    with pytest.raises(TypeError, match="one-dimensional"):
        backend.analyze_many(np.array([["a"]], dtype=object))


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
def test_other_inputs(backend):
    want = expected(["abc", "ç"])
    assert backend.analyze_many(np.array(["abc", "ç"])) == want  # fixed-width NumPy strings
    assert backend.analyze_many(iter(["abc", "ç"])) == want
    assert backend.analyze_many(pd.Series(["abc", None], dtype="string[python]")) == expected(["abc", None])
    assert backend.analyze_many(pd.Series([1.5, None])) == expected([1.5, None])
    assert len(backend.analyze_many([])) == 0


@pytest.mark.parametrize("backend", BACKENDS, ids=BACKEND_IDS)
@pytest.mark.parametrize("module", ["pandas", "pyarrow"])
def test_a_library_half_imported_by_another_thread(backend, monkeypatch, module):
    # While one thread imports pandas (pyarrow's writers may), sys.modules holds it without its
    # classes yet: another thread's batch of plain rows must not trip on it (found by the check
    # with its output encoded on several threads: "partially initialized module 'pandas' has no
    # attribute 'Series'").
    import types

    monkeypatch.setitem(sys.modules, module, types.ModuleType(module))
    values = ["abc", None, float("nan"), "ç"]
    assert backend.analyze_many(values) == expected(values)
    assert backend.analyze_many(np.array(values, dtype=object)) == expected(values)


def test_batch_columns_and_conversions():
    b = nrs_codec.analyze_many(["Olá", None, "😀" * 40])
    assert len(b) == 3
    assert {c: getattr(b, c).dtype for c in batch.COLUMNS} == batch.COLUMNS
    with pytest.raises(ValueError):
        b.parts[0] = 9  # columns are read-only
    with pytest.raises(AttributeError):
        b.parts = np.zeros(3)
    df = b.to_pandas(index=["x", "y", "z"])
    assert list(df.columns) == list(batch.COLUMNS)
    assert df["encoding"].tolist()[0] == "gsm-pt" and pd.isna(df["encoding"]["y"])
    assert df.loc["z", "parts"] == 2 and df.loc["y", "error"] == 104
    t = b.to_arrow()
    assert t.column("encoding").to_pylist() == ["gsm-pt", None, "utf-16"]
    assert t.column("units").to_pylist() == [3, 0, 80]
    assert repr(b) == "<Batch rows=3 errors=1>"


def test_totals_add_up():
    values = ["a" * 161, "ç", None, "😀", "a"]
    whole = nrs_codec.analyze_many(values).totals()
    assert whole == Totals(
        rows=5,
        encodings={"gsm": 2, "gsm-pt": 1, "utf-16": 1},
        parts_histogram={1: 3, 2: 1},
        total_parts=5,
        total_units=161 + 1 + 2 + 1,
        errors={104: 1},
    )
    parts = [nrs_codec.analyze_many(values[:2]).totals(), nrs_codec.analyze_many(values[2:]).totals()]
    assert parts[0] + parts[1] == whole
    assert sum(parts, Totals()) == whole


def _outcome(analyze, text, opts):
    try:
        return analyze(text, **opts)
    except ValueError as exc:
        return type(exc), str(exc)


@pytest.mark.skipif(len(BACKENDS) < 2, reason="needs the compiled core")
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(texts, st.text(max_size=50)), opts=options, graphemes=st.booleans())
def test_compiled_analyze_shares_the_batch_kernel_and_still_matches_the_reference(text, opts, graphemes):
    opts = {**opts, "keep_graphemes": graphemes}
    assert _outcome(_core.analyze, text, opts) == _outcome(_reference.analyze, text, opts)


@pytest.mark.skipif(_core is None, reason="the compiled engine is not built")
@pytest.mark.parametrize(("value", "portable"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_nrs_codec_portable_says_yes_or_no(value, portable):
    code = "import json; from nrs_codec._native import engine; print(json.dumps(engine.SIMD))"
    assert in_portable_child(code, value) is (False if portable else _core.SIMD)


def walk_texts() -> list[str]:
    """Long runs of 1-unit ASCII characters (which the part walks take sixteen at a time) with
    2-unit characters on and around the part boundaries, as Latin-1 ('['), UCS-2 ('€') and
    Portuguese ('ç', 1 unit in GSM-PT but not ASCII) rows."""
    out = []
    for two in ("[", "€", "ç[", "€😀"):
        for at in range(145, 165):
            for n in (161, 306, 320, 470, 1000):
                chars = list("abc defg hij " * (n // 13 + 1))[:n]
                for k in range(at, n, 153):
                    chars[k] = two
                out.append("".join(chars))
    return out


@pytest.mark.skipif(_core is None, reason="the compiled engine is not built")
def test_part_walks_over_long_ascii_runs_agree_with_the_reference():
    values = walk_texts()
    want = expected(values)
    for rows in (values, tuple(values), pa.array(values), pa.array(values, pa.large_string())):
        got = _core.analyze_many(rows)
        assert [got.row(i) for i in range(len(values))] == [want.row(i) for i in range(len(values))]
        assert got.parts.max() >= 3


@pytest.mark.skipif(_core is None, reason="the compiled engine is not built")
def test_one_worker_reads_a_list_in_place_and_lets_other_threads_run_between_tasks():
    # One thread reads a list's rows with the GIL held, in tasks of at most HELD_ROWS rows;
    # a list subclass, whose items another thread could change, is copied as before.
    assert threads.held_ranges(0) == [(0, 0)]
    assert threads.held_ranges(threads.HELD_ROWS * 2 + 1) == [
        (0, threads.HELD_ROWS),
        (threads.HELD_ROWS, threads.HELD_ROWS * 2),
        (threads.HELD_ROWS * 2, threads.HELD_ROWS * 2 + 1),
    ]

    class Texts(list):
        pass

    values = walk_texts() * 10 + [None, 5, "ok"]
    want = expected(values)
    for rows in (values, tuple(values), Texts(values)):
        got = _core.analyze_many(rows, workers=1)
        assert got.error.tolist() == want.error.tolist() and got.parts.tolist() == want.parts.tolist()


@pytest.mark.skipif(_core is None, reason="the compiled engine is not built")
def test_the_portable_scan_gives_what_the_simd_scan_gives():
    # NRS_CODEC_PORTABLE=1 turns the sixteen-bytes-at-a-time scan off: a child process analyses
    # the same rows, lists and Arrow, with the portable loops only.
    import random

    rnd = random.Random(5)
    alphabet = "aZ09 .,!?-[]{}~^|\\`€ãçéÀ\nжΩ中😀“”\x00\x7f"
    values = [
        "".join(rnd.choice(alphabet) for _ in range(rnd.choice((5, 40, 170, 400)))) for _ in range(3000)
    ] + walk_texts()
    code = (
        "import json, sys, nrs_codec, pyarrow as pa\n"
        "from nrs_codec._native import engine\n"
        "values = json.loads(sys.stdin.read())\n"
        "out = [engine.SIMD] + [b.row(i) for b in (nrs_codec.analyze_many(values),\n"
        "    nrs_codec.analyze_many(pa.array(values))) for i in range(len(b))]\n"
        "print(json.dumps(out))\n"
    )
    simd, *rows = in_portable_child(code, stdin=values)
    assert simd is False
    ours = [
        b.row(i)
        for b in (_core.analyze_many(values), _core.analyze_many(pa.array(values)))
        for i in range(len(values))
    ]
    assert rows == ours
