"""An exported playlist wrote '#EXTINF:123,Unknown artist - Title' for an untagged artist (a
tryout): the store's stand-in became a name in the file. It is left out now."""

from __future__ import annotations

from pathlib import Path

from engine.library.playlist_files import export_m3u
from engine.models import UNKNOWN_ARTIST, Track
from engine.stores.sqlite import SQLiteStore


def test_an_unknown_artist_is_left_out_of_the_extinf_line(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "library.sqlite3")
    store.upsert_tracks(
        [
            Track("a", str(tmp_path / "a.flac"), "Title", UNKNOWN_ARTIST, duration=123.0),
            Track("b", str(tmp_path / "b.flac"), "Other", "Band", duration=60.0),
        ]
    )
    store.create_playlist("Trip", ["a", "b"])
    target = tmp_path / "trip.m3u8"
    assert export_m3u(store, "Trip", target) == (2, [])
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "#EXTINF:123,Title" in lines
    assert "#EXTINF:60,Band - Other" in lines
    assert not any("Unknown" in line for line in lines)
