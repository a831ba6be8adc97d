"""Listeners like you: ALS on a real mongod and Spark recovers planted taste groups."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from engine.config import load_config
from engine.context import build_context
from engine.events.wire import PlayEvent
from engine.recommend.als import AlsParams, fit_als, listener_preferences
from engine.recommend.listeners import ListenerResults
from engine.spark.jobs import run_job
from tests.integration.events_helpers import insert_events, mongo_db

pytestmark = [pytest.mark.servers, pytest.mark.spark, pytest.mark.slow]

GROUPS, LISTENERS_PER_GROUP, SONGS_PER_GROUP, PLAYED = 3, 8, 24, 12


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from engine.spark.session import test_session

    session = test_session(2)
    yield session
    session.stop()


def planted(rng: np.random.Generator, now: float) -> tuple[list[PlayEvent], dict[str, set[str]]]:
    """Listeners in groups; each finishes half of its group's songs a few times."""
    events, unheard = [], {}
    for g in range(GROUPS):
        songs = [f"g{g}s{i:02d}" for i in range(SONGS_PER_GROUP)]
        for n in range(LISTENERS_PER_GROUP):
            who = f"listener-{g}-{n}"
            mine = set(rng.choice(songs, PLAYED, replace=False).tolist())
            unheard[who] = set(songs) - mine
            for tid in sorted(mine):
                for r in range(int(rng.integers(1, 4))):
                    at = now - float(rng.uniform(1, 20)) * 86400 - r
                    events.append(
                        PlayEvent(tid, "complete", who, position=200, duration=200, timestamp=at)
                    )
    return events, unheard


def test_als_recovers_the_planted_groups(spark: object, rng: np.random.Generator) -> None:
    now = time.time()
    events, unheard = planted(rng, now)
    prefs = listener_preferences(events, now=now)
    result = fit_als(spark, prefs, AlsParams(rank=4, max_iter=15, reg_param=0.1, top_n=10))
    top = result.top
    assert set(top) == set(unheard)
    hits = []
    for who, picks in top.items():
        group = who.split("-")[1]
        # The group's songs this listener never played come first.
        assert sum(t.startswith(f"g{group}") for t, _ in picks[:5]) >= 4, (who, picks[:5])
        hits += [t in unheard[who] for t, _ in picks[:10]]
    assert np.mean(hits) >= 0.9  # top songs are the group's songs this listener never played
    assert result.item_factors.shape == (GROUPS * SONGS_PER_GROUP, 4)
    assert sorted(result.item_ids) == sorted(
        f"g{g}s{i:02d}" for g in range(GROUPS) for i in range(SONGS_PER_GROUP)
    )


def test_als_job_reads_mongodb_and_writes_each_listeners_top(
    spark: object,
    monkeypatch: pytest.MonkeyPatch,
    mongo_test_uri: str,
    mongod_uri: str,
    mongo_db_name: str,
    encore_home: Path,
    rng: np.random.Generator,
) -> None:
    now = time.time()
    events, _ = planted(rng, now)
    db = mongo_db(mongod_uri, mongo_db_name)
    insert_events(db, events)
    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    with build_context(load_config()) as ctx:
        summary = run_job("als", ctx, spark=spark, rank=4, max_iter=15, reg_param=0.1, top_n=10)
        assert summary["listeners"] == GROUPS * LISTENERS_PER_GROUP
        results = ListenerResults.open(mongo_test_uri)
        try:
            assert results.active_run() == summary["run_id"]
            who = "listener-1-3"
            picks = results.top_for(who)
            assert len(picks) == 10
            assert sum(t.startswith("g1") for t, _ in picks[:5]) >= 4
            assert results.top_for("nobody") == []
            first_run = summary["run_id"]
            again = run_job("als", ctx, spark=spark, rank=4, max_iter=15, reg_param=0.1, top_n=10)
            assert results.active_run() == again["run_id"] != first_run
            # The older run's documents are gone: one whole run at a time.
            assert db.listener_top.count_documents({"run": first_run}) == 0
        finally:
            results.close()
