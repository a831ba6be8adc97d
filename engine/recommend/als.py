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
from engine.step_times import StepTimes

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from engine.context import Context


CHECKPOINT_EVERY = 4  # iterations between lineage cuts


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


@dataclass(slots=True)
class AlsResult:
    """What one ALS run gives For you: each listener's songs and every song's factors."""

    top: dict[str, list[tuple[str, float]]]  # listener -> [(track, score)], best first
    item_ids: list[str]
    item_factors: np.ndarray  # (len(item_ids), rank), float32
    timings: dict[str, float]  # seconds per step: fit, factors, top


def fit_als(
    spark: SparkSession,
    prefs: Preferences,
    params: AlsParams = AlsParams(),
    *,
    checkpoint_dir: str | None = None,
) -> AlsResult:
    """Fit implicit ALS and rank every listener's songs (those they already have a
    preference for left out).

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
    step = StepTimes()
    timings = step.timings

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
    step("fit")
    users = _factor_matrix(model.userFactors, len(prefs.listeners), params.rank)
    items = _factor_matrix(model.itemFactors, len(prefs.tracks), params.rank)
    step("factors")
    order, scores = top_unknown(users, items, prefs.user, prefs.item, params.top_n)
    top = {
        who: [
            (prefs.tracks[i], float(s))
            for i, s in zip(order[u].tolist(), scores[u].tolist(), strict=True)
            if s > -np.inf
        ]
        for u, who in enumerate(prefs.listeners)
    }
    step("top")
    return AlsResult(top, prefs.tracks, items, timings)


def _factor_matrix(frame, count: int, rank: int) -> np.ndarray:
    """``(count, rank)`` float32 from a factors frame (``id``, ``features``), row = id.

    The factors are small (a float per rank per listener or song), so they come to the driver
    as Arrow batches, not row by row.
    """
    table = frame.toPandas()
    out = np.zeros((count, rank), dtype=np.float32)
    if len(table):
        out[table["id"].to_numpy(dtype=np.int64)] = np.stack(table["features"].to_numpy())
    return out


# Listeners scored at once: (block, songs) float32 scores, 40 MB at 100k songs.
_USER_BLOCK = 100


def top_unknown(
    users: np.ndarray, items: np.ndarray, user: np.ndarray, item: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each listener's ``n`` best-scored songs among those they have no preference for.

    Scores are ALS's ``users @ items.T``, computed a block of listeners at a time with BLAS on
    the driver: Spark's ``recommendForAllUsers`` sorts every (listener, song) pair through a
    bounded queue per block and cannot leave out the known songs, so it had to be asked for
    ``n`` plus an allowance and most of the pairs it ranked were thrown away.

    Parameters
    ----------
    users : np.ndarray, shape (u, r)
    items : np.ndarray, shape (i, r)
    user, item : np.ndarray, shape (m,)
        The known (listener, song) pairs, as row indices of ``users`` and ``items``.
    n : int

    Returns
    -------
    order : np.ndarray, shape (u, min(n, i)), int64
        Song rows, best first (equal scores in row order among those picked).
    scores : np.ndarray, shape (u, min(n, i)), float32
        Their scores; ``-inf`` where a listener has fewer than ``n`` unknown songs.
    """
    n = min(n, items.shape[0])
    u = users.shape[0]
    by_user = np.argsort(user, kind="stable")
    starts = np.searchsorted(user[by_user], np.arange(u + 1))
    known_items = item[by_user]
    order = np.empty((u, n), dtype=np.int64)
    scores = np.empty((u, n), dtype=np.float32)
    items_t = np.ascontiguousarray(items.T)
    for first in range(0, u, _USER_BLOCK):
        last = min(first + _USER_BLOCK, u)
        block = users[first:last] @ items_t
        lo, hi = starts[first], starts[last]
        block[user[by_user][lo:hi] - first, known_items[lo:hi]] = -np.inf
        # The n largest, without a negated copy of the block; then sorted, ties by row.
        cut = block.shape[1] - n
        best = np.argpartition(block, cut, axis=1)[:, cut:] if n < block.shape[1] else None
        if best is None:
            best = np.broadcast_to(np.arange(block.shape[1]), block.shape)
        best = np.sort(best, axis=1)
        picked = np.take_along_axis(block, best, axis=1)
        rank = np.argsort(-picked, axis=1, kind="stable")
        order[first:last] = np.take_along_axis(best, rank, axis=1)
        scores[first:last] = np.take_along_axis(picked, rank, axis=1)
    return order, scores


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
        # Before reading: a listener clearing their history from now on loses this run's list.
        cleared = ListenerResults(database).clear_marks()
        events = MongoEventLog(database).iter_events(since=since)
        prefs = listener_preferences(events, now=now)
    finally:
        database.client.close()
    read_s = time.monotonic() - started
    if len(prefs.listeners) < 2 or len(prefs.tracks) < 2:
        return {"listeners": len(prefs.listeners), "skipped": "too few listeners or songs"}
    shared = ctx.config.spark_shared_dir
    result = fit_als(
        spark, prefs, params, checkpoint_dir=str(shared / "als-checkpoints") if shared else None
    )
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + "-" + uuid.uuid4().hex[:6]
    saving = time.monotonic()
    results = ListenerResults.open(ctx.config.mongo_uri)
    try:
        results.save(
            run_id, result.top, result.item_ids, result.item_factors, cleared_since=cleared
        )
    finally:
        results.close()
    timings = {"read": round(read_s, 2), **result.timings}
    timings["save"] = round(time.monotonic() - saving, 2)
    return {
        "run_id": run_id,
        "listeners": len(prefs.listeners),
        "tracks": len(prefs.tracks),
        "preferences": len(prefs.rating),
        "seconds": round(time.monotonic() - started, 1),
        "timings": timings,
    }
