"""The recommender's band rule (engine.recommend.band_scan) at its edges; its answers against
datasketch's MinHashLSH are tested beside BandIndex's in test_shingles."""

from __future__ import annotations

import numpy as np

from engine.recommend.band_scan import BandScan
from engine.recommend.shingles import ShingleParams


def test_an_empty_band_scan_answers_nothing() -> None:
    params = ShingleParams()
    scan = BandScan(np.zeros((0, params.num_perm), dtype=np.uint32), params)
    assert scan.query(np.zeros(params.num_perm, dtype=np.uint32)).tolist() == []
