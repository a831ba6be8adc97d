"""The one SQLite core (stores/sqlite/core.py): numbered migrations and the newer-file guard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from engine.errors import StoreError
from engine.phrases import NO_REASON, stored_text
from engine.stores.sqlite import SQLiteStore
from engine.stores.sqlite.core import migrate
from engine.stores.sqlite_schema import SCHEMA_VERSION

STEPS = ("CREATE TABLE a (x INTEGER);", "ALTER TABLE a ADD COLUMN y TEXT;")


def test_migrations_apply_once_each_in_order(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.sqlite3")
    assert migrate(conn, STEPS[:1]) == 1
    conn.execute("INSERT INTO a (x) VALUES (1)")
    conn.commit()
    assert migrate(conn, STEPS) == 2
    assert migrate(conn, STEPS) == 2  # nothing left to apply
    assert conn.execute("SELECT x, y FROM a").fetchall() == [(1, None)]
    assert conn.execute("PRAGMA user_version").fetchone() == (2,)


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.sqlite3")
    migrate(conn, STEPS[:1])
    with pytest.raises(sqlite3.Error):
        migrate(conn, (*STEPS[:1], "ALTER TABLE missing ADD COLUMN z;"))
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)


def test_a_library_written_by_a_newer_encore_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this Encore"):
        SQLiteStore(path)


def test_a_library_from_before_playlists_gains_them_and_keeps_its_tracks(tmp_path: Path) -> None:
    from engine.stores.sqlite_schema import MIGRATIONS

    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        migrate(conn, MIGRATIONS[:1])
        conn.execute(
            "INSERT INTO tracks (track_id, path, title, artist, album) "
            "VALUES ('t1', '/m/a.ogg', 'A', 'X', 'Y')"
        )
    store = SQLiteStore(path)
    try:
        assert store.get_track("t1").title == "A"
        store.create_playlist("Kept", ["t1"])
        assert store.get_playlist("Kept").track_ids == ("t1",)
    finally:
        store.close()


def test_a_library_from_before_neighbour_lists_keeps_its_run_and_list_order(
    tmp_path: Path,
) -> None:
    from engine.stores.sqlite_schema import MIGRATIONS

    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        migrate(conn, MIGRATIONS[:2])
        conn.execute(
            "INSERT INTO runs (run_id, created_at, meta, centroids, scaler, active) "
            "VALUES ('r1', 0, '{}', x'', x'', 1)"
        )
        # Inserted out of rank order: the list must come back by rank.
        for rank, other, score, reason in ((1, "c", 0.5, 'both "dense"'), (0, "b", 0.9, "")):
            conn.execute(
                "INSERT INTO neighbours VALUES ('r1', 'a', ?, ?, ?, ?)",
                (rank, other, score, reason),
            )
    store = SQLiteStore(path)
    try:
        got = [(n.track_id, n.score, n.reason) for n in store.neighbours("a", 5)]
        # Reasons of that time were English: shown as stored (the empty one: none).
        assert got == [("b", 0.9, NO_REASON), ("c", 0.5, stored_text('both "dense"'))]
        assert [n.track_id for n in store.neighbours("a", 1)] == ["b"]
        assert store.neighbours("nobody", 5) == []
    finally:
        store.close()


def test_lists_saved_before_the_rowid_table_are_read_after_it(tmp_path: Path) -> None:
    from engine.stores.sqlite_schema import MIGRATIONS

    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        migrate(conn, MIGRATIONS[:3])
        conn.execute(
            "INSERT INTO runs (run_id, created_at, meta, centroids, scaler, active) "
            "VALUES ('r1', 0, '{}', x'', x'', 1)"
        )
        conn.execute(
            "INSERT INTO neighbour_lists VALUES ('r1', 'a', ?)",
            ('[["b",0.9,""],["c",0.5,"both \\"dense\\""]]',),
        )
    store = SQLiteStore(path)
    try:
        got = [(n.track_id, n.score, n.reason) for n in store.neighbours("a", 5)]
        assert got == [("b", 0.9, NO_REASON), ("c", 0.5, stored_text('both "dense"'))]
        # Still one list per run and track.
        with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO neighbour_lists VALUES ('r1', 'a', '[]')")
    finally:
        store.close()


def test_a_library_from_before_cluster_packs_keeps_its_run_and_takes_packs(
    tmp_path: Path,
) -> None:
    import numpy as np

    from engine.stores.cluster_pack import ClusterPack
    from engine.stores.sqlite_schema import MIGRATIONS

    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        migrate(conn, MIGRATIONS[:5])
        conn.execute(
            "INSERT INTO runs (run_id, created_at, meta, centroids, scaler, active) "
            "VALUES ('r1', 0, '{}', x'', x'', 1)"
        )
    store = SQLiteStore(path)
    try:
        assert store.cluster_pack(0) is None  # built by the recommender when first needed
        pack = ClusterPack(
            0, ["a", "b"], np.ones((2, 3), np.float32), np.arange(8, dtype=np.uint32).reshape(2, 4)
        )
        store.save_cluster_pack("r1", pack)
        got = store.cluster_pack(0)
        assert got is not None and got.ids == ["a", "b"]
        np.testing.assert_array_equal(got.signatures, pack.signatures)
        with store.transaction() as conn:
            conn.execute("DELETE FROM runs WHERE run_id = 'r1'")
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM cluster_packs").fetchone() == (0,)
    finally:
        store.close()
