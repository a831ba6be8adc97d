"""Kafka clients against a port where no broker listens: one BrokerError line naming it."""

from __future__ import annotations

import pytest

from engine.events.kafka import BrokerError, ensure_topics, make_consumer, make_producer
from tests.servers.process import free_port


@pytest.mark.parametrize(
    "connect",
    [
        lambda b: make_producer(b, bootstrap_timeout_ms=500),
        lambda b: make_consumer(b, ("encore.play-events",), bootstrap_timeout_ms=500),
        ensure_topics,
    ],
    ids=["producer", "consumer", "admin"],
)
def test_no_broker_is_one_line_naming_it(connect) -> None:
    bootstrap = f"127.0.0.1:{free_port()}"  # nothing listens here
    with pytest.raises(BrokerError, match=f"^Kafka at {bootstrap}: cannot connect") as info:
        connect(bootstrap)
    assert "\n" not in str(info.value)
