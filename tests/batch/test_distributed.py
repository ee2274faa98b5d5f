"""The Dask integration on a real ``dask.distributed`` cluster of two worker processes."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import nrs_codec

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from nrs_codec.batch import distributed as nrs_dask  # noqa: E402

pytestmark = pytest.mark.slow

PARTITIONS = 8
ROWS = 1_000_000
WORDS = [
    "Olá",
    "encomenda",
    "promoção",
    "[promo]",
    "{VIP}",
    "50€",
    "hello",
    "¿Qué",
    "tal?",
    "😀",
    "👍🏽",
    "ção",
]


def make_partition(seed: int) -> pd.Series:
    """Messages of 1 to 40 words, with a missing value every 997 rows; the same for a seed."""
    rng = random.Random(seed)
    n = ROWS // PARTITIONS
    texts = [" ".join(rng.choices(WORDS, k=rng.randint(1, 40))) for _ in range(n)]
    for i in range(seed, n, 997):
        texts[i] = None
    return pd.Series(texts, index=pd.RangeIndex(seed * n, (seed + 1) * n), dtype="str")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.mark.skipif(nrs_codec.backend != "compiled", reason="a million rows need the compiled core")
def test_totals_on_a_cluster_equal_the_single_process_result(client):
    series = dd.from_map(make_partition, list(range(PARTITIONS)))
    whole = pd.concat([make_partition(s) for s in range(PARTITIONS)])
    assert len(whole) == ROWS
    local = nrs_codec.analyze_many(whole)
    want = local.totals()
    got = nrs_dask.totals(series)
    assert got == want
    assert got.rows == ROWS and got.errors == {
        104: sum(len(range(s, ROWS // PARTITIONS, 997)) for s in range(8))
    }
    assert got.total_parts == want.total_parts and got.parts_histogram == want.parts_histogram

    rows = nrs_dask.analyze_column(series).compute()
    pd.testing.assert_frame_equal(rows, local.to_pandas(index=whole.index))


def test_options_reach_the_workers(client):
    texts = pd.Series(["ç", "a", None, "😀"] * 50, dtype=object)
    series = dd.from_pandas(texts, npartitions=3)
    got = nrs_dask.analyze_column(series, "gsm").compute()
    want = nrs_codec.analyze_many(texts, "gsm").to_pandas()
    pd.testing.assert_frame_equal(got, want)
    assert nrs_dask.totals(series, "gsm").errors == {104: 50, 113: 100}  # "ç" and "😀" are not GSM
