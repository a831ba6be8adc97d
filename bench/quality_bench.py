"""Recommendation quality: precision at 5 and 10 against album labels, audio only.

For every track of a labelled corpus (``manifest.csv`` with path, album, artist), each method
ranks all other tracks from the audio alone (tags are never read), and we count hits:

* **album**: a hit is a track of the same album (the query itself excluded);
* **album, other artist**: tracks by the query's own artist are removed from the ranking first,
  and a hit is a same-album track by someone else (only queries whose album has another artist
  count) — this checks that "sounds alike" is not just "same credits".

Methods: a random ranking (its exact expectation), the classic MFCC baseline (librosa MFCC 20 mean
and std over the whole excerpt, z-scored, Euclidean), Encore's feature vector with exact
Euclidean search, and Encore as trained (standardise, k-means, MinHash LSH per cluster,
neighbours as the training job writes them; in process, see ``bench/inprocess_training.py``)
with and without the serving diversity cap (at most 2 results of the query's artist/album,
which by design limits same-album hits to 2).

Run: ``python -m bench.quality_bench [--corpus DIR] [--full DIR] [--sweep]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NUMBA_CACHE_DIR", str(REPO / ".cache" / "numba"))

from bench.inprocess_training import train_in_process  # noqa: E402
from engine.analysis.decode import decode_windows  # noqa: E402
from engine.analysis.features import FEATURE_NAMES, extract_window_features  # noqa: E402
from engine.analysis.params import AnalysisParams  # noqa: E402
from engine.feature_version import FEATURE_VERSION  # noqa: E402
from engine.recommend.shingles import ShingleParams  # noqa: E402
from engine.recommend.weights import DEFAULT_WEIGHTING, feature_weights  # noqa: E402

CACHE = REPO / ".cache" / "quality_bench"
KS = (5, 10)


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    paths: list[str]
    albums: list[str]
    artists: list[str]


def load_corpus(name: str, folder: Path) -> Corpus:
    """Tracks and labels from ``folder/manifest.csv`` (paths relative to its parent or itself)."""
    manifest = folder / "manifest.csv"
    paths, albums, artists = [], [], []
    with manifest.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rel = row["path"]
            for base in (folder, folder.parent):
                if (base / rel).is_file():
                    paths.append(str(base / rel))
                    break
            else:
                raise SystemExit(f"{manifest}: {rel}: file not found")
            albums.append(row["album"])
            artists.append(row["artist"])
    return Corpus(name, paths, albums, artists)


# --- features ----------------------------------------------------------------------------------
def _encore_vector(job: tuple[str, AnalysisParams]) -> np.ndarray:
    path, params = job
    decoded = decode_windows(path, params)
    return extract_window_features(decoded.windows, decoded.sr, params=params)


def _mfcc_vector(path: str) -> np.ndarray:
    import librosa

    decoded = decode_windows(path, AnalysisParams(n_windows=0))
    mono = np.concatenate([w.mean(axis=0) for w in decoded.windows])
    y = librosa.resample(mono, orig_sr=decoded.sr, target_sr=22050, res_type="soxr_hq")
    mfcc = librosa.feature.mfcc(y=y, sr=22050, n_mfcc=20)
    return np.concatenate([mfcc.mean(axis=1), mfcc.std(axis=1)]).astype(np.float32)


def _cached(key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    CACHE.mkdir(parents=True, exist_ok=True)
    file = CACHE / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}.npy"
    if file.is_file():
        return np.load(file)
    matrix = compute()
    np.save(file, matrix)
    return matrix


def encore_features(corpus: Corpus, params: AnalysisParams, workers: int) -> np.ndarray:
    # The version too: an analysis change that keeps the layout must not reuse old vectors.
    key = json.dumps(["encore", FEATURE_VERSION, corpus.paths, asdict(params), list(FEATURE_NAMES)])

    def compute() -> np.ndarray:
        with ProcessPoolExecutor(workers) as pool:
            jobs = [(p, params) for p in corpus.paths]
            return np.stack(list(pool.map(_encore_vector, jobs, chunksize=2)))

    return _cached(key, compute)


def mfcc_features(corpus: Corpus, workers: int) -> np.ndarray:
    key = json.dumps(["mfcc20-meanstd", corpus.paths])

    def compute() -> np.ndarray:
        with ProcessPoolExecutor(workers) as pool:
            return np.stack(list(pool.map(_mfcc_vector, corpus.paths, chunksize=2)))

    return _cached(key, compute)


# --- rankings ----------------------------------------------------------------------------------
def euclidean_rankings(matrix: np.ndarray, weighting: str = "none") -> list[list[int]]:
    """Every other track by z-scored Euclidean distance, nearest first (one list per query);
    ``weighting="groups"`` applies the training job's feature-group weights."""
    x = np.asarray(matrix, dtype=np.float64)
    std = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
    if matrix.shape[1] == len(FEATURE_NAMES):
        z = z * feature_weights(FEATURE_NAMES, weighting)
    d2 = ((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(d2, np.inf)
    return [np.argsort(row, kind="stable")[:-1].tolist() for row in d2]


def encore_rankings(
    matrix: np.ndarray,
    *,
    k: int,
    shingles: ShingleParams,
    cap: int | None,
    corpus: Corpus,
    n_neighbours: int = 40,
    ranking: str = "distance",
    weighting: str = DEFAULT_WEIGHTING,
    border: bool = True,
    hub_order: bool = True,
) -> list[list[int]]:
    """Neighbour lists as the training job stores them (then the serving diversity cap)."""
    ids = [str(i) for i in range(len(matrix))]
    run = train_in_process(
        ids,
        matrix,
        FEATURE_NAMES,
        k=k,
        shingles=shingles,
        n_neighbours=n_neighbours,
        ranking=ranking,  # type: ignore[arg-type]
        with_reasons=False,
        weighting=weighting,
        border=border,
        hub_order=hub_order,
    )
    out = []
    for i in range(len(matrix)):
        ranked = [int(n.track_id) for n in run.neighbours[ids[i]]]
        if cap is not None:
            ranked = _cap(i, ranked, corpus, cap)
        out.append(ranked)
    return out


def _cap(query: int, ranked: list[int], corpus: Corpus, cap: int) -> list[int]:
    """The recommender's diversity rule (same artist or album as the query: at most ``cap``)."""
    same = [
        corpus.artists[j] == corpus.artists[query] or corpus.albums[j] == corpus.albums[query]
        for j in ranked
    ]
    kept, held, count = [], [], 0
    for j, s in zip(ranked, same, strict=True):
        if s and count >= cap:
            held.append(j)
            continue
        count += s
        kept.append(j)
    return kept + held


# --- metrics -----------------------------------------------------------------------------------
def precision(rankings: Sequence[Sequence[int]], corpus: Corpus, k: int, *, other_artist: bool):
    scores = []
    for q, ranked in enumerate(rankings):
        album, artist = corpus.albums[q], corpus.artists[q]
        if other_artist:
            pool = [j for j in range(len(corpus.paths)) if corpus.artists[j] != artist]
            if not any(corpus.albums[j] == album for j in pool):
                continue
            ranked = [j for j in ranked if corpus.artists[j] != artist]
        scores.append(sum(corpus.albums[j] == album for j in ranked[:k]) / k)
    return float(np.mean(scores)) if scores else float("nan"), len(scores)


def random_precision(corpus: Corpus, k: int, *, other_artist: bool) -> float:
    """Expected precision of a uniformly random ranking (exact, no sampling)."""
    n = len(corpus.paths)
    scores = []
    for q in range(n):
        album, artist = corpus.albums[q], corpus.artists[q]
        if other_artist:
            pool = [j for j in range(n) if corpus.artists[j] != artist]
        else:
            pool = [j for j in range(n) if j != q]
        hits = sum(corpus.albums[j] == album for j in pool)
        if other_artist and hits == 0:
            continue
        scores.append(hits / len(pool))
    return float(np.mean(scores))


def table_row(label: str, rankings, corpus: Corpus) -> str:
    cells = []
    for other in (False, True):
        for k in KS:
            p, _ = precision(rankings, corpus, k, other_artist=other)
            cells.append(f"{p:.3f}")
    return f"| {label} | " + " | ".join(cells) + " |"


def header(corpus: Corpus) -> str:
    n_other = precision([[]] * len(corpus.paths), corpus, 5, other_artist=True)[1]
    return (
        f"\n{corpus.name}: {len(corpus.paths)} tracks, {len(set(corpus.albums))} albums "
        f"({n_other} queries have a same-album track by another artist)\n\n"
        "| method | P@5 album | P@10 album | P@5 album, other artist | "
        "P@10 album, other artist |\n|---|---|---|---|---|"
    )


def evaluate(corpus: Corpus, args: argparse.Namespace, spark: object | None) -> None:
    from engine.recommend.clustering import rule_k

    t0 = time.perf_counter()
    params = AnalysisParams()
    encore = encore_features(corpus, params, args.workers)
    mfcc = mfcc_features(corpus, args.workers)
    k_rule = rule_k(len(corpus.paths))
    print(header(corpus))
    rnd = [f"{random_precision(corpus, k, other_artist=o):.3f}" for o in (False, True) for k in KS]
    print("| random (expected) | " + " | ".join(rnd) + " |")
    print(table_row("MFCC-20 mean/std, Euclidean (classic)", euclidean_rankings(mfcc), corpus))
    print(table_row("Encore vector, exact Euclidean", euclidean_rankings(encore), corpus))
    print(
        table_row(
            "Encore vector, group-weighted, exact",
            euclidean_rankings(encore, "groups"),
            corpus,
        )
    )
    shingles = ShingleParams()
    for weighting, border, what in (
        ("none", False, "unweighted, per-cluster (before)"),
        ("groups", True, "group-weighted + border probe"),
    ):
        rankings = encore_rankings(
            encore,
            k=k_rule,
            shingles=shingles,
            cap=None,
            corpus=corpus,
            weighting=weighting,
            border=border,
        )
        print(table_row(f"in process, k={k_rule} + LSH, {what}", rankings, corpus))
    if spark is not None:
        from bench.served_rankings import served_run

        for options, what in (
            ({"weighting": "none", "border": False}, "unweighted, per-cluster (before)"),
            ({}, "defaults"),
        ):
            run = served_run(spark, encore, corpus.artists, corpus.albums, **options)
            k = run.params["k"]
            print(table_row(f"`encore train` k={k}, {what}: stored", run.stored, corpus))
            print(table_row(f"`encore train` k={k}, {what}: served (cap 2)", run.served, corpus))
    if args.sweep:
        sweep(corpus, encore, k_rule, args)
    print(f"\n({corpus.name}: {time.perf_counter() - t0:.0f} s including feature extraction)")


def sweep(corpus: Corpus, encore: np.ndarray, k_rule: int, args: argparse.Namespace) -> None:
    print(f"\n{corpus.name}, settings sweep (no diversity cap):\n")
    print("| setting | P@5 album | P@10 album | P@5 other artist | P@10 other artist |")
    print("|---|---|---|---|---|")
    base = ShingleParams()
    for k in sorted({1, 2, 4, k_rule, 2 * k_rule}):
        rankings = encore_rankings(encore, k=k, shingles=base, cap=None, corpus=corpus)
        print(table_row(f"k={k}", rankings, corpus).replace("| k=", "| k=", 1))
    for weighting in ("none", "groups"):
        for border in (False, True):
            rankings = encore_rankings(
                encore,
                k=k_rule,
                shingles=base,
                cap=None,
                corpus=corpus,
                weighting=weighting,
                border=border,
            )
            label = f"k={k_rule}, weighting={weighting}, border probe {'on' if border else 'off'}"
            print(table_row(label, rankings, corpus))
    # With the border probe, LSH only filters candidates; how much does the filter cost?
    for change in (
        {"lsh_threshold": 0.4},
        {"lsh_threshold": 0.5},
        {"bin_width": 1.0},
        {"bin_width": 1.0, "ngram": 2, "lsh_threshold": 0.4},
    ):
        shingles = replace(base, **change)
        rankings = encore_rankings(encore, k=k_rule, shingles=shingles, cap=None, corpus=corpus)
        label = f"k={k_rule}, " + ", ".join(f"{a}={b}" for a, b in change.items())
        print(table_row(label, rankings, corpus))
    windows = [
        AnalysisParams(),  # the default, 10 x 3 s
        AnalysisParams(n_windows=6, window_s=5.0),
        AnalysisParams(n_windows=3, window_s=10.0),
        AnalysisParams(n_windows=0),
    ]
    for params in windows:
        vectors = encore_features(corpus, params, args.workers)
        label = "whole track" if params.whole_track else f"{params.n_windows} x {params.window_s} s"
        exact = euclidean_rankings(vectors, DEFAULT_WEIGHTING)
        print(table_row(f"windows: {label}, weighted exact", exact, corpus))
        rankings = encore_rankings(vectors, k=k_rule, shingles=base, cap=None, corpus=corpus)
        print(table_row(f"windows: {label}, k={k_rule} + LSH + border", rankings, corpus))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "clips")
    default_full = os.environ.get("ENCORE_FULL_TRACKS", str(REPO.parent / "full"))
    parser.add_argument("--full", type=Path, default=Path(default_full))
    parser.add_argument("--sweep", action="store_true", help="compare k, shingling, windows")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--no-spark", action="store_true", help="skip the rows trained by the real Spark job"
    )
    args = parser.parse_args()
    print("Recommendation quality (hit = same album; audio only; higher is better)")
    spark = None
    if not args.no_spark:
        from engine.spark.session import create_session

        spark = create_session("local[2]", app_name="encore-quality-bench")
    try:
        evaluate(load_corpus("clips (30 s excerpts)", args.corpus), args, spark)
        if (args.full / "manifest.csv").is_file():
            evaluate(load_corpus("full-length tracks", args.full), args, spark)
        else:
            print(f"\nfull-length tracks: {args.full}/manifest.csv not found, skipped")
    finally:
        if spark is not None:
            spark.stop()


if __name__ == "__main__":
    main()
