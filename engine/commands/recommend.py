"""``encore recommend``, ``encore popular`` and ``encore mixes``."""

from __future__ import annotations

import argparse
import time

from engine.commands.output import counted, print_json, printable
from engine.context import Context
from engine.errors import EncoreError
from engine.library.paths import path_fields
from engine.library.track_refs import resolve_track
from engine.library_ops import library_mixes, play_counts
from engine.library_ops.personal import personal, what_next
from engine.listening import start_counts
from engine.models import Recommendation, Track
from engine.phrase_english import english
from engine.phrases import to_stored
from engine.recommend.popular import MIN_POPULAR_PLAYS, horizon_events, popular_songs
from engine.recommend.recommender import Recommender

NO_HISTORY = "no listening history yet: play some songs and popular ones will appear here"
NOT_YET = f"no popular songs yet: a song is listed once played {MIN_POPULAR_PLAYS} times"


def register(sub: argparse._SubParsersAction) -> None:
    rec = sub.add_parser("recommend", help="songs that sound like the given ones")
    rec.add_argument("songs", nargs="+", metavar="PATH_OR_ID", help="a file path or track id")
    rec.add_argument("-k", type=int, default=5, help="results per song (default 5)")
    rec.add_argument("--json", action="store_true", help="print JSON")
    rec.set_defaults(handler=_recommend)

    pop = sub.add_parser("popular", help="most played songs, decayed by age")
    pop.add_argument("-n", "--limit", type=int, default=20, help="how many (default 20)")
    pop.add_argument("--mix", type=int, metavar="ID", help="only songs of this mix (cluster)")
    pop.add_argument("--json", action="store_true", help="print a JSON list")
    pop.set_defaults(handler=_popular)

    mix = sub.add_parser("mixes", help="the library's mixes (clusters) and their first songs")
    mix.add_argument("-n", "--songs", type=int, default=5, help="songs per mix (default 5)")
    mix.add_argument("--json", action="store_true", help="print a JSON list")
    mix.set_defaults(handler=_mixes)


def recommendation_json(rec: Recommendation) -> dict:
    t = rec.track
    return {
        "track_id": t.track_id,
        **path_fields(t.path),
        "title": t.title,
        "artist": t.artist,
        "album": t.album,
        "duration": t.duration,
        "score": round(rec.score, 4),
        "reason": english(rec.reason),
        # What the reason says as data, for a reader wording it in another language.
        "reason_code": rec.reason.code,
        "reason_phrase": to_stored(rec.reason),
    }


def recommendation_line(rec: Recommendation) -> str:
    """One result for a person: who, what, from which album, how similar and why."""
    t, why = rec.track, english(rec.reason)
    return f"  {t.artist} — {t.title}  ·  {t.album}  (similarity {rec.score:.2f}: {why})"


def _track_json(track: Track, score: float | None = None) -> dict:
    data = {
        "track_id": track.track_id,
        **path_fields(track.path),
        "title": track.title,
        "artist": track.artist,
        "album": track.album,
        "duration": track.duration,
    }
    if score is not None:
        data["score"] = round(score, 4)
    return data


def _recommend(args: argparse.Namespace, ctx: Context) -> int:
    if args.k < 1:
        raise EncoreError(f"-k must be at least 1, not {args.k}")
    queries: list[tuple[str, Track]] = []
    for ref in args.songs:
        track = resolve_track(ctx.store, ref)
        if track is None:
            raise EncoreError(f"{ref}: no such track or file in the library")
        queries.append((ref, track))
    recommender = Recommender(ctx.store)
    with personal(ctx, recommender) as listener:
        results = {
            ref: what_next(recommender, listener, track.track_id, args.k) for ref, track in queries
        }
    if args.json:
        if len(queries) == 1:
            payload: object = [recommendation_json(r) for r in results[queries[0][0]]]
        else:
            payload = {ref: [recommendation_json(r) for r in recs] for ref, recs in results.items()}
        print_json(payload, indent=2)
        return 0
    for ref, track in queries:
        if len(queries) > 1:
            print(f"{track.artist} — {track.title}:")
        recs = results[ref]
        if not recs:
            print("  no recommendations (the library is too small)")
        for rec in recs:
            print(printable(recommendation_line(rec)))
    return 0


def _popular(args: argparse.Namespace, ctx: Context) -> int:
    now = time.time()
    events = horizon_events(ctx.event_log, now=now)  # read once for the scores and the plays
    found = popular_songs(ctx.store, events, now=now, limit=max(args.limit, 0), cluster_id=args.mix)
    if args.json:
        print_json([_track_json(p.track, p.score) for p in found])
        return 0
    if not events:
        print(NO_HISTORY)
        return 0
    if not found:
        print("no popular songs in this mix yet" if args.mix is not None else NOT_YET)
    plays = play_counts(ctx)
    starts = start_counts(ctx.event_log.iter_events())
    for i, item in enumerate(found, 1):
        tid = item.track.track_id
        line = popular_line(i, item.track, plays.get(tid, 0), item.score, starts=starts.get(tid, 0))
        print(printable(line))
    return 0


def popular_line(rank: int, track: Track, plays: int, score: float, *, starts: int) -> str:
    """One ranked song: its starts and plays ever, and the score it is ranked by (starts,
    plays and skips, recent ones weighing more) — a bare "(7.0)" said neither, and "0 plays,
    popularity 1.0" for a song begun but left early read as a contradiction."""
    counts = counted(plays, "play")
    if starts:
        counts = f"{counted(starts, 'start')}, {counts}"
    return f"{rank:3d}. {track.artist} — {track.title}  ({counts}, popularity {score:.1f})"


def _mixes(args: argparse.Namespace, ctx: Context) -> int:
    found = library_mixes(ctx, per_mix=max(args.songs, 0))
    if args.json:
        payload = [
            {
                "cluster_id": m.cluster_id,
                "name": english(m.name),
                "name_phrase": to_stored(m.name),
                "size": m.size,
                "tracks": [_track_json(t) for t in m.tracks],
            }
            for m in found
        ]
        print_json(payload, indent=2)
        return 0
    if not found:
        print("no mixes yet: run `encore analyze` and `encore train`")
        return 0
    for m in found:
        print(printable(f"{english(m.name)}  (mix {m.cluster_id}, {counted(m.size, 'song')})"))
        for t in m.tracks:
            print(f"    {t.artist} — {t.title}")
    return 0
