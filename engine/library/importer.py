"""Import a folder into the store: scan, read tags of what changed, give ids, record failures.

A file is compared with what the store knows by its signature (size, mtime_ns):

* known path, same signature -> unchanged: only the ``stat`` of the scan was spent on it;
* known path, other signature -> re-read; it keeps its id (a tag edit is not a new track);
* unknown path -> read and given an id (:mod:`engine.library.ids`), reclaiming the id of a
  vanished or missing track when it is the same recording (a move or rename);
* known failure, same signature -> not retried; other signature -> retried;
* known path under the imported folder that was not found -> marked missing, never deleted;
* known path, same signature, still by the artist an older rule took from the imported
  folder's name (``clips/pingus/song.ogg`` by "clips"), or still titled as an older rule
  named it from the file (``track1.mp3`` as "track1") -> its tags are re-read (not its
  audio: the analysis stays, and so does its id), so an untagged song gets today's fallback
  and a tagged one keeps its tag.

Tags are read in a process pool (mutagen is pure Python, so threads would share one core).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context

from engine.library.ids import content_key, duplicate_id, id_from_key, tag_key
from engine.library.metadata_csv import FIELDS, MetadataIndex
from engine.library.ordering import path_order
from engine.library.scan import ScannedFile, scan
from engine.library.tags import (
    TagInfo,
    TagReadError,
    clean_text,
    display_fields,
    read_tags,
    stale_filename_title,
    stale_folder_artist,
)
from engine.models import FileSignature, ImportFailure, Track
from engine.parent_watch import exit_with
from engine.progress import Progress, ProgressCallback, say_waiting
from engine.stores.protocol import Store

# Below this many files a pool costs more to start than it saves.
POOL_THRESHOLD = 400
CHUNK = 200

# (path, TagInfo, id key) on success, (path, None, reason) on failure.
ReadResult = tuple[str, TagInfo | None, str]


@dataclass(slots=True)
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: int = 0
    failures: list[ImportFailure] = field(default_factory=list)  # failed in this run
    still_failing: int = 0  # failed before, unchanged since, not retried
    cancelled: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures) + self.still_failing

    def line(self) -> str:
        text = (
            f"added {self.added}, updated {self.updated}, missing {self.missing}, "
            f"failed {self.failed} (unchanged {self.unchanged})"
        )
        return text + (" — cancelled" if self.cancelled else "")


def read_file(path: str) -> ReadResult:
    """Tags and id key of one file; never raises (the reason goes into the result)."""
    try:
        info = read_tags(path)
        key = tag_key(info) or content_key(path)
    except TagReadError as exc:
        return path, None, str(exc)
    except OSError as exc:
        return path, None, f"cannot read the file ({exc.strerror or type(exc).__name__})"
    except Exception as exc:  # mutagen can raise anything on hostile bytes; the import goes on
        return path, None, clean_text(f"unreadable tags ({type(exc).__name__}: {exc})")[:300]
    return path, info, key


def _read_chunk(paths: list[str]) -> list[ReadResult]:
    return [read_file(p) for p in paths]


def _read_all(paths: list[str], workers: int, progress: Progress) -> Iterator[list[ReadResult]]:
    """Results chunk by chunk, in the order of ``paths`` (ids are then deterministic)."""
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    if workers <= 1 or len(paths) < POOL_THRESHOLD:
        for chunk in chunks:
            if progress.cancelled:
                return
            results = _read_chunk(chunk)
            progress.advance(len(chunk))
            yield results
        return
    # forkserver: safe when the caller (the desktop) has threads running, unlike fork.
    context = get_context("forkserver")
    end_with_us = {"initializer": exit_with, "initargs": (os.getpid(),)}
    with ProcessPoolExecutor(workers, mp_context=context, **end_with_us) as pool:
        futures = [pool.submit(_read_chunk, chunk) for chunk in chunks]
        try:
            for future in futures:
                if progress.cancelled:
                    return
                results = future.result()
                progress.advance(len(results))
                yield results
        finally:
            for future in futures:
                future.cancel()


class _IdAllocator:
    """Hands out ids to new files without taking one a present file still holds."""

    def __init__(self, held: set[str], outside: dict[str, str]) -> None:
        self._held = held
        self._outside = outside  # id -> path of known tracks outside the imported folder

    def allocate(self, base: str) -> str:
        n = 0
        candidate = base
        while self._is_held(candidate):
            n += 1
            candidate = duplicate_id(base, n)
        self._held.add(candidate)
        return candidate

    def _is_held(self, track_id: str) -> bool:
        if track_id in self._held:
            return True
        other = self._outside.get(track_id)
        # Known elsewhere: held only if that file still exists (else this is it, moved here).
        return other is not None and os.path.lexists(other)


def _under(path: str, root: str, root_is_dir: bool) -> bool:
    if not root_is_dir:
        return path == root
    return path.startswith(root if root.endswith(os.sep) else root + os.sep)


def _merge_metadata(info: TagInfo, extra: dict[str, str] | None) -> TagInfo:
    if not extra:
        return info
    changes = {name: extra[name] for name in FIELDS if name in extra and not getattr(info, name)}
    return replace(info, **changes) if changes else info


def import_library(
    store: Store,
    root: str,
    *,
    metadata: MetadataIndex | None = None,
    workers: int | None = None,
    callback: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    on_scanned: Callable[[int], None] | None = None,
    on_wait: Callable[[str], None] | None = say_waiting,
) -> ImportSummary:
    """Bring the store in line with the audio files under ``root`` (a folder or one file).

    Files that cannot be read are recorded with a one-line reason and the import goes on; the
    summary counts them. Results are saved every :data:`CHUNK` files, so with ``cancel`` set
    midway (or the process killed) what was read so far is kept, and the next import picks up
    the rest; a cancelled summary says ``cancelled``.

    One import at a time per library: ids are given from what the store holds, so a second
    import waits for the first (``on_wait`` hears why, once) instead of taking its ids.
    """
    with store.exclusive("import", on_wait):
        return _import(store, root, metadata, workers, callback, cancel, on_scanned)


def _import(
    store: Store,
    root: str,
    metadata: MetadataIndex | None,
    workers: int | None,
    callback: ProgressCallback | None,
    cancel: threading.Event | None,
    on_scanned: Callable[[int], None] | None,
) -> ImportSummary:
    root = os.path.abspath(root)
    root_is_dir = os.path.isdir(root)
    workers = workers or os.cpu_count() or 1
    summary = ImportSummary()

    found = scan(root)
    if on_scanned is not None:
        on_scanned(len(found.files))
    index = store.file_index()
    failed_before = store.import_failures()

    to_read: list[ScannedFile] = []
    keep_id: dict[str, str] = {}  # path -> id, for changed files at known paths
    held: set[str] = set()
    seen: set[str] = set()
    # path -> (file, the old fallback artist, the old file-name title): "" where none
    stale: dict[str, tuple[ScannedFile, str, str]] = {}
    for f in found.files:
        seen.add(f.path)
        sig = FileSignature(f.size, f.mtime_ns)
        known = index.get(f.path)
        old_failure = failed_before.get(f.path)
        if known is not None:
            held.add(known[1])
        if old_failure is not None and old_failure[0] == sig:
            summary.still_failing += 1
        elif known is not None and known[0] == sig:
            if metadata is not None and metadata.lookup(f.path):
                keep_id[f.path] = known[1]
                to_read.append(f)  # the CSV may fill tags the stored track lacks
            else:
                old_artist = stale_folder_artist(f.path, root) if root_is_dir else ""
                old_title = stale_filename_title(f.path)
                if old_artist or old_title:
                    stale[f.path] = (f, old_artist, old_title)
                else:
                    summary.unchanged += 1
        else:
            if known is not None:
                keep_id[f.path] = known[1]
            to_read.append(f)

    summary.unchanged += _reread_stale(store, stale, index, keep_id, to_read)

    vanished: dict[str, str] = {}  # id -> path
    outside: dict[str, str] = {}
    for path, (_, track_id) in index.items():
        if _under(path, root, root_is_dir):
            if path not in seen:
                vanished[track_id] = path
        else:
            outside[track_id] = path
    allocator = _IdAllocator(held, outside)

    by_path = {f.path: f for f in to_read}
    paths = sorted(by_path, key=path_order)  # track2 before track14, as people count
    failures: list[tuple[ImportFailure, FileSignature]] = []
    assigned: set[str] = set()
    succeeded: list[str] = []
    with Progress(len(paths), "import", callback=callback, cancel=cancel) as progress:
        for results in _read_all(paths, workers, progress):
            new_tracks: list[Track] = []
            new_failures: list[tuple[ImportFailure, FileSignature]] = []
            for path, info, key_or_reason in results:
                f = by_path[path]
                sig = FileSignature(f.size, f.mtime_ns)
                if info is None:
                    failure = ImportFailure(path, key_or_reason)
                    new_failures.append((failure, sig))
                    summary.failures.append(failure)
                    continue
                succeeded.append(path)
                track_id = keep_id.get(path) or allocator.allocate(id_from_key(key_or_reason))
                extra = metadata.lookup(path) if metadata is not None else None
                fields = display_fields(
                    _merge_metadata(info, extra), path, root if root_is_dir else None
                )
                new_tracks.append(
                    Track(
                        track_id=track_id,
                        path=path,
                        size=f.size,
                        mtime_ns=f.mtime_ns,
                        has_cover=info.embedded_cover or f.folder_cover,
                        **fields,  # type: ignore[arg-type]
                    )
                )
            # Saved chunk by chunk: a killed import keeps what it read, the next one goes on.
            _count_changes(store, new_tracks, summary)
            store.upsert_tracks(new_tracks)
            if new_failures:
                store.record_import_failures(new_failures)
            assigned.update(t.track_id for t in new_tracks)
            failures += new_failures
        summary.cancelled = progress.cancelled

    # A changed file that no longer reads cannot be played: its track is missing until fixed.
    broken = [keep_id[f.path] for f, _ in failures if f.path in keep_id]
    # Folders that cannot be listed and broken links are failures too: the user must hear
    # about them, and `encore status` lists them until they are fixed.
    scan_failures = [
        (ImportFailure(path, reason), FileSignature(0, 0)) for path, reason in found.errors
    ]
    for failure, _ in scan_failures:
        summary.failures.append(failure)
        seen.add(failure.path)
    gone = [tid for tid in vanished if tid not in assigned]
    # The scan is complete even when reading was cancelled, so vanished files are known.
    if gone or broken:
        store.mark_missing(gone + broken)
    summary.missing = len(gone)
    if scan_failures:
        store.record_import_failures(scan_failures)
    ok_paths = set(succeeded)
    cleared = [
        p
        for p in failed_before
        if p in ok_paths or (_under(p, root, root_is_dir) and p not in seen)
    ]
    if cleared:
        store.clear_import_failures(cleared)
    return summary


def _reread_stale(
    store: Store,
    stale: dict[str, tuple[ScannedFile, str, str]],
    index: dict[str, tuple[FileSignature, str]],
    keep_id: dict[str, str],
    to_read: list[ScannedFile],
) -> int:
    """Queue the unchanged files whose stored artist is the old folder fallback (no album
    artist beside it), or whose stored title is the old file-name title, for a tag re-read;
    returns how many stay unchanged."""
    if not stale:
        return 0
    stored = store.get_tracks([index[path][1] for path in stale])
    unchanged = 0
    for path, (f, old_artist, old_title) in stale.items():
        track = stored.get(index[path][1])
        if track is None:
            unchanged += 1
            continue
        old_fallback = bool(old_artist) and track.artist == old_artist and not track.album_artist
        old_named = bool(old_title) and track.title == old_title
        if old_fallback or old_named:
            keep_id[path] = track.track_id
            to_read.append(f)
        else:
            unchanged += 1
    return unchanged


def _count_changes(store: Store, tracks: list[Track], summary: ImportSummary) -> None:
    """Split read tracks into added / updated (edited, moved, revived) / unchanged."""
    stored = store.get_tracks([t.track_id for t in tracks]) if tracks else {}
    for track in tracks:
        before = stored.get(track.track_id)
        if before is None:
            summary.added += 1
        elif _same_library_fields(before, track):
            summary.unchanged += 1
        else:
            summary.updated += 1


def _same_library_fields(a: Track, b: Track) -> bool:
    return replace(a, analysis="pending", analysis_error=None) == replace(
        b, analysis="pending", analysis_error=None
    )


def iter_failures(summary: ImportSummary) -> Iterable[str]:
    """One line per failure of this run, for the CLI."""
    for failure in summary.failures:
        yield f"{failure.path}: {failure.reason}"
