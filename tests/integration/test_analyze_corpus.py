"""`encore analyze` on real clips: every format, a process pool, caching and resumption."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from engine.analysis.features import FEATURE_NAMES, FEATURE_VERSION
from engine.analysis.pipeline import analyse_library
from engine.cli import main
from engine.context import build_context

# One album per format family, a dozen tracks: the full 77-clip set belongs in bench/.
ALBUMS = ("pingus", "amoebax", "drascula")


@pytest.fixture
def library(corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "music"
    for album in ALBUMS:
        shutil.copytree(corpus / album, root / album)
    for path in root.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return root


def test_analyze_in_a_pool_then_only_what_changed(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(p for p in library.rglob("*") if p.is_file())
    suffixes = {p.suffix for p in files}
    assert {".ogg", ".mp3", ".flac", ".m4a"} <= suffixes
    assert main(["import", str(library)]) == 0
    capsys.readouterr()

    assert main(["analyze", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert f"analysed {len(files)}, failed 0, 0 already analysed" in out

    with build_context() as ctx:
        ids, matrix, names = ctx.store.feature_matrix()
        assert names == FEATURE_NAMES
        assert matrix.shape == (len(files), len(FEATURE_NAMES))
        assert np.isfinite(matrix).all()
        loudness = matrix[:, FEATURE_NAMES.index("loudness_lufs")]
        assert ((loudness > -40) & (loudness < 0)).all()  # real, mastered music
        tempo = matrix[:, FEATURE_NAMES.index("tempo")]
        assert ((tempo > 30) & (tempo < 320)).all()
        # Different songs, different vectors.
        assert len({row.tobytes() for row in matrix}) == len(files)
        before = {tid: ctx.store.get_features(tid) for tid in ids}
        assert all(f.version == FEATURE_VERSION for f in before.values())

    assert main(["analyze", "--workers", "2"]) == 0
    assert f"analysed 0, failed 0, {len(files)} already analysed" in capsys.readouterr().out

    # A changed file (new signature after re-import) is analysed again; nothing else is.
    changed = files[0]
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert main(["import", str(library)]) == 0
    capsys.readouterr()
    assert main(["analyze", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert f"analysed 1, failed 0, {len(files) - 1} already analysed" in out
    with build_context() as ctx:
        track = ctx.store.find_by_path(str(changed))
        assert track is not None
        again = ctx.store.get_features(track.track_id)
        assert again is not None and again.signature == track.signature.token()
        np.testing.assert_array_equal(again.vector, before[track.track_id].vector)


def test_cancel_keeps_finished_work_and_resumes(library: Path) -> None:
    assert main(["import", str(library)]) == 0
    cancel = threading.Event()
    seen: list[str] = []

    def stop_after_three(result) -> None:
        seen.append(result.track_id)
        if len(seen) == 3:
            cancel.set()

    with build_context() as ctx:
        total = ctx.store.counts()["tracks"]
        first = analyse_library(
            ctx.store,
            workers=1,
            cancel=cancel,
            on_result=stop_after_three,
        )
        assert first.cancelled
        assert first.analysed == 3
        assert ctx.store.counts()["analysed"] == 3
        assert "cancelled" in first.line()

        rest = analyse_library(ctx.store, workers=2)
        assert not rest.cancelled
        assert rest.analysed == total - 3
        assert rest.skipped == 3
        assert ctx.store.counts()["analysis_pending"] == 0
        # Worker processes reported their memory; they must stay modest.
        assert rest.worker_peak_rss_kb and max(rest.worker_peak_rss_kb.values()) < 600_000


def test_a_library_of_the_previous_layout_is_analysed_again_once(corpus: Path) -> None:
    """Vectors of an older FEATURE_VERSION (another layout) count as pending; while they are
    re-analysed the matrix holds one layout only, the newest; afterwards nothing is due."""
    from engine.models import TrackFeatures

    assert main(["import", str(corpus / "pingus")]) == 0
    old_names = tuple(f"old_{i:02d}" for i in range(61))
    with build_context() as ctx:
        tracks = list(ctx.store.iter_tracks())
        ctx.store.put_features(
            TrackFeatures(t.track_id, np.ones(61, np.float32), old_names, 2, t.signature.token())
            for t in tracks
        )
        assert ctx.store.counts(feature_version=FEATURE_VERSION)["analysis_pending"] == len(tracks)
        cancel = threading.Event()
        first = analyse_library(
            ctx.store, workers=1, cancel=cancel, on_result=lambda _: cancel.set()
        )
        assert first.analysed == 1
        ids, matrix, names = ctx.store.feature_matrix()
        assert names == FEATURE_NAMES and matrix.shape == (1, len(FEATURE_NAMES))
        rest = analyse_library(ctx.store, workers=1)
        assert (rest.analysed, rest.skipped) == (len(tracks) - 1, 1)
        ids, matrix, names = ctx.store.feature_matrix()
        assert names == FEATURE_NAMES and len(ids) == len(tracks)
        assert ctx.store.counts(feature_version=FEATURE_VERSION)["analysis_pending"] == 0


def test_analyse_files_compares_settings_without_a_store(corpus: Path, tmp_path: Path) -> None:
    from engine.analysis.params import AnalysisParams
    from engine.analysis.pipeline import analyse_files

    paths = [str(p) for p in sorted(corpus.glob("pingus/*"))] + [str(tmp_path / "nope.ogg")]
    default = analyse_files(paths, workers=1)
    coarse = analyse_files(paths, workers=2, params=AnalysisParams(n_windows=0, sr=16000))
    assert set(default) == set(coarse) == set(paths)
    assert default[paths[-1]].vector is None and "not found" in (default[paths[-1]].error or "")
    for path in paths[:-1]:
        a, b = default[path].vector, coarse[path].vector
        assert a is not None and b is not None and a.shape == b.shape
        assert not np.array_equal(a, b)  # the settings really reached the extractor


def _queued_features(capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert main(["history", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    return stats["by_topic"]["pending"].get("encore.track-features", 0)


def test_analyze_in_server_mode_queues_features_while_the_broker_is_down(
    library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A loopback port nobody listens on: the broker is "down", analysis must still finish and
    # every new vector must wait in the durable outbox for encore.track-features.
    monkeypatch.setenv("ENCORE_KAFKA", "127.0.0.1:9")
    pingus = library / "pingus"
    n_files = len([p for p in pingus.iterdir() if p.is_file()])
    assert main(["import", str(pingus)]) == 0
    assert main(["analyze", "--workers", "1"]) == 0
    assert _queued_features(capsys) == n_files
    assert main(["analyze", "--workers", "1"]) == 0  # nothing new: nothing queued again
    assert _queued_features(capsys) == n_files
