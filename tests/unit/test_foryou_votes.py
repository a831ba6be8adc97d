"""The served lists' votes in For you (engine/recommend/votes.py): each loved song's "what next"
list votes for its songs by the song's affinity share over (1 + rank), and a centre's head is
re-ordered by score plus those votes — a song the loved songs are served first moves up."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.library_ops.personal import open_personal
from engine.models import Recommendation, Track
from engine.phrases import NO_REASON
from engine.recommend.foryou import VOTE_HEAD, for_you
from engine.recommend.personal import Personal
from engine.recommend.recommender import Recommender, RecommendError
from engine.recommend.votes import LIST_LENGTH, VOTERS, ServedLists
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_foryou import ME, NOW, event, of_blob
from tests.unit.test_popular import ListLog


def _track(tid: str) -> Track:
    return Track(track_id=tid, path=f"/music/{tid}.ogg", title=tid, duration=180.0)


class FakeLists:
    """``recommend(track_id, k)`` from fixed lists, counting the questions."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self.asked: list[str] = []

    def __call__(self, track_id: str, k: int) -> Sequence[Recommendation]:
        self.asked.append(track_id)
        if track_id not in self.lists:
            raise RecommendError(f"{track_id}: no such track in the library")
        return [Recommendation(_track(t), 0.5, NO_REASON) for t in self.lists[track_id][:k]]


def test_votes_are_affinity_shares_over_one_plus_rank_and_each_list_is_asked_once() -> None:
    lists = FakeLists({"a": ["x", "y"], "b": ["y"]})
    served = ServedLists(lists)
    affinity = {"a": 3.0, "b": 1.0, "gone": 2.0, "skipped": -1.0}
    votes = served.votes(["a", "gone", "b", "skipped"], affinity)
    # "gone" has no list (the recommender refuses it): its share still counts in the total,
    # so a vote is a share of the centre, not of the songs that happen to have lists.
    assert votes == pytest.approx({"x": 3 / 6, "y": 3 / 6 / 2 + 1 / 6})
    served.votes(["a", "gone", "b"], affinity)
    assert sorted(lists.asked) == ["a", "b", "gone"]  # kept, refusals included


def one_taste(library: SyntheticLibrary) -> list:
    """Six songs of sound 0 finished twice: one taste centre."""
    return [e for tid in of_blob(library, 0)[:6] for e in (event(tid), event(tid, age_days=8.0))]


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(360, n_blobs=6, album_size=10, rng=rng)


def test_a_song_every_loved_song_is_served_first_moves_up(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    fill_store(store, library)
    personal = Personal(store, ListLog(one_taste(library)), listener=ME, now=lambda: NOW)
    taste, tracks = personal.snapshot()
    assert len(taste.centres) == 1
    loved = list(taste.centres[0].members)

    def order(served: ServedLists | None, k: int = 20) -> list[str]:
        # No artist/album rule: the centre's own order.
        found = for_you(taste, tracks, now=NOW, k=k, per_source=None, served=served)
        return [s.track_id for s in found]

    before = order(None)
    promoted, passed = before[7], before[:7]
    after = order(ServedLists(FakeLists({t: [promoted] for t in loved})))
    assert after.index(promoted) < 7
    # Nobody else gained a vote: the songs it passed keep their order, one place down.
    assert [t for t in after if t in passed] == passed
    # A song beyond the re-ordered head gains nothing from its votes: they break near-ties
    # in For you's own order, they do not bring up songs from far down it.
    far = order(None, k=2 * VOTE_HEAD)
    stranger = far[VOTE_HEAD + 10]
    voted = order(ServedLists(FakeLists({t: [stranger] for t in loved})), k=2 * VOTE_HEAD)
    assert voted.index(stranger) == VOTE_HEAD + 10


def test_the_recommenders_lists_raise_the_songs_they_serve(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    """With the real recommender (its first pass: no training run), For you's first ten put
    what the loved songs are served earlier than without its votes."""
    fill_store(store, library)
    events = ListLog(one_taste(library))
    plain = Personal(store, events, listener=ME, now=lambda: NOW)
    voted = Personal(store, events, listener=ME, now=lambda: NOW, recommender=Recommender(store))
    taste, _ = voted.snapshot()
    assert voted.served is not None
    votes = voted.served.votes(taste.centres[0].members, taste.affinity)
    without = [r.track.track_id for r in plain.for_you(10)]
    with_votes = [r.track.track_id for r in voted.for_you(10)]
    assert with_votes != without

    def served_early(ranking: list[str]) -> float:
        """The votes of a list's songs, each counted by how early it comes."""
        return sum(votes.get(t, 0.0) / (1 + i) for i, t in enumerate(ranking))

    assert served_early(with_votes) > served_early(without)
    # Scores stay on the 0..1 scale and agree with the order.
    scores = [r.score for r in voted.for_you(10)]
    assert all(0 < s <= 1 for s in scores) and scores == sorted(scores, reverse=True)


def test_every_personal_the_engine_opens_has_the_recommenders_lists(
    store: SQLiteStore, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``open_personal`` is where the desktop, ``encore foryou`` and server mode get their
    listener: each one's For you is voted on by a recommender (the one passed, else its own)."""
    from engine.context import build_context

    monkeypatch.setenv("ENCORE_HOME", str(tmp_path))
    with build_context() as ctx:
        mine = Recommender(ctx.store)
        given = open_personal(ctx, mine)
        made = open_personal(ctx)
        try:
            assert given.recommender is mine and given.served is not None
            assert isinstance(made.recommender, Recommender) and made.served is not None
        finally:
            given.close()
            made.close()


def test_a_large_library_before_its_first_run_keeps_for_yous_own_order(
    store: SQLiteStore, library: SyntheticLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before training, a served list is the first pass's exact scan of every song: seconds a
    list at 100k. Past the size the first pass searches quickly, the lists do not vote."""
    import engine.recommend.clustering as clustering

    fill_store(store, library)
    monkeypatch.setattr(clustering, "EXACT_MAX_TRACKS", len(library.ids) - 1)
    events = ListLog(one_taste(library))
    voted = Personal(store, events, listener=ME, now=lambda: NOW, recommender=Recommender(store))
    assert voted.served is None
    plain = Personal(store, events, listener=ME, now=lambda: NOW)
    assert [r.track.track_id for r in voted.for_you(10)] == [
        r.track.track_id for r in plain.for_you(10)
    ]


def test_an_event_returns_before_its_voters_list_comes_and_the_list_votes_once_kept(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    """The song an event makes a voter has its list asked for off the recording thread: the
    event returns while that query is held up, For you answers meanwhile without it, and once
    the worker has run the list is kept and votes."""
    fill_store(store, library)
    recommender = Recommender(store)
    real = recommender.recommend
    new_voter = of_blob(library, 0)[6]  # of the loved sound, not loved yet
    recording = threading.current_thread()
    asked_on: list[threading.Thread] = []
    asked, release = threading.Event(), threading.Event()

    def recommend(track_id: str, k: int) -> list[Recommendation]:
        if track_id == new_voter:
            asked_on.append(threading.current_thread())
            asked.set()
            if threading.current_thread() is not recording:  # held up, off the test's thread
                release.wait()
        return real(track_id, k)

    recommender.recommend = recommend  # type: ignore[method-assign]
    personal = Personal(
        store, ListLog(one_taste(library)), listener=ME, now=lambda: NOW, recommender=recommender
    )
    try:
        personal.for_you(10)  # the loved songs' lists, asked for by the first question
        served = personal.served
        assert served is not None
        personal.add(event(new_voter, "like", age_days=0.0))
        assert asked.wait(timeout=60)
        assert asked_on == [asked_on[0]] and asked_on[0] is not recording
        taste, _ = personal.snapshot()
        centre = next(c for c in taste.centres if new_voter in c.members)
        assert new_voter in centre.members[:VOTERS]
        # Still held up: not kept, For you answers without waiting, the song votes for nobody.
        assert served.held(new_voter) is None
        assert personal.for_you(10)
        before = served.votes(centre.members, taste.affinity)
        release.set()
        personal.wait_for_lists()
        listed = tuple(r.track.track_id for r in real(new_voter, LIST_LENGTH))
        assert listed and served.held(new_voter) == listed
        after = served.votes(centre.members, taste.affinity)
        assert after[listed[0]] > before.get(listed[0], 0.0)
        assert len(asked_on) == 1  # asked once: the question meanwhile did not ask again
    finally:
        release.set()
        personal.close()
