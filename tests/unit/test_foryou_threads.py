"""For you while events arrive: the player's thread records a play (``Personal.add``) while
another thread asks For you, the mixes or "what next". A question answers from one state of
the model — the one before the event or the one after, never a mix of both — and never waits
for the event.

Each test pauses the question at a fixed point (a patched function it calls), records the event
on the main thread meanwhile, then lets the question finish: the interleaving is the same on
every run, no sleeps. Before questions read a snapshot, each of these returned a list made of
both states (a song played that instant offered by a list scored with it as a favourite).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
import pytest

import engine.recommend.foryou as foryou_module
import engine.recommend.personal as personal_module
from bench.synthetic_library import SyntheticLibrary, make_library
from engine.events.wire import PlayEvent
from engine.models import Recommendation
from engine.phrases import Phrase
from engine.recommend.foryou_reasons import CLOSE_TO_TASTE
from engine.recommend.personal import Personal
from engine.recommend.together import REASON_OFTEN, REASON_ONCE, SESSION_GAP
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_foryou import ME, NOW, event, of_blob, two_tastes
from tests.unit.test_popular import ListLog

T = TypeVar("T")
# Only a guard against a question that waits for the event after all: the test then fails
# instead of hanging (the paused thread never needs it to pass).
GUARD_S = 60.0


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(360, n_blobs=6, album_size=10, rng=rng)


class Paused:
    """A question on its own thread, held at its first call of the patched function."""

    def __init__(self, ask: Callable[[], T]) -> None:
        self.reached, self.go = threading.Event(), threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self._ask = ask
        self._thread = threading.Thread(target=self._run, daemon=True)

    def hold(self, original: Callable[..., T]) -> Callable[..., T]:
        first = [True]

        def held(*args: object, **kwargs: object) -> T:
            if first[0] and threading.current_thread() is self._thread:
                first[0] = False
                self.reached.set()
                assert self.go.wait(GUARD_S), "the event was never recorded"
            return original(*args, **kwargs)

        return held

    def _run(self) -> None:
        try:
            self.result = self._ask()
        except BaseException as error:  # handed to the test's thread
            self.error = error

    @contextmanager
    def running(self) -> Iterator[None]:
        """Start the question, yield once it is held mid-way, then let it finish."""
        self._thread.start()
        assert self.reached.wait(GUARD_S), "the question never reached the pause"
        try:
            yield
        finally:
            self.go.set()
            self._thread.join(GUARD_S)
        assert not self._thread.is_alive()
        if self.error is not None:
            raise self.error


def _ids(recs: list[Recommendation]) -> list[str]:
    return [r.track.track_id for r in recs]


def test_for_you_answers_from_the_state_before_an_event_it_overlaps(
    monkeypatch: pytest.MonkeyPatch, store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    before = _ids(personal.for_you(20))
    top = before[0]
    question = Paused(lambda: _ids(personal.for_you(20)))
    # Held after the banned songs are read, before any centre's list is scored.
    monkeypatch.setattr(foryou_module, "_present_mask", question.hold(foryou_module._present_mask))
    with question.running():
        personal.add(event(top, "complete", age_days=0.0))  # heard now: a favourite, banned
    assert question.result == before
    after = _ids(personal.for_you(20))
    assert top not in after and after != before


def test_the_mixes_answer_from_the_state_before_an_event_they_overlap(
    monkeypatch: pytest.MonkeyPatch, store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)

    def mixes() -> list[tuple[str, ...]]:
        return [tuple(t.track_id for t in m.tracks) for m in personal.your_mixes()]

    before = mixes()
    assert len(before) == 2
    new = of_blob(library, 0)[8]  # of the first taste, never played
    question = Paused(mixes)
    # Held at the first mix's list of new songs.
    monkeypatch.setattr(personal_module, "for_you", question.hold(personal_module.for_you))
    with question.running():
        for kind in ("complete", "like"):
            personal.add(event(new, kind, age_days=0.0))
    assert question.result == before
    assert mixes() != before


def _at(tid: str, timestamp: float) -> PlayEvent:
    return PlayEvent(tid, "complete", ME, position=200.0, duration=200.0, timestamp=timestamp)


def test_what_next_takes_its_reasons_from_the_links_its_scores_came_from(
    monkeypatch: pytest.MonkeyPatch, store: SQLiteStore, library: SyntheticLibrary
) -> None:
    a, b, c = of_blob(library, 2)[:3]
    first = NOW - 3 * SESSION_GAP
    # One sitting of a, b, c: a and b played together once.
    history = [_at(tid, first + 200 * i) for i, tid in enumerate((a, b, c))]
    personal = Personal(store, ListLog(history), listener=ME, now=lambda: NOW)
    audio = [Recommendation(store.get_tracks([b])[b], 0.5, CLOSE_TO_TASTE)]

    def reason() -> Phrase:
        return {r.track.track_id: r.reason for r in personal.blend_similar(a, audio, 5)}[b]

    assert reason() == REASON_ONCE
    question = Paused(reason)
    # Held once the links are blended into scores, before the reasons are given.
    monkeypatch.setattr(personal_module, "blend", question.hold(personal_module.blend))
    with question.running():
        # A second sitting of a then b: linked when c starts.
        again = NOW - SESSION_GAP / 2
        for i, tid in enumerate((a, b, c)):
            personal.add(_at(tid, again + 200 * i))
    assert question.result == REASON_ONCE
    assert reason() == REASON_OFTEN
