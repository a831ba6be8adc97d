"""Bad files reach the analysis: each is recorded with a one-line reason, the run goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.cli import main
from engine.context import build_context
from engine.models import Track


def _track(path: Path, track_id: str, duration: float = 0.0) -> Track:
    st = path.stat() if path.exists() else None
    return Track(
        track_id=track_id,
        path=str(path),
        title=path.stem,
        duration=duration,
        size=st.st_size if st else 0,
        mtime_ns=st.st_mtime_ns if st else 0,
    )


@pytest.fixture
def bad_library(corpus: Path, tmp_path: Path, rng: np.random.Generator) -> dict[str, Path]:
    root = tmp_path / "bad"
    root.mkdir()
    files: dict[str, Path] = {}
    for name, clip in (
        ("good_ogg", next(corpus.glob("*/*.ogg"))),
        ("good_m4a", next(corpus.glob("*/*.m4a"))),
    ):
        files[name] = Path(shutil.copy(clip, root / f"{name}{clip.suffix}"))
        files[name].chmod(0o644)
    files["zero"] = root / "zero.mp3"
    files["zero"].touch()
    files["text"] = root / "text.flac"
    files["text"].write_text("not audio at all\n" * 100)
    files["noise"] = root / "noise.m4a"
    files["noise"].write_bytes(rng.integers(0, 256, 40_000, dtype=np.uint8).tobytes())
    wav = root / "full.wav"
    sf.write(wav, (0.1 * rng.standard_normal(22050 * 60)).astype(np.float32), 22050)
    files["truncated"] = root / "truncated.wav"
    files["truncated"].write_bytes(wav.read_bytes()[: wav.stat().st_size // 4])
    wav.unlink()
    files["vanished"] = root / "vanished.ogg"
    return files


def test_bad_files_fail_one_by_one_and_good_ones_are_analysed(
    bad_library: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Rows straight into the store: the importer would refuse most of these files itself,
    # and what is tested here is the analysis stage meeting them (e.g. a file that changed
    # or vanished after import).
    durations = {"truncated": 60.0}
    with build_context() as ctx:
        ctx.store.upsert_tracks(
            _track(path, name, durations.get(name, 0.0)) for name, path in bad_library.items()
        )

    assert main(["analyze", "--workers", "2"]) == 1
    captured = capsys.readouterr()
    assert "analysed 2, failed 5, 0 already analysed" in captured.out
    failed_lines = [ln for ln in captured.err.splitlines() if ln.startswith("analysis failed:")]
    assert len(failed_lines) == 5

    with build_context() as ctx:
        failures = ctx.store.analysis_failures()
        assert set(failures) == {"zero", "text", "noise", "truncated", "vanished"}
        assert "empty" in failures["zero"]
        assert "not a readable audio file" in failures["text"]
        assert "truncated" in failures["truncated"]
        assert "not found" in failures["vanished"]
        assert all(reason and "\n" not in reason for reason in failures.values())
        assert ctx.store.get_features("good_ogg") is not None
        assert ctx.store.get_features("good_m4a") is not None

    # Failed files are remembered for their signature: a re-run does not retry them...
    assert main(["analyze", "--workers", "1"]) == 0
    assert "analysed 0, failed 0, 7 already analysed" in capsys.readouterr().out
    assert main(["status"]) == 0
    assert capsys.readouterr().out.count("analysis failed:") == 5
