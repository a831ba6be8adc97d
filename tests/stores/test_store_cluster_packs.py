"""A cluster's stored pack (engine.stores.cluster_pack) in every store: round trip, parts,
replacement, a dropped run's packs, and a pack that does not fit refused with a reason."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import StoreError
from engine.stores import cluster_pack
from engine.stores.cluster_pack import ClusterPack, PackPart, joined, parts
from engine.stores.protocol import Store
from tests.stores.samples import make_run, make_track

IDS = [f"id{n:03d}" for n in range(5)]


def _pack(cluster_id: int, m: int, seed: int = 1) -> ClusterPack:
    rng = np.random.default_rng(seed)
    return ClusterPack(
        cluster_id,
        [f"t{seed}-{i}" for i in range(m)],
        rng.normal(size=(m, 3)).astype(np.float32),
        rng.integers(0, 2**32, size=(m, 16), dtype=np.uint32),
    )


def _same(a: ClusterPack | None, b: ClusterPack) -> None:
    assert a is not None
    assert a.cluster_id == b.cluster_id and a.ids == b.ids
    assert a.vectors.dtype == np.float32 and a.signatures.dtype == np.uint32
    np.testing.assert_array_equal(a.vectors, b.vectors)
    np.testing.assert_array_equal(a.signatures, b.signatures)


@pytest.fixture
def saved(store: Store) -> Store:
    store.upsert_tracks([make_track(n) for n in range(len(IDS))])
    store.save_run(make_run("r1", IDS))
    return store


def test_a_pack_reads_back_as_stored_and_a_second_save_replaces_it(saved: Store) -> None:
    assert saved.cluster_pack(0) is None
    first = _pack(0, 7)
    saved.save_cluster_pack("r1", first)
    saved.save_cluster_pack("r1", _pack(1, 3, seed=2))
    _same(saved.cluster_pack(0), first)
    again = _pack(0, 2, seed=3)
    saved.save_cluster_pack("r1", again)
    _same(saved.cluster_pack(0), again)
    _same(saved.cluster_pack(1), _pack(1, 3, seed=2))
    empty = _pack(-1, 0)
    saved.save_cluster_pack("r1", empty)
    _same(saved.cluster_pack(-1), empty)


def test_a_pack_larger_than_one_part_is_split_and_joined(
    saved: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 76 bytes a song (3 floats, 16 hashes): 10 songs a part, 25 songs in three parts.
    monkeypatch.setattr(cluster_pack, "PART_BYTES", 760)
    pack = _pack(0, 25)
    assert [len(p.vectors) // 12 for p in parts(pack)] == [10, 10, 5]
    saved.save_cluster_pack("r1", pack)
    _same(saved.cluster_pack(0), pack)


def test_packs_belong_to_the_active_run_and_go_with_their_run(saved: Store) -> None:
    saved.save_cluster_pack("r1", _pack(0, 4))
    saved.save_run(make_run("r2", IDS))
    assert saved.cluster_pack(0) is None  # r2 has none yet
    saved.save_cluster_pack("r2", _pack(0, 2, seed=5))
    saved.save_run(make_run("r3", IDS))  # r1 is dropped (the active and previous are kept)
    saved.save_cluster_pack("r1", _pack(0, 4))  # a late writer of a dropped run: nothing kept
    saved.save_cluster_pack("r3", _pack(0, 3, seed=6))
    _same(saved.cluster_pack(0), _pack(0, 3, seed=6))


def test_parts_that_do_not_fit_are_refused_with_a_reason() -> None:
    good = list(parts(_pack(4, 3)))
    p = good[0]
    short = PackPart(p.part, p.d, p.num_perm, p.ids, p.vectors[:-4], p.signatures)
    with pytest.raises(StoreError, match=r"^lib: cluster 4 part 0: 32 vector and 192 signature"):
        joined(4, [short], "lib")
    with pytest.raises(StoreError, match="cluster 4 part 0: ids are not JSON"):
        joined(4, [PackPart(0, p.d, p.num_perm, "[", p.vectors, p.signatures)], "lib")
    with pytest.raises(StoreError, match="cluster 4 part 1: expected part 0"):
        joined(4, [PackPart(1, p.d, p.num_perm, p.ids, p.vectors, p.signatures)], "lib")
    nan = np.full((3, 3), np.nan, dtype="<f4").tobytes()
    with pytest.raises(StoreError, match="a vector holds NaN"):
        joined(4, [PackPart(0, p.d, p.num_perm, p.ids, nan, p.signatures)], "lib")
    with pytest.raises(StoreError, match="cluster 4 has no parts"):
        joined(4, [], "lib")


def test_band_hashes_round_trip_and_spare_reading_the_signatures(saved: Store) -> None:
    first = _pack(0, 9)
    bands = np.random.default_rng(5).integers(0, 2**63, size=(9, 4), dtype=np.uint64)
    saved.save_cluster_pack("r1", ClusterPack(0, first.ids, first.vectors, first.signatures, bands))
    whole = saved.cluster_pack(0)
    _same(whole, first)
    assert whole is not None and whole.bands is not None
    np.testing.assert_array_equal(whole.bands, bands)
    light = saved.cluster_pack(0, signatures=False)
    assert light is not None and light.signatures is None and light.ids == first.ids
    np.testing.assert_array_equal(light.bands, bands)
    np.testing.assert_array_equal(light.vectors, first.vectors)
    # A pack without band hashes (as written before them) is read with its signatures.
    saved.save_cluster_pack("r1", first)
    old = saved.cluster_pack(0, signatures=False)
    assert old is not None and old.bands is None
    _same(old, first)


def test_parts_whose_band_hashes_do_not_fit_are_refused() -> None:
    p = next(parts(_pack(4, 3)))
    hashes = np.zeros((3, 2), dtype="<u8").tobytes()
    with pytest.raises(StoreError, match=r"cluster 4 part 0: 40 band hash bytes do not fit 3"):
        joined(4, [PackPart(0, p.d, p.num_perm, p.ids, p.vectors, None, 2, hashes[:-8])], "lib")
    with pytest.raises(StoreError, match="neither signatures nor band hashes"):
        joined(4, [PackPart(0, p.d, p.num_perm, p.ids, p.vectors, None)], "lib")
    got = joined(4, [PackPart(0, p.d, p.num_perm, p.ids, p.vectors, None, 2, hashes)], "lib")
    assert got.signatures is None and got.bands is not None and got.bands.shape == (3, 2)
