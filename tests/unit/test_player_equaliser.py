"""The graphic equaliser, measured on what the player puts out (NullOutput renders the same
blocks the sound card callback gets): band gains, untouched bands, no clipping, no clicks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import butter, sosfilt

from engine.config import ConfigError, load_config, save_config
from engine.eq_settings import BAND_HZ, FLAT, EqSettings
from engine.playback import NullOutput, Player
from engine.playback.equaliser import CEILING, Equaliser
from tests.unit.player_support import RATE, track, write_noise


def _band(i: int, gain: float) -> EqSettings:
    gains = list(FLAT)
    gains[i] = gain
    return EqSettings(enabled=True, gains_db=tuple(gains))


def _sine(freq: float, seconds: float, amp: float = 0.1) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    mono = (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def _db(out: np.ndarray, ref: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(out**2)) / np.sqrt(np.mean(ref**2))))


def _play(tmp_path: Path, data: np.ndarray, settings: EqSettings, name: str = "s") -> np.ndarray:
    path = tmp_path / f"{name}.wav"
    sf.write(path, data, RATE, subtype="FLOAT")
    out = NullOutput(RATE)
    with Player(output=out, equaliser=settings, warm_codecs=False) as player:
        player.play([track(path)])
        return out.render(len(data))


@pytest.mark.parametrize(("band", "gain"), [(5, 12.0), (5, -12.0), (2, 6.0), (8, -6.0)])
def test_a_sine_at_a_band_centre_comes_out_with_that_bands_gain(
    tmp_path: Path, band: int, gain: float
) -> None:
    sine = _sine(BAND_HZ[band], 1.0)
    got = _play(tmp_path, sine, _band(band, gain))
    settled = slice(RATE // 2, None)  # after the filters' own start
    assert _db(got[settled], sine[settled]) == pytest.approx(gain, abs=0.5)


def test_bands_left_at_zero_are_untouched() -> None:
    # Every band centre, with one other band at +12 dB (the neighbours included: the filter
    # gains are solved so that the overlap does not lift them).
    for boosted in (0, 5, 9):
        for centre in range(len(BAND_HZ)):
            if centre == boosted:
                continue
            sine = _sine(BAND_HZ[centre], 2.0 if centre < 2 else 0.5)
            eq = Equaliser(RATE, 2, _band(boosted, 12.0))
            got = eq.process(sine)
            tail = slice(len(sine) // 2, None)
            assert _db(got[tail], sine[tail]) == pytest.approx(0.0, abs=0.5), (boosted, centre)


def test_off_by_default_and_then_bit_exact(tmp_path: Path) -> None:
    assert not EqSettings().enabled
    data = write_noise(tmp_path / "n.wav", 0.3, seed=3)
    out = NullOutput(RATE)
    with Player(output=out, warm_codecs=False) as player:
        assert player.equaliser == EqSettings()
        player.play([track(tmp_path / "n.wav")])
        np.testing.assert_array_equal(out.render(len(data)), data)


def test_no_clipping_at_plus_twelve_db(tmp_path: Path) -> None:
    loud = EqSettings(enabled=True, gains_db=(12.0,) * len(BAND_HZ))
    rng = np.random.default_rng(4)
    noise = rng.uniform(-0.9, 0.9, size=(RATE, 2)).astype(np.float32)
    for data in (_sine(1000.0, 1.0, amp=0.99), noise):
        got = _play(tmp_path, data, loud)
        assert np.abs(got).max() <= CEILING + 1e-6  # the limiter, not the feed's hard clip
        assert np.count_nonzero(np.abs(got) >= 1.0) == 0


def _clicks(audio: np.ndarray) -> float:
    """Peak energy above 6 kHz: a click (a step or kink) spreads there, a 1 kHz sine not."""
    high = butter(8, 6000, "highpass", fs=RATE, output="sos")
    return float(np.abs(sosfilt(high, audio[:, 0].astype(np.float64))[RATE // 10 :]).max())


def test_changes_while_playing_ramp_without_clicks_and_are_heard_at_once(tmp_path: Path) -> None:
    sine = _sine(1000.0, 4.0, amp=0.2)
    path = tmp_path / "s.wav"
    sf.write(path, sine, RATE, subtype="FLOAT")
    out = NullOutput(RATE)
    with Player(output=out, warm_codecs=False) as player:
        player.play([track(path)])
        player.feed.current.wait_buffered(3 * RATE, 10)  # seconds already in the ring
        before = out.render(RATE // 2)
        player.set_equaliser(_band(5, 12.0))
        # Rendering runs faster than real time here: let the decoder see the change first.
        assert player.feed.current.wait_equalised(10)
        after = out.render(RATE)
        player.set_equaliser(EqSettings())  # and off again, mid-song
        assert player.feed.current.wait_equalised(10)
        back = out.render(RATE)
    audio = np.concatenate([before, after, back])
    # Heard within the rewind margin plus one block, not after the ring's seconds.
    assert _db(after[RATE // 2 :], sine[: RATE // 2]) == pytest.approx(12.0, abs=0.5)
    assert _db(back[RATE // 2 :], sine[: RATE // 2]) == pytest.approx(0.0, abs=0.5)
    # The ramps leave no click: as little high-frequency energy as the sine itself has.
    assert _clicks(audio) < 1e-3 * 0.2
    # Nothing lost or repeated: the phase runs on (cross-correlation peak at zero lag).
    ref = sine[: len(audio), 0]
    tail = slice(len(audio) - RATE // 2, len(audio))
    np.testing.assert_allclose(audio[tail, 0], ref[tail], atol=1e-3)


def test_an_abrupt_change_would_click() -> None:
    # The click measure above is sensitive: switching coefficients at once is caught.
    sine = _sine(1000.0, 1.0, amp=0.2)
    flat, boosted = Equaliser(RATE, 2, EqSettings()), Equaliser(RATE, 2, _band(5, 12.0))
    half = len(sine) // 2
    abrupt = np.concatenate([flat.process(sine[:half]), boosted.process(sine[half:])])
    assert _clicks(abrupt) > 1e-3 * 0.2


def test_the_setting_is_remembered_in_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    base = load_config(env={"ENCORE_HOME": str(tmp_path / "home")}, path=path)
    assert base.equaliser == EqSettings()
    chosen = EqSettings.from_preset("rock", preamp_db=-3.0)
    save_config(base.__class__(**{**_fields(base), "equaliser": chosen}), path)
    again = load_config(env={"ENCORE_HOME": str(tmp_path / "home")}, path=path)
    assert again.equaliser == chosen
    path.write_text("[equaliser]\nenabled = true\ngains_db = [1, 2]\n")
    with pytest.raises(ConfigError, match=r"equaliser.*10 values"):
        load_config(env={"ENCORE_HOME": str(tmp_path / "home")}, path=path)


def _fields(config) -> dict:
    from dataclasses import fields

    return {f.name: getattr(config, f.name) for f in fields(config)}
