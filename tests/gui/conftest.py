"""Offscreen desktop fixtures: a real engine context, a real player on a silent output, and the
main window, all on pytest-qt's session-wide QApplication."""

from __future__ import annotations

import csv
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.gui

CLIPS_PER_ALBUM = 2
ALBUMS = 4


@pytest.fixture
def desktop(qtbot, qapp) -> Iterator:
    from desktop.app import build_desktop
    from desktop.player.output import NullOutput
    from engine.context import build_context

    ctx = build_context()
    app = build_desktop(ctx, output=NullOutput(realtime=True, keep=False), load=False)
    qtbot.addWidget(app.window)
    app.window.show()
    yield app
    app.window.close()
    app.close()


@pytest.fixture
def wait_jobs(qtbot) -> Callable:
    """Wait until a desktop's worker pool has nothing left to deliver (GUI callbacks ran)."""

    def wait(app, timeout: int = 20_000) -> None:
        qtbot.waitUntil(lambda: not app.workers.busy(), timeout=timeout)

    return wait


@pytest.fixture
def clips(corpus: Path, tmp_path: Path) -> Path:
    """A small music folder: a few clips from several albums, in mixed formats."""
    rows = list(csv.DictReader((corpus / "manifest.csv").open(encoding="utf-8")))
    picked: dict[str, int] = {}
    folder = tmp_path / "music"
    for row in rows:
        album = row["album"]
        if picked.get(album, 0) >= CLIPS_PER_ALBUM or (
            album not in picked and len(picked) >= ALBUMS
        ):
            continue
        picked[album] = picked.get(album, 0) + 1
        source = corpus.parent / row["path"]
        target = folder / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return folder


def train_without_spark(store) -> None:
    """Analyse every imported track and save a one-cluster training run, no Spark.

    Uses the engine's own feature extraction and per-cluster neighbour search (the body of the
    Spark job), so the recommendations pane shows real recommendations in a few seconds.
    """
    import soundfile  # noqa: F401 - fail early if audio I/O is missing

    from engine.analysis.features import FEATURE_NAMES, FEATURE_VERSION, extract_features
    from engine.models import ClusterSummary, Neighbour, TrackFeatures, TrainingRun
    from engine.recommend.cluster_neighbours import cluster_neighbours
    from engine.recommend.shingles import Shingler

    features = []
    for track in store.iter_tracks():
        samples, sr = _decode(track.path)
        vector = extract_features(samples, sr)
        features.append(
            TrackFeatures(
                track.track_id, vector, FEATURE_NAMES, FEATURE_VERSION, track.signature.token()
            )
        )
    store.put_features(features)
    ids, matrix, names = store.feature_matrix()
    mean, std = matrix.mean(axis=0), matrix.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    z = (matrix - mean) / std
    found = cluster_neighbours(
        ids, z, n=min(10, len(ids) - 1), shingler=Shingler(len(names)), names=names
    )
    neighbours = {
        tid: [
            Neighbour(o, s, r)
            for o, s, r in zip(found.ids[i], found.scores[i], found.reasons[i], strict=True)
        ]
        for i, tid in enumerate(ids)
    }
    store.save_run(
        TrainingRun(
            run_id=f"test-{time.time_ns()}",
            created_at=time.time(),
            feature_names=names,
            scaler_mean=mean.astype(np.float64),
            scaler_std=std.astype(np.float64),
            centroids=np.zeros((1, len(names))),
            assignments=dict.fromkeys(ids, 0),
            neighbours=neighbours,
            clusters=[ClusterSummary(0, "Test mix", len(ids), tuple(ids[:5]))],
        )
    )


def _decode(path: str) -> tuple[np.ndarray, int]:
    import librosa

    samples, sr = librosa.load(path, sr=22050, mono=True, duration=12.0)
    return samples, int(sr)
