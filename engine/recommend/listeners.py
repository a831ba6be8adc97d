"""Where "listeners like you" results live in MongoDB, and how For you reads them.

A run writes its documents under its own run id, then points ``als_state.active`` at it and
removes the older runs' documents: a reader sees one whole run, old or new, never a mix.

``history clear`` removes a listener's lists and counts the clear in ``als_state``
(``cleared:<listener>``). A run notes those counts before it reads events and, once saved,
drops the lists of listeners whose count moved since: they were made from events that were
being cleared. Counts, not clocks, since the clearing machine's clock is not the server's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import StoreError

if TYPE_CHECKING:
    from pymongo.database import Database

TOP = "listener_top"
FACTORS = "item_factors"
STATE = "als_state"
BATCH = 1000
CLEARED = "cleared:"


class ListenerResults:
    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def open(cls, uri: str) -> ListenerResults:
        from engine.events.runtime import mongo_database

        return cls(mongo_database(uri))

    def close(self) -> None:
        self.database.client.close()

    def save(
        self,
        run_id: str,
        top: Mapping[str, Sequence[tuple[str, float]]],
        item_ids: Sequence[str],
        item_factors: np.ndarray,
        *,
        cleared_since: Mapping[str, int] | None = None,
    ) -> None:
        """Write a run's documents in unordered batches, then make it the active one.

        ``item_factors`` has shape ``(len(item_ids), rank)``. ``cleared_since``: the
        :meth:`clear_marks` taken before the run read its events.
        """
        from pymongo.errors import PyMongoError

        try:
            for docs, name in (
                (
                    (
                        {
                            "_id": f"{run_id}:{who}",
                            "run": run_id,
                            "listener": who,
                            "tracks": [[t, float(s)] for t, s in picks],
                        }
                        for who, picks in top.items()
                    ),
                    TOP,
                ),
                (
                    (
                        {
                            "_id": f"{run_id}:{tid}",
                            "run": run_id,
                            "track": tid,
                            "f": vec,
                        }
                        for tid, vec in zip(item_ids, item_factors.tolist(), strict=True)
                    ),
                    FACTORS,
                ),
            ):
                for chunk in _chunks(docs):
                    self.database[name].insert_many(chunk, ordered=False)
            self.database[STATE].replace_one(
                {"_id": "active"}, {"_id": "active", "run": run_id}, upsert=True
            )
            for name in (TOP, FACTORS):
                self.database[name].delete_many({"run": {"$ne": run_id}})
            if cleared_since is not None:
                # After the insert: a clear counted later deletes these documents itself.
                moved = [
                    who for who, n in self.clear_marks().items() if cleared_since.get(who) != n
                ]
                if moved:
                    self.database[TOP].delete_many({"run": run_id, "listener": {"$in": moved}})
        except PyMongoError as exc:
            raise StoreError(f"MongoDB: could not save listener results ({exc})") from None

    def clear_marks(self) -> dict[str, int]:
        """How many times each listener has cleared their history."""
        from pymongo.errors import PyMongoError

        try:
            docs = self.database[STATE].find({"_id": {"$regex": f"^{CLEARED}"}})
            return {d["_id"][len(CLEARED) :]: int(d["n"]) for d in docs}
        except PyMongoError as exc:
            raise StoreError(f"MongoDB: could not read listener results ({exc})") from None

    def clears(self, listener: str) -> int:
        """How many times ``listener`` has cleared their history, on any device (one read)."""
        from pymongo.errors import PyMongoError

        try:
            doc = self.database[STATE].find_one({"_id": CLEARED + listener})
        except PyMongoError as exc:
            raise StoreError(f"MongoDB: could not read listener results ({exc})") from None
        return 0 if doc is None else int(doc["n"])

    def forget(self, listener: str) -> int:
        """Remove the listener's top songs from every stored run (``history clear``); the
        number of lists removed. The next training computes them again from what is left."""
        from pymongo.errors import PyMongoError

        try:
            # Counted first, so a run saving between the two steps sees the count move.
            self.database[STATE].update_one(
                {"_id": CLEARED + listener}, {"$inc": {"n": 1}}, upsert=True
            )
            return int(self.database[TOP].delete_many({"listener": listener}).deleted_count)
        except PyMongoError as exc:
            raise StoreError(f"MongoDB: could not remove listener results ({exc})") from None

    def active_run(self) -> str | None:
        doc = self.database[STATE].find_one({"_id": "active"})
        return None if doc is None else str(doc["run"])

    def top_for(self, listener: str) -> list[tuple[str, float]]:
        """The listener's songs from the active run, best first (``[]`` before any run)."""
        run = self.active_run()
        if run is None:
            return []
        doc = self.database[TOP].find_one({"_id": f"{run}:{listener}"})
        return [] if doc is None else [(str(t), float(s)) for t, s in doc["tracks"]]

    def factors(self, track_ids: Sequence[str]) -> dict[str, list[float]]:
        run = self.active_run()
        if run is None:
            return {}
        ids = [f"{run}:{t}" for t in track_ids]
        return {d["track"]: d["f"] for d in self.database[FACTORS].find({"_id": {"$in": ids}})}


def _chunks(docs: Iterator[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for doc in docs:
        chunk.append(doc)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
