"""What the reasons say: the share of each wording among the reasons a trained run stores.

Every track of a labelled corpus (``manifest.csv``, as :mod:`bench.quality_bench` reads it) is
analysed, trained in process as the job trains (:func:`bench.inprocess_training.train_in_process`,
reasons on), and the reasons of each track's first ``--top`` neighbours are counted by wording:
numbers and key names are folded ("both around N BPM", "in KEY"), so the table shows how often a
reason names something concrete against the group fallback ("similar tempo and loudness").

Run: ``python -m bench.reasons_bench [--corpus DIR ...] [--top 10]``.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from bench.inprocess_training import train_in_process
from bench.quality_bench import REPO, encore_features, load_corpus
from engine.analysis.features import FEATURE_NAMES
from engine.analysis.params import AnalysisParams
from engine.phrase_english import english
from engine.recommend.clustering import rule_k

_KEY = re.compile(r"\b[A-G][#b]? (major|minor)( / [A-G][#b]? (major|minor))?")
_NUMBER = re.compile(r"\d+")


def wording(reason: str) -> str:
    """A reason with its numbers and key names folded, so equal wordings count together."""
    return _NUMBER.sub("N", _KEY.sub("KEY", reason))


def shares(folder: Path, top: int, workers: int) -> tuple[int, Counter[str]]:
    corpus = load_corpus(folder.name, folder)
    matrix = encore_features(corpus, AnalysisParams(), workers)
    ids = [str(i) for i in range(len(matrix))]
    run = train_in_process(ids, matrix, FEATURE_NAMES, k=rule_k(len(ids)), with_reasons=True)
    counts: Counter[str] = Counter()
    for tid in ids:
        counts.update(wording(english(n.reason)) for n in run.neighbours[tid][:top])
    return len(ids), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="folder holding manifest.csv (repeatable; default: the dev clips)",
    )
    parser.add_argument("--top", type=int, default=10, help="neighbours per track counted")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for folder in args.corpus or [REPO.parent / "shared" / "corpus" / "clips"]:
        n, counts = shares(folder, args.top, args.workers)
        total = sum(counts.values())
        concrete = sum(c for w, c in counts.items() if w.startswith("both "))
        print(f"\n{folder}: {n} tracks, {total} reasons (top {args.top} each)")
        print(f"naming a concrete shared trait: {concrete / total:.1%}")
        print("| wording | share |\n|---|---|")
        for text, count in counts.most_common():
            print(f"| {text} | {count / total:.1%} |")


if __name__ == "__main__":
    main()
