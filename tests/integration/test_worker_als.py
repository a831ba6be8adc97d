"""The worker's training trigger runs "listeners like you" too: after k-means and LSH on the
server's MongoDB store, ALS over every listener's stored events writes each listener's top
songs, and For you blends them in with their own reason."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from backend.training import TrainingPolicy, TrainingTrigger
from bench.synthetic_library import analysed_features
from engine.analysis.features import FEATURE_NAMES
from engine.context import build_context
from engine.events.log import MongoEventLog
from engine.models import Track
from engine.recommend.listeners import ListenerResults
from engine.recommend.personal import Personal
from tests.integration.events_helpers import insert_events, mongo_db
from tests.integration.test_als import GROUPS, SONGS_PER_GROUP, planted

pytestmark = [pytest.mark.servers, pytest.mark.spark, pytest.mark.slow]


def test_the_training_trigger_writes_listeners_top_songs_that_for_you_blends_in(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    mongod_uri: str,
    mongo_db_name: str,
    mongo_test_uri: str,
    rng: np.random.Generator,
) -> None:
    now = time.time()
    events, _ = planted(rng, now)
    songs = [f"g{g}s{i:02d}" for g in range(GROUPS) for i in range(SONGS_PER_GROUP)]
    d = len(FEATURE_NAMES)
    centres = rng.normal(scale=8.0, size=(GROUPS, d))
    matrix = np.stack([centres[int(s[1])] + rng.normal(size=d) for s in songs])
    tracks = [Track(t, f"/music/{t}.ogg", f"Song {t}", artist=f"Band {t[:2]}") for t in songs]

    monkeypatch.setenv("ENCORE_HOME", str(tmp_path / "server-home"))
    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    db = mongo_db(mongod_uri, mongo_db_name)
    policy = TrainingPolicy(every_s=None, min_new_events=1, min_new_tracks=10**9, min_gap_s=0)
    with build_context() as server:
        server.store.upsert_tracks(tracks)
        server.store.put_features(analysed_features(tracks, matrix, FEATURE_NAMES))
        insert_events(db, events)
        trigger = TrainingTrigger(server, policy)
        trigger.note(events=len(events))
        assert trigger.maybe_start()
        assert trigger.done.wait(600), "training did not finish"
        assert trigger.last_error is None and trigger.runs == 1

        results = ListenerResults.open(mongo_test_uri)
        try:
            who = "listener-1-3"
            picks = results.top_for(who)
            assert picks, "ALS wrote no top songs for the listener"
            heard = {e.track_id for e in events if e.who == who}
            again = [t for t, _ in picks if t in heard]
            assert not again, f"heard songs among the picks: {again} of {picks}"
            assert sum(t.startswith("g1") for t, _ in picks[:5]) >= 4
            assert len(db.item_factors.distinct("track")) == len(songs)
            personal = Personal(
                server.store,
                MongoEventLog(db),
                listener=who,
                now=time.time,
                listeners_like_you=results,
            )
            offered = personal.for_you(12, fresh_days=0.0)
            from_als = [r for r in offered if r.reason.code == "listeners_like_you"]
            # (at most two a band: the ALS songs of the listener's own group share one with
            # the taste centres' songs, so others of the top fill in)
            assert from_als and not heard & {r.track.track_id for r in from_als}
        finally:
            results.close()
