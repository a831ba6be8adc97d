"""The recommender's band rule (engine.recommend.band_scan) answers what datasketch's
MinHashLSH answers for the same signatures."""

from __future__ import annotations

import numpy as np
import pytest

from engine.recommend.band_scan import BandScan
from engine.recommend.shingles import ShingleParams, Shingler


@pytest.mark.parametrize("threshold", [0.3, 0.6])
def test_band_scan_query_equals_datasketch_query(rng: np.random.Generator, threshold) -> None:
    params = ShingleParams(lsh_threshold=threshold)
    shingler = Shingler(24, params)
    centre = rng.normal(size=24)
    z = centre + rng.normal(scale=rng.uniform(0.05, 1.5, size=(300, 1)), size=(300, 24))
    sigs = shingler.signatures(z)
    lsh = shingler.lsh_index([str(i) for i in range(300)], sigs)
    scan = BandScan(sigs, params)
    near = centre + rng.normal(scale=0.4, size=(40, 24))
    outside = shingler.signatures(np.concatenate([near, -centre + rng.normal(size=(10, 24))]))
    sizes = set()
    for probe in [*sigs[::7], *outside]:
        expected = sorted(int(k) for k in lsh.query(shingler.lean(probe)))
        got = scan.query(probe)
        assert got.tolist() == expected
        sizes.add(len(got))
    assert len(sizes) > 5  # the probes span few to many candidates
    if threshold > 0.5:
        assert 0 in sizes  # and some outside tracks share no band at all


def test_an_empty_band_scan_answers_nothing() -> None:
    params = ShingleParams()
    scan = BandScan(np.zeros((0, params.num_perm), dtype=np.uint32), params)
    assert scan.query(np.zeros(params.num_perm, dtype=np.uint32)).tolist() == []
