"""`encore history clear`: the listener's events go, others' stay, counts stay true."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from engine.cli import main
from engine.config import load_config
from engine.context import build_context
from engine.events.kafka import PLAY_EVENTS
from engine.events.outbox import Outbox
from engine.events.recorder import play_event_message
from engine.events.wire import PlayEvent

DAY = 86400.0


def test_outbox_delete_keeps_other_keys_and_pending_count_true(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "events.sqlite3")
    now = time.time()
    mine_old = [PlayEvent("a", "play", "me", timestamp=now - 40 * DAY) for _ in range(3)]
    mine_new = [PlayEvent("b", "play", "me", timestamp=now - DAY) for _ in range(2)]
    theirs = [PlayEvent("c", "play", "them", timestamp=now - 40 * DAY)]
    ids = [outbox.append(play_event_message(e)) for e in mine_old + mine_new + theirs]
    outbox.mark_delivered(ids[:4])  # part of what goes is already delivered
    assert outbox.pending_count() == 2
    assert outbox.delete(PLAY_EVENTS, who="me", before=now - 30 * DAY) == 3
    assert outbox.pending_count() == 2  # b (one of two) and c are pending; a's rows are gone
    kinds = [json.loads(p)["track_id"] for p in outbox.iter_payloads(PLAY_EVENTS)]
    assert sorted(kinds) == ["b", "b", "c"]
    assert outbox.delete(PLAY_EVENTS, who="me") == 2
    assert [json.loads(p)["track_id"] for p in outbox.iter_payloads(PLAY_EVENTS)] == ["c"]
    outbox.close()


def test_history_clear_cli_before_a_date(encore_home: Path, capsys: pytest.CaptureFixture) -> None:
    config = load_config()
    with build_context(config) as ctx:
        for day in (400, 200, 1):
            ctx.recorder.record(
                PlayEvent("t1", "complete", config.device_id, timestamp=time.time() - day * DAY)
            )
    cutoff = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 100 * DAY))
    assert main(["history", "clear", "--before", cutoff, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "local": 2,
        "server": None,
        "listeners_like_you": None,
    }
    with build_context(load_config()) as ctx:
        assert len(list(ctx.event_log.iter_events())) == 1
    assert main(["history", "clear", "--before", "yesterday"]) == 1
    assert "--before: not a date" in capsys.readouterr().err
    assert main(["history", "clear"]) == 0
    assert "forgot 1 play events on this machine" in capsys.readouterr().out


def test_the_recorder_stamps_the_profile(tmp_path: Path) -> None:
    from engine.events.recorder import Recorder
    from engine.events.wire import decode

    outbox = Outbox(tmp_path / "events.sqlite3")
    Recorder(outbox, profile="ann").record(PlayEvent("t", "play", "laptop"))
    Recorder(outbox).record(PlayEvent("t", "play", "phone"))
    who = [decode(p).who for p in outbox.iter_payloads(PLAY_EVENTS)]
    assert who == ["ann", "phone"]
    outbox.close()


def test_history_clear_forgets_only_this_profiles_events_on_a_shared_machine(
    encore_home: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ann and Bob take turns on one computer, each under their own profile.
    for who, track in (("ann", "a"), ("bob", "b"), ("ann", "a2")):
        monkeypatch.setenv("ENCORE_PROFILE", who)
        config = load_config()
        with build_context(config) as ctx:
            ctx.recorder.record(PlayEvent(track, "complete", config.device_id))
    monkeypatch.setenv("ENCORE_PROFILE", "bob")
    assert main(["history", "clear", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "local": 1,
        "server": None,
        "listeners_like_you": None,
    }
    with build_context(load_config()) as ctx:
        assert sorted(e.track_id for e in ctx.event_log.iter_events()) == ["a", "a2"]
