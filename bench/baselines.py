"""The field's baselines against Encore, on the same tracks and the same metric as quality_bench.

Per corpus (``manifest.csv`` with path, album, artist; audio only, tags never read):

* **MFCC-20 mean/std** over the whole track, z-scored, Euclidean (:mod:`bench.quality_bench`);
* **single Gaussian timbre**: MFCC-25 frames of the middle 60 s, one full-covariance Gaussian per
  track, symmetrised Kullback-Leibler divergence; and the same with **mutual proximity**
  (Schnitzer et al. 2012, empirical form: the distance becomes the share of the library
  that is farther from both tracks; it removes hubs, tracks near everything);
* **bliss-rs** through PyPI ``bliss-audio`` (``Song(path).analysis``, Euclidean, its own
  distance), its analysis timed in the same run as Encore's (same tracks, same workers, set up
  as ``encore analyze`` sets up its own, timed once started);
* **Encore** as trained (in process: k-means, MinHash LSH, border probe), without the cap; with
  ``--served``, also as served: the real ``encore train`` job and ``Recommender.recommend(k=10)``
  (:mod:`bench.served_rankings`) on tracks whose artist and album are unknown, as after tags are
  stripped, so the diversity cap lifts by itself.

P@5 / P@10 same album, P@5 same album by another artist, P@5 same genre (``genre`` or
``genre_guess``, first word). Run:
``python -m bench.baselines --corpus DIR [--corpus DIR ...] [--workers 2] [--served]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from bench.quality_bench import (
    Corpus,
    _cached,
    encore_rankings,
    euclidean_rankings,
    load_corpus,
    mfcc_features,
    precision,
    random_precision,
)
from engine.analysis import numba_cache
from engine.analysis.decode import decode_windows
from engine.analysis.params import AnalysisParams
from engine.analysis.worker import analyse_file, init_worker
from engine.recommend.clustering import rule_k
from engine.recommend.shingles import ShingleParams

N_MFCC = 25
EXCERPT_S = 60.0


def genres(folder: Path, corpus: Corpus) -> list[str]:
    """Coarse genre of every track (first word of ``genre`` / ``genre_guess``), manifest order."""
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    labels = [(r.get("genre") or r.get("genre_guess") or "?").split("/")[0].strip() for r in rows]
    return labels[: len(corpus.paths)]


# --- single Gaussian timbre -------------------------------------------------------------------
def _gaussian(path: str) -> np.ndarray:
    """Mean (25) and full covariance (25 x 25) of MFCC-25 over the middle 60 s, flattened."""
    import librosa

    decoded = decode_windows(path, AnalysisParams(n_windows=0))
    mono = np.concatenate([w.mean(axis=0) for w in decoded.windows])
    excess = mono.size - round(EXCERPT_S * decoded.sr)
    if excess > 0:
        mono = mono[excess // 2 : excess // 2 + round(EXCERPT_S * decoded.sr)]
    y = librosa.resample(mono, orig_sr=decoded.sr, target_sr=22050, res_type="soxr_hq")
    mfcc = librosa.feature.mfcc(y=y, sr=22050, n_mfcc=N_MFCC).astype(np.float64)
    cov = np.cov(mfcc) + 1e-6 * np.eye(N_MFCC)  # a silent band must not make it singular
    return np.concatenate([mfcc.mean(axis=1), cov.ravel()])


def gaussian_features(corpus: Corpus, workers: int) -> np.ndarray:
    import json

    def compute() -> np.ndarray:
        with ProcessPoolExecutor(workers) as pool:
            return np.stack(list(pool.map(_gaussian, corpus.paths, chunksize=2)))

    return _cached(json.dumps(["gauss-mfcc25-60s", corpus.paths]), compute)


def symmetric_kl(params: np.ndarray) -> np.ndarray:
    """Symmetrised KL divergence between every pair of Gaussians, shape (n, n).

    Parameters
    ----------
    params : np.ndarray, shape (n, d + d*d)
        Mean and flattened covariance per track.
    """
    d = N_MFCC
    mu = params[:, :d]
    cov = params[:, d:].reshape(-1, d, d)
    inv = np.linalg.inv(cov)
    # 2 * SKL = tr(S1^-1 S2) + tr(S2^-1 S1) + (m1-m2)^T (S1^-1 + S2^-1) (m1-m2) - 2d
    tr = np.einsum("aij,bji->ab", inv, cov)
    diff = mu[:, None, :] - mu[None, :, :]
    quad = np.einsum("abi,aij,abj->ab", diff, inv, diff)
    out = 0.25 * (tr + tr.T + quad + quad.T) - 0.5 * d
    np.fill_diagonal(out, 0.0)
    return np.maximum(out, 0.0)


def mutual_proximity(dist: np.ndarray) -> np.ndarray:
    """Empirical mutual proximity: 1 - P(X > d_xy and Y > d_xy) over the other tracks."""
    n = dist.shape[0]
    out = np.zeros_like(dist)
    for i in range(n):
        farther_i = dist[i][None, :] > dist[i][:, None]  # [j, k]: d(i, k) > d(i, j)
        farther_j = dist > dist[i][:, None]  # [j, k]: d(j, k) > d(i, j)
        both = (farther_i & farther_j).sum(axis=1) / max(n - 2, 1)
        out[i] = 1.0 - both
    np.fill_diagonal(out, 0.0)
    return out


def rankings_from(dist: np.ndarray) -> list[list[int]]:
    d = dist.copy()
    np.fill_diagonal(d, np.inf)
    return [np.argsort(row, kind="stable")[:-1].tolist() for row in d]


# --- bliss-rs and Encore analysis speed ----------------------------------------------------------
# Both are timed alike on the same tracks and workers: spawned workers with one BLAS thread each
# (Encore's exactly as ``encore analyze`` starts them), started and warmed before the clock, so
# the rate is what a library run sustains; the start-up is printed beside it. Plain
# ProcessPoolExecutor workers (this bench before) let BLAS spin a thread per core in each, which
# made Encore look far slower here than in ``bench.analysis_bench``.
def _bliss(path: str) -> np.ndarray:
    from bliss_audio import Song

    return np.asarray(Song(path).analysis, dtype=np.float64)


def _encore(path: str) -> np.ndarray:
    result = analyse_file(path, path, AnalysisParams())
    if result.vector is None:
        raise SystemExit(f"Encore could not analyse {path}: {result.error}")
    return result.vector


def _cpu_timed(fn: Callable[[str], np.ndarray], path: str) -> tuple[np.ndarray, float]:
    """``fn(path)`` and the CPU seconds it took in this worker, all its threads counted."""
    before = time.process_time()
    return fn(path), time.process_time() - before


@dataclass(frozen=True, slots=True)
class Timed:
    features: np.ndarray  # (n, d)
    per_min: float  # tracks per minute by the wall clock, once the workers are up
    cpu_per_min: float  # tracks per minute the CPU time per track allows on ``workers`` cores
    start_s: float  # starting and warming the workers


def timed(fn: Callable[[str], np.ndarray], paths: Sequence[str], workers: int) -> Timed:
    """Features of every path, timed by the wall clock and by CPU time.

    The CPU figure is the one to compare on a shared machine: the wall clock rewards a
    program with more threads (bliss-rs) with a larger share of a loaded CPU.
    """
    numba_cache.use()
    started = time.perf_counter()
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context("spawn"),
        initializer=init_worker,
        initargs=(os.environ["NUMBA_CACHE_DIR"], os.getpid()),
    ) as pool:
        list(pool.map(fn, paths[:workers], chunksize=1))  # imports, filter banks, JIT
        start = time.perf_counter()
        done = list(pool.map(partial(_cpu_timed, fn), paths, chunksize=2))
        elapsed = time.perf_counter() - start
    cpu = sum(c for _, c in done)
    return Timed(
        np.stack([f for f, _ in done]),
        60.0 * len(paths) / elapsed,
        60.0 * len(paths) * workers / cpu,
        start - started,
    )


# --- report -------------------------------------------------------------------------------------
def row(label: str, ranked: list[list[int]], corpus: Corpus, genre: list[str]) -> str:
    cells = [
        precision(ranked, corpus, 5, other_artist=False)[0],
        precision(ranked, corpus, 10, other_artist=False)[0],
        precision(ranked, corpus, 5, other_artist=True)[0],
        float(
            np.mean([sum(genre[j] == genre[q] for j in r[:5]) / 5 for q, r in enumerate(ranked)])
        ),
    ]
    return f"| {label} | " + " | ".join(f"{c:.3f}" for c in cells) + " |"


def evaluate(folder: Path, workers: int, spark: object | None = None) -> None:
    corpus = load_corpus(folder.name, folder)
    genre = genres(folder, corpus)
    n = len(corpus.paths)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"\n## {folder} — {n} tracks, {len(set(corpus.albums))} albums, load {' '.join(load)}")
    encore_run = timed(_encore, corpus.paths, workers)
    bliss_run = timed(_bliss, corpus.paths, workers)
    encore, bliss = encore_run.features, bliss_run.features
    print(
        f"analysis, same run, {workers} workers: Encore {encore_run.per_min:.0f} tracks/min, "
        f"bliss-rs {bliss_run.per_min:.0f} ({encore_run.per_min / bliss_run.per_min:.2f}x) by the "
        f"wall clock; by CPU time per track Encore {encore_run.cpu_per_min:.0f}, bliss-rs "
        f"{bliss_run.cpu_per_min:.0f} ({encore_run.cpu_per_min / bliss_run.cpu_per_min:.2f}x); "
        f"workers started in {encore_run.start_s:.1f} s / {bliss_run.start_s:.1f} s"
    )
    print(
        "| method | P@5 album | P@10 album | P@5 other artist | P@5 genre |\n|---|---|---|---|---|"
    )
    rnd_genre = np.mean([(sum(g == genre[q] for g in genre) - 1) / (n - 1) for q in range(n)])
    print(
        f"| random (expected) | {random_precision(corpus, 5, other_artist=False):.3f} | "
        f"{random_precision(corpus, 10, other_artist=False):.3f} | "
        f"{random_precision(corpus, 5, other_artist=True):.3f} | {rnd_genre:.3f} |"
    )
    d_bliss = np.sqrt(((bliss[:, None, :] - bliss[None, :, :]) ** 2).sum(axis=2))
    print(row("bliss-rs (bliss-audio, its Euclidean)", rankings_from(d_bliss), corpus, genre))
    mfcc = mfcc_features(corpus, workers)
    print(row("MFCC-20 mean/std, z-scored Euclidean", euclidean_rankings(mfcc), corpus, genre))
    skl = symmetric_kl(gaussian_features(corpus, workers))
    print(row("MFCC-25 Gaussian, symmetric KL, 60 s", rankings_from(skl), corpus, genre))
    print(row("  + mutual proximity", rankings_from(mutual_proximity(skl)), corpus, genre))
    trained = encore_rankings(
        encore.astype(np.float32),
        k=rule_k(n),
        shingles=ShingleParams(),
        cap=None,
        corpus=corpus,
    )
    print(row("Encore as trained (in process, no cap)", trained, corpus, genre))
    if spark is not None:
        from bench.served_rankings import served_run
        from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST
        from engine.recommend.training import DEFAULT_NEIGHBOURS

        unknown = ([UNKNOWN_ARTIST] * n, [UNKNOWN_ALBUM] * n)
        served = served_run(
            spark, encore.astype(np.float32), *unknown, n_neighbours=DEFAULT_NEIGHBOURS
        )
        label = f"Encore served (`encore train` k={served.params['k']}, tags unknown)"
        print(row(label, served.served, corpus, genre))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--served", action="store_true", help="also train with the real Spark job and serve"
    )
    args = parser.parse_args()
    spark = None
    if args.served:
        from engine.spark.session import create_session

        spark = create_session("local[2]", app_name="encore-baselines")
    try:
        for folder in args.corpus:
            evaluate(folder, args.workers, spark)
    finally:
        if spark is not None:
            spark.stop()


if __name__ == "__main__":
    main()
