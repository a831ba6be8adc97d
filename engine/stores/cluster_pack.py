"""One cluster of a training run as the recommender loads it: its members' ids, their feature
vectors as one float32 blob, the hashes of their MinHash signatures' LSH bands as one uint64
blob and the signatures themselves as one uint32 blob, stored in parts.

At a million tracks a cluster holds ~15.6k songs; reading their features row by row and
hashing them again took the first query that landed in a cluster 300–700 ms. A pack is read
in a few calls and turned into arrays without copying. Parts keep a MongoDB document under
its 16 MB limit; SQLite stores the same parts so both stores share one layout. The band hashes
are what a query's LSH test reads (:mod:`engine.recommend.band_scan`), taken once when the pack
is written: hashing them on load was a quarter of a cluster's load at 1M tracks, and with them
the signatures (the larger blob) are read only by a run ranked by Jaccard similarity. Packs
without band hashes (``b`` 0, written before) are read with their signatures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from engine.errors import StoreError

# Bytes of vectors and signatures per stored part (a MongoDB document holds at most 16 MB).
PART_BYTES = 8 << 20


@dataclass(frozen=True, slots=True)
class ClusterPack:
    """``ids`` (m), ``vectors`` (m, d) float32 as analysed, ``signatures`` (m, num_perm)
    uint32 of the standardised vectors under the run's shingle settings (None when not read),
    ``bands`` (m, b) uint64 hashes of their LSH bands (None in a pack written before)."""

    cluster_id: int
    ids: list[str]
    vectors: np.ndarray
    signatures: np.ndarray | None
    bands: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class PackPart:
    """One stored part: ``ids`` as JSON text, the arrays as little-endian bytes; ``b`` bands
    per row (0: no band hashes), ``signatures`` None when the reader skipped them."""

    part: int
    d: int
    num_perm: int
    ids: str
    vectors: bytes
    signatures: bytes | None
    b: int = 0
    bands: bytes | None = None


def parts(pack: ClusterPack) -> Iterator[PackPart]:
    """``pack`` cut into parts of at most ~``PART_BYTES`` (at least one, even when empty)."""
    if pack.signatures is None:
        raise ValueError("a pack is stored with its signatures")
    m = len(pack.ids)
    vectors = np.ascontiguousarray(pack.vectors, dtype="<f4")
    signatures = np.ascontiguousarray(pack.signatures, dtype="<u4")
    bands = None if pack.bands is None else np.ascontiguousarray(pack.bands, dtype="<u8")
    b = 0 if bands is None else bands.shape[1]
    row_bytes = 4 * (vectors.shape[1] + signatures.shape[1]) + 8 * b if m else 1
    step = max(1, PART_BYTES // row_bytes)
    for number, start in enumerate(range(0, max(m, 1), step)):
        rows = slice(start, start + step)
        yield PackPart(
            number,
            vectors.shape[1],
            signatures.shape[1],
            json.dumps(pack.ids[rows]),
            vectors[rows].tobytes(),
            signatures[rows].tobytes(),
            b,
            None if bands is None else bands[rows].tobytes(),
        )


def joined(cluster_id: int, stored: list[PackPart], where: str) -> ClusterPack:
    """The pack from its parts (in part order); a part that does not fit is refused with a
    one-line reason."""
    if not stored:
        raise StoreError(f"{where}: cluster {cluster_id} has no parts")
    d, num_perm, b = stored[0].d, stored[0].num_perm, stored[0].b
    with_signatures = stored[0].signatures is not None
    ids: list[str] = []
    vectors, signatures, bands = [], [], []
    for expected, part in enumerate(stored):
        here = f"{where}: cluster {cluster_id} part {part.part}"
        if part.part != expected:
            raise StoreError(f"{here}: expected part {expected}")
        if (part.d, part.num_perm) != (d, num_perm) or d < 1 or num_perm < 1:
            raise StoreError(f"{here}: shape {part.d} x {part.num_perm} differs from part 0")
        if part.b != b or b < 0 or (b > 0) != (part.bands is not None):
            raise StoreError(f"{here}: {part.b} band hashes per song, part 0 has {b}")
        if (part.signatures is not None) != with_signatures or not (with_signatures or b):
            raise StoreError(f"{here}: neither signatures nor band hashes fit part 0")
        try:
            part_ids = json.loads(part.ids)
        except ValueError:
            raise StoreError(f"{here}: ids are not JSON") from None
        if not isinstance(part_ids, list) or not all(isinstance(t, str) for t in part_ids):
            raise StoreError(f"{here}: ids are not a list of strings")
        m = len(part_ids)
        sig_bytes = 4 * m * num_perm if part.signatures is None else len(part.signatures)
        if len(part.vectors) != 4 * m * d or sig_bytes != 4 * m * num_perm:
            raise StoreError(
                f"{here}: {len(part.vectors)} vector and {sig_bytes} signature "
                f"bytes do not fit {m} songs of {d} features and {num_perm} hashes"
            )
        if part.bands is not None and len(part.bands) != 8 * m * b:
            raise StoreError(
                f"{here}: {len(part.bands)} band hash bytes do not fit {m} songs of {b} bands"
            )
        v = np.frombuffer(part.vectors, dtype="<f4").reshape(m, d)
        if not np.isfinite(v).all():
            raise StoreError(f"{here}: a vector holds NaN or infinity")
        ids += part_ids
        vectors.append(v)
        if part.signatures is not None:
            signatures.append(np.frombuffer(part.signatures, dtype="<u4").reshape(m, num_perm))
        if part.bands is not None:
            bands.append(np.frombuffer(part.bands, dtype="<u8").reshape(m, b))
    return ClusterPack(
        cluster_id,
        ids,
        _one(vectors),
        _one(signatures) if with_signatures else None,
        _one(bands) if b else None,
    )


def _one(arrays: list[np.ndarray]) -> np.ndarray:
    """The parts' rows as one array (the part itself when there is one: no copy)."""
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
