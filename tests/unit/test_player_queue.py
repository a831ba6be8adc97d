"""PlayQueue: order, shuffle without repeats, repeat modes, editing around the current track."""

from __future__ import annotations

import random

import pytest

from engine.models import Track
from engine.playback.queue import PlayQueue


def _tracks(n: int) -> list[Track]:
    return [Track(track_id=f"t{i}", path=f"/music/{i}.ogg", title=f"T{i}") for i in range(n)]


def _ids(tracks: list[Track | None]) -> list[str | None]:
    return [t.track_id if t else None for t in tracks]


def _drain(q: PlayQueue, steps: int, *, natural: bool = True) -> list[str | None]:
    return _ids([q.advance(natural=natural) for _ in range(steps)])


def test_plain_order_ends_with_repeat_off() -> None:
    q = PlayQueue()
    q.set(_tracks(3), start=1)
    assert q.current.track_id == "t1"
    assert _drain(q, 2) == ["t2", None]
    assert q.index == -1
    assert q.back().track_id == "t2"  # previous after the end returns to the last track


def test_repeat_all_wraps_and_previous_wraps() -> None:
    q = PlayQueue()
    q.repeat = "all"
    q.set(_tracks(3))
    assert _drain(q, 4) == ["t1", "t2", "t0", "t1"]
    q.set(_tracks(3))
    assert q.back().track_id == "t2"


def test_repeat_one_repeats_at_the_end_but_next_moves_on() -> None:
    q = PlayQueue()
    q.repeat = "one"
    q.set(_tracks(3))
    assert _drain(q, 2) == ["t0", "t0"]
    assert q.peek_next(natural=True) == 0
    assert q.advance(natural=False).track_id == "t1"


def test_bad_repeat_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="repeat"):
        PlayQueue().repeat = "sometimes"  # type: ignore[assignment]


def test_shuffle_plays_every_track_once_starting_with_the_chosen_one() -> None:
    q = PlayQueue(rng=random.Random(7))
    q.shuffle = True
    q.set(_tracks(20), start=5)
    played = ["t5", *_drain(q, 19)]
    assert sorted(played) == sorted(f"t{i}" for i in range(20))
    assert played != [f"t{i}" for i in range(5, 20)] + [f"t{i}" for i in range(5)]
    assert q.advance() is None


def test_shuffle_with_repeat_all_reshuffles_without_repeating_within_a_pass() -> None:
    q = PlayQueue(rng=random.Random(3))
    q.shuffle = True
    q.repeat = "all"
    q.set(_tracks(6))
    first = ["t0", *_drain(q, 5)]
    # peek and advance agree on the first of the next pass
    upcoming = q.peek_next()
    second = _drain(q, 6)
    assert second[0] == f"t{upcoming}"
    assert sorted(first) == sorted(second) == [f"t{i}" for i in range(6)]
    assert second[0] != first[-1]


def test_turning_shuffle_on_keeps_the_current_track_and_off_restores_list_order() -> None:
    q = PlayQueue(rng=random.Random(1))
    q.set(_tracks(8), start=3)
    q.shuffle = True
    assert q.current.track_id == "t3" and q.order[0] == 3
    q.shuffle = False
    assert q.current.track_id == "t3"
    assert _drain(q, 2) == ["t4", "t5"]


@pytest.mark.parametrize("shuffle", [False, True])
def test_play_next_plays_right_after_the_current_track(shuffle: bool) -> None:
    q = PlayQueue(rng=random.Random(2))
    q.shuffle = shuffle
    q.set(_tracks(5), start=2)
    extra = Track(track_id="x", path="/music/x.ogg", title="X")
    q.play_next(extra)
    assert q.current.track_id == "t2"
    assert q.advance().track_id == "x"
    assert len(q) == 6


def test_add_appends_and_shuffled_add_lands_among_what_is_to_come() -> None:
    q = PlayQueue(rng=random.Random(4))
    q.set(_tracks(2))
    q.add(_tracks(4)[2:])
    assert _drain(q, 3) == ["t1", "t2", "t3"]
    q2 = PlayQueue(rng=random.Random(4))
    q2.shuffle = True
    q2.set(_tracks(3))
    q2.add([Track(track_id="new", path="/n.ogg", title="N")])
    assert "new" in _ids(q2.upcoming())


def test_remove_the_current_track_makes_the_following_one_next() -> None:
    q = PlayQueue()
    q.set(_tracks(4), start=1)
    q.remove(1)
    assert q.advance().track_id == "t2"
    q.remove(0)  # before the current one: the current stays current
    assert q.current.track_id == "t2"
    with pytest.raises(IndexError):
        q.remove(9)


def test_move_keeps_the_current_track_current() -> None:
    q = PlayQueue()
    q.set(_tracks(4), start=1)
    q.move(1, 3)
    assert q.current.track_id == "t1"
    assert _ids(q.tracks) == ["t0", "t2", "t3", "t1"]
    assert q.advance() is None
    q.set(_tracks(4), start=1)
    q.move(3, 0)
    assert q.current.track_id == "t1"
    assert q.advance().track_id == "t2"


def test_move_in_order_moves_in_the_play_order_shuffled_too() -> None:
    q = PlayQueue()
    q.set(_tracks(4), start=1)
    q.move_in_order(3, 2)  # not shuffled: the list order is the play order
    assert _ids(q.tracks) == ["t0", "t1", "t3", "t2"]
    assert q.current.track_id == "t1"
    q = PlayQueue(rng=random.Random(3))
    q.shuffle = True
    q.set(_tracks(5), start=2)
    order = [q.tracks[i].track_id for i in q.order]
    q.move_in_order(4, 1)  # the last to play comes right after the current song
    moved = order[:1] + order[4:] + order[1:4]
    assert [q.tracks[i].track_id for i in q.order] == moved
    assert q.current.track_id == "t2"
    assert q.advance().track_id == order[4]
    q.move_in_order(0, 3)  # the song that played goes later in this pass; current stays
    assert q.current.track_id == order[4]
    with pytest.raises(IndexError):
        q.move_in_order(0, 5)


def test_every_change_is_announced() -> None:
    q = PlayQueue()
    changes: list[int] = []
    q.on_change = lambda: changes.append(1)
    q.set(_tracks(3))
    q.add(_tracks(1))
    q.shuffle = True
    q.repeat = "all"
    q.clear()
    assert len(changes) == 5
    assert q.current is None and q.advance() is None
