"""Behaviour every EventLog must have (where popularity reads play events from)."""

from __future__ import annotations

import logging

import pytest

from engine.events.log import EventLog
from engine.events.wire import PlayEvent
from tests.events.conftest import EventLogUnderTest

T0 = 1.7e9


def _event(n: int, *, at: float, kind: str = "play") -> PlayEvent:
    return PlayEvent(
        track_id=f"t{n % 3}",
        type=kind,  # type: ignore[arg-type]
        device_id="desk",
        position=n * 1.5,
        duration=200.0,
        timestamp=at,
        event_id=f"e{n:03d}",
    )


def test_is_an_event_log(event_log: EventLogUnderTest) -> None:
    assert isinstance(event_log.log, EventLog)
    assert list(event_log.log.iter_events()) == []


def test_events_come_back_whole_and_oldest_first(event_log: EventLogUnderTest) -> None:
    # Written out of time order, in two batches, as devices catching up would send them.
    events = [_event(n, at=T0 + (7 * n) % 10, kind="skip" if n % 2 else "play") for n in range(10)]
    event_log.write(events[5:])
    event_log.write(events[:5])
    read = list(event_log.log.iter_events())
    assert read == sorted(events, key=lambda e: e.timestamp)


def test_since_keeps_events_at_or_after_it(event_log: EventLogUnderTest) -> None:
    events = [_event(n, at=T0 + n) for n in range(6)]
    event_log.write(events)
    assert [e.event_id for e in event_log.log.iter_events(since=T0 + 3)] == ["e003", "e004", "e005"]
    assert list(event_log.log.iter_events(since=T0 + 100)) == []


def test_an_unreadable_event_is_skipped_with_a_warning(
    event_log: EventLogUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    event_log.write([_event(1, at=T0)])
    event_log.write_unreadable()
    with caplog.at_level(logging.WARNING, logger="engine.events.log"):
        read = list(event_log.log.iter_events())
    assert [e.event_id for e in read] == ["e001"]
    assert any("skipped 1 unreadable play event" in r.getMessage() for r in caplog.records)


def test_listener_keeps_only_that_listeners_events(event_log: EventLogUnderTest) -> None:
    # Mine: stamped with my profile on two devices, or recorded without a profile on a
    # device whose id is the listener. Not mine: another profile on my device, another device.
    def event(n: int, device: str, listener: str = "") -> PlayEvent:
        return PlayEvent(
            "t1", "play", device, timestamp=T0 + n, event_id=f"e{n:03d}", listener=listener
        )

    event_log.write(
        [
            event(1, "laptop", "ann"),
            event(2, "desk", "ann"),
            event(3, "desk", "bob"),
            event(4, "ann"),
            event(5, "desk"),
        ]
    )
    assert [e.event_id for e in event_log.log.iter_events(listener="ann")] == [
        "e001",
        "e002",
        "e004",
    ]
    assert [e.event_id for e in event_log.log.iter_events(listener="desk")] == ["e005"]
    assert [e.event_id for e in event_log.log.iter_events(T0 + 2, listener="ann")] == [
        "e002",
        "e004",
    ]
    assert len(list(event_log.log.iter_events())) == 5
