"""``encore popular`` says what its numbers are: each song's starts, plays and popularity score,
never a bare "(7.0)"; a song is on it once played twice, and until then it says so."""

from __future__ import annotations

import time

from engine.cli import main
from engine.context import build_context
from engine.events.wire import PlayEvent
from engine.models import Track

NOW = time.time() - 3600.0  # recorded events must not lie in the future


def _record(ctx, track_id: str, kind: str, times: int) -> None:
    for i in range(times):
        ctx.recorder.record(
            PlayEvent(
                track_id, kind, "dev", position=200.0, duration=200.0, timestamp=NOW - i * 60.0
            )
        )


def test_popular_lines_name_the_plays_and_the_score(capsys) -> None:
    songs = [
        Track("t-a", "/m/a.ogg", "Often", "Band"),
        Track("t-b", "/m/b.ogg", "Twice", "Band"),
        Track("t-c", "/m/c.ogg", "Once", "Band"),
    ]
    with build_context() as ctx:
        ctx.store.upsert_tracks(songs)
        for track, plays in (("t-a", 4), ("t-b", 2), ("t-c", 1)):
            _record(ctx, track, "complete", plays)
        _record(ctx, "t-b", "play", 2)
    assert main(["popular"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2  # "Once" is a song heard, not yet a popular one
    assert lines[0].startswith("  1. Band — Often  (4 plays, popularity ")
    # Its starts beside its plays: "0 plays, popularity 1.0" alone read as a contradiction.
    assert lines[1].startswith("  2. Band — Twice  (2 starts, 2 plays, popularity ")
    assert all(line.endswith(")") for line in lines)


def test_songs_only_begun_or_played_once_are_not_popular_yet(capsys) -> None:
    song = Track("t-a", "/m/a.ogg", "Begun", "Band")
    with build_context() as ctx:
        ctx.store.upsert_tracks([song])
        _record(ctx, "t-a", "play", 3)
        _record(ctx, "t-a", "complete", 1)
    assert main(["popular"]) == 0
    out = capsys.readouterr().out
    assert out == "no popular songs yet: a song is listed once played 2 times\n"
    assert main(["popular", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
