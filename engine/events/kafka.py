"""Topic names and the Kafka clients Encore uses (kafka-python, imported lazily).

Topics are keyed so related messages share a partition and keep their order:
``encore.play-events`` by device id, ``encore.track-features`` by track id and
``encore.recommendations`` by cluster/track.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from engine.errors import EncoreError, MissingExtraError

PLAY_EVENTS = "encore.play-events"
TRACK_FEATURES = "encore.track-features"
RECOMMENDATIONS = "encore.recommendations"
ALL_TOPICS: tuple[str, ...] = (PLAY_EVENTS, TRACK_FEATURES, RECOMMENDATIONS)
WORKER_GROUP = "encore-worker"
# How long a producer waits for a broker before giving up on it: the publisher backs off and
# retries itself, so a broker that is down costs at most this.
BOOTSTRAP_TIMEOUT_MS = 3_000

# Partitions per topic: play events spread over devices; the others are low volume.
PARTITIONS: dict[str, int] = {PLAY_EVENTS: 3, TRACK_FEATURES: 1, RECOMMENDATIONS: 1}

log = logging.getLogger(__name__)


class BrokerError(EncoreError):
    """The Kafka broker cannot be reached or refused a request."""


def _kafka() -> Any:
    try:
        import kafka
    except ImportError:
        raise MissingExtraError("kafka-python", "Shipping play events to Kafka") from None
    return kafka


def _connect(make: Callable[..., Any], bootstrap: str, settings: dict[str, Any]) -> Any:
    """``make(**settings)`` (a kafka-python client), failing as one :class:`BrokerError` line
    that names the broker."""
    try:
        return make(**settings)
    except _kafka().errors.KafkaError as exc:
        raise BrokerError(f"Kafka at {bootstrap}: cannot connect ({exc})") from None


def make_producer(bootstrap: str, **overrides: Any) -> Any:
    """A producer that only counts a message sent once every in-sync replica has it."""
    kafka = _kafka()
    settings: dict[str, Any] = dict(
        bootstrap_servers=bootstrap.split(","),
        client_id="encore",
        acks="all",
        retries=5,
        retry_backoff_ms=200,
        linger_ms=20,
        batch_size=256 * 1024,
        max_in_flight_requests_per_connection=5,
        request_timeout_ms=10_000,
        max_block_ms=5_000,
        bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
        reconnect_backoff_max_ms=2_000,
    )
    settings.update(overrides)
    return _connect(kafka.KafkaProducer, bootstrap, settings)


def make_consumer(bootstrap: str, topics: tuple[str, ...], **overrides: Any) -> Any:
    """A consumer-group member that never commits on its own: callers commit after storing."""
    kafka = _kafka()
    settings: dict[str, Any] = dict(
        bootstrap_servers=bootstrap.split(","),
        client_id="encore-worker",
        group_id=WORKER_GROUP,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        # A short session makes the first group join (and a restart after a crash) take seconds,
        # not the ~25 s a default session timeout costs on a single-broker setup.
        session_timeout_ms=6_000,
        heartbeat_interval_ms=2_000,
        max_poll_records=5_000,
        # Per-track aggregates cost one MongoDB update per distinct track in a batch, so larger
        # batches (more events per track) are cheaper per event. Producer envelopes hold up to
        # 500 events (~100 KB), and the 1 MB default per partition capped a poll near 15,000.
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024,
        max_poll_interval_ms=300_000,
        request_timeout_ms=30_000,
        bootstrap_timeout_ms=5_000,
        reconnect_backoff_max_ms=2_000,
    )
    settings.update(overrides)
    consumer = _connect(kafka.KafkaConsumer, bootstrap, settings)
    consumer.subscribe(list(topics))
    return consumer


def ensure_topics(bootstrap: str, topics: tuple[str, ...] = ALL_TOPICS) -> None:
    """Create Encore's topics if they are missing (idempotent)."""
    kafka = _kafka()
    from kafka.admin import NewTopic

    admin = _connect(
        kafka.KafkaAdminClient,
        bootstrap,
        dict(
            bootstrap_servers=bootstrap.split(","),
            client_id="encore-admin",
            request_timeout_ms=10_000,
            bootstrap_timeout_ms=3_000,
        ),
    )
    try:
        existing = set(admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            new = [NewTopic(t, PARTITIONS.get(t, 1), 1) for t in missing]
            # Another client may create one between our list and create.
            with contextlib.suppress(kafka.errors.TopicAlreadyExistsError):
                admin.create_topics(new)
            log.info("created Kafka topics %s", ", ".join(missing))
    except kafka.errors.KafkaError as exc:
        raise BrokerError(f"Kafka at {bootstrap}: cannot create topics ({exc})") from None
    finally:
        admin.close()
