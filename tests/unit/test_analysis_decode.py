"""Decoding windows: correct placement, and one-line DecodeErrors for every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.analysis.decode import decode_windows
from engine.analysis.params import AnalysisParams
from engine.errors import DecodeError
from tests import signals

SR = 22050


def ramp_file(path: Path, seconds: float, sr: int = SR) -> np.ndarray:
    """A file whose sample values encode their own time, so a window's position can be read."""
    audio = (np.arange(round(seconds * sr)) / (seconds * sr) * 0.9).astype(np.float32)
    sf.write(path, audio, sr, subtype="FLOAT" if path.suffix == ".wav" else "PCM_24")
    return audio


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_windows_are_read_where_the_params_place_them(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ramp{suffix}"
    audio = ramp_file(path, 120.0)
    params = AnalysisParams(n_windows=3, window_s=10.0)
    decoded = decode_windows(path, params)
    assert decoded.duration_s == pytest.approx(120.0)
    assert [w.shape for w in decoded.windows] == [(1, 10 * SR)] * 3
    for start_s, window in zip(params.window_starts(120.0), decoded.windows, strict=True):
        start = int(start_s * SR)
        np.testing.assert_allclose(window[0], audio[start : start + 10 * SR], atol=1e-5)


def test_short_files_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "short.flac"
    ramp_file(path, 20.0)
    decoded = decode_windows(path, AnalysisParams(n_windows=3, window_s=10.0))
    assert [w.shape for w in decoded.windows] == [(1, 20 * SR)]


def test_stereo_keeps_its_channels(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    left = signals.sine(440, seconds=2, sr=SR)
    sf.write(path, np.stack([left, -left], axis=1), SR)
    (window,) = decode_windows(path, AnalysisParams()).windows
    assert window.shape == (2, 2 * SR)
    np.testing.assert_allclose(window[1], -window[0], atol=1e-4)


def test_m4a_goes_through_ffmpeg(corpus: Path) -> None:
    clip = next(corpus.glob("*/*.m4a"))
    decoded = decode_windows(clip, AnalysisParams())
    assert decoded.decoder == "ffmpeg"
    assert decoded.windows[0].shape[0] == 2
    assert decoded.windows[0].shape[1] == pytest.approx(30 * decoded.sr, rel=0.01)
    assert np.abs(decoded.windows[0]).max() > 0.01


def test_m4a_window_seek_matches_a_full_decode(corpus: Path) -> None:
    clip = next(corpus.glob("*/*.m4a"))
    whole = decode_windows(clip, AnalysisParams(n_windows=0)).windows[0]
    params = AnalysisParams(n_windows=2, window_s=5.0)
    decoded = decode_windows(clip, params)
    for start_s, window in zip(
        params.window_starts(decoded.duration_s), decoded.windows, strict=True
    ):
        start = int(start_s * decoded.sr)
        assert window.shape[1] == 5 * decoded.sr
        # AAC decoder state after a seek differs slightly; the alignment must be exact.
        ref = whole[:, start : start + window.shape[1]]
        assert np.corrcoef(ref[0], window[0])[0, 1] > 0.99


def _one_line_error(path: Path) -> str:
    with pytest.raises(DecodeError) as info:
        decode_windows(path, AnalysisParams())
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp3"
    path.touch()
    assert "empty" in _one_line_error(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in _one_line_error(tmp_path / "gone.flac")


def test_text_file_named_like_audio(tmp_path: Path) -> None:
    path = tmp_path / "notes.ogg"
    path.write_text("these are not the droids\n" * 200)
    assert "not a readable audio file" in _one_line_error(path)


def test_random_bytes_named_m4a(tmp_path: Path, rng: np.random.Generator) -> None:
    path = tmp_path / "noise.m4a"
    path.write_bytes(rng.integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    _one_line_error(path)


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_truncated_file(tmp_path: Path, suffix: str) -> None:
    good = tmp_path / f"good{suffix}"
    ramp_file(good, 90.0)
    data = good.read_bytes()
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(data[: len(data) // 3])
    # Told the declared duration (the importer's tag duration), every format is caught.
    with pytest.raises(DecodeError, match=r"truncated|corrupt") as info:
        decode_windows(cut, AnalysisParams(), expected_s=90.0)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg", "opus", "m4a", "wav", "aiff"])
def test_every_imported_format_decodes_to_its_tone(fmt: str) -> None:
    from engine.analysis.features import FEATURE_NAMES, extract_window_features
    from tests.audio_files import template

    path = template(fmt, tone=440.0, seconds=3.0)
    decoded = decode_windows(path, AnalysisParams())
    assert sum(w.shape[1] for w in decoded.windows) / decoded.sr == pytest.approx(3.0, abs=0.1)
    f = dict(zip(FEATURE_NAMES, extract_window_features(decoded.windows, decoded.sr), strict=True))
    assert int(np.argmax([f[f"chroma_{i:02d}"] for i in range(12)])) == 9  # A
