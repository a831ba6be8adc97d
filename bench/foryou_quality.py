"""For you's quality run: simulated listeners over real music (see :mod:`bench.foryou_bench`).

The corpus is imported and analysed into a scratch ``ENCORE_HOME`` (or one kept for the next
run) and its tags are stripped in the store (artist and album unknown: sound and listening
only). Simulated listeners (:mod:`bench.foryou_listeners`) each get 10 files of songs they
never started from every method: For you, most popular, "what next" from the last song played,
and random.
"""

from __future__ import annotations

import csv
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from bench.foryou_listeners import (
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
from bench.scratch import encore_home


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


def quality(
    corpora: Sequence[Path], n_listeners: int, seed: int, home: Path | None
) -> dict[str, tuple[dict[str, Summary], Misses]]:
    """Per listener habit: per method HitRate@10 (per target and per listener) and NDCG@10,
    and where For you's targets ranked."""
    with encore_home(home, prefix="encore-foryou-bench-"):
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
