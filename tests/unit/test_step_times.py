"""The step clock the training run and ALS share."""

from __future__ import annotations

from engine.step_times import StepTimes


def test_each_step_is_timed_from_the_end_of_the_one_before() -> None:
    calls: list[int] = []
    step = StepTimes(lambda: calls.append(1))
    seen = step.timings  # the dict a summary holds sees every later step
    step("read")
    step("fit")
    assert list(seen) == ["read", "fit"]
    assert all(v >= 0 for v in seen.values())
    assert len(calls) == 2
