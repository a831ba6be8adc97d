"""LazyTracks: list behaviour over store rows, a Track built only for entries that are used."""

from __future__ import annotations

from engine.models import Track
from engine.playback.queue import PlayQueue
from engine.playback.track_list import LazyTracks, as_row


def _tracks(n: int) -> list[Track]:
    return [Track(f"t{i}", f"/m/{i}.ogg", f"Song {i}", duration=60.0 + i) for i in range(n)]


def test_rows_become_tracks_on_access_only() -> None:
    tracks = _tracks(5)
    lazy = LazyTracks.from_rows([as_row(t) for t in tracks])
    assert sum(type(item) is Track for item in lazy._items) == 0
    assert lazy[3] == tracks[3] and lazy.track_id(1) == "t1"
    assert sum(type(item) is Track for item in lazy._items) == 1  # only entry 3 was built
    assert lazy == tracks and lazy[1:3] == tracks[1:3]


def test_list_editing_mixes_rows_and_tracks() -> None:
    tracks = _tracks(4)
    lazy = LazyTracks([as_row(t) for t in tracks[:3]])
    lazy.append(tracks[3])
    lazy.insert(0, tracks[3])
    del lazy[1]
    assert [t.track_id for t in lazy] == ["t3", "t1", "t2", "t3"]
    copy = LazyTracks(lazy)
    copy.pop()
    assert len(copy) == 3 and len(lazy) == 4  # a copy, not a view


def test_a_queue_of_rows_plays_and_edits_like_a_queue_of_tracks() -> None:
    tracks = _tracks(6)
    queue = PlayQueue()
    queue.set(LazyTracks.from_rows([as_row(t) for t in tracks]), 2)
    assert queue.current == tracks[2]
    assert queue.advance(natural=True) == tracks[3]
    queue.play_next(tracks[0])
    assert queue.advance(natural=True) == tracks[0]
    queue.remove(0)
    assert [t.track_id for t in queue.upcoming()] == ["t4", "t5"]
