"""The radio's rules, without Qt: no repeats, follows kept songs, steers away from skips."""

from __future__ import annotations

from desktop.radio import Radio
from engine.models import Recommendation, Track
from engine.recommend.reasons import CLOSEST

# Two "corners" of a library: rock r0..r9 and jazz j0..j9; each song's neighbours are the
# rest of its corner (closest first by number), then the other corner.
TRACKS = {f"{g}{i}": Track(f"{g}{i}", f"/m/{g}{i}.ogg", f"{g}{i}") for g in "rj" for i in range(10)}


def recommend(track_id: str, k: int) -> list[Recommendation]:
    group, number = track_id[0], int(track_id[1:])
    same = sorted(
        (t for t in TRACKS if t[0] == group and t != track_id),
        key=lambda t: abs(int(t[1:]) - number),
    )
    other = [t for t in TRACKS if t[0] != group]
    ranked = same + other
    return [Recommendation(TRACKS[t], 1.0 / (1 + i), CLOSEST) for i, t in enumerate(ranked[:k])]


def test_never_offers_a_song_twice_nor_the_seed() -> None:
    radio = Radio(TRACKS["r0"], recommend, fan_out=19)
    offered: list[str] = []
    while batch := radio.next_tracks(3):
        offered += [t.track_id for t in batch]
        for t in batch:
            radio.mark_played(t.track_id)
    assert "r0" not in offered
    assert len(offered) == len(set(offered)) == 19


def test_first_picks_are_the_seeds_nearest() -> None:
    radio = Radio(TRACKS["r5"], recommend)
    assert {t.track_id for t in radio.next_tracks(2)} == {"r4", "r6"}


def test_a_skip_avoids_the_skipped_songs_neighbourhood() -> None:
    radio = Radio(TRACKS["j0"], recommend, fan_out=4)
    radio.next_tracks(2)  # j1, j2
    radio.mark_skipped("j1")
    assert {"j2", "j3", "j4"} <= radio.avoided
    nxt = [t.track_id for t in radio.next_tracks(3)]
    assert nxt and not set(nxt) & radio.avoided
    assert "j1" not in nxt


def test_kept_songs_become_anchors() -> None:
    radio = Radio(TRACKS["r0"], recommend, fan_out=3)
    radio.next_tracks(1)
    radio.mark_played("j9")  # the listener let a jazz song play through
    picks = {t.track_id for t in radio.next_tracks(3)}
    assert picks & {"j8", "j7", "j6"}
