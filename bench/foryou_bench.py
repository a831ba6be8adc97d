"""For you: quality on simulated listeners over real music, and speed at 100k tracks.

Quality (``--corpus DIR`` with a ``manifest.csv`` in the dev corpus's layout; repeatable, and
``--pool`` adds one library of every corpus together): the corpus is imported and analysed
into a scratch ``ENCORE_HOME`` (``--home DIR`` keeps it for the next run) and its tags are
stripped in the store (artist and album unknown: sound and listening only). Simulated
listeners (:mod:`bench.foryou_listeners`: *regular* ones with two favourite albums half
finished three times, and *new* ones with one album half finished once) each get 10 files of
songs they never started from every method:

- For you (:class:`engine.recommend.personal.Personal`),
- most popular (every other simulated listener's events, decayed),
- recommend from the last song played (the recommender's "what next"),
- random.

HitRate@10 counts each never-played favourite as one trial (hits / targets, at most 10 a
listener: what a list of 10 can hold), pooled over listeners; the per-listener hit (any target
among the 10, which saturates with several targets) is printed beside it; NDCG@10 (binary
relevance) is averaged over listeners (:mod:`bench.foryou_listeners` holds the metric).

Speed (``--speed``): 100k synthetic tracks, 1M events over 10k listeners (ours has 2,000 of
random songs; one more listener has 2,000 of four sounds, so several taste centres), trained
first (the served lists that vote in For you are the run's): per
listener, the model built from the real outbox, For you p95 on the warm model, one-event update
p95, and ALS on the 1M events on ``local[2]`` (``--als``; :mod:`bench.als_bench` times the ALS
job's steps on the same events without the rest).

    python -m bench.foryou_bench --corpus ../shared/corpus/clips
    python -m bench.foryou_bench --corpus FULL --corpus MORE --corpus CLIPS --pool [--home DIR]
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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.foryou_listeners import (
    DAY,
    HABITS,
    Listener,
    ListScore,
    Song,
    Summary,
    score_list,
    simulate,
    summarise,
)
from bench.foryou_misses import Misses
from bench.measure import p50_p95_max
from engine.events.wire import PlayEvent

# The speed library's training run: as many clusters as it has sounds.
RUN_K = 64
TARGETS = {
    "hit_vs_last_played": 1.5,
    "hit_vs_random": 5.0,
    "foryou_p95_ms": 50.0,
    "update_p95_ms": 100.0,
    "als_s": 120.0,
}


def _library(corpora: Sequence[Path], store) -> tuple[dict[str, list[Song]], dict[str, Song]]:
    """Albums (name -> songs) and file -> song, from the corpora's manifests.

    A song is its album and file name (titles repeat within an album; a clip keeps its full
    track's file name): pooled corpora holding one song twice give one song of two files, the
    longest first (the one a listener plays).
    """
    tracks = {os.path.realpath(t.path): t for t in store.iter_tracks()}
    files: dict[tuple[str, str], list] = defaultdict(list)
    for corpus in corpora:
        with open(corpus / "manifest.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                # Paths are relative to the manifest's folder or, in the clips, to its parent.
                track = tracks.get(os.path.realpath(corpus / row["path"])) or tracks.get(
                    os.path.realpath(corpus.parent / row["path"])
                )
                if track is not None:
                    files[(row["album"], os.path.basename(row["path"]))].append(track)
    albums: dict[str, list[Song]] = defaultdict(list)
    same: dict[str, Song] = {}
    for (album, _name), found in sorted(files.items()):
        song = tuple(t.track_id for t in sorted(found, key=lambda t: (-t.duration, t.track_id)))
        albums[album].append(song)
        same.update(dict.fromkeys(song, song))
    return dict(albums), same


@contextmanager
def _encore_home(home: Path | None, prefix: str) -> Iterator[Path]:
    """``ENCORE_HOME`` set to ``home``, else to a scratch folder removed on exit (an analysed
    library, or the speed run's 100k tracks and 1M events: up to a GB each run)."""
    with ExitStack() as stack:
        if home is None:
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
        os.environ["ENCORE_HOME"] = str(home)
        yield home


def quality(
    corpora: Sequence[Path], n_listeners: int, seed: int, home: Path | None
) -> dict[str, tuple[dict[str, Summary], Misses]]:
    """Per listener habit: per method HitRate@10 (per target and per listener) and NDCG@10,
    and where For you's targets ranked."""
    with _encore_home(home, "encore-foryou-bench-"):
        return _quality(corpora, n_listeners, seed)


def _quality(
    corpora: Sequence[Path], n_listeners: int, seed: int
) -> dict[str, tuple[dict[str, Summary], Misses]]:
    from engine import library_ops
    from engine.config import load_config
    from engine.context import build_context
    from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST
    from engine.recommend.recommender import Recommender

    with build_context(load_config()) as ctx:
        started = time.monotonic()
        library_ops.import_paths(ctx, [str(c) for c in corpora])
        library_ops.analyse(ctx)
        print(f"import + analysis: {time.monotonic() - started:.1f} s", file=sys.stderr)
        albums, same = _library(corpora, ctx.store)
        ids, _, _ = ctx.store.feature_matrix()
        analysed = set(ids)
        albums = {a: [s for s in songs if s[0] in analysed] for a, songs in albums.items()}
        songs = sorted({s for a in albums.values() for s in a})
        print(
            f"{len(ids)} analysed files, {len(songs)} songs, "
            f"{sum(len(s) >= 4 for s in albums.values())} albums of 4 or more",
            file=sys.stderr,
        )
        # Tags stripped: nothing but sound and listening.
        ctx.store.upsert_tracks(
            replace(t, artist=UNKNOWN_ARTIST, album=UNKNOWN_ALBUM, album_artist="", genre="")
            for t in list(ctx.store.iter_tracks())
        )
        recommender = Recommender(ctx.store, same_source_cap=None)
        now = time.time()
        return {
            name: _score_methods(
                ctx.store,
                recommender,
                simulate(albums, songs, habit, n_listeners, seed=seed, now=now),
                ids,
                same,
                random.Random(seed + 1),
                now,
            )
            for name, habit in HABITS.items()
        }


def _score_methods(store, recommender, listeners, ids, same, rng, now):
    """Every method offers 10 files of songs the listener never started, from the same pool."""
    from engine.recommend.personal import Personal
    from engine.recommend.popularity import popularity_scores, ranked

    scores: dict[str, list[ListScore]] = defaultdict(list)
    misses = Misses()
    for me in listeners:

        def fresh(found: Iterable[str], me: Listener = me) -> list[str]:
            return [t for t in found if t not in me.played][:10]

        # The same recommender serves the baseline's lists and votes in For you.
        personal = Personal(
            store, _ListLog(me.events), listener=me.who, now=lambda: now, recommender=recommender
        )
        mine = [r.track.track_id for r in personal.for_you(30, fresh_days=365)]
        scores["For you"].append(score_list(fresh(mine), me.targets, same))
        misses.add(personal, me, same, now)
        others = [e for o in listeners if o.who != me.who for e in o.events]
        pop = [t for t, _ in ranked(popularity_scores(others, now=now))]
        scores["most popular"].append(score_list(fresh(pop), me.targets, same))
        last = next(e.track_id for e in reversed(me.events) if e.type == "complete")
        nxt = [r.track.track_id for r in recommender.recommend(last, 40)]
        scores["last played"].append(score_list(fresh(nxt), me.targets, same))
        pool = [t for t in ids if t not in me.played]
        scores["random"].append(score_list(rng.sample(pool, 10), me.targets, same))
    return {m: summarise(v) for m, v in scores.items()}, misses


class _ListLog:
    def __init__(self, events):
        self.events = events

    def iter_events(self, since=None, *, listener=None):
        return iter(
            [
                e
                for e in self.events
                if (since is None or e.timestamp >= since) and listener in (None, e.who)
            ]
        )


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
    with _encore_home(None, "encore-foryou-speed-"):
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


def _print_quality(title: str, result: dict[str, tuple[dict[str, Summary], Misses]]) -> None:
    for habit, (methods, misses) in result.items():
        print(f"\n{title}: {habit} listeners ({HABITS[habit]}), tags stripped")
        print(f"{'method':<14} {'HitRate@10':>10} {'per listener':>12} {'NDCG@10':>8}")
        for method, m in methods.items():
            print(f"{method:<14} {m.hit_rate:>10.3f} {m.listener_hit_rate:>12.3f} {m.ndcg:>8.3f}")
        for metric, field in (
            ("HitRate@10", "hit_rate"),
            ("per-listener HitRate@10", "listener_hit_rate"),
            ("NDCG@10", "ndcg"),
        ):
            fy, last, rnd = (
                getattr(methods[m], field) for m in ("For you", "last played", "random")
            )
            print(
                f"{metric}: For you / last played {fy / last if last else float('inf'):.2f} "
                f"(target >= {TARGETS['hit_vs_last_played']}), For you / random "
                f"{fy / rnd if rnd else float('inf'):.2f} (target >= {TARGETS['hit_vs_random']})"
            )
        print(misses.line())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument(
        "--pool", action="store_true", help="also pool every --corpus into one library"
    )
    parser.add_argument(
        "--home", type=Path, help="keep each analysed library under DIR (reused on a rerun)"
    )
    parser.add_argument("--listeners", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--als", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}")
    corpora = [c.resolve() for c in args.corpus]
    libraries = [[c] for c in corpora] + ([corpora] if args.pool and len(corpora) > 1 else [])
    for library in libraries:
        home = None
        if args.home is not None:
            home = args.home / "+".join(c.name for c in library)
            home.mkdir(parents=True, exist_ok=True)
        result = quality(library, args.listeners, args.seed, home)
        _print_quality(" + ".join(str(c) for c in library), result)
    if args.speed:
        result = speed(args.als, args.seed)
        print("\nspeed (100k tracks, 1M events, 10k listeners)")
        for part, figures in result.items():
            print(f" {part}")
            for name, value in figures.items():
                target = TARGETS.get(name)
                suffix = f"  (target <= {target})" if target else ""
                print(f"  {name:<22} {value:10.2f}{suffix}")
    print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
