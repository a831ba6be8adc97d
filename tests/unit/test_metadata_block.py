"""The genre/artist/album block of training (engine.recommend.metadata_block)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.models import UNKNOWN_ARTIST, Track
from engine.recommend.metadata_block import BUCKETS, FIELDS, metadata_block


def track(artist: str, album: str, genre: str) -> Track:
    return Track("t", "/x.ogg", "x", artist=artist, album=album, genre=genre)


def test_differing_fields_cost_w_times_a_random_audio_pair() -> None:
    d, w = 61, 0.5
    rows = metadata_block(
        [
            track("A", "One", "Jazz"),
            track("a ", "One", "jazz"),  # case and spaces do not make another artist
            track("B", "One", "Jazz"),  # another artist: artist and album differ
            track(UNKNOWN_ARTIST, "", ""),
            None,
        ],
        d=d,
        weight=w,
    )
    assert rows.shape == (5, len(FIELDS) * BUCKETS)
    sq = lambda i, j: float(((rows[i] - rows[j]) ** 2).sum())  # noqa: E731
    assert sq(0, 1) == 0
    assert np.isclose(sq(0, 2), 2 * (2 * w * d))  # two fields differ, 2·W·d each
    assert not rows[3].any() and not rows[4].any()
    with pytest.raises(ParameterError, match="metadata weight"):
        metadata_block([None], d=d, weight=0)
