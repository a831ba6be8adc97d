"""Random one-off plays do not merge a listener's tastes: four sounds loved over months stay
four taste centres when songs from all over the library are played once on top, whether those
plays are in the history the model is built from or come one event at a time (issue #12:
several taste centres, not one average)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synthetic_library import SyntheticLibrary, make_library
from engine.events.wire import PlayEvent
from engine.recommend.taste import Taste, TasteCentre
from tests.unit.test_foryou import NOW, blob_of, event, of_blob

LOVED = (0, 1, 2, 3)


@pytest.fixture
def library(rng: np.random.Generator) -> SyntheticLibrary:
    return make_library(3_200, n_blobs=32, album_size=10, rng=rng)


def four_sounds(library: SyntheticLibrary) -> list[PlayEvent]:
    """30 songs of each loved sound, finished two or three times over the last 90 days."""
    events = []
    for blob in LOVED:
        for i, tid in enumerate(of_blob(library, blob)[:30]):
            events += [event(tid, age_days=age) for age in (10.0 + i, 40.0 + i, 70.0)[: 2 + i % 2]]
    return events


def one_offs(library: SyntheticLibrary, rng: np.random.Generator) -> list[PlayEvent]:
    """40 songs of the other sounds, each finished or liked once this week: recent, so each
    weighs more than a loved song's older plays, and some share a sound by chance."""
    others = [t for t in library.ids if blob_of(library, t) not in LOVED]
    picked = rng.choice(len(others), size=40, replace=False)
    return [
        event(others[int(i)], "like" if n % 3 == 0 else "complete", age_days=n / 10)
        for n, i in enumerate(picked)
    ]


def sound_of(taste: Taste, centre: TasteCentre, library: SyntheticLibrary) -> int:
    """The loved sound that holds most of the centre's affinity."""
    mass = dict.fromkeys(LOVED, 0.0)
    for tid in centre.members:
        if blob_of(library, tid) in mass:
            mass[blob_of(library, tid)] += taste.affinity[tid]
    return max(mass, key=mass.__getitem__)


def centre_sounds(taste: Taste, library: SyntheticLibrary) -> list[int]:
    return sorted(sound_of(taste, c, library) for c in taste.centres)


def test_one_offs_in_the_history_leave_four_centres(
    library: SyntheticLibrary, rng: np.random.Generator
) -> None:
    z = library.matrix.astype(np.float64)
    taste = Taste.build(library.ids, z, four_sounds(library) + one_offs(library, rng), now=NOW)
    assert centre_sounds(taste, library) == list(LOVED)
    # Each loved song is in its own sound's centre, and the centre sits in that sound.
    for centre in taste.centres:
        sound = sound_of(taste, centre, library)
        loved = [t for t in centre.members if blob_of(library, t) in LOVED]
        assert {blob_of(library, t) for t in loved} == {sound}
        nearest = np.argmin(
            ((z[[library.ids.index(t) for t in loved]] - centre.vector) ** 2).sum(1)
        )
        assert np.sum((centre.vector - z[library.ids.index(loved[nearest])]) ** 2) < 200.0
    assert abs(sum(c.share for c in taste.centres) - 1.0) < 1e-9


def test_one_offs_arriving_one_at_a_time_leave_four_centres(
    library: SyntheticLibrary, rng: np.random.Generator
) -> None:
    z = library.matrix.astype(np.float64)
    taste = Taste.build(library.ids, z, four_sounds(library), now=NOW)
    assert centre_sounds(taste, library) == list(LOVED)
    regroups = 0
    original = taste.regroup

    def counted(*, seed: int = 0) -> None:
        nonlocal regroups
        regroups += 1
        original(seed=seed)

    taste.regroup = counted  # type: ignore[method-assign]
    vectors = [c.vector for c in taste.centres]
    for played in one_offs(library, rng):
        taste.add(played)
        assert centre_sounds(taste, library) == list(LOVED)
    assert regroups >= 2  # the far songs did regroup the taste, and it kept its four
    # Where they were, as the same objects: For you's distances to them are still good.
    assert all(any(c.vector is v for v in vectors) for c in taste.centres)
    assert abs(sum(c.share for c in taste.centres) - 1.0) < 1e-9


def test_a_listener_of_songs_from_everywhere_is_grouped_whole(
    library: SyntheticLibrary, rng: np.random.Generator
) -> None:
    """No sound holds a twentieth of their plays: there are no one-offs beside a taste to set
    aside, so every song is in a centre's mean, as before one-offs were."""
    picked = rng.choice(len(library.ids), size=300, replace=False)
    events = [event(library.ids[int(i)], age_days=float(n % 90)) for n, i in enumerate(picked)]
    taste = Taste.build(library.ids, library.matrix.astype(np.float64), events, now=NOW)
    assert taste.centres
    assert sorted(t for c in taste.centres for t in c.members) == sorted(taste.affinity)
    assert not taste._lone
    assert abs(sum(c.share for c in taste.centres) - 1.0) < 1e-9
