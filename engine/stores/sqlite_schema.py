"""Numbered migrations of the embedded SQLite store.

Append a new entry to ``MIGRATIONS``; never edit one that has shipped. ``PRAGMA user_version``
records how many have been applied (the migrator: :mod:`engine.stores.sqlite.core`).
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: library, analysis and recommendation results
    """
    CREATE TABLE tracks (
        track_id      TEXT PRIMARY KEY,
        path          TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL,
        artist        TEXT NOT NULL,
        album         TEXT NOT NULL,
        album_artist  TEXT NOT NULL DEFAULT '',
        genre         TEXT NOT NULL DEFAULT '',
        track_no      INTEGER,
        disc_no       INTEGER,
        year          INTEGER,
        duration      REAL NOT NULL DEFAULT 0,
        has_cover     INTEGER NOT NULL DEFAULT 0,
        size          INTEGER NOT NULL DEFAULT 0,
        mtime_ns      INTEGER NOT NULL DEFAULT 0,
        status        TEXT NOT NULL DEFAULT 'ok',
        added_at      REAL NOT NULL DEFAULT ((julianday('now') - 2440587.5) * 86400.0)
    );
    CREATE INDEX tracks_status ON tracks(status);

    CREATE TABLE import_failures (
        path     TEXT PRIMARY KEY,
        size     INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        reason   TEXT NOT NULL
    );

    CREATE TABLE features (
        track_id  TEXT PRIMARY KEY REFERENCES tracks(track_id) ON DELETE CASCADE,
        version   INTEGER NOT NULL,
        signature TEXT NOT NULL,
        names     TEXT NOT NULL,
        vector    BLOB NOT NULL
    );

    CREATE TABLE analysis_failures (
        track_id  TEXT PRIMARY KEY REFERENCES tracks(track_id) ON DELETE CASCADE,
        signature TEXT NOT NULL,
        reason    TEXT NOT NULL
    );

    CREATE TABLE runs (
        run_id     TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        meta       TEXT NOT NULL,
        centroids  BLOB NOT NULL,
        scaler     BLOB NOT NULL,
        active     INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE assignments (
        run_id   TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        track_id TEXT NOT NULL,
        cluster  INTEGER NOT NULL,
        PRIMARY KEY (run_id, track_id)
    ) WITHOUT ROWID;
    CREATE INDEX assignments_cluster ON assignments(run_id, cluster);

    CREATE TABLE neighbours (
        run_id    TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        track_id  TEXT NOT NULL,
        rank      INTEGER NOT NULL,
        other_id  TEXT NOT NULL,
        score     REAL NOT NULL,
        reason    TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, track_id, rank)
    ) WITHOUT ROWID;

    CREATE TABLE clusters (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        cluster    INTEGER NOT NULL,
        name       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        top_tracks TEXT NOT NULL,
        PRIMARY KEY (run_id, cluster)
    ) WITHOUT ROWID;
    """,
    # 2: playlists; an entry is a track id at a position (a track may appear twice). Entries of
    # a track that leaves the library stay, so the list reads the same if the file comes back.
    """
    CREATE TABLE playlists (
        playlist_id TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        created_at  REAL NOT NULL,
        updated_at  REAL NOT NULL
    );

    CREATE TABLE playlist_entries (
        playlist_id TEXT NOT NULL REFERENCES playlists(playlist_id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        track_id    TEXT NOT NULL,
        PRIMARY KEY (playlist_id, position)
    ) WITHOUT ROWID;
    """,
    # 3: a run's neighbours as one row per track (a JSON list of [other_id, score, reason], best
    # first) instead of one row per pair: at a million tracks the pair table took 20M B-tree
    # inserts in random key order and ~7 GB; the list table takes 1M rows at a fifth of that.
    """
    CREATE TABLE neighbour_lists (
        run_id   TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        track_id TEXT NOT NULL,
        list     TEXT NOT NULL,
        PRIMARY KEY (run_id, track_id)
    ) WITHOUT ROWID;
    INSERT INTO neighbour_lists (run_id, track_id, list)
        SELECT run_id, track_id, json_group_array(json_array(other_id, score, reason))
        FROM (SELECT * FROM neighbours ORDER BY run_id, track_id, rank)
        GROUP BY run_id, track_id;
    DROP TABLE neighbours;
    """,
    # 4: the lists in a rowid table with a unique index instead of WITHOUT ROWID. A list is
    # ~2 KB; WITHOUT ROWID keeps whole rows in a B-tree ordered by track id, so a run's rows
    # arrived in random key order and split pages all over a file twice the size. A rowid
    # table appends them, and only the small index entries land in random order: 100k lists
    # took 470 MB and several times as long to write before, 213 MB after (bench.train_bench).
    """
    CREATE TABLE neighbour_lists_rowid (
        run_id   TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        track_id TEXT NOT NULL,
        list     TEXT NOT NULL
    );
    INSERT INTO neighbour_lists_rowid (run_id, track_id, list)
        SELECT run_id, track_id, list FROM neighbour_lists;
    DROP TABLE neighbour_lists;
    ALTER TABLE neighbour_lists_rowid RENAME TO neighbour_lists;
    CREATE UNIQUE INDEX neighbour_lists_track ON neighbour_lists(run_id, track_id);
    """,
    # 5: a mix's name as a phrase (engine.phrases: a code and its values, as JSON) beside its
    # English words, so the window can word it in the listener's language; NULL in runs saved
    # before, whose English name is shown as stored. (Neighbour reasons need no column: a
    # list is {"phrases": [...]} now, a bare list of English reasons before.)
    """
    ALTER TABLE clusters ADD COLUMN phrase TEXT;
    """,
    # 6: a cluster's members, vectors and MinHash signatures in a few blobs
    # (engine.stores.cluster_pack), so the recommender's first query in a cluster reads them in
    # one go instead of ~15.6k feature rows and hashing them again. Runs saved before have
    # none: the recommender builds and stores a cluster's pack the first time it needs it.
    """
    CREATE TABLE cluster_packs (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        cluster    INTEGER NOT NULL,
        part       INTEGER NOT NULL,
        d          INTEGER NOT NULL,
        num_perm   INTEGER NOT NULL,
        ids        TEXT NOT NULL,
        vectors    BLOB NOT NULL,
        signatures BLOB NOT NULL,
        PRIMARY KEY (run_id, cluster, part)
    );
    """,
    # 7: packs carry their members' LSH band hashes (b per song, uint64), so loading a cluster
    # no longer hashes the signatures, which come last in the row and are read only by a run
    # ranked by Jaccard similarity. The packs of migration 6 are dropped, not converted: the
    # recommender builds and stores each again from the features the first time it needs it.
    """
    DROP TABLE cluster_packs;
    CREATE TABLE cluster_packs (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        cluster    INTEGER NOT NULL,
        part       INTEGER NOT NULL,
        d          INTEGER NOT NULL,
        num_perm   INTEGER NOT NULL,
        b          INTEGER NOT NULL,
        ids        TEXT NOT NULL,
        vectors    BLOB NOT NULL,
        bands      BLOB,
        signatures BLOB NOT NULL,
        PRIMARY KEY (run_id, cluster, part)
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
