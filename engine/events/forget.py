"""``history clear``: a listener's play events removed, here and (server mode) on the server.

Locally the listener's outbox rows are deleted (another profile's on the same machine stay),
delivered or not (so what has not shipped yet never will). On the server the same listener's
events leave MongoDB's ``play_events``, and the per-track counts the worker keeps
(``track_stats``) are lowered by what was removed, so status figures stay true. The
listener's "listeners like you" list (every run's) goes as well, with ``--before`` too: it was
computed from events that include the cleared ones, and For you would keep blending it in until
the next training. Before any of that the clear records its cut-off on the server
(:mod:`engine.events.cuts`), so events still in Kafka, published before the clear and consumed
after it, are dropped by the worker instead of coming back. The songs' factors stay: they are
shared by every listener (the only way one listener's events may reach another's For you).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.errors import StoreError
from engine.events.cuts import lift_cut, record_cut
from engine.events.kafka import PLAY_EVENTS
from engine.events.log import (
    PLAY_EVENTS_COLLECTION,
    STATS_COLLECTION,
    listener_match,
    stats_increments,
)
from engine.events.outbox import Outbox

if TYPE_CHECKING:
    from pymongo.database import Database


@dataclass(frozen=True, slots=True)
class Forgotten:
    local: int
    server: OnServer | None  # None: embedded mode, nothing on a server


@dataclass(frozen=True, slots=True)
class OnServer:
    """What left MongoDB."""

    events: int
    listener_lists: int  # the listener's ALS top songs, one per stored run


def forget_history(
    outbox: Outbox,
    listener: str,
    mongo_uri: str | None,
    *,
    before: float | None,
    now: float | None = None,
) -> Forgotten:
    """``history clear`` (the command and the desktop's action): here, then on the server.
    A whole clear (``before`` None) cuts off at ``now`` (the clock by default)."""
    from engine.events.runtime import mongo_database

    local = forget_local(outbox, listener, before=before)
    if not mongo_uri:
        return Forgotten(local, None)
    database = mongo_database(mongo_uri)
    try:
        return Forgotten(local, forget_on_server(database, listener, before=before, now=now))
    finally:
        database.client.close()


def forget_local(outbox: Outbox, listener: str, *, before: float | None) -> int:
    """This listener's rows (:attr:`PlayEvent.who`): another profile's on a shared machine
    stay, as on the server."""
    return outbox.delete(PLAY_EVENTS, who=listener, before=before)


def forget_on_server(
    database: Database, listener: str, *, before: float | None, now: float | None = None
) -> OnServer:
    """Record the cut-off (``before``, else the clear's time ``now``, by default the clock),
    then delete the listener's events in MongoDB, take them out of ``track_stats`` and drop
    the ALS list made from them. The cut-off first: from then on the worker drops what is
    still in Kafka, and what it stored just before goes with the rest."""
    from pymongo import UpdateOne
    from pymongo.errors import PyMongoError

    from engine.recommend.listeners import ListenerResults

    # The listener's events: stamped with it, or (recorded without a profile) from its device.
    match = listener_match(listener)
    if before is not None:
        match["timestamp"] = {"$lt": before}
    events = database[PLAY_EVENTS_COLLECTION]
    fields = {"track_id": 1, "type": 1, "position": 1, "duration": 1}
    try:
        whole = time.time() if now is None else now
        record_cut(database, listener, whole if before is None else before)
        increments = stats_increments(events.find(match, fields))
        removed = events.delete_many(match).deleted_count
        ops = [
            UpdateOne({"_id": track_id}, {"$inc": {k: -n for k, n in inc.items()}})
            for track_id, inc in increments.items()
        ]
        if ops:
            database[STATS_COLLECTION].bulk_write(ops, ordered=False)
    except PyMongoError as exc:
        raise StoreError(f"MongoDB: could not clear the history ({exc})") from None
    return OnServer(int(removed), ListenerResults(database).forget(listener))


def allow_imported(mongo_uri: str | None, listener: str) -> None:
    """``history import`` in server mode: lift the listener's cut-off, or the worker would drop
    the imported (old) events as cleared (:mod:`engine.events.cuts`)."""
    if not mongo_uri:
        return
    from pymongo.errors import PyMongoError

    from engine.events.runtime import mongo_database

    database = mongo_database(mongo_uri)
    try:
        lift_cut(database, listener)
    except PyMongoError as exc:
        raise StoreError(f"MongoDB: could not prepare the import ({exc})") from None
    finally:
        database.client.close()
