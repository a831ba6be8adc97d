"""Offscreen desktop fixtures: a real engine context, a real player on a silent output, and the
main window, all on pytest-qt's session-wide QApplication."""

from __future__ import annotations

import csv
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from engine.phrases import phrase
from tests.gui.x_displays import openbox, xvfb

pytestmark = pytest.mark.gui

CLIPS_PER_ALBUM = 2
ALBUMS = 4
# How long a GUI test waits for a worker, the player or another process (ms). Generous: CI's
# 2 cores may be shared by a loaded machine (load 25 here), and a wait ends once it holds.
WAIT_MS = 30_000
# A whole import of the 77 clips: the first one in a run also compiles librosa's numba code,
# which took over 240 s at load 55 (a mid-session CI); a wait ends once it holds.
IMPORT_WAIT_MS = 600_000
TEST_MIX = phrase("mix", phrase("word_balanced"))


def settle() -> None:
    """Run the posted layout requests, so widget sizes are final before a test reads them."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


@pytest.fixture
def desktop(qtbot, qapp) -> Iterator:
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    ctx = build_context()
    app = build_desktop(ctx, output=NullOutput(realtime=True, keep=False), load=False)
    qtbot.addWidget(app.window)
    app.window.show()
    yield app
    app.window.close()
    app.close()


@pytest.fixture
def build(qtbot, qapp) -> Iterator[Callable]:
    """Build desktops one after the other on this test's ENCORE_HOME (a restart is a second
    one); ``size`` resizes the window before it is shown. Closes those a test left open."""
    from desktop.app import build_desktop
    from engine.context import build_context
    from engine.playback.output import NullOutput

    built = []

    def make(size: tuple[int, int] | None = None):
        app = build_desktop(
            build_context(), output=NullOutput(realtime=True, keep=False), load=False
        )
        qtbot.addWidget(app.window)
        if size is not None:
            app.window.resize(*size)
        app.window.show()
        if size is not None:
            settle()
        built.append(app)
        return app

    yield make
    for app in built:
        if app.window.isVisible():
            app.window.close()
            app.close()


@pytest.fixture
def wait_jobs(qtbot) -> Callable:
    """Wait until a desktop's worker pool has nothing left to deliver (GUI callbacks ran)."""

    def wait(app, timeout: int = WAIT_MS) -> None:
        qtbot.waitUntil(lambda: not app.workers.busy(), timeout=timeout)

    return wait


Hold = Callable[..., tuple[threading.Event, threading.Event]]


@pytest.fixture
def hold_first(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    """``hold_first(obj, "method", before=False)``: the first call of ``obj.method`` (in a
    worker) waits until the test sets the returned ``release`` — after running, or ``before``
    it — as a loaded machine may leave any worker behind. ``reached`` is set when it waits."""
    releases: list[threading.Event] = []

    def hold(obj: object, method: str, *, before: bool = False):
        real = getattr(obj, method)
        reached, release = threading.Event(), threading.Event()
        releases.append(release)

        def held(*args, **kwargs):
            first = not reached.is_set()
            if first and before:
                reached.set()
                release.wait(timeout=60)
            result = real(*args, **kwargs)
            if first and not before:
                reached.set()
                release.wait(timeout=60)
            return result

        monkeypatch.setattr(obj, method, held)
        return reached, release

    yield hold
    for release in releases:  # a failed test leaves no worker waiting
        release.set()


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
            clusters=[ClusterSummary(0, TEST_MIX, len(ids), tuple(ids[:5]))],
        )
    )


def _decode(path: str) -> tuple[np.ndarray, int]:
    import librosa

    samples, sr = librosa.load(path, sr=22050, mono=True, duration=12.0)
    return samples, int(sr)


def drop_on(widget, path: Path) -> None:
    """Drop ``path`` on ``widget`` as a file manager's drag does (a copy, left button)."""
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def write_tone(path: Path, seconds: float = 2.0, freq: float = 440.0, sr: int = 44100) -> Path:
    """A quiet sine tone as WAV: real audio the player can decode."""
    import soundfile

    t = np.arange(int(seconds * sr)) / sr
    soundfile.write(path, (0.2 * np.sin(2 * np.pi * freq * t)).astype(np.float32), sr)
    return path


def corners_library(store, folder: Path, *, per_group: int = 10, seconds: float = 2.0) -> dict:
    """Two "corners" of a library, ``r0..`` and ``j0..``, with a two-cluster training run.

    Feature vectors are group centres far apart plus small noise, so every song's nearest
    neighbours are the rest of its own group. The run's neighbour lists come from the engine's
    own per-cluster search; no Spark. Returns ``track_id -> Track``.
    """
    from engine.analysis.features import FEATURE_NAMES, FEATURE_VERSION
    from engine.models import Track, TrackFeatures

    rng = np.random.default_rng(7)
    d = len(FEATURE_NAMES)
    folder.mkdir(parents=True, exist_ok=True)
    tracks: dict[str, Track] = {}
    vectors: dict[str, np.ndarray] = {}
    for g, group in enumerate("rj"):
        centre = rng.normal(0.0, 1.0, d) + (6.0 if g else -6.0)
        for i in range(per_group):
            tid = f"{group}{i}"
            path = write_tone(folder / f"{tid}.wav", seconds, 220.0 + 40 * i + 500 * g)
            tracks[tid] = Track(
                tid, str(path), f"Song {tid}", f"Artist {tid}", f"Album {tid}", duration=seconds
            )
            vectors[tid] = (centre + rng.normal(0.0, 0.3, d) * (1 + i)).astype(np.float32)
    store.upsert_tracks(tracks.values())
    store.put_features(
        TrackFeatures(tid, vectors[tid], FEATURE_NAMES, FEATURE_VERSION, t.signature.token())
        for tid, t in tracks.items()
    )
    save_corners_run(store, vectors, run_id="corners-1")
    return tracks


def save_corners_run(
    store, vectors: dict[str, np.ndarray], *, run_id: str, label: str = "Mix"
) -> None:
    """Save a two-cluster run over ``vectors``: cluster = the id's first letter, named by a mix
    word with ``label`` + letter as its genre (tag text, as a real genre)."""
    from engine.analysis.features import FEATURE_NAMES
    from engine.models import ClusterSummary, Neighbour, TrainingRun
    from engine.recommend.cluster_neighbours import cluster_neighbours
    from engine.recommend.shingles import Shingler

    ids = list(vectors)
    matrix = np.stack([vectors[t] for t in ids]).astype(np.float64)
    mean, std = matrix.mean(axis=0), matrix.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    z = (matrix - mean) / std
    groups = sorted({t[0] for t in ids})
    assignments = {t: groups.index(t[0]) for t in ids}
    neighbours: dict = {}
    centroids = []
    clusters = []
    for c, group in enumerate(groups):
        rows = [i for i, t in enumerate(ids) if t[0] == group]
        members = [ids[i] for i in rows]
        centroids.append(z[rows].mean(axis=0))
        found = cluster_neighbours(
            members,
            z[rows],
            n=len(members) - 1,
            shingler=Shingler(len(FEATURE_NAMES)),
            names=FEATURE_NAMES,
        )
        for i, tid in enumerate(members):
            neighbours[tid] = [
                Neighbour(o, s, r)
                for o, s, r in zip(found.ids[i], found.scores[i], found.reasons[i], strict=True)
            ]
        words = (phrase("word_calm"), phrase("word_bright"))[c % 2]
        name = phrase("mix", words, genre=f"{label} {group}")
        clusters.append(ClusterSummary(c, name, len(members), tuple(members[:5])))
    store.save_run(
        TrainingRun(
            run_id=run_id,
            created_at=time.time(),
            feature_names=FEATURE_NAMES,
            scaler_mean=mean,
            scaler_std=std,
            centroids=np.stack(centroids),
            assignments=assignments,
            neighbours=neighbours,
            clusters=clusters,
        )
    )


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A private X server (Xvfb, 1280 × 800) on a free display; yields ``":N"``."""
    with xvfb("1280x800") as display:
        yield display


@pytest.fixture
def openbox_display(xvfb_display: str) -> Iterator[str]:
    """:func:`xvfb_display` managed by openbox."""
    with openbox(xvfb_display) as display:
        yield display


@pytest.fixture
def laptop_display() -> Iterator[str]:
    """A 1366 × 768 screen (the commonest laptop panel) managed by openbox."""
    with xvfb("1366x768") as screen, openbox(screen) as display:
        yield display
