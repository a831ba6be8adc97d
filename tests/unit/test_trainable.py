"""When a library can be trained: one rule, said before any JVM starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from engine.context import build_context
from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.recommend.trainable import MIN_TRAINING_TRACKS, training_refusal

REPO = Path(__file__).resolve().parents[2]


def test_two_analysed_tracks_are_the_least_a_library_trains_on() -> None:
    assert "nothing analysed yet" in training_refusal(0)
    assert training_refusal(1) == "only 1 analysed track: training needs at least 2"
    assert training_refusal(MIN_TRAINING_TRACKS) is None


def test_encore_train_refuses_one_analysed_track_without_starting_spark() -> None:
    with build_context() as ctx:
        track = Track("a" * 32, "/music/a.ogg", "A")
        ctx.store.upsert_tracks([track])
        vector = np.zeros(2, dtype=np.float32)
        ctx.store.put_features(
            [TrackFeatures(track.track_id, vector, ("x", "y"), FEATURE_VERSION, "0:0")]
        )
    # In a process of its own, which no other test has made import pyspark.
    code = (
        "import sys; from engine.cli import main; rc = main(['train']); "
        "print('pyspark' in sys.modules); sys.exit(rc)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "training needs at least 2" in done.stderr and done.stderr.count("\n") == 1
    assert done.stdout.strip() == "False"  # refused before a session (7-10 s of JVM) started
