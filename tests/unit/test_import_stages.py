"""The import panel's stage line: labels, counts and a time left at each stage's own pace."""

from __future__ import annotations

import pytest

from desktop.pipeline import LABELS, StageClock, eta_seconds, time_left


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_eta_follows_the_pace_of_the_stage_so_far() -> None:
    assert eta_seconds(10, 30, 5.0) == pytest.approx(15.0)
    assert eta_seconds(0, 30, 5.0) is None  # nothing finished yet: no guess
    assert eta_seconds(10, 0, 5.0) is None  # done
    assert eta_seconds(3, 30, 0.2) is None  # too early to tell


def test_time_left_reads_naturally() -> None:
    assert time_left(0.2) == "about 1 s left"
    assert time_left(42.1) == "about 43 s left"
    assert time_left(61) == "about 61 s left"
    assert time_left(150) == "about 2 min left"


def test_each_stage_has_its_label_counts_and_own_clock() -> None:
    clock = FakeClock()
    stages = StageClock(clock)
    assert stages.describe("scan", 0, 77) == ("Importing", "0 of 77")
    clock.now += 2.0
    assert stages.describe("scan", 20, 77) == ("Importing", "20 of 77 · about 6 s left")
    label, counts = stages.describe("prepare", 0, 0)
    assert label == LABELS["prepare"] and "first run" in label
    assert counts == "0:00 · usually 1–3 min"  # no count to pace: time so far, and the usual
    clock.now += 60.0  # compiling took a minute: it must not slow the analysis estimate
    assert stages.describe("prepare", 0, 0)[1] == "1:00 · usually 1–3 min"
    assert stages.describe("analysis", 0, 77) == ("Analysing", "0 of 77")
    clock.now += 7.0
    assert stages.describe("analysis", 7, 77) == ("Analysing", "7 of 77 · about 70 s left")
    clock.now += 3.0
    assert stages.describe("training", 1, 6)[0] == "Training mixes in the background"
