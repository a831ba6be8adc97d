"""``--metadata CSV``: titles, artists, albums and genres from a side file.

Two layouts are understood, detected from the header:

* the Free Music Archive ``tracks.csv``: a two-level column header (``track``/``title``,
  ``artist``/``name``, ``album``/``title``, ``track``/``genre_top``, ...), optionally a third
  header row holding the index name ``track_id``; the first column is the track id, and id
  ``N`` is the file ``AAA/AAAAAA.mp3`` with ``AAAAAA`` = N zero-padded to 6 digits and ``AAA``
  its first three digits;
* a simple CSV with one header row containing a ``path`` column (absolute, or relative to the
  imported folder) and any of ``title``, ``artist``, ``album``, ``genre``.

Values from the CSV only fill tags the file leaves empty; they never overwrite a tag.
A malformed file raises :class:`MetadataError` naming the file and line, before anything is
imported.
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.errors import EncoreError
from engine.library.tags import clean_text

FIELDS = ("title", "artist", "album", "genre")

# FMA (level 0, level 1) column -> our field.
_FMA_COLUMNS = {
    ("track", "title"): "title",
    ("artist", "name"): "artist",
    ("album", "title"): "album",
    ("track", "genre_top"): "genre",
}

_FMA_STEM = re.compile(r"\d{6}")


class MetadataError(EncoreError):
    """The metadata CSV cannot be used; the message names the file and line."""


@dataclass(slots=True)
class MetadataIndex:
    source: str
    by_path: dict[str, dict[str, str]] = field(default_factory=dict)
    by_fma_id: dict[int, dict[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.by_path) + len(self.by_fma_id)

    def lookup(self, path: str) -> dict[str, str] | None:
        found = self.by_path.get(os.path.normpath(path))
        if found is not None or not self.by_fma_id:
            return found
        folder, name = os.path.split(path)
        stem, _ = os.path.splitext(name)
        if _FMA_STEM.fullmatch(stem) and os.path.basename(folder) == stem[:3]:
            return self.by_fma_id.get(int(stem))
        return None


def load_metadata(csv_path: str, base_dir: str) -> MetadataIndex:
    """Read ``csv_path``; relative ``path`` values are taken relative to ``base_dir``.

    Raises
    ------
    MetadataError
        Not a readable regular file, not UTF-8, malformed CSV (an unterminated quote names the
        line it opens on) or not one of the two layouts; one line naming the file and line.
    """
    index = MetadataIndex(source=csv_path)
    try:
        _check_regular(csv_path)
        with open(csv_path, encoding="utf-8-sig", newline="") as fh:
            records = _records(csv.reader(fh, strict=True), csv_path)
            first = next(records, None)
            if first is None:
                raise MetadataError(f"{csv_path}: the file is empty")
            header = [clean_text(c).lower() for c in first[1]]
            if "path" in header:
                _read_simple(records, header, index, base_dir)
            else:
                _read_fma(records, header, index)
    except OSError as exc:
        raise MetadataError(f"{csv_path}: cannot read ({exc.strerror or exc})") from None
    return index


def _check_regular(csv_path: str) -> None:
    # /dev/zero or a FIFO would be read forever (or block): only a plain file is a CSV.
    mode = os.stat(csv_path).st_mode
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        raise MetadataError(f"{csv_path}: not a regular file ({kind})")


Record = tuple[int, list[str]]  # (the line the record starts on, its cells)


def _records(reader: csv.reader, source: str) -> Iterator[Record]:
    """Rows with the line each starts on; CSV and encoding errors as one-line MetadataErrors."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "unexpected end of data" in reason:
                reason = "a quoted field opens here and is never closed"
            else:
                start = reader.line_num
            raise MetadataError(f"{source} line {start}: {clean_text(reason)}") from None
        except UnicodeDecodeError:
            raise MetadataError(f"{source} near line {start}: not UTF-8 text") from None
        yield start, row


def _values(row: list[str], columns: dict[int, str]) -> dict[str, str]:
    values = {}
    for col, name in columns.items():
        if col < len(row):
            text = clean_text(row[col])
            if text:
                values[name] = text
    return values


def _read_simple(
    records: Iterator[Record], header: list[str], index: MetadataIndex, base_dir: str
) -> None:
    path_col = header.index("path")
    columns = {i: name for i, name in enumerate(header) if name in FIELDS}
    for line, row in records:
        if not any(cell.strip() for cell in row):
            continue
        if path_col >= len(row) or not row[path_col].strip():
            raise MetadataError(f"{index.source} line {line}: empty 'path'")
        path = os.path.normpath(os.path.join(base_dir, row[path_col].strip()))
        values = _values(row, columns)
        if values:
            index.by_path[path] = values


def _read_fma(records: Iterator[Record], level0: list[str], index: MetadataIndex) -> None:
    level1_row = next(records, (0, None))[1]
    if level1_row is None:
        raise MetadataError(
            f"{index.source}: no 'path' column and not the FMA tracks.csv layout "
            "(a two-row header such as track/title, artist/name)"
        )
    level1 = [clean_text(c).lower() for c in level1_row]
    # pandas writes each group name above every column; forward-fill in case a tool blanked them.
    group = ""
    columns: dict[int, str] = {}
    for i, name in enumerate(level1):
        if i < len(level0) and level0[i]:
            group = level0[i]
        key = (group, name)
        if key in _FMA_COLUMNS:
            columns[i] = _FMA_COLUMNS[key]
    if not columns:
        raise MetadataError(
            f"{index.source}: no 'path' column and none of the FMA columns "
            "track/title, artist/name, album/title, track/genre_top"
        )
    for line, row in records:
        if not row or not any(cell.strip() for cell in row):
            continue
        first = row[0].strip()
        if first.lower() == "track_id" and not index.by_fma_id:
            continue  # the third header row (index name)
        try:
            track_id = int(first)
        except ValueError:
            raise MetadataError(
                f"{index.source} line {line}: track_id {clean_text(first)[:40]!r} is not a number"
            ) from None
        values = _values(row, columns)
        if values:
            index.by_fma_id[track_id] = values
