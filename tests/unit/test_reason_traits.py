"""Reasons name traits that are true of both songs: synthetic signals whose traits are known,
analysed by the real feature extractor, explained by the one reason rule."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.analysis.features import FEATURE_NAMES, extract_features
from engine.phrase_english import english, key_name
from engine.recommend.reasons import ReasonWriter
from engine.recommend.traits import TraitReader
from tests import signals

SR = 22050
SECONDS = 12.0


def _triads(root: int, *, octave: int, dbfs: float) -> np.ndarray:
    """I-IV-V-I in the major key of pitch class ``root`` (0 = C), sustained sines in two
    octaves, peak ``dbfs``: a cadence, so the key is unambiguous (a lone triad is not)."""
    n = round(SECONDS * SR)
    t = np.arange(n) / SR
    y = np.zeros(n)
    quarter = n // 4
    for step, degree in enumerate((0, 5, 7, 0)):
        span = slice(step * quarter, n if step == 3 else (step + 1) * quarter)
        for interval in (0, 4, 7):
            for o in (octave, octave + 1):
                pitch = root + degree + interval - 9
                y[span] += np.sin(2 * np.pi * 440.0 * 2 ** (pitch / 12 + (o - 4)) * t[span])
    return (10 ** (dbfs / 20) * y / np.abs(y).max()).astype(np.float32)


def _beat(bpm: float, root: int, click_hz: float, gain_db: float) -> np.ndarray:
    """Clicks on every beat over a quiet pad: a clear pulse at ``bpm``."""
    clicks = signals.clicks(bpm, seconds=SECONDS, sr=SR, freq_hz=click_hz)
    y = _triads(root, octave=5, dbfs=-12.0) + clicks
    return (10 ** (gain_db / 20) * y).astype(np.float32)


def _library() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {
        "beat128_C": _beat(128, 0, 3000, 0.0),
        "beat128_F#": _beat(128, 6, 4000, -3.0),
        "beat90_C": _beat(90, 0, 3000, -6.0),
        "noise_a": signals.white_noise(rng, seconds=SECONDS, sr=SR),
        "noise_b": signals.white_noise(rng, seconds=SECONDS, sr=SR),
        "low_sine": signals.sine(80.0, seconds=SECONDS, sr=SR, dbfs=-3.0),
        "C_mid": _triads(0, octave=5, dbfs=-6.0),
        "C_low": _triads(0, octave=4, dbfs=-12.0),
        "F#_mid": _triads(6, octave=5, dbfs=-12.0),
        "C_quiet": _triads(0, octave=5, dbfs=-40.0),
        "F#_quiet": _triads(6, octave=5, dbfs=-40.0),
        "F#_loud": np.clip(4 * _triads(6, octave=5, dbfs=0.0), -1, 1).astype(np.float32),
    }


@pytest.fixture(scope="module")
def analysed() -> tuple[list[str], np.ndarray]:
    library = _library()
    matrix = np.stack([extract_features(y, SR).astype(np.float64) for y in library.values()])
    return list(library), matrix


def _traits(analysed: tuple[list[str], np.ndarray], a: str, b: str) -> set[str]:
    names, matrix = analysed
    reader = TraitReader(FEATURE_NAMES, matrix.mean(axis=0), matrix.std(axis=0))
    found = reader.shared(matrix[names.index(a)][None], matrix[names.index(b)][None, None])
    return {name for t, name in enumerate(found.names) if found.holds[t, 0, 0]}


def _reason(analysed: tuple[list[str], np.ndarray], a: str, b: str) -> str:
    """The reason as every path writes it: z-scores in, the scaler recovers raw values."""
    names, matrix = analysed
    mean, std = matrix.mean(axis=0), matrix.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    z = (matrix - mean) / std
    explain = ReasonWriter(FEATURE_NAMES, scaler=(mean, std))
    return english(explain(z[[names.index(a)]], z, [np.array([names.index(b)])])[0][0])


@pytest.mark.parametrize(
    ("a", "b", "true"),
    [
        # Same pulse, other key, 3 dB apart: the tempo (and that both are busy with clicks).
        ("beat128_C", "beat128_F#", {"tempo", "percussive"}),
        # Other tempo, same C-major pad.
        ("beat128_C", "beat90_C", {"key"}),
        # White noise twice at the same level: bright, noise-like, same loudness.
        ("noise_a", "noise_b", {"bright", "noisy", "level"}),
        # Noise against a loud low tone: nothing in common.
        ("noise_a", "low_sine", set()),
        # The same quiet level, different keys ("quiet" carries the level itself).
        ("C_quiet", "F#_quiet", {"quiet"}),
        # A quiet version against a loud one of another chord.
        ("C_quiet", "F#_loud", set()),
        # C major in two registers and levels.
        ("C_mid", "C_low", {"key"}),
        # C major against F# major, 6 dB apart.
        ("C_mid", "F#_mid", set()),
    ],
)
def test_shared_traits_are_exactly_the_true_ones(analysed, a: str, b: str, true: set) -> None:
    assert _traits(analysed, a, b) == true
    assert _traits(analysed, b, a) == true  # symmetric


def test_same_tempo_is_named_with_its_bpm(analysed) -> None:
    reason = _reason(analysed, "beat128_C", "beat128_F#")
    bpm = re.search(r"around (\d+) BPM", reason)
    assert bpm is not None, reason
    assert 123 <= int(bpm.group(1)) <= 133
    assert "BPM" not in _reason(analysed, "beat128_C", "beat90_C")


def test_same_key_is_named(analysed) -> None:
    assert _reason(analysed, "C_mid", "C_low") == "both in C major"
    assert "major" not in _reason(analysed, "C_mid", "F#_mid")


def test_quiet_pair_names_its_level_and_loud_pair_none(analysed) -> None:
    reason = _reason(analysed, "C_quiet", "F#_quiet")
    assert re.fullmatch(r"both quiet \(around -\d+ LUFS\)", reason), reason
    mixed = _reason(analysed, "C_quiet", "F#_loud")
    assert "quiet" not in mixed and "loud" not in mixed and "LUFS" not in mixed


def test_bright_noise_pair_is_bright_and_noise_like(analysed) -> None:
    reason = _reason(analysed, "noise_a", "noise_b")
    assert reason.startswith("both ") and "bright" in reason and "noise-like" in reason
    assert reason.count(" and ") == 1  # at most two traits


def test_without_a_concrete_trait_the_group_wording_remains(analysed) -> None:
    reason = _reason(analysed, "noise_a", "low_sine")
    assert not reason.startswith("both ")
    assert reason == "closest overall sound" or reason.startswith("similar ")


def test_key_names_cover_relative_minor() -> None:
    assert key_name(0) == "C major"
    assert key_name(9 + 12) == "A minor"


def test_a_level_just_under_zero_reads_as_zero_lufs() -> None:
    from engine.recommend.traits import _NEEDED, TraitReader

    names = list(_NEEDED)
    pair = np.zeros((2, len(names)))
    pair[:, names.index("loudness_lufs")] = (-0.3, -0.2)
    pair[:, names.index("rms_mean")] = 0.2
    pair[:, names.index("rms_std")] = 0.01
    reader = TraitReader(names, np.full(len(names), -30.0), np.ones(len(names)))
    (reason,) = reader.phrases(pair[:1], pair[None, 1:])[0]
    text = english(reason)
    assert "around 0 LUFS" in text
    assert "-0" not in text


def _rumble(rng: np.random.Generator, dbfs: float) -> np.ndarray:
    """Noise low-passed at 250 Hz, RMS ``dbfs``: a dark sound with no pitch, pulse or key."""
    from scipy.signal import butter, sosfilt

    y = sosfilt(butter(4, 250.0, fs=SR, output="sos"), rng.standard_normal(round(SECONDS * SR)))
    return (10 ** (dbfs / 20) * y / np.sqrt(np.mean(y * y))).astype(np.float32)


def _swelling(y: np.ndarray) -> np.ndarray:
    """``y`` under a slow swell from -26 dB to full level and back every 6 s (no attacks, so
    no pulse): a level that swings widely."""
    t = np.arange(y.size) / SR
    envelope = 0.05 + 0.95 * (0.5 - 0.5 * np.cos(2 * np.pi * t / 6.0)) ** 2
    return (y * envelope).astype(np.float32)


@pytest.fixture(scope="module")
def levels() -> tuple[list[str], np.ndarray]:
    """A second library for the traits the first has no true pair of: dark, loud and
    compressed, quiet with wide dynamics."""
    rng = np.random.default_rng(11)
    library = {
        "dark_a": _rumble(rng, -18.0),
        "dark_b": _rumble(rng, -24.0),
        "loud_C": signals.clipped(_triads(0, octave=3, dbfs=0.0), gain=2.0),
        "loud_F#": signals.clipped(_triads(6, octave=3, dbfs=0.0), gain=2.0),
        "swell_C": _swelling(_triads(0, octave=5, dbfs=-34.0)),
        "swell_F#": _swelling(_triads(6, octave=5, dbfs=-34.0)),
        "noise": signals.white_noise(rng, seconds=SECONDS, sr=SR),
        "beat": _beat(100, 3, 3000, -6.0),
        "mid_A": _triads(9, octave=4, dbfs=-14.0),
        "mid_D": _triads(2, octave=5, dbfs=-20.0),
    }
    matrix = np.stack([extract_features(y, SR).astype(np.float64) for y in library.values()])
    return list(library), matrix


@pytest.mark.parametrize(
    ("a", "b", "true", "wording"),
    [
        # Two rumbles 6 dB apart: dark, nothing else.
        ("dark_a", "dark_b", {"dark"}, r"both dark-toned"),
        # Hot, clipped chords of two keys: loud and flat in level, at one loudness.
        ("loud_C", "loud_F#", {"loud"}, r"both loud, compressed \(around -?\d+ LUFS\)"),
        # Quiet chords that swell and fade.
        ("swell_C", "swell_F#", {"quiet"}, r"both quiet, wide dynamics \(around -\d+ LUFS\)"),
    ],
)
def test_level_and_tone_traits_are_true_and_worded(levels, a, b, true, wording) -> None:
    assert _traits(levels, a, b) == true
    assert _traits(levels, b, a) == true
    assert re.fullmatch(wording, _reason(levels, a, b)), _reason(levels, a, b)


def test_level_qualifiers_need_both_songs(levels) -> None:
    # Both quiet, but only one swells: quiet, not "wide dynamics"; 17 LU apart, so no level.
    assert _traits(levels, "swell_C", "mid_D") == {"quiet"}
    assert _reason(levels, "swell_C", "mid_D") == "both quiet"
    # Loud and compressed against a quiet swell: no level trait at all.
    assert not _traits(levels, "loud_C", "swell_C") & {"loud", "quiet", "level"}


def _sawtooth(freq_hz: float, *, silent_share: float) -> np.ndarray:
    """A bright sawtooth (many harmonics, a high zero-crossing rate, but a peaked spectrum)
    whose first ``silent_share`` is digital silence, as a long intro or outro gap would be."""
    t = np.arange(round(SECONDS * SR)) / SR
    y = 0.5 * (2 * ((t * freq_hz) % 1.0) - 1)
    y[: round(silent_share * y.size)] = 0.0
    return y.astype(np.float32)


def _with_silence(y: np.ndarray, silent_share: float) -> np.ndarray:
    y = y.copy()
    y[: round(silent_share * y.size)] = 0.0
    return y


@pytest.mark.parametrize("silent_share", [0.2, 0.4])
def test_digital_silence_does_not_make_a_tone_noise_like(silent_share: float) -> None:
    rng = np.random.default_rng(5)
    library = {
        "saw_a": _sawtooth(2637.0, silent_share=silent_share),
        "saw_b": _sawtooth(2793.8, silent_share=silent_share),
        "noise_a": _with_silence(signals.white_noise(rng, seconds=SECONDS, sr=SR), silent_share),
        "noise_b": _with_silence(signals.white_noise(rng, seconds=SECONDS, sr=SR), silent_share),
        "low_sine": signals.sine(80.0, seconds=SECONDS, sr=SR, dbfs=-3.0),
    }
    matrix = np.stack([extract_features(y, SR).astype(np.float64) for y in library.values()])
    analysed = (list(library), matrix)
    flatness = matrix[0, FEATURE_NAMES.index("spectral_flatness_mean")]
    zcr = matrix[0, FEATURE_NAMES.index("zcr_mean")]
    # What made the old rule false: the silence alone lifts a tone over both thresholds.
    assert flatness >= silent_share and zcr >= 0.1
    assert "noisy" not in _traits(analysed, "saw_a", "saw_b")
    assert "noise-like" not in _reason(analysed, "saw_a", "saw_b")
    # Noise with the same silence is still noise.
    assert "noisy" in _traits(analysed, "noise_a", "noise_b")
