"""Server mode: `encore like/unlike` reach Kafka through record(), the worker stores them, and
Liked songs reads them back from MongoDB (real tansu broker, real mongod)."""

from __future__ import annotations

import json

import pytest

from engine.cli import main
from engine.context import build_context
from engine.models import Track
from tests.integration.events_helpers import mongo_db, running_worker
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers]


def test_likes_travel_through_kafka_to_the_server(
    monkeypatch,
    capsys,
    own_tansu: TansuBroker,
    mongo_test_uri: str,
    mongod_uri: str,
    mongo_db_name: str,
) -> None:
    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    monkeypatch.setenv("ENCORE_MONGO", mongo_test_uri)
    tracks = [Track(f"track{i:07d}", f"/music/{i}.ogg", f"Song {i}", "Band") for i in range(3)]
    with build_context() as ctx:
        ctx.store.upsert_tracks(tracks)
    assert main(["like", *(t.track_id for t in tracks)]) == 0
    assert main(["unlike", tracks[1].track_id]) == 0
    capsys.readouterr()
    assert main(["liked", "--json"]) == 0  # before the worker ran: from this device's outbox
    assert {t["track_id"] for t in json.loads(capsys.readouterr().out)} == {
        tracks[0].track_id,
        tracks[2].track_id,
    }
    db = mongo_db(mongod_uri, mongo_db_name)
    with build_context() as ctx:
        # The outbox rows reached the broker.
        assert ctx.events.publisher.wait_delivered(DELIVERY_WAIT_S)
        with running_worker(own_tansu.bootstrap, db) as worker:
            assert worker.wait_for(lambda s: s.events_new >= 4, 90)
    stored = sorted((d["track_id"], d["type"], d["schema_version"]) for d in db.play_events.find())
    assert stored == [
        (tracks[0].track_id, "like", 2),
        (tracks[1].track_id, "like", 2),
        (tracks[1].track_id, "unlike", 2),
        (tracks[2].track_id, "like", 2),
    ]
    capsys.readouterr()
    assert main(["liked", "--json"]) == 0  # server mode: read from the worker's MongoDB
    liked = json.loads(capsys.readouterr().out)
    assert {t["track_id"] for t in liked} == {tracks[0].track_id, tracks[2].track_id}
