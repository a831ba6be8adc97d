"""Do the settings chosen on the development corpora hold on music they were not chosen on?

The feature-group shares of the distance (:data:`engine.recommend.weights.GROUP_SHARES`) were
picked on the three dev corpora together. Here every corpus (corpus-more split in two halves
by source package, alternately in package order, so no album is in both) is held out in turn:
the setting that scores best on the *other* folds is chosen from a grid, and its P@5 on the
held-out fold is set against the default's and against the best the grid reaches there
(which only hindsight could pick). A setting fitted to one corpus shows as a default that loses
to the held-out choice, or a choice that changes from fold to fold.

Rankings are those a small library is served (tags unknown, so no diversity cap): the exact 20
nearest by weighted Euclidean distance, in hub order (L1 over local scales,
:mod:`engine.recommend.hubness`). P@5 same album, other-artist variant beside it.

Run: ``python -m bench.generalisation --corpus DIR [--corpus DIR ...] [--split DIR]``
"""

from __future__ import annotations

import argparse
import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.quality_bench import Corpus, encore_features, load_corpus, precision
from engine.analysis.features import FEATURE_NAMES
from engine.analysis.params import AnalysisParams
from engine.recommend.hubness import local_scales_of, order_lists
from engine.recommend.weights import GROUP_SHARES, feature_weights

N_NEIGHBOURS = 20
HARMONY = (0.25, 0.5, 0.7, 1.0)
TEMPO = (0.25, 0.5, 0.7, 1.0)
TEXTURE = (0.7, 1.0, 1.5)


@dataclass(frozen=True, slots=True)
class Fold:
    name: str
    corpus: Corpus
    matrix: np.ndarray  # (n, d) raw feature vectors


def served_rankings(matrix: np.ndarray, shares: dict[str, float]) -> list[list[int]]:
    """Each track's exact 20 nearest (weighted z-space), in hub order."""
    x = np.asarray(matrix, dtype=np.float64)
    std = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
    z = z * feature_weights(FEATURE_NAMES, shares=shares)
    sq = (z * z).sum(axis=1)
    d2 = sq[:, None] + sq[None, :] - 2 * z @ z.T
    np.fill_diagonal(d2, np.inf)
    rows = [np.argsort(r, kind="stable")[:N_NEIGHBOURS].tolist() for r in d2]
    sigma = local_scales_of(z, rows)
    return order_lists(z, z, rows, sigma, sigma).rows


def subset(corpus: Corpus, matrix: np.ndarray, keep: list[int], name: str) -> Fold:
    pick = [corpus.paths[i] for i in keep], [corpus.albums[i] for i in keep]
    artists = [corpus.artists[i] for i in keep]
    return Fold(name, Corpus(name, pick[0], pick[1], artists), matrix[keep])


def halves(folder: Path, corpus: Corpus, matrix: np.ndarray) -> list[Fold]:
    """The corpus split by source package, alternately in package order."""
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        packages = [row["source_package"] for row in csv.DictReader(fh)]
    order = sorted(set(packages))
    side = {p: i % 2 for i, p in enumerate(order)}
    return [
        subset(corpus, matrix, [i for i, p in enumerate(packages) if side[p] == s], f"{name}")
        for s, name in ((0, f"{folder.name} A"), (1, f"{folder.name} B"))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--split", type=Path, action="append", default=[], help="split in two")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folds: list[Fold] = []
    for folder, split in [(f, False) for f in args.corpus] + [(f, True) for f in args.split]:
        corpus = load_corpus(folder.name, folder)
        matrix = encore_features(corpus, AnalysisParams(), args.workers)
        if split:
            folds += halves(folder, corpus, matrix)
        else:
            folds.append(Fold(folder.name, corpus, matrix))
    grid = [
        {"harmony": h, "tempo": t, "texture": x}
        for h, t, x in itertools.product(HARMONY, TEMPO, TEXTURE)
    ]
    default = {"harmony": 1.0, "tempo": 1.0, "texture": 1.0, **GROUP_SHARES}
    if default not in grid:
        grid.append(default)
    # scores[setting][fold] = (P@5, P@5 other artist)
    scores = []
    for shares in grid:
        row = []
        for fold in folds:
            ranked = served_rankings(fold.matrix, shares)
            row.append(
                (
                    precision(ranked, fold.corpus, 5, other_artist=False)[0],
                    precision(ranked, fold.corpus, 5, other_artist=True)[0],
                )
            )
        scores.append(row)
    p5 = np.array([[cell[0] for cell in row] for row in scores])  # (settings, folds)
    other = np.array([[cell[1] for cell in row] for row in scores])
    at = grid.index(default)

    def label(s: dict[str, float]) -> str:
        return f"harmony {s['harmony']:g}, tempo {s['tempo']:g}, texture {s['texture']:g}"

    sizes = ", ".join(f"{f.name} {len(f.corpus.paths)}" for f in folds)
    print(f"folds (tracks): {sizes}; {len(grid)} settings; default: {label(default)}\n")
    print("| held out | chosen on the others | its P@5 there | default | best in hindsight |")
    print("|---|---|---|---|---|")
    for k, fold in enumerate(folds):
        rest = [j for j in range(len(folds)) if j != k]
        chosen = int(np.argmax(p5[:, rest].mean(axis=1)))
        best = int(np.argmax(p5[:, k]))
        print(
            f"| {fold.name} | {label(grid[chosen])} | {p5[chosen, k]:.3f} ({other[chosen, k]:.3f})"
            f" | {p5[at, k]:.3f} ({other[at, k]:.3f}) | {p5[best, k]:.3f} ({label(grid[best])}) |"
        )
    ranks = [int((p5[:, k] > p5[at, k]).sum()) + 1 for k in range(len(folds))]
    print(f"\ndefault's rank among {len(grid)} settings per fold: {ranks}")
    equal = grid.index({"harmony": 1.0, "tempo": 1.0, "texture": 1.0})
    print(
        "all shares 1 per fold: "
        + ", ".join(f"{p5[equal, k]:.3f} ({other[equal, k]:.3f})" for k in range(len(folds)))
    )


if __name__ == "__main__":
    main()
