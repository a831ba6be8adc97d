"""Sample tracks, feature vectors and training runs the store contract tests write and read
back (every test in this folder runs against each Store implementation; see conftest.py)."""

from __future__ import annotations

import time

import numpy as np

from engine.feature_version import FEATURE_VERSION
from engine.models import ClusterSummary, Neighbour, Track, TrackFeatures, TrainingRun
from engine.phrases import phrase
from engine.run_settings import RunSettings

NAMES = ("a", "b", "c")
# Reasons and names as training writes them: codes with values, tag text among them.
BPM = phrase("both", phrase("shared_bpm", bpm=128), phrase("quiet_wide", lufs=-24))
SIMILAR = phrase("similar", phrase("timbre"), phrase("rhythm"))
CALM = phrase("mix", phrase("word_calm"), phrase("word_warm"), genre="Ünïcödé jazz", number=2)
LOUD = phrase("your_mix", number=1, artist="<b>Ann</b>")


def make_track(n: int, **kw) -> Track:
    base = dict(
        track_id=f"id{n:03d}",
        path=f"/music/{n:03d}.ogg",
        title=f"Song {n}",
        artist="Artist",
        album="Album",
        size=1000 + n,
        mtime_ns=10**18 + n,
        duration=120.0,
    )
    base.update(kw)
    return Track(**base)


def make_features(
    track: Track, values: tuple[float, float, float], version: int = FEATURE_VERSION
) -> TrackFeatures:
    return TrackFeatures(
        track_id=track.track_id,
        vector=np.array(values, dtype=np.float32),
        names=NAMES,
        version=version,
        signature=track.signature.token(),
    )


def make_run(run_id: str, ids: list[str]) -> TrainingRun:
    return TrainingRun(
        run_id=run_id,
        created_at=time.time(),
        feature_names=NAMES,
        scaler_mean=np.zeros(3),
        scaler_std=np.ones(3),
        centroids=np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]),
        assignments={tid: i % 2 for i, tid in enumerate(ids)},
        neighbours={ids[0]: [Neighbour(ids[1], 0.9, BPM), Neighbour(ids[2], 0.5, SIMILAR)]},
        clusters=[ClusterSummary(0, CALM, 2, (ids[0],)), ClusterSummary(1, LOUD, 1, (ids[1],))],
        settings=RunSettings(k=2, rank="jaccard", feature_weights=(1.0, 0.5, 2.0)),
    )
