"""For you: quality on simulated listeners over real music, and speed at 100k tracks.

Quality (``--corpus DIR`` with a ``manifest.csv`` in the dev corpus's layout; repeatable): the
corpus is imported and analysed into a scratch ``ENCORE_HOME`` and its tags are stripped in the
store (artist and album unknown: sound and listening only). Each simulated listener has two
favourite albums; about half of each is played to the end three times over the last three
weeks, the rest is never played (the targets); eight other songs are started and skipped at
once. Every method recommends 10 songs the listener never played:

- For you (:class:`engine.recommend.personal.Personal`),
- most popular (every other simulated listener's events, decayed),
- recommend from the last song played (the recommender's "what next"),
- random.

HitRate@10 (a target among the 10) and NDCG@10 (binary relevance) are averaged over listeners.

Speed (``--speed``): 100k synthetic tracks, 1M events over 10k listeners (ours has 2,000): the
listener's model built from the real outbox, For you p95 on the warm model, one-event update
p95, and ALS on the 1M events on ``local[2]`` (``--als``).

    python -m bench.foryou_bench --corpus ../shared/corpus/clips
    python -m bench.foryou_bench --speed [--als]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.measure import p50_p95_max

TARGETS = {
    "hit_vs_last_played": 1.5,
    "hit_vs_random": 5.0,
    "foryou_p95_ms": 50.0,
    "update_p95_ms": 100.0,
    "als_s": 120.0,
}
DAY = 86400.0


def _albums(corpus: Path, store) -> dict[str, list[str]]:
    """Album -> track ids, from the manifest's paths."""
    by_path = {os.path.realpath(t.path): t.track_id for t in store.iter_tracks()}
    albums: dict[str, list[str]] = defaultdict(list)
    with open(corpus / "manifest.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            # Paths are relative to the manifest's folder or, in the clips, to its parent.
            tid = by_path.get(os.path.realpath(corpus / row["path"])) or by_path.get(
                os.path.realpath(corpus.parent / row["path"])
            )
            if tid:
                albums[row["album"]].append(tid)
    return {a: ids for a, ids in albums.items() if len(ids) >= 4}


def _simulate(albums: dict[str, list[str]], all_ids: list[str], n: int, seed: int, now: float):
    from engine.events.wire import PlayEvent

    rng = random.Random(seed)
    listeners = []
    for i in range(n):
        who = f"sim-{i:03d}"
        favourites = rng.sample(sorted(albums), 2)
        played, targets, events = set(), set(), []
        for album in favourites:
            songs = albums[album][:]
            rng.shuffle(songs)
            half = (len(songs) + 1) // 2
            played.update(songs[:half])
            targets.update(songs[half:])
        for tid in sorted(played):
            for _ in range(3):
                at = now - rng.uniform(0.5, 21) * DAY
                events.append(
                    PlayEvent(tid, "complete", who, position=200, duration=200, timestamp=at)
                )
        others = [t for t in all_ids if t not in played and t not in targets]
        for tid in rng.sample(others, min(8, len(others))):
            at = now - rng.uniform(0.5, 21) * DAY
            events.append(PlayEvent(tid, "skip", who, position=4, duration=200, timestamp=at))
            played.add(tid)
        events.sort(key=lambda e: e.timestamp)
        listeners.append((who, events, played, targets))
    return listeners


def _metrics(picks: list[str], targets: set[str]) -> tuple[float, float]:
    gains = [1.0 / np.log2(r + 2) for r, t in enumerate(picks[:10]) if t in targets]
    ideal = sum(1.0 / np.log2(r + 2) for r in range(min(10, len(targets))))
    return float(bool(gains)), (sum(gains) / ideal if ideal else 0.0)


def quality(corpus: Path, n_listeners: int, seed: int) -> dict[str, tuple[float, float]]:
    home = Path(tempfile.mkdtemp(prefix="encore-foryou-bench-"))
    os.environ["ENCORE_HOME"] = str(home)
    from engine import library_ops
    from engine.config import load_config
    from engine.context import build_context
    from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST
    from engine.recommend.personal import Personal
    from engine.recommend.popularity import popularity_scores, ranked
    from engine.recommend.recommender import Recommender

    with build_context(load_config()) as ctx:
        started = time.monotonic()
        library_ops.import_paths(ctx, [str(corpus)])
        library_ops.analyse(ctx)
        print(f"import + analysis: {time.monotonic() - started:.1f} s", file=sys.stderr)
        albums = _albums(corpus, ctx.store)
        print(f"{len(albums)} albums of 4 or more analysed songs", file=sys.stderr)
        # Tags stripped: nothing but sound and listening.
        ctx.store.upsert_tracks(
            replace(t, artist=UNKNOWN_ARTIST, album=UNKNOWN_ALBUM, album_artist="", genre="")
            for t in list(ctx.store.iter_tracks())
        )
        ids, _, _ = ctx.store.feature_matrix()
        now = time.time()
        listeners = _simulate(albums, ids, n_listeners, seed, now)
        recommender = Recommender(ctx.store, same_source_cap=None)
        rng = random.Random(seed + 1)
        scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for who, events, played, targets in listeners:
            log = _ListLog(events)
            personal = Personal(ctx.store, log, listener=who, now=lambda: now)
            # Every method recommends songs this listener never played (fresh_days spans all).
            mine = [r.track.track_id for r in personal.for_you(10, fresh_days=365)]
            scores["For you"].append(_metrics([t for t in mine if t not in played], targets))
            others = [e for w, evs, _, _ in listeners if w != who for e in evs]
            pop = [t for t, _ in ranked(popularity_scores(others, now=now)) if t not in played]
            scores["most popular"].append(_metrics(pop[:10], targets))
            last = next(e.track_id for e in reversed(events) if e.type == "complete")
            nxt = [r.track.track_id for r in recommender.recommend(last, 30)]
            scores["last played"].append(
                _metrics([t for t in nxt if t not in played][:10], targets)
            )
            pool = [t for t in ids if t not in played]
            scores["random"].append(_metrics(rng.sample(pool, 10), targets))
    return {
        m: (float(np.mean([h for h, _ in v])), float(np.mean([g for _, g in v])))
        for m, v in scores.items()
    }


class _ListLog:
    def __init__(self, events):
        self.events = events

    def iter_events(self, since=None):
        return iter([e for e in self.events if since is None or e.timestamp >= since])


def speed(with_als: bool, seed: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="encore-foryou-speed-"))
    os.environ["ENCORE_HOME"] = str(home)
    from bench.synthetic_library import fill_store, make_library
    from engine.config import load_config
    from engine.context import build_context
    from engine.events.wire import PlayEvent
    from engine.recommend.personal import Personal

    rng = np.random.default_rng(seed)
    library = make_library(100_000, d=61, n_blobs=64, rng=rng)
    now = time.time()
    out: dict[str, float] = {}
    with build_context(load_config()) as ctx:
        fill_store(ctx.store, library)
        me = ctx.config.device_id
        listeners = [me] + [f"listener-{i:05d}" for i in range(9_999)]
        events = []
        for n, who in enumerate(listeners):
            count = 2_000 if who == me else 100 - (n % 2)  # 1,000,000 in all
            picks = rng.integers(0, len(library.ids), size=count)
            kinds = rng.choice(["play", "complete", "skip"], size=count, p=[0.4, 0.45, 0.15])
            ages = rng.uniform(0, 300, size=count)
            for tid, kind, age in zip(picks, kinds, ages, strict=True):
                events.append(
                    PlayEvent(
                        library.ids[int(tid)],
                        str(kind),
                        who,
                        position=100.0,
                        duration=200.0,
                        timestamp=now - float(age) * DAY,
                    )
                )
        started = time.monotonic()
        ctx.recorder.record_many(events)
        out["write_1M_events_s"] = time.monotonic() - started
        print(f"events written: {len(events)} in {out['write_1M_events_s']:.1f} s", file=sys.stderr)
        personal = Personal(ctx.store, ctx.event_log, listener=me, now=time.time)
        started = time.monotonic()
        personal.for_you(20)
        out["model_build_s"] = time.monotonic() - started
        queries, updates, cpu = [], [], []
        for i in range(60):
            tid = library.ids[int(rng.integers(0, len(library.ids)))]
            event = PlayEvent(
                tid, "complete" if i % 3 else "like", me, position=200.0, duration=200.0
            )
            started = time.perf_counter()
            personal.add(event)
            updates.append((time.perf_counter() - started) * 1000)
            started, cpu_started = time.perf_counter(), time.process_time()
            personal.for_you(20)
            queries.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        out["foryou_p50_ms"], out["foryou_p95_ms"], _ = p50_p95_max(queries)
        out["foryou_cpu_p95_ms"] = p50_p95_max(cpu)[1]  # what the query costs, load aside
        out["update_p50_ms"], out["update_p95_ms"], _ = p50_p95_max(updates)
        out["centres"] = float(len(personal._load()[0].centres))
        if with_als:
            from engine.recommend.als import AlsParams, fit_als, listener_preferences
            from engine.spark.session import create_session

            spark = create_session("local[2]", app_name="encore-foryou-bench")
            try:
                started = time.monotonic()
                prefs = listener_preferences(events, now=now)
                out["als_prefs_s"] = time.monotonic() - started
                fit_als(spark, prefs, AlsParams())
                out["als_s"] = time.monotonic() - started
                out["als_preferences"] = float(len(prefs.rating))
            finally:
                spark.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--listeners", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--als", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}")
    for corpus in args.corpus:
        result = quality(corpus.resolve(), args.listeners, args.seed)
        print(f"\n{corpus} ({args.listeners} simulated listeners, tags stripped)")
        print(f"{'method':<14} {'HitRate@10':>10} {'NDCG@10':>8}")
        for method, (hit, ndcg) in result.items():
            print(f"{method:<14} {hit:>10.3f} {ndcg:>8.3f}")
        fy, last, rnd = result["For you"][0], result["last played"][0], result["random"][0]
        print(
            f"For you / last played: {fy / last if last else float('inf'):.2f} "
            f"(target >= {TARGETS['hit_vs_last_played']}); For you / random: "
            f"{fy / rnd if rnd else float('inf'):.2f} (target >= {TARGETS['hit_vs_random']})"
        )
    if args.speed:
        result = speed(args.als, args.seed)
        print("\nspeed (100k tracks, 1M events, 10k listeners)")
        for name, value in result.items():
            target = TARGETS.get(name)
            suffix = f"  (target <= {target})" if target else ""
            print(f"  {name:<22} {value:10.2f}{suffix}")
    print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
