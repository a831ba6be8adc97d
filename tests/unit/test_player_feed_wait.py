"""A short feed waits for a late decoder when the sink can wait, instead of writing silence."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.playback.decoder import Decoder
from engine.playback.feed import Feed
from tests.unit.player_support import RATE, write_noise


class HeldDecoder(Decoder):
    """A real decoder whose thread starts decoding only once the feed waits for it: the
    audio callback is then certainly ahead of it, however the machine schedules the two."""

    def __init__(self, path: Path, *, when_waited: Callable[[], None] | None = None) -> None:
        self.gate = threading.Event()
        self._when_waited = when_waited or self.gate.set
        super().__init__(path, out_rate=RATE)

    def _run(self) -> None:
        self.gate.wait()
        super()._run()

    def wait_primed(self, timeout: float) -> bool:
        self._when_waited()
        return super().wait_primed(timeout)


def _feed(dec: Decoder) -> Feed:
    feed = Feed()
    feed.current = dec
    feed.paused = False
    return feed


def test_a_late_decoder_is_waited_for_when_the_sink_holds_enough(tmp_path: Path) -> None:
    data = write_noise(tmp_path / "a.wav", 0.5, seed=3)
    dec = HeldDecoder(tmp_path / "a.wav")
    try:
        out = np.empty((1024, 2), dtype=np.float32)
        feed = _feed(dec)
        assert not dec.primed
        assert feed.fill(out, patience=30.0) is False
        np.testing.assert_array_equal(out, data[:1024])  # its first frames, no silence
        assert dec.gate.is_set()
    finally:
        dec.gate.set()
        dec.close()
        dec.join(5)


def test_without_patience_a_late_decoder_means_silence_at_once(tmp_path: Path) -> None:
    write_noise(tmp_path / "a.wav", 0.5, seed=3)
    dec = HeldDecoder(tmp_path / "a.wav")
    try:
        out = np.ones((1024, 2), dtype=np.float32)
        assert _feed(dec).fill(out) is False  # still opening: silence, not an underrun
        assert not out.any() and not dec.gate.is_set()
    finally:
        dec.gate.set()
        dec.close()
        dec.join(5)


def test_a_pause_ends_the_wait(tmp_path: Path) -> None:
    write_noise(tmp_path / "a.wav", 0.5, seed=3)
    feed = Feed()
    feed.paused = False

    def pause() -> None:
        feed.paused = True

    # The decoder never starts: only the pause can end this fill before its 30 s.
    dec = HeldDecoder(tmp_path / "a.wav", when_waited=pause)
    feed.current = dec
    try:
        out = np.ones((1024, 2), dtype=np.float32)
        assert feed.fill(out, patience=30.0) is False
        assert not out.any() and not dec.primed
    finally:
        dec.gate.set()
        dec.close()
        dec.join(5)
