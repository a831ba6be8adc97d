"""The one skip/listen rule: min(30 s, half the song); 30 s when the length is unknown."""

from __future__ import annotations

import pytest

from engine.listening import is_skip, listen_threshold


@pytest.mark.parametrize(
    ("duration", "threshold"), [(300.0, 30.0), (60.0, 30.0), (40.0, 20.0), (2.0, 1.0), (0.0, 30.0)]
)
def test_threshold_is_thirty_seconds_or_half_the_song(duration: float, threshold: float) -> None:
    assert listen_threshold(duration) == threshold
    assert is_skip(threshold - 0.01, duration)
    assert not is_skip(threshold, duration)
