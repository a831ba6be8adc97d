"""One cluster of a training run as the recommender loads it: its members' ids, their feature
vectors as one float32 blob and their MinHash signatures as one uint32 blob, stored in parts.

At a million tracks a cluster holds ~15.6k songs; reading their features row by row and
hashing them again took the first query that landed in a cluster 300–700 ms. A pack is read
in a few calls and turned into arrays without copying. Parts keep a MongoDB document under
its 16 MB limit; SQLite stores the same parts so both stores share one layout.
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
    uint32 of the standardised vectors under the run's shingle settings."""

    cluster_id: int
    ids: list[str]
    vectors: np.ndarray
    signatures: np.ndarray


@dataclass(frozen=True, slots=True)
class PackPart:
    """One stored part: ``ids`` as JSON text, the arrays as little-endian bytes."""

    part: int
    d: int
    num_perm: int
    ids: str
    vectors: bytes
    signatures: bytes


def parts(pack: ClusterPack) -> Iterator[PackPart]:
    """``pack`` cut into parts of at most ~``PART_BYTES`` (at least one, even when empty)."""
    m = len(pack.ids)
    vectors = np.ascontiguousarray(pack.vectors, dtype="<f4")
    signatures = np.ascontiguousarray(pack.signatures, dtype="<u4")
    row_bytes = 4 * (vectors.shape[1] + signatures.shape[1]) if m else 1
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
        )


def joined(cluster_id: int, stored: list[PackPart], where: str) -> ClusterPack:
    """The pack from its parts (in part order); a part that does not fit is refused with a
    one-line reason."""
    if not stored:
        raise StoreError(f"{where}: cluster {cluster_id} has no parts")
    d, num_perm = stored[0].d, stored[0].num_perm
    ids: list[str] = []
    vectors, signatures = [], []
    for expected, part in enumerate(stored):
        here = f"{where}: cluster {cluster_id} part {part.part}"
        if part.part != expected:
            raise StoreError(f"{here}: expected part {expected}")
        if (part.d, part.num_perm) != (d, num_perm) or d < 1 or num_perm < 1:
            raise StoreError(f"{here}: shape {part.d} x {part.num_perm} differs from part 0")
        try:
            part_ids = json.loads(part.ids)
        except ValueError:
            raise StoreError(f"{here}: ids are not JSON") from None
        if not isinstance(part_ids, list) or not all(isinstance(t, str) for t in part_ids):
            raise StoreError(f"{here}: ids are not a list of strings")
        m = len(part_ids)
        if len(part.vectors) != 4 * m * d or len(part.signatures) != 4 * m * num_perm:
            raise StoreError(
                f"{here}: {len(part.vectors)} vector and {len(part.signatures)} signature "
                f"bytes do not fit {m} songs of {d} features and {num_perm} hashes"
            )
        v = np.frombuffer(part.vectors, dtype="<f4").reshape(m, d)
        if not np.isfinite(v).all():
            raise StoreError(f"{here}: a vector holds NaN or infinity")
        ids += part_ids
        vectors.append(v)
        signatures.append(np.frombuffer(part.signatures, dtype="<u4").reshape(m, num_perm))
    one = len(stored) == 1
    return ClusterPack(
        cluster_id,
        ids,
        vectors[0] if one else np.concatenate(vectors),
        signatures[0] if one else np.concatenate(signatures),
    )
