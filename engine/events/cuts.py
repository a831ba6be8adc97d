"""A cleared history stays cleared on the server: the clear's cut-off, which the worker honours.

``history clear`` deletes a listener's events in MongoDB, but events already published to Kafka
and not yet consumed would be written again after it. So the clear first records a cut-off per
listener (:data:`CUTS_COLLECTION`: ``{_id: listener, before: unix seconds}``: the ``--before``
day, or the clear's own time for a whole clear), and the worker drops that listener's events
older than it (:func:`after_cut`) before they are stored or counted. Cut-offs only grow: a later
clear of less (an earlier ``--before``) cannot let back what an earlier one cleared.

The event times are the recording device's clock and a whole clear's cut-off the clearing
machine's: on one machine they agree; another device's clock minutes behind would lose the
events it records in those first minutes after a clear.

An import of history is the listener's own later act, with old times on purpose: ``history
import`` in server mode lifts the listener's cut-off (:func:`lift_cut`) so what it imports is
stored, not dropped as cleared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from engine.events.wire import PlayEvent

if TYPE_CHECKING:
    from pymongo.database import Database

CUTS_COLLECTION = "history_cuts"


def record_cut(database: Database, listener: str, before: float) -> None:
    """Events of ``listener`` before ``before`` are from now on dropped by the worker."""
    database[CUTS_COLLECTION].update_one(
        {"_id": listener}, {"$max": {"before": float(before)}}, upsert=True
    )


def lift_cut(database: Database, listener: str) -> bool:
    """The listener's cut-off goes (an import follows); True if there was one."""
    return database[CUTS_COLLECTION].delete_one({"_id": listener}).deleted_count > 0


def cuts_for(database: Database, listeners: Iterable[str]) -> dict[str, float]:
    """The cut-offs of these listeners (one query; those with none are absent)."""
    wanted = sorted(set(listeners))
    if not wanted:
        return {}
    found = database[CUTS_COLLECTION].find({"_id": {"$in": wanted}}, {"before": 1})
    return {doc["_id"]: float(doc["before"]) for doc in found}


def after_cut(events: list[PlayEvent], cuts: dict[str, float]) -> list[PlayEvent]:
    """The events no clear has cut off."""
    return [e for e in events if e.timestamp >= cuts.get(e.who, float("-inf"))]
