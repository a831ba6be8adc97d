"""Behaviour every Store must have, whatever its backend."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from engine.errors import PlaylistError
from engine.feature_version import FEATURE_VERSION
from engine.models import (
    ClusterSummary,
    FileSignature,
    ImportFailure,
    Neighbour,
    Track,
    TrackFeatures,
    TrainingRun,
)
from engine.run_settings import RUN_SETTINGS_VERSION, RunSettings
from engine.stores.protocol import Store

NAMES = ("a", "b", "c")


def _track(n: int, **kw) -> Track:
    base = dict(
        track_id=f"id{n:03d}",
        path=f"/music/{n:03d}.ogg",
        title=f"Song {n}",
        artist="Artist",
        album="Album",
        size=1000 + n,
        mtime_ns=10**18 + n,
        duration=120.0,
    )
    base.update(kw)
    return Track(**base)


def _features(
    track: Track, values: tuple[float, float, float], version: int = FEATURE_VERSION
) -> TrackFeatures:
    return TrackFeatures(
        track_id=track.track_id,
        vector=np.array(values, dtype=np.float32),
        names=NAMES,
        version=version,
        signature=track.signature.token(),
    )


def _run(run_id: str, ids: list[str]) -> TrainingRun:
    return TrainingRun(
        run_id=run_id,
        created_at=time.time(),
        feature_names=NAMES,
        scaler_mean=np.zeros(3),
        scaler_std=np.ones(3),
        centroids=np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]),
        assignments={tid: i % 2 for i, tid in enumerate(ids)},
        neighbours={ids[0]: [Neighbour(ids[1], 0.9, "timbre"), Neighbour(ids[2], 0.5, "tempo")]},
        clusters=[ClusterSummary(0, "Calm", 2, (ids[0],)), ClusterSummary(1, "Loud", 1, (ids[1],))],
        settings=RunSettings(k=2, rank="jaccard", feature_weights=(1.0, 0.5, 2.0)),
    )


def test_upsert_and_read_back(store: Store) -> None:
    track = _track(1, title="Ünïcödé — 曲", has_cover=True, track_no=3, year=1999)
    store.upsert_tracks([track])
    assert store.get_track(track.track_id) == track
    assert store.find_by_path(track.path) == track
    assert store.file_index() == {track.path: (track.signature, track.track_id)}


def test_moved_file_keeps_its_id(store: Store) -> None:
    store.upsert_tracks([_track(1)])
    moved = _track(1, path="/elsewhere/renamed.ogg")
    store.upsert_tracks([moved])
    assert [t.path for t in store.iter_tracks()] == ["/elsewhere/renamed.ogg"]


def test_replaced_file_frees_the_path(store: Store) -> None:
    store.upsert_tracks([_track(1)])
    store.upsert_tracks([_track(2, path=_track(1).path)])
    present = list(store.iter_tracks())
    assert [t.track_id for t in present] == ["id002"]
    assert store.get_track("id001").status == "missing"


def test_missing_tracks_are_kept_but_hidden(store: Store) -> None:
    store.upsert_tracks([_track(1), _track(2)])
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


def test_analysis_queue_follows_signature_and_version(store: Store) -> None:
    v = FEATURE_VERSION
    tracks = [_track(n) for n in range(3)]
    store.upsert_tracks(tracks)
    assert len(store.tracks_to_analyse()) == 3
    store.put_features([_features(tracks[0], (1, 2, 3))])
    store.put_analysis_failure(tracks[1].track_id, tracks[1].signature.token(), "truncated")
    assert [t.track_id for t in store.tracks_to_analyse()] == ["id002"]
    assert [t.track_id for t in store.tracks_to_analyse(v + 1)] == ["id000", "id002"]
    counts = store.counts()
    assert (counts["analysed"], counts["analysis_failed"], counts["analysis_pending"]) == (1, 1, 1)
    assert store.analysis_failures() == {"id001": "truncated"}
    # After a feature-layout change, old vectors count as pending until re-analysed.
    stale = store.counts(feature_version=v + 1)
    assert (stale["analysed"], stale["analysis_pending"]) == (0, 2)
    assert store.get_track("id001").analysis == "failed"
    # The file changed: its old failure no longer applies.
    store.upsert_tracks([_track(1, mtime_ns=5)])
    assert "id001" in [t.track_id for t in store.tracks_to_analyse()]


def test_a_changed_file_counts_as_pending_as_tracks_to_analyse_says(store: Store) -> None:
    """`encore status` and `encore analyze` agree: the same rule decides what is due."""
    tracks = [_track(n) for n in range(4)]
    store.upsert_tracks(tracks)
    store.put_features([_features(t, (1, 2, 3)) for t in tracks[:3]])
    store.put_analysis_failure(tracks[3].track_id, tracks[3].signature.token(), "truncated")
    # The files of a vector and of a failure were touched and re-imported ("updated 2").
    store.upsert_tracks([_track(0, mtime_ns=7), _track(3, mtime_ns=9)])
    due = [t.track_id for t in store.tracks_to_analyse()]
    assert due == ["id000", "id003"]
    for counts in (store.counts(), store.counts(feature_version=FEATURE_VERSION)):
        assert (counts["analysed"], counts["analysis_failed"]) == (2, 0)
        assert counts["analysis_pending"] == len(due)
    assert store.analysis_failures() == {}
    states = {t.track_id: t.analysis for t in store.iter_tracks()}
    assert states == {
        "id000": "pending",
        "id001": "analysed",
        "id002": "analysed",
        "id003": "pending",
    }
    assert [Track(*row).analysis for row in store.track_rows()] == list(states.values())


def test_feature_matrix(store: Store) -> None:
    tracks = [_track(n) for n in range(3)]
    store.upsert_tracks(tracks)
    store.put_features([_features(t, (n, n + 0.5, -n)) for n, t in enumerate(tracks)])
    ids, matrix, names = store.feature_matrix()
    assert ids == ["id000", "id001", "id002"]
    assert names == NAMES
    assert matrix.dtype == np.float32
    np.testing.assert_allclose(matrix[2], [2, 2.5, -2])
    ids, matrix, _ = store.feature_matrix(["id001"])
    assert ids == ["id001"] and matrix.shape == (1, 3)
    got = store.get_features("id001")
    assert got is not None and got.signature == tracks[1].signature.token()


def _analysed(store: Store, version: int = FEATURE_VERSION) -> set[str]:
    """Every read's idea of "analysed", which must be one (the rule in engine.stores.protocol)."""
    matrix_ids = store.feature_matrix(feature_version=version)[0]
    due = {t.track_id for t in store.tracks_to_analyse(version)}
    present = {t.track_id for t in store.iter_tracks()}
    rest = present - due - set(store.analysis_failures())
    assert store.counts(feature_version=version)["analysed"] == len(matrix_ids) == len(rest)
    assert set(matrix_ids) == rest
    if version == FEATURE_VERSION:  # what the Library shows
        shown = {t.track_id for t in store.iter_tracks() if t.analysis == "analysed"}
        assert shown == rest
    return rest


def test_counts_matrix_queue_and_reads_agree_on_what_is_analysed(store: Store) -> None:
    """A vector of an older signature of the file, or of another feature version, is pending:
    not counted, not in the matrix (training, the first pass), analysed again."""
    v = FEATURE_VERSION
    tracks = [_track(n) for n in range(5)]
    store.upsert_tracks(tracks)
    store.put_features([_features(t, (n, n, n)) for n, t in enumerate(tracks[:3])])
    older = TrackFeatures("id003", np.ones(4, dtype=np.float32), ("a", "b", "c", "d"), v - 1, "")
    store.put_features([replace(older, signature=tracks[3].signature.token())])
    store.put_features([_features(tracks[4], (4, 4, 4), version=v + 1)])  # a newer engine's
    store.upsert_tracks([_track(1, mtime_ns=7)])  # the file changed since its vector
    assert _analysed(store) == {"id000", "id002"}
    assert _analysed(store, v - 1) == {"id003"}
    assert _analysed(store, v + 1) == {"id004"}
    ids, matrix, names = store.feature_matrix()
    assert (ids, names, matrix.shape) == (["id000", "id002"], NAMES, (2, 3))
    store.put_features([_features(tracks[3], (3, 3, 3))])  # re-analysed
    assert _analysed(store) == {"id000", "id002", "id003"}
    ids, _, _ = store.feature_matrix(["id001", "id002", "id004"])
    assert ids == ["id002"]


def test_run_is_saved_and_activated(store: Store) -> None:
    ids = ["id000", "id001", "id002"]
    store.upsert_tracks([_track(n) for n in range(3)])
    assert store.active_run() is None
    store.save_run(_run("r1", ids))
    info = store.active_run()
    assert info is not None and info.run_id == "r1" and info.k == 2 and info.n_tracks == 3
    np.testing.assert_allclose(info.centroids[1], [1, 1, 1])
    assert info.settings == RunSettings(k=2, rank="jaccard", feature_weights=(1.0, 0.5, 2.0))
    assert store.neighbours("id000", 1) == [Neighbour("id001", pytest.approx(0.9), "timbre")]
    assert store.cluster_of("id001") == 1
    assert store.cluster_members(0) == ["id000", "id002"]
    assert [c.name for c in store.clusters()] == ["Calm", "Loud"]
    store.save_run(_run("r2", list(reversed(ids))))
    assert store.active_run().run_id == "r2"
    assert store.cluster_of("id001") == 1 and store.cluster_of("id002") == 0


class _SettingsAsBefore:
    """The settings of a run saved by the previous Encore: ``save_run`` stores whatever
    ``to_dict`` gives, here the untyped dict of version 1 (no ``version`` key)."""

    def to_dict(self) -> dict:
        return {
            "k": 2,
            "k_rule": "fixed",
            "n_neighbours": 20,
            "rank": "jaccard",
            "feature_weights": [1.0, 0.5, 2.0],
            "shingles": {"bin_width": 0.25, "num_perm": 64},
            "border_probe": False,
            "border_max_probes": 2,
            "silhouette": {},
            "timings": {"kmeans": 1.5},
            "spark_master": "local[2]",
            "seed": 20261121,
        }


def test_a_run_saved_before_typed_settings_still_loads(store: Store) -> None:
    ids = ["id000", "id001", "id002"]
    run = _run("old", ids)
    run.settings = _SettingsAsBefore()  # type: ignore[assignment]
    store.save_run(run)
    settings = store.active_run().settings
    assert settings.version == RUN_SETTINGS_VERSION
    assert settings.rank == "jaccard" and settings.feature_weights == (1.0, 0.5, 2.0)
    assert settings.shingles.bin_width == 0.25 and settings.shingles.num_perm == 64
    assert (settings.border_probe, settings.border_max_probes) == (False, 2)
    assert settings.timings == {"kmeans": 1.5} and settings.seed == 20261121


def test_failed_save_keeps_previous_run(store: Store) -> None:
    ids = ["id000", "id001", "id002"]
    store.save_run(_run("r1", ids))
    with pytest.raises(Exception):  # noqa: B017 - each backend raises its own duplicate-key error
        store.save_run(_run("r1", ids))
    assert store.active_run().run_id == "r1"
    assert len(store.neighbours("id000", 5)) == 2


def test_streamed_lists_are_saved_and_a_failing_stream_keeps_the_previous_run(
    store: Store,
) -> None:
    """Training hands the lists over as a one-pass stream (read from Spark while saving)."""
    ids = [f"id{i:03d}" for i in range(2500)]  # more than one write batch

    def lists(fail_after: int | None):
        for i, tid in enumerate(ids):
            if fail_after is not None and i == fail_after:
                raise RuntimeError("executor lost")
            yield tid, [Neighbour(ids[(i + 1) % len(ids)], 0.8, "tempo")]

    run = _run("r1", ids)
    run.neighbours = lists(None)
    store.save_run(run)
    assert store.neighbours("id2499", 5) == [Neighbour("id000", pytest.approx(0.8), "tempo")]
    assert store.cluster_of("id2499") == 1

    failing = _run("r2", ids)
    failing.neighbours = lists(fail_after=2000)
    with pytest.raises(RuntimeError, match="executor lost"):
        store.save_run(failing)
    assert store.active_run().run_id == "r1"
    assert store.neighbours("id000", 5) == [Neighbour("id001", pytest.approx(0.8), "tempo")]
    store.save_run(_run("r2", ids))  # the failed attempt left nothing in the way
    assert store.active_run().run_id == "r2"


def test_paths_that_are_not_utf8_round_trip(store: Store) -> None:
    # A Latin-1 file name as os.fsdecode gives it on a UTF-8 system: lone surrogate escapes.
    latin1 = os.fsdecode(b"/music/caf\xe9/\xe9t\xe9.ogg")
    track = _track(1, path=latin1)
    store.upsert_tracks([track, _track(2)])
    assert store.get_track("id001") == track
    assert store.find_by_path(latin1) == track
    assert store.file_index()[latin1] == (track.signature, "id001")
    assert os.fsencode(next(iter(store.iter_tracks())).path) == b"/music/caf\xe9/\xe9t\xe9.ogg"
    # Another file now at that path: the old track is kept as missing, the path is freed.
    store.upsert_tracks([_track(3, path=latin1)])
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
        _track(3, has_cover=True, track_no=1, disc_no=2, year=2001, genre="Jazz"),
        _track(1, path=odd_path),
        _track(2),
        _track(4),
    ]
    store.upsert_tracks(tracks)
    store.put_features([_features(tracks[0], (1.0, 2.0, 3.0))])
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


def test_one_writer_per_job_the_next_waits_and_is_told_who_holds_it(store: Store) -> None:
    told, entered = threading.Event(), threading.Event()
    heard: list[str] = []

    def second() -> None:
        def on_wait(line: str) -> None:
            heard.append(line)
            told.set()

        with store.exclusive("import", on_wait):
            entered.set()

    with store.exclusive("import"):
        with store.exclusive("analyse"):  # another job is not serialised with this one
            pass
        thread = threading.Thread(target=second)
        thread.start()
        assert told.wait(30)
        assert not entered.is_set()
    assert entered.wait(30)
    thread.join()
    assert len(heard) == 1
    assert heard[0].startswith(f"another import of this library is running (PID {os.getpid()}")


# --- playlists -----------------------------------------------------------------------------
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


def test_an_id_that_is_not_text_finds_nothing(store: Store) -> None:
    """``encore recommend <name>`` first tries the name as an id; a non-UTF-8 name must not
    break the store."""
    store.upsert_tracks([_track(1)])
    typed = os.fsdecode(b"/music/caf\xe9.ogg")
    assert store.get_track(typed) is None
    assert store.get_tracks([typed, "id001"]).keys() == {"id001"}
