"""For you: several taste centres from one listener's events, fresh songs only, both tastes
served, updated one event at a time, and nothing invented or borrowed from other listeners."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, fill_store, make_library
from engine.events.wire import PlayEvent
from engine.models import UNKNOWN_ARTIST
from engine.recommend.personal import Personal
from engine.recommend.popularity import DAY
from engine.recommend.taste import Taste
from engine.stores.sqlite import SQLiteStore
from tests.unit.test_popular import ListLog

NOW = 1_800_000_000.0
ME, OTHER = "me", "neighbour"


def event(
    tid: str,
    kind: str = "complete",
    *,
    age_days: float = 5.0,
    who: str = ME,
    position: float = 200.0,
    duration: float = 200.0,
) -> PlayEvent:
    return PlayEvent(
        tid, kind, who, position=position, duration=duration, timestamp=NOW - age_days * DAY
    )


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    # 6 sounds, 10-song albums, 2 albums per artist.
    return make_library(360, n_blobs=6, album_size=10, rng=rng)


def of_blob(library: SyntheticLibrary, blob: int) -> list[str]:
    return [t for t, b in zip(library.ids, library.blobs, strict=True) if b == blob]


def two_tastes(library: SyntheticLibrary) -> list[PlayEvent]:
    """A listener who finishes songs of sound 0 and of sound 3, and skips sound 5 at once."""
    events = []
    for blob in (0, 3):
        for tid in of_blob(library, blob)[:6]:
            events += [event(tid), event(tid, age_days=8.0)]
    for tid in of_blob(library, 5)[:4]:
        events.append(event(tid, "skip", position=5.0))
    return events


def blob_of(library: SyntheticLibrary, tid: str) -> int:
    return int(library.blobs[library.ids.index(tid)])


def test_two_tastes_give_two_centres_and_for_you_serves_both(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    found = personal.for_you(12)
    assert len(found) == 12
    blobs = [blob_of(library, r.track.track_id) for r in found]
    assert set(blobs) == {0, 3}  # both tastes, nothing of the skipped or unplayed sounds
    assert min(blobs.count(0), blobs.count(3)) >= 4
    assert all(0.0 < r.score <= 1.0 and r.reason for r in found)
    assert [r.score for r in found if blob_of(library, r.track.track_id) == 0] == sorted(
        (r.score for r in found if blob_of(library, r.track.track_id) == 0), reverse=True
    )


def test_recently_played_and_early_skipped_songs_are_never_offered(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    events = two_tastes(library)
    recent = of_blob(library, 0)[6]
    events.append(event(recent, "play", age_days=0.5, position=60.0))
    skipped = of_blob(library, 3)[7]
    events.append(event(skipped, "skip", age_days=20.0, position=3.0))
    personal = Personal(store, ListLog(events), listener=ME, now=lambda: NOW)
    offered = {r.track.track_id for r in personal.for_you(30)}
    assert recent not in offered
    assert skipped not in offered
    assert not offered & set(of_blob(library, 5))


def test_at_most_two_songs_per_artist_and_album(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    tracks = [r.track for r in personal.for_you(10)]
    artists = [t.artist for t in tracks]
    albums = [t.album for t in tracks]
    assert max(artists.count(a) for a in artists) <= 2
    assert max(albums.count(a) for a in albums) <= 2


def test_other_listeners_events_never_count(store: SQLiteStore, library: SyntheticLibrary) -> None:
    theirs = [event(t, who=OTHER) for t in of_blob(library, 1)[:8] for _ in range(3)]
    personal = Personal(store, ListLog(theirs), listener=ME, now=lambda: NOW)
    assert personal.for_you(10) == []
    assert not personal.has_history
    mine = Personal(store, ListLog(theirs + two_tastes(library)), listener=ME, now=lambda: NOW)
    assert 1 not in {blob_of(library, r.track.track_id) for r in mine.for_you(20)}


def test_one_new_event_updates_the_taste_in_place(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    assert {blob_of(library, r.track.track_id) for r in personal.for_you(20)} == {0, 3}
    liked = of_blob(library, 0)[9]
    personal.add(event(liked, "like", age_days=0.0))
    taste = personal.snapshot()[0]
    assert taste.affinity[liked] > 0
    centre = next(c for c in taste.centres if liked in c.members)
    assert all(blob_of(library, m) == 0 for m in centre.members)
    assert abs(sum(c.share for c in taste.centres) - 1.0) < 1e-9
    # An event of someone else changes nothing.
    before = dict(taste.affinity)
    personal.add(event(of_blob(library, 1)[0], "like", who=OTHER, age_days=0.0))
    assert personal.snapshot()[0].affinity == before


def test_incremental_centres_match_a_rebuild(library: SyntheticLibrary) -> None:
    z = library.matrix.astype(np.float64)
    events = two_tastes(library)
    built = Taste.build(library.ids, z, events, now=NOW)
    extra = [event(t, age_days=1.0) for t in of_blob(library, 3)[6:9]]
    for e in extra:
        built.add(e)
    rebuilt = Taste.build(library.ids, z, events + extra, now=NOW)
    assert len(built.centres) == len(rebuilt.centres) == 2
    for c in built.centres:
        nearest = min(rebuilt.centres, key=lambda r: float(((r.vector - c.vector) ** 2).sum()))
        assert np.allclose(nearest.vector, c.vector, atol=1e-6)
        assert abs(nearest.share - c.share) < 1e-9


def test_your_mixes_one_per_taste_centre(store: SQLiteStore, library: SyntheticLibrary) -> None:
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    mixes = personal.your_mixes(size=12)
    assert len(mixes) == 2
    for mix in mixes:
        assert len(mix.tracks) == 12
        assert len({blob_of(library, t.track_id) for t in mix.tracks}) == 1
        assert mix.name.code == "your_mix"


def test_your_mixes_are_named_after_an_artist_the_tags_name(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    # Untagged files read as "Unknown artist": a mix is named after the first of its taste's
    # songs that has an artist, or after nobody — never "Your mix 1: Unknown artist".
    played = {blob: of_blob(library, blob)[:6] for blob in (0, 3)}
    untagged = played[0][:-1] + played[3]
    found = store.get_tracks(untagged)
    store.upsert_tracks(replace(found[t], artist=UNKNOWN_ARTIST) for t in untagged)
    tagged = store.get_tracks([played[0][-1]])[played[0][-1]].artist
    personal = Personal(store, ListLog(two_tastes(library)), listener=ME, now=lambda: NOW)
    artists = sorted(str(m.name.value("artist") or "") for m in personal.your_mixes(size=12))
    assert artists == ["", tagged]


def test_your_mixes_offer_no_song_skipped_at_once_or_not_wanted(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    events = two_tastes(library)
    before = Personal(store, ListLog(events), listener=ME, now=lambda: NOW).your_mixes(size=12)
    new_in_mixes = [
        t.track_id
        for m in before
        for t in m.tracks
        if t.track_id not in {e.track_id for e in events}
    ]
    skipped, refused = new_in_mixes[0], new_in_mixes[-1]
    events += [event(skipped, "skip", age_days=1.0, position=4.0), event(refused, "dislike")]
    after = Personal(store, ListLog(events), listener=ME, now=lambda: NOW).your_mixes(size=12)
    offered = {t.track_id for m in after for t in m.tracks}
    assert skipped not in offered and refused not in offered
    assert all(len(m.tracks) == 12 for m in after)


def test_foryou_cli_without_history_says_so_and_json_is_empty(
    encore_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine.cli import main

    assert main(["foryou", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["foryou"]) == 0
    assert "no listening history yet" in capsys.readouterr().out


def test_foryou_cli_json_fields(
    encore_home: Path, library: SyntheticLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine.cli import main
    from engine.config import load_config
    from engine.context import build_context

    config = load_config()
    shift = time.time() - NOW  # the CLI reads the real clock
    with build_context(config) as ctx:
        fill_store(ctx.store, library)
        for e in two_tastes(library):
            ctx.recorder.record(
                PlayEvent(
                    e.track_id,
                    e.type,
                    config.device_id,
                    position=e.position,
                    duration=e.duration,
                    timestamp=e.timestamp + shift,
                )
            )
    assert main(["foryou", "-k", "5", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5
    for row in rows:
        assert {"track_id", "path", "title", "artist", "score", "reason"} <= row.keys()
        assert blob_of(library, row["track_id"]) in (0, 3)


class ServerTop:
    """What the server's ALS run holds for each listener (engine.recommend.listeners reads the
    same shape from MongoDB; tests/integration/test_als.py checks that part)."""

    def __init__(self, top: dict[str, list[tuple[str, float]]]) -> None:
        self.top = top

    def top_for(self, listener: str) -> list[tuple[str, float]]:
        return self.top.get(listener, [])

    def close(self) -> None:
        pass


def test_listeners_like_you_blend_in_with_their_reason(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    from engine.recommend.personal import ALS_REASON

    spread = of_blob(library, 4)[1::6]  # over its albums and artists
    from_others = [(t, 0.9 - i / 100) for i, t in enumerate(spread)]
    recent = spread[1]
    events = [*two_tastes(library), event(recent, "play", age_days=0.2, position=50.0)]
    personal = Personal(
        store,
        ListLog(events),
        listener=ME,
        now=lambda: NOW,
        listeners_like_you=ServerTop({ME: from_others}),
    )
    found = personal.for_you(20)
    als = [r for r in found if r.reason == ALS_REASON]
    assert 3 <= len(als) <= 8  # about a quarter, beside both taste centres
    assert {blob_of(library, r.track.track_id) for r in als} == {4}
    assert recent not in {r.track.track_id for r in found}  # same exclusions apply
    assert {0, 3} <= {blob_of(library, r.track.track_id) for r in found}
    # Another listener's server results are never used for me.
    other = Personal(
        store,
        ListLog(events),
        listener=ME,
        now=lambda: NOW,
        listeners_like_you=ServerTop({OTHER: from_others}),
    )
    assert not [r for r in other.for_you(20) if r.reason == ALS_REASON]


def test_not_interested_is_never_offered_and_a_like_takes_it_back(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    events = two_tastes(library)
    personal = Personal(store, ListLog(events), listener=ME, now=lambda: NOW)
    first = personal.for_you(5)[0].track.track_id
    personal.add(event(first, "dislike", age_days=0.0))
    assert first not in {r.track.track_id for r in personal.for_you(40)}
    assert personal.snapshot()[0].affinity[first] < 0  # a strong negative, not only hidden
    personal.add(event(first, "like", age_days=0.0))
    assert first not in personal.snapshot()[0].disliked


def test_a_profile_gathers_one_persons_devices(
    store: SQLiteStore, library: SyntheticLibrary
) -> None:
    from dataclasses import replace

    laptop = [replace(e, device_id="laptop", listener="ann") for e in two_tastes(library)]
    personal = Personal(store, ListLog(laptop), listener="ann", now=lambda: NOW)
    assert {blob_of(library, r.track.track_id) for r in personal.for_you(12)} == {0, 3}
    by_device = Personal(store, ListLog(laptop), listener="laptop", now=lambda: NOW)
    assert by_device.for_you(12) == []  # the profile, not the device, is the listener
