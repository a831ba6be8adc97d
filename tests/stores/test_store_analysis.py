"""Store contract: what is due for analysis, what counts as analysed, and the feature matrix —
one rule for every read, by file signature and feature version."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.feature_version import FEATURE_VERSION
from engine.models import Track, TrackFeatures
from engine.stores.protocol import Store
from tests.stores.samples import NAMES, make_features, make_track


def test_analysis_queue_follows_signature_and_version(store: Store) -> None:
    v = FEATURE_VERSION
    tracks = [make_track(n) for n in range(3)]
    store.upsert_tracks(tracks)
    assert len(store.tracks_to_analyse()) == 3
    store.put_features([make_features(tracks[0], (1, 2, 3))])
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
    store.upsert_tracks([make_track(1, mtime_ns=5)])
    assert "id001" in [t.track_id for t in store.tracks_to_analyse()]


def test_a_changed_file_counts_as_pending_as_tracks_to_analyse_says(store: Store) -> None:
    """`encore status` and `encore analyze` agree: the same rule decides what is due."""
    tracks = [make_track(n) for n in range(4)]
    store.upsert_tracks(tracks)
    store.put_features([make_features(t, (1, 2, 3)) for t in tracks[:3]])
    store.put_analysis_failure(tracks[3].track_id, tracks[3].signature.token(), "truncated")
    # The files of a vector and of a failure were touched and re-imported ("updated 2").
    store.upsert_tracks([make_track(0, mtime_ns=7), make_track(3, mtime_ns=9)])
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
    tracks = [make_track(n) for n in range(3)]
    store.upsert_tracks(tracks)
    store.put_features([make_features(t, (n, n + 0.5, -n)) for n, t in enumerate(tracks)])
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
    tracks = [make_track(n) for n in range(5)]
    store.upsert_tracks(tracks)
    store.put_features([make_features(t, (n, n, n)) for n, t in enumerate(tracks[:3])])
    older = TrackFeatures("id003", np.ones(4, dtype=np.float32), ("a", "b", "c", "d"), v - 1, "")
    store.put_features([replace(older, signature=tracks[3].signature.token())])
    store.put_features([make_features(tracks[4], (4, 4, 4), version=v + 1)])  # a newer engine's
    store.upsert_tracks([make_track(1, mtime_ns=7)])  # the file changed since its vector
    assert _analysed(store) == {"id000", "id002"}
    assert _analysed(store, v - 1) == {"id003"}
    assert _analysed(store, v + 1) == {"id004"}
    ids, matrix, names = store.feature_matrix()
    assert (ids, names, matrix.shape) == (["id000", "id002"], NAMES, (2, 3))
    store.put_features([make_features(tracks[3], (3, 3, 3))])  # re-analysed
    assert _analysed(store) == {"id000", "id002", "id003"}
    ids, _, _ = store.feature_matrix(["id001", "id002", "id004"])
    assert ids == ["id002"]
