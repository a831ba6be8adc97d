"""Rankings exactly as the product serves them: the real Spark job, then ``Recommender``.

The quality benchmark's sweeps train in process (``bench/inprocess_training.py``, seconds per
setting); this module checks that shortcut against the real thing. A corpus's feature matrix goes
into a throw-away SQLite store (tracks carry the manifest's artist and album so the diversity rule
sees them; training reads only the audio features), ``encore train``'s job runs on one shared
SparkSession, and every track is then asked for recommendations through
:class:`engine.recommend.recommender.Recommender`, the code behind ``encore recommend``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.synthetic_library import analysed_features
from engine.analysis.features import FEATURE_NAMES


@dataclass(slots=True)
class ServedRun:
    """What one real training run produced for a corpus (rows are corpus indices)."""

    stored: list[list[int]]  # neighbour lists as the job wrote them, best first
    served: list[list[int]]  # Recommender.recommend(..., k) with its diversity cap
    assignments: np.ndarray  # (n,) cluster per track
    params: dict[str, Any]


def track_id(row: int) -> str:
    return f"{row:06d}" + "c3" * 13


def served_run(
    spark: object,
    matrix: np.ndarray,
    artists: Sequence[str],
    albums: Sequence[str],
    *,
    n_neighbours: int = 40,
    served_k: int = 10,
    **train_options: Any,
) -> ServedRun:
    """Train with the real job on ``matrix`` (shape (n, d)) and read back what is served."""
    from engine.config import load_config
    from engine.context import build_context
    from engine.models import Track
    from engine.recommend.recommender import Recommender
    from engine.spark.jobs import run_job

    n = matrix.shape[0]
    ids = [track_id(i) for i in range(n)]
    row_of = {tid: i for i, tid in enumerate(ids)}
    with tempfile.TemporaryDirectory(prefix="encore-quality-") as home:
        env = {"ENCORE_HOME": home, "ENCORE_CONFIG": str(Path(home) / "config.toml")}
        with build_context(load_config(env)) as ctx:
            # The store serves only vectors of the file as it is: the track's size and mtime
            # must be the signature its features were analysed from.
            tracks = [
                Track(
                    tid,
                    f"/q/{tid}.ogg",
                    f"Song {i}",
                    artist=artists[i],
                    album=albums[i],
                    size=1,
                    mtime_ns=1,
                )
                for i, tid in enumerate(ids)
            ]
            ctx.store.upsert_tracks(tracks)
            ctx.store.put_features(analysed_features(tracks, matrix, FEATURE_NAMES))
            summary = run_job("train", ctx, spark=spark, n_neighbours=n_neighbours, **train_options)
            stored = [
                [row_of[nb.track_id] for nb in ctx.store.neighbours(tid, n_neighbours)]
                for tid in ids
            ]
            rec = Recommender(ctx.store)
            served = [
                [row_of[r.track.track_id] for r in rec.recommend(tid, served_k)] for tid in ids
            ]
            assignments = np.array([ctx.store.cluster_of(tid) for tid in ids])
    return ServedRun(stored, served, assignments, dict(summary.params))
