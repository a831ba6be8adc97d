"""A worker's memory figure must be its own, not the high-water mark of whoever spawned it."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from engine.analysis.worker import peak_rss_kb


def test_spawned_worker_does_not_report_its_large_parent() -> None:
    ballast = np.ones(300 * 1024 * 1024, dtype=np.uint8)  # the parent touches 300 MiB
    assert peak_rss_kb() > 300 * 1024
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        child_kb = pool.submit(peak_rss_kb).result()
    del ballast
    assert 0 < child_kb < 150 * 1024
