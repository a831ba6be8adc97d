"""``encore popular`` says what its numbers are: each song's starts, plays and popularity score,
never a bare "(7.0)"."""

from __future__ import annotations

import time

from engine.cli import main
from engine.context import build_context
from engine.events.wire import PlayEvent
from engine.models import Track

NOW = time.time() - 3600.0  # recorded events must not lie in the future


def test_popular_lines_name_the_plays_and_the_score(capsys) -> None:
    songs = [Track("t-a", "/m/a.ogg", "Often", "Band"), Track("t-b", "/m/b.ogg", "Once", "Band")]
    with build_context() as ctx:
        ctx.store.upsert_tracks(songs)
        for track, plays in (("t-a", 3), ("t-b", 1)):
            for _ in range(plays):
                ctx.recorder.record(
                    PlayEvent(
                        track, "complete", "dev", position=200.0, duration=200.0, timestamp=NOW
                    )
                )
    assert main(["popular"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("  1. Band — Often  (3 plays, popularity ")
    assert lines[1].startswith("  2. Band — Once  (1 play, popularity ")
    assert all(line.endswith(")") for line in lines)


def test_a_song_begun_but_left_early_shows_its_start_next_to_no_plays(capsys) -> None:
    # Popularity counts a start (+1); the plays count only songs heard past the threshold,
    # so "0 plays, popularity 1.0" alone read as a contradiction.
    song = Track("t-a", "/m/a.ogg", "Begun", "Band")
    with build_context() as ctx:
        ctx.store.upsert_tracks([song])
        ctx.recorder.record(PlayEvent("t-a", "play", "dev", duration=200.0, timestamp=NOW))
    assert main(["popular"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["  1. Band — Begun  (1 start, 0 plays, popularity 1.0)"]
