"""The output's sink clock: how long a short callback may wait, and which sinks run fast."""

from __future__ import annotations

import pytest

from engine.playback.sink_clock import MAX_PATIENCE_SECONDS, SinkClock

RATE = 1000  # frames per second: round numbers
BLOCK = 100


def test_the_lead_is_what_was_handed_over_less_what_the_clock_played() -> None:
    clock = SinkClock(RATE)
    assert not clock.running and clock.lead(5.0) == 0.0
    clock.begin(10.0)
    clock.took(300, 10.0)
    assert clock.lead(10.1) == pytest.approx(0.2)
    # a card that holds 0.2 s lets a callback wait for the rest after one block's margin
    assert clock.patience(BLOCK, 10.1) == pytest.approx(0.1)


def test_no_wait_when_the_sink_is_about_to_run_dry() -> None:
    clock = SinkClock(RATE)
    clock.begin(0.0)
    clock.took(150, 0.0)
    assert clock.patience(BLOCK, 0.1) == 0.0  # 50 ms left, less than a block
    assert clock.patience(BLOCK, 1.0) == 0.0  # late: the lead is negative


def test_a_sink_without_a_clock_is_waited_on_up_to_the_cap() -> None:
    clock = SinkClock(RATE)
    clock.begin(0.0)
    for _ in range(100):  # ten seconds of audio taken in no time
        clock.took(BLOCK, 0.0)
    assert clock.patience(BLOCK, 0.01) == MAX_PATIENCE_SECONDS


def test_an_underflow_says_the_device_holds_nothing() -> None:
    clock = SinkClock(RATE)
    clock.begin(0.0)
    clock.took(5000, 0.0)
    clock.ran_dry(1.0)
    assert clock.lead(1.0) == 0.0 and clock.patience(BLOCK, 1.0) == 0.0


def test_a_restart_forgets_the_last_stream() -> None:
    clock = SinkClock(RATE)
    clock.begin(0.0)
    clock.took(5000, 0.0)
    clock.restart()
    assert not clock.running and clock.patience(BLOCK, 0.0) == 0.0


def test_a_start_burst_then_real_time_is_a_sink_with_a_clock() -> None:
    clock = SinkClock(RATE)
    clock.begin(0.0)
    verdicts = [clock.took(BLOCK, 0.0) for _ in range(3)]  # the device buffer, at once
    t = 0.0
    for _ in range(7):  # then one block per block's worth of time
        t += BLOCK / RATE
        verdicts.append(clock.took(BLOCK, t))
    assert not any(verdicts)


def test_a_second_of_audio_taken_in_a_tenth_is_a_sink_without_one() -> None:
    clock = SinkClock(RATE)
    clock.begin(0.0)
    verdicts = [clock.took(BLOCK, i * 0.01) for i in range(1, 11)]
    assert verdicts[-1] and not any(verdicts[:-1])
