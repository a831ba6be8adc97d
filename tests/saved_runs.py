"""A training run with nothing in it, for the tests and benches that only need a run to exist
(which one is active, newer, announced, due), not what it recommends."""

from __future__ import annotations

import time

import numpy as np

from engine.models import ClusterSummary, TrainingRun
from engine.stores.protocol import Store


def empty_run(run_id: str, created_at: float | None = None, *, clusters: int = 1) -> TrainingRun:
    """A run over one feature with ``clusters`` empty mixes, made ``created_at`` (default now)."""
    return TrainingRun(
        run_id=run_id,
        created_at=time.time() if created_at is None else created_at,
        feature_names=("a",),
        scaler_mean=np.zeros(1),
        scaler_std=np.ones(1),
        centroids=np.zeros((clusters, 1)),
        assignments={},
        neighbours={},
        clusters=[ClusterSummary(i, f"mix {i}", 0) for i in range(clusters)],
    )


def save_empty_run(
    store: Store, run_id: str, created_at: float | None = None, *, clusters: int = 1
) -> None:
    """Save :func:`empty_run` in ``store``, which makes it the active run."""
    store.save_run(empty_run(run_id, created_at, clusters=clusters))
