"""Store contract: tracks are kept by id across moves and replacements, missing files are kept
but hidden, import failures and file names that are not UTF-8 round-trip."""

from __future__ import annotations

import os

from engine.models import FileSignature, ImportFailure, Track
from engine.stores.protocol import Store
from tests.stores.samples import make_features, make_track


def test_upsert_and_read_back(store: Store) -> None:
    track = make_track(1, title="Ünïcödé — 曲", has_cover=True, track_no=3, year=1999)
    store.upsert_tracks([track])
    assert store.get_track(track.track_id) == track
    assert store.find_by_path(track.path) == track
    assert store.file_index() == {track.path: (track.signature, track.track_id)}


def test_moved_file_keeps_its_id(store: Store) -> None:
    store.upsert_tracks([make_track(1)])
    moved = make_track(1, path="/elsewhere/renamed.ogg")
    store.upsert_tracks([moved])
    assert [t.path for t in store.iter_tracks()] == ["/elsewhere/renamed.ogg"]


def test_replaced_file_frees_the_path(store: Store) -> None:
    store.upsert_tracks([make_track(1)])
    store.upsert_tracks([make_track(2, path=make_track(1).path)])
    present = list(store.iter_tracks())
    assert [t.track_id for t in present] == ["id002"]
    assert store.get_track("id001").status == "missing"


def test_missing_tracks_are_kept_but_hidden(store: Store) -> None:
    store.upsert_tracks([make_track(1), make_track(2)])
    store.mark_missing(["id001"])
    assert [t.track_id for t in store.iter_tracks()] == ["id002"]
    assert {t.track_id for t in store.iter_tracks(include_missing=True)} == {"id001", "id002"}
    assert store.counts()["missing"] == 1
    assert "/music/001.ogg" not in store.file_index()


def test_import_failures_round_trip(store: Store) -> None:
    sig = FileSignature(10, 20)
    store.record_import_failures([(ImportFailure("/music/bad.mp3", "not audio"), sig)])
    assert store.import_failures() == {"/music/bad.mp3": (sig, "not audio")}
    store.clear_import_failures(["/music/bad.mp3"])
    assert store.import_failures() == {}


def test_paths_that_are_not_utf8_round_trip(store: Store) -> None:
    # A Latin-1 file name as os.fsdecode gives it on a UTF-8 system: lone surrogate escapes.
    latin1 = os.fsdecode(b"/music/caf\xe9/\xe9t\xe9.ogg")
    track = make_track(1, path=latin1)
    store.upsert_tracks([track, make_track(2)])
    assert store.get_track("id001") == track
    assert store.find_by_path(latin1) == track
    assert store.file_index()[latin1] == (track.signature, "id001")
    assert os.fsencode(next(iter(store.iter_tracks())).path) == b"/music/caf\xe9/\xe9t\xe9.ogg"
    # Another file now at that path: the old track is kept as missing, the path is freed.
    store.upsert_tracks([make_track(3, path=latin1)])
    assert store.find_by_path(latin1).track_id == "id003"
    assert store.get_track("id001").status == "missing"
    sig = FileSignature(1, 2)
    bad = os.fsdecode(b"/music/\xff\xfe.mp3")
    store.record_import_failures([(ImportFailure(bad, "not audio"), sig)])
    assert store.import_failures() == {bad: (sig, "not audio")}
    store.clear_import_failures([bad])
    assert store.import_failures() == {}


def test_track_rows_are_the_tracks_as_plain_tuples(store: Store) -> None:
    odd_path = os.fsdecode(b"/music/caf\xe9.ogg")  # not UTF-8 on disk: kept as raw bytes
    tracks = [
        make_track(3, has_cover=True, track_no=1, disc_no=2, year=2001, genre="Jazz"),
        make_track(1, path=odd_path),
        make_track(2),
        make_track(4),
    ]
    store.upsert_tracks(tracks)
    store.put_features([make_features(tracks[0], (1.0, 2.0, 3.0))])
    store.put_analysis_failure("id001", tracks[1].signature.token(), "cannot decode")
    store.mark_missing(["id004"])

    rows = store.track_rows()
    assert all(type(row) is tuple for row in rows)
    assert [Track(*row) for row in rows] == list(store.iter_tracks())  # same tracks, same order
    by_id = {row[0]: Track(*row) for row in rows}
    assert by_id["id003"].analysis == "analysed" and by_id["id003"].has_cover is True
    assert by_id["id001"].analysis == "failed" and by_id["id001"].path == odd_path
    assert by_id["id001"].analysis_error == "cannot decode"
    assert by_id["id002"].has_cover is False and "id004" not in by_id
    everything = store.track_rows(include_missing=True)
    assert [Track(*r) for r in everything] == list(store.iter_tracks(include_missing=True))


def test_an_id_that_is_not_text_finds_nothing(store: Store) -> None:
    """``encore recommend <name>`` first tries the name as an id; a non-UTF-8 name must not
    break the store."""
    store.upsert_tracks([make_track(1)])
    typed = os.fsdecode(b"/music/caf\xe9.ogg")
    assert store.get_track(typed) is None
    assert store.get_tracks([typed, "id001"]).keys() == {"id001"}


def test_genres_are_those_of_present_tracks_that_have_one(store: Store) -> None:
    store.upsert_tracks(
        [
            make_track(1, genre="Jazz"),
            make_track(2, genre=""),
            make_track(3, genre=" Ambient "),
            make_track(4, genre="Rock"),
        ]
    )
    store.mark_missing(["id004"])
    # As tagged (the caller trims), the same tracks iter_tracks gives, none without a genre.
    assert store.genres() == {"id001": "Jazz", "id003": " Ambient "}
    assert store.genres() == {t.track_id: t.genre for t in store.iter_tracks() if t.genre}
