"""Listeners like you: Spark MLlib ALS (implicit feedback) over every listener's play events.

Server mode only: the backend worker runs this job after training, over the events of every
device in MongoDB. A listener's preference for a song is popularity's decayed rule applied to
that listener's own events (:func:`engine.recommend.popularity.popularity_scores`), kept when
positive: ALS's implicit model reads it as confidence ``1 + alpha · r``. Each listener's top
songs and every song's factors are written to MongoDB (:mod:`engine.recommend.listeners`),
replacing the previous run's in one step per collection.

The job is one function of ``(spark, ctx)`` like training, so it runs the same on ``local[*]``
and on a standalone cluster.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import EncoreError
from engine.events.wire import PlayEvent
from engine.recommend.popular import HORIZON_HALF_LIVES
from engine.recommend.popularity import DAY, DEFAULT_HALF_LIFE_DAYS, popularity_scores

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from engine.context import Context


CHECKPOINT_EVERY = 4  # iterations between lineage cuts
KNOWN_ALLOWANCE = 100


@dataclass(frozen=True, slots=True)
class AlsParams:
    rank: int = 32
    max_iter: int = 10
    reg_param: float = 0.05
    alpha: float = 10.0  # confidence per unit of preference
    top_n: int = 50
    seed: int = 7


@dataclass(frozen=True, slots=True)
class Preferences:
    """``(listener, track, preference)`` triples, as integer indices plus the id tables."""

    listeners: list[str]
    tracks: list[str]
    user: np.ndarray  # (m,) int32
    item: np.ndarray  # (m,) int32
    rating: np.ndarray  # (m,) float32, > 0


def listener_preferences(
    events: Iterable[PlayEvent], *, now: float, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> Preferences:
    """Each listener's positive decayed preference per song (listener: :attr:`PlayEvent.who`)."""
    by_listener: dict[str, list[PlayEvent]] = defaultdict(list)
    for event in events:
        by_listener[event.who].append(event)
    listeners = sorted(by_listener)
    track_index: dict[str, int] = {}
    user, item, rating = [], [], []
    for u, listener in enumerate(listeners):
        scores = popularity_scores(by_listener[listener], now=now, half_life_days=half_life_days)
        for tid, score in sorted(scores.items()):
            if score > 0:
                user.append(u)
                item.append(track_index.setdefault(tid, len(track_index)))
                rating.append(score)
    return Preferences(
        listeners,
        list(track_index),
        np.asarray(user, dtype=np.int32),
        np.asarray(item, dtype=np.int32),
        np.asarray(rating, dtype=np.float32),
    )


def fit_als(
    spark: SparkSession,
    prefs: Preferences,
    params: AlsParams = AlsParams(),
    *,
    checkpoint_dir: str | None = None,
) -> tuple[dict[str, list[tuple[str, float]]], dict[str, list[float]]]:
    """Fit implicit ALS; returns ``listener -> [(track, score)]`` best first (songs the
    listener already has a preference for left out) and ``track -> factor vector``.

    ``checkpoint_dir`` (a directory every executor can write: local disk for ``local[*]``, the
    shared directory on a cluster) lets ALS cut its lineage every few iterations; without it the
    plan of 10+ iterations grows until task deserialisation overflows the JVM stack.
    """
    import tempfile

    import pandas as pd
    from pyspark.ml.recommendation import ALS

    context = spark.sparkContext
    if context.getCheckpointDir() is None:
        context.setCheckpointDir(checkpoint_dir or tempfile.mkdtemp(prefix="encore-als-"))

    frame = spark.createDataFrame(
        pd.DataFrame({"user": prefs.user, "item": prefs.item, "rating": prefs.rating})
    )
    als = ALS(
        rank=params.rank,
        maxIter=params.max_iter,
        regParam=params.reg_param,
        alpha=params.alpha,
        implicitPrefs=True,
        userCol="user",
        itemCol="item",
        ratingCol="rating",
        coldStartStrategy="drop",
        nonnegative=False,
        seed=params.seed,
        checkpointInterval=CHECKPOINT_EVERY,
    )
    model = als.fit(frame)
    known: dict[int, set[int]] = defaultdict(set)
    for u, i in zip(prefs.user.tolist(), prefs.item.tolist(), strict=True):
        known[u].add(i)
    # Songs a listener already has a preference for are dropped from their list, so ask for
    # more than top_n; not top_n + the most any listener knows (a heavy listener's thousands
    # would make every listener's list that long: 20M rows at 10k listeners).
    wanted = params.top_n + KNOWN_ALLOWANCE
    top: dict[str, list[tuple[str, float]]] = {}
    for row in model.recommendForAllUsers(min(wanted, len(prefs.tracks))).toLocalIterator():
        u = int(row["user"])
        picks = [
            (prefs.tracks[int(r["item"])], float(r["rating"]))
            for r in row["recommendations"]
            if int(r["item"]) not in known[u]
        ]
        top[prefs.listeners[u]] = picks[: params.top_n]
    factors = {
        prefs.tracks[int(row["id"])]: [float(x) for x in row["features"]]
        for row in model.itemFactors.toLocalIterator()
    }
    return top, factors


def als_job(spark: SparkSession, ctx: Context, **options: object) -> dict:
    """The registered "als" job: every listener's events in MongoDB → top songs + factors."""
    from engine.recommend.listeners import ListenerResults

    if not ctx.config.mongo_uri:
        raise EncoreError("listeners like you need server mode (ENCORE_MONGO): nothing to do")
    params = AlsParams(**{k: v for k, v in options.items() if k in AlsParams.__dataclass_fields__})
    started = time.monotonic()
    now = time.time()
    since = now - HORIZON_HALF_LIVES * DEFAULT_HALF_LIFE_DAYS * DAY
    from engine.events.log import MongoEventLog
    from engine.events.runtime import mongo_database

    database = mongo_database(ctx.config.mongo_uri)
    try:
        events = MongoEventLog(database).iter_events(since=since)
        prefs = listener_preferences(events, now=now)
    finally:
        database.client.close()
    if len(prefs.listeners) < 2 or len(prefs.tracks) < 2:
        return {"listeners": len(prefs.listeners), "skipped": "too few listeners or songs"}
    shared = ctx.config.spark_shared_dir
    top, factors = fit_als(
        spark, prefs, params, checkpoint_dir=str(shared / "als-checkpoints") if shared else None
    )
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + "-" + uuid.uuid4().hex[:6]
    results = ListenerResults.open(ctx.config.mongo_uri)
    try:
        results.save(run_id, top, factors)
    finally:
        results.close()
    return {
        "run_id": run_id,
        "listeners": len(prefs.listeners),
        "tracks": len(prefs.tracks),
        "preferences": len(prefs.rating),
        "seconds": round(time.monotonic() - started, 1),
    }
