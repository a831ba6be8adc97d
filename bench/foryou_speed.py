"""For you's speed run: 100k synthetic tracks, 1M events over 10k listeners (see
:mod:`bench.foryou_bench`): the model built from the real outbox, For you p95 on the warm model
and one-event update p95 per listener, and ALS on the 1M events (``with_als``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

import numpy as np

from bench.foryou_listeners import DAY
from bench.measure import p50_p95_max
from bench.scratch import encore_home
from engine.events.wire import PlayEvent

# The speed library's training run: as many clusters as it has sounds.
RUN_K = 64


def listening_events(
    ids: Sequence[str], me: str, rng: np.random.Generator, now: float
) -> list[PlayEvent]:
    """1,000,000 events over 10,000 listeners (``me`` has 2,000): random songs of ``ids``,
    started, finished or skipped, spread over the last 300 days."""
    listeners = [me] + [f"listener-{i:05d}" for i in range(9_999)]
    events = []
    for n, who in enumerate(listeners):
        count = 2_000 if who == me else 100 - (n % 2)  # 1,000,000 in all
        picks = rng.integers(0, len(ids), size=count)
        kinds = rng.choice(["play", "complete", "skip"], size=count, p=[0.4, 0.45, 0.15])
        ages = rng.uniform(0, 300, size=count)
        for tid, kind, age in zip(picks, kinds, ages, strict=True):
            events.append(
                PlayEvent(
                    ids[int(tid)],
                    str(kind),
                    who,
                    position=100.0,
                    duration=200.0,
                    timestamp=now - float(age) * DAY,
                )
            )
    return events


def tastes_events(
    ids: Sequence[str], blobs: np.ndarray, who: str, rng: np.random.Generator, now: float
) -> list[PlayEvent]:
    """2,000 events of a listener of four sounds (blobs 0-3 of the synthetic library), played
    to the end or started, over the last 300 days: several taste centres, For you's dearest
    query (each centre shortlists and scores its own songs)."""
    pool = [t for t, b in zip(ids, blobs.tolist(), strict=True) if b < 4]
    picks = rng.integers(0, len(pool), size=2_000)
    kinds = rng.choice(["play", "complete"], size=2_000, p=[0.3, 0.7])
    ages = rng.uniform(0, 300, size=2_000)
    return [
        PlayEvent(
            pool[int(t)], str(k), who, position=200.0, duration=200.0, timestamp=now - a * DAY
        )
        for t, k, a in zip(picks, kinds, ages, strict=True)
    ]


def _timed_queries(personal, ids: Sequence[str], who: str, rng) -> dict[str, float]:
    """The model built from the outbox, then 60 rounds of one event folded in and For you
    once the voter's list (asked for in the background) has come, and 60 rounds of For you at
    once after the event, while that list is on its way (the two threads share the cores)."""
    out: dict[str, float] = {}
    started = time.monotonic()
    personal.for_you(20)
    out["model_build_s"] = time.monotonic() - started
    # The taste centres the listener's own history makes, before the rounds' random songs.
    out["centres_at_build"] = float(len(personal.snapshot()[0].centres))
    updates: list[float] = []
    queries: dict[bool, list[float]] = {False: [], True: []}
    cpu: list[float] = []
    for i in range(120):
        at_once = i >= 60
        tid = ids[int(rng.integers(0, len(ids)))]
        event = PlayEvent(tid, "complete" if i % 3 else "like", who, position=200.0, duration=200.0)
        started = time.perf_counter()
        personal.add(event)
        updates.append((time.perf_counter() - started) * 1000)
        if not at_once:
            personal.wait_for_lists()
        started, cpu_started = time.perf_counter(), time.process_time()
        personal.for_you(20)
        queries[at_once].append((time.perf_counter() - started) * 1000)
        if not at_once:
            cpu.append((time.process_time() - cpu_started) * 1000)
        personal.wait_for_lists()  # the next round starts with no list on its way
    out["foryou_p50_ms"], out["foryou_p95_ms"], _ = p50_p95_max(queries[False])
    out["foryou_cpu_p95_ms"] = p50_p95_max(cpu)[1]  # what the query costs, load aside
    at_once = p50_p95_max(queries[True])
    out["foryou_list_on_its_way_p50_ms"], out["foryou_list_on_its_way_p95_ms"] = at_once[:2]
    out["update_p50_ms"], out["update_p95_ms"], _ = p50_p95_max(updates)
    out["centres_at_end"] = float(len(personal.snapshot()[0].centres))
    return out


def speed(with_als: bool, seed: int) -> dict[str, dict[str, float]]:
    """Per listener (the random one of :func:`listening_events`, and one of four sounds):
    model build, For you and update times; ALS on the 1M events with ``with_als``."""
    with encore_home(prefix="encore-foryou-speed-"):
        return _speed(with_als, seed)


def _speed(with_als: bool, seed: int) -> dict[str, dict[str, float]]:
    from bench.recommend_bench import build_run
    from bench.synthetic_library import fill_store, make_library
    from engine.config import load_config
    from engine.context import build_context
    from engine.recommend.personal import Personal
    from engine.recommend.recommender import Recommender

    rng = np.random.default_rng(seed)
    library = make_library(100_000, d=61, n_blobs=64, rng=rng)
    now = time.time()
    out: dict[str, dict[str, float]] = {}
    with build_context(load_config()) as ctx:
        fill_store(ctx.store, library)
        started = time.monotonic()
        # Trained, as a library of 100k is: "what next" (the lists that vote in For you) reads
        # stored neighbours, not the first pass's exact scan of every song.
        ctx.store.save_run(build_run(library.ids, library.matrix, library.names, k=RUN_K))
        print(f"training run: {time.monotonic() - started:.1f} s", file=sys.stderr)
        me = ctx.config.device_id
        events = listening_events(library.ids, me, rng, now)
        tastes = "four-sounds"
        started = time.monotonic()
        ctx.recorder.record_many(
            events + tastes_events(library.ids, library.blobs, tastes, rng, now)
        )
        written = time.monotonic() - started
        print(f"events written: {len(events) + 2000} in {written:.1f} s", file=sys.stderr)
        recommender = Recommender(ctx.store)  # one per process, as the desktop keeps it
        for name, who in (("random listener", me), ("listener of four sounds", tastes)):
            personal = Personal(
                ctx.store, ctx.event_log, listener=who, now=time.time, recommender=recommender
            )
            try:
                out[name] = _timed_queries(personal, library.ids, who, rng)
            finally:
                personal.close()
        out["events"] = {"write_events_s": written}
        if with_als:
            from engine.recommend.als import AlsParams, fit_als, listener_preferences
            from engine.spark.session import create_session

            spark = create_session("local[2]", app_name="encore-foryou-bench")
            try:
                started = time.monotonic()
                prefs = listener_preferences(events, now=now)
                als = {"als_prefs_s": time.monotonic() - started}
                fit_als(spark, prefs, AlsParams())
                als["als_s"] = time.monotonic() - started
                als["als_preferences"] = float(len(prefs.rating))
                out["ALS"] = als
            finally:
                spark.stop()
    return out
