"""Importing into a real SQLite store: incremental scans, stable ids, odd files and names."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from engine.library.importer import import_library
from engine.models import FileSignature
from engine.stores.sqlite import SQLiteStore
from tests.audio_files import make_audio_file


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "lib.sqlite3")
    yield s
    s.close()


@pytest.fixture
def music(tmp_path: Path) -> Path:
    root = tmp_path / "music"
    make_audio_file(root / "A" / "01 one.mp3", "mp3", title="One", artist="Alpha", album="A")
    make_audio_file(root / "A" / "02 two.flac", "flac", title="Two", artist="Alpha", album="A")
    make_audio_file(root / "B" / "three.ogg", "ogg", title="Three", artist="Beta", album="B")
    make_audio_file(root / "B" / "four.m4a", "m4a", title="Four", artist="Beta", album="B")
    return root


def _ids_by_title(store: SQLiteStore) -> dict[str, str]:
    return {t.title: t.track_id for t in store.iter_tracks()}


def test_first_import_then_unchanged_rescan(store: SQLiteStore, music: Path) -> None:
    first = import_library(store, str(music))
    assert (first.added, first.updated, first.missing, first.failed) == (4, 0, 0, 0)
    again = import_library(store, str(music))
    assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, 4, 0)
    track = store.find_by_path(str(music / "B" / "three.ogg"))
    assert track is not None and (track.artist, track.album) == ("Beta", "B")


def test_incremental_add_change_vanish(store: SQLiteStore, music: Path) -> None:
    import_library(store, str(music))
    ids = _ids_by_title(store)
    make_audio_file(music / "C" / "five.wav", "wav", title="Five", artist="Gamma")
    # A tag edit in place changes size/mtime: re-read, same id.
    make_audio_file(music / "A" / "01 one.mp3", "mp3", title="One (remaster)", artist="Alpha")
    (music / "B" / "four.m4a").unlink()
    summary = import_library(store, str(music))
    assert (summary.added, summary.updated, summary.missing, summary.unchanged) == (1, 1, 1, 2)
    now = _ids_by_title(store)
    assert now["One (remaster)"] == ids["One"]
    assert "Four" not in now
    missing = [t for t in store.iter_tracks(include_missing=True) if t.status == "missing"]
    assert [t.track_id for t in missing] == [ids["Four"]]


def test_moved_renamed_retimestamped_file_keeps_its_id(store: SQLiteStore, music: Path) -> None:
    import_library(store, str(music))
    before = _ids_by_title(store)
    target = music / "elsewhere" / "renamed.flac"
    target.parent.mkdir()
    shutil.move(music / "A" / "02 two.flac", target)
    os.utime(target, ns=(10**18, 10**18))
    summary = import_library(store, str(music))
    assert summary.missing == 0 and summary.added == 0 and summary.updated == 1
    track = store.get_track(before["Two"])
    assert track is not None and track.path == str(target) and track.status == "ok"


def test_untagged_file_id_follows_content(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "bare"
    make_audio_file(root / "x.wav", "wav", tone=300.0)
    make_audio_file(root / "y.wav", "wav", tone=500.0)
    import_library(store, str(root))
    ids = {Path(t.path).name: t.track_id for t in store.iter_tracks()}
    assert ids["x.wav"] != ids["y.wav"]
    (root / "x.wav").rename(root / "renamed.wav")
    import_library(store, str(root))
    after = {Path(t.path).name: t.track_id for t in store.iter_tracks()}
    assert after == {"renamed.wav": ids["x.wav"], "y.wav": ids["y.wav"]}


def test_identical_copies_get_distinct_deterministic_ids(tmp_path: Path) -> None:
    root = tmp_path / "dupes"
    for name in ("a.mp3", "b.mp3", "c.mp3"):
        make_audio_file(root / name, "mp3", title="Same", artist="Same")
    runs = []
    for n in range(2):
        s = SQLiteStore(tmp_path / f"db{n}.sqlite3")
        import_library(s, str(root))
        runs.append({Path(t.path).name: t.track_id for t in s.iter_tracks()})
        s.close()
    assert len(set(runs[0].values())) == 3
    assert runs[0] == runs[1]


def test_moving_one_of_two_copies_keeps_both_ids(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "dupes"
    make_audio_file(root / "a.ogg", "ogg", title="Same", artist="Same")
    make_audio_file(root / "b.ogg", "ogg", title="Same", artist="Same")
    import_library(store, str(root))
    before = {Path(t.path).name: t.track_id for t in store.iter_tracks()}
    (root / "b.ogg").rename(root / "z.ogg")
    import_library(store, str(root))
    after = {Path(t.path).name: t.track_id for t in store.iter_tracks()}
    assert after == {"a.ogg": before["a.ogg"], "z.ogg": before["b.ogg"]}


def test_vanished_then_back_revives_same_track(store: SQLiteStore, music: Path) -> None:
    import_library(store, str(music))
    ids = _ids_by_title(store)
    kept = music.parent / "kept.ogg"
    shutil.move(music / "B" / "three.ogg", kept)
    assert import_library(store, str(music)).missing == 1
    shutil.move(kept, music / "B" / "three.ogg")
    summary = import_library(store, str(music))
    assert summary.updated == 1 and summary.added == 0
    assert _ids_by_title(store)["Three"] == ids["Three"]


def test_hidden_and_non_audio_are_skipped(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_audio_file(root / "ok.flac", "flac", title="Ok", artist="A")
    make_audio_file(root / ".hidden.flac", "flac", title="Hidden", artist="A")
    make_audio_file(root / ".git" / "in-hidden-dir.flac", "flac", title="Hidden2", artist="A")
    (root / "notes.txt").write_text("not music")
    (root / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    summary = import_library(store, str(root))
    assert (summary.added, summary.failed) == (1, 0)
    track = next(store.iter_tracks())
    assert track.title == "Ok" and track.has_cover  # folder image counts as a cover


def test_symlink_loop_is_safe(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_audio_file(root / "sub" / "song.opus", "opus", title="Loop", artist="A")
    (root / "sub" / "back-to-root").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "sub", target_is_directory=True)
    summary = import_library(store, str(root))
    assert summary.added == 1 and summary.failed == 0


def test_non_utf8_and_odd_names_round_trip(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    raw = os.path.join(os.fsencode(root), b"caf\xe9 \xff.mp3")  # Latin-1 bytes: not UTF-8
    odd = root / "tab\tand 'quotes' & ünïcode ♫ — (1).flac"
    make_audio_file(os.fsdecode(raw), "mp3", title="Latin", artist="A")
    make_audio_file(odd, "flac")
    summary = import_library(store, str(root))
    assert (summary.added, summary.failed) == (2, 0)
    by_title = {t.title: t for t in store.iter_tracks()}
    latin = by_title["Latin"]
    assert os.fsencode(latin.path) == raw
    with open(latin.path, "rb") as fh:  # the stored path opens the very file
        assert fh.read(3) == b"ID3"
    assert by_title["tab and 'quotes' & ünïcode ♫ — (1)"].path == str(odd)
    assert import_library(store, str(root)).unchanged == 2


def test_single_file_import(store: SQLiteStore, music: Path) -> None:
    one = music / "B" / "four.m4a"
    summary = import_library(store, str(one))
    assert summary.added == 1
    # Importing the folder later keeps that track and adds the rest.
    summary = import_library(store, str(music))
    assert (summary.added, summary.unchanged) == (3, 1)


def test_untagged_albums_of_an_imported_collection_have_no_folder_artist(
    store: SQLiteStore, tmp_path: Path
) -> None:
    root = tmp_path / "clips"
    make_audio_file(root / "pingus" / "track1.ogg", "ogg")
    make_audio_file(root / "Ana" / "Night Drive" / "01 Intro.ogg", "ogg")
    import_library(store, str(root))
    found = {t.album: t.artist for t in store.iter_tracks()}
    assert found == {"pingus": "Unknown artist", "Night Drive": "Ana"}


def test_a_rescan_gives_songs_imported_under_the_old_rule_todays_fallback(
    store: SQLiteStore, tmp_path: Path
) -> None:
    root = tmp_path / "clips"
    make_audio_file(root / "pingus" / "track1.ogg", "ogg")
    make_audio_file(root / "pingus" / "tagged.ogg", "ogg", title="Tagged", artist="clips")
    make_audio_file(root / "Ana" / "Night Drive" / "01 Intro.ogg", "ogg")
    import_library(store, str(root))
    # The library as an import before the rule learnt the imported folder left it: the
    # untagged song by "clips", the folder's name (built in the store: the files are as then).
    untagged = store.find_by_path(str(root / "pingus" / "track1.ogg"))
    assert untagged is not None
    store.upsert_tracks([replace(untagged, artist="clips")])
    store.put_analysis_failure(untagged.track_id, untagged.signature.token(), "kept")

    again = import_library(store, str(root))
    assert (again.added, again.updated, again.unchanged) == (0, 1, 2)
    by_title = {t.title: t for t in store.iter_tracks()}
    assert by_title["Track 1"].artist == "Unknown artist"
    assert by_title["Track 1"].track_id == untagged.track_id  # the same song, its id kept
    assert by_title["Tagged"].artist == "clips"  # a real tag that names the folder stays
    assert by_title["Intro"].artist == "Ana"
    assert store.analysis_failures() == {untagged.track_id: "kept"}  # not analysed again
    third = import_library(store, str(root))
    assert (third.updated, third.unchanged) == (0, 3)  # once fixed, nothing re-read


def test_an_untagged_rip_is_titled_track_n_and_a_rescan_renames_the_old_title(
    store: SQLiteStore, tmp_path: Path
) -> None:
    root = tmp_path / "music"
    make_audio_file(root / "Artist" / "Album" / "track1.ogg", "ogg")
    make_audio_file(root / "Artist" / "Album" / "02 - Second.ogg", "ogg")
    import_library(store, str(root))
    first = store.find_by_path(str(root / "Artist" / "Album" / "track1.ogg"))
    assert first is not None
    assert (first.title, first.artist, first.album, first.track_no) == (
        "Track 1",
        "Artist",
        "Album",
        1,
    )
    assert import_library(store, str(root)).unchanged == 2  # today's title: nothing re-read
    # As an import before the rule knew "track1" left it (built in the store, files as then).
    store.upsert_tracks([replace(first, title="track1")])
    store.put_analysis_failure(first.track_id, first.signature.token(), "kept")
    again = import_library(store, str(root))
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    renamed = store.find_by_path(str(root / "Artist" / "Album" / "track1.ogg"))
    assert renamed is not None and renamed.title == "Track 1"
    assert renamed.track_id == first.track_id  # the same song, its id kept
    assert store.analysis_failures() == {first.track_id: "kept"}  # not analysed again
    # A tag that says "track1" is the title the file gives: kept as it is.
    make_audio_file(root / "Other" / "Tagged" / "track3.ogg", "ogg", title="track3", artist="B")
    import_library(store, str(root))
    assert import_library(store, str(root)).updated == 0
    tagged = store.find_by_path(str(root / "Other" / "Tagged" / "track3.ogg"))
    assert tagged is not None and tagged.title == "track3"


def test_failed_file_not_retried_until_it_changes(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_audio_file(root / "good.ogg", "ogg", title="Good", artist="A")
    bad = root / "bad.flac"
    bad.write_bytes(b"garbage" * 100)
    first = import_library(store, str(root))
    assert first.added == 1 and [f.path for f in first.failures] == [str(bad)]
    assert "not an audio file" in store.import_failures()[str(bad)][1]
    again = import_library(store, str(root))
    assert again.still_failing == 1 and not again.failures and again.failed == 1
    make_audio_file(bad, "flac", title="Fixed", artist="A")
    fixed = import_library(store, str(root))
    assert fixed.added == 1 and fixed.failed == 0
    assert store.import_failures() == {}


def test_file_that_turns_corrupt_goes_missing(store: SQLiteStore, music: Path) -> None:
    import_library(store, str(music))
    victim = music / "A" / "02 two.flac"
    victim.write_bytes(b"\x00" * 4096)
    summary = import_library(store, str(music))
    assert len(summary.failures) == 1
    assert store.find_by_path(str(victim)).status == "missing"
    sig = store.import_failures()[str(victim)][0]
    assert sig == FileSignature(4096, victim.stat().st_mtime_ns)


def test_import_of_another_folder_leaves_the_first_alone(
    store: SQLiteStore, music: Path, tmp_path: Path
) -> None:
    import_library(store, str(music))
    other = tmp_path / "other"
    make_audio_file(other / "x.aiff", "aiff", title="X", artist="Y")
    summary = import_library(store, str(other))
    assert (summary.added, summary.missing) == (1, 0)
    assert len(list(store.iter_tracks())) == 5


def test_cancel_saves_what_was_read(store: SQLiteStore, tmp_path: Path) -> None:
    import threading

    root = tmp_path / "lib"
    for i in range(450):
        make_audio_file(root / f"{i:03d}.wav", "wav", title=f"T{i}", artist="A")
    cancel = threading.Event()
    seen: list[int] = []

    def on_progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 200:
            cancel.set()

    summary = import_library(store, str(root), workers=1, callback=on_progress, cancel=cancel)
    assert summary.cancelled
    assert 200 <= summary.added < 450
    rest = import_library(store, str(root), workers=1)
    assert rest.added == 450 - summary.added and not rest.cancelled


def test_non_utf8_path_reused_by_another_recording(store: SQLiteStore, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    raw = os.fsdecode(os.path.join(os.fsencode(root), b"\xe9t\xe9.ogg"))
    make_audio_file(raw, "ogg", title="First", artist="A")
    import_library(store, str(root))
    os.unlink(raw)
    import_library(store, str(root))
    make_audio_file(raw, "ogg", title="Second", artist="B")
    import_library(store, str(root))
    tracks = {t.title: t for t in store.iter_tracks(include_missing=True)}
    assert tracks["Second"].path == raw and tracks["Second"].status == "ok"
    assert tracks["First"].status == "missing"


def test_process_pool_gives_the_same_result_as_one_process(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    formats = ("mp3", "flac", "ogg", "wav")
    for i in range(420):  # above POOL_THRESHOLD, so the pool path runs
        fmt = formats[i % len(formats)]
        tagged = i % 5 != 0
        make_audio_file(
            root / f"d{i // 50}" / f"{i:03d} x.{fmt}",
            fmt,
            title=f"T{i % 300}" if tagged else None,  # some identical tag sets: duplicates
            artist="A" if tagged else None,
        )
    results = []
    for workers in (1, 2):
        s = SQLiteStore(tmp_path / f"w{workers}.sqlite3")
        summary = import_library(s, str(root), workers=workers)
        assert (summary.added, summary.failed) == (420, 0)
        results.append({t.path: (t.track_id, t.title) for t in s.iter_tracks()})
        s.close()
    assert results[0] == results[1]
    assert len({tid for tid, _ in results[0].values()}) == 420
