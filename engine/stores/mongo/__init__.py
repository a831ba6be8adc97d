"""The server-mode store: MongoDB through pymongo.

The class is assembled from one module per concern on a shared client core (:mod:`.core`):
the library (:mod:`.library`), analysis results (:mod:`.analysis`, with vectors reported by
other machines in :mod:`.reported`), training runs (:mod:`.runs`) and playlists
(:mod:`.playlists`). Collections and indexes are in :mod:`engine.stores.mongo_schema`;
document shapes in :mod:`.documents`.

Every pymongo error leaves as a one-line :class:`~engine.errors.StoreError` naming the server
(without credentials), so the CLI and the desktop can report it and carry on playing.
"""

from __future__ import annotations

from engine.stores.mongo.analysis import MongoAnalysis
from engine.stores.mongo.library import MongoLibrary
from engine.stores.mongo.lock import MongoLock
from engine.stores.mongo.playlists import MongoPlaylists
from engine.stores.mongo.reported import REPORTED_PATH_PREFIX, write_reported_features
from engine.stores.mongo.runs import MongoRuns


class MongoStore(MongoLibrary, MongoAnalysis, MongoRuns, MongoPlaylists, MongoLock):
    """:class:`~engine.stores.protocol.Store` on MongoDB; the database comes from the URI's path
    (``mongodb://host:27017/encore``) or defaults to ``encore``."""


__all__ = ["REPORTED_PATH_PREFIX", "MongoStore", "write_reported_features"]
