"""Measurements the benchmarks share: resident memory of a process, latency percentiles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rss_mb(pid: int | str = "self") -> float:
    """Current resident set (``VmRSS``) of a process in MB; NaN if it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def p50_p95_max(ms: Sequence[float]) -> tuple[float, float, float]:
    """Median, 95th percentile and worst of latencies (any unit, returned in the same)."""
    arr = np.asarray(ms)
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 95)), float(arr.max())
