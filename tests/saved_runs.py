"""A training run with nothing in it, for the tests and benches that only need a run to exist
(which one is active, newer, announced, due), not what it recommends; and a saved run turned
back into the form an older Encore stored (:func:`store_as_english`)."""

from __future__ import annotations

import json
import time

import numpy as np

from engine.models import ClusterSummary, TrainingRun
from engine.phrases import phrase
from engine.stores.mongo_schema import RUN_TRACKS, RUNS
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
        clusters=[
            ClusterSummary(i, phrase("mix", phrase("word_balanced"), number=i + 1), 0)
            for i in range(clusters)
        ],
    )


def save_empty_run(
    store: Store, run_id: str, created_at: float | None = None, *, clusters: int = 1
) -> None:
    """Save :func:`empty_run` in ``store``, which makes it the active run."""
    store.save_run(empty_run(run_id, created_at, clusters=clusters))


def store_as_english(store: Store, run_id: str) -> None:
    """Rewrite run ``run_id`` as an Encore before phrases (run settings version 2) stored it:
    every neighbour's reason and every mix's name as its English words, no phrase beside.

    The rewrite goes through each store's own connection, as the old code wrote (a run saved
    by today's ``save_run`` is always in today's form).
    """
    from engine.phrase_english import english
    from engine.phrases import from_wire
    from engine.stores.sqlite import SQLiteStore

    def words(text: str) -> str:
        return english(from_wire(text, "test"))

    if isinstance(store, SQLiteStore):
        with store.transaction() as conn:
            rows = conn.execute(
                "SELECT track_id, list FROM neighbour_lists WHERE run_id = ?", (run_id,)
            ).fetchall()
            for tid, text in rows:
                old = [[o, s, words(r)] for o, s, r in json.loads(text)["phrases"]]
                conn.execute(
                    "UPDATE neighbour_lists SET list = ? WHERE run_id = ? AND track_id = ?",
                    (json.dumps(old), run_id, tid),
                )
            conn.execute("UPDATE clusters SET phrase = NULL WHERE run_id = ?", (run_id,))
        return
    from engine.stores.mongo import MongoStore

    assert isinstance(store, MongoStore), type(store)
    db = store._db
    for doc in db[RUN_TRACKS].find({"run_id": run_id}):
        old = [{"t": n["t"], "s": n["s"], "r": words(n["p"])} for n in doc["neighbours"]]
        db[RUN_TRACKS].update_one({"_id": doc["_id"]}, {"$set": {"neighbours": old}})
    run = db[RUNS].find_one({"_id": run_id})
    clusters = [{k: v for k, v in c.items() if k != "phrase"} for c in run["clusters"]]
    db[RUNS].update_one({"_id": run_id}, {"$set": {"clusters": clusters}})
