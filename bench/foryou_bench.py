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

The runs are :mod:`bench.foryou_quality` and :mod:`bench.foryou_speed`; this file reads the
arguments and prints their figures against the targets.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench.foryou_listeners import HABITS, Summary
from bench.foryou_misses import Misses
from bench.foryou_quality import quality
from bench.foryou_speed import speed

TARGETS = {
    "hit_vs_last_played": 1.5,
    "hit_vs_random": 5.0,
    "foryou_p95_ms": 50.0,
    "update_p95_ms": 100.0,
    "als_s": 120.0,
}


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
