"""Store contract: playlists are created, changed, renamed and deleted; a missing playlist or
an unusable name is one PlaylistError."""

from __future__ import annotations

import pytest

from engine.errors import PlaylistError
from engine.stores.protocol import Store


def test_playlists_are_created_listed_and_deleted(store: Store) -> None:
    assert store.playlists() == [] and store.get_playlist("Road trip") is None
    made = store.create_playlist("  Road trip ", ["id002", "id001"])
    assert made.name == "Road trip" and made.track_ids == ("id002", "id001")
    store.create_playlist("Ünïcödé 曲")
    got = store.get_playlist("Road trip")
    assert got is not None and got.playlist_id == made.playlist_id
    assert got.track_ids == ("id002", "id001") and got.created_at > 0
    assert [p.name for p in store.playlists()] == ["Road trip", "Ünïcödé 曲"]
    with pytest.raises(PlaylistError, match="already exists"):
        store.create_playlist("Road trip")
    assert store.delete_playlist("Road trip") is True
    assert store.delete_playlist("Road trip") is False
    assert [p.name for p in store.playlists()] == ["Ünïcödé 曲"]


def test_playlist_entries_are_added_reordered_and_removed(store: Store) -> None:
    store.create_playlist("Mix")
    store.add_to_playlist("Mix", ["a", "b"])
    store.add_to_playlist("Mix", ["c"], position=0)
    store.add_to_playlist("Mix", ["d"], position=-1)  # before the last, as list slicing
    store.add_to_playlist("Mix", ["a"], position=99)  # past the end: appended; repeats allowed
    assert store.get_playlist("Mix").track_ids == ("c", "a", "d", "b", "a")
    store.set_playlist_tracks("Mix", ["b", "a", "c"])
    assert store.get_playlist("Mix").track_ids == ("b", "a", "c")
    store.add_to_playlist("Mix", ["a"])
    assert store.remove_from_playlist("Mix", ["a", "zzz"]) == 2
    assert store.get_playlist("Mix").track_ids == ("b", "c")
    assert store.remove_from_playlist("Mix", ["nothing"]) == 0


def test_playlist_rename_keeps_entries_and_refuses_taken_names(store: Store) -> None:
    first = store.create_playlist("Old", ["x"])
    store.create_playlist("Other")
    store.rename_playlist("Old", "New")
    assert store.get_playlist("Old") is None
    renamed = store.get_playlist("New")
    assert renamed.playlist_id == first.playlist_id and renamed.track_ids == ("x",)
    with pytest.raises(PlaylistError, match="already exists"):
        store.rename_playlist("New", "Other")
    assert store.get_playlist("New").track_ids == ("x",)


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.add_to_playlist("Nope", ["a"]),
        lambda s: s.remove_from_playlist("Nope", ["a"]),
        lambda s: s.set_playlist_tracks("Nope", ["a"]),
        lambda s: s.rename_playlist("Nope", "Other"),
    ],
)
def test_changing_a_missing_playlist_is_one_playlist_error(store: Store, change) -> None:
    with pytest.raises(PlaylistError, match="no playlist named 'Nope'"):
        change(store)


@pytest.mark.parametrize("name", ["", "   ", "tab\there", "x" * 201, "bad\udcff"])
def test_unusable_playlist_names_are_refused(store: Store, name: str) -> None:
    with pytest.raises(PlaylistError):
        store.create_playlist(name)
    assert store.playlists() == []
