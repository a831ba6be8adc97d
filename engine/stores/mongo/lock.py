"""One writer per job on a server library: a lease document in ``state``.

Processes on several machines share the database, so no file lock can serialise them. The holder
renews its lease from a thread while the job runs; a holder that died (SIGKILL, power loss)
stops renewing, and its lease is taken over once it has expired.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from pymongo.errors import DuplicateKeyError, PyMongoError

from engine.stores.mongo.core import MongoCore

LEASE_S = 30.0  # how long a silent holder keeps the lock
_RENEW_S = LEASE_S / 3
_RETRY_S = 0.5


class MongoLock(MongoCore):
    @contextmanager
    def exclusive(self, job: str, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        key = f"lock:{job}"
        token = uuid.uuid4().hex
        holder = f"PID {os.getpid()} on {socket.gethostname()}"
        pause = threading.Event()  # never set: waits between attempts are only pauses
        told = False
        while not self._take(key, token, holder):
            if not told and on_wait is not None:
                doc = self._state.find_one({"_id": key}) or {}
                on_wait(f"another {job} of this library is running ({doc.get('holder', '?')})")
                told = True
            pause.wait(_RETRY_S)
        done = threading.Event()
        renewer = threading.Thread(
            target=self._renew, args=(key, token, done), name=f"lease-{job}", daemon=True
        )
        renewer.start()
        try:
            yield
        finally:
            done.set()
            renewer.join()
            with suppress(PyMongoError):  # else the lease expires by itself
                self._state.delete_one({"_id": key, "token": token})

    def _take(self, key: str, token: str, holder: str) -> bool:
        now = time.time()
        try:
            self._state.update_one(
                {"_id": key, "expires_at": {"$lt": now}},
                {"$set": {"token": token, "holder": holder, "expires_at": now + LEASE_S}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # the document exists and its lease is live: held by someone else
        except PyMongoError as exc:
            raise self.error(exc) from None
        return True

    def _renew(self, key: str, token: str, done: threading.Event) -> None:
        while not done.wait(_RENEW_S):
            with suppress(PyMongoError):  # the server is away: the job's writes will say so
                self._state.update_one(
                    {"_id": key, "token": token}, {"$set": {"expires_at": time.time() + LEASE_S}}
                )
