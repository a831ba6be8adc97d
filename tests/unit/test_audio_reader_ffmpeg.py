"""The FFmpeg reader (engine.audio.reader.FFmpegReader) reads the samples at the offset asked for.

Float decoders (AAC, and float PCM here) are queued as decoded, integer ones (ALAC) go through
FFmpeg's converter; both paths must return the same samples a read from the start would, after
any seek, in whatever sizes the caller asks for.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile as sf

from engine.analysis.decode import decode_windows
from engine.analysis.params import AnalysisParams
from engine.audio.reader import FFmpegReader, read_frames

SR = 44100
SECONDS = 60.0


def ramp(channels: int) -> np.ndarray:
    """(n, channels) samples whose values encode their own position (16-bit exact)."""
    n = round(SECONDS * SR)
    steps = (np.arange(n) % 30000 - 15000).astype(np.float32) / 32768
    return np.stack([steps * (1 if c == 0 else -1) for c in range(channels)], axis=1)


def write_av(path: Path, audio: np.ndarray, codec: str, sample_format: str) -> None:
    """Encode ``audio`` (n, channels) float32 with PyAV into ``path``."""
    layout = "stereo" if audio.shape[1] == 2 else "mono"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=SR, layout=layout)
        stream.format = sample_format
        block = 4096
        for start in range(0, len(audio), block):
            chunk = audio[start : start + block]
            if sample_format == "s16p":
                planes = np.ascontiguousarray((chunk.T * 32768).round().astype(np.int16))
            else:
                planes = np.ascontiguousarray(chunk.T)
            frame = av.AudioFrame.from_ndarray(planes, format=sample_format, layout=layout)
            frame.sample_rate = SR
            frame.pts = start
            frame.time_base = Fraction(1, SR)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ffmpeg-reader")
    audio = ramp(2)
    out = {"wav-float": folder / "ramp.wav", "alac": folder / "ramp.m4a"}
    sf.write(out["wav-float"], audio, SR, subtype="FLOAT")  # pcm_f32le: queued as decoded
    write_av(out["alac"], audio, "alac", "s16p")  # integer samples: through the converter
    return out


@pytest.mark.parametrize("kind", ["wav-float", "alac"])
def test_windows_after_seeks_are_the_samples_at_their_offsets(files, kind: str) -> None:
    audio = ramp(2)
    reader = FFmpegReader(str(files[kind]))
    try:
        assert reader.samplerate == SR and reader.channels == 2
        for start_s in (41.3, 5.0, 17.77, 0.0, 56.5):  # backwards too: each seek starts over
            reader.seek(start_s)
            block = read_frames(reader, 3 * SR)
            start = round(start_s * SR)
            assert block.shape == (3 * SR, 2) and block.dtype == np.float32
            assert block.flags.c_contiguous
            np.testing.assert_array_equal(block, audio[start : start + 3 * SR])
    finally:
        reader.close()


@pytest.mark.parametrize("kind", ["wav-float", "alac"])
def test_reads_return_what_was_asked_and_the_rest_at_the_end(files, kind: str) -> None:
    audio = ramp(2)
    reader = FFmpegReader(str(files[kind]))
    try:
        reader.seek(59.0)
        sizes = []
        got = []
        while (block := reader.read(10_000)) is not None:
            sizes.append(len(block))
            got.append(block)
    finally:
        reader.close()
    assert sizes[:-1] == [10_000] * (len(sizes) - 1) and 0 < sizes[-1] <= 10_000
    np.testing.assert_array_equal(np.concatenate(got), audio[59 * SR :])


def test_mono_request_of_a_stereo_file_is_mixed_down(files) -> None:
    reader = FFmpegReader(str(files["wav-float"]), channels=1)
    try:
        block = reader.read(SR)
    finally:
        reader.close()
    assert block is not None and block.shape == (SR, 1)
    # Left and right are opposite: FFmpeg's downmix of them is silence.
    assert np.abs(block).max() < 1e-6


def test_aac_windows_line_up_with_the_signal(tmp_path: Path, rng: np.random.Generator) -> None:
    # AAC is lossy: the excerpt must correlate with the original at lag 0 and nowhere else.
    noise = rng.normal(scale=0.2, size=(round(SECONDS * SR), 1)).astype(np.float32)
    path = tmp_path / "noise.m4a"
    write_av(path, np.repeat(noise, 2, axis=1), "aac", "fltp")
    params = AnalysisParams(n_windows=4, window_s=3.0)
    decoded = decode_windows(path, params)
    assert decoded.decoder == "ffmpeg"
    for start_s, window in zip(
        params.window_starts(decoded.duration_s), decoded.windows, strict=True
    ):
        assert window.shape == (2, 3 * SR)
        start = round(start_s * SR)
        middle = window[0, SR : 2 * SR]  # away from the decoder's restart after the seek
        lags = range(-64, 65)
        scores = [float(middle @ noise[start + SR + lag : start + 2 * SR + lag, 0]) for lag in lags]
        assert lags[int(np.argmax(scores))] == 0
        reference = noise[start + SR : start + 2 * SR, 0]
        # AAC at its default bit rate keeps white noise to r ~ 0.87; a window off by a
        # single sample correlates near 0 with it.
        assert np.corrcoef(middle, reference)[0, 1] > 0.8


@pytest.fixture(scope="module")
def vorbis_with_transients(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """An Ogg Vorbis file whose clicks make the encoder switch between long and short blocks,
    and the samples a read from its start gives (libsndfile, no seeks)."""
    rng = np.random.default_rng(7)
    t = np.arange(round(SECONDS * SR)) / SR
    audio = 0.2 * np.sin(2 * np.pi * 220.0 * t)
    for at in rng.uniform(0, SECONDS - 0.01, 400):  # a click every ~0.15 s on average
        start = round(at * SR)
        audio[start : start + 64] += rng.uniform(-0.7, 0.7, 64)
    path = tmp_path_factory.mktemp("vorbis") / "clicks.ogg"
    stereo = np.stack([audio, -audio], axis=1).astype(np.float32)
    # In blocks: libsndfile 1.2 crashes writing a minute of Vorbis in one call.
    with sf.SoundFile(path, "w", SR, 2, format="OGG", subtype="VORBIS") as out:
        for start in range(0, len(stereo), 4096):
            out.write(stereo[start : start + 4096])
    return path, sf.read(path, dtype="float32", always_2d=True)[0]


def test_vorbis_windows_after_seeks_are_the_samples_at_their_offsets(
    vorbis_with_transients: tuple[Path, np.ndarray],
) -> None:
    # After a seek FFmpeg dates some Vorbis frames from block sizes it has not seen; the reader
    # must place the window by the samples, not by the first frame's date.
    path, whole = vorbis_with_transients
    reader = FFmpegReader(str(path))
    try:
        assert reader.codec == "vorbis"
        starts = [float(s) for s in np.linspace(0.5, 55.0, 40)] + [12.0, 3.0, 0.0]
        for start_s in starts:
            reader.seek(start_s)
            block = read_frames(reader, SR)
            start = round(start_s * SR)
            assert block.shape == (SR, 2)
            # FFmpeg's and libvorbis's decoders agree to float rounding, not bit for bit.
            np.testing.assert_allclose(block, whole[start : start + SR], rtol=0, atol=1e-5)
    finally:
        reader.close()


def test_vorbis_read_from_the_start_is_the_whole_stream(
    vorbis_with_transients: tuple[Path, np.ndarray],
) -> None:
    path, whole = vorbis_with_transients
    reader = FFmpegReader(str(path))
    try:
        block = read_frames(reader, None)
    finally:
        reader.close()
    assert block.shape == whole.shape
    np.testing.assert_allclose(block, whole, rtol=0, atol=1e-5)
