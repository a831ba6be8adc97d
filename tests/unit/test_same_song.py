"""The same song, once: tagged copies (a clip and its full track) are one song in every served
list (what next, the first pass and a trained run, the radio); untagged tracks never merge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench.inprocess_training import train_in_process
from bench.synthetic_library import SyntheticLibrary, fill_store
from desktop.radio import Radio
from engine.library.same_song import DistinctSongs, distinct, same_song, song_key
from engine.models import UNKNOWN_ARTIST, Recommendation, Track
from engine.recommend.recommender import Recommender
from engine.stores.sqlite import SQLiteStore
from tests.unit.duplicate_songs import COPIES, copy_id, library_with_copies


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return library_with_copies(rng)


@pytest.fixture
def store(tmp_path: Path, library: SyntheticLibrary) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "library.sqlite3")
    fill_store(s, library)
    yield s
    s.close()


def _song(tid: str, title: str, artist: str = UNKNOWN_ARTIST) -> Track:
    return Track(tid, f"/m/{tid}.ogg", title, artist)


def test_titles_and_artists_match_without_accents_case_or_extra_spaces() -> None:
    assert song_key(_song("a", " Café  Déjà ", "Ärt")) == song_key(_song("b", "cafe deja", "art"))
    assert same_song(_song("a", "Intro", "X"), _song("b", "INTRO", "x"))
    assert not same_song(_song("a", "Intro", "X"), _song("b", "Intro", "Y"))


def test_untagged_tracks_are_never_merged() -> None:
    assert song_key(_song("a", "Untitled")) is None
    assert song_key(_song("a", "  ", "X")) is None
    assert not same_song(_song("a", "Untitled"), _song("b", "Untitled"))
    assert same_song(_song("a", "Untitled"), _song("a", "Untitled"))  # one track


def test_distinct_keeps_the_first_copy_and_drops_copies_of_the_seeds() -> None:
    seed = _song("s", "Theme", "X")
    items = [
        _song("c", "THEME", "x"),
        _song("a", "Other", "X"),
        _song("u1", "Untitled"),
        _song("b", "other", "x"),
        _song("u2", "Untitled"),
        _song("a", "Other", "X"),
    ]
    kept = distinct(items, lambda t: t, seeds=[seed])
    assert [t.track_id for t in kept] == ["a", "u1", "u2"]
    songs = DistinctSongs([seed])
    assert songs.holds(_song("z", "theme", "X")) and not songs.holds(_song("z", "Theme", "W"))


def _keys(results: list[Recommendation]) -> list[tuple[str, str] | None]:
    return [song_key(r.track) for r in results]


def _assert_one_copy_each(store: SQLiteStore, library: SyntheticLibrary) -> None:
    rec = Recommender(store)
    for i in range(0, COPIES, 3):
        for query in (library.ids[i], copy_id(library.ids[i])):
            results = rec.recommend(query, k=5)
            assert len(results) == 5  # refilled from further down
            keys = [key for key in _keys(results) if key is not None]
            assert song_key(library.tracks[i]) not in keys, (query, keys)
            assert len(set(keys)) == len(keys)


def test_what_next_never_lists_the_querys_copy_first_pass(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    assert store.active_run() is None
    _assert_one_copy_each(store, library)


def test_what_next_never_lists_the_querys_copy_trained_run(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    store.save_run(train_in_process(library.ids, library.matrix, library.names, k=3))
    _assert_one_copy_each(store, library)


def test_untagged_twins_stay_two_songs(store: SQLiteStore) -> None:
    # u0 and u1 sound the same and carry no tags: each is the other's best match.
    found = [r.track.track_id for r in Recommender(store).recommend("u0000000", k=5)]
    assert "u0000001" in found[:2]


def test_radio_offers_each_song_once(store: SQLiteStore, library: SyntheticLibrary) -> None:
    rec = Recommender(store)
    radio = Radio(library.tracks[0], rec.recommend, fan_out=8)
    offered: list[Track] = []
    for _ in range(6):
        batch = radio.next_tracks(4)
        offered += batch
        for track in batch:
            radio.mark_played(track.track_id)
    assert len({t.track_id for t in offered}) == len(offered)
    keys = [key for key in map(song_key, offered) if key is not None]  # untagged: ids only
    assert len(offered) >= 20
    assert song_key(library.tracks[0]) not in keys
    assert len(set(keys)) == len(keys)
    # The copies are near their originals, so without the rule both would be offered.
    assert any(t.track_id.startswith("c") or int(t.track_id[1:]) < COPIES for t in offered)
