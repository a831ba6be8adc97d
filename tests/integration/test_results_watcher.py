"""The results watcher on a real broker and MongoDB: newer runs announced, others ignored, a lost
broker said once."""

from __future__ import annotations

import queue

import pytest

from engine.events.kafka import RECOMMENDATIONS, ensure_topics, make_producer
from engine.events.results_watcher import ResultsWatcher, RunStamp
from engine.events.wire import ResultsNotice
from engine.stores.mongo import MongoStore
from tests.integration.events_helpers import recommendation_notices
from tests.saved_runs import save_empty_run
from tests.servers.tansu import TansuBroker
from tests.servers.waits import DELIVERY_WAIT_S

pytestmark = [pytest.mark.servers]


def publish(bootstrap: str, *payloads: bytes) -> None:
    producer = make_producer(bootstrap)
    try:
        for payload in payloads:
            producer.send(RECOMMENDATIONS, key=b"all", value=payload)
        producer.flush(30)
    finally:
        producer.close()


def test_newer_runs_are_announced_and_the_rest_ignored(
    own_tansu: TansuBroker, mongo_test_uri: str
) -> None:
    ensure_topics(own_tansu.bootstrap)
    store = MongoStore(mongo_test_uri)
    save_empty_run(store, "run-1", 100.0)
    # Sent before the watcher starts: it begins at the latest offset, so this is never seen.
    publish(own_tansu.bootstrap, ResultsNotice("run-1").message().payload)
    announced: queue.Queue = queue.Queue()
    status: queue.Queue = queue.Queue()
    watcher = ResultsWatcher(
        own_tansu.bootstrap,
        store,
        "device-b",
        serving=lambda: RunStamp("run-1", 100.0),
        on_new_run=announced.put,
        on_status=lambda part, problem: status.put((part, problem)),
        probe_s=0.5,
        retry_s=0.5,
    ).start()
    try:
        assert watcher.listening.wait(DELIVERY_WAIT_S), "the watcher never joined its group"
        publish(
            own_tansu.bootstrap,
            ResultsNotice("run-0").message().payload,  # not in the store
            b"{not json",
            ResultsNotice("run-1").message().payload,  # the run already served
        )
        save_empty_run(store, "run-2", 200.0)
        publish(own_tansu.bootstrap, ResultsNotice("run-2").message().payload)
        run = announced.get(timeout=DELIVERY_WAIT_S)
        assert run.run_id == "run-2"
        assert watcher.ignored == 3 and announced.empty()
        # Replayed once more: run-2 is what the watcher now counts as served.
        publish(own_tansu.bootstrap, ResultsNotice("run-2").message().payload)

        # The broker goes away: said once, however many probes fail; then back again.
        own_tansu.stop()
        part, problem = status.get(timeout=DELIVERY_WAIT_S)
        assert part == "broker" and own_tansu.bootstrap in problem
        # While it is away a newer run lands; its notice is lost with the broker.
        save_empty_run(store, "run-3", 300.0)
        own_tansu.start()
        assert status.get(timeout=DELIVERY_WAIT_S) == ("broker", None)  # nothing in between: once
        assert announced.get(timeout=DELIVERY_WAIT_S).run_id == "run-3"  # the reconnect's own check
        assert announced.empty() and status.empty()
    finally:
        watcher.stop()
        store.close()


def test_a_short_command_ships_its_notice_before_it_exits(
    own_tansu: TansuBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`encore train` records the notice just before its context closes, with nothing shipped
    before: closing still delivers it (the publisher has not failed, so it is worth a try)."""
    from engine.context import build_context
    from engine.events.announce import announce_active_run

    monkeypatch.setenv("ENCORE_KAFKA", own_tansu.bootstrap)
    with build_context() as ctx:
        save_empty_run(ctx.store, "run-9", 900.0)
        assert announce_active_run(ctx).run_id == "run-9"
    assert [n.run_id for _key, n in recommendation_notices(own_tansu.bootstrap)] == ["run-9"]
