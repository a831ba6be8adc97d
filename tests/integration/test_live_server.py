"""Two devices on one server: device A's plays train new results, and device B's running window
shows them without a restart.

Everything is real: mongod, the Kafka-protocol broker, the backend worker (``build_worker``, as
``encore worker`` runs it) with its training trigger and the Spark "train" job in local mode,
device A's event outbox and publisher, and device B's offscreen window with a silent output.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from backend.training import TrainingPolicy
from backend.worker import build_worker
from bench.synthetic_library import analysed_features
from engine.analysis.features import FEATURE_NAMES
from engine.config import load_config
from engine.context import build_context
from engine.events.kafka import RECOMMENDATIONS, ensure_topics, make_producer
from engine.events.wire import PlayEvent, ResultsNotice
from engine.models import ClusterSummary, Track, TrainingRun
from engine.phrases import phrase
from tests.conftest import REPO
from tests.gui.conftest import write_tone
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers, pytest.mark.spark, pytest.mark.gui, pytest.mark.slow]

SIZES = (12, 12, 12)
PLAYS = 30  # device A's plays; the worker trains once it has stored this many
TRAINED_WITHIN_MS = 300_000  # Spark local on a shared 2-core machine, with its start-up


def _env(tmp_path: Path, name: str, bootstrap: str, mongo_uri: str) -> dict[str, str]:
    home = tmp_path / name
    return {
        "ENCORE_HOME": str(home),
        "ENCORE_CONFIG": str(home / "config.toml"),
        "ENCORE_KAFKA": bootstrap,
        "ENCORE_MONGO": mongo_uri,
        "ENCORE_WORKERS": "1",
    }


def _device(tmp_path: Path, name: str, bootstrap: str, mongo_uri: str):
    return load_config(env=_env(tmp_path, name, bootstrap, mongo_uri))


def _library(store, folder: Path, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Three blobs of feature vectors in the shared MongoDB library, and an old seed run."""
    d = len(FEATURE_NAMES)
    centres = rng.normal(scale=8.0, size=(len(SIZES), d))
    matrix = np.concatenate(
        [c + rng.normal(size=(n, d)) for c, n in zip(centres, SIZES, strict=True)]
    )
    truth = np.repeat(np.arange(len(SIZES)), SIZES)
    ids = [f"{i:04d}" + "ab" * 14 for i in range(len(matrix))]
    folder.mkdir(parents=True)
    # Long, small tones (8 kHz): device B keeps one playing through the whole test.
    paths = [write_tone(folder / f"{i}.wav", seconds=900.0, sr=8000) for i in range(2)]
    tracks = [
        Track(tid, str(paths[i] if i < 2 else folder / f"{i}.wav"), f"Song {i}", f"Band {i}")
        for i, tid in enumerate(ids)
    ]
    store.upsert_tracks(tracks)
    store.put_features(analysed_features(tracks, matrix, FEATURE_NAMES))
    # What device B serves at start: an old run that knows none of these songs.
    store.save_run(
        TrainingRun(
            run_id="seed-run",
            created_at=time.time() - 3600,
            feature_names=FEATURE_NAMES,
            scaler_mean=np.zeros(d),
            scaler_std=np.ones(d),
            centroids=np.zeros((1, d)),
            assignments={},
            neighbours={},
            clusters=[ClusterSummary(0, phrase("mix", phrase("word_balanced")), 0)],
        )
    )
    return ids, truth


def test_device_a_plays_train_and_device_b_shows_the_new_run_live(
    qtbot, qapp, tmp_path: Path, own_tansu: TansuBroker, mongo_test_uri: str, rng
) -> None:
    from desktop.app import build_desktop
    from engine.playback.output import NullOutput

    bootstrap = own_tansu.bootstrap
    ensure_topics(bootstrap)
    server_config = _device(tmp_path, "server", bootstrap, mongo_test_uri)
    policy = TrainingPolicy(every_s=None, min_new_events=PLAYS, min_new_tracks=10**9, min_gap_s=0.0)
    stop = threading.Event()
    with build_context(server_config) as server:
        ids, truth = _library(server.store, tmp_path / "music", rng)
        worker = build_worker(server, stop=stop, policy=policy)
        worker_thread = threading.Thread(target=worker.run, daemon=True)
        worker_thread.start()
        ctx_b = build_context(_device(tmp_path, "device-b", bootstrap, mongo_test_uri))
        b = build_desktop(ctx_b, output=NullOutput(realtime=True, keep=False))
        try:
            qtbot.addWidget(b.window)
            b.window.show()
            window, live, player = b.window, b.live, b.player
            qtbot.waitUntil(
                lambda: live.watcher is not None and live.watcher.listening.is_set(),
                timeout=60_000,
            )
            qtbot.waitUntil(lambda: window.warmed_run == "seed-run", timeout=30_000)
            qtbot.waitUntil(lambda: not b.workers.busy(), timeout=30_000)
            assert window.home.popular.tracks() == []  # nobody has played anything yet
            seed = window.library_model.track_by_id(ids[0])
            window.controller.play_tracks([seed, window.library_model.track_by_id(ids[1])])
            qtbot.waitUntil(lambda: player.state == "playing", timeout=10_000)
            window.recommendations.show_for(seed)
            qtbot.waitUntil(lambda: not b.workers.busy(), timeout=30_000)
            assert window.recommendations.recommendations == []  # the seed run knows nothing

            # Device A: its own home and device id, plays recorded as its player records them.
            config_a = _device(tmp_path, "device-a", bootstrap, mongo_test_uri)
            with build_context(config_a) as a:
                assert a.config.device_id != ctx_b.config.device_id
                favourite = ids[20]
                for i in range(PLAYS):
                    a.recorder.record(
                        PlayEvent(
                            ids[20] if i % 2 else ids[20 + i % 7],
                            "complete",
                            a.config.device_id,
                            position=200.0,
                            duration=200.0,
                        )
                    )
                assert a.events.publisher.wait_delivered(DELIVERY_WAIT_S)

            # B follows without a restart: the new run in the pane, A's plays on Home.
            def updated() -> bool:
                if worker.trigger.last_error:
                    pytest.fail(f"training failed: {worker.trigger.last_error}")
                return live.updates == 1 and window.warmed_run not in (None, "seed-run")

            qtbot.waitUntil(updated, timeout=TRAINED_WITHIN_MS)
            new_run = live.applied.run_id
            assert server.store.active_run().run_id == new_run
            qtbot.waitUntil(lambda: not b.workers.busy(), timeout=30_000)
            recs = window.recommendations.recommendations
            assert recs and all(truth[ids.index(r.track.track_id)] == truth[0] for r in recs)
            popular = [t.track_id for t in window.home.popular.tracks()]
            assert popular and popular[0] == favourite
            assert len(window.mixes.summaries) == len(SIZES)
            assert player.state == "playing" and player.current.track_id == ids[0]
            assert [t.track_id for t in player.queue.upcoming()] == [ids[1]]

            # Notices for an older run and for one that was never saved change nothing.
            ignored = live.watcher.ignored
            producer = make_producer(bootstrap)
            for run_id in ("seed-run", "no-such-run"):
                producer.send(
                    RECOMMENDATIONS, key=b"all", value=ResultsNotice(run_id).message().payload
                )
            producer.flush(30)
            producer.close()
            qtbot.waitUntil(lambda: live.watcher.ignored == ignored + 2, timeout=30_000)
            assert live.updates == 1 and live.applied.run_id == new_run

            # Device A trains on its own (`encore train`, its own process, server mode): B's
            # window, still running meanwhile, follows that run too.
            log = tmp_path / "train-a.log"
            with open(log, "wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "engine.cli", "train"],
                    cwd=REPO,
                    env={**os.environ, **_env(tmp_path, "device-a", bootstrap, mongo_test_uri)},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            try:
                qtbot.waitUntil(lambda: proc.poll() is not None, timeout=TRAINED_WITHIN_MS)
            finally:
                if proc.poll() is None:
                    proc.kill()
            assert proc.returncode == 0, log.read_text(errors="replace")[-2000:]
            qtbot.waitUntil(lambda: live.updates == 2, timeout=60_000)
            assert live.applied.run_id == server.store.active_run().run_id != new_run
            assert player.current.track_id == ids[0]

            # The broker goes away: B says so (once, in the status bar) and keeps playing.
            own_tansu.stop()
            notice = window.statusBar().findChild(type(live.notice), "serverNotice")
            qtbot.waitUntil(notice.isVisible, timeout=60_000)
            assert notice.text().startswith(f"Offline: Kafka at {bootstrap}")
            assert player.state == "playing" and player.current.track_id == ids[0]
        finally:
            b.window.close()
            b.close()
            stop.set()
            worker_thread.join(60)
