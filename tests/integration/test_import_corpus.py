"""Import of the real test corpus (77 clips, ogg/mp3/flac/m4a) into a real SQLite store."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.library.importer import import_library
from engine.library.metadata_csv import load_metadata
from engine.models import UNKNOWN_ARTIST
from engine.stores.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def _manifest(corpus: Path) -> list[dict[str, str]]:
    with open(corpus / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _file(corpus: Path, row: dict[str, str]) -> str:
    # Manifest paths are relative to the corpus folder that holds clips/.
    return str(corpus.parent / row["path"])


def _loose(title: str) -> str:
    return title.casefold().replace(" ", "")


def test_all_clips_import_with_their_tags(store: SQLiteStore, corpus: Path) -> None:
    rows = _manifest(corpus)
    summary = import_library(store, str(corpus))
    assert (summary.added, summary.failed) == (len(rows), 0) == (77, 0)
    for row in rows:
        track = store.find_by_path(_file(corpus, row))
        assert track is not None, row["path"]
        assert track.duration == pytest.approx(float(row["clip_duration_s"]), abs=0.1)
        # Titles come from the tags or the file name; some HyperRogue tags append more names;
        # an untagged rip's "track14" (the manifest's) shows as "Track 14".
        assert _loose(track.title).startswith(_loose(row["title"]))
    by_title = {t.title: t for t in store.iter_tracks()}
    # Files whose tags are complete keep them (they differ from the curated manifest).
    knolls = by_title["The Knolls of Doldesh"]
    assert (knolls.artist, knolls.album, knolls.genre) == (
        "Timothy Pinkham",
        "The Battle for Wesnoth OST",
        "Romantic Classical",
    )
    assert by_title["Menu Background Music"].artist == "Àlex Almarza"
    # Untagged files fall back to the file name without its track number, and to their
    # folder for the album; the folder above is the artist only inside the imported folder
    # (clips/drascula/05 track14.ogg imported from clips: "clips" names no artist).
    track14 = by_title["Track 14"]
    assert (track14.album, track14.artist) == (Path(track14.path).parent.name, UNKNOWN_ARTIST)
    assert store.find_by_path(str(corpus / "hyperrogue" / "03 Palace.ogg")).title == "Palace"
    again = import_library(store, str(corpus))
    assert again.unchanged == 77 and again.added == again.updated == 0


def test_manifest_as_metadata_fills_empty_tags(
    store: SQLiteStore, corpus: Path, tmp_path: Path
) -> None:
    rows = _manifest(corpus)
    meta = tmp_path / "meta.csv"
    with open(meta, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path", "title", "artist", "album", "genre"])
        for row in rows:
            writer.writerow(
                [_file(corpus, row), row["title"], row["artist"], row["album"], row["genre"]]
            )
    import_library(store, str(corpus), metadata=load_metadata(str(meta), str(corpus)))
    by_title = {t.title: t for t in store.iter_tracks()}
    drascula = by_title["track14"]  # no tags at all: everything from the CSV
    assert (drascula.artist, drascula.album, drascula.genre) == (
        "Alcachofa Soft",
        "Drascula: The Vampire Strikes Back soundtrack",
        "Game-mixed",
    )
    # A tag that exists wins over the CSV.
    assert by_title["The Knolls of Doldesh"].genre == "Romantic Classical"


def test_ids_survive_copying_and_renaming_the_whole_library(
    store: SQLiteStore, corpus: Path, tmp_path: Path
) -> None:
    import_library(store, str(corpus))
    ids = {t.path: t.track_id for t in store.iter_tracks()}
    assert len(set(ids.values())) == 77
    flat = tmp_path / "flat"
    flat.mkdir()
    renamed = {}
    for n, path in enumerate(sorted(ids)):
        target = flat / f"renamed {n}{Path(path).suffix}"
        shutil.copyfile(path, target)
        renamed[str(target)] = ids[path]
    other = SQLiteStore(tmp_path / "other.sqlite3")
    try:
        import_library(other, str(flat))
        assert {t.path: t.track_id for t in other.iter_tracks()} == renamed
    finally:
        other.close()
