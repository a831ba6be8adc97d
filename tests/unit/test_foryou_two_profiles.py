"""Two profiles on one machine, one event log: each one's For you is built from their own
events only (issue #12 item 6), end to end through the real SQLite store and outbox and the
``encore`` commands; one clearing their history leaves the other's."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.cli import main
from engine.context import build_context
from engine.events.wire import PlayEvent
from engine.recommend.popularity import DAY


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(240, n_blobs=4, album_size=10, rng=rng)


def _blob(library: SyntheticLibrary, blob: int) -> list[str]:
    return [t for t, b in zip(library.ids, library.blobs, strict=True) if b == blob]


def _record(profile: str, songs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENCORE_PROFILE", profile)
    now = time.time()
    with build_context() as ctx:
        for i, tid in enumerate(songs):
            for days in (4, 9):
                ctx.recorder.record(
                    PlayEvent(
                        tid,
                        "complete",
                        ctx.config.device_id,
                        position=200.0,
                        duration=200.0,
                        timestamp=now - days * DAY - i,
                    )
                )


def _for_you(profile: str, monkeypatch, capsys) -> list[str]:
    monkeypatch.setenv("ENCORE_PROFILE", profile)
    capsys.readouterr()
    assert main(["foryou", "-k", "20", "--json"]) == 0
    return [r["track_id"] for r in json.loads(capsys.readouterr().out)]


def test_two_profiles_in_one_store_never_see_each_others_events(
    library: SyntheticLibrary, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with build_context() as ctx:
        fill_store(ctx.store, library)
    ann, bob = _blob(library, 0)[:8], _blob(library, 2)[:8]
    sound = dict(zip(library.ids, library.blobs.tolist(), strict=True))
    _record("ann", ann, monkeypatch)
    alone = _for_you("ann", monkeypatch, capsys)
    assert alone and sound[alone[0]] == 0
    _record("bob", bob, monkeypatch)
    # Bob's plays in the same log change nothing of Ann's list, and his is his own taste.
    assert _for_you("ann", monkeypatch, capsys) == alone
    for_bob = _for_you("bob", monkeypatch, capsys)
    assert for_bob and sound[for_bob[0]] == 2
    # A third profile with no history of its own gets nothing, not the others' tastes.
    assert _for_you("cid", monkeypatch, capsys) == []

    monkeypatch.setenv("ENCORE_PROFILE", "ann")
    assert main(["history", "clear", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["local"] == 16
    assert _for_you("ann", monkeypatch, capsys) == []
    assert _for_you("bob", monkeypatch, capsys) == for_bob
