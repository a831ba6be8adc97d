"""Does LSH prune? Candidates per track and recall of the exact neighbours, per shingling design.

``python -m bench.lsh_bench [--full DIR] [--clips DIR] [--synthetic N]``

Within one k-means cluster the training job asks datasketch's LSH banding for candidates and
ranks them by exact distance, so a design is good when the candidates are a small share of the
cluster (pruning) yet hold the exact 20 nearest (recall). Measured on:

* real features: each corpus (full-length dev tracks, clips) standardised and taken as one
  cluster — the situation of a small library, where k-means makes few, wide clusters;
* synthetic: the train benchmark's 100k clustered vectors, standardised, k-means k=64 (numpy),
  and three of its clusters (largest, median, a small one).

Vectors are standardised and group-weighted as the training job does (``--weighting``).
Designs: bin width (σ), neighbour-bin tolerance (spread), tokens over single dimensions or pairs
of adjacent dimensions (ngram), LSH threshold, and whether bins are in the library's σ ("global")
or in the cluster's own σ around its centre ("local").
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NUMBA_CACHE_DIR", str(REPO / ".cache" / "numba"))

from engine.analysis.features import FEATURE_NAMES  # noqa: E402
from engine.recommend.cluster_neighbours import squared_distances  # noqa: E402
from engine.recommend.shingles import BandIndex, ShingleParams, Shingler  # noqa: E402
from engine.recommend.weights import DEFAULT_WEIGHTING, WEIGHTINGS, feature_weights  # noqa: E402

N_EXACT = 20


def cluster_local(z: np.ndarray) -> np.ndarray:
    """Vectors in the cluster's own units: centred on its mean, scaled by its per-dim std."""
    std = z.std(axis=0)
    return (z - z.mean(axis=0)) / np.where(std > 0, std, 1.0)


def measure(z: np.ndarray, params: ShingleParams, *, local: bool) -> tuple[float, float, float]:
    """(candidate share of the cluster, recall@20 of the exact neighbours, signature ms/track)."""
    m = z.shape[0]
    d2 = squared_distances(z, z)
    np.fill_diagonal(d2, np.inf)
    want = min(N_EXACT, m - 1)
    exact = np.argpartition(d2, want - 1, axis=1)[:, :want]
    shingler = Shingler(z.shape[1], params)
    shingler.token_table  # noqa: B018 - built once, not part of the per-track time
    t0 = time.perf_counter()
    sigs = shingler.signatures(cluster_local(z) if local else z)
    sig_ms = (time.perf_counter() - t0) * 1000 / m
    bands = BandIndex(sigs, params)
    share, recall = [], []
    for start in range(0, m, 512):
        rows = range(start, min(start + 512, m))
        hits = bands.candidates(rows)
        for local_row, j in enumerate(rows):
            hits[local_row, j] = False
            share.append(hits[local_row].sum() / (m - 1))
            recall.append(hits[local_row, exact[j]].mean())
    return float(np.mean(share)), float(np.mean(recall)), sig_ms


def real_sets(args: argparse.Namespace) -> list[tuple[str, np.ndarray]]:
    from bench.quality_bench import encore_features, load_corpus
    from engine.analysis.params import AnalysisParams

    out = []
    for name, folder in (("full tracks", args.full), ("clips", args.clips)):
        if not (folder / "manifest.csv").is_file():
            print(f"{name}: {folder}/manifest.csv not found, skipped")
            continue
        x = encore_features(load_corpus(name, folder), AnalysisParams(), args.workers)
        x = x.astype(np.float64)
        std = x.std(axis=0, ddof=1)
        z = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
        out.append((f"{name} ({len(x)})", z * feature_weights(FEATURE_NAMES, args.weighting)))
    return out


def synthetic_sets(n: int, weighting: str) -> list[tuple[str, np.ndarray]]:
    from bench.inprocess_training import kmeans, standardise
    from bench.train_bench import synthetic_features

    z, _, _ = standardise(synthetic_features(n, len(FEATURE_NAMES)))
    z = z * feature_weights(FEATURE_NAMES, weighting)
    k = 64
    _, labels = kmeans(z, k, seed=1, iters=15)
    sizes = np.bincount(labels, minlength=k)
    order = np.argsort(sizes)
    picks = [order[-1], order[len(order) // 2], order[np.searchsorted(sizes[order], 300)]]
    return [(f"synthetic c{c} ({sizes[c]})", z[labels == c]) for c in picks]


DESIGNS = [
    dict(bin_width=b, spread=s, ngram=g, lsh_threshold=t)
    for g, b, s, t in itertools.product((1, 2), (0.5, 1.0), (0, 1), (0.3, 0.5, 0.7))
] + [dict(bin_width=0.25, spread=1, ngram=1, lsh_threshold=t) for t in (0.3, 0.5)]

# Around the designs that came closest (bins of 0.5-1 σ with one neighbour bin): does a
# longer signature (more bands, a steeper S-curve) buy pruning without losing recall?
FINE = [
    dict(bin_width=b, spread=1, ngram=g, lsh_threshold=t, num_perm=p)
    for (b, g), t, p in itertools.product(
        ((0.5, 1), (1.0, 1), (1.0, 2)), (0.4, 0.5, 0.6), (128, 256)
    )
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", type=Path, default=REPO.parent / "full")
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "corpus" / "clips")
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--local", choices=("both", "global", "local"), default="both")
    parser.add_argument("--grid", choices=("coarse", "fine"), default="coarse")
    parser.add_argument("--weighting", choices=WEIGHTINGS, default=DEFAULT_WEIGHTING)
    args = parser.parse_args()
    sets = real_sets(args) + synthetic_sets(args.synthetic, args.weighting)
    scales = {"both": (False, True), "global": (False,), "local": (True,)}[args.local]
    print("candidates = share of the cluster LSH returns per track; recall = share of the exact")
    print(f"{N_EXACT} nearest among them (higher recall, lower share is better)\n")
    head = " | ".join(f"{name}: cand / recall" for name, _ in sets)
    print(f"| bins | width σ | spread | ngram | perm | threshold | {head} | sig µs/track |")
    print("|" + "---|" * (7 + len(sets)))
    designs = DESIGNS if args.grid == "coarse" else FINE
    for design, local in itertools.product(designs, scales):
        params = ShingleParams(**design)
        cells, sig = [], []
        for _, z in sets:
            share, recall, ms = measure(z, params, local=local)
            cells.append(f"{share:.2f} / {recall:.2f}")
            sig.append(ms)
        print(
            f"| {'local' if local else 'global'} | {params.bin_width} | {params.spread} | "
            f"{params.ngram} | {params.num_perm} | {params.lsh_threshold} | "
            + " | ".join(cells)
            + f" | {1000 * np.mean(sig):.0f} |",
            flush=True,
        )
    print(f"\nload average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
