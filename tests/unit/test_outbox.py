"""The durable outbox and the recorder: no network, nothing lost across restarts."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.config import load_config
from engine.context import build_context
from engine.events.kafka import BOOTSTRAP_TIMEOUT_MS, PLAY_EVENTS, TRACK_FEATURES
from engine.events.log import OutboxLog
from engine.events.outbox import Message, Outbox, OutboxError
from engine.events.recorder import Recorder
from engine.events.wire import PlayEvent

REPO = Path(__file__).resolve().parents[2]


def _event(i: int, *, ts: float = 1_700_000_000.0, kind: str = "play") -> PlayEvent:
    return PlayEvent(track_id=f"t{i % 7}", type=kind, device_id="dev", timestamp=ts + i)


def test_rows_survive_reopening(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    recorder = Recorder(outbox)
    events = [_event(i) for i in range(25)]
    for event in events:
        recorder.record(event)
    outbox.close()

    reopened = Outbox(tmp_path / "events.sqlite3")
    assert [e.event_id for e in OutboxLog(reopened).iter_events()] == [e.event_id for e in events]
    assert reopened.pending_count() == 25
    pending = reopened.pending(10)
    assert [r.key for r in pending] == ["dev"] * 10
    assert all(r.topic == PLAY_EVENTS for r in pending)


def test_rows_survive_a_killed_process(tmp_path: Path) -> None:
    """record() returning means the row is on disk even if the process dies at once."""
    path = tmp_path / "events.sqlite3"
    script = (
        "import os, signal, sys\n"
        "from engine.events.outbox import Outbox\n"
        "from engine.events.recorder import Recorder\n"
        "from engine.events.wire import PlayEvent\n"
        f"r = Recorder(Outbox({str(path)!r}))\n"
        "for i in range(300):\n"
        "    r.record(PlayEvent(track_id='t', type='play', device_id='d'))\n"
        "print('recorded', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "recorded" in result.stdout
    assert Outbox(path).pending_count() == 300


def test_delivery_marks_only_the_given_rows(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    ids = [outbox.append(Message(PLAY_EVENTS, "d", b"{}", kind="play")) for _ in range(10)]
    outbox.append(Message(TRACK_FEATURES, "track-1", b"{}", kind="features"))
    outbox.mark_delivered(ids[:4])
    counts = outbox.counts()
    assert counts["delivered"] == {PLAY_EVENTS: 4}
    assert counts["pending"] == {PLAY_EVENTS: 6, TRACK_FEATURES: 1}
    assert counts["types"] == {"play": 10, "features": 1}
    assert [r.id for r in outbox.pending(100)] == [*ids[4:], ids[-1] + 1]
    outbox.mark_delivered(ids[:4])  # a second acknowledgement changes nothing
    assert outbox.counts()["delivered"] == {PLAY_EVENTS: 4}


def test_event_log_filters_by_event_time(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    recorder = Recorder(outbox)
    # Recorded out of time order (an imported history arrives after live plays).
    recorder.record_many([_event(i, ts=2000.0) for i in range(3)])
    recorder.record_many([_event(i, ts=1000.0) for i in range(3)])
    log = OutboxLog(outbox)
    assert [e.timestamp for e in log.iter_events()] == [1000, 1001, 1002, 2000, 2001, 2002]
    assert [e.timestamp for e in log.iter_events(since=1002)] == [1002, 2000, 2001, 2002]


def test_embedded_context_records_without_a_publisher() -> None:
    with build_context() as ctx:
        ctx.recorder.record(_event(1))
        assert ctx.events is not None and ctx.events.publisher is None
        assert [e.track_id for e in ctx.event_log.iter_events()] == ["t1"]
        assert ctx.events.outbox.path == ctx.config.events_path


def test_record_never_blocks_when_the_broker_is_unreachable(monkeypatch) -> None:
    """Server mode with nothing listening: record() stays a local write, rows wait."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]  # closed again before the publisher dials it
    monkeypatch.setenv("ENCORE_KAFKA", f"127.0.0.1:{dead_port}")
    config = load_config()
    ctx = build_context(config)
    try:
        publisher = ctx.events.publisher
        assert publisher is not None
        worst = 0.0
        for i in range(500):
            start = time.perf_counter()
            ctx.recorder.record(_event(i))
            worst = max(worst, time.perf_counter() - start)
        # A network attempt would wait for the dead broker's bootstrap timeout at least; half
        # of it leaves room for a loaded machine (one record took 272 ms at load 49).
        assert worst < BOOTSTRAP_TIMEOUT_MS / 2000, f"record() took {worst * 1000:.1f} ms"
        assert ctx.events.outbox.pending_count() == 500
        assert not publisher.wait_delivered(0.5)
        assert publisher.status.delivered == 0
    finally:
        start = time.monotonic()
        ctx.close()
        # Closing does not wait for a broker that is down.
        assert time.monotonic() - start < 10
    assert os.path.exists(config.events_path)
    assert Outbox(config.events_path).pending_count() == 500


def test_out_of_order_acknowledgements_leave_exactly_the_rest_pending(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    ids = [outbox.append(Message(PLAY_EVENTS, "d", b"{}", kind="play")) for _ in range(20)]
    outbox.mark_delivered([ids[i] for i in (5, 6, 7, 12)])
    outbox.mark_delivered(ids[:3])
    expected = [i for k, i in enumerate(ids) if k not in (0, 1, 2, 5, 6, 7, 12)]
    assert [r.id for r in outbox.pending(100)] == expected
    assert [r.id for r in outbox.pending(3)] == expected[:3]
    assert outbox.pending_count() == len(expected)
    outbox.mark_delivered(expected)
    assert outbox.pending(100) == [] and outbox.pending_count() == 0
    # The runs merged into one: the delivery file stays tiny however many rows ship.
    assert outbox._ranges() == [(ids[0], ids[-1])]


def test_envelopes_keep_per_key_order_and_size_limits() -> None:
    from engine.events.outbox import OutboxRow
    from engine.events.publisher import ENVELOPE_MAX, envelopes

    rows = [OutboxRow(i, PLAY_EVENTS, f"d{i % 2}", b'{"n":%d}' % i) for i in range(1, 1203)]
    rows.append(OutboxRow(2000, "encore.recommendations", "all", b'{"run_id":"r"}'))
    messages = list(envelopes(rows))
    singles = [m for m in messages if m[0] == "encore.recommendations"]
    assert singles == [("encore.recommendations", "all", [2000], b'{"run_id":"r"}')]
    import json

    for key in ("d0", "d1"):
        ids = [i for topic, k, batch, _ in messages if k == key for i in batch]
        assert ids == [r.id for r in rows if r.key == key]  # same order per key
    for topic, _, batch, value in messages:
        if topic == PLAY_EVENTS:
            assert len(batch) <= ENVELOPE_MAX
            assert [d["n"] for d in json.loads(value)] == batch


@pytest.mark.parametrize("name", ["events.sqlite3", "events-delivered.sqlite3"])
def test_an_outbox_written_by_a_newer_encore_is_refused(tmp_path: Path, name: str) -> None:
    """Both files go through the stores' SQLite core and its "newer database" guard."""
    Outbox(tmp_path / "events.sqlite3").close()
    with sqlite3.connect(tmp_path / name) as conn:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        conn.execute(f"PRAGMA user_version = {version + 1}")
    with pytest.raises(OutboxError, match="newer than this Encore") as caught:
        Outbox(tmp_path / "events.sqlite3")
    assert str(tmp_path / name) in str(caught.value)


def test_an_outbox_from_before_the_delivered_file_was_numbered_opens(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    outbox.append(Message(PLAY_EVENTS, "dev", b"{}"))
    outbox.mark_delivered([1])
    outbox.close()
    with sqlite3.connect(tmp_path / "events-delivered.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 0")  # as every delivered file was written before
    reopened = Outbox(tmp_path / "events.sqlite3")
    assert reopened.pending_count() == 0


def test_a_closed_outbox_refuses_use(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.append(Message(PLAY_EVENTS, "dev", b"{}"))


def test_an_outbox_from_before_the_listener_column_is_filled_in(tmp_path: Path) -> None:
    """Rows written before version 3 get their listener from the payload (else the key)."""
    from engine.events.outbox import _MIGRATIONS
    from engine.events.wire import encode

    path = tmp_path / "events.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(_MIGRATIONS[0] + _MIGRATIONS[1] + "PRAGMA user_version = 2;")
        for n, (device, listener) in enumerate([("desk", "ann"), ("desk", ""), ("lap", "ann")]):
            event = PlayEvent("t", "play", device, timestamp=1.7e9 + n, listener=listener)
            conn.execute(
                "INSERT INTO outbox (topic, key, payload, kind, event_time, created_at) "
                "VALUES (?, ?, ?, 'play', ?, 0)",
                (PLAY_EVENTS, device, encode(event), event.timestamp),
            )
    outbox = Outbox(path)
    try:
        log = OutboxLog(outbox)
        assert [e.device_id for e in log.iter_events(listener="ann")] == ["desk", "lap"]
        assert [e.listener for e in log.iter_events(listener="desk")] == [""]
    finally:
        outbox.close()
