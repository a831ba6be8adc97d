"""Track-features and results-notice wire forms: round trips, and bad input named by field."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.events.wire import (
    EventFormatError,
    ResultsNotice,
    decode,
    decode_features,
    decode_notice,
    features_message,
)
from engine.models import Track, TrackFeatures


def _features_body() -> dict:
    features = TrackFeatures(
        track_id="t1",
        vector=np.array([0.5, -2.0], dtype=np.float32),
        names=("a", "b"),
        version=3,
        signature="10:20",
    )
    track = Track(track_id="t1", path="/m/t1.ogg", title="T", artist="A", album="B")
    return json.loads(features_message(features, track).payload)


def test_features_round_trip() -> None:
    data = decode_features(json.dumps(_features_body()).encode())
    assert data["vector"] == [0.5, -2.0] and data["names"] == ["a", "b"]
    assert data["feature_version"] == 3 and data["metadata"]["title"] == "T"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"track_id": ""}, "track_id"),
        ({"schema_version": 7}, "schema_version"),
        ({"names": ["a", 1]}, "names"),
        ({"vector": [0.5, True]}, "vector"),
        ({"vector": [0.5, 1e39]}, "vector"),
        ({"vector": [0.5]}, "vector"),
        ({"feature_version": False}, "feature_version"),
        ({"signature": None}, "signature"),
        ({"metadata": []}, "metadata"),
    ],
)
def test_bad_features_field_is_named(change: dict, field: str) -> None:
    body = _features_body()
    body.update(change)
    with pytest.raises(EventFormatError, match=rf"^{field}(\[\d+\])?: "):
        decode_features(json.dumps(body))


@pytest.mark.parametrize(
    ("decoder", "what"),
    [(decode_features, "track features"), (decode, "play event")],
)
def test_not_json_or_not_an_object(decoder, what: str) -> None:
    with pytest.raises(EventFormatError, match=f"^{what} is not JSON"):
        decoder(b"{")
    with pytest.raises(EventFormatError, match=f"^{what} is not UTF-8 text"):
        decoder(b"\xff{")
    with pytest.raises(EventFormatError, match=f"^{what} must be a JSON object"):
        decoder(b"[1, 2]")


def test_notice_round_trip_and_bad_input() -> None:
    notice = ResultsNotice(run_id="r1", n_tracks=10, k=2, created_at=5.0)
    assert decode_notice(notice.message().payload) == notice
    with pytest.raises(EventFormatError, match=r"^results notice is not JSON"):
        decode_notice(b"{")
    with pytest.raises(EventFormatError, match=r"^run_id: "):
        decode_notice(b'{"run_id": 3}')
