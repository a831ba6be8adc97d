"""Hub correction: songs near everything do not crowd a listener's For you."""

from __future__ import annotations

import numpy as np
import pytest

from engine.events.wire import PlayEvent
from engine.models import Track
from engine.recommend.centrality import Hubness
from engine.recommend.foryou import for_you
from engine.recommend.near_members import best_mean, similarities
from engine.recommend.score import similarity
from engine.recommend.taste import Taste

NOW = 1_800_000_000.0
D = 12


def hub_space(rng: np.random.Generator) -> tuple[list[str], np.ndarray, list[str]]:
    """Four sounds of 20 songs (spread 1, centres 2.5 from the origin on their own axis) and
    eight hubs at the origin: about as near to any sound's songs as those are to each other."""
    means = np.zeros((4, D))
    means[np.arange(4), np.arange(4)] = 2.5
    blobs = np.concatenate([m + rng.normal(size=(20, D)) for m in means])
    hubs = rng.normal(scale=0.2, size=(8, D))
    ids = [f"s{b}-{i:02d}" for b in range(4) for i in range(20)] + [f"hub-{i}" for i in range(8)]
    return ids, np.concatenate([blobs, hubs]), [t for t in ids if t.startswith("hub")]


def test_centrality_is_the_mean_similarity_to_the_nearest_songs_but_itself(
    rng: np.random.Generator,
) -> None:
    ids, z, _ = hub_space(rng)
    sims = similarity(((z[:, None, :] - z[None, :, :]) ** 2).sum(2) / D)
    np.fill_diagonal(sims, -np.inf)
    expected = np.sort(sims, axis=1)[:, -10:].mean(1)
    hubs = Hubness(z)
    assert np.allclose(hubs.of(np.arange(len(ids))), expected)
    assert hubs.typical == pytest.approx(np.mean(expected))
    # A sample of the library stands in for it when the library is large.
    sampled = Hubness(z, reference_rows=44)
    assert np.corrcoef(sampled.of(np.arange(len(ids))), expected)[0, 1] > 0.9


def test_the_more_central_song_loses_more(rng: np.random.Generator) -> None:
    _, z, _ = hub_space(rng)
    hubs = Hubness(z)
    song, hub = hubs.half_excess(np.array([0, 80]))
    assert hub > song
    assert hubs.half_excess(np.arange(len(z))).mean() == pytest.approx(0.0, abs=1e-12)


def test_hubs_do_not_fill_the_list_of_a_listener_of_one_sound(rng: np.random.Generator) -> None:
    ids, z, hub_ids = hub_space(rng)
    loved = ids[:6]
    events = [
        PlayEvent(t, "complete", "me", position=200, duration=200, timestamp=NOW - 86400)
        for t in loved
    ]
    taste = Taste.build(ids, z, events, now=NOW)
    # Without the correction hubs are among the nearest songs to what this listener loves.
    raw = best_mean(similarities(z, z[:6]))
    raw[:6] = -np.inf
    assert len({ids[i] for i in np.argsort(-raw)[:10]} & set(hub_ids)) >= 4
    tracks = {t: Track(t, f"/m/{t}.ogg", t) for t in ids}
    found = [s.track_id for s in for_you(taste, tracks, now=NOW, k=10, fresh_days=30)]
    assert len(found) == 10
    assert not set(found) & set(hub_ids)
    assert sum(t.startswith("s0-") for t in found) >= 6
