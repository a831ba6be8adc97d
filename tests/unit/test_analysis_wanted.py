"""The analysis queue takes the songs a listener waits for first, newest wish first."""

from __future__ import annotations

from engine.analysis.pipeline import _Due
from engine.analysis.wanted import Wanted
from engine.models import Track


def _tracks(n: int) -> list[Track]:
    return [Track(track_id=f"t{i}", path=f"/m/{i}.ogg", title=f"{i}") for i in range(n)]


def test_wanted_songs_are_handed_out_next_newest_first() -> None:
    wanted = Wanted()
    due = _Due(_tracks(6), wanted)
    assert due.pop().track_id == "t0"
    wanted.add("t4")
    wanted.add("t2")
    wanted.add("t0")  # already handed out: nothing to move
    assert [due.pop().track_id for _ in range(2)] == ["t2", "t4"]
    assert due.hurried == {"t2", "t4"}
    assert [due.pop().track_id for _ in range(3)] == ["t1", "t3", "t5"]
    assert not due


def test_a_wish_is_taken_once_and_repeats_move_to_the_front() -> None:
    wanted = Wanted()
    for track_id in ("a", "b", "a"):
        wanted.add(track_id)
    assert wanted.take() == ["a", "b"]
    assert wanted.take() == []
    for i in range(20):  # only the latest few are kept
        wanted.add(f"x{i}")
    taken = wanted.take()
    assert taken[0] == "x19" and len(taken) < 20
