"""Seconds per named step of a job (the training run, ALS), for its summary and benches."""

from __future__ import annotations

import time
from collections.abc import Callable


class StepTimes:
    """``step("name")`` records the seconds since the previous step ended (or since start).

    ``timings`` is one dict for the whole job, so a summary that holds it sees later steps too.
    ``on_step`` runs after each step (the training run advances its progress there).
    """

    def __init__(self, on_step: Callable[[], None] | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._mark = time.perf_counter()
        self._on_step = on_step

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self._mark, 2)
        self._mark = now
        if self._on_step is not None:
            self._on_step()
