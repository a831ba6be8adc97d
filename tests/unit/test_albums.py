"""The album and artist grouping rule (engine/library/albums.py), on store rows."""

from __future__ import annotations

from dataclasses import astuple

from engine.library.albums import (
    VARIOUS_ARTISTS,
    albums,
    artist_rows,
    artists,
    top_songs,
)
from engine.models import UNKNOWN_ALBUM, UNKNOWN_ARTIST, Track


def row(tid: str, folder: str, title: str, artist: str, album: str, **extra) -> tuple:
    return astuple(Track(tid, f"/m/{folder}/{tid}.flac", title, artist, album, **extra))


def _ids(album) -> list[str]:
    return album.track_ids


def test_album_artist_wins_over_track_artist_and_case_and_spaces_do_not_split() -> None:
    rows = [
        row("a1", "x", "One", "Guest", "Night", album_artist="The Band", track_no=1),
        row("a2", "x", "Two", "The Band", "night", track_no=2),
        row("a3", "y", "Three", "the  band", "Night", track_no=3),
    ]
    (album,) = albums(rows)
    assert (album.artist, album.title) == ("The Band", "Night")
    assert _ids(album) == ["a1", "a2", "a3"]


def test_same_title_by_different_artists_is_two_albums() -> None:
    rows = [row("a", "x", "A", "Ann", "Greatest Hits"), row("b", "y", "B", "Bob", "Greatest Hits")]
    found = albums(rows)
    assert [(a.artist, a.title) for a in found] == [
        ("Ann", "Greatest Hits"),
        ("Bob", "Greatest Hits"),
    ]


def test_disc_then_track_order_missing_numbers_last() -> None:
    rows = [
        row("d2t1", "x", "Z", "Ann", "Set", disc_no=2, track_no=1),
        row("none", "x", "B untracked", "Ann", "Set"),
        row("d1t2", "x", "Y", "Ann", "Set", disc_no=1, track_no=2),
        row("nodisc1", "x", "X", "Ann", "Set", track_no=1),  # no disc tag: disc 1
        row("none2", "x", "A untracked", "Ann", "Set"),
    ]
    (album,) = albums(rows)
    assert _ids(album) == ["nodisc1", "d1t2", "none2", "none", "d2t1"]


def test_unknown_album_is_one_per_artist_after_the_real_albums() -> None:
    rows = [
        row("u1", "a", "Loose 1", "Ann", UNKNOWN_ALBUM),
        row("r1", "a", "Real", "Ann", "Zebra"),
        row("u2", "b", "Loose 2", "Ann", ""),
        row("u3", "c", "Loose 3", "Bob", UNKNOWN_ALBUM),
        row("n1", "d", "Nobody's", UNKNOWN_ARTIST, "Anon"),
    ]
    found = albums(rows)
    assert [(a.artist, a.title, tuple(_ids(a))) for a in found] == [
        ("Ann", "Zebra", ("r1",)),
        ("Ann", UNKNOWN_ALBUM, ("u1", "u2")),
        ("Bob", UNKNOWN_ALBUM, ("u3",)),
        (UNKNOWN_ARTIST, "Anon", ("n1",)),  # the unknown artist sorts last
    ]
    assert found[1].unknown and not found[0].unknown


def test_a_compilation_without_album_artist_is_one_album_by_various_artists() -> None:
    rows = [
        row("c1", "comp", "One", "Ann", "Summer Hits", track_no=1),
        row("c2", "comp", "Two", "Bob", "Summer Hits", track_no=2),
        # the same title elsewhere by one artist stays that artist's own album
        row("s1", "ann", "Solo", "Ann", "Summer Hits"),
    ]
    found = {(a.artist, a.title): _ids(a) for a in albums(rows)}
    assert found == {(VARIOUS_ARTISTS, "Summer Hits"): ["c1", "c2"], ("Ann", "Summer Hits"): ["s1"]}


def test_an_untagged_song_beside_a_tagged_album_joins_it_and_makes_no_compilation() -> None:
    rows = [
        row("t1", "enigma", "Across the Ice", "Clifford", "Enigma", track_no=1),
        row("t2", "enigma", "Puzzle", "Clifford", "Enigma", track_no=2),
        # untagged: the folder named the album, no artist was known
        row("u9", "enigma", "esprit", UNKNOWN_ARTIST, "enigma", track_no=9),
        row("c1", "comp", "One", "Ann", "Hits", track_no=1),
        row("c2", "comp", "Two", "Bob", "Hits", track_no=2),
        row("c3", "comp", "Three", UNKNOWN_ARTIST, "Hits", track_no=3),
        row("x1", "loose", "Alone", UNKNOWN_ARTIST, "Demos"),
    ]
    found = {(a.artist, a.title): _ids(a) for a in albums(rows)}
    assert found == {
        ("Clifford", "Enigma"): ["t1", "t2", "u9"],
        (VARIOUS_ARTISTS, "Hits"): ["c1", "c2", "c3"],
        (UNKNOWN_ARTIST, "Demos"): ["x1"],
    }


def test_an_artist_spelt_with_and_without_an_accent_is_one_album_artist() -> None:
    rows = [
        row("a1", "amoebax", "Angus", "Alex Almarza", "Amoebax", track_no=1),
        row("a7", "amoebax", "Menu", "Àlex Almarza", "Amoebax", track_no=7),
        row("a8", "amoebax", "Training", "alex almarza", "Amoebax", track_no=8),
    ]
    (album,) = albums(rows)
    assert (album.artist, album.title, _ids(album)) == (
        "Alex Almarza",
        "Amoebax",
        ["a1", "a7", "a8"],
    )
    assert [a.name for a in artists([album])] == ["Alex Almarza"]


def test_the_tagged_spelling_of_an_album_wins_over_its_folder_name() -> None:
    rows = [
        row("u1", "megaglest", "menu music", UNKNOWN_ARTIST, "megaglest", track_no=1),
        row("u2", "megaglest", "battle", UNKNOWN_ARTIST, "megaglest", track_no=2),
        row("t3", "megaglest", "romans", "Eliminator", "MegaGlest", track_no=3),
    ]
    (album,) = albums(rows)
    assert (album.artist, album.title, _ids(album)) == (
        "Eliminator",
        "MegaGlest",
        ["u1", "u2", "t3"],
    )


def test_album_year_cover_source_and_key_are_stable() -> None:
    rows = [
        row("t1", "x", "A", "Ann", "Rec", track_no=1, year=2001, mtime_ns=5),
        row("t2", "x", "B", "Ann", "Rec", track_no=2, year=1999, has_cover=True, mtime_ns=9),
    ]
    (album,) = albums(rows)
    assert album.year == 1999
    assert album.cover_source == "/m/x/t2.flac"  # the first track with an embedded picture
    assert album.mtime_ns == 9
    assert albums(reversed(rows))[0].key == album.key


def test_artists_group_albums_and_top_songs_follow_plays() -> None:
    rows = [
        row("a1", "x", "A1", "Ann", "First", track_no=1, year=2000),
        row("a2", "x", "A2", "Ann", "First", track_no=2),
        row("b1", "y", "B1", "Ann", "Second", track_no=1),
        row("g1", "comp", "Guest", "Ann", "Mix", track_no=1),
        row("g2", "comp", "Other", "Bob", "Mix", track_no=2),
    ]
    found = artists(albums(rows))
    # Track artists too: Bob, only a guest on a compilation, has a page with his song.
    assert [a.name for a in found] == ["Ann", "Bob", VARIOUS_ARTISTS]
    ann, bob = found[0], found[1]
    assert [a.title for a in ann.albums] == ["First", "Second"]
    assert ann.track_count == 4  # her three album tracks and her guest spot
    assert (bob.albums, [r[0] for r in bob.guest_rows], bob.track_count) == ((), ["g2"], 1)
    # The albums each appears on as a guest, once each, in grid order.
    assert [a.title for a in bob.appears_on] == [a.title for a in ann.appears_on] == ["Mix"]
    assert [r[0] for r in artist_rows(bob, rows)] == ["g2"]
    assert [a.track_count for a in found[2:]] == [2]  # the compilation's artist: its songs
    songs = artist_rows(ann, rows)
    assert [r[0] for r in songs] == ["a1", "a2", "b1", "g1"]  # her guest spot too
    plays = {"b1": 3, "g1": 3, "a2": 1, "g2": 9}
    assert [r[0] for r in top_songs(songs, plays)] == ["b1", "g1", "a2"]
    assert [r[0] for r in top_songs(songs, plays, limit=1)] == ["b1"]
    assert top_songs(songs, {}) == []


def test_encore_albums_lists_by_the_same_rule(capsys) -> None:
    import json

    from engine.cli import main
    from engine.context import build_context

    tracks = [
        Track("t2", "/m/a/2.flac", "Two", "Guest", "Night", album_artist="The Band", track_no=2),
        Track("t1", "/m/a/1.flac", "One", "The Band", "Night", track_no=1, year=1999),
        Track("t3", "/m/b/1.flac", "Solo", "Ann", "Day"),
    ]
    with build_context() as ctx:
        ctx.store.upsert_tracks(tracks)
    assert main(["albums"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Ann — Day · 1 song", "The Band — Night (1999) · 2 songs"]
    assert main(["albums", "--artist", "the band", "--json"]) == 0
    (night,) = json.loads(capsys.readouterr().out)
    assert (night["artist"], night["title"], night["year"]) == ("The Band", "Night", 1999)
    assert [t["track_id"] for t in night["tracks"]] == ["t1", "t2"]
