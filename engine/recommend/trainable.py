"""When a library can be trained: the one rule the training job, ``encore train`` (before a JVM
starts) and the desktop's import-then-train pipeline all apply."""

from __future__ import annotations

MIN_TRAINING_TRACKS = 2  # k-means and neighbour lists need two analysed songs at least


def training_refusal(analysed: int) -> str | None:
    """Why a library with ``analysed`` analysed tracks cannot be trained, or None if it can."""
    if analysed <= 0:
        return "nothing analysed yet: run 'encore analyze' first"
    if analysed < MIN_TRAINING_TRACKS:
        return f"only {analysed} analysed track: training needs at least {MIN_TRAINING_TRACKS}"
    return None
