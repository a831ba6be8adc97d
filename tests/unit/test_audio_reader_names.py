"""Good files whose names are not UTF-8 analyse and play (libsndfile refuses such a ``str``).

The names are made of raw bytes (``os.fsencode``); the library hands them around as
surrogate-escaped ``str`` (what ``os.fsdecode`` and ``os.scandir`` give), and ``bytes`` works too.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.analysis.decode import decode_windows
from engine.analysis.params import AnalysisParams
from engine.analysis.worker import analyse_file
from engine.audio.reader import open_audio, read_frames
from engine.models import Track
from engine.playback import NullOutput, Player
from tests.unit.player_support import RATE


def _odd_name_file(tmp_path: Path, suffix: str) -> tuple[bytes, np.ndarray]:
    rng = np.random.default_rng(7)
    data = rng.uniform(-0.5, 0.5, size=(RATE, 2)).astype(np.float32)
    plain = tmp_path / f"plain{suffix}"
    sf.write(plain, data, RATE, subtype="FLOAT" if suffix == ".wav" else "PCM_24")
    raw = os.fsencode(tmp_path) + b"/caf\xe9 \xff\xfe" + suffix.encode()  # Latin-1, not UTF-8
    os.rename(plain, raw)
    if suffix == ".flac":
        data = sf.read(raw, dtype="float32")[0]  # 24-bit: compare against what it holds
    return raw, data


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_non_utf8_name_decodes_for_analysis(tmp_path: Path, suffix: str, as_bytes: bool) -> None:
    raw, data = _odd_name_file(tmp_path, suffix)
    path = raw if as_bytes else os.fsdecode(raw)
    decoded = decode_windows(path, AnalysisParams())
    assert decoded.decoder == "soundfile" and decoded.sr == RATE
    np.testing.assert_array_equal(decoded.windows[0].T, data)
    with contextlib.closing(open_audio(path)) as reader:
        np.testing.assert_array_equal(read_frames(reader, None), data)


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_a_non_utf8_name_is_analysed(tmp_path: Path, suffix: str) -> None:
    raw, _ = _odd_name_file(tmp_path, suffix)
    result = analyse_file("t1", os.fsdecode(raw), AnalysisParams())
    assert result.error is None
    assert result.vector is not None and np.isfinite(result.vector).all()
    assert result.decoded_s == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_a_non_utf8_name_plays_sample_exactly(tmp_path: Path, suffix: str) -> None:
    raw, data = _odd_name_file(tmp_path, suffix)
    out = NullOutput(RATE)
    with Player(output=out, warm_codecs=False) as player:
        errors: list[str] = []
        player.add_listener(
            lambda name, p: errors.append(p["message"]) if name == "error" else None
        )
        player.play([Track(track_id="odd", path=os.fsdecode(raw), title="odd")])
        audio = out.render(len(data))
    assert errors == []
    np.testing.assert_array_equal(audio, data)
