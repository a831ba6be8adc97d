"""When the worker retrains, and the notice it leaves for clients."""

from __future__ import annotations

from backend.training import TrainingPolicy, TrainingTrigger
from engine.context import build_context
from engine.events.kafka import RECOMMENDATIONS
from engine.events.wire import decode_notice
from tests.saved_runs import save_empty_run


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_policy_thresholds_gap_and_schedule() -> None:
    clock = Clock()
    policy = TrainingPolicy(every_s=3600, min_new_events=100, min_new_tracks=5, min_gap_s=60)
    with build_context() as ctx:
        runs: list[int] = []
        trigger = TrainingTrigger(ctx, policy, job=lambda c: runs.append(1), clock=clock)
        assert not trigger.due()  # nothing new
        trigger.note(events=10)
        assert trigger.due()  # never trained: the schedule says "now"
        assert trigger.maybe_start()
        assert trigger.done.wait(10) and runs == [1]
        trigger.note(events=99, tracks=4)
        clock.now += 61
        assert not trigger.due()  # below both thresholds, schedule not yet due
        trigger.note(events=1)
        assert trigger.due()  # 100 events
        clock.now -= 30
        assert not trigger.due()  # but within the minimum gap
        clock.now += 3600
        trigger.note(tracks=0)
        assert trigger.maybe_start() and trigger.done.wait(10) and runs == [1, 1]
        assert trigger.new_events == 0 and trigger.new_tracks == 0


def test_finished_run_is_announced_and_failure_is_kept() -> None:
    with build_context() as ctx:
        summaries: list[dict] = []
        trigger = TrainingTrigger(
            ctx,
            TrainingPolicy(min_gap_s=0),
            job=lambda c: save_empty_run(c.store, "run-7", 5.0, clusters=2),
            on_done=summaries.append,
        )
        trigger.note(tracks=50)
        assert trigger.maybe_start() and trigger.done.wait(10)
        rows = [r for r in ctx.recorder.outbox.pending(10) if r.topic == RECOMMENDATIONS]
        assert len(rows) == 1
        notice = decode_notice(rows[0].payload)
        assert notice.run_id == "run-7" and notice.k == 2
        assert summaries[-1]["ok"] and summaries[-1]["run_id"] == "run-7"

        def fail(_ctx) -> None:
            raise RuntimeError("spark master unreachable")

        trigger.job = fail
        trigger.note(events=10_000)
        assert trigger.maybe_start() and trigger.done.wait(10)
        assert summaries[-1]["ok"] is False
        assert "spark master unreachable" in summaries[-1]["error"]
        assert trigger.last_error and trigger.runs == 1
